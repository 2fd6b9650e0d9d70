import { mealMerchantsApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const merchantRoutes = [
  implement(mealMerchantsApi.list, { roles: ['admin', 'settlement'], handler: async ({ services }) => ({ items: await services.mealMerchants.list() }) }),
  implement(mealMerchantsApi.create, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.mealMerchants.create(actorOf(user, ctx), body) }),
  implement(mealMerchantsApi.update, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.mealMerchants.update(actorOf(user, ctx), params.id, body) }),
  implement(mealMerchantsApi.createWindow, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.mealMerchants.createWindow(actorOf(user, ctx), params.id, body.name) }),
  implement(mealMerchantsApi.updateWindow, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.mealMerchants.updateWindow(actorOf(user, ctx), params.id, body) }),
  implement(mealMerchantsApi.replacePeriods, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.mealMerchants.replacePeriods(actorOf(user, ctx), params.id, body.periods) }),
  implement(mealMerchantsApi.windowQrPng, {
    roles: ['admin', 'cashier'],
    handler: async ({ params, user, ctx, services }) => {
      ctx.type = 'image/png'
      ctx.set('Content-Disposition', `inline; filename="window-${params.id}.png"`)
      ctx.body = await services.mealMerchants.windowQrPng(user, params.id)
      return undefined
    },
  }),
  implement(mealMerchantsApi.qrSheet, {
    roles: ['admin'],
    handler: async ({ params, ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.mealMerchants.qrSheet(params.id)
      return undefined
    },
  }),
]
