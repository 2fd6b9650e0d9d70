import { roomAdminApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const roomAdminRoutes = [
  implement(roomAdminApi.rooms, { roles: ['admin'], handler: async ({ services }) => ({ items: await services.roomAdmin.rooms() }) }),
  implement(roomAdminApi.create, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.roomAdmin.create(actorOf(user, ctx), body) }),
  implement(roomAdminApi.update, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.roomAdmin.update(actorOf(user, ctx), params.id, body) }),
  implement(roomAdminApi.qrPng, {
    roles: ['admin'],
    handler: async ({ params, ctx, services }) => {
      ctx.type = 'image/png'
      ctx.set('Content-Disposition', `inline; filename="room-${params.id}.png"`)
      ctx.body = await services.roomAdmin.qrPng(params.id)
      return undefined
    },
  }),
  implement(roomAdminApi.qrSheet, {
    roles: ['admin'],
    handler: async ({ ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.roomAdmin.qrSheet()
      return undefined
    },
  }),
  implement(roomAdminApi.stats, { roles: ['admin'], handler: ({ query, services }) => services.roomAdmin.stats(query.month) }),
  implement(roomAdminApi.statsXlsx, {
    roles: ['admin'],
    handler: async ({ query, ctx, services }) => {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      const name = `会议室统计-${query.month}.xlsx`
      ctx.set('Content-Disposition', `attachment; filename="rooms-${query.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      ctx.body = await services.roomAdmin.statsXlsx(query.month)
      return undefined
    },
  }),
]
