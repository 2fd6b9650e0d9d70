import type { MealRefund, MealRefundCreate, Parsed } from '@egj/shared'
import { shanghaiDate } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { Logger } from '../../../lib/logger'
import type { LedgerService } from '../../ledger/ledger.service'
import type { NotificationService } from '../../notifications/notifications.service'
import type { PaymentGateway } from '../common/payment-gateway'
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
      if (!permission) throw new AppError('FORBIDDEN')
      if (payment.status !== 'paid' || !payment.paidAt) throw new AppError('MEAL_PAYMENT_NOT_PAID')
      if (permission === 'same_day' && shanghaiDate(payment.paidAt) !== shanghaiDate(now)) throw new AppError('MEAL_REFUND_NOT_SAME_DAY')
      const refundable = payment.amountFen - payment.refundedFen
      if (input.amountFen > refundable) throw new AppError('MEAL_REFUND_EXCEEDS', { refundableFen: refundable }, `退款金额超过可退金额（最多可退 ${(refundable / 100).toFixed(2)} 元）`)

      const common = { paymentId, amountFen: input.amountFen, reason: input.reason, operatorUserId: user.id, outRefundNo: outTradeNo('MR', now), createdAt: now }
      let refundId: number
      if (payment.method === 'voucher') {
        const entryId = await ledger.post(tx, 'refund', `退款 ${input.reason}`, [
          { from: { account: 'merchant_receivable', ownerId: payment.merchantId }, to: { account: 'unit_voucher_funding', ownerId: payment.payerUnitId! }, amountFen: input.amountFen },
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
      await payments.insertFeedEvent(tx, { merchantId: payment.merchantId, windowId: payment.windowId, paymentId, kind: 'refunded', amountFen: input.amountFen, createdAt: now })
      if (payment.payerUserId) {
        await this.deps.notifications.notify(tx, payment.payerUserId, {
          title: '退款通知',
          body: `${(input.amountFen / 100).toFixed(2)} 元已退回${{ account: '饭卡', wechat: '微信', voucher: '发券单位' }[payment.method]}，原因：${input.reason}`,
          link: `/packages/meal/pages/receipt/index?id=${paymentId}`,
        })
      }
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

  private async sendWechatRefund(refund: repo.RefundRow): Promise<repo.RefundRow> {
    const { db, gateway, log } = this.deps
    const payment = (await payments.findPayment(db, refund.paymentId))!.payment
    try {
      const result = await gateway.refund({ outTradeNo: payment.wechatOutTradeNo!, outRefundNo: refund.outRefundNo, refundFen: refund.amountFen, totalFen: payment.amountFen, reason: refund.reason })
      if (result.status === 'SUCCESS') await this.completeWechatRefund(refund.outRefundNo, result.refundId)
    } catch (error) {
      // WeChat refused it: undo our side so the money stays refundable and the books stay true.
      await withTransaction(db, async (tx) => {
        const locked = await repo.lockRefundByOutRefundNo(tx, refund.outRefundNo)
        if (locked?.status !== 'processing') return
        const paymentRow = await payments.lockPayment(tx, refund.paymentId)
        await repo.updateRefund(tx, refund.id, { status: 'failed' })
        await payments.updatePayment(tx, refund.paymentId, { refundedFen: paymentRow!.refundedFen - refund.amountFen })
      })
      log.warn({ outRefundNo: refund.outRefundNo, err: String(error) }, 'wechat refund failed')
      throw error instanceof AppError ? error : new AppError('UPSTREAM_UNAVAILABLE', undefined, '微信退款失败，请稍后重试')
    }
    return (await repo.findRefund(db, refund.id))!
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
    })
  }
}
