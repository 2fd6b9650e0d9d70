/**
 * What the leak check (data-leaks.check.ts) found after a run, pinned down: an invitation link's
 * token was kept in plaintext with its Idempotency-Key, and written into the request log's path.
 */
import { Writable } from 'node:stream'
import { createLogger } from '../src/lib/logger'
import { idempotencyKey } from './factories'
import { bearer, startTestApp, type TestApp } from './harness'
import { fakeMobile, rng } from './junk'

const lines: { msg?: string; path?: string; raw: string }[] = []
const capture = new Writable({
  write(chunk, _encoding, done) {
    for (const raw of String(chunk).split('\n').filter(Boolean)) lines.push({ ...JSON.parse(raw), raw })
    done()
  },
})

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({}, { log: createLogger('info', capture) })
})
afterAll(() => t.close())

async function invite(key = idempotencyKey()) {
  const day = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10)
  const body = { visitorName: '周来宾', mobile: fakeMobile(rng(3)), purpose: '座谈', startAt: `${day}T10:00:00+08:00`, endAt: `${day}T11:00:00+08:00` }
  const response = await t.http.post('/api/v1/visits/invitations').set(bearer(await t.login('lisi'))).set('Idempotency-Key', key).send(body)
  expect(response.status).toBe(201)
  return { inviteUrl: response.body.inviteUrl as string, token: new URL(String(response.body.inviteUrl).replace('/#/', '/')).searchParams.get('token')! }
}

it("an invitation's link is kept with its Idempotency-Key sealed, not in plaintext; a retry still shows the same link", async () => {
  const key = idempotencyKey()
  const first = await invite(key)
  const [rows] = await t.database.pool.query("SELECT response FROM idempotency_keys WHERE scope = 'visits.invite' AND idem_key = ?", [key])
  const stored = JSON.stringify((rows as { response: unknown }[])[0].response)
  expect(stored).not.toContain(first.token)
  expect(stored).toMatch(/"inviteUrl":"k1\./)
  expect((await invite(key)).inviteUrl).toBe(first.inviteUrl)
})

it("the request log names the route, not the link's token; other parameters (ids) stay", async () => {
  const { token } = await invite()
  lines.length = 0
  expect((await t.http.get(`/api/v1/visits/invitations/${token}`)).status).toBe(200)
  expect((await t.http.get('/api/v1/visits/424242').set(bearer(await t.login('lisi')))).status).toBe(404)
  expect((await t.http.get('/api/v1/meal/vouchers/ABCDEFGHIJ0123456789').set(bearer(await t.login('lisi')))).status).toBe(404)
  const paths = lines.filter((line) => line.msg === 'request').map((line) => line.path)
  expect(paths).toEqual(expect.arrayContaining(['/api/v1/visits/invitations/:token', '/api/v1/visits/424242', '/api/v1/meal/vouchers/:code']))
  for (const line of lines) expect(line.raw).not.toContain(token)
})
