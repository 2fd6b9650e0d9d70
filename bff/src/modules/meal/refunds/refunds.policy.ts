import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'

/** Cashiers refund their own merchant's payments the same day; admin refunds any, any day. */
export function refundPermission(user: AuthUser, merchantId: number, staffOfMerchants: number[]): 'any_day' | 'same_day' | null {
  if (hasRole(user, 'admin')) return 'any_day'
  if (hasRole(user, 'cashier') && staffOfMerchants.includes(merchantId)) return 'same_day'
  return null
}
