import { randomBytes, randomInt } from 'node:crypto'
import { SHORT_CODE_ALPHABET } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../test/harness'
import { createMerchant, createUser, outcomes } from '../../test/factories'
import { insertVehicle } from '../../test/vehicle-trips'

// Two BFF instances on one database, as behind a load balancer; 5 failed look-ups per 10 minutes.
// TRUST_PROXY lets each test be its own client address (X-Forwarded-For), so the counters that
// stay in the database between tests do not mix.
let a: TestApp
let b: TestApp
beforeAll(async () => {
  a = await startTestApp({ FAILED_LOOKUPS_PER_10_MINUTES: '5', TRUST_PROXY: 'true' })
  b = await startTestApp({ FAILED_LOOKUPS_PER_10_MINUTES: '5', TRUST_PROXY: 'true' })
})
afterAll(() => Promise.all([a.close(), b.close()]))

const newAddress = () => `203.0.${randomInt(256)}.${randomInt(256)}`
/** The 编号 printed under the QR with its check's last character changed (n = 1…31): a wrong guess, a different one for each n. */
function wrongShortCode(app: TestApp, kind: 'm' | 'v' | 'r', id: number, n: number): string {
  const real = app.services.qr.shortCode(kind, id)
  const last = SHORT_CODE_ALPHABET[(SHORT_CODE_ALPHABET.indexOf(real.slice(-1)) + n) % 32]
  return real.slice(0, -1) + last
}
const resolve = (app: TestApp, ip: string, code: string) => app.http.get('/api/v1/qr/resolve').query({ code }).set('X-Forwarded-For', ip)
const answer = (response: { status: number; body: { error?: { code: string } } }) => [response.status, response.body.error?.code ?? 'ok']

async function failuresOf(key: string): Promise<number | undefined> {
  const [rows] = await a.database.pool.query('SELECT points FROM rate_limits WHERE `key` = ?', [`guess:${key}`])
  return (rows as { points: number }[])[0]?.points
}

describe('guessing typed 编号 and codes: failed look-ups are counted per client, on every instance', () => {
  it('5 wrong 编号 (3 on A, 2 on B) are QR_FORGED; the 6th is 429 with Retry-After on either instance, a right code too; another address goes on', async () => {
    const ip = newAddress()
    const answers = []
    for (let n = 1; n <= 3; n++) answers.push(answer(await resolve(a, ip, wrongShortCode(a, 'm', 7, n))))
    for (let n = 4; n <= 5; n++) answers.push(answer(await resolve(b, ip, wrongShortCode(b, 'm', 7, n))))
    expect(answers).toEqual([...Array(5)].map(() => [400, 'QR_FORGED']))

    const sixth = await resolve(b, ip, wrongShortCode(b, 'm', 7, 6))
    expect(sixth.status).toBe(429)
    expect(sixth.body).toEqual({ error: { code: 'RATE_LIMITED', message: '输错编号或二维码的次数太多，请 10 分钟后再试', details: { retryAfterSeconds: expect.any(Number) } } })
    const retryAfter = Number(sixth.headers['retry-after'])
    expect(retryAfter).toBe(sixth.body.error.details.retryAfterSeconds)
    expect(retryAfter).toBeGreaterThan(540)
    expect(retryAfter).toBeLessThanOrEqual(600)
    // A counted only 3 of them: it reads the shared count and refuses the address too
    expect(answer(await resolve(a, ip, wrongShortCode(a, 'm', 7, 7)))).toEqual([429, 'RATE_LIMITED'])
    expect(await failuresOf(`ip:${ip}`)).toBe(5) // the count lives in MySQL, not in either process; refused look-ups are not looked at, nor counted
    // over the limit, the address gets no answer about any code, a right one included
    const right = a.services.qr.shortCode('m', 7)
    expect([answer(await resolve(a, ip, right)), answer(await resolve(b, ip, right))]).toEqual([
      [429, 'RATE_LIMITED'],
      [429, 'RATE_LIMITED'],
    ])
    expect(await failuresOf(`ip:${ip}`)).toBe(5)

    const other = newAddress()
    const resolved = await resolve(b, other, right.toLowerCase())
    expect(resolved.status).toBe(200)
    expect(resolved.body).toMatchObject({ kind: 'm', id: '7' })
    expect(answer(await resolve(a, other, wrongShortCode(a, 'm', 7, 1)))).toEqual([400, 'QR_FORGED'])
  })

  it('40 wrong 编号 at once, half on each instance: exactly 5 are answered QR_FORGED, the other 35 are 429', async () => {
    const ip = newAddress()
    const responses = await Promise.all([...Array(40)].map((_v, i) => resolve(i % 2 ? a : b, ip, wrongShortCode(a, 'v', 1000 + i, 1))))
    expect(outcomes(responses)).toEqual({ '400 QR_FORGED': 5, '429 RATE_LIMITED': 35 })
  })

  it('right codes are never counted: a guard scanning 100 real codes in a row keeps all 5 failures', async () => {
    const ip = newAddress()
    const answers = new Map<string, number>()
    for (let id = 1; id <= 100; id++) {
      const app = id % 2 ? a : b
      const code = id % 3 ? app.services.qr.shortCode('v', id) : app.services.qr.url('r', id)
      const key = String(answer(await resolve(app, ip, code)))
      answers.set(key, (answers.get(key) ?? 0) + 1)
    }
    expect(Object.fromEntries(answers)).toEqual({ '200,ok': 100 })
    expect(await failuresOf(`ip:${ip}`)).toBeUndefined()
    // nor is text that is not our code at all (a shop's QR scanned by mistake): it says nothing about our codes
    for (const code of ['https://example.com/pay', 'hello world', '/q/x/1.abc']) expect(answer(await resolve(a, ip, code))).toEqual([400, 'QR_INVALID'])
    expect(await failuresOf(`ip:${ip}`)).toBeUndefined()
    for (let n = 1; n <= 5; n++) expect(answer(await resolve(n % 2 ? a : b, ip, wrongShortCode(a, 'r', 3, n)))).toEqual([400, 'QR_FORGED'])
    expect(answer(await resolve(a, ip, wrongShortCode(a, 'r', 3, 6)))).toEqual([429, 'RATE_LIMITED'])
  })

  it("the public car scan: forged car codes are counted, a real car still shows to everyone else", async () => {
    const car = await insertVehicle(a)
    const ip = newAddress()
    const scan = (app: TestApp, from: string, token: string) => app.http.get(`/api/v1/public/vehicles/${encodeURIComponent(token)}`).set('X-Forwarded-For', from)
    const answers = []
    for (let n = 1; n <= 5; n++) answers.push(answer(await scan(n % 2 ? a : b, ip, n % 2 ? wrongShortCode(a, 'v', car.vehicleId, n) : `${car.vehicleId}.${randomBytes(12).toString('base64url')}`)))
    expect(answers).toEqual([...Array(5)].map(() => [400, 'QR_FORGED']))
    expect(answer(await scan(a, ip, `${car.vehicleId}.${randomBytes(12).toString('base64url')}`))).toEqual([429, 'RATE_LIMITED'])
    expect(answer(await scan(b, ip, car.token))).toEqual([429, 'RATE_LIMITED'])
    const elsewhere = await scan(b, newAddress(), car.token)
    expect([elsewhere.status, elsewhere.body.plateNo]).toEqual([200, car.plateNo])
  })

  it('invitation links: unknown tokens are 404 VISIT_INVITATION_INVALID five times, then 429', async () => {
    const ip = newAddress()
    const view = (app: TestApp) => app.http.get(`/api/v1/visits/invitations/${randomBytes(32).toString('base64url')}`).set('X-Forwarded-For', ip)
    const answers = []
    for (let n = 1; n <= 6; n++) answers.push(answer(await view(n % 2 ? a : b)))
    expect(answers).toEqual([...[...Array(5)].map(() => [404, 'VISIT_INVITATION_INVALID']), [429, 'RATE_LIMITED']])
  })

  it('a signed-in user is counted as themselves, not their address: a colleague behind the same office address still pays; the guesser is refused from anywhere', async () => {
    const shop = await createMerchant(a)
    const guesser = await createUser(a, ['staff'])
    const office = newAddress() // one building, one egress address
    const window = (app: TestApp, token: string, ip: string, code: string) => app.http.get('/api/v1/meal/windows/resolve').query({ code }).set(bearer(token)).set('X-Forwarded-For', ip)
    const answers = []
    for (let n = 1; n <= 5; n++) answers.push(answer(await window(n % 2 ? a : b, guesser.token, office, wrongShortCode(a, 'm', shop.windowId, n))))
    expect(answers).toEqual([...Array(5)].map(() => [400, 'QR_FORGED']))
    expect(answer(await window(a, guesser.token, office, wrongShortCode(a, 'm', shop.windowId, 6)))).toEqual([429, 'RATE_LIMITED'])
    expect(await failuresOf(`user:${guesser.userId}`)).toBe(5)
    expect(await failuresOf(`ip:${office}`)).toBeUndefined()
    // another address does not help the guesser, a right code included
    expect(answer(await window(b, guesser.token, newAddress(), shop.code))).toEqual([429, 'RATE_LIMITED'])
    // a colleague in the same building scans the real window and types a wrong 编号 of their own
    const colleague = await createUser(a, ['staff'])
    expect(answer(await window(b, colleague.token, office, shop.code))).toEqual([200, 'ok'])
    expect(answer(await window(a, colleague.token, office, wrongShortCode(a, 'm', shop.windowId, 1)))).toEqual([400, 'QR_FORGED'])
  })
})
