import QRCode from 'qrcode'
import type { MerchantAdmin } from '@egj/shared'
import { formatMinute } from '@egj/shared'
import type { MerchantRow, PeriodRow, WindowRow } from './merchants.repo'

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A merchant with its windows (and their code URLs) and periods, for the admin pages. */
export function presentMerchant(merchant: MerchantRow, windows: WindowRow[], periods: PeriodRow[], codes: { url: (windowId: number) => string; short: (windowId: number) => string }): MerchantAdmin {
  return {
    id: merchant.id,
    name: merchant.name,
    kind: merchant.kind,
    overCapPolicy: merchant.overCapPolicy,
    maxPaymentFen: merchant.maxPaymentFen,
    status: merchant.status,
    windows: windows.filter((w) => w.merchantId === merchant.id).map((w) => ({ id: w.id, name: w.name, status: w.status, code: codes.url(w.id), shortCode: codes.short(w.id) })),
    periods: periods
      .filter((p) => p.merchantId === merchant.id)
      .map((p) => ({ name: p.name, start: formatMinute(p.startMinute), end: formatMinute(p.endMinute), officialCapFen: p.officialCapFen })),
  }
}

/** A window's code as a PNG to print (error correction M survives a scuffed sticker). */
export function windowCodePng(codeUrl: string): Promise<Buffer> {
  return QRCode.toBuffer(codeUrl, { errorCorrectionLevel: 'M', width: 600, margin: 2 })
}

/** A printable A4 sheet with each given window's code, its merchant and window name. */
export async function presentQrSheet(merchantName: string, windows: { name: string; code: string; shortCode: string }[]): Promise<string> {
  const figures = await Promise.all(
    windows.map(async (w) => {
      const image = await QRCode.toDataURL(w.code, { errorCorrectionLevel: 'M', width: 480, margin: 1 })
      return `<figure><p class="title">扫码支付 · 公务餐</p><img src="${image}" alt="${escapeHtml(w.name)}"><figcaption><b>${escapeHtml(merchantName)}</b><br>${escapeHtml(w.name)}</figcaption><p class="short">编号 ${escapeHtml(w.shortCode)}</p><p class="hint">微信或 e管家 扫一扫，输入菜品金额付款；无法扫码时在 e管家 扫码页输入编号</p></figure>`
    }),
  )
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(merchantName)} 窗口码</title><style>
@page { size: A4; margin: 12mm } body { font-family: "PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif; margin: 0 }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm } figure { margin: 0; border: 1px dashed #999; padding: 6mm; text-align: center; break-inside: avoid }
img { width: 70mm; height: 70mm } .title { font-size: 16pt; font-weight: 600; margin: 0 0 3mm } figcaption { font-size: 13pt; line-height: 1.5 } .short { font: 600 15pt/1.4 ui-monospace,Menlo,Consolas,monospace; letter-spacing: 1pt; margin: 2mm 0 0 } .hint { color: #555; font-size: 10pt; margin: 2mm 0 0 }
</style></head><body><main>${figures.join('') || '<p>该商户没有启用的窗口</p>'}</main></body></html>`
}
