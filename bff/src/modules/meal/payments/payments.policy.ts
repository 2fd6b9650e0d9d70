import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'

/** Who may see a payment: its payer, the merchant's staff, settlement and admin. */
export function canViewPayment(user: AuthUser, payment: { payerUserId: number | null; merchantId: number }, staffOfMerchants: number[]): boolean {
  return payment.payerUserId === user.id || staffOfMerchants.includes(payment.merchantId) || hasRole(user, 'admin', 'settlement')
}
