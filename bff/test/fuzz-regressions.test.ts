/**
 * 5xx the junk run (fuzz-junk-*.test.ts) found, each pinned down by the request that caused it.
 */
import net from 'node:net'
import { checkLedger } from '../src/modules/ledger/ledger.check'
import { createMerchant, idempotencyKey } from './factories'
import { bearer, startTestApp, type TestApp } from './harness'
import { fakeIdCard, rng } from './junk'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const CHINESE = /[\u4e00-\u9fa5]/

describe('Accept-Encoding that refuses every coding we have', () => {
  it.each(['identity;q=0', '*;q=0', 'gzip;q=0, br;q=0, identity;q=0'])('%s: the answer goes out uncompressed, not as a bare 500 from koa-compress', async (acceptEncoding) => {
    // /openapi.json is far over the 1 KB threshold at which answers are compressed
    const response = await fetch(`${t.url}/openapi.json`, { headers: { 'accept-encoding': acceptEncoding } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBeNull()
    expect(((await response.json()) as { openapi: string }).openapi).toMatch(/^3\./)
  })

  it('…and an API error still comes in our shape', async () => {
    const response = await fetch(`${t.url}/api/v1/me`, { headers: { 'accept-encoding': 'identity;q=0' } })
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(CHINESE)
  })
})

describe('block list', () => {
  it('an entry removed while it is being added: 201 or 404, never a 500 from reading back a row that is gone', async () => {
    const r = rng(7)
    for (let round = 0; round < 15; round++) {
      const [rows] = await t.database.pool.query("SELECT AUTO_INCREMENT AS next FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'visit_blocklist'")
      const next = Number((rows as { next: number }[])[0].next)
      const block = t.http.post('/api/v1/visits/blocklist').set(bearer(admin)).send({ idType: 'id_card', idNumber: fakeIdCard(r), reason: '测试并发移出' })
      // the unblock of the id the insert is about to take, sent while it runs
      const unblocks = [0, 1, 2, 3].map((delay) => new Promise((resolve) => setTimeout(resolve, delay)).then(() => t.http.delete(`/api/v1/visits/blocklist/${next}`).set(bearer(admin))))
      const [blocked, ...unblocked] = await Promise.all([block, ...unblocks])
      expect(blocked.status).toBe(201)
      for (const response of unblocked) expect([200, 404]).toContain(response.status)
    }
  })
})

describe('text that has no UTF-8 form', () => {
  it('a lone surrogate ("\\udfff\\ud800" is valid JSON) in a booking\'s meal period is a 400, not a 500 from the JSON column\'s check', async () => {
    const [rooms] = await t.database.pool.query("SELECT id FROM rooms WHERE status = 'active' AND requires_approval = 0 ORDER BY id LIMIT 1")
    const roomId = (rooms as { id: number }[])[0].id
    const day = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10)
    const body = `{"roomId":${roomId},"title":"测试会议","startAt":"${day}T10:00:00+08:00","endAt":"${day}T11:00:00+08:00","attendeeCount":5,"services":{"meals":[{"period":"\\udfff\\ud800","count":6}]}}`
    const response = await t.http.post('/api/v1/room-bookings').set(bearer(await t.login('zhangsan'))).set('Idempotency-Key', `lone-surrogate-${Date.now()}`).set('Content-Type', 'application/json').send(body)
    expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' })
    expect(response.body.error.details.issues).toEqual([{ path: 'services.meals.0.period', message: expect.stringMatching(CHINESE) }])
  })

  it('…and in a block-list reason (a VARCHAR would have kept U+FFFD instead)', async () => {
    const response = await t.http.post('/api/v1/visits/blocklist').set(bearer(admin)).set('Content-Type', 'application/json').send(`{"idType":"id_card","idNumber":"${fakeIdCard(rng(11))}","reason":"\\ud800 原因"}`)
    expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' })
    expect(response.body.error.details.issues[0].path).toBe('reason')
  })
})

describe('重新支付 after the order\'s parameters changed', () => {
  async function pendingOrder() {
    const shop = await createMerchant(t)
    const wangwu = await t.login('wangwu')
    const created = await t.http.post('/api/v1/meal/payments').set(bearer(wangwu)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 1000, method: 'wechat', payChannel: 'h5' })
    expect(created.status).toBe(201)
    const [rows] = await t.database.pool.query('SELECT wechat_out_trade_no AS no FROM meal_payments WHERE id = ?', [created.body.id])
    return { shop, wangwu, id: created.body.id as number, outTradeNo: (rows as { no: string }[])[0].no }
  }

  it.each([
    ['the merchant renamed', (shop: { merchantId: number }) => `/api/v1/meal/merchants/${shop.merchantId}`],
    ['the window renamed', (shop: { windowId: number }) => `/api/v1/meal/windows/${shop.windowId}`],
  ])('%s: WeChat refuses the out_trade_no with another description, so the order is closed there and here (409), not a 502 on every try', async (_what, path) => {
    const { shop, wangwu, id, outTradeNo } = await pendingOrder()
    expect((await t.http.patch(path(shop)).set(bearer(admin)).send({ name: '改名后的名字' })).status).toBe(200)
    const resumed = await t.http.post(`/api/v1/meal/payments/${id}/resume`).set(bearer(wangwu)).send({ payChannel: 'h5' })
    expect({ status: resumed.status, code: resumed.body.error?.code }).toEqual({ status: 409, code: 'MEAL_PAYMENT_CLOSED' })
    expect(resumed.body.error.message).toMatch(CHINESE)
    expect(t.paySim.orders.get(outTradeNo)?.state).toBe('CLOSED')
    expect((await t.http.get(`/api/v1/meal/payments/${id}`).set(bearer(wangwu))).body.status).toBe('closed')
  })

  it('…unless it was paid meanwhile: then it is settled and says so', async () => {
    const { shop, wangwu, id, outTradeNo } = await pendingOrder()
    t.paySim.stop() // no notification: the 重新支付 itself must find out (the last test of the file: the simulator stays stopped)
    await t.paySim.pay(outTradeNo)
    expect((await t.http.patch(`/api/v1/meal/merchants/${shop.merchantId}`).set(bearer(admin)).send({ name: '又改了名字' })).status).toBe(200)
    const resumed = await t.http.post(`/api/v1/meal/payments/${id}/resume`).set(bearer(wangwu)).send({ payChannel: 'h5' })
    expect({ status: resumed.status, code: resumed.body.error?.code }).toEqual({ status: 409, code: 'MEAL_PAYMENT_ALREADY_PAID' })
    expect((await t.http.get(`/api/v1/meal/payments/${id}`).set(bearer(wangwu))).body.status).toBe('paid')
    expect(await checkLedger(t.database.pool)).toEqual([])
  })
})

describe("requests Node's HTTP parser refuses before Koa", () => {
  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1', () => socket.write(request))
      let answer = ''
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')))
      socket.on('end', () => resolve(answer))
      socket.on('error', reject)
    })

  it('headers over 16 KB: 431 in our shape with a Chinese message, not an empty answer', async () => {
    const answer = await raw(`GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1\.1 431 /)
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))
    expect(body.error.code).toBe('HEADERS_TOO_LARGE')
    expect(body.error.message).toMatch(CHINESE)
  })

  it('a broken request line: 400 in our shape', async () => {
    const answer = await raw('GARBAGE\u0000 / HTTP/9\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.message).toMatch(CHINESE)
  })
})
