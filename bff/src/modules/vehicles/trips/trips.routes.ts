import { tripsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const tripRoutes = [
  implement(tripsApi.scan, { guessable: true, handler: ({ query, user, services }) => services.trips.scan(user, query.code) }),
  implement(tripsApi.start, { handler: ({ body, user, idempotencyKey, services }) => services.trips.start(user, body, idempotencyKey) }),
  implement(tripsApi.finish, { handler: ({ params, body, user, services }) => services.trips.finish(user, params.id, body) }),
]
