import { and, asc, count, eq, ne } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../../db/client'
import { units, users } from '../../../db/schema'

export type UnitRow = typeof units.$inferSelect

export async function listUnits(db: DbOrTx, onlyId?: number): Promise<(UnitRow & { staffCount: number })[]> {
  const [rows, counts] = await Promise.all([
    db.select().from(units).where(onlyId ? eq(units.id, onlyId) : undefined).orderBy(asc(units.name)),
    db.select({ unitId: users.unitId, n: count() }).from(users).where(and(eq(users.status, 'active'), onlyId ? eq(users.unitId, onlyId) : undefined)).groupBy(users.unitId),
  ])
  const staff = new Map(counts.map((row) => [row.unitId, row.n]))
  return rows.map((row) => ({ ...row, staffCount: staff.get(row.id) ?? 0 }))
}

export async function unitById(db: DbOrTx, id: number): Promise<UnitRow | null> {
  const [row] = await db.select().from(units).where(eq(units.id, id))
  return row ?? null
}

export async function lockUnit(tx: Tx, id: number): Promise<UnitRow | null> {
  const [row] = await tx.select().from(units).where(eq(units.id, id)).for('update')
  return row ?? null
}

export async function insertUnit(tx: Tx, unit: typeof units.$inferInsert): Promise<number> {
  const [result] = await tx.insert(units).values(unit)
  return result.insertId
}

export async function updateUnit(tx: Tx, id: number, set: Partial<typeof units.$inferInsert>): Promise<void> {
  await tx.update(units).set(set).where(eq(units.id, id))
}

export async function deleteUnit(tx: Tx, id: number): Promise<void> {
  await tx.delete(units).where(eq(units.id, id))
}

/** Every unit's parent, to walk the tree (a move must not make a cycle). */
export async function parents(tx: Tx): Promise<Map<number, number | null>> {
  return new Map((await tx.select({ id: units.id, parentId: units.parentId }).from(units)).map((row) => [row.id, row.parentId]))
}

export async function activeChildren(tx: Tx, id: number): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(units).where(and(eq(units.parentId, id), eq(units.active, true), ne(units.id, id)))
  return row.n
}

export async function activeStaff(tx: Tx, id: number): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(users).where(and(eq(users.unitId, id), eq(users.status, 'active')))
  return row.n
}
