import type { MealPeriodsReplace, MerchantAdmin, MerchantCreate, MerchantUpdate, Parsed, WindowUpdate } from '@egj/shared'
import type { Db } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import { qrCodePng } from '../../../lib/qr-sheet.presenter'
import { merchantsOfStaff } from '../common/payment-row.repo'
import { canPrintWindowCode } from './merchants.policy'
import { presentMerchant, presentQrSheet } from './merchants.presenter'
import * as repo from './merchants.repo'

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export interface MerchantServiceDeps {
  db: Db
  qr: QrSigner
}

/** Master data of canteens: merchants, windows, meal periods, and the printed window codes. */
export class MerchantService {
  constructor(private readonly deps: MerchantServiceDeps) {}

  private readonly codes = { url: (windowId: number) => this.deps.qr.url('m', windowId), short: (windowId: number) => this.deps.qr.shortCode('m', windowId) }

  async list(): Promise<MerchantAdmin[]> {
    const { db } = this.deps
    const [merchants, windows, periods] = await Promise.all([repo.listMerchants(db), repo.windowsOf(db), repo.periodsOf(db)])
    return merchants.map((merchant) => presentMerchant(merchant, windows, periods, this.codes))
  }

  async get(id: number): Promise<MerchantAdmin> {
    const { db } = this.deps
    const merchant = await repo.findMerchant(db, id)
    if (!merchant) throw notFound('商户')
    const [windows, periods] = await Promise.all([repo.windowsOf(db, id), repo.periodsOf(db, id)])
    return presentMerchant(merchant, windows, periods, this.codes)
  }

  async create(input: Parsed<typeof MerchantCreate>): Promise<MerchantAdmin> {
    return this.get(await repo.insertMerchant(this.deps.db, input))
  }

  async update(id: number, input: Parsed<typeof MerchantUpdate>): Promise<MerchantAdmin> {
    if (!(await repo.updateMerchant(this.deps.db, id, input))) throw notFound('商户')
    return this.get(id)
  }

  async createWindow(merchantId: number, name: string): Promise<MerchantAdmin> {
    if (!(await repo.findMerchant(this.deps.db, merchantId))) throw notFound('商户')
    await repo.insertWindow(this.deps.db, { merchantId, name })
    return this.get(merchantId)
  }

  async updateWindow(id: number, input: Parsed<typeof WindowUpdate>): Promise<MerchantAdmin> {
    const window = await repo.findWindow(this.deps.db, id)
    if (!window) throw notFound('窗口')
    if (input.name !== undefined || input.status !== undefined) await repo.updateWindow(this.deps.db, id, input)
    return this.get(window.merchantId)
  }

  /** Replaces a merchant's meal periods; they must not overlap ([start, end) in Shanghai time). */
  async replacePeriods(merchantId: number, periods: Parsed<typeof MealPeriodsReplace>['periods']): Promise<MerchantAdmin> {
    const spans = periods.map((p) => ({ ...p, startMinute: minuteOf(p.start), endMinute: minuteOf(p.end) })).sort((a, b) => a.startMinute - b.startMinute)
    for (const [i, span] of spans.entries()) {
      if (span.startMinute >= span.endMinute || span.endMinute > 1440) throw new AppError('VALIDATION_FAILED', { period: span.name }, `餐次「${span.name}」的结束时间须晚于开始时间`)
      if (i > 0 && spans[i - 1].endMinute > span.startMinute) throw new AppError('VALIDATION_FAILED', { period: span.name }, `餐次「${spans[i - 1].name}」与「${span.name}」时间重叠`)
    }
    if (!(await repo.findMerchant(this.deps.db, merchantId))) throw notFound('商户')
    await repo.replacePeriods(
      this.deps.db,
      merchantId,
      spans.map((s) => ({ name: s.name, startMinute: s.startMinute, endMinute: s.endMinute, officialCapFen: s.officialCapFen })),
    )
    return this.get(merchantId)
  }

  /** The window's code as a PNG to print: an admin's any, a cashier's only of their own merchant. */
  async windowQrPng(user: AuthUser, windowId: number): Promise<Buffer> {
    const window = await repo.findWindow(this.deps.db, windowId)
    if (!window || !canPrintWindowCode(user, window.merchantId, await merchantsOfStaff(this.deps.db, user.id))) throw notFound('窗口')
    return qrCodePng(this.codes.url(window.id))
  }

  /** A printable A4 sheet with every active window's code. */
  async qrSheet(merchantId: number): Promise<string> {
    const merchant = await this.get(merchantId)
    return presentQrSheet(merchant.name, merchant.windows.filter((w) => w.status === 'active'))
  }
}
