import { ticketCalendarRoutes } from './calendar/calendar.routes'
import { ticketFirmRoutes } from './firms/firms.routes'
import { ticketLocationRoutes } from './locations/locations.routes'

/**
 * 报修 and 服务受理: every feature's routes. The statistics (`stats/stats.routes.ts`,
 * `ticketStatsRoutes`) implement two entries of `ticketsApi`, which joins the contract with the
 * ticket lifecycle's routes: they are added here at that point.
 */
export const ticketRoutes = [...ticketLocationRoutes, ...ticketFirmRoutes, ...ticketCalendarRoutes]
