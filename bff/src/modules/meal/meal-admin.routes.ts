import { mealMerchantsApi, mealSettlementApi, mealSubsidiesApi, mealVouchersApi } from '@egj/shared'
import { implement } from '../../lib/http'

/** Admin: master data, window codes, subsidies. Settlement: statements, monthly export, reconciliation. */
export const mealAdminRoutes = [
  implement(mealMerchantsApi.list, { roles: ['admin', 'settlement'], handler: async ({ services }) => ({ items: await services.mealAdmin.merchants() }) }),
  implement(mealMerchantsApi.create, { roles: ['admin'], handler: ({ body, services }) => services.mealAdmin.createMerchant(body) }),
  implement(mealMerchantsApi.update, { roles: ['admin'], handler: ({ params, body, services }) => services.mealAdmin.updateMerchant(params.id, body) }),
  implement(mealMerchantsApi.createWindow, { roles: ['admin'], handler: ({ params, body, services }) => services.mealAdmin.createWindow(params.id, body.name) }),
  implement(mealMerchantsApi.updateWindow, { roles: ['admin'], handler: ({ params, body, services }) => services.mealAdmin.updateWindow(params.id, body) }),
  implement(mealMerchantsApi.replacePeriods, { roles: ['admin'], handler: ({ params, body, services }) => services.mealAdmin.replacePeriods(params.id, body.periods) }),
  implement(mealMerchantsApi.windowQrPng, {
    roles: ['admin', 'cashier'],
    handler: async ({ params, ctx, services }) => {
      ctx.type = 'image/png'
      ctx.set('Content-Disposition', `inline; filename="window-${params.id}.png"`)
      ctx.body = await services.mealAdmin.windowQrPng(params.id)
      return undefined
    },
  }),
  implement(mealMerchantsApi.qrSheet, {
    roles: ['admin'],
    handler: async ({ params, ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.mealAdmin.qrSheet(params.id)
      return undefined
    },
  }),
  implement(mealSubsidiesApi.run, { roles: ['admin'], handler: ({ body, user, services }) => services.meal.runSubsidy(user.id, body) }),
  implement(mealVouchersApi.issue, { roles: ['admin'], handler: async ({ body, user, services }) => ({ items: await services.meal.issueVouchers(user.id, body) }) }),
  implement(mealVouchersApi.listOfUnit, { roles: ['admin', 'settlement'], handler: async ({ query, services }) => ({ items: await services.meal.vouchersOfUnit(query.unitId) }) }),
  implement(mealVouchersApi.get, { handler: ({ params, services }) => services.meal.voucher(params.code) }),
  implement(mealSettlementApi.daily, { roles: ['cashier', 'settlement', 'admin'], handler: ({ query, user, services }) => services.settlement.dailyStatement(user, query.merchantId, query.date) }),
  implement(mealSettlementApi.review, { roles: ['cashier', 'admin'], handler: ({ body, user, services }) => services.settlement.reviewLine(user, body) }),
  implement(mealSettlementApi.monthly, {
    roles: ['settlement', 'admin'],
    handler: async ({ query, ctx, services }) => {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      const name = `公务餐结算-${query.month}-${query.by === 'merchant' ? '按商户' : '按单位'}.xlsx`
      ctx.set('Content-Disposition', `attachment; filename="settlement-${query.month}-${query.by}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      ctx.body = await services.settlement.monthlyWorkbook(query.month, query.by)
      return undefined
    },
  }),
  implement(mealSettlementApi.reconciliation, { roles: ['settlement', 'admin'], handler: ({ query, services }) => services.settlement.reconcile(query.date) }),
]
