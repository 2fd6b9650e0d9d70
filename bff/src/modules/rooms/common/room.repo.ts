import type { DbOrTx } from '../../../db/client'
import { preparedRows } from '../../../db/prepared'
import { rooms } from '../../../db/schema'

/** A room as stored: booking, its door code and the admin pages read it. */
export type RoomRow = typeof rooms.$inferSelect
/** What a room shows of itself (the day view reads no more). */
export type RoomShown = Pick<RoomRow, 'id' | 'name' | 'building' | 'floor' | 'capacity' | 'equipment' | 'requiresApproval' | 'openFromMinute' | 'openToMinute' | 'horizonDays' | 'photos'>

/** One room (null: none), a prepared statement: every booking reads it first. */
export async function findRoom(db: DbOrTx, id: number): Promise<RoomRow | null> {
  const [row] = await preparedRows<Omit<RoomRow, 'equipment' | 'photos' | 'requiresApproval'> & { equipment: string | RoomRow['equipment']; photos: string | RoomRow['photos']; requiresApproval: number }>(
    db,
    `SELECT id, name, building, floor, capacity, equipment, photos, open_from_minute AS openFromMinute, open_to_minute AS openToMinute,
            requires_approval AS requiresApproval, horizon_days AS horizonDays, status, created_at AS createdAt
       FROM rooms WHERE id = ?`,
    [id],
  )
  return row ? { ...row, equipment: parseJson(row.equipment), photos: parseJson(row.photos), requiresApproval: !!row.requiresApproval } : null
}

/** A JSON column as MariaDB hands it to a prepared statement: text (its JSON is LONGTEXT). */
export const parseJson = <T>(value: string | T): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)
