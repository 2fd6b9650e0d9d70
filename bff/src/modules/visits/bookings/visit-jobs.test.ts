import { JobRunner } from '../../../lib/jobs'
import { createLogger } from '../../../lib/logger'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { bookedVisit, userId } from '../../../../test/visit-fixtures'
import { VisitService } from './bookings.service'

// The escalation and retention jobs, driven by the real job runner on a clock the test moves.

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

/** The app's VisitService rebuilt on a movable clock, its jobs on a runner of the test's own. */
function visitsOnClock() {
  let now = Date.now()
  const service = new VisitService({
    db: t.database.db,
    pii: t.services.pii,
    notifications: t.services.notifications,
    log: createLogger('silent'),
    escalateAfterMinutes: t.env.VISIT_ESCALATE_AFTER_MINUTES,
    retentionDays: t.env.VISIT_PII_RETENTION_DAYS,
    now: () => new Date(now),
  })
  // routes look the service up per request: from here on the API runs on this clock too
  t.services.visitBookings = service
  const runner = new JobRunner(t.database, createLogger('silent'), 'visit-jobs-test')
  service.registerJobs(runner)
  return {
    advance: (ms: number) => {
      now += ms
    },
    /** one tick of the runner, with the jobs' periods reset so each tick runs them (the runner's own schedule uses the database clock) */
    tick: async () => {
      await t.database.pool.query("UPDATE job_schedule SET next_run_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE name LIKE 'visits.%'")
      return runner.tick()
    },
  }
}

const row = async (id: number) => {
  const [rows] = await t.database.pool.query('SELECT * FROM visits WHERE id = ?', [id])
  return (rows as Record<string, unknown>[])[0]
}
const notificationsAbout = async (userIdValue: number, id: number) => {
  const [rows] = await t.database.pool.query('SELECT title FROM notifications WHERE user_id = ? AND link = ?', [userIdValue, `/packages/visit/pages/detail/index?id=${id}`])
  return (rows as { title: string }[]).map((r) => r.title)
}

describe('escalation', () => {
  it('after 30 minutes without an answer the host unit approver is asked, sees it, and his answer counts', async () => {
    const clock = visitsOnClock()
    const zhangsan = await userId(t, 'zhangsan')
    const lisi = await userId(t, 'lisi')
    const { id } = await bookedVisit(t, { hostId: zhangsan })
    const approver = await t.login('lisi')

    // before escalation the approver (not the host) does not see it
    expect((await t.http.get(`/api/v1/visits/${id}`).set(bearer(approver))).status).toBe(404)

    clock.advance(29 * 60_000)
    expect(await clock.tick()).toContain('visits.escalate')
    expect((await row(id)).escalated_at).toBeNull()

    clock.advance(2 * 60_000)
    await clock.tick()
    expect((await row(id)).escalated_at).not.toBeNull()
    expect(await notificationsAbout(lisi, id)).toEqual(['来访待审批（已超时转您处理）'])
    // a second run does not ask again
    await clock.tick()
    expect(await notificationsAbout(lisi, id)).toHaveLength(1)

    const visitorSees = await t.http.get(`/api/v1/visits/${id}`).set(bearer(await t.login('visitor1')))
    // other specs in this worker's database add approvers to the unit: 李四 is named first
    expect(visitorSees.body.decider).toEqual({ name: expect.stringMatching(/^李四(、|$)/), escalated: true })
    const hostList = await t.http.get('/api/v1/visits').query({ as: 'host' }).set(bearer(approver))
    expect(hostList.body.items.find((v: { id: number }) => v.id === id)).toMatchObject({ can: { approve: true } })
    const todos = await t.http.get('/api/v1/todos').set(bearer(approver))
    expect(todos.body.items).toContainEqual(expect.objectContaining({ kind: 'visit.approve', url: '/packages/visit/pages/list/index?tab=approve' }))

    const approved = await t.http.post(`/api/v1/visits/${id}/approve`).set(bearer(approver))
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: '李四', decider: null })
    const late = await t.http.post(`/api/v1/visits/${id}/reject`).set(bearer(await t.login('zhangsan'))).send({ reason: '晚了' })
    expect([late.status, late.body.error.code]).toEqual([409, 'VISIT_NOT_PENDING'])
  })

  it('an approver of another unit is not asked and cannot decide', async () => {
    const clock = visitsOnClock()
    const { id } = await bookedVisit(t, { hostId: await userId(t, 'zhangsan') })
    const elsewhere = await createUser(t, ['staff', 'approver'], { name: '别处审批' })
    await t.database.pool.query("UPDATE users SET unit_id = (SELECT id FROM units WHERE name = '市财政局') WHERE id = ?", [elsewhere.userId])
    clock.advance(31 * 60_000)
    await clock.tick()
    expect((await row(id)).escalated_at).not.toBeNull()
    expect(await notificationsAbout(elsewhere.userId, id)).toEqual([])
    const token = await t.login(elsewhere.username)
    expect((await t.http.post(`/api/v1/visits/${id}/approve`).set(bearer(token))).status).toBe(404)
  })
})

describe('retention purge', () => {
  it('180 days after its end a visit keeps no personal data, and still counts in the statistics', async () => {
    const clock = visitsOnClock()
    const { id, body } = await bookedVisit(t, { overrides: { visitorName: '欧阳访客', plateNo: '浙A12345', companions: [{ name: '司马同行', idType: 'passport', idNumber: 'E98765432' }] } })
    await t.http.post(`/api/v1/visits/${id}/approve`).set(bearer(await t.login('lisi')))
    const month = new Date(body.startAt as string)
    const statsMonth = new Date(month.getTime() + 8 * 3600_000).toISOString().slice(0, 7)
    const admin = await t.login('admin')
    const before = (await t.http.get('/api/v1/visits/stats').query({ month: statsMonth }).set(bearer(admin))).body

    clock.advance(179 * 86_400_000)
    await clock.tick()
    expect((await row(id)).purged_at).toBeNull()

    clock.advance(2 * 86_400_000)
    expect(await clock.tick()).toContain('visits.purge-pii')
    const purged = await row(id)
    expect(purged).toMatchObject({ visitor_name: '欧**', mobile_enc: null, mobile_hash: null, mobile_masked: null, id_number_enc: null, id_number_hash: null, id_number_masked: null, plate_no: null, status: 'approved' })
    expect(purged.purged_at).not.toBeNull()
    const [companions] = await t.database.pool.query('SELECT name, id_number_enc, id_number_hash, id_number_masked FROM visit_companions WHERE visit_id = ?', [id])
    expect(companions).toEqual([{ name: '司**', id_number_enc: null, id_number_hash: null, id_number_masked: null }])

    // the visitor still sees the visit, with nothing personal; nobody can open the data any more
    const seen = await t.http.get(`/api/v1/visits/${id}`).set(bearer(await t.login('visitor1')))
    expect(seen.body).toMatchObject({ visitorName: '欧**', mobileMasked: null, idNumberMasked: null, companions: [{ name: '司**', idNumberMasked: '（已清除）' }], can: { viewPii: false } })
    const pii = await t.http.get(`/api/v1/visits/${id}/pii`).query({ reason: '核对' }).set(bearer(admin))
    expect([pii.status, pii.body.error.code]).toEqual([403, 'FORBIDDEN'])

    const after = (await t.http.get('/api/v1/visits/stats').query({ month: statsMonth }).set(bearer(admin))).body
    expect(after.visits).toBe(before.visits)
    expect(after.byUnit).toEqual(before.byUnit)
  })
})
