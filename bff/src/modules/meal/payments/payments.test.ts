import { withTransaction } from '../../../db/client'
import { checkLedger } from '../../ledger/ledger.check'
import { postEntry } from '../../ledger/ledger.repo'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createDiner, createMerchant, createUser, idempotencyKey, outcomes } from '../../../../test/factories'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())
afterEach(async () => {
  expect(await checkLedger(t.database.pool)).toEqual([])
})

const pay = (token: string, body: Record<string, unknown>, key: string | null = idempotencyKey()) => {
  const request = t.http.post('/api/v1/meal/payments').set(bearer(token))
  return (key ? request.set('Idempotency-Key', key) : request).send(body)
}
const account = async (token: string) => (await t.http.get('/api/v1/meal/account').set(bearer(token))).body
async function paymentCount(userId: number): Promise<number> {
  const [rows] = await t.database.pool.query('SELECT COUNT(*) AS n FROM meal_payments WHERE payer_user_id = ?', [userId])
  return Number((rows as { n: number }[])[0].n)
}

describe('scanning a window code', () => {
  it('shows the verified merchant, window, open period and its 公务 cap', async () => {
    const shop = await createMerchant(t, { capFen: 4000 })
    const diner = await createDiner(t)
    const response = await t.http.get('/api/v1/meal/windows/resolve').query({ code: shop.code }).set(bearer(diner.token))
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ merchant: { id: shop.merchantId, kind: 'canteen' }, window: { id: shop.windowId, name: '1号窗口' }, period: { name: '午餐', officialCapFen: 4000 } })
    expect(new Date(response.body.period.endsAt).getTime()).toBeGreaterThan(Date.now())
  })

  it('takes the short code printed under the QR, typed by hand, as the window', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { personalFen: 5000 })
    const short = t.services.qr.shortCode('m', shop.windowId).toLowerCase()
    const resolved = await t.http.get('/api/v1/meal/windows/resolve').query({ code: short }).set(bearer(diner.token))
    expect(resolved.body).toMatchObject({ window: { id: shop.windowId } })
    const paid = await pay(diner.token, { code: short, amountFen: 1200, method: 'account' })
    expect(paid.status).toBe(201)
    expect(paid.body).toMatchObject({ status: 'paid', amountFen: 1200, window: { id: shop.windowId } })
  })

  it('refuses a forged window code', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t)
    const forged = shop.code.replace(/\/q\/m\/(\d+)\./, (_m, id) => `/q/m/${Number(id) + 1}.`)
    const response = await t.http.get('/api/v1/meal/windows/resolve').query({ code: forged }).set(bearer(diner.token))
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('QR_FORGED')
  })
})

describe('paying from the meal account', () => {
  it('spends 补贴 first, then 个人, and the receipt says so', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 1000, personalFen: 5000 })
    const response = await pay(diner.token, { code: shop.code, amountFen: 1500, method: 'account', official: true })
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ status: 'paid', amountFen: 1500, subsidyFen: 1000, personalFen: 500, official: true, periodName: '午餐', window: { name: '1号窗口' } })
    expect(response.body.serialNo).toMatch(/^\d{8}\d{8}$/)
    expect(await account(diner.token)).toEqual({ subsidyFen: 0, personalFen: 4500, totalFen: 4500 })
  })

  it('insufficient balance → 409, nothing written', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 500, personalFen: 499 })
    const response = await pay(diner.token, { code: shop.code, amountFen: 1000, method: 'account' })
    expect(response.status).toBe(409)
    expect(response.body.error).toMatchObject({ code: 'MEAL_INSUFFICIENT_BALANCE', message: expect.stringMatching(/余额不足/) })
    expect(await account(diner.token)).toMatchObject({ totalFen: 999 })
    expect(await paymentCount(diner.userId)).toBe(0)
  })

  it('a diner without a meal account is told to use WeChat Pay', async () => {
    const shop = await createMerchant(t)
    const response = await pay(await t.login('wangwu'), { code: shop.code, amountFen: 1000, method: 'account' })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('MEAL_NO_ACCOUNT')
  })

  it('公务 over the cap: warned and refused until confirmed where the merchant only warns', async () => {
    const warns = await createMerchant(t, { capFen: 2000, overCapPolicy: 'warn' })
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const over = await pay(diner.token, { code: warns.code, amountFen: 2500, method: 'account', official: true })
    expect(over.status).toBe(409)
    expect(over.body.error).toMatchObject({ code: 'MEAL_OVER_CAP', details: { capFen: 2000, policy: 'warn' }, message: expect.stringMatching(/公务餐标准 ¥20\.00，确认后仍可支付$/) })
    const confirmed = await pay(diner.token, { code: warns.code, amountFen: 2500, method: 'account', official: true, confirm: true })
    expect(confirmed.status).toBe(201)
    // not 公务: no cap at all
    expect((await pay(diner.token, { code: (await createMerchant(t, { capFen: 2000 })).code, amountFen: 2500, method: 'account' })).status).toBe(201)
  })

  it('公务 over the cap where the merchant refuses: refused even when confirmed', async () => {
    const refuses = await createMerchant(t, { capFen: 2000, overCapPolicy: 'refuse' })
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const response = await pay(diner.token, { code: refuses.code, amountFen: 2001, method: 'account', official: true, confirm: true })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('MEAL_OVER_CAP')
    expect(await paymentCount(diner.userId)).toBe(0)
  })

  it('公务 outside any meal period is refused', async () => {
    const closed = await createMerchant(t, { noPeriod: true })
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const response = await pay(diner.token, { code: closed.code, amountFen: 1000, method: 'account', official: true })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('MEAL_OFFICIAL_NO_PERIOD')
  })

  it('same diner, same window within 2 minutes → MEAL_POSSIBLE_DUPLICATE unless confirmed', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    expect((await pay(diner.token, { code: shop.code, amountFen: 1200, method: 'account' })).status).toBe(201)
    const again = await pay(diner.token, { code: shop.code, amountFen: 1200, method: 'account' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('MEAL_POSSIBLE_DUPLICATE')
    expect((await pay(diner.token, { code: shop.code, amountFen: 1200, method: 'account', confirm: true })).status).toBe(201)
    expect(await account(diner.token)).toMatchObject({ totalFen: 10_000 - 2400 })
  })

  it('amounts: 1 分 to the merchant maximum; anything else is a clear 4xx', async () => {
    const shop = await createMerchant(t, { maxPaymentFen: 5000 })
    const diner = await createDiner(t, { subsidyFen: 100_000 })
    expect((await pay(diner.token, { code: shop.code, amountFen: 1, method: 'account' })).status).toBe(201)
    const tooLarge = await pay(diner.token, { code: shop.code, amountFen: 5001, method: 'account', confirm: true })
    expect(tooLarge.status).toBe(422)
    expect(tooLarge.body.error.code).toBe('MEAL_AMOUNT_TOO_LARGE')
    for (const amountFen of [0, -100, 15.5, 100_001, '1500', null]) {
      const response = await pay(diner.token, { code: shop.code, amountFen, method: 'account', confirm: true })
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('VALIDATION_FAILED')
    }
  })

  it('requires an Idempotency-Key', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const response = await pay(diner.token, { code: shop.code, amountFen: 100, method: 'account' }, null)
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED')
  })
})

describe('never a double charge', () => {
  it('50 parallel payments against an account that can afford 10: exactly 10 succeed, balance exactly 0', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 6000, personalFen: 4000 })
    const responses = await Promise.all(Array.from({ length: 50 }, () => pay(diner.token, { code: shop.code, amountFen: 1000, method: 'account', confirm: true })))
    expect(outcomes(responses)).toEqual({ '201': 10, '409 MEAL_INSUFFICIENT_BALANCE': 40 })
    expect(await account(diner.token)).toEqual({ subsidyFen: 0, personalFen: 0, totalFen: 0 })
    expect(await paymentCount(diner.userId)).toBe(10)
  })

  it('20 parallel requests with one Idempotency-Key: one charge, twenty identical answers', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const key = idempotencyKey()
    const body = { code: shop.code, amountFen: 1800, method: 'account', official: true }
    const responses = await Promise.all(Array.from({ length: 20 }, () => pay(diner.token, body, key)))
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201))
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1)
    expect(await paymentCount(diner.userId)).toBe(1)
    expect(await account(diner.token)).toMatchObject({ totalFen: 10_000 - 1800 })
  })

  it('a retry that arrives while the first is still running: one charge, both answered with the first receipt', async () => {
    const shop = await createMerchant(t)
    // enough for one payment only: the retry, run after the first, would be refused on its own
    const diner = await createDiner(t, { subsidyFen: 1800 })
    const key = idempotencyKey()
    const body = { code: shop.code, amountFen: 1800, method: 'account', official: true }
    // hold the diner's account row, so both requests are in flight at once, queued behind it
    const holder = await t.database.pool.getConnection()
    try {
      await holder.beginTransaction()
      await holder.query('SELECT user_id FROM meal_accounts WHERE user_id = ? FOR UPDATE', [diner.userId])
      const first = pay(diner.token, body, key).then((response) => response)
      await new Promise((resolve) => setTimeout(resolve, 100))
      const retry = pay(diner.token, body, key).then((response) => response)
      await new Promise((resolve) => setTimeout(resolve, 300))
      await holder.commit()
      const responses = await Promise.all([first, retry])
      expect(responses.map((response) => response.status)).toEqual([201, 201])
      expect(responses[1].body).toEqual(responses[0].body)
    } finally {
      holder.release()
    }
    expect(await paymentCount(diner.userId)).toBe(1)
    expect(await account(diner.token)).toMatchObject({ totalFen: 0 })
    const [keys] = await t.database.pool.query('SELECT COUNT(*) AS n FROM idempotency_keys WHERE user_id = ? AND idem_key = ?', [diner.userId, key])
    expect(Number((keys as { n: number }[])[0].n)).toBe(1)
  })

  it('a refused payment and its retries racing it: all refused alike, no key kept, a later retry may pay', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 1000 })
    const key = idempotencyKey()
    const body = { code: shop.code, amountFen: 1800, method: 'account', confirm: true }
    const responses = await Promise.all(Array.from({ length: 5 }, () => pay(diner.token, body, key)))
    expect(outcomes(responses)).toEqual({ '409 MEAL_INSUFFICIENT_BALANCE': 5 })
    expect(await paymentCount(diner.userId)).toBe(0)
    await withTransaction(t.database.db, (tx) => postEntry(tx, 'topup', '测试充值', [{ from: { account: 'wechat_clearing', ownerId: 0 }, to: { account: 'meal_personal', ownerId: diner.userId }, amountFen: 1000 }]))
    expect((await pay(diner.token, body, key)).status).toBe(201)
    expect(await paymentCount(diner.userId)).toBe(1)
  })

  it('the same key with a different body → 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const key = idempotencyKey()
    expect((await pay(diner.token, { code: shop.code, amountFen: 1000, method: 'account' }, key)).status).toBe(201)
    const reused = await pay(diner.token, { code: shop.code, amountFen: 2000, method: 'account' }, key)
    expect(reused.status).toBe(422)
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    expect(await paymentCount(diner.userId)).toBe(1)
  })

  it("a key is the diner's own: another diner's identical key is a different payment", async () => {
    const shop = await createMerchant(t)
    const first = await createDiner(t, { subsidyFen: 5000 })
    const second = await createDiner(t, { subsidyFen: 5000 })
    const key = idempotencyKey()
    const a = await pay(first.token, { code: shop.code, amountFen: 1000, method: 'account' }, key)
    const b = await pay(second.token, { code: shop.code, amountFen: 1000, method: 'account' }, key)
    expect(a.body.id).not.toBe(b.body.id)
    expect(await account(second.token)).toMatchObject({ totalFen: 4000 })
  })
})

describe('history and receipts', () => {
  it('lists my payments newest first and shows a receipt only to its payer (and the merchant, admin)', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const first = await pay(diner.token, { code: shop.code, amountFen: 800, method: 'account' })
    const second = await pay(diner.token, { code: shop.code, amountFen: 900, method: 'account', confirm: true })
    const list = await t.http.get('/api/v1/meal/payments').set(bearer(diner.token))
    expect(list.body.items.map((item: { id: number }) => item.id)).toEqual([second.body.id, first.body.id])
    expect((await t.http.get(`/api/v1/meal/payments/${first.body.id}`).set(bearer(diner.token))).body.amountFen).toBe(800)
    const stranger = await createUser(t, ['staff'])
    expect((await t.http.get(`/api/v1/meal/payments/${first.body.id}`).set(bearer(stranger.token))).status).toBe(404)
    expect((await t.http.get(`/api/v1/meal/payments/${first.body.id}`).set(bearer(await t.login('admin')))).status).toBe(200)
  })
})

describe('the 公务 cap is per diner, per meal period, per day', () => {
  it('a split bill cannot beat it at a refuse merchant, confirmed or not', async () => {
    const shop = await createMerchant(t, { capFen: 4000, overCapPolicy: 'refuse' })
    const diner = await createDiner(t, { personalFen: 50_000 })
    const official = (amountFen: number) => pay(diner.token, { code: shop.code, amountFen, method: 'account', official: true, confirm: true })
    expect((await official(4000)).status).toBe(201)
    for (const amountFen of [4000, 1]) {
      const split = await official(amountFen)
      expect([split.status, split.body.error.code, split.body.error.details]).toEqual([409, 'MEAL_OVER_CAP', { capFen: 4000, spentFen: 4000, policy: 'refuse' }])
      expect(split.body.error.message).toBe('金额超过午餐公务餐标准 ¥40.00（本餐次已公务消费 ¥40.00），本商户不接受超标支付')
    }
    // not 公务: no cap
    expect((await pay(diner.token, { code: shop.code, amountFen: 4000, method: 'account', confirm: true })).status).toBe(201)
    expect(await account(diner.token)).toMatchObject({ totalFen: 42_000 })
  })

  it('racing 公务 payments of 15.00 against a 40.00 cap: exactly two go through', async () => {
    const shop = await createMerchant(t, { capFen: 4000, overCapPolicy: 'refuse' })
    const diner = await createDiner(t, { personalFen: 50_000 })
    const responses = await Promise.all(Array.from({ length: 6 }, () => pay(diner.token, { code: shop.code, amountFen: 1500, method: 'account', official: true, confirm: true })))
    expect(outcomes(responses)).toEqual({ '201': 2, '409 MEAL_OVER_CAP': 4 })
    expect(await account(diner.token)).toMatchObject({ totalFen: 47_000 })
  })

  it('at a warn merchant the second 公务 payment past the cap asks first, and goes through once confirmed', async () => {
    const shop = await createMerchant(t, { capFen: 4000, overCapPolicy: 'warn' })
    const diner = await createDiner(t, { personalFen: 50_000 })
    expect((await pay(diner.token, { code: shop.code, amountFen: 3000, method: 'account', official: true })).status).toBe(201)
    const asked = await pay(diner.token, { code: shop.code, amountFen: 2000, method: 'account', official: true, confirm: false })
    expect([asked.status, asked.body.error.code]).toEqual([409, 'MEAL_OVER_CAP'])
    expect((await pay(diner.token, { code: shop.code, amountFen: 2000, method: 'account', official: true, confirm: true })).status).toBe(201)
  })
})

describe('what a diner hears, and when', () => {
  it('a retry of a payment that went through gets its receipt even after the window closed', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { personalFen: 5000 })
    const key = idempotencyKey()
    const first = await pay(diner.token, { code: shop.code, amountFen: 1500, method: 'account' }, key)
    expect(first.status).toBe(201)
    await t.database.pool.query("UPDATE meal_windows SET status = 'disabled' WHERE id = ?", [shop.windowId])
    await new Promise((resolve) => setTimeout(resolve, 5_200)) // past the 5 s window cache
    const fresh = await pay(diner.token, { code: shop.code, amountFen: 1500, method: 'account', confirm: true })
    expect([fresh.status, fresh.body.error.code]).toEqual([409, 'MEAL_WINDOW_CLOSED'])
    const retry = await pay(diner.token, { code: shop.code, amountFen: 1500, method: 'account' }, key)
    expect([retry.status, retry.body]).toEqual([201, first.body])
    expect(await paymentCount(diner.userId)).toBe(1)
  }, 20_000)

  it('a diner who cannot afford a second payment is told so, not asked to confirm a duplicate', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { personalFen: 1500 })
    expect((await pay(diner.token, { code: shop.code, amountFen: 1000, method: 'account' })).status).toBe(201)
    const second = await pay(diner.token, { code: shop.code, amountFen: 1000, method: 'account' })
    expect([second.status, second.body.error.code]).toEqual([409, 'MEAL_INSUFFICIENT_BALANCE'])
  })
})
