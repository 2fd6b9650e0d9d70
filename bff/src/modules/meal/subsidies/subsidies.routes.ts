import { mealSubsidiesApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const subsidyRoutes = [implement(mealSubsidiesApi.run, { roles: ['admin'], handler: ({ body, user, ctx, idempotencyKey, services }) => services.mealSubsidies.run(actorOf(user, ctx), body, idempotencyKey) })]
