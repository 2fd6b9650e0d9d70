import { wechatSubscriptionRoutes } from './subscriptions/subscriptions.routes'

export const wechatRoutes = [...wechatSubscriptionRoutes]
