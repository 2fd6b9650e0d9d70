import { PASS_STEP_SEC, passContentAt, passRefreshInSec, type VisitPass } from '@egj/shared'
import { passValidFrom } from '../common/pass-code'
import type { PassVisitRow } from './passes.repo'

export function presentPass(visit: PassVisitRow, secret: string, now: Date): VisitPass {
  return {
    content: passContentAt(secret, visit.id, now.getTime()),
    refreshInSec: passRefreshInSec(now.getTime()),
    validFrom: passValidFrom(visit.startAt).toISOString(),
    validTo: visit.endAt.toISOString(),
    visitorName: visit.visitorName,
    hostName: visit.hostName,
    plateNo: visit.plateNo,
    status: visit.status,
    offline: { visitId: visit.id, secret, stepSec: PASS_STEP_SEC, algorithm: 'HMAC-SHA256', serverTime: now.toISOString() },
  }
}
