import { and, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { cashierFeedEvents, mealPayments } from '../../../db/schema'

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

export async function todayTotals(db: DbOrTx, merchantIds: number[], dayStart: Date) {
  if (!merchantIds.length) return { count: 0, totalFen: 0 }
  const [row] = await db
    .select({ count: sql<number>`COUNT(*)`, totalFen: sql<number>`COALESCE(SUM(${mealPayments.amountFen} - ${mealPayments.refundedFen}), 0)` })
    .from(mealPayments)
    .where(and(inArray(mealPayments.merchantId, merchantIds), eq(mealPayments.status, 'paid'), gte(mealPayments.paidAt, dayStart)))
  return { count: Number(row.count), totalFen: Number(row.totalFen) }
}
