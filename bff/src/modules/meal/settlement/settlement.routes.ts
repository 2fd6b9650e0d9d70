import { mealSettlementApi } from '@egj/shared'
import { implement } from '../../../lib/http'

export const settlementRoutes = [
  implement(mealSettlementApi.daily, { roles: ['cashier', 'settlement', 'admin'], handler: ({ query, user, services }) => services.mealSettlement.dailyStatement(user, query.merchantId, query.date) }),
  implement(mealSettlementApi.review, { roles: ['cashier', 'admin'], handler: ({ body, user, services }) => services.mealSettlement.reviewLine(user, body) }),
  implement(mealSettlementApi.confirmAll, { roles: ['cashier', 'admin'], handler: ({ body, user, services }) => services.mealSettlement.confirmAll(user, body) }),
  implement(mealSettlementApi.monthly, {
    roles: ['settlement', 'admin'],
    handler: async ({ query, ctx, services }) => {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      const name = `公务餐结算-${query.month}-${query.by === 'merchant' ? '按商户' : '按单位'}.xlsx`
      ctx.set('Content-Disposition', `attachment; filename="settlement-${query.month}-${query.by}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      ctx.body = await services.mealSettlement.monthlyWorkbook(query.month, query.by)
      return undefined
    },
  }),
  implement(mealSettlementApi.reconciliation, { roles: ['settlement', 'admin'], handler: ({ query, services }) => services.mealSettlement.reconcile(query.date) }),
]
