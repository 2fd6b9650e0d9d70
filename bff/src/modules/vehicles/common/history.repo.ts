import { asc, eq, inArray, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { builtOnce, preparedWrite } from '../../../db/prepared'
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
  // prepared: every dispatch, approval and trip writes one (drizzle's insert builder was ~2 % of a dispatch's CPU)
  await preparedWrite(
    tx,
    'INSERT INTO vehicle_request_history (request_id, by_user_id, action, changes, reason, created_at) VALUES (?, ?, ?, ?, ?, COALESCE(?, CURRENT_TIMESTAMP(3)))',
    [record.requestId, record.byUserId, record.action, JSON.stringify(record.changes), record.reason ?? null, record.at ?? null],
  )
}

export type HistoryRow = Awaited<ReturnType<typeof historyOf>>[number]

const historyColumns = {
  requestId: vehicleRequestHistory.requestId,
  action: vehicleRequestHistory.action,
  changes: vehicleRequestHistory.changes,
  reason: vehicleRequestHistory.reason,
  createdAt: vehicleRequestHistory.createdAt,
  byName: users.name,
}
const historyQuery = (db: DbOrTx) => db.select(historyColumns).from(vehicleRequestHistory).innerJoin(users, eq(users.id, vehicleRequestHistory.byUserId))

/** The history of some requests, oldest first, with who made each change. */
export async function historyOf(db: DbOrTx, requestIds: number[]) {
  if (!requestIds.length) return []
  if (requestIds.length === 1) {
    // one request's view (after each dispatch, approval, trip): the same query every time
    const query = builtOnce(db, 'vehicles.requestHistory', (handle) =>
      historyQuery(handle).where(eq(vehicleRequestHistory.requestId, sql.placeholder('id'))).orderBy(asc(vehicleRequestHistory.id)).prepare(),
    )
    return query.execute({ id: requestIds[0] })
  }
  return historyQuery(db).where(inArray(vehicleRequestHistory.requestId, requestIds)).orderBy(asc(vehicleRequestHistory.id))
}
