import { tripsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const tripRoutes = [
  implement(tripsApi.scan, { guessable: true, handler: ({ query, user, services }) => services.vehicleTrips.scan(user, query.code) }),
  implement(tripsApi.start, { handler: ({ body, user, idempotencyKey, services }) => services.vehicleTrips.start(user, body, idempotencyKey) }),
  implement(tripsApi.finish, { handler: ({ params, body, user, services }) => services.vehicleTrips.finish(user, params.id, body) }),
]
