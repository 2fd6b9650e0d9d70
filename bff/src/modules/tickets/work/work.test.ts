import { startTestApp, bearer, type TestApp } from '../../../../test/harness'
import { idempotencyKey, outcomes } from '../../../../test/factories'
import { insertAsset } from '../../../../test/asset-fixtures'
import { act, insertLocation, person, pngBase64, report, servicesAt, show, userOf, type Person } from '../../../../test/ticket-world'

let t: TestApp
let reporter: Person
let dispatcher: Person
let worker: Person
let other: Person
beforeAll(async () => {
  t = await startTestApp()
  reporter = await person(t, ['staff'], '报修人乙')
  dispatcher = await person(t, ['staff', 'repair_dispatcher'], '调度员乙')
  worker = await person(t, ['staff', 'repair_worker'], '维修工甲')
  other = await person(t, ['staff', 'repair_worker'], '维修工乙')
})
afterAll(() => t.close())

const rows = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]
const newTicket = async (body: Record<string, unknown> = {}) => (await report(t, reporter, { locationId: (await insertLocation(t)).id, ...body })).body.id as number

describe('the repair lifecycle', () => {
  it('assign → accept → start → pause → resume → finish → confirm, each step an event; the next party told', async () => {
    const asset = await insertAsset(t, { unit: '市机关事务管理中心' })
    const id = (await report(t, reporter, { code: asset.code, category: 'furniture' })).body.id
    const assigned = await act(t, dispatcher, id, 'assign', { workerId: worker.userId })
    expect(assigned.body).toMatchObject({ status: 'assigned', holderName: '维修工甲', worker: { id: worker.userId } })
    expect((await rows<{ title: string }>('SELECT title FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1', [worker.userId]))[0].title).toBe('新派单，请接单')
    expect(show(await act(t, worker, id, 'start'))).toBe('409 TICKET_STATE')
    expect((await act(t, worker, id, 'accept')).body.status).toBe('accepted')
    // a second tap (or the proxy replaying the first) is told it is accepted, and nothing is written twice
    expect((await act(t, worker, id, 'accept')).body.status).toBe('accepted')
    const started = await act(t, worker, id, 'start')
    expect(started.body.can).toMatchObject({ pause: true, finish: true, accept: false })
    const refused = await act(t, worker, id, 'accept')
    expect(show(refused)).toBe('409 TICKET_STATE')
    expect(refused.body.error.message).toBe('工单当前为“维修中”，不能接单')
    expect((await act(t, worker, id, 'pause', { reason: 'parts', note: '等水阀' })).body).toMatchObject({ status: 'paused', pauseReason: 'parts' })
    const paused = await act(t, worker, id, 'finish', { note: '修好了' })
    expect(show(paused)).toBe('409 TICKET_STATE')
    expect((await act(t, worker, id, 'resume')).body.status).toBe('in_progress')
    const finished = await act(t, worker, id, 'finish', { note: '更换椅脚', parts: '椅脚 ×1', costFen: 3500, photos: [pngBase64()] })
    expect(finished.body).toMatchObject({ status: 'finished', statusLabel: '待确认', finishNote: '更换椅脚', costFen: 3500 })
    expect(finished.body.photos.map((p: { stage: string }) => p.stage)).toEqual(['finish'])
    expect((await rows<{ title: string }>('SELECT title FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1', [reporter.userId]))[0].title).toBe('报修已完工，请确认')
    const closed = await act(t, reporter, id, 'confirm', { rating: 5, comment: '很及时' })
    expect(closed.body).toMatchObject({ status: 'closed', rating: 5 })
    expect(closed.body.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'assigned', 'accepted', 'started', 'paused', 'resumed', 'finished', 'confirmed'])
    expect((await rows<{ kind: string }>('SELECT kind FROM asset_events WHERE asset_id = ? ORDER BY id', [asset.id])).map((r) => r.kind)).toEqual(expect.arrayContaining(['repair_reported', 'repaired']))
  })

  it('who may act: another worker gets 404 as for a missing ticket; the reporter and dispatcher are refused at the route; an inactive assignee is 422', async () => {
    const id = await newTicket()
    await act(t, dispatcher, id, 'assign', { workerId: worker.userId })
    expect(show(await act(t, other, id, 'accept'))).toBe('404 NOT_FOUND')
    expect(show(await t.http.get(`/api/v1/tickets/${id}`).set(bearer(other.token)))).toBe('404 NOT_FOUND')
    expect(show(await act(t, reporter, id, 'accept'))).toBe('403 FORBIDDEN')
    expect(show(await act(t, dispatcher, id, 'accept'))).toBe('403 FORBIDDEN')
    expect(show(await act(t, dispatcher, id, 'assign', { workerId: reporter.userId }))).toBe('422 TICKET_ASSIGNEE_INVALID')
    expect(show(await act(t, dispatcher, id, 'assign', { workerId: worker.userId, firmId: 1 }))).toBe('400 VALIDATION_FAILED')
    // 改派: the first worker is told, the new one holds it
    const moved = await act(t, dispatcher, id, 'assign', { workerId: other.userId })
    expect(moved.body.holderName).toBe('维修工乙')
    expect(show(await act(t, worker, id, 'accept'))).toBe('404 NOT_FOUND')
  })

  it('8 parallel accepts by two workers on one ticket: one accept recorded; every tap of the holder is told it is accepted, the other worker 404', async () => {
    const id = await newTicket()
    await act(t, dispatcher, id, 'assign', { workerId: worker.userId })
    const responses = await Promise.all(Array.from({ length: 8 }, (_v, i) => act(t, i % 2 ? other : worker, id, 'accept')))
    expect(outcomes(responses)).toEqual({ '200': 4, '404 NOT_FOUND': 4 })
    expect(responses.filter((r) => r.status === 200).map((r) => r.body.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
    expect(await rows("SELECT id FROM ticket_events WHERE ticket_id = ? AND kind = 'accepted'", [id])).toHaveLength(1)
  })

  it('a step replayed after it was taken (pause, resume, finish) answers the ticket as it is and writes no second event', async () => {
    const id = await newTicket()
    await act(t, dispatcher, id, 'assign', { workerId: worker.userId })
    await act(t, worker, id, 'accept')
    await act(t, worker, id, 'start')
    for (const [step, body, status] of [['pause', { reason: 'parts' }, 'paused'], ['resume', undefined, 'in_progress'], ['finish', { note: '换了水阀' }, 'finished']] as const) {
      const [first, again] = await Promise.all([act(t, worker, id, step, body), act(t, worker, id, step, body)])
      expect([first.status, again.status, first.body.status, again.body.status]).toEqual([200, 200, status, status])
    }
    expect((await rows<{ kind: string }>('SELECT kind FROM ticket_events WHERE ticket_id = ? ORDER BY id', [id])).map((r) => r.kind)).toEqual(['submitted', 'assigned', 'accepted', 'started', 'paused', 'resumed', 'finished'])
  })

  it('reopened: back to the same worker, the clock restarted from the reopening, the worker and dispatchers told', async () => {
    const id = await newTicket()
    await act(t, dispatcher, id, 'assign', { workerId: worker.userId })
    await act(t, worker, id, 'accept')
    await act(t, worker, id, 'finish', { note: '紧固' })
    const back = await act(t, reporter, id, 'reopen', { reason: '还在漏' })
    expect(back.body).toMatchObject({ status: 'assigned', reopenCount: 1, worker: { id: worker.userId } })
    expect(Date.parse(back.body.clocks.startedAt)).toBeGreaterThan(Date.parse(back.body.createdAt))
    expect((await rows<{ title: string }>('SELECT title FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1', [worker.userId]))[0].title).toBe('报修被退回，请重新处理')
  })

  it('todos: the dispatcher’s 待派单, the worker’s 待接单; a leaver’s tickets go back to 待派单', async () => {
    const leaving = await person(t, ['staff', 'repair_worker'], '离岗维修工')
    const id = await newTicket()
    await act(t, dispatcher, id, 'assign', { workerId: leaving.userId })
    const todos = await t.http.get('/api/v1/todos').set(bearer(leaving.token))
    expect(todos.body.items.map((i: { kind: string }) => i.kind)).toContain('tickets.accept')
    await newTicket()
    const dispatcherTodos = await t.http.get('/api/v1/todos').set(bearer(dispatcher.token))
    expect(dispatcherTodos.body.items.map((i: { kind: string }) => i.kind)).toContain('tickets.dispatch')
    const admin = await t.login('admin')
    const left = await t.http.post(`/api/v1/admin/users/${leaving.userId}/deactivate`).set(bearer(admin)).send({ reason: '调离' })
    expect(left.status).toBe(200)
    expect(JSON.stringify(left.body)).toContain('已退回待派单')
    const [row] = await rows<{ status: string; worker_user_id: number | null }>('SELECT status, worker_user_id FROM tickets WHERE id = ?', [id])
    expect(row).toEqual({ status: 'submitted', worker_user_id: null })
  })
})

describe('the SLA clock (working time, test clock)', () => {
  const at = (iso: string) => new Date(iso)
  async function withTarget<T>(finishMinutes: number, run: () => Promise<T>): Promise<T> {
    await t.database.pool.query("REPLACE INTO sla_targets (category, urgency, accept_minutes, finish_minutes) VALUES ('elevator', 'urgent', 30, ?)", [finishMinutes])
    try {
      return await run()
    } finally {
      await t.database.pool.query("DELETE FROM sla_targets WHERE category = 'elevator' AND urgency = 'urgent'")
    }
  }
  const create = async (now: Date) => {
    const s = servicesAt(t, () => now)
    const location = await insertLocation(t)
    return s.report.create(await userOf(t, reporter), { kind: 'repair', locationId: location.id, category: 'elevator', urgency: 'urgent', description: '电梯异响', photos: [] }, idempotencyKey())
  }

  // the working day ends at 17:30 (DEFAULT_WORK_SPANS): Friday 16:30 has 60 minutes left, Monday 08:30 starts the rest
  it('reported Friday 16:30 with 2 h to finish is due Monday 09:30 (Friday 15:30: Friday 17:30, the end of the working day, not Monday 08:30)', async () => {
    await withTarget(120, async () => {
      expect((await create(at('2026-12-04T16:30:00+08:00'))).finishBy).toBe(at('2026-12-07T09:30:00+08:00').toISOString())
      expect((await create(at('2026-12-04T15:30:00+08:00'))).finishBy).toBe(at('2026-12-04T17:30:00+08:00').toISOString())
    })
  })

  it('across a 调休 Saturday: Friday 2026-10-09 17:00 + 2 h is Saturday 10-10 10:00', async () => {
    await withTarget(120, async () => {
      expect((await create(at('2026-10-09T17:00:00+08:00'))).finishBy).toBe(at('2026-10-10T10:00:00+08:00').toISOString())
    })
  })

  it('a pause over the weekend does not count; a reopening restarts the clock from then', async () => {
    await withTarget(120, async () => {
      let now = at('2026-12-04T16:00:00+08:00')
      const s = servicesAt(t, () => now)
      const created = await create(now)
      const [d, w, r] = await Promise.all([userOf(t, dispatcher), userOf(t, worker), userOf(t, reporter)])
      await s.work.assign(d, created.id, { workerId: worker.userId })
      now = at('2026-12-04T16:30:00+08:00')
      await s.work.accept(w, created.id)
      await s.work.start(w, created.id)
      now = at('2026-12-04T17:00:00+08:00')
      await s.work.pause(w, created.id, { reason: 'parts' })
      now = at('2026-12-07T09:00:00+08:00')
      const resumed = await s.work.resume(w, created.id)
      // paused 17:00–17:30 Friday and 08:30–09:00 Monday: 60 working minutes, the weekend none
      expect(resumed.clocks.pausedMinutes).toBe(60)
      // due Monday 09:00 before the pause (Friday 16:00–17:30 is 90 minutes, 30 more on Monday), an hour later after it
      expect(resumed.finishBy).toBe(at('2026-12-07T10:00:00+08:00').toISOString())
      now = at('2026-12-07T09:30:00+08:00')
      const finished = await s.work.finish(w, created.id, { note: '更换导轨', photos: [] })
      expect(finished.clocks).toMatchObject({ finishUsedMinutes: 90 + 60 - 60, finishBreached: false })
      now = at('2026-12-08T09:00:00+08:00')
      const reopened = await s.report.reopen(r, created.id, { reason: '又响了' })
      expect(reopened.clocks).toMatchObject({ startedAt: now.toISOString(), pausedMinutes: 0, finishBreached: false })
      expect(reopened.finishBy).toBe(at('2026-12-08T11:00:00+08:00').toISOString())
      expect(reopened.reopenCount).toBe(1)
    })
  })
})
