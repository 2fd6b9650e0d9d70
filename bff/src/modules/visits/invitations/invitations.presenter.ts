import type { InvitationView, Parsed } from '@egj/shared'
import type { VisitView } from '../common/visit-row.repo'

/** What the invited visitor sees before completing the details: the mobile masked, nothing of the host beyond name and unit. */
export function presentInvitation({ visit, hostName, hostUnitName }: VisitView): Parsed<typeof InvitationView> {
  return {
    visitorName: visit.visitorName,
    mobileMasked: visit.mobileMasked ?? '',
    host: { id: visit.hostUserId, name: hostName, unitName: hostUnitName },
    purpose: visit.purpose,
    startAt: visit.startAt.toISOString(),
    endAt: visit.endAt.toISOString(),
    plateNo: visit.plateNo,
    acceptedVisitId: visit.status === 'invited' ? null : visit.id,
  }
}
