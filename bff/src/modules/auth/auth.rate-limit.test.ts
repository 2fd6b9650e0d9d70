import { randomInt } from 'node:crypto'
import { bearer, startTestApp, type TestApp } from '../../../test/harness'

// Two BFF instances on one database, as behind a load balancer; 5 login attempts a minute.
// TRUST_PROXY lets each test be its own client address (X-Forwarded-For), so the counters
// that stay in the database between tests do not mix.
let a: TestApp
let b: TestApp
beforeAll(async () => {
  a = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'true' })
  b = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'true' })
})
afterAll(() => Promise.all([a.close(), b.close()]))

const newAddress = () => `198.51.${randomInt(256)}.${randomInt(256)}`
const attempt = (app: TestApp, ip: string, path = '/api/v1/auth/dev-login') => app.http.post(path).set('X-Forwarded-For', ip).send({ username: 'nobody' })

async function pointsOf(ip: string): Promise<number | undefined> {
  const [rows] = await a.database.pool.query('SELECT points FROM rate_limits WHERE `key` = ?', [`login:${ip}`])
  return (rows as { points: number }[])[0]?.points
}

describe('login rate limit, shared by every BFF instance', () => {
  it('3 attempts on A and 2 on B use up the 5; the 6th is 429 RATE_LIMITED on either, other addresses go on', async () => {
    const ip = newAddress()
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await attempt(a, ip)).status)
    for (let i = 0; i < 2; i++) statuses.push((await attempt(b, ip)).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401]) // AUTH_UNKNOWN_USER: the attempts reached the login

    const blocked = await attempt(b, ip)
    expect(blocked.status).toBe(429)
    expect(blocked.body).toEqual({ error: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' } })
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60)
    const alsoBlocked = await a.http.post('/api/v1/auth/dev-login').set('X-Forwarded-For', ip).send({ username: 'zhangsan' })
    expect(alsoBlocked.status).toBe(429) // even with a real account: the limit is per address
    expect(alsoBlocked.body.error.code).toBe('RATE_LIMITED')
    expect(await pointsOf(ip)).toBe(7) // the count lives in MySQL, not in either process

    const other = newAddress()
    expect((await attempt(a, other)).status).toBe(401)
    expect((await a.http.get('/healthz').set('X-Forwarded-For', ip)).status).toBe(200) // only login is limited
  })

  it('counts the path however it is written: capitals, a trailing slash', async () => {
    const ip = newAddress()
    const variants = ['/API/V1/AUTH/DEV-LOGIN', '/api/v1/Auth/dev-login', '/api/v1/auth/DEV-LOGIN/', '/api/v1/auth/dev-login/', '/api/v1/auth/dev-login']
    // each variant reaches the login route (401 unknown user), and each one counts
    const statuses: number[] = []
    for (const path of variants) statuses.push((await attempt(a, ip, path)).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401])
    expect(await pointsOf(ip)).toBe(5)
    const upper = await attempt(b, ip, '/API/V1/AUTH/DEV-LOGIN')
    expect(upper.status).toBe(429)
    expect(upper.body.error.code).toBe('RATE_LIMITED')
  })

  it('a limited address can still log out, however the path is written, and logging out does not count', async () => {
    const ip = newAddress()
    const tokens: string[] = []
    for (let i = 0; i < 2; i++) {
      const login = await a.http.post('/api/v1/auth/dev-login').set('X-Forwarded-For', ip).send({ username: 'zhangsan' })
      expect(login.status).toBe(200)
      tokens.push(login.body.token)
    }
    for (let i = 0; i < 3; i++) expect((await attempt(b, ip)).status).toBe(401)
    expect((await attempt(a, ip)).status).toBe(429)
    expect(await pointsOf(ip)).toBe(6)

    const outs = [await b.http.post('/api/v1/auth/logout').set('X-Forwarded-For', ip).set(bearer(tokens[0])), await a.http.post('/API/V1/AUTH/LOGOUT/').set('X-Forwarded-For', ip).set(bearer(tokens[1]))]
    expect(outs.map((out) => [out.status, out.body])).toEqual([
      [200, { ok: true }],
      [200, { ok: true }],
    ])
    for (const token of tokens) expect((await a.http.get('/api/v1/me').set(bearer(token))).status).toBe(401) // the sessions really ended
    expect(await pointsOf(ip)).toBe(6)
  })

  it('behind our proxy, an address the client wrote into X-Forwarded-For does not make a new client', async () => {
    const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.9`
    // nginx appends the real address; a client that forges the leftmost entry is still counted as `ip`
    const forged = (n: number) => attempt(a, `1.2.3.${n}, ${ip}`)
    for (let i = 0; i < 5; i++) expect((await forged(i)).status).toBe(401)
    const limited = await forged(99)
    expect([limited.status, limited.body.error.code]).toEqual([429, 'RATE_LIMITED'])
  })
})
