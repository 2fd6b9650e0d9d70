import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { DbOrTx } from '../../../db/client'
import { units, userRoles, users, visitBlocklist, visitCompanions, visits } from '../../../db/schema'

// The visit row as bookings, invitations and the admin pages share it: read, lock, write, and
// everything presentVisit() needs (names, companions, who decides after escalation).

export type VisitRow = typeof visits.$inferSelect
export type VisitInsert = typeof visits.$inferInsert
export type CompanionRow = typeof visitCompanions.$inferSelect
export type CompanionInsert = Omit<typeof visitCompanions.$inferInsert, 'visitId'>

/** A visit with what its screens show beside it. */
export interface VisitView {
  visit: VisitRow
  hostName: string
  hostUnitName: string | null
  decidedByName: string | null
  companions: CompanionRow[]
  /** the host unit's active approvers, when the visit has been escalated */
  approvers: { id: number; name: string }[]
}

const host = alias(users, 'host')
const decider = alias(users, 'decider')

export const viewQuery = (db: DbOrTx) =>
  db
    .select({ visit: visits, hostName: host.name, hostUnitName: units.name, decidedByName: decider.name })
    .from(visits)
    .innerJoin(host, eq(host.id, visits.hostUserId))
    .leftJoin(units, eq(units.id, visits.hostUnitId))
    .leftJoin(decider, eq(decider.id, visits.decidedByUserId))

type ViewRow = { visit: VisitRow; hostName: string; hostUnitName: string | null; decidedByName: string | null }

/** Adds companions and (for escalated visits) the unit's approvers to rows of viewQuery(), in two queries for a whole page. */
export async function completeViews(db: DbOrTx, rows: ViewRow[]): Promise<VisitView[]> {
  if (!rows.length) return []
  const companions = await db
    .select()
    .from(visitCompanions)
    .where(inArray(visitCompanions.visitId, rows.map((row) => row.visit.id)))
    .orderBy(asc(visitCompanions.id))
  const escalatedUnits = [...new Set(rows.filter((row) => row.visit.escalatedAt && row.visit.hostUnitId).map((row) => row.visit.hostUnitId!))]
  const approvers = escalatedUnits.length ? await approversOfUnits(db, escalatedUnits) : []
  return rows.map((row) => ({
    ...row,
    companions: companions.filter((c) => c.visitId === row.visit.id),
    approvers: approvers.filter((a) => a.unitId === row.visit.hostUnitId).map(({ id, name }) => ({ id, name })),
  }))
}

export async function findVisitView(db: DbOrTx, id: number): Promise<VisitView | null> {
  const rows = await viewQuery(db).where(eq(visits.id, id))
  return (await completeViews(db, rows))[0] ?? null
}

export async function findVisit(db: DbOrTx, id: number): Promise<VisitRow | null> {
  const [row] = await db.select().from(visits).where(eq(visits.id, id))
  return row ?? null
}

/** The row, locked for the rest of the transaction: decisions, cancellations and escalation queue behind each other. */
export async function lockVisit(tx: DbOrTx, id: number): Promise<VisitRow | null> {
  const [row] = await tx.select().from(visits).where(eq(visits.id, id)).for('update')
  return row ?? null
}

export async function lockVisitByInviteHash(tx: DbOrTx, tokenHash: string): Promise<VisitRow | null> {
  const [row] = await tx.select().from(visits).where(eq(visits.inviteTokenHash, tokenHash)).for('update')
  return row ?? null
}

export async function insertVisit(tx: DbOrTx, visit: VisitInsert): Promise<number> {
  const [result] = await tx.insert(visits).values(visit)
  return result.insertId
}

export async function updateVisit(tx: DbOrTx, id: number, values: Partial<VisitInsert>): Promise<void> {
  await tx.update(visits).set(values).where(eq(visits.id, id))
}

export async function insertCompanions(tx: DbOrTx, visitId: number, companions: CompanionInsert[]): Promise<void> {
  if (companions.length) await tx.insert(visitCompanions).values(companions.map((c) => ({ ...c, visitId })))
}

export async function companionsOf(db: DbOrTx, visitId: number): Promise<CompanionRow[]> {
  return db.select().from(visitCompanions).where(eq(visitCompanions.visitId, visitId)).orderBy(asc(visitCompanions.id))
}

/** An active staff member who belongs to a unit: the only people a visit may be booked with. */
export async function findActiveStaff(db: DbOrTx, userId: number): Promise<{ id: number; name: string; unitId: number; unitName: string } | null> {
  const [row] = await db
    .select({ id: users.id, name: users.name, unitId: units.id, unitName: units.name })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'staff')))
    .innerJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.id, userId), eq(users.status, 'active')))
  return row ?? null
}

export async function approversOfUnits(db: DbOrTx, unitIds: number[]): Promise<{ id: number; name: string; unitId: number }[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, unitId: users.unitId })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'approver')))
    .where(and(inArray(users.unitId, unitIds), eq(users.status, 'active'), isNotNull(users.unitId)))
    .orderBy(asc(users.id))
  return rows.map((row) => ({ ...row, unitId: row.unitId! }))
}

/** Which of these blind indexes are on the block list. */
export async function blockedHashes(db: DbOrTx, hashes: string[]): Promise<string[]> {
  if (!hashes.length) return []
  const rows = await db.select({ hash: visitBlocklist.idNumberHash }).from(visitBlocklist).where(inArray(visitBlocklist.idNumberHash, hashes))
  return rows.map((row) => row.hash)
}
