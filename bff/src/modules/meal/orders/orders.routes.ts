import { mealOrdersApi } from '@egj/shared'
import { implement } from '../../../lib/http'

const KITCHEN = ['canteen_manager', 'admin'] as const

export const orderRoutes = [
  implement(mealOrdersApi.create, { roles: ['staff'], handler: ({ body, user, idempotencyKey, services }) => services.mealOrders.create(user, body, idempotencyKey) }),
  implement(mealOrdersApi.list, { handler: ({ query, user, services }) => services.mealOrders.list(user, query) }),
  implement(mealOrdersApi.counts, { roles: KITCHEN, handler: ({ query, user, services }) => services.mealOrders.counts(user, query) }),
  implement(mealOrdersApi.prepSheet, {
    roles: KITCHEN,
    handler: async ({ query, user, ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.mealOrders.prepSheet(user, query)
      return undefined
    },
  }),
  implement(mealOrdersApi.stats, { roles: ['admin', 'leader'], handler: ({ query, services }) => services.mealOrders.stats(query) }),
  implement(mealOrdersApi.statsXlsx, {
    roles: ['admin', 'leader'],
    handler: async ({ query, ctx, services }) => {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      ctx.attachment(`报餐统计-${query.month}.xlsx`)
      ctx.body = await services.mealOrders.statsWorkbook(query)
      return undefined
    },
  }),
  implement(mealOrdersApi.get, { handler: ({ params, user, services }) => services.mealOrders.get(user, params.id) }),
  implement(mealOrdersApi.update, { roles: ['staff'], handler: ({ params, body, user, services }) => services.mealOrders.update(user, params.id, body) }),
  implement(mealOrdersApi.cancel, { roles: ['staff'], handler: ({ params, user, services }) => services.mealOrders.cancel(user, params.id) }),
  implement(mealOrdersApi.pickup, { roles: ['staff'], handler: ({ params, body, user, idempotencyKey, services }) => services.mealOrders.pickup(user, params.id, body, idempotencyKey) }),
  implement(mealOrdersApi.waste, { roles: KITCHEN, handler: ({ body, user, services }) => services.mealOrders.recordWaste(user, body) }),
]
