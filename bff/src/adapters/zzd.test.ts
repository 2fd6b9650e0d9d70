import { createHmac } from 'node:crypto'
import { platformTokens } from '../db/schema'
import { listen } from '../simulators/sim-server'
import { createZzdSimulator } from '../simulators/zzd'
import { startTestApp, ZZD_TEST, type TestApp } from '../../test/harness'
import { AppError } from '../lib/errors'
import { ZzdClient, zzdNonce, zzdSignature, zzdTimestamp } from './zzd'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

describe('浙政钉 request signing', () => {
  it('matches HMAC-SHA256 vectors computed outside this code (openssl dgst -sha256 -hmac … | base64)', () => {
    // printf 'GET\n2020-04-13T11:12:53.581+08:00\n15867475735813527\n/gettoken.json\nappkey=egj-zzd-test&appsecret=zzd-test-secret' | openssl dgst -sha256 -hmac zzd-test-secret -binary | base64
    expect(
      zzdSignature('zzd-test-secret', { method: 'GET', timestamp: '2020-04-13T11:12:53.581+08:00', nonce: '15867475735813527', uri: '/gettoken.json', params: { appsecret: 'zzd-test-secret', appkey: 'egj-zzd-test' } }),
    ).toBe('WVbOsa24pNHDZJ8FMO7NkT2G1QCNYpPHuA5OdBZ+3dM=')
    // parameters sorted by name, values as they are (not URL-encoded: '+', '&', '=', JSON and Chinese signed raw)
    expect(
      zzdSignature('zzd-test-secret', {
        method: 'POST',
        timestamp: '2020-04-15T11:12:53.581+08:00',
        nonce: '15869202735811234',
        uri: '/message/workNotification',
        params: { tenantId: '196729', receiverIds: '710001', msg: '{"msgtype":"text","text":{"content":"审批通过 a+b=c&d"}}', bizMsgId: 'egj-7' },
      }),
    ).toBe('4GwhbwhlnKxJaIDj+ItN9CgMoLOBm/pDHfcjjZamHS0=')
  })

  it('stamps requests in Beijing time with milliseconds, and a 13-digit-millisecond + 4-digit nonce', () => {
    const at = new Date('2020-04-13T03:12:53.581Z')
    expect(zzdTimestamp(at)).toBe('2020-04-13T11:12:53.581+08:00')
    expect(zzdNonce(at)).toMatch(/^1586747573581\d{4}$/)
  })
})

/** A signed request made by hand, to see what the simulator's gateway lets through. */
async function signedGet(url: string, options: { secret?: string; timestamp?: string; nonce?: string; params?: Record<string, string> } = {}) {
  const now = new Date()
  const timestamp = options.timestamp ?? zzdTimestamp(now)
  const nonce = options.nonce ?? zzdNonce(now)
  const params = options.params ?? { appkey: ZZD_TEST.appKey, appsecret: ZZD_TEST.appSecret }
  const signature = zzdSignature(options.secret ?? ZZD_TEST.appSecret, { method: 'GET', timestamp, nonce, uri: '/gettoken.json', params })
  const response = await fetch(`${url}/gettoken.json?${new URLSearchParams(params)}`, {
    headers: { apiKey: ZZD_TEST.appKey, 'X-Hmac-Auth-Timestamp': timestamp, 'X-Hmac-Auth-Nonce': nonce, 'X-Hmac-Auth-Version': '1.0', 'X-Hmac-Auth-IP': '10.0.0.8', 'X-Hmac-Auth-MAC': '00:16:3e:00:00:01', 'X-Hmac-Auth-Signature': signature },
  })
  return (await response.json()) as { success: boolean; errorCode?: string; content?: { data?: { accessToken?: string } } }
}

describe('the 浙政钉 simulator is as strict as the gateway', () => {
  it('answers a correctly signed call, and refuses a wrong signature, a stale timestamp and a replayed nonce', async () => {
    expect((await signedGet(t.zzdSim.url)).content?.data?.accessToken).toMatch(/^app_/)
    expect(await signedGet(t.zzdSim.url, { secret: 'not-the-secret' })).toMatchObject({ success: false, errorCode: 'OPF-B001-05-16-0009' })
    const sixMinutesAgo = zzdTimestamp(new Date(Date.now() - 6 * 60_000))
    expect(await signedGet(t.zzdSim.url, { timestamp: sixMinutesAgo })).toMatchObject({ success: false, errorCode: 'InvalidTimestamp' })
    expect(await signedGet(t.zzdSim.url, { timestamp: '2020/04/13 11:12:53' })).toMatchObject({ success: false, errorCode: 'InvalidTimestamp' })
    const nonce = zzdNonce(new Date())
    expect((await signedGet(t.zzdSim.url, { nonce })).success).toBe(true)
    expect(await signedGet(t.zzdSim.url, { nonce })).toMatchObject({ success: false, errorCode: 'NonceReused' })
  })

  it('refuses a signature over parameters other than those sent (a URL-encoded value signed encoded)', async () => {
    // the gateway signs raw values: signing `a%2Bb` for a sent `a+b` does not pass
    const params = { appkey: ZZD_TEST.appKey, appsecret: ZZD_TEST.appSecret, extra: 'a+b' }
    const now = new Date()
    const timestamp = zzdTimestamp(now)
    const nonce = zzdNonce(now)
    const encodedSigned = zzdSignature(ZZD_TEST.appSecret, { method: 'GET', timestamp, nonce, uri: '/gettoken.json', params: { ...params, extra: 'a%2Bb' } })
    const response = await fetch(`${t.zzdSim.url}/gettoken.json?${new URLSearchParams(params)}`, {
      headers: { apiKey: ZZD_TEST.appKey, 'X-Hmac-Auth-Timestamp': timestamp, 'X-Hmac-Auth-Nonce': nonce, 'X-Hmac-Auth-Version': '1.0', 'X-Hmac-Auth-IP': '10.0.0.8', 'X-Hmac-Auth-MAC': 'x', 'X-Hmac-Auth-Signature': encodedSigned },
    })
    expect(await response.json()).toMatchObject({ success: false, errorCode: 'OPF-B001-05-16-0009' })
    expect((await signedGet(t.zzdSim.url, { params })).success).toBe(true)
  })
})

describe('the 浙政钉 access token, shared by every BFF instance', () => {
  /** A simulator of its own (its own token row: the row's name carries the API base) and n clients on the test database, as n instances. */
  async function world(instances: number, options: { throttleRetryMs?: number[] } = {}) {
    const sim = createZzdSimulator({ appKey: ZZD_TEST.appKey, appSecret: ZZD_TEST.appSecret, tenantId: ZZD_TEST.tenantId, users: [{ accountId: '42', employeeCode: 'GE_42', name: '测试员' }] })
    const server = await listen(sim.app)
    const clients = Array.from({ length: instances }, () => new ZzdClient({ apiBase: server.url, appKey: ZZD_TEST.appKey, appSecret: ZZD_TEST.appSecret, tenantId: ZZD_TEST.tenantId, db: t.database.db, sealer: t.services.pii, ...options }))
    return { sim, server, clients }
  }

  it('is fetched once when two instances need it at the same moment, read from the table by a third, and kept sealed there', async () => {
    const { sim, server, clients } = await world(3)
    try {
      const [a, b] = await Promise.all([clients[0].userByAuthCode(sim.mintAuthCode('42')), clients[1].userByAuthCode(sim.mintAuthCode('42'))])
      expect([a.accountId, b.accountId]).toEqual(['42', '42'])
      expect(sim.stats.tokensIssued).toBe(1)
      await clients[2].userByAuthCode(sim.mintAuthCode('42'))
      expect(sim.stats.tokensIssued).toBe(1)
      const rows = await t.database.db.select().from(platformTokens)
      const token = sim.issued.tokens[0]
      expect(rows.some((row) => row.token?.includes(token))).toBe(false)
      expect(rows.some((row) => row.token && t.services.pii.openOrNull(row.token) === token)).toBe(true)
    } finally {
      await server.close()
    }
  })

  it('an expired token (240133) is dropped and fetched once more, and the sign-in goes through', async () => {
    const { sim, server, clients } = await world(2)
    try {
      await clients[0].userByAuthCode(sim.mintAuthCode('42'))
      sim.expireTokens()
      const [a, b] = await Promise.all([clients[0].userByAuthCode(sim.mintAuthCode('42')), clients[1].userByAuthCode(sim.mintAuthCode('42'))])
      expect([a.accountId, b.accountId]).toEqual(['42', '42'])
      expect(sim.stats.tokensIssued).toBe(2)
    } finally {
      await server.close()
    }
  })

  it('a throttled call is retried after a wait; one throttled past every wait is "unavailable", not "refused"', async () => {
    const { sim, server, clients } = await world(1, { throttleRetryMs: [5, 10] })
    try {
      sim.throttleNext(2)
      expect((await clients[0].userByAuthCode(sim.mintAuthCode('42'))).accountId).toBe('42')
      expect(sim.stats.throttled).toBe(2)
      sim.throttleNext(3)
      const code = sim.mintAuthCode('42')
      await expect(clients[0].userByAuthCode(code)).rejects.toMatchObject({ code: 'AUTH_PLATFORM_UNAVAILABLE' })
      // the code was never exchanged: it still signs in
      expect((await clients[0].userByAuthCode(code)).accountId).toBe('42')
    } finally {
      await server.close()
    }
  })

  it('a wrong app secret never gets a token: sign-in answers "unavailable" and the table holds no token', async () => {
    const sim = createZzdSimulator({ appKey: ZZD_TEST.appKey, appSecret: ZZD_TEST.appSecret, tenantId: ZZD_TEST.tenantId })
    const server = await listen(sim.app)
    try {
      const wrong = new ZzdClient({ apiBase: server.url, appKey: ZZD_TEST.appKey, appSecret: 'wrong-secret', tenantId: ZZD_TEST.tenantId, db: t.database.db, sealer: t.services.pii })
      const failure = await wrong.userByAuthCode(sim.mintAuthCode('42')).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(AppError)
      expect((failure as AppError).code).toBe('AUTH_PLATFORM_UNAVAILABLE')
      expect(sim.stats.refused.signature).toBe(1)
      expect(sim.stats.tokensIssued).toBe(0)
    } finally {
      await server.close()
    }
  })
})

it('the signature is plain HMAC-SHA256 of METHOD\\nTimestamp\\nNonce\\nURI\\nparams, base64', () => {
  const expected = createHmac('sha256', 's').update('GET\nT\nN\n/gettoken.json\na=1&b=2').digest('base64')
  expect(zzdSignature('s', { method: 'GET', timestamp: 'T', nonce: 'N', uri: '/gettoken.json', params: { b: '2', a: '1' } })).toBe(expected)
  expect(zzdSignature('s', { method: 'POST', timestamp: 'T', nonce: 'N', uri: '/x', params: {} })).toBe(createHmac('sha256', 's').update('POST\nT\nN\n/x').digest('base64'))
})
