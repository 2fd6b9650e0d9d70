import type { MealRefund } from '@egj/shared'
import type { RefundRow } from './refunds.repo'

export function presentRefund(row: RefundRow): MealRefund {
  return {
    id: row.id,
    paymentId: row.paymentId,
    amountFen: row.amountFen,
    subsidyFen: row.subsidyFen,
    personalFen: row.personalFen,
    reason: row.reason,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  }
}
