import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'

/** An admin prints any window's code; a cashier only their own merchant's (another's is "not found"). */
export function canPrintWindowCode(user: AuthUser, merchantId: number, staffOfMerchants: number[]): boolean {
  return hasRole(user, 'admin') || (hasRole(user, 'cashier') && staffOfMerchants.includes(merchantId))
}
