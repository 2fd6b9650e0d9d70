import { and, asc, between, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { mealMenuDishes, mealMenus, mealOrderItems, mealPeriods, merchants } from '../../../db/schema'

export type DishRow = typeof mealMenuDishes.$inferSelect
export type MenuRow = typeof mealMenus.$inferSelect
export type PeriodRow = typeof mealPeriods.$inferSelect

export async function activeCanteens(db: DbOrTx) {
  return db.select({ id: merchants.id, name: merchants.name }).from(merchants).where(and(eq(merchants.kind, 'canteen'), eq(merchants.status, 'active'))).orderBy(asc(merchants.id))
}

export async function periodsOfMerchants(db: DbOrTx, merchantIds: number[]): Promise<PeriodRow[]> {
  if (!merchantIds.length) return []
  return db.select().from(mealPeriods).where(inArray(mealPeriods.merchantId, merchantIds)).orderBy(asc(mealPeriods.startMinute))
}

export async function findMerchant(db: DbOrTx, merchantId: number) {
  const [row] = await db.select().from(merchants).where(eq(merchants.id, merchantId))
  return row ?? null
}

/** Canteens' names by id, in one query (a month's statistics name every canteen that appears). */
export async function merchantNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map()
  const rows = await db.select({ id: merchants.id, name: merchants.name }).from(merchants).where(inArray(merchants.id, ids))
  return new Map(rows.map((row) => [row.id, row.name]))
}

export async function periodsOf(db: DbOrTx, merchantId: number): Promise<PeriodRow[]> {
  return db.select().from(mealPeriods).where(eq(mealPeriods.merchantId, merchantId)).orderBy(asc(mealPeriods.startMinute))
}

export async function menusBetween(db: DbOrTx, merchantId: number, from: string, to: string): Promise<MenuRow[]> {
  return db.select().from(mealMenus).where(and(eq(mealMenus.merchantId, merchantId), between(mealMenus.date, from, to)))
}

export async function dishesBetween(db: DbOrTx, merchantId: number, from: string, to: string): Promise<DishRow[]> {
  return db
    .select()
    .from(mealMenuDishes)
    .where(and(eq(mealMenuDishes.merchantId, merchantId), between(mealMenuDishes.date, from, to), eq(mealMenuDishes.status, 'active')))
    .orderBy(asc(mealMenuDishes.date), asc(mealMenuDishes.periodId), asc(mealMenuDishes.sort), asc(mealMenuDishes.id))
}

/** The menu of one day and period, locked: publishing and booking it are serialised on this row. */
export async function lockMenu(tx: DbOrTx, merchantId: number, date: string, periodId: number): Promise<MenuRow | null> {
  const [row] = await tx.select().from(mealMenus).where(and(eq(mealMenus.merchantId, merchantId), eq(mealMenus.date, date), eq(mealMenus.periodId, periodId))).for('update')
  return row ?? null
}

export async function findMenu(db: DbOrTx, merchantId: number, date: string, periodId: number): Promise<MenuRow | null> {
  const [row] = await db.select().from(mealMenus).where(and(eq(mealMenus.merchantId, merchantId), eq(mealMenus.date, date), eq(mealMenus.periodId, periodId)))
  return row ?? null
}

export async function upsertMenu(tx: DbOrTx, menu: typeof mealMenus.$inferInsert): Promise<void> {
  await tx
    .insert(mealMenus)
    .values(menu)
    .onDuplicateKeyUpdate({ set: { cutoffAt: menu.cutoffAt, publishedBy: menu.publishedBy, updatedAt: sql`CURRENT_TIMESTAMP(3)` } })
}

/** Every dish of one menu, withdrawn ones too (they keep their bookings). */
export async function dishesOfMenu(db: DbOrTx, merchantId: number, date: string, periodId: number): Promise<DishRow[]> {
  return db
    .select()
    .from(mealMenuDishes)
    .where(and(eq(mealMenuDishes.merchantId, merchantId), eq(mealMenuDishes.date, date), eq(mealMenuDishes.periodId, periodId)))
    .orderBy(asc(mealMenuDishes.sort), asc(mealMenuDishes.id))
}

export async function insertDish(tx: DbOrTx, dish: typeof mealMenuDishes.$inferInsert): Promise<void> {
  await tx.insert(mealMenuDishes).values(dish)
}

export async function updateDish(tx: DbOrTx, id: number, set: Partial<typeof mealMenuDishes.$inferInsert>): Promise<void> {
  await tx.update(mealMenuDishes).set(set).where(eq(mealMenuDishes.id, id))
}

export async function deleteDishes(tx: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length) await tx.delete(mealMenuDishes).where(inArray(mealMenuDishes.id, ids))
}

/** Of these dishes, the ones some booking names (cancelled ones too: their items keep the dish). */
export async function dishesWithOrders(db: DbOrTx, dishIds: number[]): Promise<Set<number>> {
  if (!dishIds.length) return new Set()
  const rows = await db.selectDistinct({ dishId: mealOrderItems.dishId }).from(mealOrderItems).where(inArray(mealOrderItems.dishId, dishIds))
  return new Set(rows.map((row) => row.dishId))
}
