import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { rooms } from '../../../db/schema'

/** A room as stored: booking, its door code and the admin pages read it. */
export type RoomRow = typeof rooms.$inferSelect
/** What a room shows of itself (the day view reads no more). */
export type RoomShown = Pick<RoomRow, 'id' | 'name' | 'building' | 'floor' | 'capacity' | 'equipment' | 'requiresApproval' | 'openFromMinute' | 'openToMinute' | 'horizonDays' | 'photos'>

export async function findRoom(db: DbOrTx, id: number): Promise<RoomRow | null> {
  const [row] = await db.select().from(rooms).where(eq(rooms.id, id))
  return row ?? null
}
