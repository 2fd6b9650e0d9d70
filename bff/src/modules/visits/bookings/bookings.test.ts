import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey, outcomes } from '../../../../test/factories'
import { badCheckDigit, book, bookedVisit, bookingBody, idCard, inMinutes, unitIdOf, userId, visitCount } from '../../../../test/visit-fixtures'

let t: TestApp
let visitor: string
let lisi: number
beforeAll(async () => {
  t = await startTestApp()
  visitor = await t.login('visitor1')
  lisi = await userId(t, 'lisi')
})
afterAll(() => t.close())

const CHINESE = /[\u4e00-\u9fa5]/
const get = async (token: string, id: number) => t.http.get(`/api/v1/visits/${id}`).set(bearer(token))
const post = (token: string, path: string, body: Record<string, unknown> = {}) => t.http.post(path).set(bearer(token)).send(body)
async function visitRow(id: number) {
  const [rows] = await t.database.pool.query('SELECT * FROM visits WHERE id = ?', [id])
  return (rows as Record<string, unknown>[])[0]
}
async function notifications(userIdValue: number, title: string) {
  const [rows] = await t.database.pool.query('SELECT body, link FROM notifications WHERE user_id = ? AND title = ? ORDER BY id', [userIdValue, title])
  return rows as { body: string; link: string }[]
}

describe('booking a visit', () => {
  it('visitor1 books with 李四: pending, masked everywhere, the host is notified with a link to it', async () => {
    const body = bookingBody(lisi, { companions: [{ name: '王同行', idType: 'passport', idNumber: 'E12345678' }], plateNo: '浙ad12345' })
    const created = await book(t, visitor, body)
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: expect.any(Number), status: 'pending' })

    const visit = await get(visitor, created.body.id)
    expect(visit.status).toBe(200)
    const idNumber = body.idNumber as string
    expect(visit.body).toMatchObject({
      status: 'pending',
      source: 'self',
      visitorName: '林访客',
      mobileMasked: `${(body.mobile as string).slice(0, 3)}****${(body.mobile as string).slice(7)}`,
      idType: 'id_card',
      idNumberMasked: `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`,
      host: { id: lisi, name: '李四', unitName: '市机关事务管理中心' },
      companions: [{ name: '王同行', idType: 'passport', idNumberMasked: 'E12**5678' }],
      plateNo: '浙AD12345',
      decider: { name: '李四', escalated: false },
      can: { approve: false, cancel: true, viewPass: false, viewPii: false },
    })
    expect(JSON.stringify(visit.body)).not.toContain(idNumber)
    expect(JSON.stringify(visit.body)).not.toContain(body.mobile as string)

    const row = await visitRow(created.body.id)
    expect(row.id_number_enc).toMatch(/^k1\./)
    expect(row.id_number_hash).toEqual(t.services.pii.blindIndex(idNumber))
    expect(t.services.pii.open(row.mobile_enc as string)).toBe(body.mobile)
    expect(row.pass_nonce).toBeNull()

    const told = await notifications(lisi, '访客预约待审批')
    expect(told[told.length - 1]).toEqual({ body: expect.stringContaining('林访客'), link: `/packages/visit/pages/detail/index?id=${created.body.id}` })
  })

  it('the same Idempotency-Key books once and answers the same', async () => {
    const body = bookingBody(lisi)
    const key = idempotencyKey()
    const before = await visitCount(t)
    const answers = await Promise.all([book(t, visitor, body, key), book(t, visitor, body, key)])
    expect(answers.map((a) => a.status)).toEqual([201, 201])
    expect(answers[0].body).toEqual(answers[1].body)
    expect(await visitCount(t)).toBe(before + 1)
  })

  const tomorrow = new Date(Date.now() + 86_400_000)
  const day = tomorrow.toISOString().slice(0, 10)
  const bad: [string, (base: Record<string, unknown>) => Record<string, unknown>, number, string][] = [
    ['a wrong ID check digit', (b) => ({ ...b, idNumber: badCheckDigit(b.idNumber as string) }), 400, 'VALIDATION_FAILED'],
    ['an ID card with 2月30日 as birth date', (b) => ({ ...b, idNumber: '33010619900230001X' }), 400, 'VALIDATION_FAILED'],
    ['a companion with a bad ID', (b) => ({ ...b, companions: [{ name: '同行', idType: 'id_card', idNumber: '123' }] }), 400, 'VALIDATION_FAILED'],
    ['a companion who is the visitor again', (b) => ({ ...b, companions: [{ name: '同行', idType: 'id_card', idNumber: b.idNumber }] }), 400, 'VALIDATION_FAILED'],
    ['a bad passport', (b) => ({ ...b, idType: 'passport', idNumber: 'ABC' }), 400, 'VALIDATION_FAILED'],
    ['a bad 港澳通行证', (b) => ({ ...b, idType: 'hk_macau_permit', idNumber: 'X1234567' }), 400, 'VALIDATION_FAILED'],
    ['2026-02-31', (b) => ({ ...b, startAt: '2026-02-31T10:00:00+08:00' }), 400, 'VALIDATION_FAILED'],
    ['a time without offset', (b) => ({ ...b, startAt: `${day}T10:00:00` }), 400, 'VALIDATION_FAILED'],
    ['end before start', (b) => ({ ...b, startAt: inMinutes(120), endAt: inMinutes(60) }), 400, 'VALIDATION_FAILED'],
    ['longer than 30 days', (b) => ({ ...b, startAt: inMinutes(60), endAt: inMinutes(60 + 31 * 1440) }), 400, 'VALIDATION_FAILED'],
    ['a window in the past', (b) => ({ ...b, startAt: inMinutes(-120), endAt: inMinutes(-60) }), 422, 'VISIT_WINDOW_PAST'],
    ['a start an hour ago', (b) => ({ ...b, startAt: inMinutes(-60), endAt: inMinutes(60) }), 422, 'VISIT_WINDOW_PAST'],
    ['more than 60 days ahead', (b) => ({ ...b, startAt: inMinutes(61 * 1440), endAt: inMinutes(61 * 1440 + 60) }), 422, 'VISIT_WINDOW_TOO_FAR'],
    ['an unknown host', (b) => ({ ...b, hostId: 99_999_999 }), 404, 'VISIT_HOST_NOT_FOUND'],
    ['a bad plate', (b) => ({ ...b, plateNo: '浙A1234' }), 400, 'VALIDATION_FAILED'],
    ['a bad mobile', (b) => ({ ...b, mobile: '12345678901' }), 400, 'VALIDATION_FAILED'],
    ['an unknown ID type', (b) => ({ ...b, idType: 'driver_license' }), 400, 'VALIDATION_FAILED'],
    ['a host id that is text', (b) => ({ ...b, hostId: 'lisi' }), 400, 'VALIDATION_FAILED'],
    ['companions that are not a list', (b) => ({ ...b, companions: 'x' }), 400, 'VALIDATION_FAILED'],
    ['11 companions', (b) => ({ ...b, companions: Array.from({ length: 11 }, () => ({ name: '同行', idType: 'id_card', idNumber: idCard() })) }), 400, 'VALIDATION_FAILED'],
    ['no purpose', (b) => ({ ...b, purpose: ' ' }), 400, 'VALIDATION_FAILED'],
    ['a number as name', (b) => ({ ...b, visitorName: 42 }), 400, 'VALIDATION_FAILED'],
  ]
  it.each(bad)('%s → refused, nothing written', async (_what, change, status, code) => {
    const before = await visitCount(t)
    const response = await book(t, visitor, change(bookingBody(lisi)))
    expect(response.status).toBe(status)
    expect(response.body.error.code).toBe(code)
    expect(response.body.error.message).toMatch(CHINESE)
    expect(await visitCount(t)).toBe(before)
  })

  it('a host who is not active staff (the guard, a visitor) is not found', async () => {
    for (const username of ['guard1', 'visitor1']) {
      const response = await book(t, visitor, bookingBody(await userId(t, username)))
      expect([response.status, response.body.error.code]).toEqual([404, 'VISIT_HOST_NOT_FOUND'])
    }
  })

  it('without an Idempotency-Key → 400, nothing written', async () => {
    const before = await visitCount(t)
    const response = await book(t, visitor, bookingBody(lisi), null)
    expect([response.status, response.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED'])
    expect(await visitCount(t)).toBe(before)
  })

  it('a blocked ID number (the visitor or a companion) is refused with a neutral message, nothing written', async () => {
    const admin = await t.login('admin')
    const blocked = idCard()
    expect((await post(admin, '/api/v1/visits/blocklist', { idType: 'id_card', idNumber: blocked, reason: '测试' })).status).toBe(201)
    const before = await visitCount(t)
    for (const body of [bookingBody(lisi, { idNumber: blocked }), bookingBody(lisi, { companions: [{ name: '同行', idType: 'id_card', idNumber: blocked }] })]) {
      const response = await book(t, visitor, body)
      expect([response.status, response.body.error.code]).toEqual([403, 'VISIT_NOT_ACCEPTED'])
      expect(response.body.error.message).not.toMatch(/黑名单/)
    }
    expect(await visitCount(t)).toBe(before)
  })
})

describe('finding a host', () => {
  it('by name within a unit: id, name and unit only; never the whole staff list', async () => {
    const unitId = await unitIdOf(t)
    const found = await t.http.get('/api/v1/visits/hosts').query({ unitId, q: '李' }).set(bearer(visitor))
    expect(found.status).toBe(200)
    expect(found.body.items).toContainEqual({ id: lisi, name: '李四', unitName: '市机关事务管理中心' })
    for (const item of found.body.items) expect(Object.keys(item).sort()).toEqual(['id', 'name', 'unitName'])
    // wildcards are text, not patterns
    for (const q of ['%', '_', '%%']) {
      const wild = await t.http.get('/api/v1/visits/hosts').query({ unitId, q }).set(bearer(visitor))
      expect([wild.status, wild.body.items]).toEqual([200, []])
    }
    // no name → no list
    const empty = await t.http.get('/api/v1/visits/hosts').query({ unitId }).set(bearer(visitor))
    expect([empty.status, empty.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    // another unit's 王五 is not found in 中心
    const other = await t.http.get('/api/v1/visits/hosts').query({ unitId, q: '王五' }).set(bearer(visitor))
    expect(other.body.items).toEqual([])
    // the guard (not staff) is not a host
    const guard = await t.http.get('/api/v1/visits/hosts').query({ unitId, q: '钱国强' }).set(bearer(visitor))
    expect(guard.body.items).toEqual([])
  })

  it('at most 10 answers', async () => {
    for (let i = 0; i < 12; i++) await createUser(t, ['staff'], { name: `重名测试${i}` })
    const found = await t.http.get('/api/v1/visits/hosts').query({ unitId: await unitIdOf(t), q: '重名测试' }).set(bearer(visitor))
    expect(found.body.items).toHaveLength(10)
  })
})

describe('who sees a visit', () => {
  it('the visitor, the host, a guard and admin; anyone else gets 404', async () => {
    const { id } = await bookedVisit(t)
    for (const username of ['visitor1', 'lisi', 'guard1', 'admin']) expect((await get(await t.login(username), id)).status).toBe(200)
    for (const username of ['wangwu', 'zhangsan', 'cashier1']) {
      const response = await get(await t.login(username), id)
      expect([response.status, response.body.error.code]).toEqual([404, 'NOT_FOUND'])
    }
    const stranger = await createUser(t, ['visitor'], { unit: false })
    expect((await get(stranger.token, id)).status).toBe(404)
    const list = await t.http.get('/api/v1/visits').query({ as: 'visitor' }).set(bearer(stranger.token))
    expect(list.body).toEqual({ items: [], nextCursor: null })
    expect((await get(visitor, 99_999_999)).status).toBe(404)
  })

  it('lists pages by cursor, as visitor and as host', async () => {
    const me = await createUser(t, ['visitor'], { unit: false })
    const host = await createUser(t, ['staff'], { name: '列表主人' })
    const ids: number[] = []
    for (let i = 0; i < 3; i++) ids.push((await bookedVisit(t, { token: me.token, hostId: host.userId })).id)
    const first = await t.http.get('/api/v1/visits').query({ as: 'visitor', limit: 2 }).set(bearer(me.token))
    expect(first.body.items.map((v: { id: number }) => v.id)).toEqual([ids[2], ids[1]])
    const second = await t.http.get('/api/v1/visits').query({ as: 'visitor', limit: 2, cursor: first.body.nextCursor }).set(bearer(me.token))
    expect(second.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null })
    const hosted = await t.http.get('/api/v1/visits').query({ as: 'host' }).set(bearer(host.token))
    expect(hosted.body.items.map((v: { id: number; can: { approve: boolean } }) => [v.id, v.can.approve])).toEqual([...ids].reverse().map((id) => [id, true]))
    const bad = await t.http.get('/api/v1/visits').query({ as: 'boss' }).set(bearer(me.token))
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('offers my earlier details again, masked and distinct', async () => {
    const me = await createUser(t, ['visitor'], { unit: false })
    const same = bookingBody(lisi)
    await book(t, me.token, same)
    await book(t, me.token, { ...same, purpose: '第二次' })
    const other = bookingBody(lisi, { visitorName: '林二', plateNo: '京A12345' })
    await book(t, me.token, other)
    const profile = await t.http.get('/api/v1/visits/profile').set(bearer(me.token))
    expect(profile.status).toBe(200)
    expect(profile.body.items).toHaveLength(2)
    expect(profile.body.items[0]).toMatchObject({ visitorName: '林二', plateNo: '京A12345', idType: 'id_card' })
    expect(JSON.stringify(profile.body)).not.toContain(same.idNumber as string)
    expect(JSON.stringify(profile.body)).not.toContain(same.mobile as string)
  })
})

describe('the host decides', () => {
  it('a guard, the visitor and admin cannot approve; a stranger gets 404', async () => {
    const { id } = await bookedVisit(t)
    for (const username of ['guard1', 'visitor1', 'admin']) {
      const response = await post(await t.login(username), `/api/v1/visits/${id}/approve`)
      expect([response.status, response.body.error.code]).toEqual([403, 'VISIT_NOT_DECIDER'])
    }
    expect((await post(await t.login('wangwu'), `/api/v1/visits/${id}/approve`)).status).toBe(404)
    expect((await visitRow(id)).status).toBe('pending')
  })

  it('approve: approved, decided by the host, a pass nonce, the visitor told; a second answer is 409', async () => {
    const host = await t.login('lisi')
    const { id } = await bookedVisit(t)
    const approved = await post(host, `/api/v1/visits/${id}/approve`)
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: '李四', decider: null, can: { approve: false, cancel: true } })
    expect((await visitRow(id)).pass_nonce).toMatch(/^[0-9a-f]{32}$/)
    const told = await notifications(await userId(t, 'visitor1'), '来访已通过')
    expect(told[told.length - 1].link).toBe(`/packages/visit/pages/detail/index?id=${id}`)
    const again = await post(host, `/api/v1/visits/${id}/reject`, { reason: '改主意' })
    expect([again.status, again.body.error.code]).toEqual([409, 'VISIT_NOT_PENDING'])
    const seen = await get(visitor, id)
    expect(seen.body.can).toMatchObject({ viewPass: true, cancel: true })
  })

  it('reject needs a reason; the visitor sees it', async () => {
    const host = await t.login('lisi')
    const { id } = await bookedVisit(t)
    const noReason = await post(host, `/api/v1/visits/${id}/reject`, {})
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const rejected = await post(host, `/api/v1/visits/${id}/reject`, { reason: '当天外出开会' })
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '当天外出开会' })
    expect((await get(visitor, id)).body).toMatchObject({ status: 'rejected', rejectReason: '当天外出开会', can: { cancel: false, viewPass: false } })
    expect((await visitRow(id)).pass_nonce).toBeNull()
  })

  it('10 answers at once on one pending visit: exactly one decision', async () => {
    const host = await t.login('lisi')
    const { id } = await bookedVisit(t)
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_v, i) => (i % 2 ? post(host, `/api/v1/visits/${id}/approve`) : post(host, `/api/v1/visits/${id}/reject`, { reason: '并发测试' }))),
    )
    expect(outcomes(answers)).toEqual({ '200': 1, '409 VISIT_NOT_PENDING': 9 })
    const winner = answers.find((a) => a.status === 200)!
    expect((await visitRow(id)).status).toBe(winner.body.status)
    const [rows] = await t.database.pool.query("SELECT COUNT(*) AS n FROM notifications WHERE link = ? AND title IN ('来访已通过', '来访未通过')", [`/packages/visit/pages/detail/index?id=${id}`])
    expect(Number((rows as { n: number }[])[0].n)).toBe(1)
  })
})

describe('cancelling', () => {
  it('the visitor cancels a pending visit (the host is told); twice is 409; a guard may not', async () => {
    const { id } = await bookedVisit(t)
    const guard = await post(await t.login('guard1'), `/api/v1/visits/${id}/cancel`)
    expect([guard.status, guard.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const cancelled = await post(visitor, `/api/v1/visits/${id}/cancel`)
    expect(cancelled.body).toMatchObject({ status: 'cancelled', can: { cancel: false, approve: false } })
    expect((await notifications(lisi, '访客取消了来访')).some((n) => n.link.endsWith(`id=${id}`))).toBe(true)
    const again = await post(visitor, `/api/v1/visits/${id}/cancel`)
    expect([again.status, again.body.error.code]).toEqual([409, 'VISIT_CANNOT_CANCEL'])
    const approve = await post(await t.login('lisi'), `/api/v1/visits/${id}/approve`)
    expect([approve.status, approve.body.error.code]).toEqual([409, 'VISIT_NOT_PENDING'])
  })

  it('the host cancels an approved visit; the visitor is told', async () => {
    const host = await t.login('lisi')
    const { id } = await bookedVisit(t)
    await post(host, `/api/v1/visits/${id}/approve`)
    expect((await post(host, `/api/v1/visits/${id}/cancel`)).body.status).toBe('cancelled')
    expect((await notifications(await userId(t, 'visitor1'), '来访已取消')).some((n) => n.link.endsWith(`id=${id}`))).toBe(true)
  })
})

describe('full ID number and mobile', () => {
  it('the host sees them with a reason, and the view is logged for admin; the visitor and strangers may not', async () => {
    const { id, body } = await bookedVisit(t, { overrides: { companions: [{ name: '同行甲', idType: 'hk_macau_permit', idNumber: 'H1234567801' }] } })
    const host = await t.login('lisi')
    const noReason = await t.http.get(`/api/v1/visits/${id}/pii`).set(bearer(host))
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const shown = await t.http.get(`/api/v1/visits/${id}/pii`).query({ reason: '核对来访人身份' }).set(bearer(host))
    expect(shown.status).toBe(200)
    expect(shown.body).toEqual({ visitorName: '林访客', mobile: body.mobile, idType: 'id_card', idNumber: body.idNumber, companions: [{ name: '同行甲', idType: 'hk_macau_permit', idNumber: 'H1234567801' }] })
    const [log] = await t.database.pool.query('SELECT viewer_user_id, reason FROM pii_access_log WHERE visit_id = ?', [id])
    expect(log).toEqual([{ viewer_user_id: lisi, reason: '核对来访人身份' }])

    expect((await t.http.get(`/api/v1/visits/${id}/pii`).query({ reason: '门岗核验' }).set(bearer(await t.login('guard1')))).status).toBe(200)
    const mine = await t.http.get(`/api/v1/visits/${id}/pii`).query({ reason: '看看' }).set(bearer(visitor))
    expect([mine.status, mine.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const stranger = await t.http.get(`/api/v1/visits/${id}/pii`).query({ reason: '看看' }).set(bearer(await t.login('wangwu')))
    expect(stranger.status).toBe(404)
    const [after] = await t.database.pool.query('SELECT COUNT(*) AS n FROM pii_access_log WHERE visit_id = ?', [id])
    expect(Number((after as { n: number }[])[0].n)).toBe(2)

    const audit = await t.http.get('/api/v1/visits/pii-audit').set(bearer(await t.login('admin')))
    expect(audit.body.items.slice(0, 2)).toEqual([
      expect.objectContaining({ viewer: '钱国强', visitId: id, visitorName: '林访客', reason: '门岗核验' }),
      expect.objectContaining({ viewer: '李四', visitId: id, visitorName: '林访客', reason: '核对来访人身份' }),
    ])
  })

  it('a reason must show something: a zero-width space, a BOM or blanks are 400 and nothing is shown or logged', async () => {
    const { id } = await bookedVisit(t)
    const host = await t.login('lisi')
    for (const reason of ['\u200b', '\ufeff', ' \u3000\u00a0 ', '\u200d\u2060']) {
      const response = await t.http.get(`/api/v1/visits/${id}/pii`).query({ reason }).set(bearer(host))
      expect([response.status, response.body.error.code, response.body.error.details.issues]).toEqual([400, 'VALIDATION_FAILED', [{ path: 'reason', message: '请填写查看原因' }]])
    }
    // the same rule for the other reasons: refusing a visit
    const reject = await post(host, `/api/v1/visits/${id}/reject`, { reason: '\u200b' })
    expect([reject.status, reject.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const [logged] = await t.database.pool.query('SELECT COUNT(*) AS n FROM pii_access_log WHERE visit_id = ?', [id])
    expect(Number((logged as { n: number }[])[0].n)).toBe(0)
    expect((await get(host, id)).body.status).toBe('pending')
  })
})

describe('walk-ins at the gate', () => {
  const walkIn = (token: string, body: Record<string, unknown>, key = idempotencyKey()) => t.http.post('/api/v1/gate/walk-ins').set(bearer(token)).set('Idempotency-Key', key).send(body)
  const walkInBody = (hostId: number, overrides: Record<string, unknown> = {}) => {
    const { startAt: _s, endAt: _e, ...rest } = bookingBody(hostId, overrides)
    return rest
  }

  it('the guard registers a visitor: pending until today ends, the host notified, the guard told the answer', async () => {
    const guard = await t.login('guard1')
    const key = idempotencyKey()
    const body = walkInBody(lisi)
    const created = await walkIn(guard, body, key)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'pending', source: 'walk_in', host: { name: '李四' }, decider: { name: '李四', escalated: false } })
    const end = new Date(created.body.endAt)
    expect(end.toISOString().slice(11)).toBe('16:00:00.000Z') // midnight in Shanghai
    expect(end.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000)
    expect(Math.abs(new Date(created.body.startAt).getTime() - Date.now())).toBeLessThan(60_000)
    // a retry answers the same visit
    expect((await walkIn(guard, body, key)).body.id).toBe(created.body.id)
    expect((await notifications(lisi, '访客到访，待您审批')).some((n) => n.link.endsWith(`id=${created.body.id}`))).toBe(true)

    await post(await t.login('lisi'), `/api/v1/visits/${created.body.id}/approve`)
    expect((await notifications(await userId(t, 'guard1'), '现场登记的访客已获同意')).some((n) => n.link.endsWith(`id=${created.body.id}`))).toBe(true)
  })

  it('a blocked ID is told to the guard as 黑名单; only guards register; nothing written', async () => {
    const blocked = idCard()
    await post(await t.login('admin'), '/api/v1/visits/blocklist', { idType: 'id_card', idNumber: blocked, reason: '测试' })
    const before = await visitCount(t)
    const refused = await walkIn(await t.login('guard1'), walkInBody(lisi, { idNumber: blocked }))
    expect([refused.status, refused.body.error.code]).toEqual([403, 'VISIT_BLOCKED'])
    expect(refused.body.error.message).toMatch(/黑名单/)
    const notGuard = await walkIn(visitor, walkInBody(lisi))
    expect([notGuard.status, notGuard.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const badId = await walkIn(await t.login('guard1'), walkInBody(lisi, { idNumber: badCheckDigit(idCard()) }))
    expect([badId.status, badId.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(await visitCount(t)).toBe(before)
  })
})
