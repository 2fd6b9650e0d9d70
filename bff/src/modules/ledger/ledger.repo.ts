import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client'
import { preparedWrite } from '../../db/prepared'
import { journalEntries, postings, type LedgerAccount } from '../../db/schema'
import type { JOURNAL_KINDS } from '../../db/schema/ledger'

export interface AccountRef {
  account: LedgerAccount
  ownerId: number
}

export interface Transfer {
  from: AccountRef
  to: AccountRef
  amountFen: number
}

/**
 * Writes one balanced journal entry: each transfer becomes a − posting on its source and a +
 * posting on its destination, so every entry sums to zero by construction. Accounts that keep a
 * stored balance (a diner's 补贴 / 个人) change in the same statement set, inside the caller's
 * transaction — the stored balance and the postings can never disagree.
 */
export async function postEntry(tx: DbOrTx, kind: (typeof JOURNAL_KINDS)[number], memo: string, transfers: Transfer[]): Promise<number> {
  const moving = transfers.filter((transfer) => transfer.amountFen !== 0)
  for (const transfer of moving) {
    if (!Number.isSafeInteger(transfer.amountFen) || transfer.amountFen < 0) throw new Error(`ledger: bad amount ${transfer.amountFen}`)
  }
  if (!moving.length) throw new Error('ledger: an entry must move money')
  // prepared statements: every payment, refund and top-up posts an entry
  const entry = await preparedWrite(tx, 'INSERT INTO journal_entries (kind, memo) VALUES (?, ?)', [kind, memo.slice(0, 200)])
  const rows = moving.flatMap((transfer) => [
    { entryId: entry.insertId, account: transfer.from.account, ownerId: transfer.from.ownerId, amountFen: -transfer.amountFen },
    { entryId: entry.insertId, account: transfer.to.account, ownerId: transfer.to.ownerId, amountFen: transfer.amountFen },
  ])
  await preparedWrite(
    tx,
    `INSERT INTO postings (entry_id, account, owner_id, amount_fen) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`,
    rows.flatMap((row) => [row.entryId, row.account, row.ownerId, row.amountFen]),
  )

  // Stored balances of meal accounts, one UPDATE per diner touched.
  const deltas = new Map<number, { subsidy: number; personal: number }>()
  for (const row of rows) {
    if (row.account !== 'meal_subsidy' && row.account !== 'meal_personal') continue
    const delta = deltas.get(row.ownerId) ?? { subsidy: 0, personal: 0 }
    if (row.account === 'meal_subsidy') delta.subsidy += row.amountFen
    else delta.personal += row.amountFen
    deltas.set(row.ownerId, delta)
  }
  for (const [userId, delta] of deltas) {
    const result = await preparedWrite(tx, 'UPDATE meal_accounts SET subsidy_fen = subsidy_fen + ?, personal_fen = personal_fen + ?, updated_at = CURRENT_TIMESTAMP(3) WHERE user_id = ?', [delta.subsidy, delta.personal, userId])
    if (result.affectedRows !== 1) throw new Error(`ledger: no meal account for user ${userId}`)
  }
  return entry.insertId
}

/**
 * The entries that moved an owner's accounts (newest first, before `beforeEntryId`), each with
 * the net change per account.
 */
export async function movementsOf(db: DbOrTx, ownerId: number, accounts: LedgerAccount[], beforeEntryId: number | undefined, limit: number) {
  const rows = await db
    .select({
      id: journalEntries.id,
      kind: journalEntries.kind,
      memo: journalEntries.memo,
      at: journalEntries.createdAt,
      account: postings.account,
      fen: sql<number>`SUM(${postings.amountFen})`,
    })
    .from(postings)
    .innerJoin(journalEntries, eq(journalEntries.id, postings.entryId))
    .where(and(eq(postings.ownerId, ownerId), inArray(postings.account, accounts), beforeEntryId ? lt(postings.entryId, beforeEntryId) : undefined))
    .groupBy(journalEntries.id, journalEntries.kind, journalEntries.memo, journalEntries.createdAt, postings.account)
    .orderBy(desc(journalEntries.id))
    .limit(limit * accounts.length)
  return rows.map((row) => ({ ...row, fen: Number(row.fen) }))
}
