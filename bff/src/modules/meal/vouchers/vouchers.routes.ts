import { mealVouchersApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const voucherRoutes = [
  implement(mealVouchersApi.issue, { roles: ['admin'], handler: async ({ body, user, services }) => ({ items: await services.mealVouchers.issue(user.id, body) }) }),
  implement(mealVouchersApi.listOfUnit, { roles: ['admin', 'settlement'], handler: async ({ query, services }) => ({ items: await services.mealVouchers.listOfUnit(query.unitId) }) }),
  implement(mealVouchersApi.get, { handler: ({ params, services }) => services.mealVouchers.get(params.code) }),
]
