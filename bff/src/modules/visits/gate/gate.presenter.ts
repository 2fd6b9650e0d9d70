import { GATE_DENY_HINTS, GATE_DENY_LABELS, type GateDenyReason, type GateScanResult, type z, type GateVisitSummary } from '@egj/shared'
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
  hint: GATE_DENY_HINTS[reason],
  ...(visit ? { visit: presentSummary(visit) } : {}),
})

/** Let through; `insideSince` when the visitor was already inside (a second scan, 入园 pressed again). */
export const presentAllow = (action: 'check_in' | 'check_out', visit: GateSummaryRow, insideSince?: Date | null): GateScanResult => ({
  result: 'allow',
  action,
  ...(insideSince ? { insideSince: insideSince.toISOString() } : {}),
  visit: presentSummary(visit),
})
