import { ticketsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

/**
 * 报修月度统计 (the centre). Two entries of `ticketsApi`, which joins the contract with the ticket
 * lifecycle's routes (another feature): mounted in `tickets.routes.ts` from then on.
 */
export const ticketStatsRoutes = [
  implement(ticketsApi.stats, { roles: ['admin'], handler: ({ query, services }) => services.ticketStats.stats(query.month) }),
  implement(ticketsApi.statsXlsx, {
    roles: ['admin'],
    handler: async ({ query, ctx, services }) => {
      const xlsx = await services.ticketStats.statsXlsx(query.month)
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      ctx.set('Content-Disposition', `attachment; filename="repair-stats-${query.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(`报修统计-${query.month}.xlsx`)}`)
      ctx.body = xlsx
      return undefined
    },
  }),
]
