import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { mealAccounts, subsidyRuns } from '../../../db/schema'

export async function ensureAccount(tx: DbOrTx, userId: number, unitId: number): Promise<void> {
  await tx.insert(mealAccounts).ignore().values({ userId, unitId })
}

/** Locks the (unit, month) run if it exists: two runs at once meet here. */
export async function subsidyRunExists(db: DbOrTx, unitId: number, month: string): Promise<boolean> {
  const [row] = await db.select({ id: subsidyRuns.id }).from(subsidyRuns).where(and(eq(subsidyRuns.unitId, unitId), eq(subsidyRuns.month, month))).for('update')
  return !!row
}

export async function insertSubsidyRun(tx: DbOrTx, run: typeof subsidyRuns.$inferInsert): Promise<number> {
  const [result] = await tx.insert(subsidyRuns).values(run)
  return result.insertId
}
