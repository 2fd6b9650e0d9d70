import { checkLedger } from '../../ledger/ledger.check'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createCashier, createDiner, createMerchant, idempotencyKey, outcomes } from '../../../../test/factories'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
  t.paySim.stop()
})
afterAll(() => t.close())
afterEach(async () => {
  expect(await checkLedger(t.database.pool)).toEqual([])
})

const pay = (token: string, code: string, amountFen: number, extra: Record<string, unknown> = {}) =>
  t.http.post('/api/v1/meal/payments').set(bearer(token)).set('Idempotency-Key', idempotencyKey()).send({ code, amountFen, method: 'account', confirm: true, ...extra })
const refund = (token: string, paymentId: number, amountFen: number, key = idempotencyKey()) =>
  t.http.post(`/api/v1/meal/payments/${paymentId}/refunds`).set(bearer(token)).set('Idempotency-Key', key).send({ amountFen, reason: '菜品问题' })
const account = async (token: string) => (await t.http.get('/api/v1/meal/account').set(bearer(token))).body

describe('refunds', () => {
  it('partial refunds go back 个人 first, then 补贴, and never exceed what was paid', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 1000, personalFen: 1000 })
    const paid = (await pay(diner.token, shop.code, 1500)).body // 补贴 1000 + 个人 500
    expect(await account(diner.token)).toMatchObject({ subsidyFen: 0, personalFen: 500 })

    const first = await refund(cashier.token, paid.id, 700)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ amountFen: 700, personalFen: 500, subsidyFen: 200, status: 'succeeded' })
    expect(await account(diner.token)).toMatchObject({ subsidyFen: 200, personalFen: 1000 })

    const tooMuch = await refund(cashier.token, paid.id, 801)
    expect(tooMuch.status).toBe(409)
    expect(tooMuch.body.error).toEqual({ code: 'MEAL_REFUND_EXCEEDS', details: { refundableFen: 800 }, message: '退款金额超过可退金额（最多可退 ¥8.00）' })
    expect((await refund(cashier.token, paid.id, 800)).status).toBe(201)
    expect(await account(diner.token)).toEqual({ subsidyFen: 1000, personalFen: 1000, totalFen: 2000 })
    expect((await refund(cashier.token, paid.id, 1)).body.error.code).toBe('MEAL_REFUND_EXCEEDS')
    const receipt = await t.http.get(`/api/v1/meal/payments/${paid.id}`).set(bearer(diner.token))
    expect(receipt.body.refundedFen).toBe(1500)
    // amounts in a notification read as on every screen (the shared formatter), not "8.00 元"
    expect((await t.http.get('/api/v1/notifications').set(bearer(diner.token))).body.items[0]).toMatchObject({ title: '退款通知', body: '¥8.00 已退回饭卡，原因：菜品问题' })
  })

  it('a retried payment and a retried refund get their first answer back, not what the payment became since (Stripe-style replay)', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 0, personalFen: 3000 })
    const payKey = idempotencyKey()
    const send = () => t.http.post('/api/v1/meal/payments').set(bearer(diner.token)).set('Idempotency-Key', payKey).send({ code: shop.code, amountFen: 2000, method: 'account' })
    const first = await send()
    expect(first.status).toBe(201)
    const refundKey = idempotencyKey()
    const refundOnce = () => t.http.post(`/api/v1/meal/payments/${first.body.id}/refunds`).set(bearer(cashier.token)).set('Idempotency-Key', refundKey).send({ amountFen: 500, reason: '少打一份菜' })
    const refunded = await refundOnce()
    expect(refunded.status).toBe(201)

    // the payment has changed since (refundedFen 500), but its key still answers as the first time
    const replay = await send()
    expect(replay.status).toBe(201)
    expect(replay.body).toEqual(first.body)
    expect(replay.body.refundedFen).toBe(0)
    expect((await t.http.get(`/api/v1/meal/payments/${first.body.id}`).set(bearer(diner.token))).body.refundedFen).toBe(500)
    const refundReplay = await refundOnce()
    expect([refundReplay.status, refundReplay.body]).toEqual([201, refunded.body])
    expect(await account(diner.token)).toMatchObject({ personalFen: 1500 })
  })

  it('我的饭卡明细 lists every movement of the balance from the ledger: subsidy, top-up, payment, refund — and pages without gaps', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 1000, personalFen: 2000 }) // a 餐补 grant and a top-up
    const paid = (await pay(diner.token, shop.code, 1500)).body
    await refund(cashier.token, paid.id, 700)
    const list = (await t.http.get('/api/v1/meal/account/movements').set(bearer(diner.token))).body
    expect(list.items.map((m: { kind: string }) => m.kind)).toEqual(['refund', 'payment', 'topup', 'subsidy'])
    expect(list.items[0]).toMatchObject({ kind: 'refund', personalFen: 500, subsidyFen: 200, paymentId: paid.id })
    expect(list.items[1]).toMatchObject({ kind: 'payment', subsidyFen: -1000, personalFen: -500, paymentId: paid.id })
    expect(list.items[2]).toMatchObject({ kind: 'topup', personalFen: 2000, subsidyFen: 0, paymentId: null })
    // the movements add up to the balance
    const sum = list.items.reduce((total: number, m: { subsidyFen: number; personalFen: number }) => total + m.subsidyFen + m.personalFen, 0)
    expect(sum).toBe((await account(diner.token)).totalFen)
    const first = (await t.http.get('/api/v1/meal/account/movements').query({ limit: 3 }).set(bearer(diner.token))).body
    const rest = (await t.http.get('/api/v1/meal/account/movements').query({ limit: 3, cursor: first.nextCursor }).set(bearer(diner.token))).body
    expect([...first.items, ...rest.items].map((m: { id: number }) => m.id)).toEqual(list.items.map((m: { id: number }) => m.id))
    expect(rest.nextCursor).toBeNull()
    // someone else's movements are not mine
    expect((await t.http.get('/api/v1/meal/account/movements').set(bearer(cashier.token))).body.items).toEqual([])
  })

  it('10 racing refunds of 5 元 on a 20 元 payment: exactly 4 go through', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 2000 })
    const paid = (await pay(diner.token, shop.code, 2000)).body
    const responses = await Promise.all(Array.from({ length: 10 }, () => refund(cashier.token, paid.id, 500)))
    expect(outcomes(responses)).toEqual({ '201': 4, '409 MEAL_REFUND_EXCEEDS': 6 })
    expect(await account(diner.token)).toMatchObject({ totalFen: 2000 })
  })

  it("only the merchant's cashier, the same day; admin any day; diners never", async () => {
    const shop = await createMerchant(t)
    const other = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const otherCashier = await createCashier(t, other.merchantId)
    const diner = await createDiner(t, { subsidyFen: 5000 })
    const paid = (await pay(diner.token, shop.code, 1000)).body
    // another merchant's payment: the same 404 as a missing one (its existence is not revealed)
    const foreign = await refund(otherCashier.token, paid.id, 100)
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'NOT_FOUND'])
    expect((await refund(diner.token, paid.id, 100)).status).toBe(403)

    await t.database.pool.query('UPDATE meal_payments SET paid_at = paid_at - INTERVAL 1 DAY WHERE id = ?', [paid.id])
    const yesterday = await refund(cashier.token, paid.id, 100)
    expect(yesterday.status).toBe(409)
    expect(yesterday.body.error.code).toBe('MEAL_REFUND_NOT_SAME_DAY')
    expect((await refund(await t.login('admin'), paid.id, 100)).status).toBe(201)
  })

  it('a WeChat payment is refunded through WeChat Pay and booked when WeChat confirms', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const created = await t.http.post('/api/v1/meal/payments').set(bearer(await t.login('wangwu'))).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 3000, method: 'wechat', payChannel: 'h5' })
    const [rows] = await t.database.pool.query('SELECT wechat_out_trade_no AS no FROM meal_payments WHERE id = ?', [created.body.id])
    await t.paySim.pay((rows as { no: string }[])[0].no)
    await t.paySim.deliverNotifications()

    const response = await refund(cashier.token, created.body.id, 1000)
    expect(response.status).toBe(201)
    expect(response.body.status).toBe('processing')
    await t.paySim.deliverNotifications() // REFUND.SUCCESS
    const [refunds] = await t.database.pool.query('SELECT status FROM meal_refunds WHERE payment_id = ?', [created.body.id])
    expect(refunds).toEqual([{ status: 'succeeded' }])
    const [receivable] = await t.database.pool.query("SELECT SUM(amount_fen) AS total FROM postings WHERE account = 'merchant_receivable' AND owner_id = ?", [shop.merchantId])
    expect(Number((receivable as { total: number }[])[0].total)).toBe(2000)
  })

  it('requires a reason and a positive whole amount', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 5000 })
    const paid = (await pay(diner.token, shop.code, 1000)).body
    for (const body of [{ amountFen: 100 }, { amountFen: 0, reason: 'x' }, { amountFen: 1.5, reason: 'x' }, { amountFen: 100, reason: '  ' }]) {
      const response = await t.http.post(`/api/v1/meal/payments/${paid.id}/refunds`).set(bearer(cashier.token)).set('Idempotency-Key', idempotencyKey()).send(body)
      expect(response.status).toBe(400)
    }
  })
})

describe('cashier live feed', () => {
  it('shows a payment within 1 s, also when another BFF instance served the diner', async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 5000 })
    const start = await t.http.get('/api/v1/meal/cashier/feed').set(bearer(cashier.token))
    expect(start.status).toBe(200)
    expect(start.body.items).toEqual([])

    const other = await startTestApp() // a second BFF on the same database
    try {
      const waiting = t.http.get('/api/v1/meal/cashier/feed').query({ after: start.body.cursor, wait: 10 }).set(bearer(cashier.token))
      const waitingPromise = waiting.then((response) => ({ response, at: Date.now() }))
      await new Promise((resolve) => setTimeout(resolve, 300))
      const paidAt = Date.now()
      const paid = await other.http.post('/api/v1/meal/payments').set(bearer(diner.token)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 1500, method: 'account', official: true })
      expect(paid.status).toBe(201)
      const { response, at } = await waitingPromise
      expect(at - paidAt).toBeLessThan(1000)
      expect(response.body.items).toEqual([expect.objectContaining({ kind: 'paid', amountFen: 1500, payment: expect.objectContaining({ id: paid.body.id, official: true, payerName: '测试干部' }) })])
      expect(response.body.today).toEqual({ count: 1, totalFen: 1500 })
    } finally {
      await other.close()
    }
  })

  it("is only for cashiers, and only their merchant's windows", async () => {
    const shop = await createMerchant(t)
    const elsewhere = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { subsidyFen: 5000 })
    await pay(diner.token, elsewhere.code, 1000)
    const feed = await t.http.get('/api/v1/meal/cashier/feed').set(bearer(cashier.token))
    expect(feed.body.items).toEqual([])
    expect((await t.http.get('/api/v1/meal/cashier/feed').set(bearer(diner.token))).status).toBe(403)
  })
})
