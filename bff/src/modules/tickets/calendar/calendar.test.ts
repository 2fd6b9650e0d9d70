import { DEFAULT_SLA_TARGETS, DEFAULT_WORK_SPANS, DEFAULT_WORK_WEEKDAYS, shanghaiDate } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'

let t: TestApp
let admin: string
let dispatcher: { userId: number; token: string }
let worker: { userId: number; token: string }
let staff: { userId: number; token: string }
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
  dispatcher = await createUser(t, ['staff', 'repair_dispatcher'])
  worker = await createUser(t, ['staff', 'repair_worker'])
  staff = await createUser(t, ['staff'])
})
afterAll(async () => {
  // leave the shared database's calendar as the migration made it
  await t.database.pool.query('DELETE FROM work_hours')
  await t.database.pool.query('DELETE FROM sla_targets')
  await t.database.pool.query("DELETE FROM work_calendar_days WHERE day LIKE '2041-%'")
  await t.close()
})

const failure = (response: { status: number; body: { error?: { code?: string } } }) => [response.status, response.body.error?.code]
const rows = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]
const auditOf = (entity: string, entityId: string) =>
  rows<{ action: string; before: unknown; after: unknown; reason: string | null }>('SELECT action, `before`, `after`, reason FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id', [entity, entityId])

// The calendar is one for the whole database: these run one after the other and put it back.
describe('the working calendar and the SLA targets', () => {
  it('reads the week, the hours, the year’s 法定节假日 and 调休 days (the migration’s 2026) and every target', async () => {
    for (const who of [dispatcher.token, worker.token, admin]) {
      const calendar = await t.http.get('/api/v1/work-calendar').query({ year: 2026 }).set(bearer(who))
      expect(calendar.status).toBe(200)
      expect(calendar.body.weekdays).toEqual(DEFAULT_WORK_WEEKDAYS)
      expect(calendar.body.spans).toEqual(DEFAULT_WORK_SPANS)
      expect(calendar.body.targets).toEqual(DEFAULT_SLA_TARGETS)
      expect(calendar.body.days.length).toBeGreaterThan(10)
      expect(calendar.body.days.every((d: { date: string }) => d.date.startsWith('2026-'))).toBe(true)
      expect(calendar.body.days.some((d: { kind: string }) => d.kind === 'workday')).toBe(true)
    }
    const thisYear = await t.http.get('/api/v1/work-calendar').set(bearer(admin))
    const year = shanghaiDate(new Date()).slice(0, 4)
    expect(thisYear.body.days.every((d: { date: string }) => d.date.startsWith(`${year}-`))).toBe(true)
    expect(failure(await t.http.get('/api/v1/work-calendar').set(bearer(staff.token)))).toEqual([403, 'FORBIDDEN'])
  })

  it('sets the hours: spans sorted, overlapping refused 422 with nothing written, audited with the reason', async () => {
    const overlap = await t.http
      .put('/api/v1/work-calendar/hours')
      .set(bearer(admin))
      .send({ weekdays: [1, 2, 3, 4, 5], spans: [{ start: 13 * 60, end: 17 * 60 }, { start: 8 * 60, end: 13 * 60 + 30 }], reason: '夏令时' })
    expect(failure(overlap)).toEqual([422, 'WORK_CALENDAR_SPANS_OVERLAP'])
    expect(overlap.body.error.message).toBe('工作时间段 08:00–13:30 与 13:00–17:00 重叠')
    expect(await rows('SELECT * FROM work_hours')).toEqual([])
    expect(failure(await t.http.put('/api/v1/work-calendar/hours').set(bearer(admin)).send({ weekdays: [1], spans: [{ start: 600, end: 500 }], reason: '测试' }))).toEqual([400, 'VALIDATION_FAILED'])
    expect(failure(await t.http.put('/api/v1/work-calendar/hours').set(bearer(admin)).send({ weekdays: [1], spans: [{ start: 480, end: 720 }] }))).toEqual([400, 'VALIDATION_FAILED'])

    const set = await t.http
      .put('/api/v1/work-calendar/hours')
      .set(bearer(admin))
      .send({ weekdays: [5, 1, 2, 3, 4, 6], spans: [{ start: 14 * 60, end: 18 * 60 }, { start: 9 * 60, end: 12 * 60 }], reason: '夏令时' })
    expect(set.status).toBe(200)
    expect(set.body).toMatchObject({ weekdays: [1, 2, 3, 4, 5, 6], spans: [{ start: 540, end: 720 }, { start: 840, end: 1080 }] })
    // the same again: nothing written
    await t.http.put('/api/v1/work-calendar/hours').set(bearer(admin)).send({ weekdays: [1, 2, 3, 4, 5, 6], spans: [{ start: 540, end: 720 }, { start: 840, end: 1080 }], reason: '重复提交' }).expect(200)
    expect(await auditOf('work_calendar', 'hours')).toEqual([
      { action: 'work_calendar.hours', before: { weekdays: DEFAULT_WORK_WEEKDAYS, spans: DEFAULT_WORK_SPANS }, after: { weekdays: [1, 2, 3, 4, 5, 6], spans: [{ start: 540, end: 720 }, { start: 840, end: 1080 }] }, reason: '夏令时' },
    ])
    expect(failure(await t.http.put('/api/v1/work-calendar/hours').set(bearer(dispatcher.token)).send({ weekdays: [1], spans: [{ start: 480, end: 720 }], reason: '测试' }))).toEqual([403, 'FORBIDDEN'])
  })

  it('sets, changes and clears a special day, each audited; a day never set clears to nothing', async () => {
    const set = await t.http.put('/api/v1/work-calendar/days/2041-10-08').set(bearer(admin)).send({ kind: 'holiday', name: '国庆节' })
    expect(set.status).toBe(200)
    expect(set.body.days).toEqual([{ date: '2041-10-08', kind: 'holiday', name: '国庆节' }])
    await t.http.put('/api/v1/work-calendar/days/2041-10-08').set(bearer(admin)).send({ kind: 'holiday', name: '国庆节' }).expect(200)
    const changed = await t.http.put('/api/v1/work-calendar/days/2041-10-08').set(bearer(admin)).send({ kind: 'workday', name: '国庆调休' })
    expect(changed.body.days).toEqual([{ date: '2041-10-08', kind: 'workday', name: '国庆调休' }])
    expect((await t.http.delete('/api/v1/work-calendar/days/2041-10-08').set(bearer(admin))).body.days).toEqual([])
    expect((await t.http.delete('/api/v1/work-calendar/days/2041-10-08').set(bearer(admin))).status).toBe(200)
    expect(await auditOf('work_calendar', '2041-10-08')).toEqual([
      { action: 'work_calendar.day_set', before: null, after: { kind: 'holiday', name: '国庆节' }, reason: null },
      { action: 'work_calendar.day_update', before: { kind: 'holiday', name: '国庆节' }, after: { kind: 'workday', name: '国庆调休' }, reason: null },
      { action: 'work_calendar.day_clear', before: { kind: 'workday', name: '国庆调休' }, after: null, reason: null },
    ])
    expect(failure(await t.http.put('/api/v1/work-calendar/days/2041-02-30').set(bearer(admin)).send({ kind: 'holiday', name: '无' }))).toEqual([400, 'VALIDATION_FAILED'])
    expect(failure(await t.http.put('/api/v1/work-calendar/days/2041-10-09').set(bearer(admin)).send({ kind: 'weekend', name: '无' }))).toEqual([400, 'VALIDATION_FAILED'])
    expect(failure(await t.http.delete('/api/v1/work-calendar/days/2041-10-09').set(bearer(worker.token)))).toEqual([403, 'FORBIDDEN'])
  })

  it('sets targets (one audit row per target changed, with the reason); the clock of a new ticket counts against them', async () => {
    const refused = await t.http
      .put('/api/v1/work-calendar/targets')
      .set(bearer(admin))
      .send({ items: [{ category: 'hvac', urgency: 'urgent', acceptMinutes: 300, finishMinutes: 240 }], reason: '调整' })
    expect(failure(refused)).toEqual([400, 'VALIDATION_FAILED'])
    expect(refused.body.error.message).toBe('「空调暖通 · 紧急」的接单时限不能长于完工时限')
    const twice = await t.http
      .put('/api/v1/work-calendar/targets')
      .set(bearer(admin))
      .send({ items: [{ category: 'hvac', urgency: 'urgent', acceptMinutes: 20, finishMinutes: 240 }, { category: 'hvac', urgency: 'urgent', acceptMinutes: 30, finishMinutes: 240 }], reason: '调整' })
    expect(failure(twice)).toEqual([400, 'VALIDATION_FAILED'])
    expect(await rows('SELECT * FROM sla_targets')).toEqual([])

    const hvacUrgent = DEFAULT_SLA_TARGETS.find((d) => d.category === 'hvac' && d.urgency === 'urgent')!
    const set = await t.http
      .put('/api/v1/work-calendar/targets')
      .set(bearer(admin))
      .send({
        items: [
          { category: 'hvac', urgency: 'urgent', acceptMinutes: 20, finishMinutes: hvacUrgent.finishMinutes },
          { category: 'service', urgency: 'normal', acceptMinutes: 240, finishMinutes: 900 },
          { ...DEFAULT_SLA_TARGETS[0] },
        ],
        reason: '夏季空调报修多',
      })
    expect(set.status).toBe(200)
    expect(set.body.targets).toContainEqual({ category: 'hvac', urgency: 'urgent', acceptMinutes: 20, finishMinutes: hvacUrgent.finishMinutes })
    expect(set.body.targets).toContainEqual({ category: 'service', urgency: 'normal', acceptMinutes: 240, finishMinutes: 900 })
    expect(set.body.targets).toHaveLength(DEFAULT_SLA_TARGETS.length)
    expect(await auditOf('sla_target', 'hvac:urgent')).toEqual([{ action: 'sla_target.update', before: { acceptMinutes: hvacUrgent.acceptMinutes }, after: { acceptMinutes: 20 }, reason: '夏季空调报修多' }])
    expect(await auditOf('sla_target', 'service:normal')).toHaveLength(1)
    expect(await auditOf('sla_target', `${DEFAULT_SLA_TARGETS[0].category}:${DEFAULT_SLA_TARGETS[0].urgency}`)).toEqual([])
    const { slaTargetFor } = await import('../common/calendar.repo')
    expect(await slaTargetFor(t.database.db, 'hvac', 'urgent')).toEqual({ category: 'hvac', urgency: 'urgent', acceptMinutes: 20, finishMinutes: hvacUrgent.finishMinutes })
    expect(failure(await t.http.put('/api/v1/work-calendar/targets').set(bearer(dispatcher.token)).send({ items: [hvacUrgent], reason: '调整' }))).toEqual([403, 'FORBIDDEN'])
  })
})
