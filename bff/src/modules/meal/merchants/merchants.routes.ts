import { mealMerchantsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const merchantRoutes = [
  implement(mealMerchantsApi.list, { roles: ['admin', 'settlement'], handler: async ({ services }) => ({ items: await services.mealMerchants.list() }) }),
  implement(mealMerchantsApi.create, { roles: ['admin'], handler: ({ body, services }) => services.mealMerchants.create(body) }),
  implement(mealMerchantsApi.update, { roles: ['admin'], handler: ({ params, body, services }) => services.mealMerchants.update(params.id, body) }),
  implement(mealMerchantsApi.createWindow, { roles: ['admin'], handler: ({ params, body, services }) => services.mealMerchants.createWindow(params.id, body.name) }),
  implement(mealMerchantsApi.updateWindow, { roles: ['admin'], handler: ({ params, body, services }) => services.mealMerchants.updateWindow(params.id, body) }),
  implement(mealMerchantsApi.replacePeriods, { roles: ['admin'], handler: ({ params, body, services }) => services.mealMerchants.replacePeriods(params.id, body.periods) }),
  implement(mealMerchantsApi.windowQrPng, {
    roles: ['admin', 'cashier'],
    handler: async ({ params, ctx, services }) => {
      ctx.type = 'image/png'
      ctx.set('Content-Disposition', `inline; filename="window-${params.id}.png"`)
      ctx.body = await services.mealMerchants.windowQrPng(params.id)
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
