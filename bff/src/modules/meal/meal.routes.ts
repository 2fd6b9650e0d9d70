import { CashierFeed, CashierFeedQuery, IdParam, IdempotencyHeaders, MealAccount, MealPayment, MealPaymentCreate, MealPaymentList, MealRefund, MealRefundCreate, MealTopup, MealTopupCreate, MealWindowResolveQuery, MealWindowResolved, PageQuery } from '@egj/shared'
import { z } from 'zod'
import { WechatPaySignatureError } from '../../adapters/wechatpay'
import { AppError } from '../../lib/errors'
import { defineRoute } from '../../lib/http'

export const mealRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/windows/resolve',
    summary: '扫窗口码：校验并返回商户、窗口、当前餐次与公务餐标准',
    tag: 'meal',
    query: MealWindowResolveQuery,
    response: MealWindowResolved,
    handler: ({ query, services }) => services.meal.resolveWindow(query.code),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/account',
    summary: '我的饭卡：补贴、个人、合计（分）',
    tag: 'meal',
    response: MealAccount,
    handler: ({ user, services }) => services.meal.account(user!.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/meal/payments',
    summary: '扫码付款（饭卡或微信支付）；Idempotency-Key 必填，重试返回第一次的结果',
    tag: 'meal',
    headers: IdempotencyHeaders,
    body: MealPaymentCreate,
    response: MealPayment,
    status: 201,
    handler: ({ body, user, ctx, services }) => services.meal.pay(user!, body, ctx.get('idempotency-key') || undefined, { ip: ctx.ip }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/payments',
    summary: '我的付款记录（新的在前，分页）',
    tag: 'meal',
    query: PageQuery,
    response: MealPaymentList,
    handler: ({ query, user, services }) => services.meal.myPayments(user!.id, query.cursor, query.limit),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/payments/:id',
    summary: '一笔付款（电子凭证）',
    tag: 'meal',
    params: IdParam,
    response: MealPayment,
    handler: ({ params, user, services }) => services.meal.payment(user!, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/meal/payments/:id/refunds',
    summary: '退款（收银员当天、管理员任何时候；可部分退）；Idempotency-Key 必填',
    tag: 'meal',
    roles: ['cashier', 'admin'],
    headers: IdempotencyHeaders,
    params: IdParam,
    body: MealRefundCreate,
    response: MealRefund,
    status: 201,
    handler: ({ params, body, user, ctx, services }) => services.meal.refund(user!, params.id, body, ctx.get('idempotency-key') || undefined),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/cashier/feed',
    summary: '收银台实时流水（长轮询：wait 秒内有新付款即返回）与今日合计',
    tag: 'meal',
    roles: ['cashier'],
    query: CashierFeedQuery,
    response: CashierFeed,
    handler: ({ query, user, services }) => services.meal.cashierFeed(user!, query.after, query.wait),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/meal/topups',
    summary: '饭卡个人余额充值（微信支付）；Idempotency-Key 必填',
    tag: 'meal',
    headers: IdempotencyHeaders,
    body: MealTopupCreate,
    response: MealTopup,
    status: 201,
    handler: ({ body, user, ctx, services }) => services.meal.topup(user!, body, ctx.get('idempotency-key') || undefined, { ip: ctx.ip }),
  }),
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

export const wechatPayNotifyRoute = defineRoute({
  method: 'post',
  path: '/api/v1/pay/wechat/notify',
  summary: '微信支付 v3 支付/退款结果通知（验签、解密；重复通知只入账一次）',
  tag: 'pay',
  auth: 'none',
  response: z.null(),
  status: 204,
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
