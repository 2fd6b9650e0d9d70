import ExcelJS from 'exceljs'
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import type { DailyStatement, Reconciliation } from '@egj/shared'
import { shanghaiDayStart } from '@egj/shared'
import type { WechatPayClient } from '../../adapters/wechatpay'
import type { Db } from '../../db/client'
import { mealPayments, mealRefunds, mealTopups, mealWindows, merchants, statementReviews, subsidyRuns, units, users } from '../../db/schema'
import type { AuthUser } from '../../lib/auth'
import { hasRole } from '../../lib/auth'
import { AppError, forbidden, notFound } from '../../lib/errors'
import * as repo from './meal.repo'
import { serialNoOf } from './meal.presenter'

const DAY_MS = 86_400_000
const yuan = (fen: number) => Math.round(fen) / 100

function monthRange(month: string): [Date, Date] {
  const start = shanghaiDayStart(`${month}-01`)
  const [year, m] = month.split('-').map(Number)
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
  return [start, shanghaiDayStart(`${next}-01`)]
}

/** 日结单, monthly settlement and reconciliation against WeChat Pay's bill. */
export class SettlementService {
  constructor(
    private readonly db: Db,
    private readonly wechatPay: WechatPayClient,
  ) {}

  private async assertCanSee(user: AuthUser, merchantId: number): Promise<'staff' | 'office'> {
    if (hasRole(user, 'admin', 'settlement')) return 'office'
    if ((await repo.merchantsOfStaff(this.db, user.id)).includes(merchantId)) return 'staff'
    throw forbidden()
  }

  async dailyStatement(user: AuthUser, requestedMerchantId: number | undefined, date: string): Promise<DailyStatement> {
    // a cashier's own merchant when none is named
    const merchantId = requestedMerchantId ?? (await repo.merchantsOfStaff(this.db, user.id))[0]
    if (!merchantId) throw new AppError('VALIDATION_FAILED', { field: 'merchantId' }, '请选择商户')
    await this.assertCanSee(user, merchantId)
    const [merchant] = await this.db.select({ id: merchants.id, name: merchants.name }).from(merchants).where(eq(merchants.id, merchantId))
    if (!merchant) throw notFound('商户')
    const start = shanghaiDayStart(date)
    const rows = await this.db
      .select({ payment: mealPayments, windowName: mealWindows.name, payerName: users.name, payerUnitName: units.name, review: statementReviews.review, note: statementReviews.note })
      .from(mealPayments)
      .innerJoin(mealWindows, eq(mealWindows.id, mealPayments.windowId))
      .leftJoin(users, eq(users.id, mealPayments.payerUserId))
      .leftJoin(units, eq(units.id, mealPayments.payerUnitId))
      .leftJoin(statementReviews, eq(statementReviews.paymentId, mealPayments.id))
      .where(and(eq(mealPayments.merchantId, merchantId), eq(mealPayments.status, 'paid'), gte(mealPayments.paidAt, start), lt(mealPayments.paidAt, new Date(start.getTime() + DAY_MS))))
      .orderBy(mealPayments.paidAt)
    const lines = rows.map((row) => ({
      paymentId: row.payment.id,
      serialNo: serialNoOf(row.payment.id, row.payment.createdAt),
      paidAt: row.payment.paidAt!.toISOString(),
      windowName: row.windowName,
      payerName: row.payerName,
      payerUnitName: row.payerUnitName,
      method: row.payment.method,
      official: row.payment.official,
      amountFen: row.payment.amountFen,
      refundedFen: row.payment.refundedFen,
      review: row.review ?? ('pending' as const),
      note: row.note ?? null,
    }))
    const sum = (pick: (line: (typeof lines)[number]) => number) => lines.reduce((total, line) => total + pick(line), 0)
    return {
      merchant,
      date,
      lines,
      totals: {
        count: lines.length,
        amountFen: sum((l) => l.amountFen),
        refundedFen: sum((l) => l.refundedFen),
        netFen: sum((l) => l.amountFen - l.refundedFen),
        confirmed: lines.filter((l) => l.review === 'confirmed').length,
        disputed: lines.filter((l) => l.review === 'disputed').length,
        pending: lines.filter((l) => l.review === 'pending').length,
      },
    }
  }

  /** The merchant confirms or disputes one line of its own statement. */
  async reviewLine(user: AuthUser, input: { merchantId: number; date: string; paymentId: number; review: 'confirmed' | 'disputed'; note?: string }): Promise<DailyStatement> {
    const role = await this.assertCanSee(user, input.merchantId)
    if (role !== 'staff' && !hasRole(user, 'admin')) throw forbidden()
    const [payment] = await this.db.select().from(mealPayments).where(eq(mealPayments.id, input.paymentId))
    const start = shanghaiDayStart(input.date).getTime()
    if (!payment || payment.merchantId !== input.merchantId || payment.status !== 'paid' || !payment.paidAt || payment.paidAt.getTime() < start || payment.paidAt.getTime() >= start + DAY_MS) throw notFound('该日结单中的这笔订单')
    if (input.review === 'disputed' && !input.note) throw new AppError('VALIDATION_FAILED', { field: 'note' }, '有异议时请填写说明')
    await this.db
      .insert(statementReviews)
      .values({ paymentId: input.paymentId, merchantId: input.merchantId, review: input.review, note: input.note ?? null, reviewedBy: user.id })
      .onDuplicateKeyUpdate({ set: { review: input.review, note: input.note ?? null, reviewedBy: user.id, reviewedAt: sql`CURRENT_TIMESTAMP(3)` } })
    return this.dailyStatement(user, input.merchantId, input.date)
  }

  /** 月度结算: what each canteen is owed, or what each unit's diners and subsidies cost, as .xlsx. */
  async monthlyWorkbook(month: string, by: 'merchant' | 'unit'): Promise<Buffer> {
    const [start, end] = monthRange(month)
    const inMonth = and(eq(mealPayments.status, 'paid'), gte(mealPayments.paidAt, start), lt(mealPayments.paidAt, end))
    const totals = {
      count: sql<number>`COUNT(*)`,
      officialCount: sql<number>`SUM(${mealPayments.official})`,
      amountFen: sql<number>`SUM(${mealPayments.amountFen})`,
      refundedFen: sql<number>`SUM(${mealPayments.refundedFen})`,
      subsidyFen: sql<number>`SUM(${mealPayments.subsidyFen})`,
      personalFen: sql<number>`SUM(${mealPayments.personalFen})`,
      wechatFen: sql<number>`SUM(CASE WHEN ${mealPayments.method} = 'wechat' THEN ${mealPayments.amountFen} ELSE 0 END)`,
    }
    const book = new ExcelJS.Workbook()
    book.creator = 'e管家'
    const sheet = book.addWorksheet(by === 'merchant' ? '按商户结算' : '按单位结算')
    const money = { numFmt: '#,##0.00' }
    if (by === 'merchant') {
      const rows = await this.db
        .select({ name: merchants.name, kind: merchants.kind, ...totals })
        .from(mealPayments)
        .innerJoin(merchants, eq(merchants.id, mealPayments.merchantId))
        .where(inMonth)
        .groupBy(merchants.id, merchants.name, merchants.kind)
        .orderBy(merchants.id)
      sheet.columns = [
        { header: '商户', key: 'name', width: 28 },
        { header: '类型', key: 'kind', width: 12 },
        { header: '笔数', key: 'count', width: 8 },
        { header: '其中公务', key: 'officialCount', width: 10 },
        { header: '收款（元）', key: 'amount', width: 14, style: money },
        { header: '退款（元）', key: 'refunded', width: 14, style: money },
        { header: '应结金额（元）', key: 'net', width: 16, style: money },
        { header: '饭卡（元）', key: 'account', width: 14, style: money },
        { header: '微信支付（元）', key: 'wechat', width: 16, style: money },
      ]
      for (const row of rows) {
        sheet.addRow({
          name: row.name,
          kind: row.kind === 'canteen' ? '机关食堂' : '定点用餐点',
          count: Number(row.count),
          officialCount: Number(row.officialCount),
          amount: yuan(Number(row.amountFen)),
          refunded: yuan(Number(row.refundedFen)),
          net: yuan(Number(row.amountFen) - Number(row.refundedFen)),
          account: yuan(Number(row.subsidyFen) + Number(row.personalFen)),
          wechat: yuan(Number(row.wechatFen)),
        })
      }
    } else {
      const rows = await this.db
        .select({ unitId: units.id, name: units.name, ...totals })
        .from(mealPayments)
        .innerJoin(units, eq(units.id, mealPayments.payerUnitId))
        .where(inMonth)
        .groupBy(units.id, units.name)
        .orderBy(units.id)
      const granted = await this.db.select({ unitId: subsidyRuns.unitId, totalFen: sql<number>`SUM(${subsidyRuns.amountPerPersonFen} * ${subsidyRuns.people})` }).from(subsidyRuns).where(eq(subsidyRuns.month, month)).groupBy(subsidyRuns.unitId)
      const grantedBy = new Map(granted.map((g) => [g.unitId, Number(g.totalFen)]))
      sheet.columns = [
        { header: '单位', key: 'name', width: 24 },
        { header: '就餐笔数', key: 'count', width: 10 },
        { header: '其中公务', key: 'officialCount', width: 10 },
        { header: '消费（元）', key: 'amount', width: 14, style: money },
        { header: '其中补贴（元）', key: 'subsidy', width: 16, style: money },
        { header: '其中个人（元）', key: 'personal', width: 16, style: money },
        { header: '其中微信（元）', key: 'wechat', width: 16, style: money },
        { header: '退款（元）', key: 'refunded', width: 12, style: money },
        { header: '本月发放餐补（元）', key: 'granted', width: 18, style: money },
      ]
      for (const row of rows) {
        sheet.addRow({
          name: row.name,
          count: Number(row.count),
          officialCount: Number(row.officialCount),
          amount: yuan(Number(row.amountFen)),
          subsidy: yuan(Number(row.subsidyFen)),
          personal: yuan(Number(row.personalFen)),
          wechat: yuan(Number(row.wechatFen)),
          refunded: yuan(Number(row.refundedFen)),
          granted: yuan(grantedBy.get(row.unitId) ?? 0),
        })
      }
    }
    sheet.getRow(1).font = { bold: true }
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
    const last = sheet.rowCount
    if (last > 1) {
      const totalRow = sheet.addRow({ name: '合计' })
      totalRow.font = { bold: true }
      sheet.columns.forEach((column, index) => {
        if (index === 0 || (by === 'merchant' && index === 1)) return
        const letter = sheet.getColumn(index + 1).letter
        totalRow.getCell(index + 1).value = { formula: `SUM(${letter}2:${letter}${last})` }
      })
    }
    sheet.headerFooter.oddHeader = `&C${month} 公务餐${by === 'merchant' ? '商户' : '单位'}结算表`
    return Buffer.from(await book.xlsx.writeBuffer())
  }

  /** Our WeChat payments, top-ups and refunds of the day against WeChat Pay's trade bill. */
  async reconcile(date: string): Promise<Reconciliation> {
    const start = shanghaiDayStart(date)
    const end = new Date(start.getTime() + DAY_MS)
    const bill = await this.wechatPay.downloadTradeBill(date)
    const payments = await this.db
      .select({ no: mealPayments.wechatOutTradeNo, amountFen: mealPayments.amountFen, status: mealPayments.status })
      .from(mealPayments)
      .where(and(eq(mealPayments.method, 'wechat'), eq(mealPayments.status, 'paid'), gte(mealPayments.paidAt, start), lt(mealPayments.paidAt, end)))
    const topups = await this.db
      .select({ no: mealTopups.outTradeNo, amountFen: mealTopups.amountFen, status: mealTopups.status })
      .from(mealTopups)
      .where(and(eq(mealTopups.status, 'paid'), gte(mealTopups.paidAt, start), lt(mealTopups.paidAt, end)))
    const ours = new Map([...payments, ...topups].map((row) => [row.no!, row.amountFen]))
    const refundNos = bill.rows.filter((r) => r.tradeState === 'REFUND' && r.outRefundNo).map((r) => r.outRefundNo!)
    const ourRefunds = refundNos.length ? await this.db.select().from(mealRefunds).where(inArray(mealRefunds.outRefundNo, refundNos)) : []
    const refundsByNo = new Map(ourRefunds.map((r) => [r.outRefundNo, r]))

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
