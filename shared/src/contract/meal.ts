import { IdParam } from '../notifications'
import {
  CashierFeed,
  CashierFeedQuery,
  DailyStatement,
  DailyStatementQuery,
  MealAccount,
  MealMovementList,
  MealPayment,
  MealPaymentCreate,
  MealPaymentList,
  MealPaymentResume,
  MealPeriodsReplace,
  MealRefund,
  MealRefundCreate,
  MealTopup,
  MealTopupCreate,
  MealWindowResolveQuery,
  MealWindowResolved,
  MerchantAdmin,
  MerchantAdminList,
  MerchantCreate,
  MerchantUpdate,
  MonthlySettlementQuery,
  PageQuery,
  Reconciliation,
  ReconciliationQuery,
  StatementConfirmAll,
  StatementLineReview,
  SubsidyRunCreate,
  SubsidyRunResult,
  Voucher,
  VoucherCodeParam,
  VoucherIssue,
  VoucherList,
  VoucherListQuery,
  WindowCreate,
  WindowUpdate,
} from '../meal'
import { endpoint } from './define'

/** 公务餐: scanning a window, paying, the diner's account, receipts and top-ups. */
export const mealPaymentsApi = {
  resolveWindow: endpoint({ method: 'GET', path: '/api/v1/meal/windows/resolve', tag: 'meal', summary: '扫窗口码：校验并返回商户、窗口、当前餐次与公务餐标准', query: MealWindowResolveQuery, response: MealWindowResolved }),
  account: endpoint({ method: 'GET', path: '/api/v1/meal/account', tag: 'meal', summary: '我的饭卡：补贴、个人、合计（分）', response: MealAccount }),
  movements: endpoint({ method: 'GET', path: '/api/v1/meal/account/movements', tag: 'meal', summary: '我的饭卡明细：每一笔消费、退款、充值、餐补（新的在前，分页）', query: PageQuery, response: MealMovementList }),
  pay: endpoint({ method: 'POST', path: '/api/v1/meal/payments', tag: 'meal', summary: '扫码付款（饭卡、微信支付或餐券）；重试返回第一次的结果', body: MealPaymentCreate, response: MealPayment, status: 201, idempotent: true }),
  list: endpoint({ method: 'GET', path: '/api/v1/meal/payments', tag: 'meal', summary: '我的付款记录（新的在前，分页）', query: PageQuery, response: MealPaymentList }),
  get: endpoint({ method: 'GET', path: '/api/v1/meal/payments/:id', tag: 'meal', summary: '一笔付款（电子凭证）', params: IdParam, response: MealPayment }),
  resume: endpoint({ method: 'POST', path: '/api/v1/meal/payments/:id/resume', tag: 'meal', summary: '重新支付待支付的微信支付订单（同一笔订单，不会重复扣款）', params: IdParam, body: MealPaymentResume, response: MealPayment }),
  cancel: endpoint({ method: 'POST', path: '/api/v1/meal/payments/:id/cancel', tag: 'meal', summary: '取消待支付的微信支付订单（先问微信：已支付的不会被取消）', params: IdParam, response: MealPayment }),
  topup: endpoint({ method: 'POST', path: '/api/v1/meal/topups', tag: 'meal', summary: '饭卡个人余额充值（微信支付）', body: MealTopupCreate, response: MealTopup, status: 201, idempotent: true }),
  wechatNotify: endpoint({ method: 'POST', path: '/api/v1/pay/wechat/notify', tag: 'pay', summary: '微信支付 v3 支付/退款结果通知（验签、解密；重复通知只入账一次）', status: 204 }),
}

/** Refunds by the merchant's cashier (same day) or an admin. */
export const mealRefundsApi = {
  create: endpoint({ method: 'POST', path: '/api/v1/meal/payments/:id/refunds', tag: 'meal', summary: '退款（收银员当天、管理员任何时候；可部分退）', params: IdParam, body: MealRefundCreate, response: MealRefund, status: 201, idempotent: true }),
}

/** The cashier's live feed. */
export const mealFeedApi = {
  feed: endpoint({ method: 'GET', path: '/api/v1/meal/cashier/feed', tag: 'meal', summary: '收银台实时流水（长轮询：wait 秒内有新付款即返回）与今日合计', query: CashierFeedQuery, response: CashierFeed }),
}

/** 电子餐券: issued to a unit's guests, redeemed once at any window. */
export const mealVouchersApi = {
  issue: endpoint({ method: 'POST', path: '/api/v1/meal/vouchers', tag: 'meal-admin', summary: '发放电子餐券（费用记在发券单位），返回每张券的领取链接', body: VoucherIssue, response: VoucherList, status: 201, idempotent: true }),
  listOfUnit: endpoint({ method: 'GET', path: '/api/v1/meal/vouchers', tag: 'meal-admin', summary: '某单位发放的餐券及使用情况', query: VoucherListQuery, response: VoucherList }),
  get: endpoint({ method: 'GET', path: '/api/v1/meal/vouchers/:code', tag: 'meal', summary: '持券人查看餐券（凭链接中的券码）', params: VoucherCodeParam, response: Voucher }),
}

/** Canteens and 定点用餐点: their windows, codes and meal periods. */
export const mealMerchantsApi = {
  list: endpoint({ method: 'GET', path: '/api/v1/meal/merchants', tag: 'meal-admin', summary: '商户（食堂、定点用餐点）列表，含窗口及其二维码内容、餐次', response: MerchantAdminList }),
  create: endpoint({ method: 'POST', path: '/api/v1/meal/merchants', tag: 'meal-admin', summary: '新增商户', body: MerchantCreate, response: MerchantAdmin, status: 201 }),
  update: endpoint({ method: 'PATCH', path: '/api/v1/meal/merchants/:id', tag: 'meal-admin', summary: '修改商户（名称、超标策略、单笔上限、启停）', params: IdParam, body: MerchantUpdate, response: MerchantAdmin }),
  createWindow: endpoint({ method: 'POST', path: '/api/v1/meal/merchants/:id/windows', tag: 'meal-admin', summary: '新增窗口', params: IdParam, body: WindowCreate, response: MerchantAdmin, status: 201 }),
  updateWindow: endpoint({ method: 'PATCH', path: '/api/v1/meal/windows/:id', tag: 'meal-admin', summary: '修改窗口（名称、启停）', params: IdParam, body: WindowUpdate, response: MerchantAdmin }),
  replacePeriods: endpoint({ method: 'PUT', path: '/api/v1/meal/merchants/:id/periods', tag: 'meal-admin', summary: '设置餐次及公务餐标准（时段不得重叠）', params: IdParam, body: MealPeriodsReplace, response: MerchantAdmin }),
  windowQrPng: endpoint({ method: 'GET', path: '/api/v1/meal/windows/:id/qr.png', tag: 'meal-admin', summary: '窗口二维码 PNG（打印用）', params: IdParam, file: 'image/png' }),
  qrSheet: endpoint({ method: 'GET', path: '/api/v1/meal/merchants/:id/qr-sheet', tag: 'meal-admin', summary: '商户全部窗口码的 A4 打印页', params: IdParam, file: 'text/html' }),
}

/** 每月餐补 credited to a unit's staff. */
export const mealSubsidiesApi = {
  run: endpoint({ method: 'POST', path: '/api/v1/meal/subsidies', tag: 'meal-admin', summary: '发放月度餐补：单位每位工作人员补贴 N 分（每单位每月一次）', body: SubsidyRunCreate, response: SubsidyRunResult, status: 201, idempotent: true }),
}

/** 日结单, the monthly workbook and WeChat Pay reconciliation. */
export const mealSettlementApi = {
  daily: endpoint({ method: 'GET', path: '/api/v1/meal/statements/daily', tag: 'meal-settlement', summary: '商户日结单（逐笔确认或提出异议）', query: DailyStatementQuery, response: DailyStatement }),
  review: endpoint({ method: 'POST', path: '/api/v1/meal/statements/daily/review', tag: 'meal-settlement', summary: '商户确认或对日结单某一笔提出异议', body: StatementLineReview, response: DailyStatement }),
  confirmAll: endpoint({ method: 'POST', path: '/api/v1/meal/statements/daily/confirm-all', tag: 'meal-settlement', summary: '商户一次确认日结单中全部待确认的订单（有异议的不变）', body: StatementConfirmAll, response: DailyStatement }),
  monthly: endpoint({ method: 'GET', path: '/api/v1/meal/settlements/monthly.xlsx', tag: 'meal-settlement', summary: '月度结算表（按商户或按单位），Excel', query: MonthlySettlementQuery, file: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  reconciliation: endpoint({ method: 'GET', path: '/api/v1/meal/reconciliation', tag: 'meal-settlement', summary: '与微信支付对账单核对（某日），列出全部差异', query: ReconciliationQuery, response: Reconciliation }),
}
