import { ticketCalendarRoutes } from './calendar/calendar.routes'
import { ticketFirmLinkRoutes } from './firm-link/firm-link.routes'
import { ticketFirmRoutes } from './firms/firms.routes'
import { ticketLocationRoutes } from './locations/locations.routes'
import { ticketReportRoutes } from './report/report.routes'
import { ticketStatsRoutes } from './stats/stats.routes'
import { ticketWorkRoutes } from './work/work.routes'

/** 报修 and 服务受理: every feature's routes (one line each). */
export const ticketRoutes = [
  ...ticketReportRoutes,
  ...ticketWorkRoutes,
  ...ticketFirmLinkRoutes,
  ...ticketLocationRoutes,
  ...ticketFirmRoutes,
  ...ticketCalendarRoutes,
  ...ticketStatsRoutes,
]

/**
 * The routes whose JSON carries up to 6 photos of 2 MB as base64 (~17 MB): report, 补充信息, a
 * worker's and a firm's finish. Every other route keeps the small body limit.
 */
export const TICKET_PHOTO_BODY_PATH = /^\/api\/v1\/(tickets|tickets\/[^/]+\/(info|finish)|firm-tickets\/[^/]+\/finish)$/
