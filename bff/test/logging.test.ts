import { createSign, randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { JobRunner } from '../src/lib/jobs'
import { createLogger } from '../src/lib/logger'
import { bearer, startTestApp, type TestApp } from './harness'
import { createMerchant, idempotencyKey } from './factories'

/** Every JSON line the app logs, kept as written. */
const lines: string[] = []
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean))
    done()
  },
})
type LogLine = { raw: string; msg?: string; reqId?: string; job?: string; runId?: string; path?: string; outTradeNo?: string }
const parsed = (): LogLine[] => lines.map((line) => ({ ...(JSON.parse(line) as Omit<LogLine, 'raw'>), raw: line }))

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({}, { log: createLogger('info', capture) })
  t.paySim.stop() // notifications go out only when this test sends them
})
afterAll(() => t.close())

/** Signs a notification body the way WeChat does, with the platform key. */
function wechatHeaders(body: string) {
  const timestamp = Math.floor(Date.now() / 1000)
  const nonce = randomBytes(16).toString('hex')
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(t.payKeys.platformPrivateKeyPem, 'base64')
  return { 'Wechatpay-Timestamp': String(timestamp), 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': t.payKeys.platformPublicKeyId, 'Content-Type': 'application/json' }
}

describe('request id on every log line', () => {
  it("a service's log line carries the id of the request it was written for, also with two requests at once", async () => {
    const wangwu = await t.login('wangwu')
    const outTradeNos: string[] = []
    for (const amountFen of [1200, 1300]) {
      const shop = await createMerchant(t) // two shops: the same window twice in 2 minutes asks "pay again?"
      const created = await t.http.post('/api/v1/meal/payments').set(bearer(wangwu)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen, method: 'wechat', official: true, payChannel: 'h5' })
      expect(created.status).toBe(201)
      const [rows] = await t.database.pool.query('SELECT wechat_out_trade_no AS no FROM meal_payments WHERE id = ?', [created.body.id])
      const outTradeNo = (rows as { no: string }[])[0].no
      await t.paySim.pay(outTradeNo)
      outTradeNos.push(outTradeNo)
    }
    const notification = (outTradeNo: string) => t.paySim.notificationsSent.find((n) => n.plainResource.out_trade_no === outTradeNo)!.body
    const requestIds = ['notify-aaaa-0001', 'notify-bbbb-0002']

    // Both notifications at the same moment: each settlement must log its own request's id.
    const responses = await Promise.all(
      outTradeNos.map((outTradeNo, i) => t.http.post('/api/v1/pay/wechat/notify').set(wechatHeaders(notification(outTradeNo))).set('X-Request-Id', requestIds[i]).send(notification(outTradeNo))),
    )
    expect(responses.map((r) => [r.status, r.headers['x-request-id']])).toEqual([
      [204, requestIds[0]],
      [204, requestIds[1]],
    ])

    const settled = parsed().filter((line) => line.msg === 'wechat payment settled')
    expect(settled.map((line) => [line.outTradeNo, line.reqId])).toEqual(expect.arrayContaining([[outTradeNos[0], requestIds[0]], [outTradeNos[1], requestIds[1]]]))
    expect(settled).toHaveLength(2)
    // the request line of each notify carries the same id, written once (no duplicate key)
    const requestLines = parsed().filter((line) => line.msg === 'request' && line.path === '/api/v1/pay/wechat/notify')
    expect(requestLines.map((line) => line.reqId).sort()).toEqual(requestIds)
    for (const line of [...settled, ...requestLines]) expect(line.raw.match(/"reqId"/g)).toHaveLength(1)
    // and a line written outside any request carries none
    lines.length = 0
    t.services.log.info('outside')
    expect(parsed()[0]).not.toHaveProperty('reqId')
  })

  it('a job run labels its lines with the job name and a run id of its own', async () => {
    lines.length = 0
    const serviceLog = t.services.log.child({ module: 'test-service' }) // built once, like a service's logger
    const runner = new JobRunner(t.database, t.services.log, 'bff-log-test')
    const job = `test.logging.${randomBytes(3).toString('hex')}`
    runner.register(job, 1, async () => {
      serviceLog.info('did the work')
      throw new Error('boom')
    })
    expect(await runner.tick()).toEqual([job])
    await new Promise((resolve) => setTimeout(resolve, 5)) // the 1 ms period has passed: runs again
    expect(await runner.tick()).toEqual([job])

    const work = parsed().filter((line) => line.msg === 'did the work')
    const failed = parsed().filter((line) => line.msg === 'job failed')
    expect(work).toHaveLength(2)
    expect(failed).toHaveLength(2)
    for (const line of [...work, ...failed]) expect(line).toMatchObject({ job, runId: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    expect(work[0].runId).not.toBe(work[1].runId)
    expect([failed[0].runId, failed[1].runId]).toEqual([work[0].runId, work[1].runId])
    expect(work[0]).not.toHaveProperty('reqId')
  })
})
