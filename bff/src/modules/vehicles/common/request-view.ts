import type { VehicleRequest } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { historyOf } from './history.repo'
import { canSeeRequest, requestCan } from './request.policy'
import { presentRequest } from './request.presenter'
import { findRequestRow, requestRowsByIds, type RequestRow } from './request-row.repo'

/**
 * One request as `user` sees it (vehicle, driver, trip, rating, history, `can`), or null when it
 * does not exist or the user may not see it (answer 404 for both: existence is not revealed).
 */
export async function viewRequest(db: DbOrTx, user: AuthUser, id: number): Promise<VehicleRequest | null> {
  const row = await findRequestRow(db, id)
  if (!row || !canSeeRequest(user, row)) return null
  return presentRequest(row, await historyOf(db, [id]), requestCan(user, row))
}

/** Many rows at once (lists, the board): one history query for all. The caller has checked who may see them. */
export async function presentRequestRows(db: DbOrTx, user: AuthUser, rows: RequestRow[]): Promise<VehicleRequest[]> {
  const history = await historyOf(db, rows.map((row) => row.request.id))
  return rows.map((row) => presentRequest(row, history.filter((h) => h.requestId === row.request.id), requestCan(user, row)))
}

/** Rows by id, presented in that order. */
export async function viewRequestsByIds(db: DbOrTx, user: AuthUser, ids: number[]): Promise<VehicleRequest[]> {
  return presentRequestRows(db, user, await requestRowsByIds(db, ids))
}
