import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { voucherUnits } from '../common/payment-row.repo'
import { mealPayments, mealRefunds, mealTopups, mealWindows, merchants, statementReviews, subsidyRuns, units, users } from '../../../db/schema'

export async function findMerchantName(db: DbOrTx, id: number): Promise<{ id: number; name: string } | null> {
  const [row] = await db.select({ id: merchants.id, name: merchants.name }).from(merchants).where(eq(merchants.id, id))
  return row ?? null
}

/** A merchant's paid payments in [start, end), each with its review. */
export async function statementRows(db: DbOrTx, merchantId: number, start: Date, end: Date) {
  return db
    .select({ payment: mealPayments, windowName: mealWindows.name, payerName: users.name, payerUnitName: units.name, voucherUnitName: voucherUnits.name, review: statementReviews.review, note: statementReviews.note })
    .from(mealPayments)
    .innerJoin(mealWindows, eq(mealWindows.id, mealPayments.windowId))
    .leftJoin(users, eq(users.id, mealPayments.payerUserId))
    .leftJoin(units, eq(units.id, mealPayments.payerUnitId))
    .leftJoin(voucherUnits, eq(voucherUnits.id, mealPayments.voucherUnitId))
    .leftJoin(statementReviews, eq(statementReviews.paymentId, mealPayments.id))
    .where(and(eq(mealPayments.merchantId, merchantId), eq(mealPayments.status, 'paid'), gte(mealPayments.paidAt, start), lt(mealPayments.paidAt, end)))
    .orderBy(mealPayments.paidAt)
}
export type StatementRow = Awaited<ReturnType<typeof statementRows>>[number]

export async function findPaymentRecord(db: DbOrTx, id: number) {
  const [row] = await db.select().from(mealPayments).where(eq(mealPayments.id, id))
  return row ?? null
}

export async function upsertReview(db: DbOrTx, review: { paymentId: number; merchantId: number; review: 'confirmed' | 'disputed'; note: string | null; reviewedBy: number }): Promise<void> {
  await db
    .insert(statementReviews)
    .values(review)
    .onDuplicateKeyUpdate({ set: { review: review.review, note: review.note, reviewedBy: review.reviewedBy, reviewedAt: sql`CURRENT_TIMESTAMP(3)` } })
}

/** Confirms each listed line that has no review yet; a review written meanwhile (a dispute) stays. */
export async function confirmUnreviewed(db: DbOrTx, merchantId: number, paymentIds: number[], reviewedBy: number): Promise<void> {
  if (!paymentIds.length) return
  await db
    .insert(statementReviews)
    .values(paymentIds.map((paymentId) => ({ paymentId, merchantId, review: 'confirmed' as const, note: null, reviewedBy })))
    .onDuplicateKeyUpdate({ set: { paymentId: sql`${statementReviews.paymentId}` } })
}

const monthTotals = {
  count: sql<number>`COUNT(*)`,
  officialCount: sql<number>`SUM(${mealPayments.official})`,
  amountFen: sql<number>`SUM(${mealPayments.amountFen})`,
  refundedFen: sql<number>`SUM(${mealPayments.refundedFen})`,
  subsidyFen: sql<number>`SUM(${mealPayments.subsidyFen})`,
  personalFen: sql<number>`SUM(${mealPayments.personalFen})`,
  wechatFen: sql<number>`SUM(CASE WHEN ${mealPayments.method} = 'wechat' THEN ${mealPayments.amountFen} ELSE 0 END)`,
  voucherFen: sql<number>`SUM(CASE WHEN ${mealPayments.method} = 'voucher' THEN ${mealPayments.amountFen} ELSE 0 END)`,
}
const paidIn = (start: Date, end: Date) => and(eq(mealPayments.status, 'paid'), gte(mealPayments.paidAt, start), lt(mealPayments.paidAt, end))

export async function monthByMerchant(db: DbOrTx, start: Date, end: Date) {
  return db
    .select({ name: merchants.name, kind: merchants.kind, ...monthTotals })
    .from(mealPayments)
    .innerJoin(merchants, eq(merchants.id, mealPayments.merchantId))
    .where(paidIn(start, end))
    .groupBy(merchants.id, merchants.name, merchants.kind)
    .orderBy(merchants.id)
}

/** Per unit that pays: a voucher meal is billed to the unit that issued the voucher, any other to the diner's unit. */
export async function monthByUnit(db: DbOrTx, start: Date, end: Date) {
  return db
    .select({ unitId: units.id, name: units.name, ...monthTotals })
    .from(mealPayments)
    .innerJoin(units, eq(units.id, sql`COALESCE(${mealPayments.voucherUnitId}, ${mealPayments.payerUnitId})`))
    .where(paidIn(start, end))
    .groupBy(units.id, units.name)
    .orderBy(units.id)
}

/** 餐补 granted in a month, per unit. */
export async function subsidiesGranted(db: DbOrTx, month: string): Promise<Map<number, number>> {
  const rows = await db.select({ unitId: subsidyRuns.unitId, totalFen: sql<number>`SUM(${subsidyRuns.amountPerPersonFen} * ${subsidyRuns.people})` }).from(subsidyRuns).where(eq(subsidyRuns.month, month)).groupBy(subsidyRuns.unitId)
  return new Map(rows.map((row) => [row.unitId, Number(row.totalFen)]))
}

/** Our WeChat Pay money of a day (payments and top-ups paid in [start, end)), by out_trade_no. */
export async function wechatPaidIn(db: DbOrTx, start: Date, end: Date): Promise<{ no: string; amountFen: number }[]> {
  const payments = await db
    .select({ no: mealPayments.wechatOutTradeNo, amountFen: mealPayments.amountFen })
    .from(mealPayments)
    .where(and(eq(mealPayments.method, 'wechat'), paidIn(start, end)))
  const topups = await db
    .select({ no: mealTopups.outTradeNo, amountFen: mealTopups.amountFen })
    .from(mealTopups)
    .where(and(eq(mealTopups.status, 'paid'), gte(mealTopups.paidAt, start), lt(mealTopups.paidAt, end)))
  return [...payments, ...topups].map((row) => ({ no: row.no!, amountFen: row.amountFen }))
}

export async function refundsByOutRefundNo(db: DbOrTx, outRefundNos: string[]) {
  return outRefundNos.length ? db.select().from(mealRefunds).where(inArray(mealRefunds.outRefundNo, outRefundNos)) : []
}
