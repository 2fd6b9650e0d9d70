import { ticketFirmLinkRoutes } from './firm-link/firm-link.routes'
import { ticketReportRoutes } from './report/report.routes'
import { ticketStatsPendingRoutes } from './stats-pending.routes'
import { ticketWorkRoutes } from './work/work.routes'

/** 报修 and 服务受理: every feature's routes (one line each). */
export const ticketRoutes = [
  ...ticketReportRoutes,
  ...ticketWorkRoutes,
  ...ticketFirmLinkRoutes,
  // B2's stats/ replaces this line with ...ticketStatsRoutes
  ...ticketStatsPendingRoutes,
]

/**
 * The routes whose JSON carries up to 6 photos of 2 MB as base64 (~17 MB): report, 补充信息, a
 * worker's and a firm's finish. Every other route keeps the small body limit.
 */
export const TICKET_PHOTO_BODY_PATH = /^\/api\/v1\/(tickets|tickets\/[^/]+\/(info|finish)|firm-tickets\/[^/]+\/finish)$/
