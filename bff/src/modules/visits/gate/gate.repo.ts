import { and, asc, eq, gt, inArray, lt, lte, sql } from 'drizzle-orm'
import type { VisitStatus } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { preparedRows, preparedWrite } from '../../../db/prepared'
import { units, users, visits } from '../../../db/schema'

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
 * (visit_companions by visit, then the blocklist's unique index) is blocked. Written out as SQL:
 * it runs as a server-prepared statement (the bench's raw side runs this very text).
 */
export const GATE_VISIT_SQL = `SELECT v.id, v.status, v.visitor_name AS visitorName, v.plate_no AS plateNo, v.start_at AS startAt, v.end_at AS endAt,
  v.checked_in_at AS checkedInAt, v.checked_out_at AS checkedOutAt, v.host_user_id AS hostUserId, u.name AS hostName, un.name AS hostUnitName,
  (SELECT COUNT(*) FROM visit_companions c WHERE c.visit_id = v.id) AS companions, v.pass_nonce AS passNonce,
  (b.id IS NOT NULL OR EXISTS (SELECT 1 FROM visit_companions c JOIN visit_blocklist cb ON cb.id_number_hash = c.id_number_hash WHERE c.visit_id = v.id)) AS blocked
FROM visits v JOIN users u ON u.id = v.host_user_id LEFT JOIN units un ON un.id = v.host_unit_id LEFT JOIN visit_blocklist b ON b.id_number_hash = v.id_number_hash
WHERE v.id = ?`

export interface GateVisitRow {
  id: number
  status: VisitStatus
  visitorName: string
  plateNo: string | null
  startAt: Date
  endAt: Date
  checkedInAt: Date | null
  checkedOutAt: Date | null
  hostUserId: number
  hostName: string
  hostUnitName: string | null
  companions: number
  passNonce: string | null
  blocked: number
}

export async function findGateVisit(db: DbOrTx, visitId: number): Promise<GateVisitRow | null> {
  const [row] = await preparedRows<GateVisitRow>(db, GATE_VISIT_SQL, [visitId])
  // COUNT(*) is a BIGINT: a string once past 2^53 (supportBigNumbers), never here, but typed as a number
  return row ? { ...row, companions: Number(row.companions) } : null
}

/** The scan's write when it checks a visitor in (the bench's raw side runs this very text). */
export const CHECK_IN_SQL = "UPDATE visits SET status = 'checked_in', checked_in_at = ?, checked_in_by = ?, tell_host_in = 1 WHERE id = ? AND status = 'approved'"
const CHECK_OUT_SQL = "UPDATE visits SET status = 'checked_out', checked_out_at = ?, checked_out_by = ?, auto_checked_out = ?, tell_host_out = ? WHERE id = ? AND status = 'checked_in'"

/** Check-in, once: only the UPDATE that finds the visit still 'approved' changes it (1), every other sees 0. */
export async function markCheckedIn(tx: DbOrTx, visitId: number, at: Date, guardId: number): Promise<boolean> {
  return (await preparedWrite(tx, CHECK_IN_SQL, [at, guardId, visitId])).affectedRows === 1
}

/** Check-out, once: only from 'checked_in'. `guardId` null = the end-of-day job. */
export async function markCheckedOut(tx: DbOrTx, visitId: number, at: Date, guardId: number | null): Promise<boolean> {
  // the end-of-day job tells the host itself, in its own words
  return (await preparedWrite(tx, CHECK_OUT_SQL, [at, guardId, guardId === null, guardId !== null, visitId])).affectedRows === 1
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
