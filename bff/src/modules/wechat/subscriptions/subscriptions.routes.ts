import { wechatApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const wechatSubscriptionRoutes = [
  implement(wechatApi.subscribeTemplates, { handler: async ({ services }) => services.wechatSubscriptions.templates() }),
  implement(wechatApi.recordSubscriptions, {
    handler: async ({ body, user, services }) => {
      await services.wechatSubscriptions.record(user, body)
      return { ok: true as const }
    },
  }),
]
