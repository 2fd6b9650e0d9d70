import { mealFeedApi, mealPaymentsApi, mealRefundsApi } from '@egj/shared'
import { WechatPaySignatureError } from '../../adapters/wechatpay'
import { AppError } from '../../lib/errors'
import { implement } from '../../lib/http'

export const mealRoutes = [
  implement(mealPaymentsApi.resolveWindow, { handler: ({ query, services }) => services.meal.resolveWindow(query.code) }),
  implement(mealPaymentsApi.account, { handler: ({ user, services }) => services.meal.account(user.id) }),
  implement(mealPaymentsApi.pay, { handler: ({ body, user, idempotencyKey, ctx, services }) => services.meal.pay(user, body, idempotencyKey, { ip: ctx.ip }) }),
  implement(mealPaymentsApi.list, { handler: ({ query, user, services }) => services.meal.myPayments(user.id, query.cursor, query.limit) }),
  implement(mealPaymentsApi.get, { handler: ({ params, user, services }) => services.meal.payment(user, params.id) }),
  implement(mealRefundsApi.create, { roles: ['cashier', 'admin'], handler: ({ params, body, user, idempotencyKey, services }) => services.meal.refund(user, params.id, body, idempotencyKey) }),
  implement(mealFeedApi.feed, { roles: ['cashier'], handler: ({ query, user, services }) => services.meal.cashierFeed(user, query.after, query.wait) }),
  implement(mealPaymentsApi.topup, { handler: ({ body, user, idempotencyKey, ctx, services }) => services.meal.topup(user, body, idempotencyKey, { ip: ctx.ip }) }),
]

interface TransactionResource {
  out_trade_no: string
  transaction_id: string
  trade_state: string
  success_time?: string
  amount: { total: number }
}
interface RefundResource {
  out_refund_no: string
  refund_id: string
  refund_status: string
}

export const wechatPayNotifyRoute = implement(mealPaymentsApi.wechatNotify, {
  auth: 'none',
  handler: async ({ ctx, services }) => {
    const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? ''
    let notification
    try {
      notification = services.wechatPay.parseNotification<TransactionResource & RefundResource>(ctx.headers as Record<string, string>, rawBody)
    } catch (error) {
      if (error instanceof WechatPaySignatureError) throw new AppError('WECHATPAY_SIGNATURE_INVALID')
      throw error
    }
    const resource = notification.resource
    if (notification.eventType === 'TRANSACTION.SUCCESS' && resource.trade_state === 'SUCCESS') {
      await services.meal.settleWechatPayment(resource.out_trade_no, {
        transactionId: resource.transaction_id,
        amountFen: resource.amount.total,
        successTime: resource.success_time ? new Date(resource.success_time) : new Date(),
      })
    } else if (notification.eventType === 'REFUND.SUCCESS' && resource.refund_status === 'SUCCESS') {
      await services.meal.completeWechatRefund(resource.out_refund_no, resource.refund_id)
    }
    return null
  },
})
