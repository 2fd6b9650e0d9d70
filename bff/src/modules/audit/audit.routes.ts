import { auditApi, XLSX } from '@egj/shared'
import { implement } from '../../lib/http'

export const auditRoutes = [
  implement(auditApi.list, { roles: ['admin'], handler: ({ query, services }) => services.audit.list(query) }),
  implement(auditApi.export, {
    roles: ['admin'],
    handler: async ({ query, ctx, services }) => {
      ctx.type = XLSX
      ctx.set('Content-Disposition', `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent('操作留痕.xlsx')}`)
      ctx.body = await services.audit.workbook(query)
      return undefined
    },
  }),
]
