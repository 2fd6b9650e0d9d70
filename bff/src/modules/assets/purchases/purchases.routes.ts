import { assetPurchasesApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { ASSET_MANAGERS } from '../common/asset.policy'

export const assetPurchaseRoutes = [
  implement(assetPurchasesApi.check, { roles: ASSET_MANAGERS, handler: ({ query, user, services }) => services.assetPurchases.check(user, query) }),
  implement(assetPurchasesApi.create, { roles: ASSET_MANAGERS, handler: ({ body, user, idempotencyKey, services }) => services.assetPurchases.create(user, body, idempotencyKey) }),
  implement(assetPurchasesApi.list, { roles: ASSET_MANAGERS, handler: ({ user, services }) => services.assetPurchases.list(user) }),
]
