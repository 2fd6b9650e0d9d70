import { mealVouchersApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const voucherRoutes = [
  implement(mealVouchersApi.issue, { roles: ['admin'], handler: async ({ body, user, ctx, idempotencyKey, services }) => ({ items: await services.mealVouchers.issue(actorOf(user, ctx), body, idempotencyKey) }) }),
  implement(mealVouchersApi.listOfUnit, { roles: ['admin', 'settlement'], handler: async ({ query, user, services }) => ({ items: await services.mealVouchers.listOfUnit(user, query.unitId) }) }),
  implement(mealVouchersApi.get, { guessable: true, handler: ({ params, services }) => services.mealVouchers.get(params.code) }),
]
