import type { VisitStatus } from '@egj/shared'
import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'

/** What the rules need of a visit row. */
export interface VisitAccess {
  status: VisitStatus
  visitorUserId: number | null
  hostUserId: number
  hostUnitId: number | null
  escalatedAt: Date | null
  purgedAt: Date | null
}

export const isVisitor = (user: AuthUser, visit: VisitAccess) => visit.visitorUserId !== null && visit.visitorUserId === user.id
export const isHost = (user: AuthUser, visit: VisitAccess) => visit.hostUserId === user.id

/** After escalation the host unit's approvers decide too (the first answer counts). */
export const isEscalatedApprover = (user: AuthUser, visit: VisitAccess) =>
  !!visit.escalatedAt && visit.hostUnitId !== null && hasRole(user, 'approver') && user.unit?.id === visit.hostUnitId

/** The visitor, the host, an escalated approver, the guards and admin; to anyone else the visit does not exist. */
export const canViewVisit = (user: AuthUser, visit: VisitAccess) =>
  isVisitor(user, visit) || isHost(user, visit) || isEscalatedApprover(user, visit) || hasRole(user, 'guard', 'admin')

/** Who may answer a visit (whatever its status): the host or an escalated approver; never a guard as such. */
export const isDecider = (user: AuthUser, visit: VisitAccess) => isHost(user, visit) || isEscalatedApprover(user, visit)

export const CANCELLABLE: readonly VisitStatus[] = ['invited', 'pending', 'approved']

export const visitPermissions = (user: AuthUser, visit: VisitAccess) => ({
  approve: visit.status === 'pending' && isDecider(user, visit),
  cancel: CANCELLABLE.includes(visit.status) && (isVisitor(user, visit) || isHost(user, visit)),
  viewPass: isVisitor(user, visit) && (visit.status === 'approved' || visit.status === 'checked_in'),
  viewPii: canViewPii(user, visit),
})

/** Full ID number and mobile: the host, guards and admin (every view is logged); nothing is left after the purge. */
export const canViewPii = (user: AuthUser, visit: VisitAccess) => !visit.purgedAt && (isHost(user, visit) || hasRole(user, 'guard', 'admin'))
