import { mealMenusApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const menuRoutes = [
  implement(mealMenusApi.canteens, { handler: ({ user, services }) => services.mealMenus.canteens(user) }),
  implement(mealMenusApi.list, { handler: ({ query, services }) => services.mealMenus.list(query) }),
  implement(mealMenusApi.replace, { roles: ['canteen_manager', 'admin'], handler: ({ params, body, user, idempotencyKey, services }) => services.mealMenus.replace(user, params, body, idempotencyKey) }),
  implement(mealMenusApi.copyWeek, { roles: ['canteen_manager', 'admin'], handler: ({ body, user, idempotencyKey, services }) => services.mealMenus.copyWeek(user, body, idempotencyKey) }),
]
