import { asc } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client'
import { units } from '../../db/schema'

export async function listUnits(db: DbOrTx): Promise<{ id: number; name: string }[]> {
  return db.select({ id: units.id, name: units.name }).from(units).orderBy(asc(units.name))
}
