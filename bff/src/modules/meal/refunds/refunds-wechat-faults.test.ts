import { checkLedger } from '../../ledger/ledger.check'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createCashier, createMerchant, idempotencyKey } from '../../../../test/factories'

/**
 * A WeChat refund whose answer is lost is "unknown", never "refused" (ARCHITECTURE.md point 12):
 * it stays processing, nothing is announced, and the refund job settles it once WeChat says.
 * Only a documented final refusal undoes our side. The WeChat Pay simulator drives each fault.
 */
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ WECHATPAY_TIMEOUT_MS: '300' })
  t.paySim.stop()
})
afterAll(() => t.close())
afterEach(async () => {
  t.paySim.faults.refund = null
  expect(await checkLedger(t.database.pool)).toEqual([])
})

async function paidWechatPayment() {
  const shop = await createMerchant(t)
  const cashier = await createCashier(t, shop.merchantId)
  const diner = await t.login('wangwu')
  const created = await t.http.post('/api/v1/meal/payments').set(bearer(diner)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 3000, method: 'wechat', payChannel: 'h5', confirm: true })
  const [rows] = await t.database.pool.query('SELECT wechat_out_trade_no AS no FROM meal_payments WHERE id = ?', [created.body.id])
  await t.paySim.pay((rows as { no: string }[])[0].no)
  await t.paySim.deliverNotifications()
  return { shop, cashier, paymentId: created.body.id as number }
}

const refund = (token: string, paymentId: number, amountFen = 1000, key = idempotencyKey()) =>
  t.http.post(`/api/v1/meal/payments/${paymentId}/refunds`).set(bearer(token)).set('Idempotency-Key', key).send({ amountFen, reason: '菜品问题' })

async function state(paymentId: number) {
  const [[payment]] = (await t.database.pool.query('SELECT refunded_fen AS refundedFen FROM meal_payments WHERE id = ?', [paymentId])) as unknown as [{ refundedFen: number }[]]
  const [refunds] = await t.database.pool.query('SELECT status FROM meal_refunds WHERE payment_id = ? ORDER BY id', [paymentId])
  const [[feed]] = (await t.database.pool.query("SELECT COUNT(*) AS n FROM cashier_feed_events WHERE payment_id = ? AND kind = 'refunded'", [paymentId])) as unknown as [{ n: number }[]]
  const [[notices]] = (await t.database.pool.query("SELECT COUNT(*) AS n FROM notifications WHERE title = '退款通知' AND link LIKE ?", [`%id=${paymentId}`])) as unknown as [{ n: number }[]]
  return { refundedFen: payment.refundedFen, refunds: (refunds as { status: string }[]).map((r) => r.status), feedEvents: Number(feed.n), notices: Number(notices.n) }
}

describe('WeChat refunds whose answer is lost or refused', () => {
  it('accepted, then the answer times out: stays processing and unannounced; the refund job finds it succeeded and books it once', async () => {
    const { cashier, paymentId } = await paidWechatPayment()
    t.paySim.faults.refund = 'accept-then-timeout'
    t.paySim.faults.delayMs = 1500
    const response = await refund(cashier.token, paymentId)
    expect([response.status, response.body.status]).toEqual([201, 'processing'])
    expect(await state(paymentId)).toEqual({ refundedFen: 1000, refunds: ['processing'], feedEvents: 0, notices: 0 })
    // the 2 000 left is all that can still be refunded: the 1 000 stays reserved while unknown
    expect((await refund(cashier.token, paymentId, 2001)).body.error.code).toBe('MEAL_REFUND_EXCEEDS')

    t.paySim.faults.refund = null
    await t.services.mealRefunds.recoverProcessingRefunds(0)
    expect(await state(paymentId)).toEqual({ refundedFen: 1000, refunds: ['succeeded'], feedEvents: 1, notices: 1 })
    await t.paySim.deliverNotifications() // REFUND.SUCCESS arrives late: nothing more
    await t.services.mealRefunds.recoverProcessingRefunds(0)
    expect(await state(paymentId)).toEqual({ refundedFen: 1000, refunds: ['succeeded'], feedEvents: 1, notices: 1 })
  })

  it('accepted, then 5xx on every attempt: stays processing; WeChat’s REFUND.SUCCESS notification completes it', async () => {
    const { cashier, paymentId } = await paidWechatPayment()
    t.paySim.faults.refund = 'accept-then-5xx'
    const response = await refund(cashier.token, paymentId)
    expect([response.status, response.body.status]).toEqual([201, 'processing'])
    expect(await state(paymentId)).toEqual({ refundedFen: 1000, refunds: ['processing'], feedEvents: 0, notices: 0 })
    await t.paySim.deliverNotifications()
    expect(await state(paymentId)).toEqual({ refundedFen: 1000, refunds: ['succeeded'], feedEvents: 1, notices: 1 })
  })

  it('refused (NOT_ENOUGH, a final refusal): undone, nothing announced, the amount refundable again', async () => {
    const { cashier, paymentId } = await paidWechatPayment()
    t.paySim.faults.refund = 'refuse'
    const response = await refund(cashier.token, paymentId)
    expect([response.status, response.body.error.code]).toEqual([409, 'MEAL_REFUND_REFUSED'])
    expect(await state(paymentId)).toEqual({ refundedFen: 0, refunds: ['failed'], feedEvents: 0, notices: 0 })
    t.paySim.faults.refund = null
    const again = await refund(cashier.token, paymentId, 3000)
    expect(again.status).toBe(201)
    await t.paySim.deliverNotifications()
    expect(await state(paymentId)).toEqual({ refundedFen: 3000, refunds: ['failed', 'succeeded'], feedEvents: 1, notices: 1 })
  })

  it('a refund reason longer than WeChat takes (80 characters) is refused up front, in Chinese', async () => {
    const { cashier, paymentId } = await paidWechatPayment()
    const response = await t.http.post(`/api/v1/meal/payments/${paymentId}/refunds`).set(bearer(cashier.token)).set('Idempotency-Key', idempotencyKey()).send({ amountFen: 100, reason: '菜'.repeat(81) })
    expect([response.status, response.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(await state(paymentId)).toEqual({ refundedFen: 0, refunds: [], feedEvents: 0, notices: 0 })
  })
})
