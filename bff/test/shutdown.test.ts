import { bearer, startTestApp, type TestApp } from './harness'
import { createCashier, createMerchant } from './factories'

const CJK = /[\u4e00-\u9fff]/

describe('when the database is away (a restart, a failover)', () => {
  let down: TestApp
  beforeAll(async () => {
    // nothing listens on port 9: every connection is refused, as while MariaDB restarts
    down = await startTestApp({ DATABASE_URL: 'mysql://root@127.0.0.1:9/egj_nowhere' })
  })
  afterAll(() => down.close())

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, never 500, so clients retry with the same key', async () => {
    const answers = await Promise.all([
      down.http.post('/api/v1/auth/dev-login').send({ username: 'zhangsan' }),
      down.http.get('/api/v1/me').set(bearer('x'.repeat(40))),
      down.http.post('/api/v1/meal/payments').set(bearer('x'.repeat(40))).set('Idempotency-Key', 'k'.repeat(20)).send({ code: 'x', amountFen: 100, method: 'account' }),
      down.http.get('/healthz'),
    ])
    for (const answer of answers) {
      expect(answer.status).toBe(503)
      expect(answer.body.error.code).toBe('SERVICE_UNAVAILABLE')
      expect(answer.body.error.message).toMatch(CJK)
    }
    expect(answers[0].headers['retry-after']).toBe('1')
  })
})

describe('graceful shutdown', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(() => t.close())

  it("ends the cashier's waiting long poll at once with an empty answer and closes the connection", async () => {
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const start = await t.http.get('/api/v1/meal/cashier/feed').set(bearer(cashier.token))
    const started = Date.now()
    const waiting = t.http.get('/api/v1/meal/cashier/feed').query({ after: start.body.cursor, wait: 20 }).set(bearer(cashier.token))
    const answer = new Promise<Awaited<typeof waiting>>((resolve, reject) => waiting.then(resolve, reject))
    await new Promise((resolve) => setTimeout(resolve, 500))
    t.services.stopping.abort()
    const response = await answer
    expect(response.status).toBe(200)
    expect(response.body.items).toEqual([])
    expect(response.body.cursor).toBe(start.body.cursor)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(response.headers.connection).toBe('close')
  })
})
