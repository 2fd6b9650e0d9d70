import { createSign, randomBytes } from 'node:crypto'
import { checkLedger } from '../../ledger/ledger.check'
import { bearer, simulatorCode, startTestApp, type TestApp } from '../../../../test/harness'
import { createDiner, createMerchant, idempotencyKey } from '../../../../test/factories'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ CORS_ORIGINS: 'https://zwd.egj.example.gov.cn' })
  // Notifications go out only when a test says so: deterministic, and lets us lose one on purpose.
  t.paySim.stop()
})
afterAll(() => t.close())
afterEach(async () => {
  expect(await checkLedger(t.database.pool)).toEqual([])
})

async function outTradeNoOf(paymentId: number): Promise<string> {
  const [rows] = await t.database.pool.query('SELECT wechat_out_trade_no AS no FROM meal_payments WHERE id = ?', [paymentId])
  return (rows as { no: string }[])[0].no
}
async function merchantReceivable(merchantId: number): Promise<number> {
  const [rows] = await t.database.pool.query("SELECT COALESCE(SUM(amount_fen), 0) AS total FROM postings WHERE account = 'merchant_receivable' AND owner_id = ?", [merchantId])
  return Number((rows as { total: number }[])[0].total)
}
/** Signs a notification body the way WeChat does, with the platform key. */
function wechatHeaders(body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const nonce = randomBytes(16).toString('hex')
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(t.payKeys.platformPrivateKeyPem, 'base64')
  return { 'Wechatpay-Timestamp': String(timestamp), 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': t.payKeys.platformPublicKeyId, 'Content-Type': 'application/json' }
}

async function payByWechatH5(token: string, code: string, amountFen: number) {
  const response = await t.http.post('/api/v1/meal/payments').set(bearer(token)).set('Idempotency-Key', idempotencyKey()).send({ code, amountFen, method: 'wechat', official: true, confirm: true, payChannel: 'h5' })
  expect(response.status).toBe(201)
  return response.body
}

describe('diner from another unit pays with WeChat Pay (H5)', () => {
  it('gets the cashier page, pays, and the notification makes it paid, once', async () => {
    const shop = await createMerchant(t)
    const wangwu = await t.login('wangwu')
    const created = await payByWechatH5(wangwu, shop.code, 2600)
    expect(created).toMatchObject({ status: 'awaiting_payment', method: 'wechat', official: true, payerName: '王五', payerUnitName: '市发改委', wechatPay: { payParams: null, cashierUrl: expect.stringContaining('/__sim/pay/cashier?prepay_id=') } })
    expect(created.wechatPay.cashierUrl).toContain(encodeURIComponent(`/packages/meal/pages/receipt/index?id=${created.id}`))

    await t.paySim.pay(await outTradeNoOf(created.id))
    await t.paySim.deliverNotifications()
    const receipt = await t.http.get(`/api/v1/meal/payments/${created.id}`).set(bearer(wangwu))
    expect(receipt.body).toMatchObject({ status: 'paid', amountFen: 2600, official: true, merchant: { id: shop.merchantId }, paidAt: expect.any(String) })
    expect(await merchantReceivable(shop.merchantId)).toBe(2600)
  })

  it("returns from WeChat's cashier to the allowed host the diner opened the app on, never to a host that is not allowed", async () => {
    const shop = await createMerchant(t)
    const wangwu = await t.login('wangwu')
    const order = (origin: string) =>
      t.http.post('/api/v1/meal/payments').set(bearer(wangwu)).set('Origin', origin).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 1000, method: 'wechat', payChannel: 'h5', confirm: true })
    const allowed = await order('https://zwd.egj.example.gov.cn')
    expect(allowed.body.wechatPay.cashierUrl).toContain(`redirect_url=${encodeURIComponent('https://zwd.egj.example.gov.cn/#/packages/meal/pages/receipt/index')}`)
    const foreign = await order('https://evil.example.com')
    expect(foreign.body.wechatPay.cashierUrl).toContain(`redirect_url=${encodeURIComponent(`${t.url}/#/packages/meal/pages/receipt/index`)}`)
  })

  it('a notification replayed 10 times credits once; a tampered signature is a 401 and changes nothing', async () => {
    const shop = await createMerchant(t)
    const created = await payByWechatH5(await t.login('wangwu'), shop.code, 1500)
    await t.paySim.pay(await outTradeNoOf(created.id))
    await t.paySim.deliverNotifications()
    const delivered = t.paySim.notificationsSent.find((n) => n.plainResource.out_trade_no === (t.paySim.notificationsSent.at(-1)!.plainResource.out_trade_no))!

    const replays = await Promise.all(Array.from({ length: 10 }, () => t.http.post('/api/v1/pay/wechat/notify').set(wechatHeaders(delivered.body)).send(delivered.body)))
    expect(replays.map((r) => r.status)).toEqual(Array(10).fill(204))
    expect(await merchantReceivable(shop.merchantId)).toBe(1500)

    const tampered = delivered.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ')
    const forged = await t.http.post('/api/v1/pay/wechat/notify').set(wechatHeaders(delivered.body)).send(tampered)
    expect([forged.status, forged.body.error.code]).toEqual([401, 'WECHATPAY_SIGNATURE_INVALID'])
    const stale = await t.http.post('/api/v1/pay/wechat/notify').set(wechatHeaders(delivered.body, Math.floor(Date.now() / 1000) - 3600)).send(delivered.body)
    expect([stale.status, stale.body.error.code]).toEqual([401, 'WECHATPAY_SIGNATURE_INVALID'])
    expect(await merchantReceivable(shop.merchantId)).toBe(1500)
  })

  it('a lost notification is recovered by asking WeChat about the order', async () => {
    const shop = await createMerchant(t)
    const wangwu = await t.login('wangwu')
    const created = await payByWechatH5(wangwu, shop.code, 990)
    await t.paySim.pay(await outTradeNoOf(created.id)) // paid at WeChat; the notification never arrives
    await t.database.pool.query('UPDATE meal_payments SET created_at = created_at - INTERVAL 1 MINUTE WHERE id = ?', [created.id])
    await t.services.mealPayments.recoverStaleOrders()
    const [rows] = await t.database.pool.query('SELECT status FROM meal_payments WHERE id = ?', [created.id])
    expect((rows as { status: string }[])[0].status).toBe('paid')
    // the late notification arrives after all: still one credit
    await t.paySim.deliverNotifications()
    expect(await merchantReceivable(shop.merchantId)).toBe(990)
  })

  it('inside WeChat (JSAPI) the payer gets signed pay params; a browser user without WeChat is told to open it in WeChat', async () => {
    const shop = await createMerchant(t)
    const code = await simulatorCode(t.wechatSim.url, '/__sim/wx/login-code', { openid: 'o-guest-diner' })
    const guest = (await t.http.post('/api/v1/auth/wechat').send({ code })).body.token
    const jsapi = await t.http.post('/api/v1/meal/payments').set(bearer(guest)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 2000, method: 'wechat' })
    expect(jsapi.status).toBe(201)
    expect(jsapi.body.wechatPay.payParams).toMatchObject({ appId: t.env.WECHAT_APPID, package: expect.stringMatching(/^prepay_id=/), signType: 'RSA', paySign: expect.any(String) })

    const browserOnly = await t.http.post('/api/v1/meal/payments').set(bearer(await t.login('visitor1'))).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 2000, method: 'wechat' })
    expect(browserOnly.status).toBe(409)
    expect(browserOnly.body.error.code).toBe('MEAL_WECHAT_ONLY_IN_WECHAT')
  })
})

describe('top-up through WeChat Pay', () => {
  it('adds to 个人 once paid, and says so in the inbox', async () => {
    const diner = await createDiner(t, { subsidyFen: 1000 })
    const topup = await t.http.post('/api/v1/meal/topups').set(bearer(diner.token)).set('Idempotency-Key', idempotencyKey()).send({ amountFen: 5000, payChannel: 'h5' })
    expect(topup.status).toBe(201)
    expect(topup.body).toMatchObject({ status: 'awaiting_payment', amountFen: 5000, wechatPay: { cashierUrl: expect.any(String) } })
    const [rows] = await t.database.pool.query('SELECT out_trade_no AS no FROM meal_topups WHERE id = ?', [topup.body.id])
    await t.paySim.pay((rows as { no: string }[])[0].no)
    await t.paySim.deliverNotifications()
    expect((await t.http.get('/api/v1/meal/account').set(bearer(diner.token))).body).toEqual({ subsidyFen: 1000, personalFen: 5000, totalFen: 6000 })
    const inbox = await t.http.get('/api/v1/notifications').set(bearer(diner.token))
    expect(inbox.body.items[0]).toMatchObject({ title: '饭卡充值成功', body: '已充值 ¥50.00 到个人余额' })
  })
})

describe('取消订单: the diner gives up an unpaid WeChat order', () => {
  it('closes it at WeChat and here, once; an order paid meanwhile is settled instead; only the payer may', async () => {
    const shop = await createMerchant(t)
    const diner = await t.login('wangwu')
    const open = async () => (await t.http.post('/api/v1/meal/payments').set(bearer(diner)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 1800, method: 'wechat', payChannel: 'h5', confirm: true })).body
    const cancel = (id: number, token = diner) => t.http.post(`/api/v1/meal/payments/${id}/cancel`).set(bearer(token))
    const ordersBefore = t.paySim.orders.size

    const first = await open()
    // 重新支付: the same order handed to WeChat again
    const resumed = await t.http.post(`/api/v1/meal/payments/${first.id}/resume`).set(bearer(diner)).send({ payChannel: 'h5' })
    expect([resumed.status, resumed.body.status, resumed.body.wechatPay.cashierUrl]).toEqual([200, 'awaiting_payment', expect.stringContaining('/__sim/pay/cashier?prepay_id=')])
    expect(t.paySim.orders.size).toBe(ordersBefore + 1)
    const stranger = await cancel(first.id, await t.login('zhangsan'))
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'NOT_FOUND'])
    const cancelled = await cancel(first.id)
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'closed'])
    expect(t.paySim.orders.get(await outTradeNoOf(first.id))!.state).toBe('CLOSED')
    expect((await cancel(first.id)).body.status).toBe('closed')
    const reopen = await t.http.post(`/api/v1/meal/payments/${first.id}/resume`).set(bearer(diner)).send({ payChannel: 'h5' })
    expect([reopen.status, reopen.body.error.code]).toEqual([409, 'MEAL_PAYMENT_CLOSED'])

    const second = await open()
    await t.paySim.pay(await outTradeNoOf(second.id)) // paid in WeChat; the notification has not arrived
    const late = await cancel(second.id)
    expect([late.status, late.body.error.code]).toEqual([409, 'MEAL_PAYMENT_ALREADY_PAID'])
    expect((await t.http.get(`/api/v1/meal/payments/${second.id}`).set(bearer(diner))).body.status).toBe('paid')
    expect(await merchantReceivable(shop.merchantId)).toBe(1800)
  })
})

describe('orders that never reached WeChat leave nothing behind', () => {
  const paymentsOf = async (userId: number) => {
    const [rows] = await t.database.pool.query('SELECT status FROM meal_payments WHERE payer_user_id = ? ORDER BY id', [userId])
    return (rows as { status: string }[]).map((r) => r.status)
  }
  const order = (token: string, code: string, key = idempotencyKey(), extra: Record<string, unknown> = {}) =>
    t.http.post('/api/v1/meal/payments').set(bearer(token)).set('Idempotency-Key', key).send({ code, amountFen: 1200, method: 'wechat', payChannel: 'h5', ...extra })
  afterEach(() => {
    t.paySim.faults.order = null
  })

  it('WeChat Pay inside WeChat without a WeChat login: refused before anything is written', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t)
    const response = await order(diner.token, shop.code, idempotencyKey(), { payChannel: 'jsapi' })
    expect([response.status, response.body.error.code]).toEqual([409, 'MEAL_WECHAT_ONLY_IN_WECHAT'])
    expect(await paymentsOf(diner.userId)).toEqual([])
  })

  it('WeChat refuses the order for good: no payment stays, and the same key works once WeChat takes it', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t)
    const key = idempotencyKey()
    t.paySim.faults.order = 'refuse'
    const refused = await order(diner.token, shop.code, key)
    expect([refused.status, refused.body.error.code, refused.body.error.details]).toEqual([502, 'UPSTREAM_REJECTED', { upstream: 'wechatpay', code: 'INVALID_REQUEST' }])
    expect(await paymentsOf(diner.userId)).toEqual([])
    t.paySim.faults.order = null
    const again = await order(diner.token, shop.code, key)
    expect([again.status, again.body.status]).toEqual([201, 'awaiting_payment'])
    expect(await paymentsOf(diner.userId)).toEqual(['awaiting_payment'])
  })

  it('an order lost on the way (no answer): the job closes ours once WeChat says it never saw it, and it warns of no duplicate', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t)
    t.paySim.faults.order = 'drop'
    const lost = await order(diner.token, shop.code)
    expect([lost.status, lost.body.error.code]).toEqual([502, 'UPSTREAM_UNAVAILABLE'])
    expect(await paymentsOf(diner.userId)).toEqual(['awaiting_payment'])
    t.paySim.faults.order = null
    // an unpaid order is no "paid within 2 minutes"
    expect((await order(diner.token, shop.code)).status).toBe(201)
    await t.services.mealPayments.recoverStaleOrders(0, 0)
    expect(await paymentsOf(diner.userId)).toEqual(['closed', 'awaiting_payment'])
  })

  it('the recovery job takes the oldest first: 50 newer orphans cannot starve a payment whose notification was lost', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t)
    const template = (await order(diner.token, shop.code, idempotencyKey(), { confirm: true })).body.id as number
    for (let i = 0; i < 50; i++) {
      await t.database.pool.query(
        `INSERT INTO meal_payments (payer_user_id, payer_unit_id, merchant_id, window_id, period_name, official, amount_fen, method, status, wechat_out_trade_no, created_at)
         SELECT payer_user_id, payer_unit_id, merchant_id, window_id, period_name, official, amount_fen, method, 'awaiting_payment', CONCAT('MPORPHAN', ?, FLOOR(RAND() * 1e9)), UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE FROM meal_payments WHERE id = ?`,
        [i, template],
      )
    }
    const real = (await order(diner.token, shop.code, idempotencyKey(), { confirm: true })).body.id as number
    await t.paySim.pay(await outTradeNoOf(real)) // paid at WeChat; its notification is lost
    await t.database.pool.query('UPDATE meal_payments SET created_at = UTC_TIMESTAMP(3) - INTERVAL 1 DAY WHERE id = ?', [real])
    await t.services.mealPayments.recoverStaleOrders(0, 0)
    const receipt = await t.http.get(`/api/v1/meal/payments/${real}`).set(bearer(diner.token))
    expect(receipt.body.status).toBe('paid')
  })

  it('a recovery run that cannot reach an order says so (the job records it), and still does the rest', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t)
    const good = (await order(diner.token, shop.code)).body.id as number
    await t.paySim.pay(await outTradeNoOf(good))
    const broken = (await order(diner.token, shop.code, idempotencyKey(), { confirm: true })).body.id as number
    const brokenNo = await outTradeNoOf(broken)
    await t.database.pool.query('UPDATE meal_payments SET created_at = UTC_TIMESTAMP(3) - INTERVAL 2 DAY WHERE id = ?', [broken])
    t.paySim.faults.unqueryable.add(brokenNo)
    await expect(t.services.mealPayments.recoverStaleOrders(0, 0)).rejects.toThrow(new RegExp(`1 of \\d+ WeChat orders not recovered: ${brokenNo}`))
    expect((await t.http.get(`/api/v1/meal/payments/${good}`).set(bearer(diner.token))).body.status).toBe('paid')
    t.paySim.faults.unqueryable.clear()
    await t.services.mealPayments.recoverStaleOrders(0, 0)
    expect((await t.http.get(`/api/v1/meal/payments/${broken}`).set(bearer(diner.token))).body.status).toBe('closed')
  })

  it('a merchant name longer than WeChat’s 127-byte description still pays (the description is shortened)', async () => {
    const shop = await createMerchant(t)
    await t.database.pool.query('UPDATE merchants SET name = ? WHERE id = ?', [`${'长'.repeat(60)}食堂`, shop.merchantId])
    const diner = await createDiner(t)
    const response = await order(diner.token, shop.code)
    expect(response.status).toBe(201)
    const sent = t.paySim.orders.get(await outTradeNoOf(response.body.id))!
    // as many characters of the name as fit in 127 bytes with the window's name (3 bytes each: 38)
    expect(sent.description).toBe(`${'长'.repeat(38)}-1号窗口`)
    expect(Buffer.byteLength(sent.description)).toBeLessThanOrEqual(127)
  })
})
