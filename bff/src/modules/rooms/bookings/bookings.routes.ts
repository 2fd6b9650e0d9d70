import { roomBookingsApi, roomsApi } from '@egj/shared'
import { implement } from '../../../lib/http'
import { ROOM_USERS } from '../common/booking.policy'

export const roomBookingRoutes = [
  implement(roomsApi.day, { roles: ROOM_USERS, handler: ({ query, services }) => services.roomBookings.day(query) }),
  implement(roomBookingsApi.create, { roles: ROOM_USERS, handler: ({ body, user, idempotencyKey, services }) => services.roomBookings.create(user, body, idempotencyKey) }),
  implement(roomBookingsApi.list, { roles: ROOM_USERS, handler: ({ query, user, services }) => services.roomBookings.list(user, query) }),
  implement(roomBookingsApi.get, { roles: ROOM_USERS, handler: ({ params, user, services }) => services.roomBookings.get(user, params.id) }),
  implement(roomBookingsApi.ics, {
    roles: ROOM_USERS,
    handler: async ({ params, user, ctx, services }) => {
      ctx.type = 'text/calendar; charset=utf-8'
      ctx.set('Content-Disposition', `attachment; filename="meeting-${params.id}.ics"`)
      ctx.body = await services.roomBookings.ics(user, params.id)
      return undefined
    },
  }),
  implement(roomBookingsApi.update, { roles: ROOM_USERS, handler: ({ params, body, user, services }) => services.roomBookings.update(user, params.id, body) }),
  implement(roomBookingsApi.approve, { roles: ['approver', 'admin'], handler: ({ params, user, services }) => services.roomBookings.approve(user, params.id) }),
  implement(roomBookingsApi.reject, { roles: ['approver', 'admin'], handler: ({ params, body, user, services }) => services.roomBookings.reject(user, params.id, body.reason) }),
  implement(roomBookingsApi.cancel, { roles: ROOM_USERS, handler: ({ params, body, user, services }) => services.roomBookings.cancel(user, params.id, body) }),
  implement(roomBookingsApi.end, { roles: ROOM_USERS, handler: ({ params, user, services }) => services.roomBookings.end(user, params.id) }),
  implement(roomBookingsApi.nameplates, {
    roles: ROOM_USERS,
    handler: async ({ params, user, ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.roomBookings.nameplates(user, params.id)
      return undefined
    },
  }),
]
