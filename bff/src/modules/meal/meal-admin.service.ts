import QRCode from 'qrcode'
import { eq } from 'drizzle-orm'
import type { MerchantAdmin } from '@egj/shared'
import { formatMinute } from '@egj/shared'
import type { Db } from '../../db/client'
import { withTransaction } from '../../db/client'
import { mealPeriods, mealWindows, merchants } from '../../db/schema'
import { AppError, notFound } from '../../lib/errors'
import type { QrSigner } from '../../lib/qr'

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Master data of canteens: merchants, windows, meal periods, and the printed window codes. */
export class MealAdminService {
  constructor(
    private readonly db: Db,
    private readonly qr: QrSigner,
  ) {}

  async merchants(): Promise<MerchantAdmin[]> {
    const [allMerchants, allWindows, allPeriods] = await Promise.all([
      this.db.select().from(merchants).orderBy(merchants.id),
      this.db.select().from(mealWindows).orderBy(mealWindows.id),
      this.db.select().from(mealPeriods).orderBy(mealPeriods.startMinute),
    ])
    return allMerchants.map((merchant) => ({
      id: merchant.id,
      name: merchant.name,
      kind: merchant.kind,
      overCapPolicy: merchant.overCapPolicy,
      maxPaymentFen: merchant.maxPaymentFen,
      status: merchant.status,
      windows: allWindows.filter((w) => w.merchantId === merchant.id).map((w) => ({ id: w.id, name: w.name, status: w.status, code: this.qr.url('m', w.id) })),
      periods: allPeriods
        .filter((p) => p.merchantId === merchant.id)
        .map((p) => ({ name: p.name, start: formatMinute(p.startMinute), end: formatMinute(p.endMinute), officialCapFen: p.officialCapFen })),
    }))
  }

  async merchant(id: number): Promise<MerchantAdmin> {
    const found = (await this.merchants()).find((m) => m.id === id)
    if (!found) throw notFound('商户')
    return found
  }

  async createMerchant(input: { name: string; kind: 'canteen' | 'designated'; overCapPolicy: 'warn' | 'refuse'; maxPaymentFen: number }): Promise<MerchantAdmin> {
    const [result] = await this.db.insert(merchants).values(input)
    return this.merchant(result.insertId)
  }

  async updateMerchant(id: number, input: Partial<typeof merchants.$inferInsert>): Promise<MerchantAdmin> {
    const [result] = await this.db.update(merchants).set(input).where(eq(merchants.id, id))
    if (!result.affectedRows) throw notFound('商户')
    return this.merchant(id)
  }

  async createWindow(merchantId: number, name: string): Promise<MerchantAdmin> {
    await this.merchant(merchantId)
    await this.db.insert(mealWindows).values({ merchantId, name })
    return this.merchant(merchantId)
  }

  async updateWindow(id: number, input: { name?: string; status?: 'active' | 'disabled' }): Promise<MerchantAdmin> {
    const [window] = await this.db.select().from(mealWindows).where(eq(mealWindows.id, id))
    if (!window) throw notFound('窗口')
    if (input.name !== undefined || input.status !== undefined) await this.db.update(mealWindows).set(input).where(eq(mealWindows.id, id))
    return this.merchant(window.merchantId)
  }

  /** Replaces a merchant's meal periods; they must not overlap ([start, end) in Shanghai time). */
  async replacePeriods(merchantId: number, periods: { name: string; start: string; end: string; officialCapFen: number | null }[]): Promise<MerchantAdmin> {
    const spans = periods.map((p) => ({ ...p, startMinute: minuteOf(p.start), endMinute: minuteOf(p.end) })).sort((a, b) => a.startMinute - b.startMinute)
    for (const [i, span] of spans.entries()) {
      if (span.startMinute >= span.endMinute || span.endMinute > 1440) throw new AppError('VALIDATION_FAILED', { period: span.name }, `餐次「${span.name}」的结束时间须晚于开始时间`)
      if (i > 0 && spans[i - 1].endMinute > span.startMinute) throw new AppError('VALIDATION_FAILED', { period: span.name }, `餐次「${spans[i - 1].name}」与「${span.name}」时间重叠`)
    }
    await this.merchant(merchantId)
    await withTransaction(this.db, async (tx) => {
      await tx.delete(mealPeriods).where(eq(mealPeriods.merchantId, merchantId))
      if (spans.length) await tx.insert(mealPeriods).values(spans.map((s) => ({ merchantId, name: s.name, startMinute: s.startMinute, endMinute: s.endMinute, officialCapFen: s.officialCapFen })))
    })
    return this.merchant(merchantId)
  }

  /** The window's code as a PNG to print (error correction M survives a scuffed sticker). */
  async windowQrPng(windowId: number): Promise<Buffer> {
    const [window] = await this.db.select().from(mealWindows).where(eq(mealWindows.id, windowId))
    if (!window) throw notFound('窗口')
    return QRCode.toBuffer(this.qr.url('m', window.id), { errorCorrectionLevel: 'M', width: 600, margin: 2 })
  }

  /** A printable A4 sheet with every window's code, its merchant and window name. */
  async qrSheet(merchantId: number): Promise<string> {
    const merchant = await this.merchant(merchantId)
    const cards = await Promise.all(
      merchant.windows
        .filter((w) => w.status === 'active')
        .map(async (w) => {
          const image = await QRCode.toDataURL(w.code, { errorCorrectionLevel: 'M', width: 480, margin: 1 })
          return `<figure><p class="title">扫码支付 · 公务餐</p><img src="${image}" alt="${escapeHtml(w.name)}"><figcaption><b>${escapeHtml(merchant.name)}</b><br>${escapeHtml(w.name)}</figcaption><p class="hint">微信或 e管家 扫一扫，输入菜品金额付款</p></figure>`
        }),
    )
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(merchant.name)} 窗口码</title><style>
@page { size: A4; margin: 12mm } body { font-family: "PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif; margin: 0 }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm } figure { margin: 0; border: 1px dashed #999; padding: 6mm; text-align: center; break-inside: avoid }
img { width: 70mm; height: 70mm } .title { font-size: 16pt; font-weight: 600; margin: 0 0 3mm } figcaption { font-size: 13pt; line-height: 1.5 } .hint { color: #666; font-size: 10pt; margin: 2mm 0 0 }
</style></head><body><main>${cards.join('') || '<p>该商户没有启用的窗口</p>'}</main></body></html>`
  }
}
