import { visitAdminRoutes } from './admin/admin.routes'
import { bookingRoutes } from './bookings/bookings.routes'
import { gateRoutes } from './gate/gate.routes'
import { invitationRoutes } from './invitations/invitations.routes'
import { passRoutes } from './passes/passes.routes'

/** 访客预约: every feature's routes. */
export const visitRoutes = [...bookingRoutes, ...invitationRoutes, ...passRoutes, ...gateRoutes, ...visitAdminRoutes]
