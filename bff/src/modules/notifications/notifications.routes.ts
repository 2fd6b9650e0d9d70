import { IdParam, NotificationList, NotificationListQuery } from '@egj/shared'
import { z } from 'zod'
import { defineRoute } from '../../lib/http'

const Ok = z.object({ ok: z.literal(true) })

export const notificationRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/notifications',
    summary: '消息列表（新的在前）与未读数',
    tag: 'notifications',
    query: NotificationListQuery,
    response: NotificationList,
    handler: ({ query, user, services }) => services.notifications.list(user!.id, query.cursor, query.limit),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/notifications/read-all',
    summary: '全部标为已读',
    tag: 'notifications',
    response: Ok,
    handler: async ({ user, services }) => {
      await services.notifications.markAllRead(user!.id)
      return { ok: true as const }
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/notifications/:id/read',
    summary: '标为已读',
    tag: 'notifications',
    params: IdParam,
    response: Ok,
    handler: async ({ params, user, services }) => {
      await services.notifications.markRead(user!.id, params.id)
      return { ok: true as const }
    },
  }),
]
