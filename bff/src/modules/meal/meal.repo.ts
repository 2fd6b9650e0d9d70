import { and, desc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client'
import { cashierFeedEvents, mealAccounts, mealPayments, mealPeriods, mealRefunds, mealTopups, mealVouchers, mealWindows, merchantStaff, merchants, subsidyRuns, units, userRoles, users } from '../../db/schema'

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

export type NewPayment = typeof mealPayments.$inferInsert

export async function insertPayment(tx: DbOrTx, payment: NewPayment): Promise<number> {
  const [result] = await tx.insert(mealPayments).values(payment)
  return result.insertId
}

export async function insertFeedEvent(tx: DbOrTx, event: typeof cashierFeedEvents.$inferInsert): Promise<void> {
  await tx.insert(cashierFeedEvents).values(event)
}

const paymentColumns = {
  payment: mealPayments,
  merchantName: merchants.name,
  merchantKind: merchants.kind,
  windowName: mealWindows.name,
  payerName: users.name,
  payerUnitName: units.name,
}

function paymentQuery(db: DbOrTx) {
  return db
    .select(paymentColumns)
    .from(mealPayments)
    .innerJoin(merchants, eq(merchants.id, mealPayments.merchantId))
    .innerJoin(mealWindows, eq(mealWindows.id, mealPayments.windowId))
    .leftJoin(users, eq(users.id, mealPayments.payerUserId))
    .leftJoin(units, eq(units.id, mealPayments.payerUnitId))
}
export type PaymentRow = Awaited<ReturnType<typeof findPayment>> & object

export async function findPayment(db: DbOrTx, id: number) {
  const [row] = await paymentQuery(db).where(eq(mealPayments.id, id))
  return row ?? null
}

export async function lockPayment(tx: DbOrTx, id: number) {
  const [row] = await tx.select().from(mealPayments).where(eq(mealPayments.id, id)).for('update')
  return row ?? null
}

export async function lockPaymentByOutTradeNo(tx: DbOrTx, outTradeNo: string) {
  const [row] = await tx.select().from(mealPayments).where(eq(mealPayments.wechatOutTradeNo, outTradeNo)).for('update')
  return row ?? null
}

export async function updatePayment(tx: DbOrTx, id: number, values: Partial<typeof mealPayments.$inferInsert>): Promise<void> {
  await tx.update(mealPayments).set(values).where(eq(mealPayments.id, id))
}

export async function listPaymentsOfPayer(db: DbOrTx, userId: number, beforeId: number | undefined, limit: number) {
  return paymentQuery(db)
    .where(and(eq(mealPayments.payerUserId, userId), beforeId ? lt(mealPayments.id, beforeId) : undefined))
    .orderBy(desc(mealPayments.id))
    .limit(limit)
}

export async function merchantsOfStaff(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db.select({ merchantId: merchantStaff.merchantId }).from(merchantStaff).where(eq(merchantStaff.userId, userId))
  return rows.map((row) => row.merchantId)
}

export async function feedEvents(db: DbOrTx, merchantIds: number[], afterId: number, limit: number) {
  if (!merchantIds.length) return []
  return db
    .select()
    .from(cashierFeedEvents)
    .where(and(inArray(cashierFeedEvents.merchantId, merchantIds), gt(cashierFeedEvents.id, afterId)))
    .orderBy(cashierFeedEvents.id)
    .limit(limit)
}

/** The id of the last feed event before `before` (the start of today): where "today so far" begins. */
export async function lastFeedIdBefore(db: DbOrTx, before: Date): Promise<number> {
  const [row] = await db.select({ id: sql<number>`COALESCE(MAX(${cashierFeedEvents.id}), 0)` }).from(cashierFeedEvents).where(lt(cashierFeedEvents.createdAt, before))
  return Number(row.id)
}

export async function paymentsByIds(db: DbOrTx, ids: number[]) {
  if (!ids.length) return []
  return paymentQuery(db).where(inArray(mealPayments.id, ids))
}

export async function todayTotals(db: DbOrTx, merchantIds: number[], dayStart: Date) {
  if (!merchantIds.length) return { count: 0, totalFen: 0 }
  const [row] = await db
    .select({ count: sql<number>`COUNT(*)`, totalFen: sql<number>`COALESCE(SUM(${mealPayments.amountFen} - ${mealPayments.refundedFen}), 0)` })
    .from(mealPayments)
    .where(and(inArray(mealPayments.merchantId, merchantIds), eq(mealPayments.status, 'paid'), gte(mealPayments.paidAt, dayStart)))
  return { count: Number(row.count), totalFen: Number(row.totalFen) }
}

export async function refundedSplit(tx: DbOrTx, paymentId: number) {
  const [row] = await tx
    .select({ subsidyFen: sql<number>`COALESCE(SUM(${mealRefunds.subsidyFen}), 0)`, personalFen: sql<number>`COALESCE(SUM(${mealRefunds.personalFen}), 0)` })
    .from(mealRefunds)
    .where(and(eq(mealRefunds.paymentId, paymentId), inArray(mealRefunds.status, ['processing', 'succeeded'])))
  return { subsidyFen: Number(row.subsidyFen), personalFen: Number(row.personalFen) }
}

export async function insertRefund(tx: DbOrTx, refund: typeof mealRefunds.$inferInsert): Promise<number> {
  const [result] = await tx.insert(mealRefunds).values(refund)
  return result.insertId
}

export async function findRefund(db: DbOrTx, id: number) {
  const [row] = await db.select().from(mealRefunds).where(eq(mealRefunds.id, id))
  return row ?? null
}

export async function lockRefundByOutRefundNo(tx: DbOrTx, outRefundNo: string) {
  const [row] = await tx.select().from(mealRefunds).where(eq(mealRefunds.outRefundNo, outRefundNo)).for('update')
  return row ?? null
}

export async function updateRefund(tx: DbOrTx, id: number, values: Partial<typeof mealRefunds.$inferInsert>): Promise<void> {
  await tx.update(mealRefunds).set(values).where(eq(mealRefunds.id, id))
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

export async function ensureAccount(tx: DbOrTx, userId: number, unitId: number): Promise<void> {
  await tx.insert(mealAccounts).ignore().values({ userId, unitId })
}

/** Active staff members of a unit (who get the monthly subsidy). */
export async function staffOfUnit(db: DbOrTx, unitId: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'staff')))
    .where(and(eq(users.unitId, unitId), eq(users.status, 'active')))
  return rows.map((row) => row.id)
}

export async function subsidyRunExists(db: DbOrTx, unitId: number, month: string): Promise<boolean> {
  const [row] = await db.select({ id: subsidyRuns.id }).from(subsidyRuns).where(and(eq(subsidyRuns.unitId, unitId), eq(subsidyRuns.month, month))).for('update')
  return !!row
}

export async function insertSubsidyRun(tx: DbOrTx, run: typeof subsidyRuns.$inferInsert): Promise<void> {
  await tx.insert(subsidyRuns).values(run)
}

export async function lockVoucher(tx: DbOrTx, code: string) {
  const [row] = await tx.select().from(mealVouchers).where(eq(mealVouchers.code, code)).for('update')
  return row ?? null
}

export async function updateVoucher(tx: DbOrTx, id: number, values: Partial<typeof mealVouchers.$inferInsert>): Promise<void> {
  await tx.update(mealVouchers).set(values).where(eq(mealVouchers.id, id))
}

export async function insertVouchers(tx: DbOrTx, rows: (typeof mealVouchers.$inferInsert)[]): Promise<number[]> {
  await tx.insert(mealVouchers).values(rows)
  // read the ids back by code: auto-increment ids of a multi-row insert need not be consecutive
  // (MySQL 8's interleaved lock mode, TiDB)
  const inserted = await tx.select({ id: mealVouchers.id }).from(mealVouchers).where(inArray(mealVouchers.code, rows.map((row) => row.code)))
  return inserted.map((row) => row.id)
}

export async function vouchersWithUnit(db: DbOrTx, where: { code?: string; unitId?: number; ids?: number[] }) {
  return db
    .select({ voucher: mealVouchers, unitName: units.name })
    .from(mealVouchers)
    .innerJoin(units, eq(units.id, mealVouchers.unitId))
    .where(
      and(
        where.code ? eq(mealVouchers.code, where.code) : undefined,
        where.unitId ? eq(mealVouchers.unitId, where.unitId) : undefined,
        where.ids ? inArray(mealVouchers.id, where.ids) : undefined,
      ),
    )
    .orderBy(desc(mealVouchers.id))
    .limit(500)
}
