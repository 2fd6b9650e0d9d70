import { eq } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../../db/client'
import { mealPeriods, mealWindows, merchants } from '../../../db/schema'

export type MerchantRow = typeof merchants.$inferSelect
export type WindowRow = typeof mealWindows.$inferSelect
export type PeriodRow = typeof mealPeriods.$inferSelect

export async function listMerchants(db: DbOrTx): Promise<MerchantRow[]> {
  return db.select().from(merchants).orderBy(merchants.id)
}

export async function findMerchant(db: DbOrTx, id: number): Promise<MerchantRow | null> {
  const [row] = await db.select().from(merchants).where(eq(merchants.id, id))
  return row ?? null
}

/** Windows and periods of one merchant, or of all when none is named. */
export async function windowsOf(db: DbOrTx, merchantId?: number): Promise<WindowRow[]> {
  return db.select().from(mealWindows).where(merchantId === undefined ? undefined : eq(mealWindows.merchantId, merchantId)).orderBy(mealWindows.id)
}

export async function periodsOf(db: DbOrTx, merchantId?: number): Promise<PeriodRow[]> {
  return db.select().from(mealPeriods).where(merchantId === undefined ? undefined : eq(mealPeriods.merchantId, merchantId)).orderBy(mealPeriods.startMinute)
}

/** The merchant, locked until the transaction ends: two admins' changes (and their audit rows) one after the other. */
export async function lockMerchant(tx: Tx, id: number): Promise<MerchantRow | null> {
  const [row] = await tx.select().from(merchants).where(eq(merchants.id, id)).for('update')
  return row ?? null
}

export async function insertMerchant(db: DbOrTx, values: typeof merchants.$inferInsert): Promise<number> {
  const [result] = await db.insert(merchants).values(values)
  return result.insertId
}

/** false when there is no such merchant */
export async function updateMerchant(db: DbOrTx, id: number, values: Partial<typeof merchants.$inferInsert>): Promise<boolean> {
  const [result] = await db.update(merchants).set(values).where(eq(merchants.id, id))
  return result.affectedRows > 0
}

export async function findWindow(db: DbOrTx, id: number): Promise<WindowRow | null> {
  const [row] = await db.select().from(mealWindows).where(eq(mealWindows.id, id))
  return row ?? null
}

export async function lockWindow(tx: Tx, id: number): Promise<WindowRow | null> {
  const [row] = await tx.select().from(mealWindows).where(eq(mealWindows.id, id)).for('update')
  return row ?? null
}

export async function insertWindow(db: DbOrTx, values: typeof mealWindows.$inferInsert): Promise<number> {
  const [result] = await db.insert(mealWindows).values(values)
  return result.insertId
}

export async function updateWindow(db: DbOrTx, id: number, values: Partial<typeof mealWindows.$inferInsert>): Promise<void> {
  await db.update(mealWindows).set(values).where(eq(mealWindows.id, id))
}

/** Replaces a merchant's periods (inside the caller's transaction). */
export async function replacePeriods(tx: Tx, merchantId: number, periods: Omit<typeof mealPeriods.$inferInsert, 'merchantId'>[]): Promise<void> {
  await tx.delete(mealPeriods).where(eq(mealPeriods.merchantId, merchantId))
  if (periods.length) await tx.insert(mealPeriods).values(periods.map((p) => ({ ...p, merchantId })))
}
