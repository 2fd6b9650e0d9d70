import { assetsApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'
import { ASSET_MANAGERS, ASSET_USERS } from '../common/asset.policy'

export const assetCatalogRoutes = [
  implement(assetsApi.list, { roles: ASSET_USERS, handler: ({ query, user, services }) => services.assetCatalog.list(user, query) }),
  implement(assetsApi.get, { roles: ASSET_USERS, handler: ({ params, user, services }) => services.assetCatalog.get(user, params.id) }),
  implement(assetsApi.create, { roles: ASSET_MANAGERS, handler: ({ body, user, ctx, idempotencyKey, services }) => services.assetCatalog.create(actorOf(user, ctx), body, idempotencyKey) }),
  implement(assetsApi.update, { roles: ASSET_MANAGERS, handler: ({ params, body, user, ctx, services }) => services.assetCatalog.update(actorOf(user, ctx), params.id, body) }),
  implement(assetsApi.addPhoto, {
    roles: ASSET_MANAGERS,
    handler: ({ params, upload, user, ctx, services }) => services.assetCatalog.addPhoto(actorOf(user, ctx), params.id, upload, ctx.get('content-type')),
  }),
  implement(assetsApi.removePhoto, { roles: ASSET_MANAGERS, handler: ({ params, user, ctx, services }) => services.assetCatalog.removePhoto(actorOf(user, ctx), params.id, params.photoId) }),
  implement(assetsApi.photo, {
    auth: 'none',
    guessable: true,
    handler: async ({ params, ctx, services }) => {
      const photo = await services.assetCatalog.photo(params.token)
      ctx.type = photo.type
      // a photo never changes under its address (a new photo gets a new id)
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
      ctx.body = photo.bytes
      return undefined
    },
  }),
  implement(assetsApi.scan, { roles: ASSET_USERS, guessable: true, handler: ({ query, user, services }) => services.assetCatalog.scan(user, query.code) }),
  implement(assetsApi.qrPng, {
    roles: ASSET_MANAGERS,
    handler: async ({ params, user, ctx, services }) => {
      const png = await services.assetCatalog.qrPng(user, params.id)
      ctx.type = 'image/png'
      ctx.set('Content-Disposition', `inline; filename="asset-${params.id}.png"`)
      ctx.body = png
      return undefined
    },
  }),
  implement(assetsApi.qrSheet, {
    roles: ASSET_MANAGERS,
    handler: async ({ query, user, ctx, services }) => {
      const html = await services.assetCatalog.qrSheet(user, query.ids)
      ctx.type = 'html'
      ctx.body = html
      return undefined
    },
  }),
  implement(assetsApi.dispose, { roles: ASSET_MANAGERS, handler: ({ params, body, user, services }) => services.assetCatalog.dispose(user, params.id, body) }),
]
