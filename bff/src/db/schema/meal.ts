import { sql } from 'drizzle-orm'
import { bigint, boolean, char, check, customType, index, int, json, mysqlEnum, mysqlTable, primaryKey, smallint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { id, ref, ts } from './columns'
import { journalEntries } from './ledger'
import { units, users } from './org'

/** A canteen (机关食堂) or a designated restaurant (定点用餐点). */
export const merchants = mysqlTable('merchants', {
  id: id(),
  name: varchar('name', { length: 100 }).notNull(),
  kind: mysqlEnum('kind', ['canteen', 'designated']).notNull(),
  /** over the period's 公务 cap: warn and ask again, or refuse */
  overCapPolicy: mysqlEnum('over_cap_policy', ['warn', 'refuse']).notNull().default('warn'),
  maxPaymentFen: int('max_payment_fen').notNull().default(100_000),
  status: mysqlEnum('status', ['active', 'disabled']).notNull().default('active'),
  createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
})

export const mealWindows = mysqlTable(
  'meal_windows',
  {
    id: id(),
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
    name: varchar('name', { length: 100 }).notNull(),
    status: mysqlEnum('status', ['active', 'disabled']).notNull().default('active'),
  },
  (t) => [index('meal_windows_merchant_idx').on(t.merchantId)],
)

/** A meal period in Asia/Shanghai local time, [start, end) in minutes after midnight. */
export const mealPeriods = mysqlTable(
  'meal_periods',
  {
    id: id(),
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
    name: varchar('name', { length: 20 }).notNull(),
    startMinute: smallint('start_minute').notNull(),
    endMinute: smallint('end_minute').notNull(),
    /** price cap for 公务 meals in this period; null = no cap */
    officialCapFen: int('official_cap_fen'),
    /**
     * 报餐 cut-off, minutes from the meal day's 00:00 (Asia/Shanghai): 570 = 09:30 the same day,
     * −240 = 20:00 the day before; null = until the period starts
     */
    bookingCutoffMinute: smallint('booking_cutoff_minute'),
    /** a booking not picked up by the period's end: charged as booked, or released */
    noShowRule: mysqlEnum('no_show_rule', ['charge', 'release']).notNull().default('charge'),
  },
  (t) => [index('meal_periods_merchant_idx').on(t.merchantId)],
)

/** Who works the till for a merchant (cashiers see its windows' feed and may refund). */
export const merchantStaff = mysqlTable(
  'merchant_staff',
  {
    userId: ref('user_id').notNull().references(() => users.id),
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.merchantId] })],
)

/** A diner's 饭卡. The two balances equal the sums of their ledger postings, always. */
export const mealAccounts = mysqlTable(
  'meal_accounts',
  {
    userId: ref('user_id').primaryKey().references(() => users.id),
    unitId: ref('unit_id').notNull().references(() => units.id),
    subsidyFen: bigint('subsidy_fen', { mode: 'number' }).notNull().default(0),
    personalFen: bigint('personal_fen', { mode: 'number' }).notNull().default(0),
    updatedAt: ts('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  // The service refuses first (409); the database refuses too, whatever code runs.
  (t) => [check('meal_accounts_non_negative', sql`${t.subsidyFen} >= 0 AND ${t.personalFen} >= 0`)],
)

export const mealPayments = mysqlTable(
  'meal_payments',
  {
    id: id(),
    payerUserId: ref('payer_user_id').references(() => users.id),
    /** the diner's own unit (null for visitors) */
    payerUnitId: ref('payer_unit_id').references(() => units.id),
    /** a voucher payment: the unit that issued the voucher and pays for the meal */
    voucherUnitId: ref('voucher_unit_id').references(() => units.id),
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
    windowId: ref('window_id').notNull().references(() => mealWindows.id),
    periodName: varchar('period_name', { length: 20 }),
    method: mysqlEnum('method', ['account', 'wechat', 'voucher']).notNull(),
    official: boolean('official').notNull(),
    amountFen: int('amount_fen').notNull(),
    subsidyFen: int('subsidy_fen').notNull().default(0),
    personalFen: int('personal_fen').notNull().default(0),
    refundedFen: int('refunded_fen').notNull().default(0),
    status: mysqlEnum('status', ['awaiting_payment', 'paid', 'closed']).notNull(),
    wechatOutTradeNo: varchar('wechat_out_trade_no', { length: 32 }),
    wechatTransactionId: varchar('wechat_transaction_id', { length: 64 }),
    wechatOpenid: varchar('wechat_openid', { length: 64 }),
    entryId: ref('entry_id').references(() => journalEntries.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    paidAt: ts('paid_at'),
  },
  (t) => [
    uniqueIndex('meal_payments_out_trade_no_uq').on(t.wechatOutTradeNo),
    index('meal_payments_payer_idx').on(t.payerUserId, t.id),
    index('meal_payments_payer_window_idx').on(t.payerUserId, t.windowId, t.createdAt),
    // the 公务 cap sums a diner's payments of today
    index('meal_payments_payer_created_idx').on(t.payerUserId, t.createdAt),
    index('meal_payments_status_idx').on(t.status, t.createdAt),
    index('meal_payments_window_paid_idx').on(t.windowId, t.paidAt),
    index('meal_payments_merchant_paid_idx').on(t.merchantId, t.paidAt),
  ],
)

export const mealRefunds = mysqlTable(
  'meal_refunds',
  {
    id: id(),
    paymentId: ref('payment_id').notNull().references(() => mealPayments.id),
    amountFen: int('amount_fen').notNull(),
    subsidyFen: int('subsidy_fen').notNull().default(0),
    personalFen: int('personal_fen').notNull().default(0),
    reason: varchar('reason', { length: 200 }).notNull(),
    operatorUserId: ref('operator_user_id').notNull().references(() => users.id),
    status: mysqlEnum('status', ['processing', 'succeeded', 'failed']).notNull(),
    outRefundNo: varchar('out_refund_no', { length: 64 }).notNull(),
    wechatRefundId: varchar('wechat_refund_id', { length: 64 }),
    entryId: ref('entry_id').references(() => journalEntries.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('meal_refunds_out_refund_no_uq').on(t.outRefundNo), index('meal_refunds_payment_idx').on(t.paymentId)],
)

/** 个人 top-ups through WeChat Pay. */
export const mealTopups = mysqlTable(
  'meal_topups',
  {
    id: id(),
    userId: ref('user_id').notNull().references(() => users.id),
    amountFen: int('amount_fen').notNull(),
    status: mysqlEnum('status', ['awaiting_payment', 'paid', 'closed']).notNull(),
    outTradeNo: varchar('out_trade_no', { length: 32 }).notNull(),
    wechatTransactionId: varchar('wechat_transaction_id', { length: 64 }),
    entryId: ref('entry_id').references(() => journalEntries.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    paidAt: ts('paid_at'),
  },
  (t) => [uniqueIndex('meal_topups_out_trade_no_uq').on(t.outTradeNo), index('meal_topups_user_idx').on(t.userId), index('meal_topups_status_idx').on(t.status, t.createdAt)],
)

/**
 * The cashier's live feed: one row per event on a window, in commit order of its id. Lives in
 * the database so that every BFF instance sees every payment.
 */
export const cashierFeedEvents = mysqlTable(
  'cashier_feed_events',
  {
    id: id(),
    merchantId: ref('merchant_id').notNull(),
    windowId: ref('window_id').notNull(),
    paymentId: ref('payment_id').notNull(),
    kind: mysqlEnum('kind', ['paid', 'refunded']).notNull(),
    amountFen: int('amount_fen').notNull(),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('cashier_feed_merchant_idx').on(t.merchantId, t.id), index('cashier_feed_created_idx').on(t.createdAt)],
)

/** Requests that moved money, replayed for the same Idempotency-Key for at least 24 h. */
export const idempotencyKeys = mysqlTable(
  'idempotency_keys',
  {
    userId: ref('user_id').notNull(),
    scope: varchar('scope', { length: 40 }).notNull(),
    key: varchar('idem_key', { length: 100 }).notNull(),
    requestHash: char('request_hash', { length: 64 }).notNull(),
    status: smallint('status').notNull(),
    response: json('response').notNull(),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [primaryKey({ columns: [t.userId, t.scope, t.key] }), index('idempotency_created_idx').on(t.createdAt)],
)

/** 每月餐补: one run per unit and month (the unique key makes a second run impossible). */
export const subsidyRuns = mysqlTable(
  'subsidy_runs',
  {
    id: id(),
    unitId: ref('unit_id').notNull().references(() => units.id),
    month: char('month', { length: 7 }).notNull(),
    amountPerPersonFen: int('amount_per_person_fen').notNull(),
    people: int('people').notNull(),
    entryId: ref('entry_id').references(() => journalEntries.id),
    createdBy: ref('created_by').notNull().references(() => users.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('subsidy_runs_unit_month_uq').on(t.unitId, t.month)],
)

/** 日结单: the merchant's answer for each payment line of a day's statement. */
export const statementReviews = mysqlTable(
  'meal_statement_reviews',
  {
    paymentId: ref('payment_id').primaryKey().references(() => mealPayments.id),
    merchantId: ref('merchant_id').notNull().references(() => merchants.id),
    review: mysqlEnum('review', ['confirmed', 'disputed']).notNull(),
    note: varchar('note', { length: 200 }),
    reviewedBy: ref('reviewed_by').notNull().references(() => users.id),
    reviewedAt: ts('reviewed_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('statement_reviews_merchant_idx').on(t.merchantId)],
)

/** The masked code's first characters mix upper and lower case: kept byte for byte. */
const caseSensitivePrefix = customType<{ data: string }>({ dataType: () => 'char(4) CHARACTER SET ascii COLLATE ascii_bin' })

/** 电子餐券: issued by a unit for meeting attendees or visitors, redeemed once at any window. */
export const mealVouchers = mysqlTable(
  'meal_vouchers',
  {
    id: id(),
    /**
     * The bearer code in the holder's link (unguessable) is a key to the voucher's value, so it is
     * never stored in plaintext: lookups go by its sha256 (hex, so case-sensitive by nature) …
     */
    codeHash: char('code_hash', { length: 64 }).notNull(),
    /** … and the issuing unit's admin is shown the link again from the code sealed with the PII key
     * (null for vouchers issued before codes were sealed: they are shown masked, without a link) */
    codeSealed: varchar('code_sealed', { length: 128 }),
    /** the code's first 4 characters, for the masked form (前 4 位 + ****) */
    codePrefix: caseSensitivePrefix('code_prefix').notNull(),
    unitId: ref('unit_id').notNull().references(() => units.id),
    amountFen: int('amount_fen').notNull(),
    purpose: varchar('purpose', { length: 100 }).notNull(),
    holderName: varchar('holder_name', { length: 64 }),
    status: mysqlEnum('status', ['issued', 'redeemed', 'expired']).notNull().default('issued'),
    paymentId: ref('payment_id'),
    /**
     * The 报餐 booking (meal_orders.id) this voucher is reserved to while it is booked: it cannot pay
     * at a window or back a second booking; pick-up redeems it, a cancel or release clears this.
     */
    reservedOrderId: ref('reserved_order_id'),
    expiresAt: ts('expires_at').notNull(),
    createdBy: ref('created_by').notNull().references(() => users.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('meal_vouchers_code_hash_uq').on(t.codeHash), index('meal_vouchers_unit_idx').on(t.unitId)],
)
