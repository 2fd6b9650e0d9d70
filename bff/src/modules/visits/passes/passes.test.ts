import { parsePassContent, passCode, passContentAt, PASS_STEP_SEC, type VisitStatus } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { insertVisit, useClock } from '../../../../test/gate-visits'

const MIN = 60_000
const HOUR = 60 * MIN

let t: TestApp
let clock: ReturnType<typeof useClock>
let host: Awaited<ReturnType<typeof createUser>>
let visitor: Awaited<ReturnType<typeof createUser>>
beforeAll(async () => {
  t = await startTestApp()
  clock = useClock(t)
  host = await createUser(t, ['staff'], { name: '李四' })
  visitor = await createUser(t, ['visitor'], { unit: false, name: '林访客' })
})
afterAll(() => t.close())

const visitFor = (status: VisitStatus, window: { startAt?: Date; endAt?: Date } = {}) =>
  insertVisit(t, { hostUserId: host.userId, visitorUserId: visitor.userId, status, startAt: window.startAt ?? new Date(clock.now() + HOUR), endAt: window.endAt ?? new Date(clock.now() + 3 * HOUR), plateNo: '浙A12345' })

const getPass = (id: number, token = visitor.token) => t.http.get(`/api/v1/visits/${id}/pass`).set(bearer(token))

describe('GET /api/v1/visits/:id/pass', () => {
  it('gives the visitor the code of this moment and what the phone needs to draw it offline', async () => {
    const startAt = new Date(clock.now() + HOUR)
    const { id } = await visitFor('approved', { startAt })
    const res = await getPass(id)
    expect(res.status).toBe(200)
    const pass = res.body
    expect(pass).toMatchObject({ visitorName: '林访客', hostName: '李四', plateNo: '浙A12345', status: 'approved', validFrom: new Date(startAt.getTime() - 30 * MIN).toISOString() })
    expect(pass.offline).toMatchObject({ visitId: id, stepSec: PASS_STEP_SEC, algorithm: 'HMAC-SHA256', serverTime: new Date(clock.now()).toISOString() })
    expect(pass.offline.secret).toMatch(/^[0-9a-f]{64}$/)
    // the content is exactly what the phone computes from the secret
    expect(pass.content).toBe(passContentAt(pass.offline.secret, id, clock.now()))
    expect(pass.refreshInSec).toBeGreaterThanOrEqual(1)
    expect(pass.refreshInSec).toBeLessThanOrEqual(PASS_STEP_SEC)
    // the secret stays the same across requests (derived, not random per call)
    clock.advance(45_000)
    const again = (await getPass(id)).body
    expect(again.offline.secret).toBe(pass.offline.secret)
    expect(again.content).not.toBe(pass.content)
    const parsed = parsePassContent(again.content)!
    expect(parsed.code).toBe(passCode(pass.offline.secret, id, parsed.step))
  })

  it('is only for the visit\'s visitor: host, guard, admin and other visitors get 404', async () => {
    const { id } = await visitFor('approved')
    const guard = await createUser(t, ['guard'])
    const admin = await createUser(t, ['admin'])
    const other = await createUser(t, ['visitor'], { unit: false })
    for (const token of [host.token, guard.token, admin.token, other.token]) {
      const res = await getPass(id, token)
      expect(res.status).toBe(404)
      expect(res.body.error.code).toBe('NOT_FOUND')
    }
    expect((await t.http.get(`/api/v1/visits/${id}/pass`)).status).toBe(401)
    const missing = await getPass(999_999_999)
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND'])
    const junk = await getPass('abc' as unknown as number)
    expect([junk.status, junk.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('a walk-in (no visitor account) has no phone pass', async () => {
    const { id } = await insertVisit(t, { hostUserId: host.userId, visitorUserId: null, startAt: new Date(clock.now()), endAt: new Date(clock.now() + HOUR) })
    expect((await getPass(id)).status).toBe(404)
  })

  it('is not ready before approval, and closed once cancelled, rejected, checked out or past its window', async () => {
    for (const status of ['pending', 'invited'] as const) {
      const res = await getPass((await visitFor(status)).id)
      expect([res.status, res.body.error.code]).toEqual([409, 'VISIT_PASS_NOT_READY'])
    }
    for (const status of ['cancelled', 'rejected', 'checked_out'] as const) {
      const res = await getPass((await visitFor(status)).id)
      expect([res.status, res.body.error.code]).toEqual([409, 'VISIT_PASS_CLOSED'])
    }
    const over = await visitFor('approved', { startAt: new Date(clock.now() - 3 * HOUR), endAt: new Date(clock.now() - MIN) })
    const res = await getPass(over.id)
    expect([res.status, res.body.error.code]).toEqual([409, 'VISIT_PASS_CLOSED'])
  })

  it('before the window the pass opens (to be kept offline); a visitor still inside after it keeps it to scan out', async () => {
    expect((await getPass((await visitFor('approved', { startAt: new Date(clock.now() + 48 * HOUR), endAt: new Date(clock.now() + 50 * HOUR) })).id)).status).toBe(200)
    const inside = await visitFor('checked_in', { startAt: new Date(clock.now() - 3 * HOUR), endAt: new Date(clock.now() - MIN) })
    const res = await getPass(inside.id)
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('checked_in')
  })
})
