import { and, asc, eq, gt, inArray, lt, lte, sql, type Placeholder } from 'drizzle-orm'
import type { VisitStatus } from '@egj/shared'
import type { Db, DbOrTx, Tx } from '../../../db/client'
import { units, users, visitBlocklist, visits } from '../../../db/schema'

/** What the guard's screen shows about a visit (GateVisitSummary before presenting), plus what the rules need. */
const summary = {
  id: visits.id,
  status: visits.status,
  visitorName: visits.visitorName,
  plateNo: visits.plateNo,
  startAt: visits.startAt,
  endAt: visits.endAt,
  checkedInAt: visits.checkedInAt,
  hostUserId: visits.hostUserId,
  hostName: users.name,
  hostUnitName: units.name,
  companions: sql<number>`(SELECT COUNT(*) FROM visit_companions c WHERE c.visit_id = ${visits.id})`.mapWith(Number),
}

/**
 * The scan's one read, by primary key: the visit, its host and unit, its pass nonce, and whether
 * the visitor (blocklist joined on the ID number's blind index, unique) or any companion
 * (visit_companions by visit, then the blocklist's unique index) is blocked.
 */
export function gateVisitQuery(db: DbOrTx, visitId: number | Placeholder) {
  return db
    .select({
      ...summary,
      passNonce: visits.passNonce,
      checkedOutAt: visits.checkedOutAt,
      blocked: sql<number>`(${visitBlocklist.id} IS NOT NULL OR EXISTS (SELECT 1 FROM visit_companions c JOIN visit_blocklist cb ON cb.id_number_hash = c.id_number_hash WHERE c.visit_id = ${visits.id}))`.mapWith(Number),
    })
    .from(visits)
    .innerJoin(users, eq(users.id, visits.hostUserId))
    .leftJoin(units, eq(units.id, visits.hostUnitId))
    .leftJoin(visitBlocklist, eq(visitBlocklist.idNumberHash, visits.idNumberHash))
    .where(eq(visits.id, visitId))
}

// the scan's hot path: the statement is built once per database, not per scan
const prepared = new WeakMap<Db, ReturnType<typeof prepareGateVisitQuery>>()
const prepareGateVisitQuery = (db: Db) => gateVisitQuery(db, sql.placeholder('id')).prepare()

export async function findGateVisit(db: Db, visitId: number) {
  let query = prepared.get(db)
  if (!query) prepared.set(db, (query = prepareGateVisitQuery(db)))
  const [row] = await query.execute({ id: visitId })
  return row ?? null
}
export type GateVisitRow = NonNullable<Awaited<ReturnType<typeof findGateVisit>>>

/** Check-in, once: only the UPDATE that finds the visit still 'approved' changes it (1), every other sees 0. */
export async function markCheckedIn(tx: DbOrTx, visitId: number, at: Date, guardId: number): Promise<boolean> {
  const [result] = await tx
    .update(visits)
    .set({ status: 'checked_in', checkedInAt: at, checkedInBy: guardId, tellHostIn: true })
    .where(and(eq(visits.id, visitId), eq(visits.status, 'approved')))
  return result.affectedRows === 1
}

/** Check-out, once: only from 'checked_in'. `guardId` null = the end-of-day job. */
export async function markCheckedOut(tx: DbOrTx, visitId: number, at: Date, guardId: number | null): Promise<boolean> {
  const [result] = await tx
    .update(visits)
    // the end-of-day job tells the host itself, in its own words
    .set({ status: 'checked_out', checkedOutAt: at, checkedOutBy: guardId, autoCheckedOut: guardId === null, tellHostOut: guardId !== null })
    .where(and(eq(visits.id, visitId), eq(visits.status, 'checked_in')))
  return result.affectedRows === 1
}

const summaryQuery = (db: DbOrTx) => db.select(summary).from(visits).innerJoin(users, eq(users.id, visits.hostUserId)).leftJoin(units, eq(units.id, visits.hostUnitId))
export type GateSummaryRow = Awaited<ReturnType<typeof onSite>>[number]

/**
 * Visits whose window [start, end) overlaps [from, to). A window is at most `maxLengthMs` long, so
 * start_at is bounded on both sides and (status, start_at) serves the range.
 */
export async function overlapping(db: DbOrTx, from: Date, to: Date, statuses: VisitStatus[], maxLengthMs: number, limit: number) {
  return summaryQuery(db)
    .where(and(inArray(visits.status, statuses), gt(visits.startAt, new Date(from.getTime() - maxLengthMs)), lt(visits.startAt, to), gt(visits.endAt, from)))
    .orderBy(asc(visits.startAt), asc(visits.id))
    .limit(limit)
}

/** Everyone inside now, earliest arrival first: the evacuation list has no page limit. */
export async function onSite(db: DbOrTx) {
  return summaryQuery(db).where(eq(visits.status, 'checked_in')).orderBy(asc(visits.checkedInAt), asc(visits.id))
}

/** Visitors still inside whose window ended before `endedBy`. */
export async function stillInsideAfter(db: DbOrTx, endedBy: Date, limit: number) {
  return db
    .select({ id: visits.id, visitorName: visits.visitorName, hostUserId: visits.hostUserId })
    .from(visits)
    .where(and(eq(visits.status, 'checked_in'), lte(visits.endAt, endedBy)))
    .orderBy(asc(visits.id))
    .limit(limit)
}

/** Visits whose host is still to hear of a check-in or check-out (two index lookups). */
export async function visitsWithNews(db: DbOrTx, limit: number): Promise<number[]> {
  const ins = await db.select({ id: visits.id }).from(visits).where(eq(visits.tellHostIn, true)).limit(limit)
  const outs = await db.select({ id: visits.id }).from(visits).where(eq(visits.tellHostOut, true)).limit(limit)
  return [...new Set([...ins, ...outs].map((row) => row.id))]
}

/** One visit's news, locked: what to tell and the words for it. */
export async function lockNews(tx: Tx, visitId: number) {
  const [row] = await tx
    .select({ id: visits.id, hostUserId: visits.hostUserId, visitorName: visits.visitorName, tellHostIn: visits.tellHostIn, tellHostOut: visits.tellHostOut, checkedInAt: visits.checkedInAt, checkedOutAt: visits.checkedOutAt })
    .from(visits)
    .where(eq(visits.id, visitId))
    .for('update')
  return row ?? null
}

export async function clearNews(tx: Tx, visitId: number): Promise<void> {
  await tx.update(visits).set({ tellHostIn: false, tellHostOut: false }).where(eq(visits.id, visitId))
}
