import { sql } from 'drizzle-orm'
import { bigint, index, mysqlEnum, mysqlTable, varchar } from 'drizzle-orm/mysql-core'
import { id, ref, ts } from './columns'

/**
 * The ledger's accounts, each identified by (account, owner id):
 *   meal_subsidy / meal_personal   a diner's 补贴 / 个人 sub-balances (owner: user) — never negative
 *   meal_hold                      money a diner's 报餐 bookings hold until pick-up (owner: user)
 *   merchant_receivable            what a canteen is owed (owner: merchant)
 *   unit_subsidy_funding           subsidies a unit has granted (owner: unit; goes negative)
 *   unit_voucher_funding           vouchers a unit has issued (owner: unit; goes negative)
 *   voucher                        an unredeemed meal voucher (owner: voucher)
 *   wechat_clearing                money that came in through WeChat Pay (owner: 0; goes negative)
 */
export const LEDGER_ACCOUNTS = ['meal_subsidy', 'meal_personal', 'meal_hold', 'merchant_receivable', 'unit_subsidy_funding', 'unit_voucher_funding', 'voucher', 'wechat_clearing'] as const
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number]

export const JOURNAL_KINDS = ['payment', 'refund', 'topup', 'subsidy', 'voucher_issue', 'voucher_expiry', 'meal_hold', 'meal_hold_release'] as const

/** One balanced movement of money: its postings sum to zero. Never updated or deleted. */
export const journalEntries = mysqlTable('journal_entries', {
  id: id(),
  kind: mysqlEnum('kind', JOURNAL_KINDS).notNull(),
  memo: varchar('memo', { length: 200 }).notNull(),
  createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
})

/** Signed amounts: + into the account, − out of it. Never updated or deleted. */
export const postings = mysqlTable(
  'postings',
  {
    id: id(),
    entryId: ref('entry_id').notNull().references(() => journalEntries.id),
    account: mysqlEnum('account', LEDGER_ACCOUNTS).notNull(),
    ownerId: ref('owner_id').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [index('postings_account_idx').on(t.account, t.ownerId), index('postings_entry_idx').on(t.entryId)],
)
