import { ticketsApi } from '@egj/shared'
import { AppError } from '../../lib/errors'
import { implement } from '../../lib/http'

/**
 * PLACEHOLDER until the 报修 statistics land (helper B2's `stats/`): ticketsApi is joined to the
 * contract here, and the BFF starts only with every entry implemented. The integrator deletes this
 * file and its line in tickets.routes.ts when merging B2's `ticketStatsRoutes`.
 */
const pending = async (): Promise<never> => {
  throw new AppError('NOT_FOUND', undefined, '报修统计尚未上线')
}
export const ticketStatsPendingRoutes = [implement(ticketsApi.stats, { roles: ['admin'], handler: pending }), implement(ticketsApi.statsXlsx, { roles: ['admin'], handler: pending })]
