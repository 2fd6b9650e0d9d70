import { AppError } from '../../../lib/errors'
import { hasRole, type AuthUser } from '../../../lib/auth'
import type { Source } from '../common/figures.repo'

/**
 * Whose figures a caller sees: the centre and leaders any unit's or 全市 (no unitId → null, 全市);
 * a unit's approver only their own unit's (no unitId → theirs; another unit's → 403
 * COCKPIT_UNIT_FORBIDDEN). Anyone else never gets here (the route's roles).
 */
export function scopeOf(user: AuthUser, unitId: number | undefined): number | null {
  if (hasRole(user, 'admin', 'leader')) return unitId ?? null
  const own = user.unit?.id
  if (!own) throw new AppError('COCKPIT_UNIT_FORBIDDEN')
  if (unitId !== undefined && unitId !== own) throw new AppError('COCKPIT_UNIT_FORBIDDEN')
  return own
}

/**
 * Whether the caller may open a record's own page, as that page's read answers them: the centre
 * opens everything; the record's own person their own; a unit's approver the car requests and
 * bookings of their unit (unit-approver of REQUEST_READERS / BOOKING_READERS). A leader reads numbers, not records.
 */
export function mayOpen(user: AuthUser, source: Source, record: { ownerUserId: number | null; unitId: number | null }): boolean {
  if (source === 'report') return false
  if (hasRole(user, 'admin')) return true
  if (record.ownerUserId !== null && record.ownerUserId === user.id) return true
  const approverSources: Source[] = ['request', 'trip', 'booking']
  return hasRole(user, 'approver') && approverSources.includes(source) && record.unitId !== null && record.unitId === user.unit?.id
}
