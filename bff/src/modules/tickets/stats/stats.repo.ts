import { and, eq, gte, isNotNull, lt } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { repairFirms, tickets, units } from '../../../db/schema'

type Range = [Date, Date]
const within = (column: typeof tickets.createdAt | typeof tickets.acceptedAt | typeof tickets.finishedAt | typeof tickets.closedAt, [from, to]: Range) => and(gte(column, from), lt(column, to))

/** Tickets reported in the month: kind, category, the reporter's unit, and whether it repeats an earlier fault. */
export async function reportedIn(db: DbOrTx, range: Range) {
  return db
    .select({ kind: tickets.kind, category: tickets.category, unitId: tickets.unitId, unitName: units.name, repeatOfId: tickets.repeatOfId, reply: tickets.reply })
    .from(tickets)
    .leftJoin(units, eq(units.id, tickets.unitId))
    .where(within(tickets.createdAt, range))
}

/** 报修 accepted in the month, with the time they were due. */
export async function acceptedIn(db: DbOrTx, range: Range) {
  return db
    .select({ acceptedAt: tickets.acceptedAt, acceptBy: tickets.acceptBy })
    .from(tickets)
    .where(and(eq(tickets.kind, 'repair'), isNotNull(tickets.acceptedAt), within(tickets.acceptedAt, range)))
}

/** Tickets finished (repaired, or answered) in the month: the clock, who did it, the cost. */
export async function finishedIn(db: DbOrTx, range: Range) {
  return db
    .select({
      kind: tickets.kind,
      clockStartedAt: tickets.clockStartedAt,
      finishedAt: tickets.finishedAt,
      finishBy: tickets.finishBy,
      pausedMinutes: tickets.pausedMinutes,
      reopenCount: tickets.reopenCount,
      workerUserId: tickets.workerUserId,
      firmId: tickets.firmId,
      firmName: repairFirms.name,
      costFen: tickets.costFen,
    })
    .from(tickets)
    .leftJoin(repairFirms, eq(repairFirms.id, tickets.firmId))
    .where(and(isNotNull(tickets.finishedAt), within(tickets.finishedAt, range)))
}

/** Ratings given (confirmed) in the month. */
export async function ratedIn(db: DbOrTx, range: Range) {
  return db
    .select({ rating: tickets.rating })
    .from(tickets)
    .where(and(isNotNull(tickets.rating), isNotNull(tickets.closedAt), within(tickets.closedAt, range)))
}
