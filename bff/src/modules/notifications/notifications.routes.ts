import { notificationsApi } from '@egj/shared'
import { implement } from '../../lib/http'

export const notificationRoutes = [
  implement(notificationsApi.list, { handler: ({ query, user, services }) => services.notifications.list(user.id, query.cursor, query.limit) }),
  implement(notificationsApi.readAll, {
    handler: async ({ user, services }) => {
      await services.notifications.markAllRead(user.id)
      return { ok: true as const }
    },
  }),
  implement(notificationsApi.read, {
    handler: async ({ params, user, services }) => {
      await services.notifications.markRead(user.id, params.id)
      return { ok: true as const }
    },
  }),
]
