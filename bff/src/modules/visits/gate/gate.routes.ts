import { gateApi } from '@egj/shared'
import { implement } from '../../../lib/http'

// The gate is the guard's; an admin may stand in (and test the gate).
const roles = ['guard', 'admin'] as const

export const gateRoutes = [
  implement(gateApi.scan, { roles, handler: ({ body, user, services }) => services.visitGate.scan(user, body) }),
  implement(gateApi.expected, { roles, handler: ({ query, services }) => services.visitGate.expected(query) }),
  implement(gateApi.onSite, { roles, handler: ({ services }) => services.visitGate.onSite() }),
  implement(gateApi.checkIn, { roles, handler: ({ params, user, services }) => services.visitGate.checkIn(user, params.id) }),
  implement(gateApi.checkOut, { roles, handler: ({ params, user, services }) => services.visitGate.checkOut(user, params.id) }),
]
