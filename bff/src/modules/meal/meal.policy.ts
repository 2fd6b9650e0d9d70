import type { AuthUser } from '../../lib/auth'
import { hasRole } from '../../lib/auth'

/** Who may see a payment: its payer, the merchant's staff, settlement and admin. */
export function canViewPayment(user: AuthUser, payment: { payerUserId: number | null; merchantId: number }, staffOfMerchants: number[]): boolean {
  return payment.payerUserId === user.id || staffOfMerchants.includes(payment.merchantId) || hasRole(user, 'admin', 'settlement')
}

/** Cashiers refund their own merchant's payments the same day; admin refunds any, any day. */
export function refundPermission(user: AuthUser, merchantId: number, staffOfMerchants: number[]): 'any_day' | 'same_day' | null {
  if (hasRole(user, 'admin')) return 'any_day'
  if (hasRole(user, 'cashier') && staffOfMerchants.includes(merchantId)) return 'same_day'
  return null
}
