import { and, count, desc, eq, gte, isNotNull, lt, ne, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { piiAccessLog, units, users, visitBlocklist, visits } from '../../../db/schema'

export type BlocklistRow = typeof visitBlocklist.$inferSelect & { createdByName: string }

const blocklistQuery = (db: DbOrTx) =>
  db
    .select({ entry: visitBlocklist, createdByName: users.name })
    .from(visitBlocklist)
    .innerJoin(users, eq(users.id, visitBlocklist.createdByUserId))

export async function listBlocklist(db: DbOrTx): Promise<BlocklistRow[]> {
  const rows = await blocklistQuery(db).orderBy(desc(visitBlocklist.id)).limit(1000)
  return rows.map((row) => ({ ...row.entry, createdByName: row.createdByName }))
}

export async function findBlocklistEntry(db: DbOrTx, id: number): Promise<BlocklistRow | null> {
  const [row] = await blocklistQuery(db).where(eq(visitBlocklist.id, id))
  return row ? { ...row.entry, createdByName: row.createdByName } : null
}

/** Throws a duplicate-key error when the number is listed already (unique blind index). */
export async function insertBlocklistEntry(tx: DbOrTx, entry: typeof visitBlocklist.$inferInsert): Promise<number> {
  const [result] = await tx.insert(visitBlocklist).values(entry)
  return result.insertId
}

export async function deleteBlocklistEntry(tx: DbOrTx, id: number): Promise<boolean> {
  const [result] = await tx.delete(visitBlocklist).where(eq(visitBlocklist.id, id))
  return result.affectedRows === 1
}

export async function listPiiAccess(db: DbOrTx, beforeId: number | undefined, limit: number) {
  return db
    .select({ id: piiAccessLog.id, viewer: users.name, visitId: piiAccessLog.visitId, visitorName: visits.visitorName, reason: piiAccessLog.reason, viewedAt: piiAccessLog.createdAt })
    .from(piiAccessLog)
    .innerJoin(users, eq(users.id, piiAccessLog.viewerUserId))
    .innerJoin(visits, eq(visits.id, piiAccessLog.visitId))
    .where(beforeId ? lt(piiAccessLog.id, beforeId) : undefined)
    .orderBy(desc(piiAccessLog.id))
    .limit(limit)
}

// Statistics count every visit that starts in the month except invitations nobody completed;
// purged visits count too (their rows stay, only the personal data went).
const inMonth = (from: Date, to: Date) => and(gte(visits.startAt, from), lt(visits.startAt, to), ne(visits.status, 'invited'))

/**
 * Visits, distinct visitors and check-ins. A visitor is their ID number's blind index; once purged,
 * their account, else the visit itself (so purged walk-ins each count once).
 */
export async function monthTotals(db: DbOrTx, from: Date, to: Date) {
  const [row] = await db
    .select({
      visits: count(),
      visitors: sql<number>`COUNT(DISTINCT COALESCE(CONCAT('h', ${visits.idNumberHash}), CONCAT('u', ${visits.visitorUserId}), CONCAT('v', ${visits.id})))`,
      checkedIn: count(visits.checkedInAt),
    })
    .from(visits)
    .where(inMonth(from, to))
  return { visits: Number(row.visits), visitors: Number(row.visitors), checkedIn: Number(row.checkedIn) }
}

export async function monthByUnit(db: DbOrTx, from: Date, to: Date) {
  const rows = await db
    .select({ unitName: sql<string | null>`${units.name}`, visits: count() })
    .from(visits)
    .leftJoin(units, eq(units.id, visits.hostUnitId))
    .where(inMonth(from, to))
    .groupBy(units.id, units.name)
    .orderBy(desc(count()), units.name)
  return rows.map((row) => ({ unitName: row.unitName, visits: Number(row.visits) }))
}

/** Check-ins by hour of the Asia/Shanghai day (times are stored UTC; China has no daylight saving). */
export async function monthCheckInsByHour(db: DbOrTx, from: Date, to: Date) {
  const hour = sql<number>`HOUR(${visits.checkedInAt} + INTERVAL 8 HOUR)`
  const rows = await db
    .select({ hour, checkIns: count() })
    .from(visits)
    .where(and(inMonth(from, to), isNotNull(visits.checkedInAt)))
    .groupBy(hour)
  return rows.map((row) => ({ hour: Number(row.hour), checkIns: Number(row.checkIns) }))
}
