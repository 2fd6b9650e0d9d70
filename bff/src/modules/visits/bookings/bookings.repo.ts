import { and, count, desc, eq, gt, inArray, isNotNull, isNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { piiAccessLog, units, userRoles, users, visitCompanions, visits } from '../../../db/schema'
import { completeViews, viewQuery, type VisitView } from '../common/visit-row.repo'

/** Visits I host, plus (an approver) my unit's visits that were escalated. */
function hostedBy(userId: number, approverUnitId: number | null): SQL {
  const mine = eq(visits.hostUserId, userId)
  return approverUnitId ? or(mine, and(eq(visits.hostUnitId, approverUnitId), isNotNull(visits.escalatedAt)))! : mine
}

export async function listVisits(db: DbOrTx, who: { as: 'visitor' | 'host'; userId: number; approverUnitId: number | null }, beforeId: number | undefined, limit: number): Promise<VisitView[]> {
  const mine = who.as === 'visitor' ? eq(visits.visitorUserId, who.userId) : hostedBy(who.userId, who.approverUnitId)
  const rows = await viewQuery(db)
    .where(and(mine, beforeId ? lt(visits.id, beforeId) : undefined))
    .orderBy(desc(visits.id))
    .limit(limit)
  return completeViews(db, rows)
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Active staff of one unit whose name contains `q`: a handful, never the whole directory. */
export async function searchHosts(db: DbOrTx, unitId: number, q: string, limit: number) {
  return db
    .select({ id: users.id, name: users.name, unitName: units.name })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'staff')))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.unitId, unitId), eq(users.status, 'active'), like(users.name, `%${likeEscape(q)}%`)))
    .orderBy(users.name, users.id)
    .limit(limit)
}

/** My latest visits' details (masks only), newest first, for offering them again. */
export async function recentDetailsOf(db: DbOrTx, userId: number, limit: number) {
  return db
    .select({
      visitorName: visits.visitorName,
      mobileMasked: visits.mobileMasked,
      mobileHash: visits.mobileHash,
      idType: visits.idType,
      idNumberMasked: visits.idNumberMasked,
      idNumberHash: visits.idNumberHash,
      company: visits.company,
      plateNo: visits.plateNo,
    })
    .from(visits)
    .where(and(eq(visits.visitorUserId, userId), isNull(visits.purgedAt), isNotNull(visits.idNumberHash)))
    .orderBy(desc(visits.id))
    .limit(limit)
}

export async function insertPiiAccess(tx: DbOrTx, row: typeof piiAccessLog.$inferInsert): Promise<void> {
  await tx.insert(piiAccessLog).values(row)
}

/** Pending visits nobody answered since `answeredBefore`, still to come or under way, not yet escalated. */
/** Pending visits a host has not answered yet (they are leaving: the unit's approvers take them over). */
export async function pendingHostedBy(db: DbOrTx, hostUserId: number): Promise<number[]> {
  const rows = await db.select({ id: visits.id }).from(visits).where(and(eq(visits.hostUserId, hostUserId), eq(visits.status, 'pending'), isNull(visits.escalatedAt)))
  return rows.map((row) => row.id)
}

export async function dueForEscalation(db: DbOrTx, createdBefore: Date, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.status, 'pending'), isNull(visits.escalatedAt), lte(visits.createdAt, createdBefore), gt(visits.endAt, now)))
    .orderBy(visits.id)
    .limit(limit)
  return rows.map((row) => row.id)
}

/** Visits over `endedBefore` that still hold personal data. */
export async function dueForPurge(db: DbOrTx, endedBefore: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: visits.id })
    .from(visits)
    .where(and(isNull(visits.purgedAt), lt(visits.endAt, endedBefore)))
    .orderBy(visits.id)
    .limit(limit)
  return rows.map((row) => row.id)
}

/**
 * Anonymises visits: every sealed value, blind index and mask goes, names keep their first
 * character (张**), the plate goes too; status, host, unit and times stay for the statistics.
 */
export async function purgeVisits(tx: DbOrTx, ids: number[], at: Date): Promise<void> {
  await tx
    .update(visits)
    .set({
      visitorName: sql`CONCAT(LEFT(${visits.visitorName}, 1), '**')`,
      mobileEnc: null,
      mobileHash: null,
      mobileMasked: null,
      idNumberEnc: null,
      idNumberHash: null,
      idNumberMasked: null,
      plateNo: null,
      purgedAt: at,
    })
    .where(inArray(visits.id, ids))
  await tx
    .update(visitCompanions)
    .set({ name: sql`CONCAT(LEFT(${visitCompanions.name}, 1), '**')`, idNumberEnc: null, idNumberHash: null, idNumberMasked: null })
    .where(inArray(visitCompanions.visitId, ids))
}

/** How many pending visits wait for this user's answer. */
export async function countAwaitingDecision(db: DbOrTx, userId: number, approverUnitId: number | null): Promise<number> {
  const [row] = await db.select({ n: count() }).from(visits).where(and(eq(visits.status, 'pending'), hostedBy(userId, approverUnitId)))
  return Number(row.n)
}

/** The visitor's approved (or under way) visits overlapping [from, to) that have not ended by `now`. */
export async function visitorVisitsBetween(db: DbOrTx, userId: number, from: Date, to: Date, now: Date) {
  return db
    .select({ id: visits.id, startAt: visits.startAt, endAt: visits.endAt, hostName: users.name })
    .from(visits)
    .innerJoin(users, eq(users.id, visits.hostUserId))
    .where(and(eq(visits.visitorUserId, userId), inArray(visits.status, ['approved', 'checked_in']), lt(visits.startAt, to), gt(visits.endAt, from), gt(visits.endAt, now)))
    .orderBy(visits.startAt)
    .limit(5)
}

/** Visits expected at the gate in [from, to): approved, pending or already inside; and how many bring a car. */
export async function expectedBetween(db: DbOrTx, from: Date, to: Date): Promise<{ visits: number; plates: number }> {
  const [row] = await db
    .select({ visits: count(), plates: count(visits.plateNo) })
    .from(visits)
    .where(and(inArray(visits.status, ['pending', 'approved', 'checked_in']), lt(visits.startAt, to), gt(visits.endAt, from)))
  return { visits: Number(row.visits), plates: Number(row.plates) }
}
