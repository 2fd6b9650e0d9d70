import { z } from './zod'
import { Cursor, IdNumber } from './ids'
import { CalendarDate, CalendarMonth } from './time'
import { multiLine, reasonText, singleLine } from './text'

/** One payment's bounds; a merchant may set a lower maximum. */
export const MEAL_MAX_PAYMENT_FEN = 100_000

export const MerchantKind = z.enum(['canteen', 'designated'])
export const MERCHANT_KIND_LABELS = { canteen: '机关食堂', designated: '定点用餐点' } as const

export const MealWindowResolveQuery = z.object({
  code: z.string().trim().min(1).max(1000).describe('scanned content: the window code URL or its token'),
})

export const MealPeriod = z.object({
  name: z.string(),
  /** when this period ends (ISO 8601 UTC) */
  endsAt: z.string(),
  /** 公务 price cap in 分; null when the period has none */
  officialCapFen: z.number().int().nullable(),
})
export type MealPeriod = z.infer<typeof MealPeriod>

export const MealWindowResolved = z.object({
  merchant: z.object({ id: z.number().int(), name: z.string(), kind: MerchantKind }),
  window: z.object({ id: z.number().int(), name: z.string() }),
  period: MealPeriod.nullable(),
  /** over the 公务 cap: 'warn' asks the diner to confirm, 'refuse' does not accept it */
  overCapPolicy: z.enum(['warn', 'refuse']),
  maxPaymentFen: z.number().int(),
})
export type MealWindowResolved = z.infer<typeof MealWindowResolved>

export const MealAccount = z.object({
  subsidyFen: z.number().int(),
  personalFen: z.number().int(),
  totalFen: z.number().int(),
})
export type MealAccount = z.infer<typeof MealAccount>

export const MealPaymentMethod = z.enum(['account', 'wechat', 'voucher'])

/**
 * How a payment was paid, on screen: 饭卡 / 微信支付 / 餐券（市财政局）. `short` for tags (餐券: the
 * unit then goes beside the payer). The diner's own unit is shown separately.
 */
export function mealMethodLabel(payment: { method: z.infer<typeof MealPaymentMethod>; voucherUnitName?: string | null }, short = false): string {
  if (payment.method === 'wechat') return short ? '微信' : '微信支付'
  if (payment.method === 'voucher') return short ? '餐券' : payment.voucherUnitName ? `餐券（${payment.voucherUnitName}）` : '电子餐券'
  return '饭卡'
}

export const MealPaymentCreate = z.object({
  code: z.string().trim().min(1).max(1000).describe("the window's scanned code (URL or token)"),
  amountFen: z.number().int().min(1).max(MEAL_MAX_PAYMENT_FEN).describe('菜品金额, in 分'),
  method: MealPaymentMethod,
  /** a 公务 meal (official trip): checked against the period's cap, flagged on the receipt */
  official: z.boolean().default(false),
  /** the diner confirmed a warning (over the cap, or a possible duplicate) */
  confirm: z.boolean().default(false),
  /** WeChat Pay only: 'jsapi' inside the WeChat mini-program, 'h5' in a phone browser */
  payChannel: z.enum(['jsapi', 'h5']).default('jsapi'),
  /** method 'voucher': the 电子餐券 code from the holder's link */
  voucherCode: z.string().regex(/^[A-Za-z0-9]{20}$/).optional(),
})
export type MealPaymentCreate = z.input<typeof MealPaymentCreate>


export const WechatPayParams = z.object({
  /** JSAPI parameters for `Taro.requestPayment` on weapp */
  payParams: z.object({ appId: z.string(), timeStamp: z.string(), nonceStr: z.string(), package: z.string(), signType: z.literal('RSA'), paySign: z.string() }).nullable(),
  /** H5: WeChat's cashier page to open (the simulator's, in the demo) */
  cashierUrl: z.string().nullable(),
})
export type WechatPayParams = z.infer<typeof WechatPayParams>

export const MealPayment = z.object({
  id: z.number().int(),
  /** printed on the receipt: Shanghai date + payment number */
  serialNo: z.string(),
  status: z.enum(['awaiting_payment', 'paid', 'closed']),
  method: MealPaymentMethod,
  official: z.boolean(),
  amountFen: z.number().int(),
  subsidyFen: z.number().int(),
  personalFen: z.number().int(),
  refundedFen: z.number().int(),
  merchant: z.object({ id: z.number().int(), name: z.string(), kind: MerchantKind }),
  window: z.object({ id: z.number().int(), name: z.string() }),
  periodName: z.string().nullable(),
  payerName: z.string().nullable(),
  /** the diner's own unit (null for visitors) */
  payerUnitName: z.string().nullable(),
  /** a voucher payment: the unit whose 餐券 paid, e.g. 餐券（市财政局） */
  voucherUnitName: z.string().nullable(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  wechatPay: WechatPayParams.optional(),
})
export type MealPayment = z.infer<typeof MealPayment>

export const PageQuery = z.object({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})

export const MealPaymentList = z.object({ items: z.array(MealPayment), nextCursor: z.string().nullable() })
export type MealPaymentList = z.infer<typeof MealPaymentList>

/** What moved a diner's 补贴 / 个人 balances: every payment, refund, top-up, subsidy grant. */
export const MealMovementKind = z.enum(['payment', 'refund', 'topup', 'subsidy'])
export const MEAL_MOVEMENT_LABELS = { payment: '消费', refund: '退款', topup: '充值', subsidy: '餐补发放' } as const
export const MealMovement = z.object({
  /** the journal entry */
  id: z.number().int(),
  kind: MealMovementKind,
  /** e.g. 市级机关食堂 一楼1号窗口 饭卡支付 */
  memo: z.string(),
  at: z.string().describe('ISO 8601, UTC'),
  /** signed change of 补贴 / 个人, in 分 (− spent, + received) */
  subsidyFen: z.number().int(),
  personalFen: z.number().int(),
  /** the payment behind a payment or refund (its receipt) */
  paymentId: z.number().int().nullable(),
})
export type MealMovement = z.infer<typeof MealMovement>
export const MealMovementList = z.object({ items: z.array(MealMovement), nextCursor: z.string().nullable() })
export type MealMovementList = z.infer<typeof MealMovementList>

export const MealRefundCreate = z.object({
  amountFen: z.number().int().min(1).max(MEAL_MAX_PAYMENT_FEN),
  /** WeChat Pay takes at most 80 characters of refund reason */
  reason: reasonText('退款原因', 80),
})
export type MealRefundCreate = z.infer<typeof MealRefundCreate>

export const MealRefund = z.object({
  id: z.number().int(),
  paymentId: z.number().int(),
  amountFen: z.number().int(),
  subsidyFen: z.number().int(),
  personalFen: z.number().int(),
  reason: z.string(),
  status: z.enum(['processing', 'succeeded', 'failed']),
  createdAt: z.string(),
})
export type MealRefund = z.infer<typeof MealRefund>

export const CashierFeedQuery = z.object({
  after: Cursor.optional().describe('cursor from the previous answer; omitted: today so far'),
  /** long-poll: wait up to this many seconds for something new */
  wait: z.coerce.number().int().min(0).max(25).default(0),
})

export const CashierFeedItem = z.object({
  cursor: z.string(),
  kind: z.enum(['paid', 'refunded']),
  amountFen: z.number().int(),
  at: z.string(),
  payment: MealPayment,
})
export type CashierFeedItem = z.infer<typeof CashierFeedItem>

export const CashierFeed = z.object({
  items: z.array(CashierFeedItem),
  cursor: z.string(),
  today: z.object({ count: z.number().int(), totalFen: z.number().int() }),
})
export type CashierFeed = z.infer<typeof CashierFeed>

/** 重新支付: the same unpaid WeChat order handed to WeChat again (a new cashier link for H5). */
export const MealPaymentResume = z.object({
  payChannel: z.enum(['jsapi', 'h5']).default('jsapi'),
})

export const MealTopupCreate = z.object({ amountFen: z.number().int().min(100).max(200_000), payChannel: z.enum(['jsapi', 'h5']).default('jsapi') })
export const MealTopup = z.object({
  id: z.number().int(),
  amountFen: z.number().int(),
  status: z.enum(['awaiting_payment', 'paid', 'closed']),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  wechatPay: WechatPayParams.optional(),
})
export type MealTopup = z.infer<typeof MealTopup>

const HHmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, '时间格式为 HH:mm')

export const MealPeriodInput = z.object({
  name: singleLine().min(1).max(20),
  start: HHmm,
  end: HHmm,
  /** 公务 cap in 分; null = none */
  officialCapFen: z.number().int().min(1).max(MEAL_MAX_PAYMENT_FEN).nullable(),
})
export const MealPeriodsReplace = z.object({ periods: z.array(MealPeriodInput).max(10) })

export const MerchantCreate = z.object({
  name: singleLine().min(1).max(100),
  kind: MerchantKind,
  overCapPolicy: z.enum(['warn', 'refuse']).default('warn'),
  maxPaymentFen: z.number().int().min(1).max(MEAL_MAX_PAYMENT_FEN).default(MEAL_MAX_PAYMENT_FEN),
})
/** Only the fields sent change: no defaults here (`.partial()` of MerchantCreate kept its defaults, so 停用 alone reset 超标策略 and 单笔上限). */
export const MerchantUpdate = z.object({
  name: MerchantCreate.shape.name.optional(),
  kind: MerchantKind.optional(),
  overCapPolicy: z.enum(['warn', 'refuse']).optional(),
  maxPaymentFen: z.number().int().min(1).max(MEAL_MAX_PAYMENT_FEN).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  /** why, for the 留痕 */
  reason: reasonText('修改原因', 200).optional(),
})
export const WindowCreate = z.object({ name: singleLine().min(1).max(100) })
export const WindowUpdate = z.object({ name: singleLine().min(1).max(100).optional(), status: z.enum(['active', 'disabled']).optional(), reason: reasonText('修改原因', 200).optional() })

export const MerchantAdmin = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: MerchantKind,
  overCapPolicy: z.enum(['warn', 'refuse']),
  maxPaymentFen: z.number().int(),
  status: z.enum(['active', 'disabled']),
  windows: z.array(z.object({ id: z.number().int(), name: z.string(), status: z.enum(['active', 'disabled']), /** what the printed code holds */ code: z.string(), /** printed under the code, for typing by hand */ shortCode: z.string() })),
  periods: z.array(z.object({ name: z.string(), start: z.string(), end: z.string(), officialCapFen: z.number().int().nullable() })),
})
export type MerchantAdmin = z.infer<typeof MerchantAdmin>
export const MerchantAdminList = z.object({ items: z.array(MerchantAdmin) })

export const SubsidyRunCreate = z.object({
  unitId: z.number().int().positive(),
  month: CalendarMonth,
  amountPerPersonFen: z.number().int().min(1).max(1_000_000),
})
export const SubsidyRunResult = z.object({ people: z.number().int(), totalFen: z.number().int() })

export const MonthlySettlementQuery = z.object({
  month: CalendarMonth,
  by: z.enum(['merchant', 'unit']).default('merchant'),
})

export const DailyStatementQuery = z.object({
  /** omitted by a cashier: their own merchant */
  merchantId: IdNumber.optional().describe('商户；收银员可省略（取本人所在商户），结算员、管理员必填（省略时 400 VALIDATION_FAILED）'),
  date: CalendarDate,
})
export const StatementLine = z.object({
  paymentId: z.number().int(),
  serialNo: z.string(),
  paidAt: z.string(),
  windowName: z.string(),
  payerName: z.string().nullable(),
  payerUnitName: z.string().nullable(),
  /** a voucher payment: the unit whose 餐券 paid */
  voucherUnitName: z.string().nullable(),
  method: MealPaymentMethod,
  official: z.boolean(),
  amountFen: z.number().int(),
  refundedFen: z.number().int(),
  /** the merchant's answer for this line */
  review: z.enum(['pending', 'confirmed', 'disputed']),
  note: z.string().nullable(),
})
export const DailyStatement = z.object({
  merchant: z.object({ id: z.number().int(), name: z.string() }),
  date: z.string(),
  lines: z.array(StatementLine),
  totals: z.object({ count: z.number().int(), amountFen: z.number().int(), refundedFen: z.number().int(), netFen: z.number().int(), confirmed: z.number().int(), disputed: z.number().int(), pending: z.number().int() }),
})
export type DailyStatement = z.infer<typeof DailyStatement>
export const StatementLineReview = z.object({
  merchantId: z.number().int().positive(),
  date: CalendarDate,
  paymentId: z.number().int().positive(),
  review: z.enum(['confirmed', 'disputed']),
  note: multiLine().max(200).optional(),
})

/** 全部确认: every line still 待确认 on that day's statement (disputed lines stay as they are). */
export const StatementConfirmAll = z.object({
  merchantId: z.number().int().positive(),
  date: CalendarDate,
})

export const ReconciliationQuery = z.object({ date: CalendarDate })
export const Reconciliation = z.object({
  date: z.string(),
  ours: z.object({ count: z.number().int(), amountFen: z.number().int() }),
  wechat: z.object({ count: z.number().int(), amountFen: z.number().int() }),
  differences: z.array(
    z.object({
      outTradeNo: z.string(),
      kind: z.enum(['missing_in_ours', 'missing_in_wechat', 'amount_mismatch', 'status_mismatch']),
      oursFen: z.number().int().nullable(),
      wechatFen: z.number().int().nullable(),
      note: z.string(),
    }),
  ),
})
export type Reconciliation = z.infer<typeof Reconciliation>

export const VoucherIssue = z.object({
  unitId: z.number().int().positive(),
  count: z.number().int().min(1).max(500),
  amountFen: z.number().int().min(100).max(20_000),
  purpose: singleLine().min(1).max(100).describe('e.g. 11月全市机关事务工作会议 参会人员用餐'),
  holderNames: z.array(singleLine().min(1).max(64)).max(500).optional(),
  expiresOn: CalendarDate,
})
export const Voucher = z.object({
  /** the bearer code; masked (前 4 位 + ****) for those who may see vouchers but not spend them (settlement) */
  code: z.string(),
  unitName: z.string(),
  amountFen: z.number().int(),
  purpose: z.string(),
  holderName: z.string().nullable(),
  status: z.enum(['issued', 'redeemed', 'expired']),
  /** issued but reserved to a 报餐 booking: that booking's pick-up spends it (not a payment at a window) */
  reserved: z.boolean().optional(),
  expiresAt: z.string(),
  /** the link to give the holder; null where the code is masked */
  link: z.string().nullable(),
})
export type Voucher = z.infer<typeof Voucher>
export const VoucherList = z.object({ items: z.array(Voucher) })
export const VoucherListQuery = z.object({ unitId: z.coerce.number().int().positive().max(2 ** 31 - 1) })
export type VoucherListQuery = z.input<typeof VoucherListQuery>

export const VoucherCodeParam = z.object({ code: z.string().regex(/^[A-Za-z0-9]{20}$/) })
