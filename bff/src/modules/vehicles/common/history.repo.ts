import { asc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { users, vehicleRequestHistory } from '../../../db/schema'
import type { HistoryChange } from './history'

export interface HistoryRecord {
  requestId: number
  byUserId: number
  /** created | approved | rejected | cancelled | dispatched | reassigned | trip_started | trip_finished | rated */
  action: string
  /** already for people: Chinese field labels, formatted values (see `change()` in ./history) */
  changes: HistoryChange[]
  reason?: string | null
  at?: Date
}

/** 修改留痕: one row per change to a request or its trip, in the caller's transaction. */
export async function recordHistory(tx: DbOrTx, record: HistoryRecord): Promise<void> {
  await tx.insert(vehicleRequestHistory).values({
    requestId: record.requestId,
    byUserId: record.byUserId,
    action: record.action,
    changes: record.changes,
    reason: record.reason ?? null,
    ...(record.at ? { createdAt: record.at } : {}),
  })
}

export type HistoryRow = Awaited<ReturnType<typeof historyOf>>[number]

/** The history of some requests, oldest first, with who made each change. */
export async function historyOf(db: DbOrTx, requestIds: number[]) {
  if (!requestIds.length) return []
  return db
    .select({ requestId: vehicleRequestHistory.requestId, action: vehicleRequestHistory.action, changes: vehicleRequestHistory.changes, reason: vehicleRequestHistory.reason, createdAt: vehicleRequestHistory.createdAt, byName: users.name })
    .from(vehicleRequestHistory)
    .innerJoin(users, eq(users.id, vehicleRequestHistory.byUserId))
    .where(inArray(vehicleRequestHistory.requestId, requestIds))
    .orderBy(asc(vehicleRequestHistory.id))
}
