import { ticketsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

const DISPATCH = ['repair_dispatcher', 'admin'] as const

/** 派单 (dispatchers and the centre), the worker's steps, the centre's reply. */
export const ticketWorkRoutes = [
  implement(ticketsApi.assignees, { roles: DISPATCH, handler: ({ services }) => services.ticketWork.assignees() }),
  implement(ticketsApi.assign, { roles: DISPATCH, handler: ({ params, body, user, services }) => services.ticketWork.assign(user, params.id, body) }),
  implement(ticketsApi.accept, { roles: ['repair_worker'], handler: ({ params, user, services }) => services.ticketWork.accept(user, params.id) }),
  implement(ticketsApi.start, { roles: ['repair_worker'], handler: ({ params, user, services }) => services.ticketWork.start(user, params.id) }),
  implement(ticketsApi.pause, { roles: ['repair_worker'], handler: ({ params, body, user, services }) => services.ticketWork.pause(user, params.id, body) }),
  implement(ticketsApi.resume, { roles: ['repair_worker'], handler: ({ params, user, services }) => services.ticketWork.resume(user, params.id) }),
  implement(ticketsApi.finish, { roles: ['repair_worker'], handler: ({ params, body, user, services }) => services.ticketWork.finish(user, params.id, body) }),
  implement(ticketsApi.reply, { roles: ['admin'], handler: ({ params, body, user, services }) => services.ticketWork.reply(user, params.id, body.text) }),
]
