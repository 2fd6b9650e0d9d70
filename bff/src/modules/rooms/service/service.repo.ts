import { and, inArray, sql } from 'drizzle-orm'
import type { MeetingTaskKind } from '@egj/shared'
import type { z } from 'zod'
import type { DbOrTx } from '../../../db/client'
import { meetingTaskDone, users } from '../../../db/schema'
import { eq } from 'drizzle-orm'

type Kind = z.infer<typeof MeetingTaskKind>

export type DoneRow = { bookingId: number; kind: Kind; doneAt: Date; doneByName: string }

export async function doneOf(db: DbOrTx, bookingIds: number[]): Promise<DoneRow[]> {
  if (!bookingIds.length) return []
  return db
    .select({ bookingId: meetingTaskDone.bookingId, kind: meetingTaskDone.kind, doneAt: meetingTaskDone.doneAt, doneByName: users.name })
    .from(meetingTaskDone)
    .innerJoin(users, eq(users.id, meetingTaskDone.doneByUserId))
    .where(and(inArray(meetingTaskDone.bookingId, bookingIds)))
}

/** Marks a task done once: a second tap keeps the first time and person. */
export async function markDone(db: DbOrTx, values: { bookingId: number; kind: Kind; doneByUserId: number; doneAt: Date }): Promise<void> {
  await db.insert(meetingTaskDone).values(values).onDuplicateKeyUpdate({ set: { bookingId: sql`booking_id` } })
}
