import type { DailyStatement, Parsed, Reconciliation, StatementConfirmAll, StatementLineReview } from '@egj/shared'
import { shanghaiDayStart } from '@egj/shared'
import type { WechatPayClient } from '../../../adapters/wechatpay'
import type { Db } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, forbidden, notFound } from '../../../lib/errors'
import * as payments from '../common/payment-row.repo'
import { canReview, statementAccess } from './settlement.policy'
import { monthlyWorkbook, presentDailyStatement } from './settlement.presenter'
import * as repo from './settlement.repo'

const DAY_MS = 86_400_000

function monthRange(month: string): [Date, Date] {
  const start = shanghaiDayStart(`${month}-01`)
  const [year, m] = month.split('-').map(Number)
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return [start, shanghaiDayStart(`${next}-01`)]
}

export interface SettlementServiceDeps {
  db: Db
  /** WeChat Pay's trade bill, for reconciliation */
  wechatPay: Pick<WechatPayClient, 'downloadTradeBill'>
}

/** 日结单, monthly settlement and reconciliation against WeChat Pay's bill. */
export class SettlementService {
  constructor(private readonly deps: SettlementServiceDeps) {}

  /** Whoever may not see the merchant's statements is told no more than of a missing merchant (404). */
  private async access(user: AuthUser, merchantId: number): Promise<'office' | 'staff'> {
    const access = statementAccess(user, merchantId, await payments.merchantsOfStaff(this.deps.db, user.id))
    if (!access) throw notFound('商户')
    return access
  }

  async dailyStatement(user: AuthUser, requestedMerchantId: number | undefined, date: string): Promise<DailyStatement> {
    const { db } = this.deps
    // a cashier's own merchant when none is named
    const merchantId = requestedMerchantId ?? (await payments.merchantsOfStaff(db, user.id))[0]
    if (!merchantId) throw new AppError('VALIDATION_FAILED', { field: 'merchantId' }, '请选择商户')
    await this.access(user, merchantId)
    const merchant = await repo.findMerchantName(db, merchantId)
    if (!merchant) throw notFound('商户')
    const start = shanghaiDayStart(date)
    return presentDailyStatement(merchant, date, await repo.statementRows(db, merchantId, start, new Date(start.getTime() + DAY_MS)))
  }

  /** The merchant confirms or disputes one line of its own statement. */
  async reviewLine(user: AuthUser, input: Parsed<typeof StatementLineReview>): Promise<DailyStatement> {
    if (!canReview(user, await this.access(user, input.merchantId))) throw forbidden()
    const payment = await repo.findPaymentRecord(this.deps.db, input.paymentId)
    const start = shanghaiDayStart(input.date).getTime()
    if (!payment || payment.merchantId !== input.merchantId || payment.status !== 'paid' || !payment.paidAt || payment.paidAt.getTime() < start || payment.paidAt.getTime() >= start + DAY_MS) throw notFound('该日结单中的这笔订单')
    if (input.review === 'disputed' && !input.note) throw new AppError('VALIDATION_FAILED', { field: 'note' }, '有异议时请填写说明')
    await repo.upsertReview(this.deps.db, { paymentId: input.paymentId, merchantId: input.merchantId, review: input.review, note: input.note ?? null, reviewedBy: user.id })
    return this.dailyStatement(user, input.merchantId, input.date)
  }

  /** 全部确认: the merchant confirms every line of the day still 待确认; disputed lines keep their dispute. */
  async confirmAll(user: AuthUser, input: Parsed<typeof StatementConfirmAll>): Promise<DailyStatement> {
    if (!canReview(user, await this.access(user, input.merchantId))) throw forbidden()
    const statement = await this.dailyStatement(user, input.merchantId, input.date)
    const pending = statement.lines.filter((line) => line.review === 'pending').map((line) => line.paymentId)
    await repo.confirmUnreviewed(this.deps.db, input.merchantId, pending, user.id)
    return this.dailyStatement(user, input.merchantId, input.date)
  }

  /** 月度结算: what each canteen is owed, or what each unit's diners and subsidies cost, as .xlsx. */
  async monthlyWorkbook(month: string, by: 'merchant' | 'unit'): Promise<Buffer> {
    const { db } = this.deps
    const [start, end] = monthRange(month)
    if (by === 'merchant') return monthlyWorkbook({ by, month, rows: await repo.monthByMerchant(db, start, end) })
    return monthlyWorkbook({ by, month, rows: await repo.monthByUnit(db, start, end), grantedByUnit: await repo.subsidiesGranted(db, month) })
  }

  /** Our WeChat payments, top-ups and refunds of the day against WeChat Pay's trade bill. */
  async reconcile(date: string): Promise<Reconciliation> {
    const start = shanghaiDayStart(date)
    const bill = await this.deps.wechatPay.downloadTradeBill(date)
    const ours = new Map((await repo.wechatPaidIn(this.deps.db, start, new Date(start.getTime() + DAY_MS))).map((row) => [row.no, row.amountFen]))
    const refundNos = bill.rows.filter((r) => r.tradeState === 'REFUND' && r.outRefundNo).map((r) => r.outRefundNo!)
    const refundsByNo = new Map((await repo.refundsByOutRefundNo(this.deps.db, refundNos)).map((r) => [r.outRefundNo, r]))

    const differences: Reconciliation['differences'] = []
    const billPaid = bill.rows.filter((r) => r.tradeState !== 'REFUND')
    for (const row of billPaid) {
      const mine = ours.get(row.outTradeNo)
      if (mine === undefined) differences.push({ outTradeNo: row.outTradeNo, kind: 'missing_in_ours', oursFen: null, wechatFen: row.amountFen, note: '微信账单有此笔收款，我方没有已支付记录' })
      else if (mine !== row.amountFen) differences.push({ outTradeNo: row.outTradeNo, kind: 'amount_mismatch', oursFen: mine, wechatFen: row.amountFen, note: '金额不一致' })
    }
    const billNos = new Set(billPaid.map((r) => r.outTradeNo))
    for (const [no, amountFen] of ours) {
      if (!billNos.has(no)) differences.push({ outTradeNo: no, kind: 'missing_in_wechat', oursFen: amountFen, wechatFen: null, note: '我方记为已支付，微信账单没有此笔' })
    }
    for (const row of bill.rows.filter((r) => r.tradeState === 'REFUND')) {
      const mine = refundsByNo.get(row.outRefundNo ?? '')
      if (!mine) differences.push({ outTradeNo: row.outTradeNo, kind: 'missing_in_ours', oursFen: null, wechatFen: -row.refundFen, note: `微信账单有退款 ${row.outRefundNo ?? ''}，我方没有记录` })
      else if (mine.amountFen !== row.refundFen) differences.push({ outTradeNo: row.outTradeNo, kind: 'amount_mismatch', oursFen: -mine.amountFen, wechatFen: -row.refundFen, note: `退款 ${row.outRefundNo} 金额不一致` })
      else if (mine.status !== 'succeeded') differences.push({ outTradeNo: row.outTradeNo, kind: 'status_mismatch', oursFen: -mine.amountFen, wechatFen: -row.refundFen, note: `退款 ${row.outRefundNo} 我方状态为 ${mine.status}` })
    }
    return {
      date,
      ours: { count: ours.size, amountFen: [...ours.values()].reduce((a, b) => a + b, 0) },
      wechat: { count: billPaid.length, amountFen: billPaid.reduce((a, r) => a + r.amountFen, 0) },
      differences,
    }
  }
}
