import type { MealTopup, WechatPayParams } from '@egj/shared'
import type { findTopup } from './payments.repo'

export function presentTopup(topup: NonNullable<Awaited<ReturnType<typeof findTopup>>>, wechatPay?: WechatPayParams): MealTopup {
  return {
    id: topup.id,
    amountFen: topup.amountFen,
    status: topup.status,
    createdAt: topup.createdAt.toISOString(),
    paidAt: topup.paidAt?.toISOString() ?? null,
    ...(wechatPay ? { wechatPay } : {}),
  }
}
