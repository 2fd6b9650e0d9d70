import { randomInt } from 'node:crypto'
import type { CashierFeed, MealAccount, MealPayment, MealPaymentList, MealRefund, MealTopup, MealWindowResolved, Voucher, WechatPayParams } from '@egj/shared'
import { inShanghai, shanghaiDate, shanghaiDayStart, shanghaiMinuteOfDay } from '@egj/shared'
import type { Db, Tx } from '../../db/client'
import { isDuplicateKey, withTransaction } from '../../db/client'
import type { mealVouchers } from '../../db/schema'
import type { AuthUser } from '../../lib/auth'
import { AppError, forbidden, notFound } from '../../lib/errors'
import { idempotent } from '../../lib/idempotency'
import type { Logger } from '../../lib/logger'
import type { QrSigner } from '../../lib/qr'
import { postEntry } from '../ledger/ledger.repo'
import type { NotificationService } from '../notifications/notifications.service'
import * as repo from './meal.repo'
import { canViewPayment, refundPermission } from './meal.policy'
import { presentPayment, presentRefund } from './meal.presenter'
import type { GatewayOrder, PaymentGateway } from './payment-gateway'
import { wechatOpenidOf } from '../auth/auth.repo'

const DUPLICATE_WINDOW_MS = 2 * 60_000
/** Windows, merchants and periods change rarely; every payment reads them. */
const WINDOW_CACHE_MS = 5_000
const WECHAT_ORDER_TTL_MS = 15 * 60_000
const FEED_POLL_MS = 200
/** A receipt still awaiting WeChat's notification asks WeChat itself after this long. */
const RECOVER_ON_READ_AFTER_MS = 5_000

export interface PayInput {
  code: string
  amountFen: number
  method: 'account' | 'wechat' | 'voucher'
  official: boolean
  confirm: boolean
  payChannel: 'jsapi' | 'h5'
  voucherCode?: string
}

const VOUCHER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'
/** 20 characters from 55: about 115 bits, so a voucher link cannot be guessed. */
const randomVoucherCode = () => Array.from({ length: 20 }, () => VOUCHER_ALPHABET[randomInt(VOUCHER_ALPHABET.length)]).join('')

/** Where the request came from: WeChat's H5 payment checks the payer's address. */
export interface ClientInfo {
  ip: string
}

/** "MP" + Shanghai time + random digits: WeChat's out_trade_no, unique by index. */
const outTradeNo = (prefix: 'MP' | 'MT' | 'MR', now: Date) => `${prefix}${inShanghai(now).format('YYYYMMDDHHmmss')}${String(randomInt(0, 1e10)).padStart(10, '0')}`

type WindowTarget = NonNullable<Awaited<ReturnType<typeof repo.findWindow>>> & { periods: Awaited<ReturnType<typeof repo.periodsOf>> }

export class MealService {
  /** A few seconds of master data per instance: a disabled window takes effect within WINDOW_CACHE_MS. */
  private readonly windowCache = new Map<number, { expiresAt: number; target: WindowTarget }>()

  constructor(
    private readonly db: Db,
    private readonly qr: QrSigner,
    private readonly gateway: PaymentGateway,
    private readonly notifications: NotificationService,
    private readonly log: Logger,
    private readonly publicBaseUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async target(code: string): Promise<WindowTarget> {
    const parsed = this.qr.verify(code, 'm')
    const windowId = Number(parsed.payload[0])
    const cached = this.windowCache.get(windowId)
    if (cached && cached.expiresAt > Date.now()) return cached.target
    const found = Number.isSafeInteger(windowId) ? await repo.findWindow(this.db, windowId) : null
    if (!found) throw notFound('窗口')
    const target = { ...found, periods: await repo.periodsOf(this.db, found.merchant.id) }
    this.windowCache.set(windowId, { expiresAt: Date.now() + WINDOW_CACHE_MS, target })
    return target
  }

  /** The period open now, with when it ends. */
  private openPeriod(periods: WindowTarget['periods'], now: Date) {
    const minute = shanghaiMinuteOfDay(now)
    const period = periods.find((p) => minute >= p.startMinute && minute < p.endMinute)
    if (!period) return null
    const endsAt = new Date(shanghaiDayStart(shanghaiDate(now)).getTime() + period.endMinute * 60_000)
    return { name: period.name, endsAt, officialCapFen: period.officialCapFen }
  }

  async resolveWindow(code: string): Promise<MealWindowResolved> {
    const { window, merchant, periods } = await this.target(code)
    if (window.status !== 'active' || merchant.status !== 'active') throw new AppError('MEAL_WINDOW_CLOSED')
    const period = this.openPeriod(periods, this.now())
    return {
      merchant: { id: merchant.id, name: merchant.name, kind: merchant.kind },
      window: { id: window.id, name: window.name },
      period: period && { ...period, endsAt: period.endsAt.toISOString() },
      overCapPolicy: merchant.overCapPolicy,
      maxPaymentFen: merchant.maxPaymentFen,
    }
  }

  async account(userId: number): Promise<MealAccount> {
    const account = await repo.findAccount(this.db, userId)
    if (!account) throw new AppError('MEAL_NO_ACCOUNT')
    return { subsidyFen: account.subsidyFen, personalFen: account.personalFen, totalFen: account.subsidyFen + account.personalFen }
  }

  async pay(user: AuthUser, input: PayInput, idempotencyKey: string | undefined, client: ClientInfo): Promise<MealPayment> {
    const now = this.now()
    const { window, merchant, periods } = await this.target(input.code)
    if (window.status !== 'active' || merchant.status !== 'active') throw new AppError('MEAL_WINDOW_CLOSED')
    if (input.amountFen > merchant.maxPaymentFen) throw new AppError('MEAL_AMOUNT_TOO_LARGE', { maxPaymentFen: merchant.maxPaymentFen })
    const period = this.openPeriod(periods, now)
    if (input.official) {
      if (!period) throw new AppError('MEAL_OFFICIAL_NO_PERIOD')
      const cap = period.officialCapFen
      if (cap !== null && input.amountFen > cap && (merchant.overCapPolicy === 'refuse' || !input.confirm)) {
        throw new AppError('MEAL_OVER_CAP', { capFen: cap, policy: merchant.overCapPolicy }, `金额超过${period.name}公务餐标准（${(cap / 100).toFixed(2)} 元）${merchant.overCapPolicy === 'refuse' ? '，本商户不接受超标支付' : '，确认后仍可支付'}`)
      }
    }

    let written: repo.PaymentRow['payment'] | null = null
    const { id, replayed } = await idempotent(this.db, { userId: user.id, scope: 'meal.payment', key: idempotencyKey, body: input }, async (tx) => {
      if (input.method === 'voucher') return this.redeemVoucher(tx, user, input, { merchant, window, period: period?.name ?? null, now })
      // Lock the diner first: double taps with two keys serialize here and meet the duplicate guard.
      const account = input.method === 'account' ? await repo.lockAccount(tx, user.id) : null
      if (input.method === 'account' && !account) throw new AppError('MEAL_NO_ACCOUNT')
      if (input.method === 'wechat') await repo.lockUser(tx, user.id)
      if (!input.confirm && (await repo.recentPaymentExists(tx, user.id, window.id, new Date(now.getTime() - DUPLICATE_WINDOW_MS)))) {
        throw new AppError('MEAL_POSSIBLE_DUPLICATE')
      }
      const base = {
        payerUserId: user.id,
        payerUnitId: user.unit?.id ?? null,
        merchantId: merchant.id,
        windowId: window.id,
        periodName: period?.name ?? null,
        official: input.official,
        amountFen: input.amountFen,
        createdAt: now,
      }
      if (account) {
        const available = account.subsidyFen + account.personalFen
        if (available < input.amountFen) throw new AppError('MEAL_INSUFFICIENT_BALANCE', { availableFen: available })
        const subsidyFen = Math.min(account.subsidyFen, input.amountFen) // 补贴 is spent first
        const personalFen = input.amountFen - subsidyFen
        const to = { account: 'merchant_receivable' as const, ownerId: merchant.id }
        const entryId = await postEntry(tx, 'payment', `${merchant.name} ${window.name} 饭卡支付`, [
          { from: { account: 'meal_subsidy', ownerId: user.id }, to, amountFen: subsidyFen },
          { from: { account: 'meal_personal', ownerId: user.id }, to, amountFen: personalFen },
        ])
        const paid = { ...base, method: 'account' as const, status: 'paid' as const, subsidyFen, personalFen, refundedFen: 0, entryId, paidAt: now }
        const paymentId = await repo.insertPayment(tx, paid)
        await repo.insertFeedEvent(tx, { merchantId: merchant.id, windowId: window.id, paymentId, kind: 'paid', amountFen: input.amountFen, createdAt: now })
        written = { ...paid, id: paymentId, wechatOutTradeNo: null, wechatTransactionId: null, wechatOpenid: null }
        return paymentId
      }
      return repo.insertPayment(tx, { ...base, method: 'wechat', status: 'awaiting_payment', wechatOutTradeNo: outTradeNo('MP', now) })
    })

    // A fresh account payment is presented from what was just written; anything else is re-read.
    const row: repo.PaymentRow | null =
      written && !replayed
        ? { payment: written, merchantName: merchant.name, merchantKind: merchant.kind, windowName: window.name, payerName: user.name, payerUnitName: user.unit?.name ?? null }
        : await repo.findPayment(this.db, id)
    if (!row) throw notFound('订单')
    if (replayed && row.payment.payerUserId !== user.id) throw forbidden()
    const wechatPay = row.payment.status === 'awaiting_payment' ? await this.wechatOrder(user, row, input.payChannel, client) : undefined
    return presentPayment(row, wechatPay)
  }

  /** 电子餐券: the whole voucher is used; what the meal did not cost goes back to the issuing unit. */
  private async redeemVoucher(
    tx: Tx,
    user: AuthUser,
    input: PayInput,
    at: { merchant: WindowTarget['merchant']; window: WindowTarget['window']; period: string | null; now: Date },
  ): Promise<number> {
    if (!input.voucherCode) throw new AppError('VALIDATION_FAILED', { field: 'voucherCode' }, '请出示餐券')
    const voucher = await repo.lockVoucher(tx, input.voucherCode)
    if (!voucher || voucher.status !== 'issued' || voucher.expiresAt <= at.now) throw new AppError('MEAL_VOUCHER_INVALID')
    if (input.amountFen > voucher.amountFen) throw new AppError('MEAL_VOUCHER_NOT_ENOUGH', { voucherFen: voucher.amountFen }, `金额超过餐券面值（${(voucher.amountFen / 100).toFixed(2)} 元）`)
    const from = { account: 'voucher' as const, ownerId: voucher.id }
    const entryId = await postEntry(tx, 'payment', `${at.merchant.name} ${at.window.name} 餐券`, [
      { from, to: { account: 'merchant_receivable', ownerId: at.merchant.id }, amountFen: input.amountFen },
      { from, to: { account: 'unit_voucher_funding', ownerId: voucher.unitId }, amountFen: voucher.amountFen - input.amountFen },
    ])
    const paymentId = await repo.insertPayment(tx, {
      payerUserId: user.id,
      payerUnitId: voucher.unitId, // billed to the issuing unit
      merchantId: at.merchant.id,
      windowId: at.window.id,
      periodName: at.period,
      official: input.official,
      amountFen: input.amountFen,
      createdAt: at.now,
      method: 'voucher',
      status: 'paid' as const,
      entryId,
      paidAt: at.now,
    })
    await repo.updateVoucher(tx, voucher.id, { status: 'redeemed', paymentId })
    await repo.insertFeedEvent(tx, { merchantId: at.merchant.id, windowId: at.window.id, paymentId, kind: 'paid', amountFen: input.amountFen, createdAt: at.now })
    return paymentId
  }

  /** Issues vouchers billed to a unit: one entry moves their value from the unit to each voucher. */
  async issueVouchers(operatorId: number, input: { unitId: number; count: number; amountFen: number; purpose: string; holderNames?: string[]; expiresOn: string }): Promise<Voucher[]> {
    const expiresAt = new Date(shanghaiDayStart(input.expiresOn).getTime() + 86_400_000)
    if (expiresAt <= this.now()) throw new AppError('VALIDATION_FAILED', { field: 'expiresOn' }, '有效期须晚于今天')
    const ids = await withTransaction(this.db, async (tx) => {
      const ids = await repo.insertVouchers(
        tx,
        Array.from({ length: input.count }, (_v, i) => ({
          code: randomVoucherCode(),
          unitId: input.unitId,
          amountFen: input.amountFen,
          purpose: input.purpose,
          holderName: input.holderNames?.[i] ?? null,
          expiresAt,
          createdBy: operatorId,
        })),
      )
      await postEntry(
        tx,
        'voucher_issue',
        `餐券 ${input.purpose}`,
        ids.map((id) => ({ from: { account: 'unit_voucher_funding' as const, ownerId: input.unitId }, to: { account: 'voucher' as const, ownerId: id }, amountFen: input.amountFen })),
      )
      return ids
    })
    return (await repo.vouchersWithUnit(this.db, { ids })).map((row) => this.presentVoucher(row))
  }

  async voucher(code: string): Promise<Voucher> {
    const [row] = await repo.vouchersWithUnit(this.db, { code })
    if (!row) throw notFound('餐券')
    return this.presentVoucher(row)
  }

  async vouchersOfUnit(unitId: number): Promise<Voucher[]> {
    return (await repo.vouchersWithUnit(this.db, { unitId })).map((row) => this.presentVoucher(row))
  }

  private presentVoucher({ voucher, unitName }: { voucher: typeof mealVouchers.$inferSelect; unitName: string }): Voucher {
    const expired = voucher.status === 'issued' && voucher.expiresAt <= this.now()
    return {
      code: voucher.code,
      unitName,
      amountFen: voucher.amountFen,
      purpose: voucher.purpose,
      holderName: voucher.holderName,
      status: expired ? 'expired' : voucher.status,
      expiresAt: voucher.expiresAt.toISOString(),
      link: `${this.publicBaseUrl}/#/packages/meal/pages/voucher/index?code=${voucher.code}`,
    }
  }

  /** Creates (or, for a retry, re-creates: WeChat dedupes by out_trade_no) the WeChat Pay order. */
  private wechatOrder(user: AuthUser, row: repo.PaymentRow, channel: 'jsapi' | 'h5', client: ClientInfo): Promise<WechatPayParams> {
    const p = row.payment
    return this.createWechatOrder(user.id, p.createdAt, {
      outTradeNo: p.wechatOutTradeNo!,
      description: `${row.merchantName}-${row.windowName}${p.official ? '（公务餐）' : ''}`,
      amountFen: p.amountFen,
      channel,
      clientIp: client.ip,
      returnPath: `/packages/meal/pages/receipt/index?id=${p.id}`,
    })
  }

  /** JSAPI pays as the user's own WeChat account (openid); H5 needs none. Orders expire after WECHAT_ORDER_TTL_MS. */
  private async createWechatOrder(userId: number, createdAt: Date, order: Omit<GatewayOrder, 'openid' | 'expiresAt'>): Promise<WechatPayParams> {
    const openid = order.channel === 'jsapi' ? await wechatOpenidOf(this.db, userId) : null
    if (order.channel === 'jsapi' && !openid) throw new AppError('MEAL_WECHAT_ONLY_IN_WECHAT')
    return this.gateway.createOrder({ ...order, openid: openid ?? undefined, expiresAt: new Date(createdAt.getTime() + WECHAT_ORDER_TTL_MS) })
  }

  async payment(user: AuthUser, id: number): Promise<MealPayment> {
    const row = await repo.findPayment(this.db, id)
    if (!row || !canViewPayment(user, row.payment, await repo.merchantsOfStaff(this.db, user.id))) throw notFound('订单')
    // Still waiting a few seconds after the order: ask WeChat (a receipt page polling must not query it every time).
    const ask = row.payment.status === 'awaiting_payment' && this.now().getTime() - row.payment.createdAt.getTime() > RECOVER_ON_READ_AFTER_MS
    if (ask) await this.recoverPayment(row.payment.wechatOutTradeNo!)
    const fresh = ask ? await repo.findPayment(this.db, id) : row
    return presentPayment(fresh!)
  }

  async myPayments(userId: number, cursor: string | undefined, limit: number): Promise<MealPaymentList> {
    const rows = await repo.listPaymentsOfPayer(this.db, userId, cursor ? Number(cursor) : undefined, limit + 1)
    const page = rows.slice(0, limit)
    return { items: page.map((row) => presentPayment(row)), nextCursor: rows.length > limit ? String(page[page.length - 1].payment.id) : null }
  }

  /** Settles a WeChat order once, however many notifications or queries say it was paid. */
  async settleWechatPayment(outTradeNoValue: string, paid: { transactionId: string; amountFen: number; successTime: Date }): Promise<void> {
    const settled = await withTransaction(this.db, async (tx) => {
      const payment = await repo.lockPaymentByOutTradeNo(tx, outTradeNoValue)
      if (payment) {
        if (payment.status === 'paid') return null
        if (paid.amountFen !== payment.amountFen) throw new Error(`amount mismatch on ${outTradeNoValue}: ${paid.amountFen} ≠ ${payment.amountFen}`)
        const entryId = await postEntry(tx, 'payment', `微信支付 ${outTradeNoValue}`, [
          { from: { account: 'wechat_clearing', ownerId: 0 }, to: { account: 'merchant_receivable', ownerId: payment.merchantId }, amountFen: payment.amountFen },
        ])
        await repo.updatePayment(tx, payment.id, { status: 'paid', paidAt: paid.successTime, wechatTransactionId: paid.transactionId, entryId })
        await repo.insertFeedEvent(tx, { merchantId: payment.merchantId, windowId: payment.windowId, paymentId: payment.id, kind: 'paid', amountFen: payment.amountFen })
        return payment.payerUserId
      }
      const topup = await repo.lockTopupByOutTradeNo(tx, outTradeNoValue)
      if (!topup) throw new Error(`unknown out_trade_no ${outTradeNoValue}`)
      if (topup.status === 'paid') return null
      if (paid.amountFen !== topup.amountFen) throw new Error(`amount mismatch on ${outTradeNoValue}`)
      const entryId = await postEntry(tx, 'topup', `饭卡充值 ${outTradeNoValue}`, [
        { from: { account: 'wechat_clearing', ownerId: 0 }, to: { account: 'meal_personal', ownerId: topup.userId }, amountFen: topup.amountFen },
      ])
      await repo.updateTopup(tx, topup.id, { status: 'paid', paidAt: paid.successTime, wechatTransactionId: paid.transactionId, entryId })
      await this.notifications.notify(tx, topup.userId, { title: '饭卡充值成功', body: `已充值 ${(topup.amountFen / 100).toFixed(2)} 元到个人余额`, link: '/packages/meal/pages/account/index' })
      return null
    })
    if (settled) this.log.info({ outTradeNo: outTradeNoValue }, 'wechat payment settled')
  }

  /** Asks WeChat about an order we have not heard back on (missing notification). */
  async recoverPayment(outTradeNoValue: string): Promise<void> {
    const order = await this.gateway.queryOrder(outTradeNoValue)
    if (order?.tradeState === 'SUCCESS') {
      await this.settleWechatPayment(outTradeNoValue, { transactionId: order.transactionId!, amountFen: order.amountFen, successTime: order.successTime ?? this.now() })
    }
  }

  /** The recovery job: query stale orders, close the expired ones. */
  async recoverStaleOrders(): Promise<void> {
    const now = this.now()
    const stale = [...(await repo.staleAwaitingPayments(this.db, new Date(now.getTime() - 10_000), 50)), ...(await repo.staleAwaitingTopups(this.db, new Date(now.getTime() - 10_000), 50))]
    for (const order of stale) {
      try {
        await this.recoverPayment(order.outTradeNo!)
        if (order.createdAt.getTime() + WECHAT_ORDER_TTL_MS + 60_000 < now.getTime()) await this.closeExpired(order.outTradeNo!)
      } catch (error) {
        this.log.warn({ outTradeNo: order.outTradeNo, err: String(error) }, 'order recovery failed')
      }
    }
  }

  private async closeExpired(outTradeNoValue: string): Promise<void> {
    await this.gateway.closeOrder(outTradeNoValue)
    await withTransaction(this.db, async (tx) => {
      const payment = await repo.lockPaymentByOutTradeNo(tx, outTradeNoValue)
      if (payment?.status === 'awaiting_payment') return repo.updatePayment(tx, payment.id, { status: 'closed' })
      const topup = await repo.lockTopupByOutTradeNo(tx, outTradeNoValue)
      if (topup?.status === 'awaiting_payment') await repo.updateTopup(tx, topup.id, { status: 'closed' })
    })
  }

  async refund(user: AuthUser, paymentId: number, input: { amountFen: number; reason: string }, idempotencyKey: string | undefined): Promise<MealRefund> {
    const now = this.now()
    const staffOf = await repo.merchantsOfStaff(this.db, user.id)
    const { id, replayed } = await idempotent(this.db, { userId: user.id, scope: `meal.refund:${paymentId}`, key: idempotencyKey, body: input }, async (tx) => {
      const payment = await repo.lockPayment(tx, paymentId)
      if (!payment) throw notFound('订单')
      const permission = refundPermission(user, payment.merchantId, staffOf)
      if (!permission) throw forbidden()
      if (payment.status !== 'paid' || !payment.paidAt) throw new AppError('MEAL_PAYMENT_NOT_PAID')
      if (permission === 'same_day' && shanghaiDate(payment.paidAt) !== shanghaiDate(now)) throw new AppError('MEAL_REFUND_NOT_SAME_DAY')
      const refundable = payment.amountFen - payment.refundedFen
      if (input.amountFen > refundable) throw new AppError('MEAL_REFUND_EXCEEDS', { refundableFen: refundable }, `退款金额超过可退金额（最多可退 ${(refundable / 100).toFixed(2)} 元）`)

      const common = { paymentId, amountFen: input.amountFen, reason: input.reason, operatorUserId: user.id, outRefundNo: outTradeNo('MR', now), createdAt: now }
      let refundId: number
      if (payment.method === 'voucher') {
        const entryId = await postEntry(tx, 'refund', `退款 ${input.reason}`, [
          { from: { account: 'merchant_receivable', ownerId: payment.merchantId }, to: { account: 'unit_voucher_funding', ownerId: payment.payerUnitId! }, amountFen: input.amountFen },
        ])
        refundId = await repo.insertRefund(tx, { ...common, status: 'succeeded', entryId })
      } else if (payment.method === 'account') {
        // Back to where it came from: 个人 was spent last, so it is returned first.
        const already = await repo.refundedSplit(tx, paymentId)
        const personalFen = Math.min(input.amountFen, payment.personalFen - already.personalFen)
        const subsidyFen = input.amountFen - personalFen
        const from = { account: 'merchant_receivable' as const, ownerId: payment.merchantId }
        const entryId = await postEntry(tx, 'refund', `退款 ${input.reason}`, [
          { from, to: { account: 'meal_personal', ownerId: payment.payerUserId! }, amountFen: personalFen },
          { from, to: { account: 'meal_subsidy', ownerId: payment.payerUserId! }, amountFen: subsidyFen },
        ])
        refundId = await repo.insertRefund(tx, { ...common, subsidyFen, personalFen, status: 'succeeded', entryId })
      } else {
        refundId = await repo.insertRefund(tx, { ...common, status: 'processing' })
      }
      await repo.updatePayment(tx, paymentId, { refundedFen: payment.refundedFen + input.amountFen })
      await repo.insertFeedEvent(tx, { merchantId: payment.merchantId, windowId: payment.windowId, paymentId, kind: 'refunded', amountFen: input.amountFen, createdAt: now })
      if (payment.payerUserId) {
        await this.notifications.notify(tx, payment.payerUserId, {
          title: '退款通知',
          body: `${(input.amountFen / 100).toFixed(2)} 元已退回${{ account: '饭卡', wechat: '微信', voucher: '发券单位' }[payment.method]}，原因：${input.reason}`,
          link: `/packages/meal/pages/receipt/index?id=${paymentId}`,
        })
      }
      return refundId
    })
    let refund = await repo.findRefund(this.db, id)
    if (!refund) throw notFound('退款')
    if (!replayed && refund.status === 'processing') refund = await this.sendWechatRefund(refund)
    return presentRefund(refund)
  }

  private async sendWechatRefund(refund: NonNullable<Awaited<ReturnType<typeof repo.findRefund>>>) {
    const payment = (await repo.findPayment(this.db, refund.paymentId))!.payment
    try {
      const result = await this.gateway.refund({ outTradeNo: payment.wechatOutTradeNo!, outRefundNo: refund.outRefundNo, refundFen: refund.amountFen, totalFen: payment.amountFen, reason: refund.reason })
      if (result.status === 'SUCCESS') await this.completeWechatRefund(refund.outRefundNo, result.refundId)
    } catch (error) {
      // WeChat refused it: undo our side so the money stays refundable and the books stay true.
      await withTransaction(this.db, async (tx) => {
        const locked = await repo.lockRefundByOutRefundNo(tx, refund.outRefundNo)
        if (locked?.status !== 'processing') return
        const paymentRow = await repo.lockPayment(tx, refund.paymentId)
        await repo.updateRefund(tx, refund.id, { status: 'failed' })
        await repo.updatePayment(tx, refund.paymentId, { refundedFen: paymentRow!.refundedFen - refund.amountFen })
      })
      this.log.warn({ outRefundNo: refund.outRefundNo, err: String(error) }, 'wechat refund failed')
      throw error instanceof AppError ? error : new AppError('UPSTREAM_UNAVAILABLE', undefined, '微信退款失败，请稍后重试')
    }
    return (await repo.findRefund(this.db, refund.id))!
  }

  /** A WeChat refund succeeded (its answer or its notification): books it once. */
  async completeWechatRefund(outRefundNo: string, wechatRefundId?: string): Promise<void> {
    await withTransaction(this.db, async (tx) => {
      const refund = await repo.lockRefundByOutRefundNo(tx, outRefundNo)
      if (!refund || refund.status !== 'processing') return
      const payment = (await repo.lockPayment(tx, refund.paymentId))!
      const entryId = await postEntry(tx, 'refund', `微信退款 ${outRefundNo}`, [
        { from: { account: 'merchant_receivable', ownerId: payment.merchantId }, to: { account: 'wechat_clearing', ownerId: 0 }, amountFen: refund.amountFen },
      ])
      await repo.updateRefund(tx, refund.id, { status: 'succeeded', entryId, wechatRefundId: wechatRefundId ?? null })
    })
  }

  async cashierFeed(user: AuthUser, after: string | undefined, waitSeconds: number): Promise<CashierFeed> {
    const merchantIds = await repo.merchantsOfStaff(this.db, user.id)
    const now = this.now()
    const dayStart = shanghaiDayStart(shanghaiDate(now))
    const afterId = after ? Number(after) : await repo.lastFeedIdBefore(this.db, dayStart)
    const deadline = Date.now() + waitSeconds * 1000
    // Long poll on the database, so a payment served by any BFF instance shows up here.
    let events = await repo.feedEvents(this.db, merchantIds, afterId, 100)
    while (!events.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, FEED_POLL_MS))
      events = await repo.feedEvents(this.db, merchantIds, afterId, 100)
    }
    const payments = new Map((await repo.paymentsByIds(this.db, [...new Set(events.map((e) => e.paymentId))])).map((row) => [row.payment.id, row]))
    return {
      items: events.map((event) => ({ cursor: String(event.id), kind: event.kind, amountFen: event.amountFen, at: event.createdAt.toISOString(), payment: presentPayment(payments.get(event.paymentId)!) })),
      cursor: String(events.length ? events[events.length - 1].id : afterId),
      today: await repo.todayTotals(this.db, merchantIds, dayStart),
    }
  }

  /**
   * 每月餐补: every staff member of the unit gets `amountPerPersonFen` of 补贴, in one balanced
   * entry funded by the unit. One run per unit and month.
   */
  async runSubsidy(operatorId: number, input: { unitId: number; month: string; amountPerPersonFen: number }): Promise<{ people: number; totalFen: number }> {
    return this.runSubsidyOnce(operatorId, input).catch((error) => {
      // two clicks at once: the unique (unit, month) lets one run commit
      if (isDuplicateKey(error)) throw new AppError('MEAL_SUBSIDY_ALREADY_RUN', { month: input.month })
      throw error
    })
  }

  private async runSubsidyOnce(operatorId: number, input: { unitId: number; month: string; amountPerPersonFen: number }): Promise<{ people: number; totalFen: number }> {
    return withTransaction(this.db, async (tx) => {
      const staff = await repo.staffOfUnit(tx, input.unitId)
      if (!staff.length) throw notFound('单位或其工作人员')
      if (await repo.subsidyRunExists(tx, input.unitId, input.month)) throw new AppError('MEAL_SUBSIDY_ALREADY_RUN', { month: input.month })
      for (const userId of staff) await repo.ensureAccount(tx, userId, input.unitId)
      const entryId = await postEntry(
        tx,
        'subsidy',
        `${input.month} 餐补`,
        staff.map((userId) => ({ from: { account: 'unit_subsidy_funding' as const, ownerId: input.unitId }, to: { account: 'meal_subsidy' as const, ownerId: userId }, amountFen: input.amountPerPersonFen })),
      )
      await repo.insertSubsidyRun(tx, { unitId: input.unitId, month: input.month, amountPerPersonFen: input.amountPerPersonFen, people: staff.length, entryId, createdBy: operatorId })
      return { people: staff.length, totalFen: staff.length * input.amountPerPersonFen }
    })
  }

  async topup(user: AuthUser, input: { amountFen: number; payChannel: 'jsapi' | 'h5' }, idempotencyKey: string | undefined, client: ClientInfo): Promise<MealTopup> {
    const now = this.now()
    if (!(await repo.findAccount(this.db, user.id))) throw new AppError('MEAL_NO_ACCOUNT', undefined, '您还没有饭卡账户，无法充值')
    const { id } = await idempotent(this.db, { userId: user.id, scope: 'meal.topup', key: idempotencyKey, body: input }, (tx: Tx) =>
      repo.insertTopup(tx, { userId: user.id, amountFen: input.amountFen, status: 'awaiting_payment', outTradeNo: outTradeNo('MT', now), createdAt: now }),
    )
    const topup = (await repo.findTopup(this.db, id))!
    const present = (wechatPay?: WechatPayParams): MealTopup => ({
      id: topup.id,
      amountFen: topup.amountFen,
      status: topup.status,
      createdAt: topup.createdAt.toISOString(),
      paidAt: topup.paidAt?.toISOString() ?? null,
      ...(wechatPay ? { wechatPay } : {}),
    })
    if (topup.status !== 'awaiting_payment') return present()
    return present(
      await this.createWechatOrder(user.id, topup.createdAt, {
        outTradeNo: topup.outTradeNo,
        description: 'e管家饭卡充值',
        amountFen: topup.amountFen,
        channel: input.payChannel,
        clientIp: client.ip,
        returnPath: '/packages/meal/pages/account/index',
      }),
    )
  }
}
