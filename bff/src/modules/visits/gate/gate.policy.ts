import type { GateDenyReason, VisitStatus } from '@egj/shared'
import { passValidFrom } from '../common/pass-code'

/** A second scan this soon after entry (exit) is the same visitor at the same gate: it repeats the answer, never the opposite. */
export const REPEAT_SCAN_MS = 60_000

export type GateDecision = { allow: 'check_in' | 'check_out'; write: boolean } | { deny: GateDenyReason }

interface GateVisit {
  status: VisitStatus
  blocked: number | boolean
  startAt: Date
  endAt: Date
  checkedInAt: Date | null
  checkedOutAt: Date | null
}

/**
 * What the gate does with a visit whose pass checked out (or that the guard picked by hand).
 * Leaving is never refused: a visitor inside is checked out even if blocked or overdue meanwhile.
 */
export function gateDecision(visit: GateVisit, now: Date): GateDecision {
  if (visit.status === 'checked_in') {
    if (visit.checkedInAt && now.getTime() - visit.checkedInAt.getTime() < REPEAT_SCAN_MS) return { allow: 'check_in', write: false }
    return { allow: 'check_out', write: true }
  }
  // two guards at the exit scanning together: the second sees the first's check-out and says the same
  if (visit.status === 'checked_out' && visit.checkedOutAt && now.getTime() - visit.checkedOutAt.getTime() < REPEAT_SCAN_MS) return { allow: 'check_out', write: false }
  if (visit.blocked) return { deny: 'blocked' }
  if (visit.status === 'cancelled') return { deny: 'cancelled' }
  if (visit.status === 'checked_out') return { deny: 'checked_out' }
  if (visit.status !== 'approved') return { deny: 'not_approved' }
  if (now.getTime() < passValidFrom(visit.startAt).getTime()) return { deny: 'not_yet' }
  if (now.getTime() >= visit.endAt.getTime()) return { deny: 'expired' }
  return { allow: 'check_in', write: true }
}
