import { visitAdminApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const visitAdminRoutes = [
  implement(visitAdminApi.blocklist, { roles: ['admin'], handler: ({ services }) => services.visitAdmin.blocklist() }),
  implement(visitAdminApi.block, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.visitAdmin.block(actorOf(user, ctx), body) }),
  implement(visitAdminApi.unblock, { roles: ['admin'], handler: ({ params, user, ctx, services }) => services.visitAdmin.unblock(actorOf(user, ctx), params.id) }),
  implement(visitAdminApi.piiAudit, { roles: ['admin'], handler: ({ query, services }) => services.visitAdmin.piiAudit(query.cursor, query.limit) }),
  implement(visitAdminApi.stats, { roles: ['admin'], handler: ({ query, services }) => services.visitAdmin.stats(query.month) }),
  implement(visitAdminApi.statsXlsx, {
    roles: ['admin'],
    handler: async ({ query, ctx, services }) => {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      ctx.set('Content-Disposition', `attachment; filename="visits-${query.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(`访客统计-${query.month}.xlsx`)}`)
      ctx.body = await services.visitAdmin.statsWorkbook(query.month)
      return undefined
    },
  }),
]
