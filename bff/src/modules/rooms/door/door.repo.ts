import { and, eq, isNull } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { roomBookings } from '../../../db/schema'

/** Records a check-in once; false when someone already had. */
export async function markCheckedIn(db: DbOrTx, id: number, at: Date): Promise<boolean> {
  const [result] = await db.update(roomBookings).set({ checkedInAt: at }).where(and(eq(roomBookings.id, id), eq(roomBookings.status, 'confirmed'), isNull(roomBookings.checkedInAt)))
  return result.affectedRows === 1
}
