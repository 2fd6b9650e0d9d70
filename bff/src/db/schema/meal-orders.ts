import { sql } from 'drizzle-orm'
import { char, check, decimal, index, int, json, mysqlEnum, mysqlTable, primaryKey, smallint, varchar } from 'drizzle-orm/mysql-core'
import { id, ref, ts } from './columns'
import { journalEntries } from './ledger'
import { mealPayments, mealPeriods, mealVouchers, merchants } from './meal'
import { users } from './org'

// 智慧食堂 报餐 (issue 23): a canteen's menu per day and meal period, bookings against it before
// the period's cut-off, the kitchen's count, and the waste measured after service.

/** One day's menu of one period: published by the canteen manager; its cut-off may differ from the period's rule. */
export const mealMenus = mysqlTable(
  'meal_menus',
  {
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
    /** the Asia/Shanghai calendar day, YYYY-MM-DD */
    date: char('date', { length: 10 }).notNull(),
    periodId: ref('period_id').notNull().references(() => mealPeriods.id),
    /** bookings, changes and cancellations close at this instant */
    cutoffAt: ts('cutoff_at').notNull(),
    publishedBy: ref('published_by').notNull().references(() => users.id),
    updatedAt: ts('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.date, t.periodId] })],
)

export const DISH_TAGS = ['meat', 'veg', 'staple', 'soup'] as const

/**
 * A dish on one day's menu. `booked` counts the portions held by live bookings and is only ever
 * moved by a conditional UPDATE (`booked + n <= portions_limit`), so the last portion goes to one person.
 */
export const mealMenuDishes = mysqlTable(
  'meal_menu_dishes',
  {
    id: id(),
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
    date: char('date', { length: 10 }).notNull(),
    periodId: ref('period_id').notNull().references(() => mealPeriods.id),
    name: varchar('name', { length: 40 }).notNull(),
    photoUrl: varchar('photo_url', { length: 300 }),
    priceFen: int('price_fen').notNull(),
    tag: mysqlEnum('tag', DISH_TAGS).notNull(),
    /** portions the kitchen will cook for bookings; null = no limit */
    portionsLimit: int('portions_limit'),
    booked: int('booked').notNull().default(0),
    allergens: json('allergens').$type<string[]>().notNull(),
    sort: smallint('sort').notNull().default(0),
    /** a dish taken off a menu that already has bookings is withdrawn, not deleted (the bookings keep it) */
    status: mysqlEnum('status', ['active', 'withdrawn']).notNull().default('active'),
  },
  (t) => [
    index('meal_menu_dishes_menu_idx').on(t.merchantId, t.date, t.periodId, t.sort),
    check('meal_menu_dishes_within_limit', sql`${t.booked} >= 0 AND (${t.portionsLimit} IS NULL OR ${t.booked} <= ${t.portionsLimit})`),
  ],
)

/**
 * A booked meal. `hold`: the amount is moved from the diner's 饭卡 to their meal_hold account at
 * booking (the split kept to release it exactly) and to the canteen at pick-up; `on_pickup`: paid
 * at the window; `voucher`: a guest's 餐券, redeemed at pick-up.
 */
export const mealOrders = mysqlTable(
  'meal_orders',
  {
    id: id(),
    userId: ref('user_id').notNull().references(() => users.id),
    /** a guest's name when booked for a visitor, null when for the booker */
    guestName: varchar('guest_name', { length: 64 }),
    voucherId: ref('voucher_id').references(() => mealVouchers.id),
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
    date: char('date', { length: 10 }).notNull(),
    periodId: ref('period_id').notNull().references(() => mealPeriods.id),
    status: mysqlEnum('status', ['booked', 'picked_up', 'cancelled', 'no_show']).notNull().default('booked'),
    pay: mysqlEnum('pay', ['hold', 'on_pickup', 'voucher']).notNull(),
    amountFen: int('amount_fen').notNull(),
    holdSubsidyFen: int('hold_subsidy_fen').notNull().default(0),
    holdPersonalFen: int('hold_personal_fen').notNull().default(0),
    holdEntryId: ref('hold_entry_id').references(() => journalEntries.id),
    /** the payment that settled it at pick-up (or a no-show charged by the canteen's rule) */
    paymentId: ref('payment_id').references(() => mealPayments.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    updatedAt: ts('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('meal_orders_kitchen_idx').on(t.merchantId, t.date, t.periodId, t.status),
    index('meal_orders_user_idx').on(t.userId, t.date),
    // the no-show job: live bookings, oldest day first
    index('meal_orders_open_idx').on(t.status, t.date),
    check('meal_orders_hold_split', sql`${t.holdSubsidyFen} >= 0 AND ${t.holdPersonalFen} >= 0 AND (${t.pay} <> 'hold' OR ${t.holdSubsidyFen} + ${t.holdPersonalFen} = ${t.amountFen})`),
  ],
)

export const mealOrderItems = mysqlTable(
  'meal_order_items',
  {
    orderId: ref('order_id').notNull().references(() => mealOrders.id),
    dishId: ref('dish_id').notNull().references(() => mealMenuDishes.id),
    qty: smallint('qty').notNull(),
    priceFen: int('price_fen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.dishId] }), index('meal_order_items_dish_idx').on(t.dishId)],
)

/** Food thrown away after one period's service, weighed by the kitchen. */
export const mealWaste = mysqlTable(
  'meal_waste',
  {
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
    date: char('date', { length: 10 }).notNull(),
    periodId: ref('period_id').notNull().references(() => mealPeriods.id),
    kg: decimal('kg', { precision: 7, scale: 2, mode: 'number' }).notNull(),
    /** portions the kitchen says it cooked for this period; null when it did not say */
    portionsCooked: int('portions_cooked'),
    recordedBy: ref('recorded_by').notNull().references(() => users.id),
    recordedAt: ts('recorded_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.date, t.periodId] })],
)
