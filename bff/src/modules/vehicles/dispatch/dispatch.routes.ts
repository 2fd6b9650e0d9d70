import { dispatchApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const dispatchRoutes = [
  implement(dispatchApi.board, { roles: ['dispatcher', 'admin'], handler: ({ query, user, services }) => services.vehicleDispatch.board(user, query.date) }),
  implement(dispatchApi.options, { roles: ['dispatcher', 'admin'], handler: ({ params, services }) => services.vehicleDispatch.options(params.id) }),
  implement(dispatchApi.dispatch, { roles: ['dispatcher'], handler: ({ params, body, user, services }) => services.vehicleDispatch.dispatch(user, params.id, body) }),
]
