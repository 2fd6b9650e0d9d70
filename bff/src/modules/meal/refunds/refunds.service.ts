import type { MealRefund, MealRefundCreate, Parsed } from '@egj/shared'
import { PAGES, formatMoney, pageUrl, shanghaiDate } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { Logger } from '../../../lib/logger'
import type { LedgerService } from '../../ledger/ledger.service'
import type { NotificationService } from '../../notifications/notifications.service'
import { isDefiniteRefusal, type PaymentGateway } from '../common/payment-gateway'
import * as payments from '../common/payment-row.repo'
import { outTradeNo } from '../common/out-trade-no'
import { refundPermission } from './refunds.policy'
import { presentRefund } from './refunds.presenter'
import * as repo from './refunds.repo'

export interface RefundServiceDeps {
  db: Db
  gateway: PaymentGateway
  ledger: LedgerService
  notifications: NotificationService
  log: Logger
  now?: () => Date
}

/** Refunds: back to the 饭卡 or the issuing unit at once; through WeChat Pay for WeChat payments. */
export class RefundService {
  private readonly now: () => Date
  constructor(private readonly deps: RefundServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async refund(user: AuthUser, paymentId: number, input: Parsed<typeof MealRefundCreate>, idempotencyKey: string): Promise<MealRefund> {
    const { db, ledger } = this.deps
    const now = this.now()
    const staffOf = await payments.merchantsOfStaff(db, user.id)
    const request = { userId: user.id, scope: `meal.refund:${paymentId}`, key: idempotencyKey, body: input }
    const work = async (tx: Tx): Promise<{ id: number }> => {
      const payment = await payments.lockPayment(tx, paymentId)
      if (!payment) throw notFound('订单')
      const permission = refundPermission(user, payment.merchantId, staffOf)
      // another merchant's payment is as "not found" as a missing one: the answer must not reveal it exists
      if (!permission) throw notFound('订单')
      if (payment.status !== 'paid' || !payment.paidAt) throw new AppError('MEAL_PAYMENT_NOT_PAID')
      if (permission === 'same_day' && shanghaiDate(payment.paidAt) !== shanghaiDate(now)) throw new AppError('MEAL_REFUND_NOT_SAME_DAY')
      const refundable = payment.amountFen - payment.refundedFen
      if (input.amountFen > refundable) throw new AppError('MEAL_REFUND_EXCEEDS', { refundableFen: refundable }, `退款金额超过可退金额（最多可退 ${formatMoney(refundable)}）`)

      const common = { paymentId, amountFen: input.amountFen, reason: input.reason, operatorUserId: user.id, outRefundNo: outTradeNo('MR', now), createdAt: now }
      let refundId: number
      if (payment.method === 'voucher') {
        const entryId = await ledger.post(tx, 'refund', `退款 ${input.reason}`, [
          { from: { account: 'merchant_receivable', ownerId: payment.merchantId }, to: { account: 'unit_voucher_funding', ownerId: (payment.voucherUnitId ?? payment.payerUnitId)! }, amountFen: input.amountFen },
        ])
        refundId = await repo.insertRefund(tx, { ...common, status: 'succeeded', entryId })
      } else if (payment.method === 'account') {
        // Back to where it came from: 个人 was spent last, so it is returned first.
        const already = await repo.refundedSplit(tx, paymentId)
        const personalFen = Math.min(input.amountFen, payment.personalFen - already.personalFen)
        const subsidyFen = input.amountFen - personalFen
        const from = { account: 'merchant_receivable' as const, ownerId: payment.merchantId }
        const entryId = await ledger.post(tx, 'refund', `退款 ${input.reason}`, [
          { from, to: { account: 'meal_personal', ownerId: payment.payerUserId! }, amountFen: personalFen },
          { from, to: { account: 'meal_subsidy', ownerId: payment.payerUserId! }, amountFen: subsidyFen },
        ])
        refundId = await repo.insertRefund(tx, { ...common, subsidyFen, personalFen, status: 'succeeded', entryId })
      } else {
        refundId = await repo.insertRefund(tx, { ...common, status: 'processing' })
      }
      await payments.updatePayment(tx, paymentId, { refundedFen: payment.refundedFen + input.amountFen })
      // a WeChat refund is announced when WeChat says it succeeded (completeWechatRefund), not before
      if (payment.method !== 'wechat') await this.announce(tx, { ...payment, id: paymentId }, input.amountFen, input.reason, now)
      return { id: refundId }
    }
    const present = async (id: number, replayed: boolean) => {
      let refund = await repo.findRefund(db, id)
      if (!refund) throw notFound('退款')
      if (!replayed && refund.status === 'processing') refund = await this.sendWechatRefund(refund)
      return presentRefund(refund)
    }
    return (await idempotent(db, request, { work, present })).response
  }

  /**
   * Sends a refund to WeChat. Only a definite refusal undoes our side; a timeout or 5xx after
   * WeChat may have accepted it leaves the refund 'processing' (the money stays reserved, nothing
   * is announced), and the refund job asks WeChat until it is final (ARCHITECTURE.md point 12).
   */
  private async sendWechatRefund(refund: repo.RefundRow): Promise<repo.RefundRow> {
    const { db, gateway, log } = this.deps
    const payment = (await payments.findPayment(db, refund.paymentId))!.payment
    try {
      const result = await gateway.refund({ outTradeNo: payment.wechatOutTradeNo!, outRefundNo: refund.outRefundNo, refundFen: refund.amountFen, totalFen: payment.amountFen, reason: refund.reason })
      await this.settle(refund.outRefundNo, result)
    } catch (error) {
      if (!isDefiniteRefusal(error)) {
        log.warn({ outRefundNo: refund.outRefundNo, err: String(error) }, 'wechat refund outcome unknown: left processing for the refund job')
        return (await repo.findRefund(db, refund.id))!
      }
      await this.undo(refund.outRefundNo)
      log.warn({ outRefundNo: refund.outRefundNo, code: error.code, err: error.message }, 'wechat refused the refund')
      throw new AppError('MEAL_REFUND_REFUSED', { wechatCode: error.code })
    }
    return (await repo.findRefund(db, refund.id))!
  }

  /** WeChat's answer about a refund, from the request, a query or a notification. */
  private async settle(outRefundNo: string, result: { refundId: string; status: string }): Promise<void> {
    if (result.status === 'SUCCESS') await this.completeWechatRefund(outRefundNo, result.refundId)
    else if (result.status === 'CLOSED') await this.undo(outRefundNo)
    else if (result.status === 'ABNORMAL') this.deps.log.error({ outRefundNo }, 'wechat refund ABNORMAL: the payer\'s account refused it; handle it in the WeChat Pay merchant platform')
  }

  /** A refund that did not happen: it fails and the amount is refundable again. */
  private async undo(outRefundNo: string): Promise<void> {
    await withTransaction(this.deps.db, async (tx) => {
      const locked = await repo.lockRefundByOutRefundNo(tx, outRefundNo)
      if (locked?.status !== 'processing') return
      const payment = await payments.lockPayment(tx, locked.paymentId)
      await repo.updateRefund(tx, locked.id, { status: 'failed' })
      await payments.updatePayment(tx, locked.paymentId, { refundedFen: payment!.refundedFen - locked.amountFen })
    })
  }

  /**
   * The refund job: WeChat refunds still 'processing' after a while, oldest first. Asks WeChat
   * about each; one WeChat never received is sent again under the same out_refund_no (WeChat
   * treats that as the same refund). Throws at the end if any failed, so the job records it.
   */
  async recoverProcessingRefunds(olderThanMs = 10_000): Promise<void> {
    const { db, gateway, log } = this.deps
    const stale = await repo.processingRefunds(db, new Date(this.now().getTime() - olderThanMs), 50)
    const failures: string[] = []
    for (const refund of stale) {
      try {
        const known = await gateway.queryRefund(refund.outRefundNo)
        if (known) await this.settle(refund.outRefundNo, known)
        else await this.sendWechatRefund(refund).catch((error) => (error instanceof AppError && error.code === 'MEAL_REFUND_REFUSED' ? undefined : Promise.reject(error)))
      } catch (error) {
        failures.push(`${refund.outRefundNo}: ${String(error)}`)
        log.warn({ outRefundNo: refund.outRefundNo, err: String(error) }, 'refund recovery failed')
      }
    }
    if (failures.length) throw new Error(`${failures.length} of ${stale.length} refunds not recovered: ${failures.join('; ')}`)
  }

  /** The cashier's feed line and the payer's 退款通知: only once the money is on its way back. */
  private async announce(tx: Tx, payment: { id: number; merchantId: number; windowId: number; payerUserId: number | null; method: 'account' | 'wechat' | 'voucher' }, amountFen: number, reason: string, at: Date): Promise<void> {
    await payments.insertFeedEvent(tx, { merchantId: payment.merchantId, windowId: payment.windowId, paymentId: payment.id, kind: 'refunded', amountFen, createdAt: at })
    if (!payment.payerUserId) return
    await this.deps.notifications.notify(tx, payment.payerUserId, {
      title: '退款通知',
      body: `${formatMoney(amountFen)} 已退回${{ account: '饭卡', wechat: '微信', voucher: '发券单位' }[payment.method]}，原因：${reason}`,
      link: pageUrl(PAGES.mealReceipt, { id: payment.id }),
    })
  }

  /** A WeChat refund succeeded (its answer or its notification): books it once. */
  async completeWechatRefund(outRefundNo: string, wechatRefundId?: string): Promise<void> {
    await withTransaction(this.deps.db, async (tx) => {
      const refund = await repo.lockRefundByOutRefundNo(tx, outRefundNo)
      if (!refund || refund.status !== 'processing') return
      const payment = (await payments.lockPayment(tx, refund.paymentId))!
      const entryId = await this.deps.ledger.post(tx, 'refund', `微信退款 ${outRefundNo}`, [
        { from: { account: 'merchant_receivable', ownerId: payment.merchantId }, to: { account: 'wechat_clearing', ownerId: 0 }, amountFen: refund.amountFen },
      ])
      await repo.updateRefund(tx, refund.id, { status: 'succeeded', entryId, wechatRefundId: wechatRefundId ?? null })
      await this.announce(tx, payment, refund.amountFen, refund.reason, this.now())
    })
  }
}
