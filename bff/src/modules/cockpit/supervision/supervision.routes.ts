import { supervisionApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

/** Who reads 督办: the centre and the leaders (every unit), a unit's approvers (their unit's). */
const READERS = ['admin', 'leader', 'approver'] as const

export const supervisionRoutes = [
  implement(supervisionApi.list, { roles: READERS, handler: ({ query, user, services }) => services.cockpitSupervision.list(user, query) }),
  implement(supervisionApi.get, { roles: READERS, handler: ({ params, user, services }) => services.cockpitSupervision.get(user, params.id) }),
  // those who read it get past the route: the service tells the centre and the leaders that only the unit's approver replies
  implement(supervisionApi.reply, { roles: READERS, handler: ({ params, body, user, services }) => services.cockpitSupervision.reply(user, params.id, body) }),
  implement(supervisionApi.close, { roles: ['admin'], handler: ({ params, user, ctx, services }) => services.cockpitSupervision.close(actorOf(user, ctx), params.id) }),
  implement(supervisionApi.return, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.cockpitSupervision.return(actorOf(user, ctx), params.id, body) }),
]
