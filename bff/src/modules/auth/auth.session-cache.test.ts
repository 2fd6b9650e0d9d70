import { bearer, startTestApp, type TestApp } from '../../../test/harness'
import { sha256Hex } from '../../lib/crypto'

/**
 * Signed-in users are kept in each instance's memory for a short while, so most requests need no
 * database round trip to authenticate; a logout still takes effect on every instance at once
 * (within the quarter second each instance waits between looks at the latest logouts).
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
    try {
      for (let i = 0; i < 5; i++) expect((await a.http.get('/api/v1/me').set(bearer(token))).body.name).toBe('李四')
      // another instance, which never cached it, has to ask the database
      expect((await b.http.get('/api/v1/me').set(bearer(token))).status).toBe(401)
    } finally {
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
})
