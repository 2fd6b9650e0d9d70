import { PAGES, pageUrl } from '@egj/shared'

// the 报修管理 pages and the ticket page (packages/repair) they open, from the route table (shared/src/routes.ts)
export type QueueView = 'dispatch' | 'service' | 'all'
export const queuePage = (view?: QueueView) => pageUrl(PAGES.repairQueue, { view })
export const WORK_PAGE = pageUrl(PAGES.repairWork)
export const LOCATIONS_PAGE = pageUrl(PAGES.repairLocations)
export const FIRMS_PAGE = pageUrl(PAGES.repairFirms)
export const SLA_PAGE = pageUrl(PAGES.repairSla)
export const STATS_PAGE = pageUrl(PAGES.repairStats)
export const ticketPage = (id: number) => pageUrl(PAGES.repairTicket, { id })
