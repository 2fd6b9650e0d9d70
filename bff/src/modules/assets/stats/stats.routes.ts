import { assetStatsApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const assetStatsRoutes = [
  implement(assetStatsApi.stats, { roles: ['admin'], handler: ({ query, services }) => services.assetStats.stats(query.month) }),
  implement(assetStatsApi.statsXlsx, {
    roles: ['admin'],
    handler: async ({ query, ctx, services }) => {
      const xlsx = await services.assetStats.statsXlsx(query.month)
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      ctx.set('Content-Disposition', `attachment; filename="asset-stats-${query.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(`公物仓统计-${query.month}.xlsx`)}`)
      ctx.body = xlsx
      return undefined
    },
  }),
]
