import { Voucher, VoucherCodeParam, VoucherIssue, VoucherList, DailyStatement, DailyStatementQuery, IdParam, MealPeriodsReplace, MerchantAdmin, MerchantAdminList, MerchantCreate, MerchantUpdate, MonthlySettlementQuery, Reconciliation, ReconciliationQuery, StatementLineReview, SubsidyRunCreate, SubsidyRunResult, WindowCreate, WindowUpdate } from '@egj/shared'
import { z } from 'zod'
import { defineRoute } from '../../lib/http'

const Binary = z.string()

/** Admin: master data, window codes, subsidies. Settlement: statements, monthly export, reconciliation. */
export const mealAdminRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/merchants',
    summary: '商户（食堂、定点用餐点）列表，含窗口及其二维码内容、餐次（管理员、结算员）',
    tag: 'meal-admin',
    roles: ['admin', 'settlement'],
    response: MerchantAdminList,
    handler: async ({ services }) => ({ items: await services.mealAdmin.merchants() }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/meal/merchants',
    summary: '新增商户',
    tag: 'meal-admin',
    roles: ['admin'],
    body: MerchantCreate,
    response: MerchantAdmin,
    status: 201,
    handler: ({ body, services }) => services.mealAdmin.createMerchant(body),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/meal/merchants/:id',
    summary: '修改商户（名称、超标策略、单笔上限、启停）',
    tag: 'meal-admin',
    roles: ['admin'],
    params: IdParam,
    body: MerchantUpdate,
    response: MerchantAdmin,
    handler: ({ params, body, services }) => services.mealAdmin.updateMerchant(params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/meal/merchants/:id/windows',
    summary: '新增窗口',
    tag: 'meal-admin',
    roles: ['admin'],
    params: IdParam,
    body: WindowCreate,
    response: MerchantAdmin,
    status: 201,
    handler: ({ params, body, services }) => services.mealAdmin.createWindow(params.id, body.name),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/meal/windows/:id',
    summary: '修改窗口（名称、启停）',
    tag: 'meal-admin',
    roles: ['admin'],
    params: IdParam,
    body: WindowUpdate,
    response: MerchantAdmin,
    handler: ({ params, body, services }) => services.mealAdmin.updateWindow(params.id, body),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/meal/merchants/:id/periods',
    summary: '设置餐次及公务餐标准（时段不得重叠）',
    tag: 'meal-admin',
    roles: ['admin'],
    params: IdParam,
    body: MealPeriodsReplace,
    response: MerchantAdmin,
    handler: ({ params, body, services }) => services.mealAdmin.replacePeriods(params.id, body.periods),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/windows/:id/qr.png',
    summary: '窗口二维码 PNG（打印用）',
    tag: 'meal-admin',
    roles: ['admin', 'cashier'],
    params: IdParam,
    response: Binary,
    raw: { contentType: 'image/png' },
    handler: async ({ params, ctx, services }) => {
      ctx.type = 'image/png'
      ctx.set('Content-Disposition', `inline; filename="window-${params.id}.png"`)
      ctx.body = await services.mealAdmin.windowQrPng(params.id)
      return undefined
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/merchants/:id/qr-sheet',
    summary: '商户全部窗口码的 A4 打印页',
    tag: 'meal-admin',
    roles: ['admin'],
    params: IdParam,
    response: Binary,
    raw: { contentType: 'text/html' },
    handler: async ({ params, ctx, services }) => {
      ctx.type = 'html'
      ctx.body = await services.mealAdmin.qrSheet(params.id)
      return undefined
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/meal/subsidies',
    summary: '发放月度餐补：单位每位工作人员补贴 N 分（每单位每月一次）',
    tag: 'meal-admin',
    roles: ['admin'],
    body: SubsidyRunCreate,
    response: SubsidyRunResult,
    status: 201,
    handler: ({ body, user, services }) => services.meal.runSubsidy(user!.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/meal/vouchers',
    summary: '发放电子餐券（费用记在发券单位），返回每张券的领取链接',
    tag: 'meal-admin',
    roles: ['admin'],
    body: VoucherIssue,
    response: VoucherList,
    status: 201,
    handler: async ({ body, user, services }) => ({ items: await services.meal.issueVouchers(user!.id, body) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/vouchers',
    summary: '某单位发放的餐券及使用情况',
    tag: 'meal-admin',
    roles: ['admin', 'settlement'],
    query: z.object({ unitId: z.coerce.number().int().positive() }),
    response: VoucherList,
    handler: async ({ query, services }) => ({ items: await services.meal.vouchersOfUnit(query.unitId) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/vouchers/:code',
    summary: '持券人查看餐券（凭链接中的券码）',
    tag: 'meal',
    params: VoucherCodeParam,
    response: Voucher,
    handler: ({ params, services }) => services.meal.voucher(params.code),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/statements/daily',
    summary: '商户日结单（逐笔确认或提出异议）',
    tag: 'meal-settlement',
    roles: ['cashier', 'settlement', 'admin'],
    query: DailyStatementQuery,
    response: DailyStatement,
    handler: ({ query, user, services }) => services.settlement.dailyStatement(user!, query.merchantId, query.date),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/meal/statements/daily/review',
    summary: '商户确认或对日结单某一笔提出异议',
    tag: 'meal-settlement',
    roles: ['cashier', 'admin'],
    body: StatementLineReview,
    response: DailyStatement,
    handler: ({ body, user, services }) => services.settlement.reviewLine(user!, body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/settlements/monthly.xlsx',
    summary: '月度结算表（按商户或按单位），Excel',
    tag: 'meal-settlement',
    roles: ['settlement', 'admin'],
    query: MonthlySettlementQuery,
    response: Binary,
    raw: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    handler: async ({ query, ctx, services }) => {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      const name = `公务餐结算-${query.month}-${query.by === 'merchant' ? '按商户' : '按单位'}.xlsx`
      ctx.set('Content-Disposition', `attachment; filename="settlement-${query.month}-${query.by}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
      ctx.body = await services.settlement.monthlyWorkbook(query.month, query.by)
      return undefined
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/meal/reconciliation',
    summary: '与微信支付对账单核对（某日），列出全部差异',
    tag: 'meal-settlement',
    roles: ['settlement', 'admin'],
    query: ReconciliationQuery,
    response: Reconciliation,
    handler: ({ query, services }) => services.settlement.reconcile(query.date),
  }),
]
