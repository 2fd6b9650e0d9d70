import { eq } from 'drizzle-orm'
import { passCode, passContentAt, passStep, formatPassContent, shanghaiDayStart, type VisitStatus } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, outcomes } from '../../../../test/factories'
import { blockHash, insertVisit, notificationCount, useClock, visitRow, type TestVisitOptions } from '../../../../test/gate-visits'
import { passSecret } from '../common/pass-code'
import { visits } from '../../../db/schema'

const MIN = 60_000
const HOUR = 60 * MIN

let t: TestApp
let clock: ReturnType<typeof useClock>
type User = Awaited<ReturnType<typeof createUser>>
let host: User
let visitor: User
let guard: User
beforeAll(async () => {
  t = await startTestApp()
  // the middle of a 30-s step, on a Shanghai morning, so a step boundary never falls inside a test by accident
  clock = useClock(t, shanghaiDayStart('2031-05-20').getTime() + 10 * HOUR + 15_000)
  host = await createUser(t, ['staff'], { name: '李四' })
  visitor = await createUser(t, ['visitor'], { unit: false })
  guard = await createUser(t, ['guard'], { name: '钱国强' })
})
afterAll(() => t.close())

const at = (offsetMs: number) => new Date(clock.now() + offsetMs)
/** an approved visit whose window is open now, unless told otherwise */
const visit = (o: Partial<TestVisitOptions> = {}) =>
  insertVisit(t, { hostUserId: host.userId, visitorUserId: visitor.userId, startAt: at(-10 * MIN), endAt: at(2 * HOUR), ...o })

/** What the visitor's phone shows now (from GET /pass, as the mini-app does). */
async function passOf(id: number) {
  const res = await t.http.get(`/api/v1/visits/${id}/pass`).set(bearer(visitor.token))
  expect(res.status).toBe(200)
  return res.body as { content: string; offline: { secret: string } }
}
const scan = (content: unknown, token = guard.token) => t.http.post('/api/v1/gate/scan').set(bearer(token)).send({ content })
/** What the gate wrote on the visit's row: status, when and by whom in and out. */
async function gateFields(id: number) {
  const row = await visitRow(t, id)
  return { status: row.status, checkedInAt: row.checkedInAt?.getTime() ?? null, checkedInBy: row.checkedInBy, checkedOutAt: row.checkedOutAt?.getTime() ?? null, checkedOutBy: row.checkedOutBy }
}
/** The row of a visit checked in by `by` at `at` (now unless told), not yet out. */
const inside = (by: number, at = clock.now()) => ({ status: 'checked_in', checkedInAt: at, checkedInBy: by, checkedOutAt: null, checkedOutBy: null })
/** The row of an approved visit the gate has not touched. */
const untouched = { status: 'approved', checkedInAt: null, checkedInBy: null, checkedOutAt: null, checkedOutBy: null }

describe('POST /api/v1/gate/scan', () => {
  it('allows a valid pass: checks the visitor in once and tells the host', async () => {
    const { id } = await visit({ plateNo: '浙A12345', companions: [{ name: '同行一' }, { name: '同行二' }] })
    const before = await notificationCount(t, host.userId, '访客已入园')
    const res = await scan((await passOf(id)).content)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      result: 'allow',
      action: 'check_in',
      visit: { id, visitorName: '林访客', hostName: '李四', hostUnitName: null, validFrom: at(-40 * MIN).toISOString(), validTo: at(2 * HOUR).toISOString(), plateNo: '浙A12345', companions: 2 },
    })
    const row = await visitRow(t, id)
    expect(row.status).toBe('checked_in')
    expect(row.checkedInAt?.getTime()).toBe(clock.now())
    expect(row.checkedInBy).toBe(guard.userId)
    expect(await notificationCount(t, host.userId, '访客已入园')).toBe(before + 1)
  })

  it('a content captured now is denied 90 s later; the next step (30 s) still passes', async () => {
    const first = await visit()
    const second = await visit()
    const captured = (await passOf(first.id)).content
    const capturedSecond = (await passOf(second.id)).content
    clock.advance(30_000)
    expect((await scan(capturedSecond)).body.result).toBe('allow')
    expect(await gateFields(second.id)).toEqual(inside(guard.userId))
    clock.advance(60_000)
    const res = await scan(captured)
    expect(res.body).toEqual({ result: 'deny', reason: 'bad_signature', reasonText: '无效通行码', hint: '不是有效的访客通行码，请让访客打开 e管家 通行码' })
    expect(await gateFields(first.id)).toEqual(untouched)
  })

  it('one changed character is denied', async () => {
    const { id } = await visit()
    const content = (await passOf(id)).content
    const last = content.at(-1)!
    const changed = [
      content.slice(0, -1) + (last === '0' ? '1' : '0'), // the code
      content.replace(`.${id}.`, `.${id + 1}.`), // another visit's id
      content.replace(/\.(\d+)\.([0-9a-f]+)$/, (_m, step: string, code: string) => `.${Number(step) + 1}.${code}`), // the step
      content.replace('EGJV1', 'EGJV2'),
      content.toUpperCase(),
    ]
    for (const c of changed) expect((await scan(c)).body).toMatchObject({ result: 'deny', reason: 'bad_signature' })
    expect(await gateFields(id)).toEqual(untouched)
  })

  it('accepts a code the phone computed offline from offline.secret, with ±1 step of skew; ±2 is denied', async () => {
    const visits = await Promise.all([visit(), visit(), visit(), visit(), visit()])
    const secrets = await Promise.all(visits.map(async ({ id }) => (await passOf(id)).offline.secret))
    const now = passStep(clock.now())
    const contentAt = (i: number, step: number) => formatPassContent(visits[i].id, step, passCode(secrets[i], visits[i].id, step))
    // the phone, offline, 20 s later (same secret, its own clock)
    clock.advance(20_000)
    expect((await scan(passContentAt(secrets[0], visits[0].id, clock.now()))).body).toMatchObject({ result: 'allow', action: 'check_in' })
    expect(await gateFields(visits[0].id)).toEqual(inside(guard.userId))
    clock.advance(-20_000)
    expect((await scan(contentAt(1, now - 1))).body.result).toBe('allow')
    expect((await scan(contentAt(2, now + 1))).body.result).toBe('allow')
    expect((await scan(contentAt(3, now - 2))).body).toMatchObject({ result: 'deny', reason: 'bad_signature' })
    expect((await scan(contentAt(4, now + 2))).body).toMatchObject({ result: 'deny', reason: 'bad_signature' })
    expect(await Promise.all(visits.slice(1).map(({ id }) => gateFields(id)))).toEqual([inside(guard.userId), inside(guard.userId), untouched, untouched])
  })

  it('a secret from another server key, or a visit never approved (no nonce), is a bad signature', async () => {
    const { id } = await visit()
    expect((await scan(passContentAt('ab'.repeat(32), id, clock.now()))).body.reason).toBe('bad_signature')
    const pending = await visit({ status: 'pending' })
    expect((await scan(passContentAt('ab'.repeat(32), pending.id, clock.now()))).body.reason).toBe('bad_signature')
    expect((await scan(passContentAt('ab'.repeat(32), 999_999_999, clock.now()))).body.reason).toBe('bad_signature')
    expect(await gateFields(id)).toEqual(untouched)
    expect(await gateFields(pending.id)).toEqual({ ...untouched, status: 'pending' })
  })

  it('a new nonce voids the old codes even right after the gate verified one; a cancellation is seen at once', async () => {
    const { id } = await visit({ startAt: at(HOUR) })
    const codeOf = async (visitId: number) => passContentAt(passSecret(t.env.VISIT_PASS_SECRET, visitId, (await visitRow(t, visitId)).passNonce!), visitId, clock.now())
    const old = await codeOf(id)
    // verified (the gate now holds this visit's secret) and refused for the time alone
    expect((await scan(old)).body).toMatchObject({ result: 'deny', reason: 'not_yet' })
    await t.database.db.update(visits).set({ passNonce: 'e'.repeat(32), startAt: at(-10 * MIN) }).where(eq(visits.id, id))
    expect((await scan(old)).body).toMatchObject({ result: 'deny', reason: 'bad_signature' })
    expect(await gateFields(id)).toEqual(untouched)
    expect((await scan(await codeOf(id))).body).toMatchObject({ result: 'allow', action: 'check_in' })

    const other = await visit({ startAt: at(HOUR) })
    const code = await codeOf(other.id)
    expect((await scan(code)).body).toMatchObject({ result: 'deny', reason: 'not_yet' })
    await t.database.db.update(visits).set({ status: 'cancelled', startAt: at(-10 * MIN) }).where(eq(visits.id, other.id))
    expect((await scan(code)).body).toMatchObject({ result: 'deny', reason: 'cancelled' })
  })

  it('denies with every reason, in Chinese, with the visit', async () => {
    const blockedVisitor = await visit()
    await blockHash(t, blockedVisitor.idNumberHash, guard.userId)
    const blockedCompanion = await visit({ companions: [{ name: '同行', idNumberHash: 'c'.repeat(64) }] })
    await blockHash(t, 'c'.repeat(64), guard.userId)
    const cases: [Promise<{ id: number }>, string, string][] = [
      [Promise.resolve(blockedVisitor), 'blocked', '黑名单'],
      [Promise.resolve(blockedCompanion), 'blocked', '黑名单'],
      [visit({ status: 'cancelled' }), 'cancelled', '已取消'],
      [visit({ status: 'rejected' }), 'not_approved', '未审批'],
      [visit({ status: 'checked_out' }), 'checked_out', '已离开'],
      [visit({ startAt: at(31 * MIN), endAt: at(2 * HOUR) }), 'not_yet', '未到时间'],
      [visit({ startAt: at(-3 * HOUR), endAt: at(0) }), 'expired', '过期'],
    ]
    for (const [made, reason, reasonText] of cases) {
      const { id } = await made
      // computed from the derived secret directly: GET /pass refuses most of these (as it should)
      const before = await visitRow(t, id)
      const secret = passSecret(t.env.VISIT_PASS_SECRET, id, before.passNonce!)
      const res = await scan(passContentAt(secret, id, clock.now()))
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ result: 'deny', reason, reasonText, visit: { id, visitorName: '林访客', hostName: '李四' } })
      // a refusal writes nothing
      expect([reason, await visitRow(t, id)]).toEqual([reason, before])
    }
    // pending and invited visits have no nonce, so no valid code: still 未审批 if one had been approved and went back
    const pendingWithNonce = await visit({ status: 'pending', passNonce: 'f'.repeat(32) })
    const secret = passSecret(t.env.VISIT_PASS_SECRET, pendingWithNonce.id, 'f'.repeat(32))
    expect((await scan(passContentAt(secret, pendingWithNonce.id, clock.now()))).body).toMatchObject({ result: 'deny', reason: 'not_approved' })
    // 30 minutes' early grace: 29 minutes before the start is fine
    const early = await visit({ startAt: at(29 * MIN) })
    expect((await scan((await passOf(early.id)).content)).body).toMatchObject({ result: 'allow', action: 'check_in' })
    expect(await gateFields(early.id)).toEqual(inside(guard.userId))
  })

  it('two concurrent scans of the same pass: one check-in, one notification', async () => {
    for (const n of [2, 10]) {
      const { id } = await visit()
      const content = (await passOf(id)).content
      const before = await notificationCount(t, host.userId, '访客已入园')
      const responses = await Promise.all(Array.from({ length: n }, () => scan(content)))
      expect(outcomes(responses)).toEqual({ '200': n })
      expect(responses.map((r) => `${r.body.result} ${r.body.action}`)).toEqual(Array(n).fill('allow check_in'))
      expect(await gateFields(id)).toEqual(inside(guard.userId))
      expect(await notificationCount(t, host.userId, '访客已入园')).toBe(before + 1)
    }
  })

  it('a second scan within the minute lets the visitor through as one already inside, since the check-in time, and writes nothing', async () => {
    const { id } = await visit()
    const first = await scan((await passOf(id)).content)
    expect(first.body).not.toHaveProperty('insideSince')
    const enteredAt = clock.now()
    clock.advance(50_000)
    const again = await scan((await passOf(id)).content)
    expect([again.status, again.body.result, again.body.action, again.body.insideSince]).toEqual([200, 'allow', 'check_in', new Date(enteredAt).toISOString()])
    const row = await visitRow(t, id)
    expect([row.status, row.checkedInAt?.getTime(), row.checkedOutAt]).toEqual(['checked_in', enteredAt, null])
    clock.advance(-50_000)
  })

  it('the next scan after a minute checks out; a double scan at entry does not; after check-out 已离开', async () => {
    const { id } = await visit()
    expect((await scan((await passOf(id)).content)).body.action).toBe('check_in')
    clock.advance(50_000)
    expect((await scan((await passOf(id)).content)).body).toMatchObject({ result: 'allow', action: 'check_in' })
    // still in since the first scan, 50 s ago
    expect(await gateFields(id)).toEqual(inside(guard.userId, clock.now() - 50_000))
    clock.advance(3 * HOUR) // leaving late still works: leaving is never refused
    const { content: leaving, offline } = await passOf(id)
    const before = await notificationCount(t, host.userId, '访客已离开')
    const outs = await Promise.all(Array.from({ length: 5 }, () => scan(leaving)))
    expect(outs.map((r) => `${r.body.result} ${r.body.action}`)).toEqual(Array(5).fill('allow check_out'))
    const row = await visitRow(t, id)
    expect([row.status, row.checkedOutAt?.getTime(), row.checkedOutBy, row.autoCheckedOut]).toEqual(['checked_out', clock.now(), guard.userId, false])
    expect(await notificationCount(t, host.userId, '访客已离开')).toBe(before + 1)
    // the pass page is closed now, but the phone keeps the secret: a double scan at the exit says 离开 again, without a second write
    expect((await t.http.get(`/api/v1/visits/${id}/pass`).set(bearer(visitor.token))).body.error.code).toBe('VISIT_PASS_CLOSED')
    clock.advance(30_000)
    expect((await scan(passContentAt(offline.secret, id, clock.now()))).body).toMatchObject({ result: 'allow', action: 'check_out' })
    expect((await visitRow(t, id)).checkedOutAt?.getTime()).toBe(clock.now() - 30_000)
    expect(await notificationCount(t, host.userId, '访客已离开')).toBe(before + 1)
    // a minute after leaving: 已离开
    clock.advance(30_000)
    expect((await scan(passContentAt(offline.secret, id, clock.now()))).body).toMatchObject({ result: 'deny', reason: 'checked_out', reasonText: '已离开' })
    clock.advance(-3 * HOUR - 110_000)
  })

  it('a visitor blocked while inside can still be checked out', async () => {
    const blocked = await visit({ status: 'checked_in', checkedInAt: at(-5 * MIN) })
    await blockHash(t, blocked.idNumberHash, guard.userId)
    expect((await scan((await passOf(blocked.id)).content)).body).toMatchObject({ result: 'allow', action: 'check_out' })
    expect(await gateFields(blocked.id)).toEqual({ status: 'checked_out', checkedInAt: at(-5 * MIN).getTime(), checkedInBy: null, checkedOutAt: clock.now(), checkedOutBy: guard.userId })
  })

  it('only guards (and admin) scan', async () => {
    const { id } = await visit()
    const content = (await passOf(id)).content
    for (const user of [host, visitor, await createUser(t, ['cashier'])]) {
      const res = await scan(content, user.token)
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN'])
    }
    const signedOut = await t.http.post('/api/v1/gate/scan').send({ content })
    expect([signedOut.status, signedOut.body.error.code]).toEqual([401, 'AUTH_REQUIRED'])
    expect(await gateFields(id)).toEqual(untouched)
    const admin = await createUser(t, ['admin'])
    expect((await scan(content, admin.token)).body.result).toBe('allow')
    expect(await gateFields(id)).toEqual(inside(admin.userId))
  })

  it('junk never makes a 500: a camera\'s garbage is 无效通行码, a malformed request a 4xx', async () => {
    for (const junk of ['hello', 'https://example.com/x?y=1', 'EGJV1.1.2.3', 'EGJV1.-1.5.0123456789abcdef', `EGJV1.${'9'.repeat(15)}.${passStep(clock.now())}.0123456789abcdef`, 'EGJV1.0.1.0123456789abcdef', '访客通行码', '\u0000\u0001']) {
      const res = await scan(junk)
      // the stable code, and what the guard should do about it
      expect([res.status, res.body.result, res.body.reason, res.body.hint]).toEqual([200, 'deny', 'bad_signature', '不是有效的访客通行码，请让访客打开 e管家 通行码'])
    }
    for (const bad of [123, null, '', '   ', 'x'.repeat(201), ['a'], { a: 1 }]) {
      const res = await scan(bad)
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    }
    const noBody = await t.http.post('/api/v1/gate/scan').set(bearer(guard.token))
    expect([noBody.status, noBody.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const huge = await t.http.post('/api/v1/gate/scan').set(bearer(guard.token)).set('content-type', 'application/json').send(JSON.stringify({ content: 'x'.repeat(200_000) }))
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    const broken = await t.http.post('/api/v1/gate/scan').set(bearer(guard.token)).set('content-type', 'application/json').send('{"content": ')
    expect([broken.status, broken.body.error.code]).toEqual([400, 'MALFORMED_JSON'])
  })
})

describe('check-in and check-out by hand', () => {
  const checkIn = (id: number | string, token = guard.token) => t.http.post(`/api/v1/gate/visits/${id}/check-in`).set(bearer(token))
  const checkOut = (id: number | string, token = guard.token) => t.http.post(`/api/v1/gate/visits/${id}/check-out`).set(bearer(token))

  it('a walk-in without a phone: in once, out once, with the scan\'s rules', async () => {
    const { id } = await visit({ visitorUserId: null, passNonce: null })
    const ins = await Promise.all(Array.from({ length: 5 }, () => checkIn(id)))
    expect(ins.map((r) => `${r.status} ${r.body.result} ${r.body.action}`)).toEqual(Array(5).fill('200 allow check_in'))
    const inAt = clock.now()
    expect(await gateFields(id)).toEqual(inside(guard.userId))
    clock.advance(2 * MIN)
    // pressing 入园 again never checks out: the visitor is already inside, since then
    expect((await checkIn(id)).body).toMatchObject({ result: 'allow', action: 'check_in', insideSince: new Date(inAt).toISOString() })
    expect(await gateFields(id)).toEqual(inside(guard.userId, inAt))
    const before = await notificationCount(t, host.userId, '访客已离开')
    const outs = await Promise.all(Array.from({ length: 5 }, () => checkOut(id)))
    expect(outs.map((r) => `${r.status} ${r.body.result} ${r.body.action}`)).toEqual(Array(5).fill('200 allow check_out'))
    const out = { status: 'checked_out', checkedInAt: inAt, checkedInBy: guard.userId, checkedOutAt: clock.now(), checkedOutBy: guard.userId }
    expect(await gateFields(id)).toEqual(out)
    expect(await notificationCount(t, host.userId, '访客已离开')).toBe(before + 1)
    expect((await checkIn(id)).body).toMatchObject({ result: 'deny', reason: 'checked_out' })
    clock.advance(MIN)
    expect((await checkOut(id)).body).toMatchObject({ result: 'deny', reason: 'checked_out' })
    expect(await gateFields(id)).toEqual(out)
    clock.advance(-3 * MIN)
  })

  it('refuses what a scan would, and check-out of someone not inside', async () => {
    const pending = await visit({ status: 'pending', visitorUserId: null })
    expect((await checkIn(pending.id)).body).toMatchObject({ result: 'deny', reason: 'not_approved', reasonText: '未审批' })
    const out = await checkOut(pending.id)
    expect([out.status, out.body.error.code]).toEqual([409, 'GATE_NOT_ON_SITE'])
    const approved = await visit()
    const notInside = await checkOut(approved.id)
    expect([notInside.status, notInside.body.error.code]).toEqual([409, 'GATE_NOT_ON_SITE'])
    const blocked = await visit()
    await blockHash(t, blocked.idNumberHash, guard.userId)
    expect((await checkIn(blocked.id)).body).toMatchObject({ result: 'deny', reason: 'blocked' })
    const answer = (r: { status: number; body: { error?: { code: string } } }) => [r.status, r.body.error?.code]
    expect(answer(await checkIn(999_999_999))).toEqual([404, 'NOT_FOUND'])
    expect(answer(await checkIn('abc'))).toEqual([400, 'VALIDATION_FAILED'])
    expect(answer(await checkIn(approved.id, host.token))).toEqual([403, 'FORBIDDEN'])
    expect(answer(await checkOut(approved.id, visitor.token))).toEqual([403, 'FORBIDDEN'])
    // none of it wrote anything
    expect(await gateFields(pending.id)).toEqual({ ...untouched, status: 'pending' })
    expect(await gateFields(approved.id)).toEqual(untouched)
    expect(await gateFields(blocked.id)).toEqual(untouched)
  })
})

describe('expected and on-site lists', () => {
  it('expected: visits whose window overlaps the day, approved or later, and their plates', async () => {
    // a day of its own, so other tests' visits do not mix in
    const day = '2031-07-01'
    const start = shanghaiDayStart(day).getTime()
    const mk = (status: VisitStatus, from: number, to: number, plateNo?: string) => insertVisit(t, { hostUserId: host.userId, visitorUserId: visitor.userId, status, startAt: new Date(start + from), endAt: new Date(start + to), plateNo })
    const morning = await mk('approved', 9 * HOUR, 11 * HOUR, '浙A12345')
    const inside = await mk('checked_in', 8 * HOUR, 18 * HOUR)
    const left = await mk('checked_out', 7 * HOUR, 8 * HOUR)
    const spanning = await mk('approved', -2 * 24 * HOUR, 2 * 24 * HOUR, '浙AD12345')
    await mk('pending', 9 * HOUR, 10 * HOUR, '浙B00001')
    await mk('cancelled', 9 * HOUR, 10 * HOUR)
    await mk('approved', -3 * HOUR, 0) // ends at midnight: the day before
    await mk('approved', 24 * HOUR, 25 * HOUR) // the next day
    const res = await t.http.get(`/api/v1/gate/expected?date=${day}`).set(bearer(guard.token))
    expect(res.status).toBe(200)
    expect(res.body.date).toBe(day)
    expect(res.body.items.map((i: { id: number }) => i.id)).toEqual([spanning.id, left.id, inside.id, morning.id])
    expect(res.body.items[2]).toMatchObject({ status: 'checked_in', hostName: '李四', checkedInAt: new Date(start + 8 * HOUR).toISOString() })
    expect(res.body.plates).toEqual([
      { plateNo: '浙AD12345', visitorName: '林访客', visitId: spanning.id },
      { plateNo: '浙A12345', visitorName: '林访客', visitId: morning.id },
    ])
    const today = await t.http.get('/api/v1/gate/expected').set(bearer(guard.token))
    expect(today.body.date).toBe('2031-05-20')
    for (const bad of ['2031-02-30', 'today', '2031-7-1']) {
      const r = await t.http.get(`/api/v1/gate/expected?date=${bad}`).set(bearer(guard.token))
      expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    }
    const forbidden = await t.http.get('/api/v1/gate/expected').set(bearer(host.token))
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN'])
  })

  it('on-site: who is inside now, with host and arrival, overdue flagged', async () => {
    const inside = await visit({ status: 'checked_in', checkedInAt: at(-5 * MIN) })
    const overdue = await visit({ status: 'checked_in', startAt: at(-3 * HOUR), endAt: at(-MIN), checkedInAt: at(-170 * MIN) })
    const gone = await visit({ status: 'checked_out' })
    const res = await t.http.get('/api/v1/gate/on-site').set(bearer(guard.token))
    expect(res.status).toBe(200)
    const byId = new Map(res.body.items.map((i: { id: number }) => [i.id, i]))
    expect(byId.get(inside.id)).toMatchObject({ hostName: '李四', checkedInAt: at(-5 * MIN).toISOString(), overstayed: false })
    expect(byId.get(overdue.id)).toMatchObject({ checkedInAt: at(-170 * MIN).toISOString(), overstayed: true })
    expect(byId.has(gone.id)).toBe(false)
    const arrivals = res.body.items.map((i: { checkedInAt: string }) => i.checkedInAt)
    expect(arrivals).toEqual([...arrivals].sort())
    const forbidden = await t.http.get('/api/v1/gate/on-site').set(bearer(visitor.token))
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN'])
  })
})

describe('end-of-day check-out', () => {
  it('checks out visitors still inside once their window\'s day is over, and tells the host', async () => {
    const yesterdayEnd = shanghaiDayStart('2031-05-20').getTime() - HOUR // 23:00 the day before
    const stayed = await visit({ status: 'checked_in', startAt: new Date(yesterdayEnd - 8 * HOUR), endAt: new Date(yesterdayEnd), checkedInAt: new Date(yesterdayEnd - 7 * HOUR) })
    const today = await visit({ status: 'checked_in', startAt: at(-3 * HOUR), endAt: at(-HOUR), checkedInAt: at(-3 * HOUR) })
    const before = await notificationCount(t, host.userId, '访客自动离园')
    expect(await t.services.visitGate.autoCheckOut()).toBeGreaterThanOrEqual(1)
    const row = await visitRow(t, stayed.id)
    expect([row.status, row.autoCheckedOut, row.checkedOutBy, row.checkedOutAt?.getTime()]).toEqual(['checked_out', true, null, clock.now()])
    // a window that ended today waits until the day is over (the guard sees it flagged meanwhile)
    expect((await visitRow(t, today.id)).status).toBe('checked_in')
    expect(await notificationCount(t, host.userId, '访客自动离园')).toBe(before + 1)
    // run again: nothing more to do
    expect(await t.services.visitGate.autoCheckOut()).toBe(0)
    clock.advance(24 * HOUR)
    expect(await t.services.visitGate.autoCheckOut()).toBeGreaterThanOrEqual(1)
    expect((await visitRow(t, today.id)).autoCheckedOut).toBe(true)
    clock.advance(-24 * HOUR)
  })

  it('is registered with the job runner', async () => {
    // on the app's own service and the real clock: a visit that ended two days ago
    const real = Date.now()
    const { id } = await insertVisit(t, { hostUserId: host.userId, visitorUserId: visitor.userId, status: 'checked_in', startAt: new Date(real - 50 * HOUR), endAt: new Date(real - 48 * HOUR) })
    await t.database.pool.execute("UPDATE job_schedule SET next_run_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE name = 'visits.auto-check-out'")
    expect(await t.services.jobs.tick()).toContain('visits.auto-check-out')
    expect((await visitRow(t, id)).autoCheckedOut).toBe(true)
  })
})
