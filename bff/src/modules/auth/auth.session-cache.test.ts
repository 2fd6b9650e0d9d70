import { bearer, startTestApp, type TestApp } from '../../../test/harness'
import { sha256Hex } from '../../lib/crypto'

/**
 * Signed-in users are kept in each instance's memory for a short while, so most requests need no
 * database round trip to authenticate; a logout still takes effect on every instance at once
 * (within a quarter second on the others: each instance looks at the latest logouts in the
 * background, and trusts its cache only while its last look is that recent — no request waits on a look).
 */
let a: TestApp
let b: TestApp
beforeAll(async () => {
  a = await startTestApp()
  b = await startTestApp()
})
afterAll(async () => {
  await a.close()
  await b.close()
})

describe('the session cache', () => {
  it('answers repeated requests of one session from memory, not from the database', async () => {
    const token = await a.login('lisi')
    expect((await a.http.get('/api/v1/me').set(bearer(token))).body.name).toBe('李四')
    // hide the session row from any lookup: only a cached answer can still know the token
    await a.database.pool.query('UPDATE sessions SET token_hash = ? WHERE token_hash = ?', ['x'.repeat(64), sha256Hex(token)])
    // the cache answers while the instance's look at logouts is recent: on a loaded machine a real
    // look can take longer than that leaves (then a request reads the database), so looks find nothing at once
    const look = jest.spyOn(a.services.auth as unknown as { readLogouts: (lookStartedAt: number) => Promise<void> }, 'readLogouts').mockResolvedValue()
    try {
      for (let i = 0; i < 5; i++) expect((await a.http.get('/api/v1/me').set(bearer(token))).body.name).toBe('李四')
      // another instance, which never cached it, has to ask the database
      expect((await b.http.get('/api/v1/me').set(bearer(token))).status).toBe(401)
    } finally {
      look.mockRestore()
      await a.database.pool.query('UPDATE sessions SET token_hash = ? WHERE token_hash = ?', [sha256Hex(token), 'x'.repeat(64)])
    }
  })

  it('a logout on one instance is refused at once there and within a quarter second on the other', async () => {
    const token = await a.login('zhangsan')
    expect((await a.http.get('/api/v1/me').set(bearer(token))).status).toBe(200)
    expect((await b.http.get('/api/v1/me').set(bearer(token))).status).toBe(200) // now cached on both
    expect((await a.http.post('/api/v1/auth/logout').set(bearer(token))).status).toBe(200)
    const here = await a.http.get('/api/v1/me').set(bearer(token))
    expect([here.status, here.body.error.code]).toEqual([401, 'AUTH_INVALID_TOKEN'])
    await new Promise((resolve) => setTimeout(resolve, 300))
    const there = await b.http.get('/api/v1/me').set(bearer(token))
    expect([there.status, there.body.error.code]).toEqual([401, 'AUTH_INVALID_TOKEN'])
    // and a payment with it is refused too, before anything is written
    const pay = await b.http.post('/api/v1/meal/payments').set(bearer(token)).set('Idempotency-Key', 'k-after-logout-1').send({ code: b.services.qr.url('m', 1), amountFen: 100, method: 'account' })
    expect([pay.status, pay.body.error.code]).toEqual([401, 'AUTH_INVALID_TOKEN'])
  })

  it('no request waits on the look at logouts: while a look hangs, live sessions are answered and a logout elsewhere is still refused within a quarter second', async () => {
    const token = await a.login('lisi')
    expect((await a.http.get('/api/v1/me').set(bearer(token))).status).toBe(200)
    let release!: () => void
    const hanging = new Promise<void>((resolve) => (release = resolve))
    const look = jest.spyOn(a.services.auth as unknown as { readLogouts: (lookStartedAt: number) => Promise<void> }, 'readLogouts').mockReturnValue(hanging)
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)) // the next look has started, and never ends
      const me = await a.http.get('/api/v1/me').set(bearer(token))
      expect([me.status, me.body.name]).toEqual([200, '李四'])
      expect(look).toHaveBeenCalledTimes(1)
      // logged out on another instance: only the database knows
      await a.database.pool.query('UPDATE sessions SET revoked_at = UTC_TIMESTAMP(3) WHERE token_hash = ?', [sha256Hex(token)])
      await new Promise((resolve) => setTimeout(resolve, 300))
      const after = await a.http.get('/api/v1/me').set(bearer(token))
      expect([after.status, after.body.error?.code]).toEqual([401, 'AUTH_INVALID_TOKEN'])
      expect(look).toHaveBeenCalledTimes(1) // still the one hanging look: one at a time
    } finally {
      release()
      look.mockRestore()
    }
  })
})
