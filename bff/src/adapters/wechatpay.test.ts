import { createCipheriv, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Koa from 'koa'
import { listen } from '../simulators/sim-server'
import { createWechatPaySimulator } from '../simulators/wechatpay'
import { parseTradeBill, WechatPayApiError, WechatPayClient, WechatPaySignatureError, type WechatPayConfig, type WechatPayRefundResource, type WechatPayTransactionResource } from './wechatpay'
import { generateDevWechatPayKeys, loadOrCreateDevKeys } from './wechatpay-keys'

const MCHID = '1900000109'
const APPID = 'wx0000000000000000'
const keys = generateDevWechatPayKeys()
const otherKey = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })

/** A stand-in for our notify route: records what arrives and answers with the planned statuses (then 204). */
function startReceiver() {
  const received: { headers: Record<string, string | string[] | undefined>; body: string; at: number }[] = []
  const planned: number[] = []
  const app = new Koa()
  app.use(async (ctx) => {
    const chunks: Buffer[] = []
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
    received.push({ headers: ctx.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })
    ctx.status = planned.shift() ?? 204
    if (ctx.status >= 400) ctx.body = { code: 'FAIL', message: '处理失败' }
  })
  return { app, received, planned }
}

function simulatorFor(platformPrivateKeyPem = keys.platformPrivateKeyPem) {
  return createWechatPaySimulator({
    mchid: MCHID,
    appid: APPID,
    apiV3Key: keys.apiV3Key,
    merchantPublicKeyPem: keys.merchantPublicKeyPem,
    merchantSerialNo: keys.merchantSerialNo,
    platformPrivateKeyPem,
    platformPublicKeyId: keys.platformPublicKeyId,
    merchantName: 'e管家测试商户',
    retryScheduleMs: [50, 50, 100],
  })
}

/** Written here from the spec, not taken from the adapter: `${ts}\n${nonce}\n${body}\n` signed with the platform key. */
function platformHeaders(body: string, overrides: { timestamp?: number; key?: string; serial?: string } = {}) {
  const timestamp = String(overrides.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = randomBytes(16).toString('hex')
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': overrides.serial ?? keys.platformPublicKeyId,
    'wechatpay-signature': sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`), overrides.key ?? keys.platformPrivateKeyPem).toString('base64'),
  }
}

/** A merchant request signed by hand (for the cases our client would never produce). */
async function rawRequest(baseUrl: string, method: 'GET' | 'POST', path: string, body: string, opts: { key?: string; timestamp?: number; serial?: string; mchid?: string; nonce?: string } = {}) {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = opts.nonce ?? randomBytes(16).toString('hex')
  const signature = sign('sha256', Buffer.from(`${method}\n${path}\n${timestamp}\n${nonce}\n${body}\n`), opts.key ?? keys.merchantPrivateKeyPem).toString('base64')
  const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${opts.mchid ?? MCHID}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${opts.serial ?? keys.merchantSerialNo}"`
  const response = await fetch(`${baseUrl}${path}`, { method, headers: { authorization, accept: 'application/json', 'content-type': 'application/json' }, body: method === 'POST' ? body : undefined })
  return { status: response.status, headers: response.headers, json: (await response.json()) as { code?: string; message?: string } }
}

let sim: ReturnType<typeof simulatorFor>
let simServer: Awaited<ReturnType<typeof listen>>
let receiver: ReturnType<typeof startReceiver>
let receiverServer: Awaited<ReturnType<typeof listen>>
let config: WechatPayConfig
let client: WechatPayClient
let sequence = 0
const outTradeNo = () => `EGJ${Date.now()}${String(++sequence).padStart(4, '0')}`
const inAnHour = () => new Date(Date.now() + 3600_000)

beforeAll(async () => {
  sim = simulatorFor()
  simServer = await listen(sim.app)
  receiver = startReceiver()
  receiverServer = await listen(receiver.app)
  config = {
    apiBase: simServer.url,
    mchid: MCHID,
    appid: APPID,
    merchantSerialNo: keys.merchantSerialNo,
    merchantPrivateKeyPem: keys.merchantPrivateKeyPem,
    apiV3Key: keys.apiV3Key,
    platformPublicKeyPem: keys.platformPublicKeyPem,
    platformPublicKeyId: keys.platformPublicKeyId,
    notifyUrl: `${receiverServer.url}/api/v1/pay/wechat/notify`,
    attempts: 2,
  }
  client = new WechatPayClient(config)
})

afterAll(async () => {
  sim.stop()
  await simServer.close()
  await receiverServer.close()
})

beforeEach(() => {
  receiver.received.length = 0
  receiver.planned.length = 0
})

/** Waits (up to 5s) for the delivery of a notification about `match` to settle. */
async function settledDelivery(match: (plain: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 250; i++) {
    await sim.deliverNotifications()
    const delivery = sim.notificationsSent.find((d) => match(d.plainResource))
    if (delivery && delivery.state !== 'pending') return delivery
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('notification never settled')
}

async function paidOrder(amountFen: number, description = '会议室预订 3号楼 301') {
  const no = outTradeNo()
  await client.createJsapiOrder({ outTradeNo: no, description, amountFen, openid: 'o-user-1', expiresAt: inAnHour() })
  await sim.pay(no)
  await settledDelivery((r) => r.out_trade_no === no && r.trade_state === 'SUCCESS')
  return no
}

describe('paying an order', () => {
  it('create → pay → TRANSACTION.SUCCESS arrives, verifies and decrypts to our order', async () => {
    const no = outTradeNo()
    const { prepayId, payParams } = await client.createJsapiOrder({ outTradeNo: no, description: '会议室预订', amountFen: 1234, openid: 'o-user-1', attach: 'booking:42', expiresAt: inAnHour() })
    expect(prepayId).toMatch(/^wx\d{14}/)
    expect(payParams.package).toBe(`prepay_id=${prepayId}`)
    expect(await client.queryOrder(no)).toMatchObject({ tradeState: 'NOTPAY', amountFen: 1234 })

    await sim.pay(no)
    const delivery = await settledDelivery((r) => r.out_trade_no === no)
    expect(delivery.state).toBe('delivered')
    expect(receiver.received).toHaveLength(1)
    const { headers, body } = receiver.received[0]
    const notification = client.parseNotification<WechatPayTransactionResource>(headers, body)
    expect(notification.eventType).toBe('TRANSACTION.SUCCESS')
    expect(notification.resource).toMatchObject({ out_trade_no: no, trade_state: 'SUCCESS', attach: 'booking:42', amount: { total: 1234, currency: 'CNY' }, payer: { openid: 'o-user-1' } })
    expect(notification.resource.transaction_id).toMatch(/^\d{28}$/)

    const status = await client.queryOrder(no)
    expect(status).toMatchObject({ tradeState: 'SUCCESS', amountFen: 1234, transactionId: notification.resource.transaction_id, payerOpenid: 'o-user-1' })
    expect(status!.successTime).toBeInstanceOf(Date)
    expect(Math.abs(status!.successTime!.getTime() - Date.now())).toBeLessThan(60_000)
  })

  it('re-sending the same out_trade_no returns the same prepay_id; a paid one is ORDERPAID', async () => {
    const no = outTradeNo()
    const order = { outTradeNo: no, description: '停车费', amountFen: 500, openid: 'o-user-2', expiresAt: inAnHour() }
    const first = await client.createJsapiOrder(order)
    const again = await client.createJsapiOrder(order)
    expect(again.prepayId).toBe(first.prepayId)
    await expect(client.createJsapiOrder({ ...order, amountFen: 501 })).rejects.toMatchObject({ code: 'INVALID_REQUEST', status: 400 })
    await sim.pay(no)
    await expect(client.createJsapiOrder(order)).rejects.toMatchObject({ code: 'ORDERPAID', status: 403, verified: true })
  })

  it('JSAPI paySign verifies with the merchant public key over appId, timeStamp, nonceStr and package', async () => {
    const { payParams } = await client.createJsapiOrder({ outTradeNo: outTradeNo(), description: '食堂充值', amountFen: 100, openid: 'o-user-1', expiresAt: inAnHour() })
    expect(payParams).toMatchObject({ appId: APPID, signType: 'RSA', timeStamp: expect.stringMatching(/^\d{10}$/), nonceStr: expect.stringMatching(/^\w{16,32}$/) })
    const message = `${payParams.appId}\n${payParams.timeStamp}\n${payParams.nonceStr}\n${payParams.package}\n`
    expect(verify('sha256', Buffer.from(message), keys.merchantPublicKeyPem, Buffer.from(payParams.paySign, 'base64'))).toBe(true)
    expect(verify('sha256', Buffer.from(message.replace('prepay_id=', 'prepay_id=x')), keys.merchantPublicKeyPem, Buffer.from(payParams.paySign, 'base64'))).toBe(false)
  })

  it('queryOrder of an unknown out_trade_no is null', async () => {
    expect(await client.queryOrder('NO_SUCH_ORDER_123')).toBeNull()
  })

  it('closeOrder closes an unpaid order (which can then not be paid) and refuses a paid one', async () => {
    const no = outTradeNo()
    await client.createJsapiOrder({ outTradeNo: no, description: '门票', amountFen: 800, openid: 'o-user-1', expiresAt: inAnHour() })
    await client.closeOrder(no)
    expect(await client.queryOrder(no)).toMatchObject({ tradeState: 'CLOSED' })
    await expect(sim.pay(no)).rejects.toMatchObject({ code: 'ORDER_CLOSED' })
    const paid = await paidOrder(800)
    await expect(client.closeOrder(paid)).rejects.toMatchObject({ code: 'ORDERPAID' })
  })

  it('the simulator refuses bad bodies with PARAM_ERROR and a message', async () => {
    const base = { outTradeNo: outTradeNo(), description: '门票', amountFen: 800, openid: 'o-user-1', expiresAt: inAnHour() }
    for (const bad of [{ amountFen: 0 }, { amountFen: 1.5 }, { outTradeNo: 'abc' }, { outTradeNo: 'has space 123' }, { openid: '' }, { description: '' }]) {
      const error = await client.createJsapiOrder({ ...base, ...bad }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(WechatPayApiError)
      expect(error).toMatchObject({ status: 400, code: 'PARAM_ERROR', verified: true, message: expect.stringMatching(/[\u4e00-\u9fa5]/) })
    }
    const otherApp = new WechatPayClient({ ...config, appid: 'wx1111111111111111' })
    await expect(otherApp.createJsapiOrder(base)).rejects.toMatchObject({ code: 'PARAM_ERROR' })
  })
})

describe('notification checks', () => {
  let genuine: { headers: Record<string, string | string[] | undefined>; body: string }
  beforeAll(async () => {
    receiver.received.length = 0
    await paidOrder(2000)
    genuine = receiver.received[0]
  })

  it('the genuine notification parses', () => {
    expect(client.parseNotification(genuine.headers, genuine.body).eventType).toBe('TRANSACTION.SUCCESS')
  })

  it('a tampered body, signature, serial or missing header is a WechatPaySignatureError', () => {
    const tamperedBody = genuine.body.replace('"summary":"支付成功"', '"summary":"支付成功 "')
    expect(tamperedBody).not.toBe(genuine.body)
    expect(() => client.parseNotification(genuine.headers, tamperedBody)).toThrow(WechatPaySignatureError)
    const signature = String(genuine.headers['wechatpay-signature'])
    const flipped = (signature[10] === 'A' ? 'B' : 'A') + ''
    expect(() => client.parseNotification({ ...genuine.headers, 'wechatpay-signature': signature.slice(0, 10) + flipped + signature.slice(11) }, genuine.body)).toThrow(WechatPaySignatureError)
    expect(() => client.parseNotification({ ...genuine.headers, 'wechatpay-signature': 'WECHATPAY/SIGNTEST/' + signature }, genuine.body)).toThrow(WechatPaySignatureError)
    expect(() => client.parseNotification({ ...genuine.headers, 'wechatpay-serial': 'PUB_KEY_ID_0116000000000000000000000000' }, genuine.body)).toThrow(WechatPaySignatureError)
    for (const name of ['wechatpay-signature', 'wechatpay-timestamp', 'wechatpay-nonce', 'wechatpay-serial']) {
      const headers = { ...genuine.headers }
      delete headers[name]
      expect(() => client.parseNotification(headers, genuine.body)).toThrow(WechatPaySignatureError)
    }
  })

  it('a correctly signed notification with a stale timestamp is refused; 4 minutes off is fine', () => {
    const now = Math.floor(Date.now() / 1000)
    expect(() => client.parseNotification(platformHeaders(genuine.body, { timestamp: now - 301 }), genuine.body)).toThrow(/5 minutes/)
    expect(() => client.parseNotification(platformHeaders(genuine.body, { timestamp: now + 400 }), genuine.body)).toThrow(WechatPaySignatureError)
    expect(client.parseNotification(platformHeaders(genuine.body, { timestamp: now - 240 }), genuine.body).eventType).toBe('TRANSACTION.SUCCESS')
  })

  it('a notification signed by another key, or encrypted with another APIv3 key, is refused', () => {
    expect(() => client.parseNotification(platformHeaders(genuine.body, { key: otherKey().privateKey }), genuine.body)).toThrow(WechatPaySignatureError)
    const nonce = 'abcdef123456'
    const cipher = createCipheriv('aes-256-gcm', Buffer.from('x'.repeat(32)), Buffer.from(nonce))
    cipher.setAAD(Buffer.from('transaction'))
    const ciphertext = Buffer.concat([cipher.update('{"out_trade_no":"EVIL000001"}'), cipher.final(), cipher.getAuthTag()]).toString('base64')
    const forged = JSON.stringify({ id: 'x', create_time: '2026-11-21T12:00:00+08:00', resource_type: 'encrypt-resource', event_type: 'TRANSACTION.SUCCESS', summary: '支付成功', resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce, original_type: 'transaction' } })
    expect(() => client.parseNotification(platformHeaders(forged), forged)).toThrow(/decrypted/)
    // right key, but the associated data was changed after encryption
    const envelope = JSON.parse(genuine.body)
    envelope.resource.associated_data = 'refund'
    const relabelled = JSON.stringify(envelope)
    expect(() => client.parseNotification(platformHeaders(relabelled), relabelled)).toThrow(/decrypted/)
  })
})

describe('signatures on the wire', () => {
  it('a request signed with the wrong merchant key gets 401 SIGN_ERROR, and the client surfaces it', async () => {
    const impostor = new WechatPayClient({ ...config, merchantPrivateKeyPem: otherKey().privateKey })
    const error = await impostor.queryOrder('ANY_ORDER_0001').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WechatPayApiError)
    expect(error).toMatchObject({ status: 401, code: 'SIGN_ERROR', verified: true })
  })

  it('the simulator checks mchid, serial, timestamp, nonce reuse and the Authorization format', async () => {
    const path = `/v3/pay/transactions/out-trade-no/ANY_ORDER_0001?mchid=${MCHID}`
    expect((await rawRequest(simServer.url, 'GET', path, '')).json.code).toBe('ORDER_NOT_EXIST') // the control: correctly signed
    for (const opts of [{ mchid: '1900000999' }, { serial: 'ABCDEF' }, { timestamp: Math.floor(Date.now() / 1000) - 301 }, { key: otherKey().privateKey }]) {
      const response = await rawRequest(simServer.url, 'GET', path, '', opts)
      expect(response.status).toBe(401)
      expect(response.json.code).toBe('SIGN_ERROR')
      expect(response.headers.get('wechatpay-signature')).toBeTruthy()
    }
    const nonce = randomBytes(16).toString('hex')
    expect((await rawRequest(simServer.url, 'GET', path, '', { nonce })).status).toBe(404)
    expect((await rawRequest(simServer.url, 'GET', path, '', { nonce })).json.code).toBe('SIGN_ERROR')
    const unsigned = await fetch(`${simServer.url}${path}`)
    expect(unsigned.status).toBe(401)
    expect(((await unsigned.json()) as { code: string }).code).toBe('SIGN_ERROR')
  })

  it('the body is covered: a signature over a different body is SIGN_ERROR', async () => {
    const no = outTradeNo()
    const signedBody = JSON.stringify({ mchid: MCHID })
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = randomBytes(16).toString('hex')
    const path = `/v3/pay/transactions/out-trade-no/${no}/close`
    const signature = sign('sha256', Buffer.from(`POST\n${path}\n${timestamp}\n${nonce}\n${signedBody}\n`), keys.merchantPrivateKeyPem).toString('base64')
    const response = await fetch(`${simServer.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${MCHID}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${keys.merchantSerialNo}"` },
      body: JSON.stringify({ mchid: MCHID, extra: 1 }),
    })
    expect(response.status).toBe(401)
  })

  it('answers signed with another platform key are rejected by the client, without retrying', async () => {
    const forger = simulatorFor(otherKey().privateKey)
    let hits = 0
    forger.app.middleware.unshift(async (_ctx, next) => {
      hits++
      await next()
    })
    const forgerServer = await listen(forger.app)
    try {
      const fooled = new WechatPayClient({ ...config, apiBase: forgerServer.url })
      await expect(fooled.createJsapiOrder({ outTradeNo: outTradeNo(), description: '门票', amountFen: 800, openid: 'o-user-1', expiresAt: inAnHour() })).rejects.toBeInstanceOf(WechatPaySignatureError)
      await expect(fooled.queryOrder('ANY_ORDER_0001')).rejects.toBeInstanceOf(WechatPaySignatureError)
      expect(hits).toBe(2) // one request per call: a forgery is not worth retrying
    } finally {
      forger.stop()
      await forgerServer.close()
    }
  })

  it('an unsigned 2xx answer is rejected', async () => {
    const bare = new Koa()
    bare.use((ctx) => {
      ctx.body = { prepay_id: 'wx_forged' }
    })
    const bareServer = await listen(bare)
    try {
      const fooled = new WechatPayClient({ ...config, apiBase: bareServer.url })
      await expect(fooled.createJsapiOrder({ outTradeNo: outTradeNo(), description: '门票', amountFen: 800, openid: 'o-user-1', expiresAt: inAnHour() })).rejects.toThrow(/missing Wechatpay/)
    } finally {
      await bareServer.close()
    }
  })

  it('an unsigned "order not found" is an error, not null', async () => {
    const bare = new Koa()
    bare.use((ctx) => {
      ctx.status = 404
      ctx.body = { code: 'ORDER_NOT_EXIST', message: '订单不存在' }
    })
    const bareServer = await listen(bare)
    try {
      const fooled = new WechatPayClient({ ...config, apiBase: bareServer.url })
      await expect(fooled.queryOrder('ANY_ORDER_0001')).rejects.toMatchObject({ code: 'ORDER_NOT_EXIST', verified: false })
    } finally {
      await bareServer.close()
    }
  })

  it('5xx answers are retried and then surface as UPSTREAM_UNAVAILABLE', async () => {
    let hits = 0
    const flaky = new Koa()
    flaky.use((ctx) => {
      hits++
      ctx.status = 503
      ctx.body = { code: 'SYSTEM_ERROR', message: '系统繁忙' }
    })
    const flakyServer = await listen(flaky)
    try {
      const unlucky = new WechatPayClient({ ...config, apiBase: flakyServer.url, attempts: 3 })
      await expect(unlucky.queryOrder('ANY_ORDER_0001')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' })
      expect(hits).toBe(3)
    } finally {
      await flakyServer.close()
    }
  })
})

describe('notification retries', () => {
  beforeEach(async () => {
    // earlier tests' notifications must not eat the statuses planned here
    for (let i = 0; i < 250 && sim.notificationsSent.some((d) => d.state === 'pending'); i++) {
      await sim.deliverNotifications()
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    receiver.received.length = 0
  })

  it('a receiver answering 500 twice then 200 gets the notification on exactly the 3rd try, spaced by the schedule', async () => {
    const no = outTradeNo()
    await client.createJsapiOrder({ outTradeNo: no, description: '会议室预订', amountFen: 300, openid: 'o-user-1', expiresAt: inAnHour() })
    receiver.planned.push(500, 500, 200)
    await sim.pay(no)
    const delivery = await settledDelivery((r) => r.out_trade_no === no)
    expect(delivery.state).toBe('delivered')
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200])
    expect(receiver.received).toHaveLength(3)
    const ids = receiver.received.map((r) => client.parseNotification(r.headers, r.body).id)
    expect(new Set(ids)).toEqual(new Set([delivery.id]))
    expect(receiver.received[1].at - receiver.received[0].at).toBeGreaterThanOrEqual(45)
    expect(receiver.received[2].at - receiver.received[1].at).toBeGreaterThanOrEqual(45)
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(receiver.received).toHaveLength(3)
  })

  it('gives up after the schedule runs out', async () => {
    const no = outTradeNo()
    await client.createJsapiOrder({ outTradeNo: no, description: '会议室预订', amountFen: 300, openid: 'o-user-1', expiresAt: inAnHour() })
    receiver.planned.push(500, 500, 500, 500, 500)
    await sim.pay(no)
    const delivery = await settledDelivery((r) => r.out_trade_no === no)
    expect(delivery.state).toBe('failed')
    expect(delivery.attempts).toHaveLength(4) // the first try and one per schedule entry
  })
})

describe('refunds', () => {
  it('two partial refunds, then an over-refund is INVALID_REQUEST; REFUND.SUCCESS notifications decrypt', async () => {
    const no = await paidOrder(1000)
    receiver.received.length = 0
    const first = await client.refund({ outTradeNo: no, outRefundNo: `${no}R1`, refundFen: 300, totalFen: 1000, reason: '取消预订' })
    const second = await client.refund({ outTradeNo: no, outRefundNo: `${no}R2`, refundFen: 500, totalFen: 1000, reason: '取消预订' })
    expect(first.refundId).not.toBe(second.refundId)
    expect(['PROCESSING', 'SUCCESS']).toContain(first.status)
    const over = await client.refund({ outTradeNo: no, outRefundNo: `${no}R3`, refundFen: 201, totalFen: 1000, reason: '取消预订' }).catch((e: unknown) => e)
    expect(over).toBeInstanceOf(WechatPayApiError)
    expect(over).toMatchObject({ status: 400, code: 'INVALID_REQUEST', message: '申请退款金额超过订单可退金额' })
    await client.refund({ outTradeNo: no, outRefundNo: `${no}R4`, refundFen: 200, totalFen: 1000, reason: '取消预订' })
    expect(await client.queryOrder(no)).toMatchObject({ tradeState: 'REFUND' })
    expect(await client.queryRefund(`${no}R1`)).toEqual({ refundId: first.refundId, status: 'SUCCESS' })
    expect(await client.queryRefund(`${no}R3`)).toBeNull()

    await settledDelivery((r) => r.out_refund_no === `${no}R4`)
    const refundNotes = receiver.received.map((r) => client.parseNotification<WechatPayRefundResource>(r.headers, r.body)).filter((n) => n.eventType === 'REFUND.SUCCESS')
    expect(refundNotes.map((n) => [n.resource.out_refund_no, n.resource.amount.refund]).sort()).toEqual([
      [`${no}R1`, 300],
      [`${no}R2`, 500],
      [`${no}R4`, 200],
    ])
  })

  it('the same out_refund_no twice is one refund', async () => {
    const no = await paidOrder(1000)
    const request = { outTradeNo: no, outRefundNo: `${no}RA`, refundFen: 600, totalFen: 1000, reason: '重复提交' }
    const first = await client.refund(request)
    const again = await client.refund(request)
    expect(again.refundId).toBe(first.refundId)
    expect([...sim.refunds.values()].filter((r) => r.outTradeNo === no)).toHaveLength(1)
    expect(sim.orders.get(no)!.refundedFen).toBe(600)
    // the rest is still refundable: the retry did not count twice
    await expect(client.refund({ ...request, outRefundNo: `${no}RB`, refundFen: 400 })).resolves.toMatchObject({ refundId: expect.any(String) })
  })

  it('refunding an unpaid order or with the wrong total is refused', async () => {
    const no = outTradeNo()
    await client.createJsapiOrder({ outTradeNo: no, description: '门票', amountFen: 800, openid: 'o-user-1', expiresAt: inAnHour() })
    await expect(client.refund({ outTradeNo: no, outRefundNo: `${no}R1`, refundFen: 100, totalFen: 800, reason: 'x' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
    const paid = await paidOrder(800)
    await expect(client.refund({ outTradeNo: paid, outRefundNo: `${paid}R1`, refundFen: 100, totalFen: 900, reason: 'x' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
  })
})

describe('trade bill', () => {
  it('lists paid orders and refunds in 元 and parses back to the same fen', async () => {
    // a simulator of its own, so the bill holds exactly this test's trades
    const billSim = simulatorFor()
    const billServer = await listen(billSim.app)
    try {
      const billClient = new WechatPayClient({ ...config, apiBase: billServer.url })
      const orders = [
        { outTradeNo: outTradeNo(), description: '会议室预订, 3号楼', amountFen: 1234 },
        { outTradeNo: outTradeNo(), description: '停车费', amountFen: 5 },
        { outTradeNo: outTradeNo(), description: '食堂充值', amountFen: 100000 },
      ]
      for (const order of orders) await billClient.createJsapiOrder({ ...order, openid: 'o-user-9', expiresAt: inAnHour() })
      await billSim.pay(orders[0].outTradeNo)
      await billSim.pay(orders[2].outTradeNo)
      await billClient.refund({ outTradeNo: orders[0].outTradeNo, outRefundNo: 'BILLREFUND01', refundFen: 234, totalFen: 1234, reason: '部分退款' })
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

      const text = billSim.tradeBillText(today)!
      const lines = text.trim().split('\r\n')
      expect(lines[0]).toBe(
        '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
      )
      expect(lines).toHaveLength(6)
      expect(lines[1]).toMatch(/^`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},`wx0000000000000000,`1900000109,/)
      expect(lines[1].split(',').every((field) => field.startsWith('`'))).toBe(true)
      expect(lines[1]).toContain('`12.34')
      expect(lines[2]).toContain('`1000.00')
      expect(lines[3]).toContain('`REFUND')
      expect(lines[3]).toContain('`2.34')
      expect(lines[4]).toBe('总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额')
      expect(lines[5]).toBe('`3,`1012.34,`2.34,`0.00,`6.06,`1012.34,`2.34')

      const bill = await billClient.downloadTradeBill(today)
      expect(bill.rows.map((r) => [r.outTradeNo, r.tradeState, r.amountFen, r.refundFen, r.outRefundNo])).toEqual([
        [orders[0].outTradeNo, 'SUCCESS', 1234, 0, undefined],
        [orders[2].outTradeNo, 'SUCCESS', 100000, 0, undefined],
        [orders[0].outTradeNo, 'REFUND', 0, 234, 'BILLREFUND01'],
      ])
      expect(bill.rows[0]).toMatchObject({ openid: 'o-user-9', description: '会议室预订  3号楼', transactionId: billSim.orders.get(orders[0].outTradeNo)!.transactionId })
      expect(bill.rows.map((r) => r.feeFen)).toEqual([7, 600, -1])
      expect(bill.rows[2].refundId).toBe(billSim.refunds.get('BILLREFUND01')!.refundId)
      expect(Math.abs(bill.rows[0].tradeTime.getTime() - billSim.orders.get(orders[0].outTradeNo)!.successTime!.getTime())).toBeLessThan(1000)
      expect(bill.summary).toEqual({ tradeCount: 3, settlementTotalFen: 101234, refundTotalFen: 234, feeTotalFen: 7 + 600 - 1, orderTotalFen: 101234, requestedRefundTotalFen: 234 })

      expect(await billClient.downloadTradeBill('2020-01-01')).toEqual({ rows: [], summary: expect.objectContaining({ tradeCount: 0 }) })
    } finally {
      billSim.stop()
      await billServer.close()
    }
  })
})

describe('parseTradeBill', () => {
  it('reads a bill written the way WeChat writes it (BOM, CRLF, backticks, columns by name)', () => {
    const bill =
      '\uFEFF交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n' +
      '`2026-11-21 00:00:05,`wx0000000000000000,`1900000109,`0,`,`4200000001202611210000000001,`EGJ000001,`o-a,`JSAPI,`SUCCESS,`OTHERS,`CNY,`0.5,`0.00,`0,`0,`0.00,`0.00,`,`,`停车费,`,`0.00,`0.60%,`0.50,`0.00,`\r\n' +
      '`2026-11-21 23:59:59,`wx0000000000000000,`1900000109,`0,`,`4200000001202611210000000001,`EGJ000001,`o-a,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000012026112100000001,`EGJ000001R1,`0.20,`0.00,`ORIGINAL,`SUCCESS,`停车费,`,`-0.00,`0.60%,`0.00,`0.20,`\r\n' +
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n' +
      '`2,`0.50,`0.20,`0.00,`0.00,`0.50,`0.20\r\n'
    const { rows, summary } = parseTradeBill(bill)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ amountFen: 50, refundFen: 0, outRefundNo: undefined, outTradeNo: 'EGJ000001', openid: 'o-a', description: '停车费' })
    expect(rows[0].tradeTime.toISOString()).toBe('2026-11-20T16:00:05.000Z')
    expect(rows[1]).toMatchObject({ tradeState: 'REFUND', amountFen: 0, refundFen: 20, outRefundNo: 'EGJ000001R1', refundId: '50300000012026112100000001' })
    expect(summary).toEqual({ tradeCount: 2, settlementTotalFen: 50, refundTotalFen: 20, feeTotalFen: 0, orderTotalFen: 50, requestedRefundTotalFen: 20 })
  })
})

describe('cashier page (H5 demo)', () => {
  it('shows the order in 元 and confirming pays it', async () => {
    const no = outTradeNo()
    const { prepayId } = await client.createJsapiOrder({ outTradeNo: no, description: '会议室预订<script>', amountFen: 1999, openid: 'o-user-1', expiresAt: inAnHour() })
    const page = await fetch(`${simServer.url}/__sim/pay/cashier?prepay_id=${prepayId}&return_url=${encodeURIComponent('http://localhost:3000/pay/done?o=1')}`)
    const html = await page.text()
    expect(page.status).toBe(200)
    expect(html).toContain('微信支付（模拟）')
    expect(html).toContain('19.99')
    expect(html).toContain('确认支付')
    expect(html).toContain('e管家测试商户')
    expect(html).not.toContain('预订<script>')
    const confirm = await fetch(`${simServer.url}/__sim/pay/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prepay_id: prepayId }) })
    expect(confirm.status).toBe(200)
    expect(await client.queryOrder(no)).toMatchObject({ tradeState: 'SUCCESS' })
    const bad = await fetch(`${simServer.url}/__sim/pay/cashier?prepay_id=${prepayId}&return_url=javascript:alert(1)`)
    expect(bad.status).toBe(400)
  })
})

describe('dev keys', () => {
  it('persist in a directory so restarts (and a second process) keep the same keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxpay-keys-'))
    try {
      const first = loadOrCreateDevKeys(join(dir, 'wechatpay'))
      const second = loadOrCreateDevKeys(join(dir, 'wechatpay'))
      expect(second).toEqual(first)
      expect(first.platformPublicKeyId).toMatch(/^PUB_KEY_ID_\d+$/)
      expect(first.apiV3Key).toMatch(/^[A-Za-z0-9]{32}$/)
      expect(first.merchantSerialNo).toMatch(/^[0-9A-F]{40}$/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
