import { and, asc, desc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { mealMenuDishes, mealMenus, mealOrderItems, mealOrders, mealPayments, mealPeriods, mealWaste, mealWindows, merchants, units, users } from '../../../db/schema'

export type OrderRow = typeof mealOrders.$inferSelect
export type OrderItemRow = typeof mealOrderItems.$inferSelect

export async function insertOrder(tx: DbOrTx, order: typeof mealOrders.$inferInsert): Promise<number> {
  const [result] = await tx.insert(mealOrders).values(order)
  return result.insertId
}

export async function insertItems(tx: DbOrTx, items: (typeof mealOrderItems.$inferInsert)[]): Promise<void> {
  await tx.insert(mealOrderItems).values(items)
}

export async function deleteItems(tx: DbOrTx, orderId: number): Promise<void> {
  await tx.delete(mealOrderItems).where(eq(mealOrderItems.orderId, orderId))
}

export async function lockOrder(tx: DbOrTx, id: number): Promise<OrderRow | null> {
  const [row] = await tx.select().from(mealOrders).where(eq(mealOrders.id, id)).for('update')
  return row ?? null
}

export async function updateOrder(tx: DbOrTx, id: number, set: Partial<typeof mealOrders.$inferInsert>): Promise<void> {
  await tx.update(mealOrders).set({ ...set, updatedAt: sql`CURRENT_TIMESTAMP(3)` }).where(eq(mealOrders.id, id))
}

export async function itemsOf(db: DbOrTx, orderIds: number[]) {
  if (!orderIds.length) return []
  return db
    .select({ orderId: mealOrderItems.orderId, dishId: mealOrderItems.dishId, qty: mealOrderItems.qty, priceFen: mealOrderItems.priceFen, name: mealMenuDishes.name })
    .from(mealOrderItems)
    .innerJoin(mealMenuDishes, eq(mealMenuDishes.id, mealOrderItems.dishId))
    .where(inArray(mealOrderItems.orderId, orderIds))
    .orderBy(asc(mealOrderItems.orderId), asc(mealMenuDishes.sort))
}

/** The dishes a booking names, from the menu it books (withdrawn ones included: the caller refuses them). */
export async function dishesForBooking(db: DbOrTx, merchantId: number, date: string, periodId: number, dishIds: number[]) {
  return db
    .select()
    .from(mealMenuDishes)
    .where(and(eq(mealMenuDishes.merchantId, merchantId), eq(mealMenuDishes.date, date), eq(mealMenuDishes.periodId, periodId), inArray(mealMenuDishes.id, dishIds)))
}

/**
 * Takes `qty` portions of a dish if they are left: one conditional UPDATE, so concurrent bookings
 * of the last portion cannot both succeed. False when sold out.
 */
export async function takePortions(tx: DbOrTx, dishId: number, qty: number): Promise<boolean> {
  const [result] = await tx
    .update(mealMenuDishes)
    .set({ booked: sql`${mealMenuDishes.booked} + ${qty}` })
    .where(and(eq(mealMenuDishes.id, dishId), eq(mealMenuDishes.status, 'active'), sql`(${mealMenuDishes.portionsLimit} IS NULL OR ${mealMenuDishes.booked} + ${qty} <= ${mealMenuDishes.portionsLimit})`))
  return result.affectedRows === 1
}

export async function releasePortions(tx: DbOrTx, dishId: number, qty: number): Promise<void> {
  await tx.update(mealMenuDishes).set({ booked: sql`${mealMenuDishes.booked} - ${qty}` }).where(eq(mealMenuDishes.id, dishId))
}

const orderColumns = {
  order: mealOrders,
  merchantName: merchants.name,
  periodName: mealPeriods.name,
  dinerName: users.name,
  unitName: units.name,
}

function orderQuery(db: DbOrTx) {
  return db
    .select(orderColumns)
    .from(mealOrders)
    .innerJoin(merchants, eq(merchants.id, mealOrders.merchantId))
    .innerJoin(mealPeriods, eq(mealPeriods.id, mealOrders.periodId))
    .innerJoin(users, eq(users.id, mealOrders.userId))
    .leftJoin(units, eq(units.id, users.unitId))
}
export type OrderListRow = Awaited<ReturnType<typeof findOrder>> & object

export async function findOrder(db: DbOrTx, id: number) {
  const [row] = await orderQuery(db).where(eq(mealOrders.id, id))
  return row ?? null
}

export async function ordersOfUser(db: DbOrTx, userId: number, date: string | undefined) {
  return orderQuery(db)
    .where(and(eq(mealOrders.userId, userId), date ? eq(mealOrders.date, date) : sql`${mealOrders.date} >= DATE_FORMAT(CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', '+08:00') - INTERVAL 30 DAY, '%Y-%m-%d')`))
    .orderBy(desc(mealOrders.date), asc(mealPeriods.startMinute), desc(mealOrders.id))
    .limit(200)
}

export async function ordersOfKitchen(db: DbOrTx, merchantIds: number[], date: string) {
  if (!merchantIds.length) return []
  return orderQuery(db)
    .where(and(inArray(mealOrders.merchantId, merchantIds), eq(mealOrders.date, date)))
    .orderBy(asc(mealPeriods.startMinute), asc(units.name), asc(mealOrders.id))
    .limit(5000)
}

/** Portions booked per dish and unit on one day (live bookings and picked-up ones). */
export async function countsOf(db: DbOrTx, merchantId: number, date: string) {
  const rows = await db
    .select({ periodId: mealOrders.periodId, dishId: mealOrderItems.dishId, unitName: units.name, qty: sql<string>`SUM(${mealOrderItems.qty})`, orders: sql<string>`COUNT(DISTINCT ${mealOrders.id})` })
    .from(mealOrders)
    .innerJoin(mealOrderItems, eq(mealOrderItems.orderId, mealOrders.id))
    .innerJoin(users, eq(users.id, mealOrders.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(mealOrders.merchantId, merchantId), eq(mealOrders.date, date), inArray(mealOrders.status, ['booked', 'picked_up', 'no_show'])))
    .groupBy(mealOrders.periodId, mealOrderItems.dishId, units.name)
  return rows.map((row) => ({ ...row, qty: Number(row.qty), orders: Number(row.orders) }))
}

export async function upsertWaste(db: DbOrTx, waste: typeof mealWaste.$inferInsert): Promise<void> {
  // a record without portions keeps the portions recorded before (the kitchen re-weighing the bin)
  const portionsCooked = waste.portionsCooked ?? sql`${mealWaste.portionsCooked}`
  await db.insert(mealWaste).values(waste).onDuplicateKeyUpdate({ set: { kg: waste.kg, portionsCooked, recordedBy: waste.recordedBy, recordedAt: sql`CURRENT_TIMESTAMP(3)` } })
}

export async function findWaste(db: DbOrTx, merchantId: number, date: string, periodId: number) {
  const [row] = await db.select().from(mealWaste).where(and(eq(mealWaste.merchantId, merchantId), eq(mealWaste.date, date), eq(mealWaste.periodId, periodId)))
  return row ?? null
}

/** Live bookings of periods that ended before `before` (the no-show job's work list). */
export async function overdueOrders(db: DbOrTx, todayOrEarlier: string, limit: number) {
  return db
    .select({ id: mealOrders.id, date: mealOrders.date, endMinute: mealPeriods.endMinute, noShowRule: mealPeriods.noShowRule })
    .from(mealOrders)
    .innerJoin(mealPeriods, eq(mealPeriods.id, mealOrders.periodId))
    .where(and(eq(mealOrders.status, 'booked'), sql`${mealOrders.date} <= ${todayOrEarlier}`))
    .orderBy(asc(mealOrders.date), asc(mealOrders.id))
    .limit(limit)
}

/** Where a no-show is charged: the canteen's first window. */
export async function firstWindowOf(db: DbOrTx, merchantId: number): Promise<{ merchant: { id: number; name: string }; window: { id: number; name: string } }> {
  const [row] = await db
    .select({ id: mealWindows.id, name: mealWindows.name, merchantName: merchants.name })
    .from(mealWindows)
    .innerJoin(merchants, eq(merchants.id, mealWindows.merchantId))
    .where(eq(mealWindows.merchantId, merchantId))
    .orderBy(asc(mealWindows.id))
    .limit(1)
  if (!row) throw new Error(`merchant ${merchantId} has no window`)
  return { merchant: { id: merchantId, name: row.merchantName }, window: { id: row.id, name: row.name } }
}

export async function unitOf(db: DbOrTx, userId: number): Promise<number | null> {
  const [row] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.id, userId))
  return row?.unitId ?? null
}

/**
 * One month's figures per canteen, [from, to) being YYYY-MM-DD days: the bookings by status, and
 * per period (day × meal period) what was booked and served beside what the kitchen recorded, so
 * cooked portions and waste are compared with the periods they were recorded for only.
 */
export async function monthStats(db: DbOrTx, from: string, to: string, today: string) {
  const inMonth = (date: SQLWrapper) => and(sql`${date} >= ${from}`, sql`${date} < ${to}`)
  const orders = await db
    .select({
      merchantId: mealOrders.merchantId,
      booked: sql<string>`SUM(${mealOrders.status} <> 'cancelled')`,
      served: sql<string>`SUM(${mealOrders.status} = 'picked_up')`,
      noShow: sql<string>`SUM(${mealOrders.status} = 'no_show')`,
      open: sql<string>`SUM(${mealOrders.status} = 'booked')`,
      cancelled: sql<string>`SUM(${mealOrders.status} = 'cancelled')`,
      // what the bookings were charged (pick-up or no-show), less what was refunded since
      revenueFen: sql<string>`COALESCE(SUM(${mealPayments.amountFen} - ${mealPayments.refundedFen}), 0)`,
    })
    .from(mealOrders)
    .leftJoin(mealPayments, eq(mealPayments.id, mealOrders.paymentId))
    .where(inMonth(mealOrders.date))
    .groupBy(mealOrders.merchantId)
  // per period: portions booked (live, served or no-show) and diners served
  const items = db
    .select({ orderId: mealOrderItems.orderId, qty: sql<string>`SUM(${mealOrderItems.qty})`.as('qty') })
    .from(mealOrderItems)
    .groupBy(mealOrderItems.orderId)
    .as('items')
  const periods = await db
    .select({
      merchantId: mealOrders.merchantId,
      date: mealOrders.date,
      periodId: mealOrders.periodId,
      portionsBooked: sql<string>`COALESCE(SUM(CASE WHEN ${mealOrders.status} <> 'cancelled' THEN ${items.qty} END), 0)`,
      served: sql<string>`SUM(${mealOrders.status} = 'picked_up')`,
    })
    .from(mealOrders)
    .innerJoin(items, eq(items.orderId, mealOrders.id))
    .where(inMonth(mealOrders.date))
    .groupBy(mealOrders.merchantId, mealOrders.date, mealOrders.periodId)
  // the periods served so far: a published menu on a day up to today
  const menus = await db
    .select({ merchantId: mealMenus.merchantId, date: mealMenus.date, periodId: mealMenus.periodId })
    .from(mealMenus)
    .where(and(inMonth(mealMenus.date), sql`${mealMenus.date} <= ${today}`))
  const waste = await db
    .select({ merchantId: mealWaste.merchantId, date: mealWaste.date, periodId: mealWaste.periodId, kg: mealWaste.kg, portionsCooked: mealWaste.portionsCooked })
    .from(mealWaste)
    .where(inMonth(mealWaste.date))
  return {
    orders: orders.map((o) => ({ ...o, booked: Number(o.booked), served: Number(o.served), noShow: Number(o.noShow), open: Number(o.open), cancelled: Number(o.cancelled), revenueFen: Number(o.revenueFen) })),
    periods: periods.map((p) => ({ ...p, portionsBooked: Number(p.portionsBooked), served: Number(p.served) })),
    menus,
    waste: waste.map((w) => ({ ...w, kg: Number(w.kg) })),
  }
}
