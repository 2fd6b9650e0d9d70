import { PAGES, pageUrl } from '@egj/shared'
import { JobRunner } from '../../../lib/jobs'
import { createLogger } from '../../../lib/logger'
import { startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { insertTicket } from '../../../../test/ticket-fixtures'
import { startClock } from '../common/sla'
import { addWorkingMinutes, DEFAULT_CALENDAR } from '../common/working-time'
import { TicketReminderService } from './reminders.service'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const rows = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]
const usersWith = async (role: string) => (await rows<{ id: number }>("SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = ? WHERE u.status = 'active' ORDER BY u.id", [role])).map((r) => r.id)

/**
 * Monday 3 March 2025, 09:00 in Shanghai: a working morning (08:30–12:00, then 13:30–17:30). In
 * the past on purpose: the job looks at every open ticket in the shared test database, and every
 * other suite's tickets start later, so at this clock they have used nothing and stay out of the way.
 */
const START = new Date('2025-03-03T09:00:00+08:00')
const after = (minutes: number, from = START) => addWorkingMinutes(DEFAULT_CALENDAR, from, minutes)

describe('the SLA reminders job, with a test clock', () => {
  it('walks a ticket through 75 / 100 / 200 %: the worker, then the dispatchers (超时提醒), then the centre (超时上报), each once; a rerun sends nothing; a paused ticket gets nothing; a reopening starts again', async () => {
    const reporter = await createUser(t, ['staff'], { name: '报修人' })
    const worker = await createUser(t, ['staff', 'repair_worker'], { name: '维修工甲' })
    await createUser(t, ['staff', 'repair_dispatcher'], { name: '调度员甲' })
    await createUser(t, ['admin'], { name: '中心管理员' })
    const dispatchers = await usersWith('repair_dispatcher')
    const admins = await usersWith('admin')

    // assigned to the worker, not accepted: accept 120 working minutes, finish 450
    const assigned = await insertTicket(t, { reporterUserId: reporter.userId, at: START, status: 'assigned', acceptMinutes: 120, finishMinutes: 450, set: { workerUserId: worker.userId, assignment: 1 } })
    // accepted, then paused 10 minutes in, for good: a paused clock reminds no one, however late
    const paused = await insertTicket(t, {
      reporterUserId: reporter.userId,
      at: START,
      status: 'paused',
      acceptMinutes: 30,
      finishMinutes: 60,
      set: { workerUserId: worker.userId, acceptedAt: after(5), pausedAt: after(10), pauseReason: 'parts' },
    })
    // a 咨询 waiting for the centre's reply: its clock is the reply (finish 1350), reminders to the admins
    const question = await insertTicket(t, { kind: 'question', reporterUserId: reporter.userId, at: START, acceptMinutes: 450, finishMinutes: 1350 })

    let clock = START
    const service = new TicketReminderService({ db: t.database.db, notifications: t.services.notifications, log: createLogger('silent'), now: () => clock })
    const runner = new JobRunner(t.database, createLogger('silent'), 'bff-a')
    service.registerJobs(runner)
    const runAt = async (at: Date) => {
      clock = at
      await t.database.pool.query("UPDATE job_schedule SET next_run_at = UTC_TIMESTAMP(3), lease_until = NULL WHERE name = 'tickets.sla-reminders'")
      expect(await runner.tick()).toEqual(['tickets.sla-reminders'])
    }

    const said = async (ticket: { description: string }) =>
      (await rows<{ user_id: number; title: string; link: string }>('SELECT user_id, title, link FROM notifications WHERE body LIKE ? ORDER BY id', [`%「${ticket.description}」%`])).map((n) => `${n.user_id}:${n.title}`)
    const events = async (ticket: { id: number }) => (await rows<{ kind: string; text: string; actor_name: string }>("SELECT kind, text, actor_name FROM ticket_events WHERE ticket_id = ? AND kind IN ('reminded', 'escalated') ORDER BY id", [ticket.id]))
    const expected: string[] = []
    const to = (userIds: number[], title: string) => expected.push(...userIds.map((id) => `${id}:${title}`))

    // 89 working minutes: under 75 % of 120
    await runAt(after(89))
    expect(await said(assigned)).toEqual([])
    // 90 (10:30): 75 % — the worker holding it
    await runAt(after(90))
    to([worker.userId], '报修接单时限将到')
    expect(await said(assigned)).toEqual(expected)
    const [warned] = await rows<{ body: string; link: string }>('SELECT body, link FROM notifications WHERE body LIKE ? ORDER BY id', [`%「${assigned.description}」%`])
    expect(warned.body).toBe(`报修「${assigned.description}」（测试楼 1楼 · 大厅）的接单时限已用去 75%，将于 3月3日 11:00 到期（按工作时间计），请尽快接单。`)
    expect(warned.link).toBe(pageUrl(PAGES.repairTicket, { id: assigned.id }))
    // the same minute again, and a second instance's run: nothing more
    await runAt(after(90))
    expect(await service.sendReminders()).toBe(0)
    expect(await said(assigned)).toEqual(expected)

    // 11:00: 100 % — the dispatchers, and the ticket's history says so
    await runAt(after(120))
    to(dispatchers, '报修接单超时')
    expect(await said(assigned)).toEqual(expected)
    expect(await events(assigned)).toEqual([{ kind: 'reminded', text: '接单超时（应于 3月3日 11:00 前接单），已提醒报修调度员', actor_name: '系统' }])

    // 240 working minutes (14:30, the lunch break not counted): 200 % — the centre
    expect(after(240)).toEqual(new Date('2025-03-03T14:30:00+08:00'))
    await runAt(new Date('2025-03-03T14:29:00+08:00'))
    expect(await said(assigned)).toEqual(expected)
    await runAt(after(240))
    to(admins, '报修严重超时')
    expect(await said(assigned)).toEqual(expected)
    expect((await events(assigned)).map((e) => e.kind)).toEqual(['reminded', 'escalated'])

    // the finish clock: 75 % of 450 = 337.5 working minutes → at 338, the worker again (the ticket now accepted)
    await t.database.pool.query("UPDATE tickets SET status = 'accepted', accepted_at = ? WHERE id = ?", [after(241), assigned.id])
    await runAt(after(337))
    expect(await said(assigned)).toEqual(expected)
    await runAt(after(338))
    to([worker.userId], '报修完工时限将到')
    expect(await said(assigned)).toEqual(expected)

    // the paused ticket: nothing, ever (its accept clock stopped at 5 minutes, its finish clock is paused)
    await runAt(after(2000))
    expect(await said(paused)).toEqual([])
    expect(await events(paused)).toEqual([])

    // 服务受理: the reply clock, to the centre; 2000 working minutes is past 100 % of 1350 but not 200 %
    expect(await said(question)).toEqual([...admins.map((id) => `${id}:咨询答复时限将到`), ...admins.map((id) => `${id}:咨询答复超时`)])
    expect((await events(question)).map((e) => e.text)).toEqual([expect.stringMatching(/^答复超时（应于 .* 前答复），已提醒管理中心$/)])

    // the finish clock of the first ticket ran on too (2000 ≥ 200 % of 450): dispatchers then the centre
    to(dispatchers, '报修完工超时')
    to(admins, '报修严重超时')
    expect(await said(assigned)).toEqual(expected)

    // reopened (not fixed): a new clock from the reopening, reminded afresh (cycle 1)
    const reopenedAt = after(2100)
    await t.database.pool.query('UPDATE tickets SET status = ?, accepted_at = NULL, reopen_count = 1, clock_started_at = ?, accept_by = ?, finish_by = ? WHERE id = ?', [
      'assigned',
      reopenedAt,
      startClock(DEFAULT_CALENDAR, { acceptMinutes: 120, finishMinutes: 450 }, reopenedAt).acceptBy,
      startClock(DEFAULT_CALENDAR, { acceptMinutes: 120, finishMinutes: 450 }, reopenedAt).finishBy,
      assigned.id,
    ])
    const before = (await said(assigned)).length
    await runAt(after(90, reopenedAt))
    expect((await said(assigned)).slice(before)).toEqual([`${worker.userId}:报修接单时限将到`])
    const [[reminders]] = (await t.database.pool.query('SELECT COUNT(*) AS n, SUM(cycle = 1) AS again FROM ticket_reminders WHERE ticket_id = ?', [assigned.id])) as unknown as [{ n: number; again: string }[]]
    expect([Number(reminders.n), Number(reminders.again)]).toEqual([7, 1])
  })

  it('an unassigned ticket’s 75 % goes to the dispatchers; a closed one gets nothing; the row is inserted first, so a step marked sent is never sent again', async () => {
    const reporter = await createUser(t, ['staff'])
    await createUser(t, ['staff', 'repair_dispatcher'], { name: '调度员乙' })
    const dispatchers = await usersWith('repair_dispatcher')
    const waiting = await insertTicket(t, { reporterUserId: reporter.userId, at: START, urgency: 'urgent', acceptMinutes: 30, finishMinutes: 240 })
    const closed = await insertTicket(t, { reporterUserId: reporter.userId, at: START, status: 'closed', acceptMinutes: 30, finishMinutes: 240, set: { closedAt: after(1) } })
    // a crash after the mark and before the notice would leave this: the step counts as sent
    const marked = await insertTicket(t, { reporterUserId: reporter.userId, at: START, acceptMinutes: 30, finishMinutes: 240 })
    await t.database.pool.query("INSERT INTO ticket_reminders (ticket_id, clock, level, cycle, sent_at) VALUES (?, 'accept', 'warn', 0, ?)", [marked.id, after(23)])
    let clock = after(23)
    const service = new TicketReminderService({ db: t.database.db, notifications: t.services.notifications, log: createLogger('silent'), now: () => clock })
    await Promise.all([service.sendReminders(), service.sendReminders()])
    const said = async (ticket: { description: string }) => (await rows<{ user_id: number; title: string; body: string }>('SELECT user_id, title, body FROM notifications WHERE body LIKE ? ORDER BY id', [`%「${ticket.description}」%`]))
    expect((await said(waiting)).map((n) => n.user_id)).toEqual(dispatchers)
    expect((await said(waiting))[0].body).toMatch(/接单时限已用去 75%.*请尽快派单。$/)
    expect(await said(closed)).toEqual([])
    expect(await said(marked)).toEqual([])
    clock = after(30)
    await service.sendReminders()
    expect((await said(marked)).map((n) => n.title)).toEqual(dispatchers.map(() => '报修接单超时'))
  })
})
