import { vehicleAdminApi } from '@egj/shared'
import { actorOf } from '../../../lib/auth'
import { implement } from '../../../lib/http'

export const vehicleAdminRoutes = [
  implement(vehicleAdminApi.vehicles, { roles: ['admin', 'dispatcher'], handler: async ({ services }) => ({ items: await services.vehicleAdmin.vehicles() }) }),
  implement(vehicleAdminApi.createVehicle, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.vehicleAdmin.createVehicle(actorOf(user, ctx), body) }),
  implement(vehicleAdminApi.updateVehicle, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.vehicleAdmin.updateVehicle(actorOf(user, ctx), params.id, body) }),
  implement(vehicleAdminApi.vehicleQrPng, {
    roles: ['admin'],
    handler: async ({ params, ctx, services }) => {
      const png = await services.vehicleAdmin.vehicleQrPng(params.id)
      ctx.type = 'image/png'
      ctx.set('Content-Disposition', `inline; filename="vehicle-${params.id}.png"`)
      ctx.body = png
      return undefined
    },
  }),
  implement(vehicleAdminApi.qrSheet, {
    roles: ['admin'],
    handler: async ({ ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.vehicleAdmin.qrSheet()
      return undefined
    },
  }),
  implement(vehicleAdminApi.drivers, { roles: ['admin', 'dispatcher'], handler: async ({ services }) => ({ items: await services.vehicleAdmin.drivers() }) }),
  implement(vehicleAdminApi.createDriver, { roles: ['admin'], handler: ({ body, user, ctx, services }) => services.vehicleAdmin.createDriver(actorOf(user, ctx), body) }),
  implement(vehicleAdminApi.updateDriver, { roles: ['admin'], handler: ({ params, body, user, ctx, services }) => services.vehicleAdmin.updateDriver(actorOf(user, ctx), params.id, body.onDuty, body.reason) }),
  implement(vehicleAdminApi.reports, { roles: ['admin'], handler: ({ query, services }) => services.vehicleAdmin.reports(query) }),
  implement(vehicleAdminApi.reportPhoto, {
    roles: ['admin'],
    handler: async ({ params, ctx, services }) => {
      const photo = await services.vehicleAdmin.reportPhoto(params.id)
      ctx.type = photo.type
      ctx.set('Cache-Control', 'private, no-store')
      ctx.body = photo.bytes
      return undefined
    },
  }),
  implement(vehicleAdminApi.resolveReport, { roles: ['admin'], handler: ({ params, body, user, services }) => services.vehicleAdmin.resolveReport(user, params.id, body.note) }),
  implement(vehicleAdminApi.stats, { roles: ['admin'], handler: ({ query, services }) => services.vehicleAdmin.stats(query.month) }),
  implement(vehicleAdminApi.statsXlsx, {
    roles: ['admin'],
    handler: async ({ query, ctx, services }) => {
      const xlsx = await services.vehicleAdmin.statsXlsx(query.month)
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      ctx.set('Content-Disposition', `attachment; filename="vehicle-stats-${query.month}.xlsx"`)
      ctx.body = xlsx
      return undefined
    },
  }),
]
