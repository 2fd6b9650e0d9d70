import { orgUnitsApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const unitRoutes = [
  implement(orgUnitsApi.list, { roles: ['admin', 'unit_admin'], handler: async ({ user, services }) => ({ items: await services.orgUnits.list(user) }) }),
  implement(orgUnitsApi.create, { roles: ['admin'], handler: ({ user, body, ctx, services }) => services.orgUnits.create(actorOf(user, ctx), body) }),
  implement(orgUnitsApi.update, { roles: ['admin'], handler: ({ user, params, body, ctx, services }) => services.orgUnits.update(actorOf(user, ctx), params.id, body) }),
  implement(orgUnitsApi.remove, {
    roles: ['admin'],
    handler: async ({ user, params, ctx, services }) => {
      await services.orgUnits.remove(actorOf(user, ctx), params.id)
      return null
    },
  }),
]
