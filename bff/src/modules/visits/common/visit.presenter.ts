import type { Visit } from '@egj/shared'
import type { AuthUser } from '../../../lib/auth'
import { visitPermissions } from './visit.policy'
import type { VisitView } from './visit-row.repo'

/** What a companion's number shows once the retention job has removed it. */
export const PURGED_MASK = '（已清除）'

const iso = (at: Date | null) => (at ? at.toISOString() : null)

/** Who decides a pending visit now: the host, or after escalation the unit's approvers (the host still may). */
function deciderOf({ visit, hostName, approvers }: VisitView): Visit['decider'] {
  if (visit.status !== 'pending') return null
  if (!visit.escalatedAt) return { name: hostName, escalated: false }
  const others = approvers.filter((a) => a.id !== visit.hostUserId).map((a) => a.name)
  // a unit may have many approvers: name two, count the rest
  const named = others.length > 2 ? `${others.slice(0, 2).join('、')}等 ${others.length} 人` : others.join('、')
  return { name: named || hostName, escalated: true }
}

/** A visit as `user` sees it: ID numbers and mobiles only as masks, with what they may do now. */
export function presentVisit(view: VisitView, user: AuthUser): Visit {
  const { visit } = view
  return {
    id: visit.id,
    status: visit.status,
    source: visit.source,
    visitorName: visit.visitorName,
    mobileMasked: visit.mobileMasked,
    idType: visit.idType,
    idNumberMasked: visit.idNumberMasked,
    company: visit.company,
    purpose: visit.purpose,
    host: { id: visit.hostUserId, name: view.hostName, unitName: view.hostUnitName },
    startAt: visit.startAt.toISOString(),
    endAt: visit.endAt.toISOString(),
    companions: view.companions.map((c) => ({ name: c.name, idType: c.idType, idNumberMasked: c.idNumberMasked ?? PURGED_MASK })),
    plateNo: visit.plateNo,
    decider: deciderOf(view),
    decidedBy: view.decidedByName,
    decidedAt: iso(visit.decidedAt),
    rejectReason: visit.rejectReason,
    checkedInAt: iso(visit.checkedInAt),
    checkedOutAt: iso(visit.checkedOutAt),
    autoCheckedOut: visit.autoCheckedOut,
    createdAt: visit.createdAt.toISOString(),
    can: visitPermissions(user, visit),
  }
}
