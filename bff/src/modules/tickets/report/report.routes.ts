import { ticketsApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { TICKET_USERS } from '../common/ticket-roles'

export const ticketReportRoutes = [
  implement(ticketsApi.create, { roles: TICKET_USERS, handler: ({ body, user, idempotencyKey, services }) => services.ticketReport.create(user, body, idempotencyKey) }),
  implement(ticketsApi.list, { roles: TICKET_USERS, handler: ({ query, user, services }) => services.ticketReport.list(user, query) }),
  implement(ticketsApi.place, { roles: TICKET_USERS, guessable: true, handler: ({ query, services }) => services.ticketReport.place(query.code) }),
  implement(ticketsApi.get, { roles: TICKET_USERS, handler: ({ params, user, services }) => services.ticketReport.get(user, params.id) }),
  implement(ticketsApi.addInfo, { roles: TICKET_USERS, handler: ({ params, body, user, services }) => services.ticketReport.addInfo(user, params.id, body) }),
  implement(ticketsApi.cancel, { roles: TICKET_USERS, handler: ({ params, user, services }) => services.ticketReport.cancel(user, params.id) }),
  implement(ticketsApi.confirm, { roles: TICKET_USERS, handler: ({ params, body, user, services }) => services.ticketReport.confirm(user, params.id, body) }),
  implement(ticketsApi.reopen, { roles: TICKET_USERS, handler: ({ params, body, user, services }) => services.ticketReport.reopen(user, params.id, body) }),
  implement(ticketsApi.photo, {
    auth: 'none',
    guessable: true,
    handler: async ({ params, ctx, services }) => {
      const photo = await services.ticketReport.photo(params.token)
      ctx.type = photo.type
      // a photo never changes under its address (a new photo gets a new id)
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
      ctx.body = photo.bytes
      return undefined
    },
  }),
]
