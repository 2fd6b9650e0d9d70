import { assetStocktakesApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { ASSET_MANAGERS } from '../common/asset.policy'

export const assetStocktakeRoutes = [
  implement(assetStocktakesApi.create, { roles: ['asset_keeper'], handler: ({ user, services }) => services.assetStocktakes.create(user) }),
  implement(assetStocktakesApi.list, { roles: ASSET_MANAGERS, handler: ({ user, services }) => services.assetStocktakes.list(user) }),
  implement(assetStocktakesApi.get, { roles: ASSET_MANAGERS, handler: ({ params, user, services }) => services.assetStocktakes.get(user, params.id) }),
  implement(assetStocktakesApi.scans, { roles: ['asset_keeper'], handler: ({ params, body, user, services }) => services.assetStocktakes.scans(user, params.id, body) }),
  implement(assetStocktakesApi.finish, { roles: ['asset_keeper'], handler: ({ params, user, services }) => services.assetStocktakes.finish(user, params.id) }),
  implement(assetStocktakesApi.xlsx, {
    roles: ASSET_MANAGERS,
    handler: async ({ params, user, ctx, services }) => {
      const xlsx = await services.assetStocktakes.xlsx(user, params.id)
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      ctx.set('Content-Disposition', `attachment; filename="stocktake-${params.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`资产盘点-${params.id}.xlsx`)}`)
      ctx.body = xlsx
      return undefined
    },
  }),
]
