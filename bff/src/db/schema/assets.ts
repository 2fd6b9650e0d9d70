import { sql } from 'drizzle-orm'
import { bigint, boolean, customType, index, int, json, mysqlEnum, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { ASSET_CATEGORIES, ASSET_CONDITIONS, ASSET_DISPOSAL_STATUSES, ASSET_LOAN_REMINDERS, ASSET_LOAN_STATUSES, ASSET_STATUSES, ASSET_TRANSFER_STATUSES } from '@egj/shared'
import { id, ref, ts } from './columns'
import { units, users } from './org'

// 公物仓: assets shared between units — register, 调剂, 借用, 盘点, check before buying, 报废.

const mediumBlob = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'mediumblob' })
const created = () => ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`)

/** One row per asset for life: its id is in its printed code, so the code never changes (transfers move `unit_id`). */
export const assets = mysqlTable(
  'assets',
  {
    id: id(),
    unitId: ref('unit_id').notNull().references(() => units.id),
    name: varchar('name', { length: 50 }).notNull(),
    category: mysqlEnum('category', ASSET_CATEGORIES).notNull(),
    brand: varchar('brand', { length: 30 }),
    model: varchar('model', { length: 50 }),
    condition: mysqlEnum('condition', ASSET_CONDITIONS).notNull(),
    originalValueFen: bigint('original_value_fen', { mode: 'number' }).notNull(),
    /** YYYY-MM-DD */
    acquiredOn: varchar('acquired_on', { length: 10 }).notNull(),
    location: varchar('location', { length: 50 }).notNull(),
    status: mysqlEnum('status', ASSET_STATUSES).notNull(),
    registeredByUserId: ref('registered_by_user_id').notNull().references(() => users.id),
    /** when it last went into the warehouse (闲置): the warehouse lists the newest first */
    listedAt: ts('listed_at'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    // the warehouse: idle assets by category, newest first
    index('assets_status_category_idx').on(t.status, t.category, t.id),
    // a keeper's own list and the stocktake's expected set
    index('assets_unit_status_idx').on(t.unitId, t.status, t.id),
  ],
)

/** Photos, checked by their bytes (JPEG or PNG), ≤ 2 MB, at most 6 an asset. */
export const assetPhotos = mysqlTable(
  'asset_photos',
  {
    id: id(),
    assetId: ref('asset_id').notNull().references(() => assets.id),
    type: varchar('type', { length: 20 }).notNull(),
    bytes: mediumBlob('bytes').notNull(),
    createdAt: created(),
  },
  (t) => [index('asset_photos_asset_idx').on(t.assetId, t.id)],
)

/**
 * The asset's history (履历), append-only, written in the transaction of what it records: owned by,
 * listed, loans, transfers, stocktakes, 报废 (and repairs once 报修 exists). `unit_id` is the owner
 * at the time and `value_fen` the value moved, so the monthly figures read this table.
 */
export const assetEvents = mysqlTable(
  'asset_events',
  {
    id: id(),
    assetId: ref('asset_id').notNull().references(() => assets.id),
    at: ts('at').notNull(),
    kind: varchar('kind', { length: 30 }).notNull(),
    text: varchar('text', { length: 300 }).notNull(),
    actorUserId: ref('actor_user_id').references(() => users.id),
    unitId: ref('unit_id').references(() => units.id),
    /** original / residual value moved (transfer, loan), for the monthly 节约价值 */
    originalValueFen: bigint('original_value_fen', { mode: 'number' }),
    residualValueFen: bigint('residual_value_fen', { mode: 'number' }),
  },
  (t) => [index('asset_events_asset_idx').on(t.assetId, t.id), index('asset_events_kind_at_idx').on(t.kind, t.at)],
)

export const assetTransfers = mysqlTable(
  'asset_transfers',
  {
    id: id(),
    assetId: ref('asset_id').notNull().references(() => assets.id),
    fromUnitId: ref('from_unit_id').notNull().references(() => units.id),
    toUnitId: ref('to_unit_id').notNull().references(() => units.id),
    requestedByUserId: ref('requested_by_user_id').notNull().references(() => users.id),
    reason: varchar('reason', { length: 200 }).notNull(),
    status: mysqlEnum('status', ASSET_TRANSFER_STATUSES).notNull(),
    agreedByUserId: ref('agreed_by_user_id').references(() => users.id),
    agreedAt: ts('agreed_at'),
    approvedByUserId: ref('approved_by_user_id').references(() => users.id),
    approvedAt: ts('approved_at'),
    receivedByUserId: ref('received_by_user_id').references(() => users.id),
    receivedAt: ts('received_at'),
    rejectedByUserId: ref('rejected_by_user_id').references(() => users.id),
    rejectedAt: ts('rejected_at'),
    rejectReason: varchar('reject_reason', { length: 200 }),
    cancelledAt: ts('cancelled_at'),
    /** 调拨单号, given at receipt */
    slipNo: varchar('slip_no', { length: 20 }),
    /** the values on the 调拨单, fixed at receipt */
    originalValueFen: bigint('original_value_fen', { mode: 'number' }),
    residualValueFen: bigint('residual_value_fen', { mode: 'number' }),
    createdAt: created(),
  },
  (t) => [
    index('asset_transfers_asset_idx').on(t.assetId, t.status),
    index('asset_transfers_to_unit_idx').on(t.toUnitId, t.id),
    index('asset_transfers_from_unit_idx').on(t.fromUnitId, t.id),
    index('asset_transfers_status_idx').on(t.status, t.id),
    uniqueIndex('asset_transfers_slip_no_uq').on(t.slipNo),
  ],
)

export const assetLoans = mysqlTable(
  'asset_loans',
  {
    id: id(),
    assetId: ref('asset_id').notNull().references(() => assets.id),
    /** the asset's unit when requested: its keeper decides */
    ownerUnitId: ref('owner_unit_id').notNull().references(() => units.id),
    borrowerUserId: ref('borrower_user_id').notNull().references(() => users.id),
    borrowerUnitId: ref('borrower_unit_id').references(() => units.id),
    /** YYYY-MM-DD, both ends included */
    startDate: varchar('start_date', { length: 10 }).notNull(),
    endDate: varchar('end_date', { length: 10 }).notNull(),
    purpose: varchar('purpose', { length: 100 }).notNull(),
    status: mysqlEnum('status', ASSET_LOAN_STATUSES).notNull(),
    decidedByUserId: ref('decided_by_user_id').references(() => users.id),
    decidedAt: ts('decided_at'),
    rejectReason: varchar('reject_reason', { length: 200 }),
    handedOverByUserId: ref('handed_over_by_user_id').references(() => users.id),
    handedOverAt: ts('handed_over_at'),
    returnedByUserId: ref('returned_by_user_id').references(() => users.id),
    returnedAt: ts('returned_at'),
    returnCondition: mysqlEnum('return_condition', ASSET_CONDITIONS),
    returnNote: varchar('return_note', { length: 200 }),
    cancelledAt: ts('cancelled_at'),
    createdAt: created(),
  },
  (t) => [
    index('asset_loans_asset_start_idx').on(t.assetId, t.startDate),
    index('asset_loans_borrower_idx').on(t.borrowerUserId, t.id),
    index('asset_loans_owner_status_idx').on(t.ownerUnitId, t.status, t.id),
    // the reminder job and the overdue list: loans out by due date
    index('asset_loans_status_end_idx').on(t.status, t.endDate),
  ],
)

/**
 * THE GUARANTEE (as `room_slots` for rooms): one row per day a pending, approved or current loan
 * holds, primary key (asset_id, day), written with the loan in one transaction. A second loan
 * touching any of those days hits the key — two people racing for the same days cannot both win.
 * Rejecting, cancelling or returning a loan deletes its days (a return, those not yet used).
 */
export const assetLoanDays = mysqlTable(
  'asset_loan_days',
  {
    assetId: ref('asset_id').notNull(),
    /** YYYY-MM-DD */
    day: varchar('day', { length: 10 }).notNull(),
    loanId: ref('loan_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.day] }), index('asset_loan_days_loan_idx').on(t.loanId)],
)

/** Each reminder step of a loan is sent once: the key is the proof (INSERT IGNORE, then notify, one transaction). */
export const assetLoanReminders = mysqlTable(
  'asset_loan_reminders',
  {
    loanId: ref('loan_id').notNull().references(() => assetLoans.id),
    step: mysqlEnum('step', ASSET_LOAN_REMINDERS).notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.loanId, t.step] })],
)

/** 查询凭证: a unit searched the warehouse before buying. */
export const assetBuyChecks = mysqlTable(
  'asset_buy_checks',
  {
    id: id(),
    receiptNo: varchar('receipt_no', { length: 30 }).notNull(),
    unitId: ref('unit_id').notNull().references(() => units.id),
    userId: ref('user_id').notNull().references(() => users.id),
    category: mysqlEnum('category', ASSET_CATEGORIES).notNull(),
    q: varchar('q', { length: 50 }),
    matchCount: int('match_count').notNull(),
    /** the asset ids found, as shown on the 凭证 */
    matchIds: json('match_ids').$type<number[]>().notNull(),
    createdAt: created(),
  },
  (t) => [uniqueIndex('asset_buy_checks_receipt_uq').on(t.receiptNo), index('asset_buy_checks_unit_idx').on(t.unitId, t.createdAt)],
)

export const assetPurchases = mysqlTable(
  'asset_purchases',
  {
    id: id(),
    buyCheckId: ref('buy_check_id').notNull().references(() => assetBuyChecks.id),
    unitId: ref('unit_id').notNull().references(() => units.id),
    userId: ref('user_id').notNull().references(() => users.id),
    category: mysqlEnum('category', ASSET_CATEGORIES).notNull(),
    name: varchar('name', { length: 50 }).notNull(),
    quantity: int('quantity').notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    whyNotReuse: varchar('why_not_reuse', { length: 200 }),
    createdAt: created(),
  },
  (t) => [index('asset_purchases_unit_idx').on(t.unitId, t.id)],
)

export const assetStocktakes = mysqlTable(
  'asset_stocktakes',
  {
    id: id(),
    unitId: ref('unit_id').notNull().references(() => units.id),
    /** the unit while open, NULL once finished: the unique key allows one open stocktake a unit */
    openUnitId: ref('open_unit_id'),
    status: mysqlEnum('status', ['open', 'finished']).notNull(),
    startedByUserId: ref('started_by_user_id').notNull().references(() => users.id),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    /** what finishing found, kept as it was then (later transfers do not rewrite a finished stocktake) */
    result: json('result').$type<Record<string, unknown>>(),
  },
  (t) => [uniqueIndex('asset_stocktakes_open_uq').on(t.openUnitId), index('asset_stocktakes_unit_idx').on(t.unitId, t.id)],
)

/** A code scanned in a stocktake, once (a code sent twice, or queued offline and sent again, counts once). */
export const assetStocktakeScans = mysqlTable(
  'asset_stocktake_scans',
  {
    stocktakeId: ref('stocktake_id').notNull().references(() => assetStocktakes.id),
    assetId: ref('asset_id').notNull().references(() => assets.id),
    /** registered to another unit when scanned */
    otherUnit: boolean('other_unit').notNull(),
    scannedByUserId: ref('scanned_by_user_id').notNull().references(() => users.id),
    scannedAt: ts('scanned_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stocktakeId, t.assetId] })],
)

/** 报废: the keeper asks with a reason, the centre decides; a disposed asset keeps its history. */
export const assetDisposals = mysqlTable(
  'asset_disposals',
  {
    id: id(),
    assetId: ref('asset_id').notNull().references(() => assets.id),
    requestedByUserId: ref('requested_by_user_id').notNull().references(() => users.id),
    reason: varchar('reason', { length: 200 }).notNull(),
    status: mysqlEnum('status', ASSET_DISPOSAL_STATUSES).notNull(),
    decidedByUserId: ref('decided_by_user_id').references(() => users.id),
    decidedAt: ts('decided_at'),
    rejectReason: varchar('reject_reason', { length: 200 }),
    createdAt: created(),
  },
  (t) => [index('asset_disposals_status_idx').on(t.status, t.id), index('asset_disposals_asset_idx').on(t.assetId, t.status)],
)
