import { repairFirmsApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'
import { FIRM_READERS } from '../common/ticket-roles'

export const ticketFirmRoutes = [
  implement(repairFirmsApi.list, { roles: FIRM_READERS, handler: async ({ services }) => ({ items: await services.ticketFirms.list() }) }),
  implement(repairFirmsApi.create, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.ticketFirms.create(actorOf(user, ctx), body) }),
  implement(repairFirmsApi.update, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.ticketFirms.update(actorOf(user, ctx), params.id, body) }),
]
