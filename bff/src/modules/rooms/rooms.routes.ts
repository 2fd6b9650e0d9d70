import { roomAdminRoutes } from './admin/admin.routes'
import { roomBookingRoutes } from './bookings/bookings.routes'
import { roomDoorRoutes } from './door/door.routes'
import { meetingServiceRoutes } from './service/service.routes'

/** 会议室预订 and meeting service: every feature's routes. */
export const roomRoutes = [...roomBookingRoutes, ...roomDoorRoutes, ...meetingServiceRoutes, ...roomAdminRoutes]
