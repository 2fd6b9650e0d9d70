import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { preparedWrite } from '../../../db/prepared'
import { mealAccounts, mealPayments, mealPeriods, mealRefunds, mealTopups, mealWindows, merchants, users } from '../../../db/schema'
import { paymentQuery } from '../common/payment-row.repo'

export async function findWindow(db: DbOrTx, windowId: number) {
  const [row] = await db
    .select({ window: mealWindows, merchant: merchants })
    .from(mealWindows)
    .innerJoin(merchants, eq(merchants.id, mealWindows.merchantId))
    .where(eq(mealWindows.id, windowId))
  return row ?? null
}

export async function periodsOf(db: DbOrTx, merchantId: number) {
  return db.select().from(mealPeriods).where(eq(mealPeriods.merchantId, merchantId)).orderBy(mealPeriods.startMinute)
}

/** An account payment, paid at once (a prepared statement: the hot path's insert). */
export async function insertAccountPayment(tx: DbOrTx, payment: { payerUserId: number; payerUnitId: number | null; merchantId: number; windowId: number; periodName: string | null; official: boolean; amountFen: number; subsidyFen: number; personalFen: number; entryId: number; createdAt: Date }): Promise<number> {
  const result = await preparedWrite(
    tx,
    "INSERT INTO meal_payments (payer_user_id, payer_unit_id, merchant_id, window_id, period_name, method, official, amount_fen, subsidy_fen, personal_fen, refunded_fen, status, entry_id, created_at, paid_at) VALUES (?, ?, ?, ?, ?, 'account', ?, ?, ?, ?, 0, 'paid', ?, ?, ?)",
    [payment.payerUserId, payment.payerUnitId, payment.merchantId, payment.windowId, payment.periodName, payment.official ? 1 : 0, payment.amountFen, payment.subsidyFen, payment.personalFen, payment.entryId, payment.createdAt, payment.createdAt],
  )
  return result.insertId
}

/** Serializes one diner's payments when there is no meal account row to lock (WeChat Pay). */
export async function lockUser(tx: DbOrTx, userId: number): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update')
}

export async function findAccount(db: DbOrTx, userId: number) {
  const [row] = await db.select().from(mealAccounts).where(eq(mealAccounts.userId, userId))
  return row ?? null
}

/** Did this diner pay at this window since `since`? (the 2-minute duplicate guard; an unpaid WeChat order is not a payment) */
export async function recentPaymentExists(db: DbOrTx, userId: number, windowId: number, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: mealPayments.id })
    .from(mealPayments)
    .where(and(eq(mealPayments.payerUserId, userId), eq(mealPayments.windowId, windowId), gte(mealPayments.createdAt, since), eq(mealPayments.status, 'paid')))
    .limit(1)
  return !!row
}

export async function lockPaymentByOutTradeNo(tx: DbOrTx, outTradeNo: string) {
  const [row] = await tx.select().from(mealPayments).where(eq(mealPayments.wechatOutTradeNo, outTradeNo)).for('update')
  return row ?? null
}

export async function listPaymentsOfPayer(db: DbOrTx, userId: number, beforeId: number | undefined, limit: number) {
  return paymentQuery(db)
    .where(and(eq(mealPayments.payerUserId, userId), beforeId ? lt(mealPayments.id, beforeId) : undefined))
    .orderBy(desc(mealPayments.id))
    .limit(limit)
}

export async function insertTopup(tx: DbOrTx, topup: typeof mealTopups.$inferInsert): Promise<number> {
  const [result] = await tx.insert(mealTopups).values(topup)
  return result.insertId
}

export async function findTopup(db: DbOrTx, id: number) {
  const [row] = await db.select().from(mealTopups).where(eq(mealTopups.id, id))
  return row ?? null
}

export async function lockTopupByOutTradeNo(tx: DbOrTx, outTradeNo: string) {
  const [row] = await tx.select().from(mealTopups).where(eq(mealTopups.outTradeNo, outTradeNo)).for('update')
  return row ?? null
}

export async function updateTopup(tx: DbOrTx, id: number, values: Partial<typeof mealTopups.$inferInsert>): Promise<void> {
  await tx.update(mealTopups).set(values).where(eq(mealTopups.id, id))
}

/** The diner's 公务 spending in a meal period since `dayStart`, net of refunds; open WeChat orders count. */
export async function officialSpentInPeriod(tx: DbOrTx, userId: number, periodName: string, dayStart: Date): Promise<number> {
  const [row] = await tx
    .select({ fen: sql<number>`COALESCE(SUM(${mealPayments.amountFen} - ${mealPayments.refundedFen}), 0)` })
    .from(mealPayments)
    .where(and(eq(mealPayments.payerUserId, userId), eq(mealPayments.official, true), eq(mealPayments.periodName, periodName), gte(mealPayments.createdAt, dayStart), inArray(mealPayments.status, ['paid', 'awaiting_payment'])))
  return Number(row.fen)
}

/** WeChat orders (payments and top-ups) still awaiting payment, made before `olderThan`, oldest first. */
export async function staleAwaitingOrders(db: DbOrTx, olderThan: Date, limit: number): Promise<{ outTradeNo: string; createdAt: Date }[]> {
  const payments = await db
    .select({ outTradeNo: mealPayments.wechatOutTradeNo, createdAt: mealPayments.createdAt })
    .from(mealPayments)
    .where(and(eq(mealPayments.status, 'awaiting_payment'), lt(mealPayments.createdAt, olderThan)))
    .orderBy(asc(mealPayments.createdAt))
    .limit(limit)
  const topups = await db
    .select({ outTradeNo: mealTopups.outTradeNo, createdAt: mealTopups.createdAt })
    .from(mealTopups)
    .where(and(eq(mealTopups.status, 'awaiting_payment'), lt(mealTopups.createdAt, olderThan)))
    .orderBy(asc(mealTopups.createdAt))
    .limit(limit)
  return [...payments, ...topups]
    .map((order) => ({ outTradeNo: order.outTradeNo!, createdAt: order.createdAt }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .slice(0, limit)
}

/** Deletes a WeChat payment that never reached WeChat (only while it is still awaiting payment). */
export async function deleteAwaitingPayment(tx: DbOrTx, id: number): Promise<void> {
  await tx.delete(mealPayments).where(and(eq(mealPayments.id, id), eq(mealPayments.status, 'awaiting_payment')))
}

export async function deleteAwaitingTopup(tx: DbOrTx, id: number): Promise<void> {
  await tx.delete(mealTopups).where(and(eq(mealTopups.id, id), eq(mealTopups.status, 'awaiting_payment')))
}

/** The payment behind each journal entry that is a payment or one of its refunds. */
export async function paymentsOfEntries(db: DbOrTx, entryIds: number[]): Promise<Map<number, number>> {
  if (!entryIds.length) return new Map()
  const paid = await db.select({ entryId: mealPayments.entryId, paymentId: mealPayments.id }).from(mealPayments).where(inArray(mealPayments.entryId, entryIds))
  const refunded = await db.select({ entryId: mealRefunds.entryId, paymentId: mealRefunds.paymentId }).from(mealRefunds).where(inArray(mealRefunds.entryId, entryIds))
  return new Map([...paid, ...refunded].map((row) => [row.entryId!, row.paymentId]))
}
