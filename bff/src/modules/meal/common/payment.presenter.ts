import type { MealPayment, WechatPayParams } from '@egj/shared'
import { inShanghai } from '@egj/shared'
import type { PaymentRow } from './payment-row.repo'

/** Shanghai date + the payment's number: unique by construction, readable aloud at the till. */
export const serialNoOf = (id: number, createdAt: Date) => `${inShanghai(createdAt).format('YYYYMMDD')}${String(id).padStart(8, '0')}`

export function presentPayment(row: PaymentRow, wechatPay?: WechatPayParams): MealPayment {
  const p = row.payment
  return {
    id: p.id,
    serialNo: serialNoOf(p.id, p.createdAt),
    status: p.status,
    method: p.method,
    official: p.official,
    amountFen: p.amountFen,
    subsidyFen: p.subsidyFen,
    personalFen: p.personalFen,
    refundedFen: p.refundedFen,
    merchant: { id: p.merchantId, name: row.merchantName, kind: row.merchantKind },
    window: { id: p.windowId, name: row.windowName },
    periodName: p.periodName,
    payerName: row.payerName,
    payerUnitName: row.payerUnitName,
    createdAt: p.createdAt.toISOString(),
    paidAt: p.paidAt?.toISOString() ?? null,
    ...(wechatPay ? { wechatPay } : {}),
  }
}
