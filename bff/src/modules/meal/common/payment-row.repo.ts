import { eq, inArray } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { DbOrTx } from '../../../db/client'
import { preparedWrite } from '../../../db/prepared'
import { cashierFeedEvents, mealPayments, mealWindows, merchantStaff, merchants, units, users } from '../../../db/schema'

/** units, joined a second time: the unit whose voucher paid */
export const voucherUnits = alias(units, 'voucher_units')

/** Reads of a payment with its merchant, window and payer, shared by the meal features. */
const paymentColumns = {
  payment: mealPayments,
  merchantName: merchants.name,
  merchantKind: merchants.kind,
  windowName: mealWindows.name,
  payerName: users.name,
  payerUnitName: units.name,
  voucherUnitName: voucherUnits.name,
}

export function paymentQuery(db: DbOrTx) {
  return db
    .select(paymentColumns)
    .from(mealPayments)
    .innerJoin(merchants, eq(merchants.id, mealPayments.merchantId))
    .innerJoin(mealWindows, eq(mealWindows.id, mealPayments.windowId))
    .leftJoin(users, eq(users.id, mealPayments.payerUserId))
    .leftJoin(units, eq(units.id, mealPayments.payerUnitId))
    .leftJoin(voucherUnits, eq(voucherUnits.id, mealPayments.voucherUnitId))
}
export type PaymentRow = Awaited<ReturnType<typeof findPayment>> & object

export async function findPayment(db: DbOrTx, id: number) {
  const [row] = await paymentQuery(db).where(eq(mealPayments.id, id))
  return row ?? null
}

export async function paymentsByIds(db: DbOrTx, ids: number[]) {
  if (!ids.length) return []
  return paymentQuery(db).where(inArray(mealPayments.id, ids))
}

export async function lockPayment(tx: DbOrTx, id: number) {
  const [row] = await tx.select().from(mealPayments).where(eq(mealPayments.id, id)).for('update')
  return row ?? null
}

export async function updatePayment(tx: DbOrTx, id: number, values: Partial<typeof mealPayments.$inferInsert>): Promise<void> {
  await tx.update(mealPayments).set(values).where(eq(mealPayments.id, id))
}

export async function insertPayment(tx: DbOrTx, payment: typeof mealPayments.$inferInsert): Promise<number> {
  const [result] = await tx.insert(mealPayments).values(payment)
  return result.insertId
}

/** A line on the cashier's live feed, written in the same transaction as the money. */
export async function insertFeedEvent(tx: DbOrTx, event: Omit<typeof cashierFeedEvents.$inferInsert, 'id'>): Promise<void> {
  // a prepared statement: one per payment and refund
  await preparedWrite(tx, 'INSERT INTO cashier_feed_events (merchant_id, window_id, payment_id, kind, amount_fen, created_at) VALUES (?, ?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP(3)))', [
    event.merchantId,
    event.windowId,
    event.paymentId,
    event.kind,
    event.amountFen,
    event.createdAt ?? null,
  ])
}

/** The merchants a user works at (cashiers). */
export async function merchantsOfStaff(db: DbOrTx, userId: number): Promise<number[]> {
  const rows = await db.select({ merchantId: merchantStaff.merchantId }).from(merchantStaff).where(eq(merchantStaff.userId, userId))
  return rows.map((row) => row.merchantId)
}
