import { and, asc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../../db/client'
import { locations } from '../../../db/schema'

export type LocationRow = typeof locations.$inferSelect

/** Locations in building / floor / spot order; only active ones unless asked. */
export async function listLocations(db: DbOrTx, filter: { building?: string; includeInactive?: boolean; ids?: number[] }): Promise<LocationRow[]> {
  return db
    .select()
    .from(locations)
    .where(
      and(
        filter.building ? eq(locations.building, filter.building) : undefined,
        filter.includeInactive ? undefined : eq(locations.active, true),
        filter.ids ? inArray(locations.id, filter.ids) : undefined,
      ),
    )
    .orderBy(asc(locations.building), asc(locations.floor), asc(locations.spot), asc(locations.id))
}

export async function findLocation(db: DbOrTx, id: number): Promise<LocationRow | null> {
  const [row] = await db.select().from(locations).where(eq(locations.id, id))
  return row ?? null
}

/** The location, locked until the transaction ends: two keepers' changes (and their audit rows) one after the other. */
export async function lockLocation(tx: Tx, id: number): Promise<LocationRow | null> {
  const [row] = await tx.select().from(locations).where(eq(locations.id, id)).for('update')
  return row ?? null
}

export async function insertLocation(db: DbOrTx, values: typeof locations.$inferInsert): Promise<number> {
  const [result] = await db.insert(locations).values(values)
  return result.insertId
}

export async function updateLocation(db: DbOrTx, id: number, values: Partial<typeof locations.$inferInsert>): Promise<void> {
  if (!Object.keys(values).length) return
  await db.update(locations).set(values).where(eq(locations.id, id))
}
