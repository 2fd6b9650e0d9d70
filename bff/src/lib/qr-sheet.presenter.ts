import QRCode from 'qrcode'

/** Every text on a sheet comes from someone (a room's, a merchant's, a unit's name): escaped, always. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** One label to cut out and stick up: the code, what it names, and the 编号 to type when a camera will not read it. */
export interface QrLabel {
  /** the URL the code carries */
  url: string
  /** the big line under the code: the room, the merchant, the plate */
  title: string
  /** the line under it: where the room is, which window, whose car */
  subtitle: string
  /** the short code printed under the QR (`M12-7KQ4PX`), typed on the scan page instead */
  shortCode: string
}

export interface QrSheet {
  /** the page's title (what a browser names the printed file) */
  title: string
  /** the line above every code: what it is for (会议室门牌码, 扫码支付 · 公务餐) */
  heading: string
  /** the small print under every code: who scans it, and what to do when it will not scan */
  hint: string
  /** what the page says when there is nothing to print */
  empty: string
  labels: QrLabel[]
}

/**
 * pngjs tries all five PNG filters on every row by default and keeps the best: ~45 ms of CPU a
 * code at 480 px, on the event loop, so a sheet of 200 cars froze the BFF for everyone for ~10 s
 * (the junk run caught it). The "Up" filter alone suits a code's solid rows: ~10 ms, ~11 KB.
 * A fresh object each time: qrcode writes the image size into the options it is given.
 */
// (filterType is pngjs's option, passed through by qrcode; its types name only the deflate ones)
const pngOptions = (width: number, margin: number) => ({ errorCorrectionLevel: 'M', width, margin, rendererOpts: { filterType: 2 } }) as QRCode.QRCodeToBufferOptions & QRCode.QRCodeToDataURLOptions

/** Lets other requests run between two codes of a long sheet. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A code as a PNG to print on its own (error correction M survives a scuffed sticker). */
export function qrCodePng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, pngOptions(600, 2))
}

/** A printable A4 page of labels, two to a row: the one QR sheet every module prints (window, car and door codes). */
export async function qrLabelSheet(sheet: QrSheet): Promise<string> {
  const heading = escapeHtml(sheet.heading)
  const hint = escapeHtml(sheet.hint)
  const figures: string[] = []
  // one code at a time, yielding between them: a long sheet must not hold up everyone else's requests
  for (const label of sheet.labels) {
    const image = await QRCode.toDataURL(label.url, pngOptions(480, 1))
    figures.push(`<figure><p class="heading">${heading}</p><img src="${image}" alt="${escapeHtml(label.title)}"><figcaption><b>${escapeHtml(label.title)}</b><br>${escapeHtml(label.subtitle)}</figcaption><p class="short">编号 ${escapeHtml(label.shortCode)}</p><p class="hint">${hint}</p></figure>`)
    await yieldToOthers()
  }
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(sheet.title)}</title><style>
@page { size: A4; margin: 12mm } body { font-family: "PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif; margin: 0 }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm } figure { margin: 0; border: 1px dashed #999; padding: 6mm; text-align: center; break-inside: avoid }
img { width: 70mm; height: 70mm } .heading { font-size: 16pt; font-weight: 600; margin: 0 0 3mm } figcaption { font-size: 13pt; line-height: 1.5 } figcaption b { font-size: 16pt; letter-spacing: 1pt } .short { font: 600 15pt/1.4 ui-monospace,Menlo,Consolas,monospace; letter-spacing: 1pt; margin: 2mm 0 0 } .hint { color: #555; font-size: 10pt; margin: 2mm 0 0 }
</style></head><body><main>${figures.join('') || `<p>${escapeHtml(sheet.empty)}</p>`}</main></body></html>`
}
