import { gateApi, visitsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const bookingRoutes = [
  implement(visitsApi.create, { handler: ({ body, user, idempotencyKey, services }) => services.visitBookings.create(user, body, idempotencyKey) }),
  implement(visitsApi.list, { handler: ({ query, user, services }) => services.visitBookings.list(user, query.as, query.cursor, query.limit) }),
  implement(visitsApi.hosts, { handler: ({ query, services }) => services.visitBookings.hosts(query) }),
  implement(visitsApi.profile, { handler: ({ user, services }) => services.visitBookings.profile(user) }),
  implement(visitsApi.get, { handler: ({ params, user, services }) => services.visitBookings.get(user, params.id) }),
  implement(visitsApi.approve, { handler: ({ params, user, services }) => services.visitBookings.approve(user, params.id) }),
  implement(visitsApi.reject, { handler: ({ params, body, user, services }) => services.visitBookings.reject(user, params.id, body.reason) }),
  implement(visitsApi.cancel, { handler: ({ params, user, services }) => services.visitBookings.cancel(user, params.id) }),
  // the ID numbers and mobile in full: host, guard, admin (checked against the visit in the service), every view logged
  implement(visitsApi.pii, { handler: ({ params, query, user, services }) => services.visitBookings.pii(user, params.id, query.reason) }),
  // the gate's walk-in registration is a booking made by the guard
  implement(gateApi.walkIn, { roles: ['guard'], handler: ({ body, user, idempotencyKey, services }) => services.visitBookings.walkIn(user, body, idempotencyKey) }),
]
