import type { MealPeriodsReplace, MerchantAdmin, MerchantCreate, MerchantUpdate, Parsed, WindowUpdate } from '@egj/shared'
import { formatMinute } from '@egj/shared'
import type { Db } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { Actor, AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import { qrCodePng } from '../../../lib/qr-sheet.presenter'
import { changedFields, type AuditService } from '../../audit/audit.service'
import { merchantsOfStaff } from '../common/payment-row.repo'
import { canPrintWindowCode } from './merchants.policy'
import { presentMerchant, presentQrSheet } from './merchants.presenter'
import * as repo from './merchants.repo'

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export interface MerchantServiceDeps {
  db: Db
  qr: QrSigner
  /** 修改留痕: each change below records its audit row in its own transaction */
  audit: AuditService
}

/** What the audit row shows of a merchant and of a window. */
const merchantFields = (m: repo.MerchantRow) => ({ name: m.name, kind: m.kind, overCapPolicy: m.overCapPolicy, maxPaymentFen: m.maxPaymentFen, status: m.status })
const windowFields = (w: repo.WindowRow) => ({ name: w.name, status: w.status })
const periodsFields = (periods: Pick<repo.PeriodRow, 'name' | 'startMinute' | 'endMinute' | 'officialCapFen'>[]) =>
  periods.map((p) => ({ name: p.name, start: formatMinute(p.startMinute), end: formatMinute(p.endMinute), officialCapFen: p.officialCapFen }))

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

  async create(actor: Actor, input: Parsed<typeof MerchantCreate>): Promise<MerchantAdmin> {
    const id = await withTransaction(this.deps.db, async (tx) => {
      const id = await repo.insertMerchant(tx, input)
      await this.deps.audit.record(tx, actor, { action: 'merchant.create', entity: 'merchant', entityId: id, after: { name: input.name, kind: input.kind, overCapPolicy: input.overCapPolicy, maxPaymentFen: input.maxPaymentFen } })
      return id
    })
    return this.get(id)
  }

  /** 名称、超标策略、单笔上限、启停; only what changed is written and recorded. */
  async update(actor: Actor, id: number, { reason, ...input }: Parsed<typeof MerchantUpdate>): Promise<MerchantAdmin> {
    await withTransaction(this.deps.db, async (tx) => {
      const merchant = await repo.lockMerchant(tx, id)
      if (!merchant) throw notFound('商户')
      const change = changedFields(merchantFields(merchant), input)
      if (!change) return
      await repo.updateMerchant(tx, id, input)
      await this.deps.audit.record(tx, actor, { action: 'merchant.update', entity: 'merchant', entityId: id, ...change, reason })
    })
    return this.get(id)
  }

  async createWindow(actor: Actor, merchantId: number, name: string): Promise<MerchantAdmin> {
    await withTransaction(this.deps.db, async (tx) => {
      if (!(await repo.lockMerchant(tx, merchantId))) throw notFound('商户')
      const id = await repo.insertWindow(tx, { merchantId, name })
      await this.deps.audit.record(tx, actor, { action: 'window.create', entity: 'window', entityId: id, after: { merchantId, name, status: 'active' } })
    })
    return this.get(merchantId)
  }

  async updateWindow(actor: Actor, id: number, { reason, ...input }: Parsed<typeof WindowUpdate>): Promise<MerchantAdmin> {
    const merchantId = await withTransaction(this.deps.db, async (tx) => {
      const window = await repo.lockWindow(tx, id)
      if (!window) throw notFound('窗口')
      const change = changedFields(windowFields(window), input)
      if (change) {
        await repo.updateWindow(tx, id, input)
        await this.deps.audit.record(tx, actor, { action: 'window.update', entity: 'window', entityId: id, ...change, reason })
      }
      return window.merchantId
    })
    return this.get(merchantId)
  }

  /**
   * Replaces a merchant's meal periods; they must not overlap ([start, end) in Shanghai time). The
   * audit row (entity `meal_period`, the merchant's id) holds the whole list before and after.
   */
  async replacePeriods(actor: Actor, merchantId: number, periods: Parsed<typeof MealPeriodsReplace>['periods']): Promise<MerchantAdmin> {
    const spans = periods.map((p) => ({ ...p, startMinute: minuteOf(p.start), endMinute: minuteOf(p.end) })).sort((a, b) => a.startMinute - b.startMinute)
    for (const [i, span] of spans.entries()) {
      if (span.startMinute >= span.endMinute || span.endMinute > 1440) throw new AppError('VALIDATION_FAILED', { period: span.name }, `餐次「${span.name}」的结束时间须晚于开始时间`)
      if (i > 0 && spans[i - 1].endMinute > span.startMinute) throw new AppError('VALIDATION_FAILED', { period: span.name }, `餐次「${spans[i - 1].name}」与「${span.name}」时间重叠`)
    }
    const rows = spans.map((s) => ({ name: s.name, startMinute: s.startMinute, endMinute: s.endMinute, officialCapFen: s.officialCapFen }))
    await withTransaction(this.deps.db, async (tx) => {
      // the merchant's lock orders two admins' replacements: each audit row's "before" is what the other left
      if (!(await repo.lockMerchant(tx, merchantId))) throw notFound('商户')
      const change = changedFields({ periods: periodsFields(await repo.periodsOf(tx, merchantId)) }, { periods: periodsFields(rows) })
      if (!change) return
      await repo.replacePeriods(tx, merchantId, rows)
      await this.deps.audit.record(tx, actor, { action: 'meal_period.replace', entity: 'meal_period', entityId: merchantId, ...change })
    })
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
