import { mealRefundsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const refundRoutes = [
  implement(mealRefundsApi.create, { roles: ['cashier', 'admin'], handler: ({ params, body, user, idempotencyKey, services }) => services.mealRefunds.refund(user, params.id, body, idempotencyKey) }),
]
