import { mealFeedApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const feedRoutes = [implement(mealFeedApi.feed, { roles: ['cashier'], handler: ({ query, user, services }) => services.mealFeed.feed(user, query.after, query.wait) })]
