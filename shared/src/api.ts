import type { DevAccountList, DevLoginRequest, DingtalkLoginRequest, LoginResponse, WechatBindRequest, WechatLoginRequest, WechatLoginResponse } from './auth'
import type {
  CashierFeed,
  DailyStatement,
  MealAccount,
  MealPayment,
  MealPaymentCreate,
  MealPaymentList,
  MealPeriodsReplace,
  MealRefund,
  MealRefundCreate,
  MealTopup,
  MealTopupCreate,
  MealWindowResolved,
  MerchantAdmin,
  MerchantAdminList,
  MerchantCreate,
  MerchantUpdate,
  Reconciliation,
  StatementLineReview,
  SubsidyRunCreate,
  SubsidyRunResult,
  Voucher,
  VoucherIssue,
  VoucherList,
  WindowCreate,
  WindowUpdate,
} from './meal'
import type { NotificationList } from './notifications'
import type { Me } from './org'
import type { QrResolved } from './qr'
import type { z } from './zod'

/**
 * The BFF's HTTP API as types: `path → { method, body, query, response }`.
 * The mini-app's client is typed by this map; the BFF's routes validate with the same zod schemas.
 */
export interface ApiRoutes {
  'POST /api/v1/auth/dev-login': { body: DevLoginRequest; response: LoginResponse }
  'GET /api/v1/auth/dev-accounts': { response: DevAccountList }
  'POST /api/v1/auth/wechat': { body: WechatLoginRequest; response: WechatLoginResponse }
  'POST /api/v1/auth/wechat/bind': { body: WechatBindRequest; response: LoginResponse }
  'POST /api/v1/auth/dingtalk': { body: DingtalkLoginRequest; response: LoginResponse }
  'POST /api/v1/auth/logout': { response: { ok: true } }
  'GET /api/v1/me': { response: Me }
  'GET /api/v1/notifications': { query: { cursor?: string; limit?: number }; response: NotificationList }
  'POST /api/v1/notifications/:id/read': { response: { ok: true } }
  'POST /api/v1/notifications/read-all': { response: { ok: true } }
  'GET /api/v1/qr/resolve': { query: { code: string }; response: QrResolved }
  // 公务餐. POSTs that move money need an `Idempotency-Key` header (one per attempt; retries reuse it).
  'GET /api/v1/meal/windows/resolve': { query: { code: string }; response: MealWindowResolved }
  'GET /api/v1/meal/account': { response: MealAccount }
  'POST /api/v1/meal/payments': { body: MealPaymentCreate; response: MealPayment }
  'GET /api/v1/meal/payments': { query: { cursor?: string; limit?: number }; response: MealPaymentList }
  'GET /api/v1/meal/payments/:id': { response: MealPayment }
  'POST /api/v1/meal/payments/:id/refunds': { body: MealRefundCreate; response: MealRefund }
  'GET /api/v1/meal/cashier/feed': { query: { after?: string; wait?: number }; response: CashierFeed }
  'POST /api/v1/meal/topups': { body: z.input<typeof MealTopupCreate>; response: MealTopup }
  'GET /api/v1/meal/vouchers/:code': { response: Voucher }
  // 公务餐 administration (admin) and settlement (settlement, admin; 日结单 also the merchant's cashier)
  'GET /api/v1/meal/merchants': { response: z.infer<typeof MerchantAdminList> }
  'POST /api/v1/meal/merchants': { body: z.input<typeof MerchantCreate>; response: MerchantAdmin }
  'PATCH /api/v1/meal/merchants/:id': { body: z.input<typeof MerchantUpdate>; response: MerchantAdmin }
  'POST /api/v1/meal/merchants/:id/windows': { body: z.input<typeof WindowCreate>; response: MerchantAdmin }
  'PATCH /api/v1/meal/windows/:id': { body: z.input<typeof WindowUpdate>; response: MerchantAdmin }
  'PUT /api/v1/meal/merchants/:id/periods': { body: z.input<typeof MealPeriodsReplace>; response: MerchantAdmin }
  'POST /api/v1/meal/subsidies': { body: z.input<typeof SubsidyRunCreate>; response: z.infer<typeof SubsidyRunResult> }
  'POST /api/v1/meal/vouchers': { body: z.input<typeof VoucherIssue>; response: z.infer<typeof VoucherList> }
  'GET /api/v1/meal/vouchers': { query: { unitId: number }; response: z.infer<typeof VoucherList> }
  'GET /api/v1/meal/statements/daily': { query: { merchantId?: number; date: string }; response: DailyStatement }
  'POST /api/v1/meal/statements/daily/review': { body: z.input<typeof StatementLineReview>; response: DailyStatement }
  'GET /api/v1/meal/reconciliation': { query: { date: string }; response: Reconciliation }
}
export type ApiRoute = keyof ApiRoutes
