import { and, asc, count, desc, eq, gt, gte, inArray, lt, lte, notExists, or, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { AssetCondition, AssetLoanReminder, AssetLoanStatus, AssetStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { insertMany } from '../../../db/bulk'
import { assetLoanDays, assetLoanReminders, assetLoans, assets, units, users } from '../../../db/schema'

export type LoanRecord = typeof assetLoans.$inferSelect

const ownerUnits = alias(units, 'owner_units')
const borrowers = alias(users, 'borrowers')
const borrowerUnits = alias(units, 'borrower_units')
const deciders = alias(users, 'deciders')

/** The loan, its asset and the names it shows: what the presenter needs. */
const loanColumns = {
  loan: assetLoans,
  assetName: assets.name,
  ownerUnitName: ownerUnits.name,
  borrowerName: borrowers.name,
  borrowerUnitName: borrowerUnits.name,
  decidedByName: deciders.name,
}

function loanQuery(db: DbOrTx) {
  return db
    .select(loanColumns)
    .from(assetLoans)
    .innerJoin(assets, eq(assets.id, assetLoans.assetId))
    .innerJoin(ownerUnits, eq(ownerUnits.id, assetLoans.ownerUnitId))
    .innerJoin(borrowers, eq(borrowers.id, assetLoans.borrowerUserId))
    .leftJoin(borrowerUnits, eq(borrowerUnits.id, assetLoans.borrowerUnitId))
    .leftJoin(deciders, eq(deciders.id, assetLoans.decidedByUserId))
}
export type LoanRow = Awaited<ReturnType<typeof loanRowById>> & object

export async function loanRowById(db: DbOrTx, id: number) {
  const [row] = await loanQuery(db).where(eq(assetLoans.id, id))
  return row ?? null
}

/** Which loans a list shows: one of the views, and optionally one status. */
export type LoanFilter =
  | { view: 'borrower'; userId: number }
  | { view: 'owner'; unitId: number | null }
  /** what waits for a keeper: requests to decide, approved loans whose first day has come, loans out to take back; no unit: requests to decide anywhere (the centre) */
  | { view: 'keeper-todo'; unitId: number | null; today: string }

function whereOf(filter: LoanFilter): SQL | undefined {
  if (filter.view === 'borrower') return eq(assetLoans.borrowerUserId, filter.userId)
  if (filter.view === 'owner') return filter.unitId === null ? undefined : eq(assetLoans.ownerUnitId, filter.unitId)
  if (filter.unitId === null) return eq(assetLoans.status, 'pending')
  return and(
    eq(assetLoans.ownerUnitId, filter.unitId),
    or(inArray(assetLoans.status, ['pending', 'on_loan']), and(eq(assetLoans.status, 'approved'), lte(assetLoans.startDate, filter.today))),
  )
}

/** Newest first, after an optional cursor (the last id seen). */
export async function loanRows(db: DbOrTx, filter: LoanFilter, status: AssetLoanStatus | undefined, beforeId: number | undefined, limit: number): Promise<LoanRow[]> {
  return loanQuery(db)
    .where(and(whereOf(filter), status ? eq(assetLoans.status, status) : undefined, beforeId ? lt(assetLoans.id, beforeId) : undefined))
    .orderBy(desc(assetLoans.id))
    .limit(limit)
}

/** 有借不还: loans out past their due date, the most overdue first (status, end_date index). */
export async function overdueRows(db: DbOrTx, today: string, limit: number): Promise<LoanRow[]> {
  return loanQuery(db)
    .where(and(eq(assetLoans.status, 'on_loan'), lt(assetLoans.endDate, today)))
    .orderBy(asc(assetLoans.endDate), asc(assetLoans.id))
    .limit(limit)
}

export async function insertLoan(tx: DbOrTx, values: typeof assetLoans.$inferInsert): Promise<number> {
  const [result] = await tx.insert(assetLoans).values(values)
  return result.insertId
}

/**
 * Holds the loan's days: ONE multi-row INSERT, in day order (two requests wanting the same days
 * queue on the first instead of deadlocking). A day held by another loan fails the statement with
 * a duplicate key (1062) and the caller's transaction rolls back.
 */
export async function holdDays(tx: DbOrTx, assetId: number, loanId: number, days: string[]): Promise<void> {
  await insertMany(
    tx,
    assetLoanDays,
    [...days].sort().map((day) => ({ assetId, day, loanId })),
  )
}

/** Frees a loan's days (after `afterDay` only, when given: a return keeps the days already used). */
export async function releaseDays(tx: DbOrTx, loanId: number, afterDay?: string): Promise<void> {
  await tx.delete(assetLoanDays).where(and(eq(assetLoanDays.loanId, loanId), afterDay ? gt(assetLoanDays.day, afterDay) : undefined))
}

/** The days of this asset held from `fromDay` on, in order (to find the next free range). */
export async function heldDaysFrom(db: DbOrTx, assetId: number, fromDay: string): Promise<string[]> {
  const rows = await db
    .select({ day: assetLoanDays.day })
    .from(assetLoanDays)
    .where(and(eq(assetLoanDays.assetId, assetId), gte(assetLoanDays.day, fromDay)))
    .orderBy(asc(assetLoanDays.day))
  return rows.map((row) => row.day)
}

export async function lockLoan(tx: DbOrTx, id: number): Promise<LoanRecord | null> {
  const [row] = await tx.select().from(assetLoans).where(eq(assetLoans.id, id)).for('update')
  return row ?? null
}

/** One step of the loan: only if it is still in one of `from` (racing deciders: one wins, the rest change nothing). */
export async function advanceLoan(tx: DbOrTx, id: number, from: AssetLoanStatus[], set: Partial<typeof assetLoans.$inferInsert>): Promise<boolean> {
  const [result] = await tx
    .update(assetLoans)
    .set(set)
    .where(and(eq(assetLoans.id, id), inArray(assetLoans.status, from)))
  return result.affectedRows === 1
}

/** The asset goes out on loan, or comes back (with the condition it came back in). */
export async function setAssetState(tx: DbOrTx, assetId: number, set: { status: AssetStatus; condition?: AssetCondition; at: Date }): Promise<void> {
  await tx
    .update(assets)
    .set({ status: set.status, ...(set.condition ? { condition: set.condition } : {}), updatedAt: set.at })
    .where(eq(assets.id, assetId))
}

export interface ReminderCandidate {
  id: number
  endDate: string
  sent: AssetLoanReminder[]
}

/**
 * Loans out whose due date is at most `lastEndDate` (status, end_date index) and whose last step
 * (+7 days, to the centre) has not gone yet, with the steps already sent.
 */
export async function reminderCandidates(db: DbOrTx, lastEndDate: string, limit: number): Promise<ReminderCandidate[]> {
  const loans = await db
    .select({ id: assetLoans.id, endDate: assetLoans.endDate })
    .from(assetLoans)
    .where(
      and(
        eq(assetLoans.status, 'on_loan'),
        lte(assetLoans.endDate, lastEndDate),
        notExists(db.select({ one: assetLoanReminders.loanId }).from(assetLoanReminders).where(and(eq(assetLoanReminders.loanId, assetLoans.id), eq(assetLoanReminders.step, 'overdue_7')))),
      ),
    )
    .orderBy(asc(assetLoans.endDate), asc(assetLoans.id))
    .limit(limit)
  if (!loans.length) return []
  const sent = await db
    .select({ loanId: assetLoanReminders.loanId, step: assetLoanReminders.step })
    .from(assetLoanReminders)
    .where(inArray(assetLoanReminders.loanId, loans.map((loan) => loan.id)))
  return loans.map((loan) => ({ ...loan, sent: sent.filter((row) => row.loanId === loan.id).map((row) => row.step) }))
}

/** Marks a step sent: true when this call did (INSERT IGNORE on the (loan, step) key — each step once). */
export async function markReminderSent(tx: DbOrTx, loanId: number, step: AssetLoanReminder, at: Date): Promise<boolean> {
  const [result] = await tx.insert(assetLoanReminders).ignore().values({ loanId, step, sentAt: at })
  return result.affectedRows === 1
}

/** 待办 for a keeper: requests waiting for a decision, approved loans to hand over by today (owner_unit, status index). */
export async function countForKeeper(db: DbOrTx, unitId: number, today: string): Promise<{ toApprove: number; toHandOver: number }> {
  const [toApprove] = await db
    .select({ n: count() })
    .from(assetLoans)
    .where(and(eq(assetLoans.ownerUnitId, unitId), eq(assetLoans.status, 'pending')))
  const [toHandOver] = await db
    .select({ n: count() })
    .from(assetLoans)
    .where(and(eq(assetLoans.ownerUnitId, unitId), eq(assetLoans.status, 'approved'), lte(assetLoans.startDate, today)))
  return { toApprove: Number(toApprove?.n ?? 0), toHandOver: Number(toHandOver?.n ?? 0) }
}

/** 待办 for a borrower: their loans out due by `lastEndDate` (borrower index; a person has few loans out). */
export async function dueOfBorrower(db: DbOrTx, userId: number, lastEndDate: string): Promise<{ id: number; endDate: string; assetName: string }[]> {
  return db
    .select({ id: assetLoans.id, endDate: assetLoans.endDate, assetName: assets.name })
    .from(assetLoans)
    .innerJoin(assets, eq(assets.id, assetLoans.assetId))
    .where(and(eq(assetLoans.borrowerUserId, userId), eq(assetLoans.status, 'on_loan'), lte(assetLoans.endDate, lastEndDate)))
    .orderBy(asc(assetLoans.endDate))
    .limit(20)
}

/** Loans of a borrower or of an asset in these statuses, locked (someone leaving; 报废). */
export async function lockLoansWhere(tx: DbOrTx, of: { borrowerUserId: number } | { assetId: number }, statuses: AssetLoanStatus[]): Promise<WaitingLoan[]> {
  return tx
    .select({ id: assetLoans.id, assetId: assetLoans.assetId, borrowerUserId: assetLoans.borrowerUserId, status: assetLoans.status, ownerUnitId: assetLoans.ownerUnitId, assetName: assets.name, startDate: assetLoans.startDate, endDate: assetLoans.endDate })
    .from(assetLoans)
    .innerJoin(assets, eq(assets.id, assetLoans.assetId))
    .where(and('assetId' in of ? eq(assetLoans.assetId, of.assetId) : eq(assetLoans.borrowerUserId, of.borrowerUserId), inArray(assetLoans.status, statuses)))
    .orderBy(asc(assetLoans.id))
    .for('update')
}
export interface WaitingLoan {
  id: number
  assetId: number
  borrowerUserId: number
  status: AssetLoanStatus
  ownerUnitId: number
  assetName: string
  startDate: string
  endDate: string
}
