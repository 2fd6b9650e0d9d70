import { and, count, desc, eq, gte, isNotNull, lt, ne, sql } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../../db/client'
import { piiAccessLog, units, users, visitBlocklist, visitCompanions, visits } from '../../../db/schema'

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

/** The entry, locked until the transaction ends (what its removal's audit row shows). */
export async function lockBlocklistEntry(tx: Tx, id: number): Promise<typeof visitBlocklist.$inferSelect | null> {
  const [row] = await tx.select().from(visitBlocklist).where(eq(visitBlocklist.id, id)).for('update')
  return row ?? null
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
 * Visits, the people who came and check-ins. A person is their ID number's blind index, so someone
 * who came twice, or came once alone and once as a companion, counts once; once purged, a visitor
 * is their account, else the visit itself, and a companion is their own row (each counts once).
 */
export async function monthTotals(db: DbOrTx, from: Date, to: Date) {
  const [row] = await db
    .select({ visits: count(), checkedIn: count(visits.checkedInAt) })
    .from(visits)
    .where(inMonth(from, to))
  const people = db
    .select({ person: sql<string>`COALESCE(CONCAT('h', ${visits.idNumberHash}), CONCAT('u', ${visits.visitorUserId}), CONCAT('v', ${visits.id}))`.as('person') })
    .from(visits)
    .where(inMonth(from, to))
    .unionAll(
      db
        .select({ person: sql<string>`COALESCE(CONCAT('h', ${visitCompanions.idNumberHash}), CONCAT('c', ${visitCompanions.id}))`.as('person') })
        .from(visitCompanions)
        .innerJoin(visits, eq(visits.id, visitCompanions.visitId))
        .where(inMonth(from, to)),
    )
    .as('people')
  const [visitors] = await db.select({ count: sql<number>`COUNT(DISTINCT ${people.person})` }).from(people)
  return { visits: Number(row.visits), visitors: Number(visitors.count), checkedIn: Number(row.checkedIn) }
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
