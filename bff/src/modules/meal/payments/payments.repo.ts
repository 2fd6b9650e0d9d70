import { and, desc, eq, gte, inArray, lt } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { mealAccounts, mealPayments, mealPeriods, mealTopups, mealWindows, merchants, users } from '../../../db/schema'
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

export async function lockAccount(tx: DbOrTx, userId: number) {
  const [row] = await tx.select().from(mealAccounts).where(eq(mealAccounts.userId, userId)).for('update')
  return row ?? null
}

/** Serializes one diner's payments when there is no meal account row to lock (WeChat Pay). */
export async function lockUser(tx: DbOrTx, userId: number): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update')
}

export async function findAccount(db: DbOrTx, userId: number) {
  const [row] = await db.select().from(mealAccounts).where(eq(mealAccounts.userId, userId))
  return row ?? null
}

/** Did this diner pay at this window since `since`? (the 2-minute duplicate guard) */
export async function recentPaymentExists(db: DbOrTx, userId: number, windowId: number, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: mealPayments.id })
    .from(mealPayments)
    .where(and(eq(mealPayments.payerUserId, userId), eq(mealPayments.windowId, windowId), gte(mealPayments.createdAt, since), inArray(mealPayments.status, ['paid', 'awaiting_payment'])))
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

/** WeChat orders still waiting for their notification after `olderThan` (the recovery job). */
export async function staleAwaitingPayments(db: DbOrTx, olderThan: Date, limit: number) {
  return db
    .select({ id: mealPayments.id, outTradeNo: mealPayments.wechatOutTradeNo, createdAt: mealPayments.createdAt })
    .from(mealPayments)
    .where(and(eq(mealPayments.status, 'awaiting_payment'), lt(mealPayments.createdAt, olderThan)))
    .limit(limit)
}

export async function staleAwaitingTopups(db: DbOrTx, olderThan: Date, limit: number) {
  return db
    .select({ id: mealTopups.id, outTradeNo: mealTopups.outTradeNo, createdAt: mealTopups.createdAt })
    .from(mealTopups)
    .where(and(eq(mealTopups.status, 'awaiting_payment'), lt(mealTopups.createdAt, olderThan)))
    .limit(limit)
}
