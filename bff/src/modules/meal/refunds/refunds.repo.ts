import { and, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { mealRefunds } from '../../../db/schema'

export type RefundRow = typeof mealRefunds.$inferSelect

/** How much of a payment's 补贴 / 个人 has been (or is being) refunded already. */
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

export async function findRefund(db: DbOrTx, id: number): Promise<RefundRow | null> {
  const [row] = await db.select().from(mealRefunds).where(eq(mealRefunds.id, id))
  return row ?? null
}

export async function lockRefundByOutRefundNo(tx: DbOrTx, outRefundNo: string): Promise<RefundRow | null> {
  const [row] = await tx.select().from(mealRefunds).where(eq(mealRefunds.outRefundNo, outRefundNo)).for('update')
  return row ?? null
}

export async function updateRefund(tx: DbOrTx, id: number, values: Partial<typeof mealRefunds.$inferInsert>): Promise<void> {
  await tx.update(mealRefunds).set(values).where(eq(mealRefunds.id, id))
}
