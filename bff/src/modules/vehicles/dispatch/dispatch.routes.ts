import { dispatchApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const dispatchRoutes = [
  implement(dispatchApi.board, { roles: ['dispatcher', 'admin'], handler: ({ query, user, services }) => services.dispatch.board(user, query.date) }),
  implement(dispatchApi.options, { roles: ['dispatcher', 'admin'], handler: ({ params, services }) => services.dispatch.options(params.id) }),
  implement(dispatchApi.dispatch, { roles: ['dispatcher'], handler: ({ params, body, user, services }) => services.dispatch.dispatch(user, params.id, body) }),
]
