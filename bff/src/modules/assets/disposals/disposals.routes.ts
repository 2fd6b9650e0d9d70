import { assetDisposalsApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const assetDisposalRoutes = [
  implement(assetDisposalsApi.list, { roles: ['admin'], handler: ({ query, services }) => services.assetDisposals.list(query) }),
  implement(assetDisposalsApi.approve, { roles: ['admin'], handler: ({ params, user, ctx, services }) => services.assetDisposals.approve(actorOf(user, ctx), params.id) }),
  implement(assetDisposalsApi.reject, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.assetDisposals.reject(actorOf(user, ctx), params.id, body) }),
]
