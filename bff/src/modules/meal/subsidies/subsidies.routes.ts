import { mealSubsidiesApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const subsidyRoutes = [implement(mealSubsidiesApi.run, { roles: ['admin'], handler: ({ body, user, idempotencyKey, services }) => services.mealSubsidies.run(user.id, body, idempotencyKey) })]
