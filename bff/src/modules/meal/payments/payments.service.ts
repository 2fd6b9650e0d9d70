import type { MealAccount, MealMovement, MealMovementList, MealPayment, MealPaymentCreate, MealPaymentList, MealTopup, MealTopupCreate, MealWindowResolved, Parsed, WechatPayParams } from '@egj/shared'
import { PAGES, formatMoney, pageUrl, shanghaiDate, shanghaiDayStart, shanghaiMinuteOfDay } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { WechatPaySignatureError, type WechatPayClient } from '../../../adapters/wechatpay'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import { forgetIdempotencyKey, idempotent } from '../../../lib/idempotency'
import type { Logger } from '../../../lib/logger'
import type { QrSigner } from '../../../lib/qr'
import type { AuthService } from '../../auth/auth.service'
import type { LedgerService } from '../../ledger/ledger.service'
import type { NotificationService } from '../../notifications/notifications.service'
import { outTradeNo } from '../common/out-trade-no'
import { isDefiniteOrderRefusal, wechatDescription, type GatewayOrder, type GatewayOrderStatus, type PaymentGateway } from '../common/payment-gateway'
import { presentPayment } from '../common/payment.presenter'
import * as payments from '../common/payment-row.repo'
import type { RefundService } from '../refunds/refunds.service'
import type { VoucherService } from '../vouchers/vouchers.service'
import { canViewPayment } from './payments.policy'
import { presentTopup } from './payments.presenter'
import * as repo from './payments.repo'
import { lockAccount } from '../common/account.repo'

const DUPLICATE_WINDOW_MS = 2 * 60_000
/** Windows, merchants and periods change rarely; every payment reads them. */
const WINDOW_CACHE_MS = 5_000
const WECHAT_ORDER_TTL_MS = 15 * 60_000
/** An order WeChat has never heard of, this long after we made it, was never sent: close ours. */
const UNSENT_ORDER_GRACE_MS = 60_000
/** A receipt still awaiting WeChat's notification asks WeChat itself after this long. */
const RECOVER_ON_READ_AFTER_MS = 5_000

/** Where the request came from: WeChat's H5 payment checks the payer's address and returns to the origin. */
export interface ClientInfo {
  ip: string
  /** the page's origin (the Origin header), when the app was opened on one */
  origin?: string
}

export interface PaymentServiceDeps {
  db: Db
  qr: QrSigner
  gateway: PaymentGateway
  /** verifies and decrypts WeChat Pay's notifications */
  notifier: Pick<WechatPayClient, 'parseNotification'>
  ledger: LedgerService
  notifications: NotificationService
  auth: Pick<AuthService, 'wechatOpenidOf'>
  vouchers: VoucherService
  refunds: Pick<RefundService, 'completeWechatRefund'>
  log: Logger
  /** origins a WeChat H5 payment may return to (the app's public URL and its other allowed hosts) */
  returnOrigins: string[]
  now?: () => Date
}

type WindowTarget = NonNullable<Awaited<ReturnType<typeof repo.findWindow>>> & { periods: Awaited<ReturnType<typeof repo.periodsOf>> }

/** Paying at a window (饭卡, WeChat Pay or a voucher), receipts, the diner's account and top-ups. */
export class PaymentService {
  /** A few seconds of master data per instance: a disabled window takes effect within WINDOW_CACHE_MS. */
  private readonly windowCache = new Map<number, { expiresAt: number; target: WindowTarget }>()
  private readonly now: () => Date

  constructor(private readonly deps: PaymentServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  private async target(code: string): Promise<WindowTarget> {
    const parsed = this.deps.qr.verify(code, 'm')
    const windowId = Number(parsed.payload[0])
    const cached = this.windowCache.get(windowId)
    if (cached && cached.expiresAt > Date.now()) return cached.target
    const found = Number.isSafeInteger(windowId) ? await repo.findWindow(this.deps.db, windowId) : null
    if (!found) throw notFound('窗口')
    const target = { ...found, periods: await repo.periodsOf(this.deps.db, found.merchant.id) }
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
    const account = await repo.findAccount(this.deps.db, userId)
    if (!account) throw new AppError('MEAL_NO_ACCOUNT')
    return { subsidyFen: account.subsidyFen, personalFen: account.personalFen, totalFen: account.subsidyFen + account.personalFen }
  }

  /** A diner's 饭卡 balance inside the caller's transaction (someone leaving: reported for settlement); null without an account. */
  async balanceOf(tx: Tx, userId: number): Promise<{ subsidyFen: number; personalFen: number } | null> {
    const account = await repo.findAccount(tx, userId)
    return account && { subsidyFen: account.subsidyFen, personalFen: account.personalFen }
  }

  async pay(user: AuthUser, input: Parsed<typeof MealPaymentCreate>, idempotencyKey: string, client: ClientInfo): Promise<MealPayment> {
    const { db, ledger } = this.deps
    const now = this.now()
    const { window, merchant, periods } = await this.target(input.code)
    // WeChat JSAPI pays as the diner's own WeChat account: without one, write nothing at all
    if (input.method === 'wechat' && input.payChannel === 'jsapi') await this.openidFor(user.id)
    const period = this.openPeriod(periods, now)
    const names = { merchantName: merchant.name, merchantKind: merchant.kind, windowName: window.name, payerName: user.name, payerUnitName: user.unit?.name ?? null, voucherUnitName: null }

    // Every rule is checked inside the key's transaction, after the key: a retry of a payment that
    // went through is answered from the key, whatever changed since (the window closed, the cap…).
    const work = async (tx: Tx): Promise<{ id: number; response?: MealPayment }> => {
      // Lock the diner before anything else: double taps with two keys, split bills and a retry
      // racing its first attempt (same key: the key row is written last) serialize here.
      const account = input.method === 'account' ? await lockAccount(tx, user.id) : null
      if (input.method !== 'account') await repo.lockUser(tx, user.id)
      if (window.status !== 'active' || merchant.status !== 'active') throw new AppError('MEAL_WINDOW_CLOSED')
      if (input.amountFen > merchant.maxPaymentFen) throw new AppError('MEAL_AMOUNT_TOO_LARGE', { maxPaymentFen: merchant.maxPaymentFen })
      if (input.official && !period) throw new AppError('MEAL_OFFICIAL_NO_PERIOD')
      if (input.method === 'account' && !account) throw new AppError('MEAL_NO_ACCOUNT')
      if (input.official && period?.officialCapFen != null) await this.checkCap(tx, user.id, input, period, merchant.overCapPolicy, now)
      // a diner who cannot afford it hears that first, not a duplicate warning
      const available = account ? account.subsidyFen + account.personalFen : Infinity
      if (available < input.amountFen) throw new AppError('MEAL_INSUFFICIENT_BALANCE', { availableFen: available })
      if (!input.confirm && (await repo.recentPaymentExists(tx, user.id, window.id, new Date(now.getTime() - DUPLICATE_WINDOW_MS)))) {
        throw new AppError('MEAL_POSSIBLE_DUPLICATE')
      }
      if (input.method === 'voucher') return { id: await this.deps.vouchers.redeem(tx, user, input, { merchant, window, period: period?.name ?? null, now }) }
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
      if (!account) return { id: await payments.insertPayment(tx, { ...base, method: 'wechat', status: 'awaiting_payment', wechatOutTradeNo: outTradeNo('MP', now) }) }
      const subsidyFen = Math.min(account.subsidyFen, input.amountFen) // 补贴 is spent first
      const personalFen = input.amountFen - subsidyFen
      const to = { account: 'merchant_receivable' as const, ownerId: merchant.id }
      const entryId = await ledger.post(tx, 'payment', `${merchant.name} ${window.name} 饭卡支付`, [
        { from: { account: 'meal_subsidy', ownerId: user.id }, to, amountFen: subsidyFen },
        { from: { account: 'meal_personal', ownerId: user.id }, to, amountFen: personalFen },
      ])
      const paid = { ...base, method: 'account' as const, status: 'paid' as const, subsidyFen, personalFen, refundedFen: 0, entryId, paidAt: now }
      const id = await repo.insertAccountPayment(tx, paid)
      await payments.insertFeedEvent(tx, { merchantId: merchant.id, windowId: window.id, paymentId: id, kind: 'paid', amountFen: input.amountFen, createdAt: now })
      // presented from what was just written: the answer is stored with the key in this transaction
      return { id, response: presentPayment({ payment: { ...paid, id, voucherUnitId: null, wechatOutTradeNo: null, wechatTransactionId: null, wechatOpenid: null }, ...names }) }
    }
    const present = async (id: number): Promise<MealPayment> => {
      const row = await payments.findPayment(db, id)
      if (!row) throw notFound('订单')
      if (row.payment.status !== 'awaiting_payment') return presentPayment(row)
      try {
        return presentPayment(row, await this.wechatOrder(user, row, input.payChannel, client))
      } catch (error) {
        // WeChat refused the order for good: the payment never existed there, so it does not exist here either
        if (isDefiniteOrderRefusal(error)) await this.discardUnsent('payment', id, { userId: user.id, scope: 'meal.payment', key: idempotencyKey })
        throw error
      }
    }
    return (await idempotent(db, { userId: user.id, scope: 'meal.payment', key: idempotencyKey, body: input }, { work, present, serializedByWork: true })).response
  }

  /**
   * The 公务 cap is per diner, per meal period, per day: this payment plus the diner's other 公务
   * payments in the period today (net of refunds; WeChat orders still open count) may not pass it.
   * A 'refuse' merchant refuses, confirmed or not; a 'warn' merchant takes it once confirmed.
   */
  private async checkCap(tx: Tx, userId: number, input: { amountFen: number; confirm: boolean }, period: { name: string; officialCapFen: number | null }, policy: 'warn' | 'refuse', now: Date): Promise<void> {
    // confirmed at a merchant that only warns: nothing to refuse, no sum to read
    if (policy === 'warn' && input.confirm) return
    const cap = period.officialCapFen!
    const spentFen = await repo.officialSpentInPeriod(tx, userId, period.name, shanghaiDayStart(shanghaiDate(now)))
    if (spentFen + input.amountFen <= cap || (policy === 'warn' && input.confirm)) return
    const already = spentFen ? `（本餐次已公务消费 ${formatMoney(spentFen)}）` : ''
    throw new AppError('MEAL_OVER_CAP', { capFen: cap, spentFen, policy }, `金额超过${period.name}公务餐标准 ${formatMoney(cap)}${already}${policy === 'refuse' ? '，本商户不接受超标支付' : '，确认后仍可支付'}`)
  }

  /** An order WeChat refused for good leaves nothing behind: its row and its key go (a retry starts afresh). */
  private async discardUnsent(kind: 'payment' | 'topup', id: number, key: { userId: number; scope: string; key: string }): Promise<void> {
    await withTransaction(this.deps.db, async (tx) => {
      await (kind === 'payment' ? repo.deleteAwaitingPayment(tx, id) : repo.deleteAwaitingTopup(tx, id))
      await forgetIdempotencyKey(tx, key)
    })
  }

  private async openidFor(userId: number): Promise<string> {
    const openid = await this.deps.auth.wechatOpenidOf(userId)
    if (!openid) throw new AppError('MEAL_WECHAT_ONLY_IN_WECHAT')
    return openid
  }

  /** Creates (or, for a retry, re-creates: WeChat dedupes by out_trade_no) the WeChat Pay order. */
  private wechatOrder(user: AuthUser, row: payments.PaymentRow, channel: 'jsapi' | 'h5', client: ClientInfo): Promise<WechatPayParams> {
    const p = row.payment
    return this.createWechatOrder(user.id, p.createdAt, client, {
      outTradeNo: p.wechatOutTradeNo!,
      description: orderDescription(row.merchantName, row.windowName, p.official),
      amountFen: p.amountFen,
      channel,
      returnPath: pageUrl(PAGES.mealReceipt, { id: p.id }),
    })
  }

  /** JSAPI pays as the user's own WeChat account (openid); H5 needs none. Orders expire after WECHAT_ORDER_TTL_MS. */
  private async createWechatOrder(userId: number, createdAt: Date, client: ClientInfo, order: Omit<GatewayOrder, 'openid' | 'expiresAt' | 'clientIp' | 'returnBaseUrl'>): Promise<WechatPayParams> {
    const openid = order.channel === 'jsapi' ? await this.openidFor(userId) : null
    const returnBaseUrl = client.origin && this.deps.returnOrigins.includes(client.origin) ? client.origin : undefined
    return this.deps.gateway.createOrder({ ...order, clientIp: client.ip, returnBaseUrl, openid: openid ?? undefined, expiresAt: new Date(createdAt.getTime() + WECHAT_ORDER_TTL_MS) })
  }

  async payment(user: AuthUser, id: number): Promise<MealPayment> {
    const { db } = this.deps
    const row = await payments.findPayment(db, id)
    if (!row || !canViewPayment(user, row.payment, await payments.merchantsOfStaff(db, user.id))) throw notFound('订单')
    // Still waiting a few seconds after the order: ask WeChat (a receipt page polling must not query it every time).
    const ask = row.payment.status === 'awaiting_payment' && this.now().getTime() - row.payment.createdAt.getTime() > RECOVER_ON_READ_AFTER_MS
    if (ask) await this.recoverPayment(row.payment.wechatOutTradeNo!)
    const fresh = ask ? await payments.findPayment(db, id) : row
    return presentPayment(fresh!)
  }

  /** 重新支付: the payer's unpaid WeChat order, handed to WeChat again (the same out_trade_no: never a second charge). */
  async resume(user: AuthUser, id: number, channel: 'jsapi' | 'h5', client: ClientInfo): Promise<MealPayment> {
    const row = await payments.findPayment(this.deps.db, id)
    if (!row || row.payment.payerUserId !== user.id) throw notFound('订单')
    if (row.payment.status === 'paid') throw new AppError('MEAL_PAYMENT_ALREADY_PAID')
    if (row.payment.status !== 'awaiting_payment') throw new AppError('MEAL_PAYMENT_CLOSED')
    return this.handOutAgain(user, row, channel, client)
  }

  /** An order WeChat has, handed to it again (重新支付): the same out_trade_no, never a second charge. */
  private async handOutAgain(user: AuthUser, row: payments.PaymentRow, channel: 'jsapi' | 'h5', client: ClientInfo): Promise<MealPayment> {
    try {
      return presentPayment(row, await this.wechatOrder(user, row, channel, client))
    } catch (error) {
      // WeChat will not hand this order out again: it was paid (ORDERPAID) or closed (ORDER_CLOSED)
      // there and we have not heard yet, or it takes an out_trade_no again only with the parameters
      // first sent (INVALID_REQUEST) and the merchant or window was renamed since (the description)
      // or the payer switched channel (JSAPI's openid, H5 none). Each was a 502 on every 重新支付:
      // settle it if paid, else close it there and here.
      if (!(isDefiniteOrderRefusal(error) && RESUME_REFUSALS.includes(error.code))) throw error
      const outTradeNo = row.payment.wechatOutTradeNo!
      const known = await this.recoverPayment(outTradeNo)
      if (known?.tradeState === 'SUCCESS') throw new AppError('MEAL_PAYMENT_ALREADY_PAID')
      if (known) await this.deps.gateway.closeOrder(outTradeNo)
      await this.closeOurs(outTradeNo)
      throw new AppError('MEAL_PAYMENT_CLOSED', undefined, error.code === 'INVALID_REQUEST' ? '订单信息已变更（商户或窗口改名，或换了支付方式），原订单已关闭，请重新扫码付款' : undefined)
    }
  }

  /**
   * 取消订单: the payer gives up an unpaid WeChat order. WeChat is asked first — an order paid in
   * the meantime is settled, never cancelled — then closed there and here. Cancelling twice is fine.
   */
  async cancel(user: AuthUser, id: number): Promise<MealPayment> {
    const { db, gateway } = this.deps
    const row = await payments.findPayment(db, id)
    if (!row || row.payment.payerUserId !== user.id) throw notFound('订单')
    if (row.payment.status === 'awaiting_payment') {
      const outTradeNo = row.payment.wechatOutTradeNo!
      const known = await this.recoverPayment(outTradeNo)
      if (known?.tradeState === 'SUCCESS') throw new AppError('MEAL_PAYMENT_ALREADY_PAID')
      if (known) await gateway.closeOrder(outTradeNo)
      await this.closeOurs(outTradeNo)
    } else if (row.payment.status === 'paid') {
      throw new AppError('MEAL_PAYMENT_ALREADY_PAID')
    }
    return presentPayment((await payments.findPayment(db, id))!)
  }

  async myPayments(userId: number, cursor: string | undefined, limit: number): Promise<MealPaymentList> {
    const rows = await repo.listPaymentsOfPayer(this.deps.db, userId, cursor ? Number(cursor) : undefined, limit + 1)
    const page = rows.slice(0, limit)
    return { items: page.map((row) => presentPayment(row)), nextCursor: rows.length > limit ? String(page[page.length - 1].payment.id) : null }
  }

  /** 我的饭卡明细: every movement of the diner's 补贴 and 个人, from the ledger (so nothing that moved the balance is missing). */
  async movements(userId: number, cursor: string | undefined, limit: number): Promise<MealMovementList> {
    const found = await this.deps.ledger.movements(userId, ['meal_subsidy', 'meal_personal'], cursor ? Number(cursor) : undefined, limit + 1)
    const page = found.slice(0, limit)
    const paymentOf = await repo.paymentsOfEntries(this.deps.db, page.map((m) => m.id))
    const items = page.map(
      (m): MealMovement => ({
        id: m.id,
        kind: m.kind as MealMovement['kind'],
        memo: m.memo,
        at: m.at.toISOString(),
        subsidyFen: m.byAccount.meal_subsidy ?? 0,
        personalFen: m.byAccount.meal_personal ?? 0,
        paymentId: paymentOf.get(m.id) ?? null,
      }),
    )
    return { items, nextCursor: found.length > limit ? String(page[page.length - 1].id) : null }
  }

  async topup(user: AuthUser, input: Parsed<typeof MealTopupCreate>, idempotencyKey: string, client: ClientInfo): Promise<MealTopup> {
    const { db } = this.deps
    const now = this.now()
    if (!(await repo.findAccount(db, user.id))) throw new AppError('MEAL_NO_ACCOUNT', undefined, '您还没有饭卡账户，无法充值')
    if (input.payChannel === 'jsapi') await this.openidFor(user.id)
    const work = async (tx: Tx) => ({ id: await repo.insertTopup(tx, { userId: user.id, amountFen: input.amountFen, status: 'awaiting_payment', outTradeNo: outTradeNo('MT', now), createdAt: now }) })
    const present = async (id: number): Promise<MealTopup> => {
      const topup = (await repo.findTopup(db, id))!
      if (topup.status !== 'awaiting_payment') return presentTopup(topup)
      try {
        const wechatPay = await this.createWechatOrder(user.id, topup.createdAt, client, {
          outTradeNo: topup.outTradeNo,
          description: 'e管家饭卡充值',
          amountFen: topup.amountFen,
          channel: input.payChannel,
          returnPath: pageUrl(PAGES.mealAccount),
        })
        return presentTopup(topup, wechatPay)
      } catch (error) {
        if (isDefiniteOrderRefusal(error)) await this.discardUnsent('topup', id, { userId: user.id, scope: 'meal.topup', key: idempotencyKey })
        throw error
      }
    }
    return (await idempotent(db, { userId: user.id, scope: 'meal.topup', key: idempotencyKey, body: input }, { work, present })).response
  }

  /** A WeChat Pay notification, verified and decrypted: a payment or top-up paid, or a refund completed. */
  async handleWechatNotification(headers: Record<string, string>, rawBody: string): Promise<void> {
    let notification
    try {
      notification = this.deps.notifier.parseNotification<WechatNotificationResource>(headers, rawBody)
    } catch (error) {
      if (error instanceof WechatPaySignatureError) throw new AppError('WECHATPAY_SIGNATURE_INVALID')
      throw error
    }
    const { eventType, resource } = notification
    if (eventType === 'TRANSACTION.SUCCESS' && resource.trade_state === 'SUCCESS') {
      await this.settleWechatPayment(resource.out_trade_no, {
        transactionId: resource.transaction_id,
        amountFen: resource.amount.total,
        successTime: resource.success_time ? new Date(resource.success_time) : new Date(),
      })
    } else if (eventType === 'REFUND.SUCCESS' && resource.refund_status === 'SUCCESS') {
      await this.deps.refunds.completeWechatRefund(resource.out_refund_no, resource.refund_id)
    }
  }

  /** Settles a WeChat order once, however many notifications or queries say it was paid. */
  async settleWechatPayment(outTradeNoValue: string, paid: { transactionId: string; amountFen: number; successTime: Date }): Promise<void> {
    const { ledger, notifications } = this.deps
    const settled = await withTransaction(this.deps.db, async (tx) => {
      const payment = await repo.lockPaymentByOutTradeNo(tx, outTradeNoValue)
      if (payment) {
        if (payment.status === 'paid') return null
        if (paid.amountFen !== payment.amountFen) throw new Error(`amount mismatch on ${outTradeNoValue}: ${paid.amountFen} ≠ ${payment.amountFen}`)
        const entryId = await ledger.post(tx, 'payment', `微信支付 ${outTradeNoValue}`, [
          { from: { account: 'wechat_clearing', ownerId: 0 }, to: { account: 'merchant_receivable', ownerId: payment.merchantId }, amountFen: payment.amountFen },
        ])
        await payments.updatePayment(tx, payment.id, { status: 'paid', paidAt: paid.successTime, wechatTransactionId: paid.transactionId, entryId })
        await payments.insertFeedEvent(tx, { merchantId: payment.merchantId, windowId: payment.windowId, paymentId: payment.id, kind: 'paid', amountFen: payment.amountFen })
        return payment.payerUserId
      }
      const topup = await repo.lockTopupByOutTradeNo(tx, outTradeNoValue)
      if (!topup) throw new Error(`unknown out_trade_no ${outTradeNoValue}`)
      if (topup.status === 'paid') return null
      if (paid.amountFen !== topup.amountFen) throw new Error(`amount mismatch on ${outTradeNoValue}`)
      const entryId = await ledger.post(tx, 'topup', `饭卡充值 ${outTradeNoValue}`, [
        { from: { account: 'wechat_clearing', ownerId: 0 }, to: { account: 'meal_personal', ownerId: topup.userId }, amountFen: topup.amountFen },
      ])
      await repo.updateTopup(tx, topup.id, { status: 'paid', paidAt: paid.successTime, wechatTransactionId: paid.transactionId, entryId })
      await notifications.notify(tx, topup.userId, { title: '饭卡充值成功', body: `已充值 ${formatMoney(topup.amountFen)} 到个人余额`, link: pageUrl(PAGES.mealAccount) })
      return null
    })
    if (settled) this.deps.log.info({ outTradeNo: outTradeNoValue }, 'wechat payment settled')
  }

  /** Asks WeChat about an order we have not heard back on, settles it if paid, and says what WeChat knows (null: never heard of it). */
  async recoverPayment(outTradeNoValue: string): Promise<GatewayOrderStatus | null> {
    const order = await this.deps.gateway.queryOrder(outTradeNoValue)
    if (order?.tradeState === 'SUCCESS') {
      await this.settleWechatPayment(outTradeNoValue, { transactionId: order.transactionId!, amountFen: order.amountFen, successTime: order.successTime ?? this.now() })
    }
    return order
  }

  /**
   * The recovery job: WeChat orders still awaiting payment, oldest first. Settles the paid ones
   * whose notification was lost, closes the expired ones, and closes ours when WeChat never got
   * the order (its creation failed without an answer). Throws at the end if any failed, so the
   * job records it in job_schedule.last_error.
   */
  async recoverStaleOrders(olderThanMs = 10_000, unsentGraceMs = UNSENT_ORDER_GRACE_MS): Promise<void> {
    const { db, gateway, log } = this.deps
    const now = this.now()
    const stale = await repo.staleAwaitingOrders(db, new Date(now.getTime() - olderThanMs), 50)
    const failures: string[] = []
    for (const order of stale) {
      try {
        const known = await this.recoverPayment(order.outTradeNo)
        if (known?.tradeState === 'SUCCESS') continue
        if (!known) {
          if (order.createdAt.getTime() + unsentGraceMs <= now.getTime()) await this.closeOurs(order.outTradeNo)
        } else if (order.createdAt.getTime() + WECHAT_ORDER_TTL_MS + 60_000 < now.getTime()) {
          await gateway.closeOrder(order.outTradeNo)
          await this.closeOurs(order.outTradeNo)
        }
      } catch (error) {
        failures.push(`${order.outTradeNo}: ${String(error)}`)
        log.warn({ outTradeNo: order.outTradeNo, err: String(error) }, 'order recovery failed')
      }
    }
    if (failures.length) throw new Error(`${failures.length} of ${stale.length} WeChat orders not recovered: ${failures.join('; ')}`)
  }

  /** Closes our side of an order that can no longer be paid. */
  private async closeOurs(outTradeNoValue: string): Promise<void> {
    await withTransaction(this.deps.db, async (tx) => {
      const payment = await repo.lockPaymentByOutTradeNo(tx, outTradeNoValue)
      if (payment?.status === 'awaiting_payment') return payments.updatePayment(tx, payment.id, { status: 'closed' })
      const topup = await repo.lockTopupByOutTradeNo(tx, outTradeNoValue)
      if (topup?.status === 'awaiting_payment') await repo.updateTopup(tx, topup.id, { status: 'closed' })
    })
  }
}

/** WeChat's refusals of a re-sent order that mean it cannot be handed out again (see handOutAgain). */
const RESUME_REFUSALS = ['INVALID_REQUEST', 'ORDERPAID', 'ORDER_CLOSED']

/** The order description: the merchant's name is shortened first, so the window and 公务餐 stay readable in WeChat. */
export function orderDescription(merchantName: string, windowName: string, official: boolean): string {
  const suffix = `-${windowName}${official ? '（公务餐）' : ''}`
  // the gateway cuts the whole text to 127 bytes in any case (a very long window name)
  return wechatDescription(merchantName, Math.max(0, 127 - Buffer.byteLength(suffix))) + suffix
}

/** The decrypted resource of a WeChat Pay notification (payment or refund). */
export interface WechatNotificationResource {
  out_trade_no: string
  transaction_id: string
  trade_state: string
  success_time?: string
  amount: { total: number }
  out_refund_no: string
  refund_id: string
  refund_status: string
}
