import { vehicleRequestsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const vehicleRequestRoutes = [
  implement(vehicleRequestsApi.create, { roles: ['staff'], handler: ({ body, user, idempotencyKey, services }) => services.vehicleRequests.create(user, body, idempotencyKey) }),
  implement(vehicleRequestsApi.list, { handler: ({ query, user, services }) => services.vehicleRequests.list(user, query) }),
  implement(vehicleRequestsApi.get, { handler: ({ params, user, services }) => services.vehicleRequests.get(user, params.id) }),
  implement(vehicleRequestsApi.approve, { roles: ['approver'], handler: ({ params, user, services }) => services.vehicleRequests.approve(user, params.id) }),
  implement(vehicleRequestsApi.reject, { roles: ['approver'], handler: ({ params, body, user, services }) => services.vehicleRequests.reject(user, params.id, body) }),
  implement(vehicleRequestsApi.cancel, { handler: ({ params, user, services }) => services.vehicleRequests.cancel(user, params.id) }),
  implement(vehicleRequestsApi.rate, { handler: ({ params, body, user, services }) => services.vehicleRequests.rate(user, params.id, body) }),
]
