import { asc, eq } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../../db/client'
import { rooms } from '../../../db/schema'
import type { RoomRow } from '../common/room.repo'

export async function listRooms(db: DbOrTx): Promise<RoomRow[]> {
  return db.select().from(rooms).orderBy(asc(rooms.building), asc(rooms.floor), asc(rooms.id))
}

/** The room, locked until the transaction ends: two admins' changes (and their audit rows) one after the other. */
export async function lockRoom(tx: Tx, id: number): Promise<RoomRow | null> {
  const [row] = await tx.select().from(rooms).where(eq(rooms.id, id)).for('update')
  return row ?? null
}

export async function insertRoom(db: DbOrTx, values: typeof rooms.$inferInsert): Promise<number> {
  const [result] = await db.insert(rooms).values(values)
  return result.insertId
}

/** false when there is no such room */
export async function updateRoom(db: DbOrTx, id: number, values: Partial<typeof rooms.$inferInsert>): Promise<boolean> {
  if (!Object.keys(values).length) return true
  const [result] = await db.update(rooms).set(values).where(eq(rooms.id, id))
  return result.affectedRows > 0
}
