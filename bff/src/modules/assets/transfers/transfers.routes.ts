import { assetTransfersApi } from '@egj/shared'
import { implement } from '../../../lib/http'

/** The parties of a transfer: the two units' 资产管理员 and the centre. */
const PARTIES = ['asset_keeper', 'admin'] as const

export const assetTransferRoutes = [
  implement(assetTransfersApi.create, { roles: ['asset_keeper'], handler: ({ body, user, idempotencyKey, services }) => services.assetTransfers.create(user, body, idempotencyKey) }),
  implement(assetTransfersApi.list, { roles: PARTIES, handler: ({ query, user, services }) => services.assetTransfers.list(user, query) }),
  implement(assetTransfersApi.get, { roles: PARTIES, handler: ({ params, user, services }) => services.assetTransfers.get(user, params.id) }),
  implement(assetTransfersApi.agree, { roles: ['asset_keeper'], handler: ({ params, user, services }) => services.assetTransfers.agree(user, params.id) }),
  implement(assetTransfersApi.approve, { roles: ['admin'], handler: ({ params, user, services }) => services.assetTransfers.approve(user, params.id) }),
  implement(assetTransfersApi.receive, { roles: ['asset_keeper'], handler: ({ params, user, services }) => services.assetTransfers.receive(user, params.id) }),
  implement(assetTransfersApi.reject, { roles: PARTIES, handler: ({ params, body, user, services }) => services.assetTransfers.reject(user, params.id, body.reason) }),
  implement(assetTransfersApi.cancel, { roles: ['asset_keeper'], handler: ({ params, user, services }) => services.assetTransfers.cancel(user, params.id) }),
  implement(assetTransfersApi.slip, {
    roles: PARTIES,
    handler: async ({ params, user, ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.assetTransfers.slip(user, params.id)
      return undefined
    },
  }),
]
