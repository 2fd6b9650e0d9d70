import { locationsApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'
import { LOCATION_KEEPERS, TICKET_USERS } from '../common/ticket-roles'

export const ticketLocationRoutes = [
  implement(locationsApi.list, { roles: TICKET_USERS, handler: async ({ query, services }) => ({ items: await services.ticketLocations.list(query) }) }),
  implement(locationsApi.create, { roles: LOCATION_KEEPERS, handler: ({ body, user, ctx, services }) => services.ticketLocations.create(actorOf(user, ctx), body) }),
  implement(locationsApi.update, { roles: LOCATION_KEEPERS, handler: ({ params, body, user, ctx, services }) => services.ticketLocations.update(actorOf(user, ctx), params.id, body) }),
  implement(locationsApi.qrSheet, {
    roles: LOCATION_KEEPERS,
    handler: async ({ query, ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.ticketLocations.qrSheet(query)
      return undefined
    },
  }),
]
