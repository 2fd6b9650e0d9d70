import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'

/** Who sees a merchant's statement: the office (settlement, admin) or that merchant's own staff. */
export function statementAccess(user: AuthUser, merchantId: number, staffOfMerchants: number[]): 'office' | 'staff' | null {
  if (hasRole(user, 'admin', 'settlement')) return 'office'
  if (staffOfMerchants.includes(merchantId)) return 'staff'
  return null
}

/** Confirming or disputing a line is the merchant's own say (or an admin's). */
export const canReview = (user: AuthUser, access: 'office' | 'staff') => access === 'staff' || hasRole(user, 'admin')
