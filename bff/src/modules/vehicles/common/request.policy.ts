import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'
import type { RequestRow } from './request-row.repo'

/** Who may see a request: its requester, its unit's approvers, dispatchers, its driver, admin. Others get 404. */
export function canSeeRequest(user: AuthUser, row: RequestRow): boolean {
  const r = row.request
  return (
    r.requesterUserId === user.id ||
    isApproverOf(user, r.unitId) ||
    hasRole(user, 'dispatcher', 'admin') ||
    (!!row.driver?.userId && row.driver.userId === user.id)
  )
}

/** An approver decides the requests of their own unit only. */
export function isApproverOf(user: AuthUser, unitId: number | null): boolean {
  return hasRole(user, 'approver') && !!unitId && user.unit?.id === unitId
}

/** Before the trip starts: waiting for approval, for a car, or dispatched and not yet started. */
export const notStarted = (row: Pick<RequestRow, 'request' | 'trip'>) => ['pending_approval', 'approved', 'dispatched'].includes(row.request.status) && !row.trip

/** What the user may do with the request now (the buttons the app shows). */
export function requestCan(user: AuthUser, row: RequestRow) {
  const r = row.request
  return {
    approve: r.status === 'pending_approval' && isApproverOf(user, r.unitId),
    cancel: r.requesterUserId === user.id && notStarted(row),
    dispatch: hasRole(user, 'dispatcher') && (r.status === 'approved' || (r.status === 'dispatched' && !row.trip)),
    rate: r.requesterUserId === user.id && r.status === 'completed' && r.ratingStars === null,
  }
}
