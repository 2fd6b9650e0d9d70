import { mealPaymentsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

const clientOf = (ctx: { ip: string; get(name: string): string }) => ({ ip: ctx.ip, origin: ctx.get('origin') || undefined })

export const paymentRoutes = [
  implement(mealPaymentsApi.resolveWindow, { guessable: true, handler: ({ query, services }) => services.mealPayments.resolveWindow(query.code) }),
  implement(mealPaymentsApi.account, { handler: ({ user, services }) => services.mealPayments.account(user.id) }),
  implement(mealPaymentsApi.movements, { handler: ({ query, user, services }) => services.mealPayments.movements(user.id, query.cursor, query.limit) }),
  implement(mealPaymentsApi.pay, { handler: ({ body, user, idempotencyKey, ctx, services }) => services.mealPayments.pay(user, body, idempotencyKey, clientOf(ctx)) }),
  implement(mealPaymentsApi.list, { handler: ({ query, user, services }) => services.mealPayments.myPayments(user.id, query.cursor, query.limit) }),
  implement(mealPaymentsApi.get, { handler: ({ params, user, services }) => services.mealPayments.payment(user, params.id) }),
  implement(mealPaymentsApi.resume, { handler: ({ params, body, user, ctx, services }) => services.mealPayments.resume(user, params.id, body.payChannel, clientOf(ctx)) }),
  implement(mealPaymentsApi.cancel, { handler: ({ params, user, services }) => services.mealPayments.cancel(user, params.id) }),
  implement(mealPaymentsApi.topup, { handler: ({ body, user, idempotencyKey, ctx, services }) => services.mealPayments.topup(user, body, idempotencyKey, clientOf(ctx)) }),
  implement(mealPaymentsApi.wechatNotify, {
    auth: 'none',
    handler: async ({ ctx, services }) => {
      await services.mealPayments.handleWechatNotification(ctx.headers as Record<string, string>, (ctx.request as { rawBody?: string }).rawBody ?? '')
      return null
    },
  }),
]
