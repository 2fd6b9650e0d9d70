import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { users, visits } from '../../../db/schema'

/** What the pass shows and is derived from: one read by primary key. */
export async function findPassVisit(db: DbOrTx, visitId: number) {
  const [row] = await db
    .select({
      id: visits.id,
      status: visits.status,
      visitorUserId: visits.visitorUserId,
      visitorName: visits.visitorName,
      plateNo: visits.plateNo,
      startAt: visits.startAt,
      endAt: visits.endAt,
      passNonce: visits.passNonce,
      hostName: users.name,
    })
    .from(visits)
    .innerJoin(users, eq(users.id, visits.hostUserId))
    .where(eq(visits.id, visitId))
  return row ?? null
}

export type PassVisitRow = NonNullable<Awaited<ReturnType<typeof findPassVisit>>>
