import { orgImportApi, XLSX } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'
import { importerOf } from './import.service'

const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`

export const importRoutes = [
  implement(orgImportApi.template, {
    roles: ['admin', 'unit_admin'],
    handler: async ({ user, ctx, services }) => {
      ctx.type = XLSX
      ctx.set('Content-Disposition', attachment('staff-template.xlsx', '人员导入模板.xlsx'))
      ctx.body = await services.orgImport.template(importerOf(user, null))
      return undefined
    },
  }),
  implement(orgImportApi.run, {
    roles: ['admin', 'unit_admin'],
    handler: ({ query, upload, user, idempotencyKey, ctx, services }) => services.orgImport.run(actorOf(user, ctx), query, upload, idempotencyKey),
  }),
  implement(orgImportApi.export, {
    roles: ['admin', 'unit_admin'],
    handler: async ({ query, user, ctx, services }) => {
      ctx.type = XLSX
      ctx.set('Content-Disposition', attachment('staff.xlsx', '人员名单.xlsx'))
      ctx.body = await services.orgImport.exportWorkbook(importerOf(user, actorOf(user, ctx)), query)
      return undefined
    },
  }),
]
