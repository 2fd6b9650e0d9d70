/**
 * Issue 7: bad input that used to get a 500 or the wrong answer. Every case asserts the status
 * AND the error code, and that the message a user sees is Chinese.
 */
import zlib from 'node:zlib'
import { EnvSchema } from '../src/env'
import { checkLedger } from '../src/modules/ledger/ledger.check'
import { bearer, startTestApp, type TestApp } from './harness'
import { createCashier, createDiner, createMerchant, idempotencyKey } from './factories'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const CHINESE = /[\u4e00-\u9fa5]/

/** A 4xx in our shape with a Chinese message; `path`: the field the (single) issue names. */
function expectRefused(response: { status: number; body: { error?: { code?: string; message?: string; details?: { issues?: { path: string; message: string }[] } } } }, status: number, code: string, path?: string) {
  expect({ status: response.status, code: response.body.error?.code }).toEqual({ status, code })
  expect(response.body.error!.message).toMatch(CHINESE)
  if (path !== undefined) {
    const issues = response.body.error!.details!.issues!
    expect(issues.map((issue) => issue.path)).toContain(path)
    for (const issue of issues) expect(issue.message).toMatch(CHINESE)
  }
}

const BAD_DATES = ['2026-13-01', '2026-02-31', '9999-99-99', '2026-02-29', '1999-12-31', '0000-01-01']
const BAD_MONTHS = ['0000-01', '2026-13', '2026-00', '9999-12']

describe('impossible dates and months are a 400 with a Chinese message, never a 500 or a 502', () => {
  it('daily statement, review and confirm-all', async () => {
    const admin = await t.login('admin')
    const shop = await createMerchant(t)
    for (const date of BAD_DATES) {
      expectRefused(await t.http.get('/api/v1/meal/statements/daily').query({ merchantId: shop.merchantId, date }).set(bearer(admin)), 400, 'VALIDATION_FAILED', 'date')
      expectRefused(await t.http.post('/api/v1/meal/statements/daily/review').set(bearer(admin)).send({ merchantId: shop.merchantId, date, paymentId: 1, review: 'confirmed' }), 400, 'VALIDATION_FAILED', 'date')
      expectRefused(await t.http.post('/api/v1/meal/statements/daily/confirm-all').set(bearer(admin)).send({ merchantId: shop.merchantId, date }), 400, 'VALIDATION_FAILED', 'date')
    }
    // a real leap day is a date
    expect((await t.http.get('/api/v1/meal/statements/daily').query({ merchantId: shop.merchantId, date: '2028-02-29' }).set(bearer(admin))).status).toBe(200)
  })

  it('monthly workbook, reconciliation, voucher expiry and subsidy month', async () => {
    const admin = await t.login('admin')
    for (const month of BAD_MONTHS) {
      expectRefused(await t.http.get('/api/v1/meal/settlements/monthly.xlsx').query({ month }).set(bearer(admin)), 400, 'VALIDATION_FAILED', 'month')
      expectRefused(await t.http.post('/api/v1/meal/subsidies').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId: 1, month, amountPerPersonFen: 100 }), 400, 'VALIDATION_FAILED', 'month')
    }
    for (const date of BAD_DATES) {
      expectRefused(await t.http.get('/api/v1/meal/reconciliation').query({ date }).set(bearer(admin)), 400, 'VALIDATION_FAILED', 'date')
      expectRefused(await t.http.post('/api/v1/meal/vouchers').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId: 1, count: 1, amountFen: 1000, purpose: '会议用餐 bad-input', expiresOn: date }), 400, 'VALIDATION_FAILED', 'expiresOn')
    }
    const [rows] = await t.database.pool.query("SELECT COUNT(*) AS n FROM meal_vouchers WHERE purpose = '会议用餐 bad-input'")
    expect(Number((rows as { n: number }[])[0].n)).toBe(0)
  })
})

describe('a request the HTTP layer cannot take is a 4xx in our shape', () => {
  it('an unknown or broken Content-Encoding', async () => {
    const bogus = await t.http.post('/api/v1/auth/dev-login').set('Content-Type', 'application/json').set('Content-Encoding', 'bogus').send(JSON.stringify({ username: 'zhangsan' }))
    expectRefused(bogus, 415, 'UNSUPPORTED_CONTENT_ENCODING')
    const notGzip = await t.http.post('/api/v1/auth/dev-login').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(JSON.stringify({ username: 'zhangsan' }))
    expectRefused(notGzip, 400, 'MALFORMED_BODY')
    // a real gzip body is still fine (fetch: supertest would JSON-encode a Buffer)
    const gzipped = await fetch(`${t.url}/api/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: zlib.gzipSync(JSON.stringify({ username: 'zhangsan' })) })
    expect(gzipped.status).toBe(200)
  })

  it.each(['TRACE', 'PROPFIND', 'MKCOL'])('%s on an API path and on / is a 501 in our shape, never a 500', async (method) => {
    for (const path of ['/api/v1/me', '/api/v1/meal/payments', '/', '/healthz']) {
      const response = await t.http[method.toLowerCase() as 'get'](path)
      expectRefused(response, 501, 'METHOD_NOT_IMPLEMENTED')
    }
  })
})

describe("WeChat Pay's refusals", () => {
  it('a refusal surfaces as UPSTREAM_REJECTED (502), not as if the client sent bad JSON; nothing is left paid', async () => {
    const shop = await createMerchant(t)
    const wangwu = await t.login('wangwu')
    // WeChat: "商户订单号重复，且请求参数与原订单不一致" — the simulator is told the out_trade_no is already taken.
    const get = t.paySim.orders.get.bind(t.paySim.orders)
    const taken = { outTradeNo: '', totalFen: 1, state: 'NOTPAY', openid: 'someone-else', description: '别的订单', prepayId: 'wx-taken' } as never
    const spy = jest.spyOn(t.paySim.orders, 'get').mockImplementation((no: string) => get(no) ?? (no.startsWith('MP') ? taken : undefined))
    try {
      const response = await t.http.post('/api/v1/meal/payments').set(bearer(wangwu)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 1000, method: 'wechat', payChannel: 'h5' })
      expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 502, code: 'UPSTREAM_REJECTED' })
      expect(response.body.error.message).toMatch(CHINESE)
      expect(response.body.error.details).toMatchObject({ upstream: 'wechatpay', code: 'INVALID_REQUEST' })
    } finally {
      spy.mockRestore()
    }
    const [rows] = await t.database.pool.query("SELECT COUNT(*) AS n FROM meal_payments WHERE merchant_id = ? AND status = 'paid'", [shop.merchantId])
    expect(Number((rows as { n: number }[])[0].n)).toBe(0)
    expect(await checkLedger(t.database.pool)).toEqual([])
  })

  it('a merchant with a long Chinese name still takes WeChat payments (the description is cut to WeChat\'s 127 bytes)', async () => {
    const shop = await createMerchant(t)
    await t.database.pool.query('UPDATE merchants SET name = ? WHERE id = ?', ['市机关事务管理中心第一职工食堂'.repeat(6), shop.merchantId])
    const response = await t.http.post('/api/v1/meal/payments').set(bearer(await t.login('wangwu'))).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 1000, method: 'wechat', payChannel: 'h5' })
    expect(response.status).toBe(201)
    const order = [...t.paySim.orders.values()].at(-1)!
    expect(Buffer.byteLength(order.description)).toBeLessThanOrEqual(127)
  })
})

describe('validation details are Chinese, field by field', () => {
  it('each issue keeps its path and gets a Chinese message', async () => {
    const admin = await t.login('admin')
    const response = await t.http.post('/api/v1/meal/vouchers').set(bearer(admin)).set('Idempotency-Key', idempotencyKey()).send({ unitId: 0, count: 'x', amountFen: 1, purpose: '', expiresOn: '2026-12-01', extra: 1 })
    expectRefused(response, 400, 'VALIDATION_FAILED')
    const issues = response.body.error.details.issues as { path: string; message: string }[]
    expect(issues.map((issue) => issue.path).sort()).toEqual(['amountFen', 'count', 'purpose', 'unitId'])
    for (const issue of issues) {
      expect(issue.message).toMatch(CHINESE)
      expect(issue.message).not.toMatch(/expected|Too small|Invalid/i)
    }
    expect(issues.find((issue) => issue.path === 'amountFen')!.message).toContain('100')
  })
})

describe('cursors and ids beyond a safe integer', () => {
  it.each([
    ['/api/v1/meal/cashier/feed', 'after'],
    ['/api/v1/meal/payments', 'cursor'],
    ['/api/v1/notifications', 'cursor'],
  ])('%s?%s=9999999999999999999 is a 400', async (path, name) => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const response = await t.http.get(path).query({ [name]: '9999999999999999999' }).set(bearer(cashier.token))
    expectRefused(response, 400, 'VALIDATION_FAILED', name)
    // the largest safe one is taken, and what comes back is accepted again
    const ok = await t.http.get(path).query({ [name]: String(Number.MAX_SAFE_INTEGER) }).set(bearer(cashier.token))
    expect(ok.status).toBe(200)
    const again = ok.body.cursor ?? ok.body.nextCursor
    if (again) expect((await t.http.get(path).query({ [name]: again }).set(bearer(cashier.token))).status).toBe(200)
  })

  it('an id-like query parameter beyond a safe integer is a 400', async () => {
    const admin = await t.login('admin')
    expectRefused(await t.http.get('/api/v1/meal/statements/daily').query({ merchantId: '99999999999999999999', date: '2026-11-02' }).set(bearer(admin)), 400, 'VALIDATION_FAILED', 'merchantId')
  })
})

describe('token-bearing and personal answers are not cached', () => {
  it('login and /me say Cache-Control: no-store; file downloads still download', async () => {
    const login = await t.http.post('/api/v1/auth/dev-login').send({ username: 'zhangsan' })
    expect(login.status).toBe(200)
    expect(login.headers['cache-control']).toBe('no-store')
    const me = await t.http.get('/api/v1/me').set(bearer(login.body.token))
    expect(me.status).toBe(200)
    expect(me.headers['cache-control']).toBe('no-store')
    const refused = await t.http.get('/api/v1/me')
    expect(refused.headers['cache-control']).toBe('no-store')
    const shop = await createMerchant(t)
    const png = await t.http.get(`/api/v1/meal/windows/${shop.windowId}/qr.png`).set(bearer(await t.login('admin')))
    expect(png.status).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    expect(png.body.length).toBeGreaterThan(100)
    // not the API: the swagger assets keep their own caching
    expect((await t.http.get('/docs/assets/swagger-ui.css')).headers['cache-control']).toBe('public, max-age=86400')
  })
})

describe('/metrics', () => {
  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const app = await startTestApp({ METRICS_TOKEN: 'metrics-token-0123456789abcdef' })
    try {
      expectRefused(await app.http.get('/metrics'), 401, 'AUTH_REQUIRED')
      expectRefused(await app.http.get('/metrics').set('Authorization', 'Bearer wrong'), 401, 'AUTH_REQUIRED')
      const ok = await app.http.get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789abcdef')
      expect(ok.status).toBe(200)
      expect(ok.text).toContain('process_cpu_user_seconds_total')
    } finally {
      await app.close()
    }
  })

  it('production will not start without METRICS_TOKEN', () => {
    const result = EnvSchema.safeParse({ NODE_ENV: 'production', DATABASE_URL: 'mysql://root@db/egj' })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain('METRICS_TOKEN')
  })
})

describe('nothing is revealed about what a user may not see', () => {
  it("a cashier gets their own merchant's window code, and a 404 for another merchant's", async () => {
    const mine = await createMerchant(t)
    const theirs = await createMerchant(t)
    const cashier = await createCashier(t, mine.merchantId)
    expect((await t.http.get(`/api/v1/meal/windows/${mine.windowId}/qr.png`).set(bearer(cashier.token))).status).toBe(200)
    expectRefused(await t.http.get(`/api/v1/meal/windows/${theirs.windowId}/qr.png`).set(bearer(cashier.token)), 404, 'NOT_FOUND')
  })

  it("a refund of another merchant's payment is the same 404 as a missing one", async () => {
    const mine = await createMerchant(t)
    const theirs = await createMerchant(t)
    const cashier = await createCashier(t, mine.merchantId)
    const diner = await createDiner(t, { personalFen: 5000 })
    const paid = await t.http.post('/api/v1/meal/payments').set(bearer(diner.token)).set('Idempotency-Key', idempotencyKey()).send({ code: theirs.code, amountFen: 1000, method: 'account' })
    expect(paid.status).toBe(201)
    const refund = (id: number) => t.http.post(`/api/v1/meal/payments/${id}/refunds`).set(bearer(cashier.token)).set('Idempotency-Key', idempotencyKey()).send({ amountFen: 100, reason: '多收' })
    const foreign = await refund(paid.body.id)
    const missing = await refund(2 ** 40)
    expectRefused(foreign, 404, 'NOT_FOUND')
    expectRefused(missing, 404, 'NOT_FOUND')
    expect(foreign.body.error.message).toBe(missing.body.error.message)
  })
})

describe('a diner who cannot afford a payment', () => {
  it('is told the balance is short before being asked about a possible duplicate', async () => {
    const shop = await createMerchant(t)
    const diner = await createDiner(t, { personalFen: 1500 })
    const pay = (amountFen: number) => t.http.post('/api/v1/meal/payments').set(bearer(diner.token)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen, method: 'account' })
    expect((await pay(1000)).status).toBe(201)
    expectRefused(await pay(1000), 409, 'MEAL_INSUFFICIENT_BALANCE')
    // one they can afford still gets the duplicate question
    expectRefused(await pay(500), 409, 'MEAL_POSSIBLE_DUPLICATE')
    expect(await checkLedger(t.database.pool)).toEqual([])
  })
})
