import { GATE_DENY_LABELS, type GateDenyReason, type GateScanResult, type z, type GateVisitSummary } from '@egj/shared'
import { passValidFrom } from '../common/pass-code'
import type { GateSummaryRow } from './gate.repo'

export function presentSummary(visit: GateSummaryRow): z.infer<typeof GateVisitSummary> {
  return {
    id: visit.id,
    visitorName: visit.visitorName,
    hostName: visit.hostName,
    hostUnitName: visit.hostUnitName,
    validFrom: passValidFrom(visit.startAt).toISOString(),
    validTo: visit.endAt.toISOString(),
    plateNo: visit.plateNo,
    companions: visit.companions,
  }
}

/** A refusal: the reason in Chinese for the guard's screen, and whose visit it is when we know. */
export const presentDeny = (reason: GateDenyReason, visit?: GateSummaryRow): GateScanResult => ({
  result: 'deny',
  reason,
  reasonText: GATE_DENY_LABELS[reason],
  ...(visit ? { visit: presentSummary(visit) } : {}),
})

export const presentAllow = (action: 'check_in' | 'check_out', visit: GateSummaryRow): GateScanResult => ({ result: 'allow', action, visit: presentSummary(visit) })
