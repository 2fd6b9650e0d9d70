import { and, asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client'
import { units, userRoles, users } from '../../db/schema'

/** Active units (a deactivated one is not offered for new bookings, visits or people). */
export async function listUnits(db: DbOrTx): Promise<{ id: number; name: string }[]> {
  return db.select({ id: units.id, name: units.name }).from(units).where(eq(units.active, true)).orderBy(asc(units.name))
}

/** Active staff members of a unit. */
export async function staffOfUnit(db: DbOrTx, unitId: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'staff')))
    .where(and(eq(users.unitId, unitId), eq(users.status, 'active')))
  return rows.map((row) => row.id)
}

export async function unitExists(db: DbOrTx, unitId: number): Promise<boolean> {
  const [row] = await db.select({ id: units.id }).from(units).where(eq(units.id, unitId))
  return !!row
}
