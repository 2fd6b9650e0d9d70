import { JobRunner } from '../../../lib/jobs'
import { createLogger } from '../../../lib/logger'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey } from '../../../../test/factories'
import { insertAsset, createUnit, noonOf, shanghaiDay } from '../../../../test/asset-fixtures'
import { createUserOfUnit } from '../../../../test/vehicle-fleet'
import { addDays, dueReminders } from './loan-rules'
import { AssetLoanService } from './loans.service'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const rows = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]

describe('the reminder steps (pure)', () => {
  it('3 days before and on the due date, then +1, +3, +7; missed steps still go while out, the early ones only before the due date', () => {
    const end = '2026-05-10'
    expect(dueReminders(end, '2026-05-06')).toEqual([])
    expect(dueReminders(end, '2026-05-07')).toEqual(['due_in_3'])
    expect(dueReminders(end, '2026-05-09')).toEqual(['due_in_3'])
    expect(dueReminders(end, '2026-05-10')).toEqual(['due_today'])
    expect(dueReminders(end, '2026-05-11')).toEqual(['overdue_1'])
    expect(dueReminders(end, '2026-05-13')).toEqual(['overdue_1', 'overdue_3'])
    expect(dueReminders(end, '2026-05-17')).toEqual(['overdue_1', 'overdue_3', 'overdue_7'])
    expect(dueReminders(end, '2026-08-01')).toEqual(['overdue_1', 'overdue_3', 'overdue_7'])
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
  })
})

const TITLES = {
  due_in_3: '借用即将到期',
  due_today: '借用今天到期',
  overdue_1: '借用已逾期',
  overdue_3: '本单位人员借用逾期未还',
  overdue_7: '有借不还：借用逾期 7 天以上',
} as const

describe('the reminders job on the job runner, with a test clock', () => {
  it('sends each step once, to the right people, across simulated days, on one of two instances; a returned loan gets no more', async () => {
    // two units of their own: U1 has an approver (and a keeper); U2 only a keeper
    const owning = await createUnit(t)
    const keeper = await createUserOfUnit(t, owning.name, ['staff', 'asset_keeper'], '出借管理员')
    const u1 = await createUnit(t)
    const u2 = await createUnit(t)
    const approver1 = await createUserOfUnit(t, u1.name, ['staff', 'approver'], '单位一审批人')
    await createUserOfUnit(t, u1.name, ['staff', 'asset_keeper'], '单位一管理员')
    const keeper2 = await createUserOfUnit(t, u2.name, ['staff', 'asset_keeper'], '单位二管理员')
    const b1 = await createUserOfUnit(t, u1.name, ['staff'], '借用人一')
    const b2 = await createUserOfUnit(t, u2.name, ['staff'], '借用人二')
    const b3 = await createUserOfUnit(t, u1.name, ['staff'], '借用人三')
    const b5 = await createUserOfUnit(t, u1.name, ['staff'], '借用人五')
    await createUser(t, ['admin'], { name: '中心管理员' })
    const T = shanghaiDay(0)

    /** a loan of a fresh asset, approved and handed over today */
    const lend = async (borrower: { userId: number; token: string }, days: number) => {
      const asset = await insertAsset(t, { unitId: owning.id })
      const asked = await t.http.post('/api/v1/asset-loans').set(bearer(borrower.token)).set('Idempotency-Key', idempotencyKey()).send({ assetId: asset.id, startDate: T, endDate: addDays(T, days), purpose: '外出调研' })
      expect(asked.status).toBe(201)
      expect((await t.http.post(`/api/v1/asset-loans/${asked.body.id}/approve`).set(bearer(keeper.token))).status).toBe(200)
      expect((await t.http.post(`/api/v1/asset-loans/${asked.body.id}/hand-over`).set(bearer(keeper.token)).send({ code: asset.code })).status).toBe(200)
      return { id: asked.body.id as number, asset, borrower }
    }
    const L1 = await lend(b1, 5) // due T+5
    const L2 = await lend(b2, 1) // due T+1, borrower's unit without an approver
    const L3 = await lend(b3, 2) // due T+2, returned on T+3
    const L5 = await lend(b5, 0)
    // L5: the job was down — its due date is 9 days gone when the job first sees it
    await t.database.pool.query('UPDATE asset_loans SET start_date = ?, end_date = ? WHERE id = ?', [addDays(T, -10), addDays(T, -9), L5.id])
    await t.database.pool.query('DELETE FROM asset_loan_days WHERE loan_id = ?', [L5.id])

    // two instances over one database, each with the job on a service whose clock the test sets
    let clock = noonOf(T)
    const service = new AssetLoanService({ db: t.database.db, qr: t.services.qr, notifications: t.services.notifications, log: createLogger('silent'), maxDays: 90, now: () => clock })
    const runners = ['bff-a', 'bff-b'].map((name) => {
      const runner = new JobRunner(t.database, createLogger('silent'), name)
      service.registerJobs(runner)
      return runner
    })
    const admins = async () => (await rows<{ id: number }>("SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'admin' WHERE u.status = 'active'")).map((r) => r.id)

    /** what each loan's reminders said so far, as `<user>:<step>` sorted */
    const said = async (loan: { asset: { name: string } }) => {
      const found = await rows<{ user_id: number; title: string }>('SELECT user_id, title FROM notifications WHERE body LIKE ? AND title IN (?)', [`%「${loan.asset.name}」%`, Object.values(TITLES)])
      const stepOf = Object.fromEntries(Object.entries(TITLES).map(([step, title]) => [title, step]))
      return found.map((n) => `${n.user_id}:${stepOf[n.title]}`).sort()
    }
    const expected: Record<number, string[]> = { [L1.id]: [], [L2.id]: [], [L3.id]: [], [L5.id]: [] }
    const expect_ = (loan: { id: number }, userIds: number[], step: keyof typeof TITLES) => expected[loan.id].push(...userIds.map((userId) => `${userId}:${step}`))

    /** a simulated day: both instances tick at once; exactly one runs the job */
    const day = async (offset: number) => {
      clock = noonOf(addDays(T, offset))
      await t.database.pool.query("UPDATE job_schedule SET next_run_at = UTC_TIMESTAMP(3), lease_until = NULL WHERE name = 'assets.loan-reminders'")
      const ran = await Promise.all(runners.map((runner) => runner.tick()))
      expect(ran.flat().filter((name) => name === 'assets.loan-reminders')).toEqual(['assets.loan-reminders'])
    }
    const check = async () => {
      for (const loan of [L1, L2, L3, L5]) expect({ loan: loan.id, said: await said(loan) }).toEqual({ loan: loan.id, said: [...expected[loan.id]].sort() })
    }

    await day(0)
    expect_(L2, [b2.userId], 'due_in_3')
    expect_(L3, [b3.userId], 'due_in_3')
    // L5: everything it missed but the two before the due date, at once
    expect_(L5, [b5.userId], 'overdue_1')
    expect_(L5, [approver1.userId], 'overdue_3')
    expect_(L5, await admins(), 'overdue_7')
    await check()
    // the same day again: nothing new
    await day(0)
    await check()

    await day(1)
    expect_(L2, [b2.userId], 'due_today')
    await check()

    await day(2)
    expect_(L1, [b1.userId], 'due_in_3')
    expect_(L2, [b2.userId], 'overdue_1')
    expect_(L3, [b3.userId], 'due_today')
    await check()

    await day(3)
    expect_(L3, [b3.userId], 'overdue_1')
    await check()
    // L3 comes back: no more reminders for it
    expect((await t.http.post(`/api/v1/asset-loans/${L3.id}/return`).set(bearer(keeper.token)).send({ code: L3.asset.code, condition: 'good' })).status).toBe(200)

    await day(4)
    // no approver in U2: its keeper hears instead
    expect_(L2, [keeper2.userId], 'overdue_3')
    await check()

    await day(5)
    expect_(L1, [b1.userId], 'due_today')
    await check()

    await day(6)
    expect_(L1, [b1.userId], 'overdue_1')
    await check()

    await day(8)
    expect_(L1, [approver1.userId], 'overdue_3')
    expect_(L2, await admins(), 'overdue_7')
    await check()

    await day(12)
    expect_(L1, await admins(), 'overdue_7')
    await check()
    await day(13)
    await day(30)
    await check()

    // each step recorded once per loan
    const steps = await rows<{ loan_id: number; step: string }>('SELECT loan_id, step FROM asset_loan_reminders WHERE loan_id IN (?) ORDER BY loan_id, step', [[L1.id, L2.id, L3.id, L5.id]])
    const byLoan = (id: number) => steps.filter((s) => s.loan_id === id).map((s) => s.step)
    expect(byLoan(L1.id)).toEqual(['due_in_3', 'due_today', 'overdue_1', 'overdue_3', 'overdue_7'])
    expect(byLoan(L2.id)).toEqual(['due_in_3', 'due_today', 'overdue_1', 'overdue_3', 'overdue_7'])
    expect(byLoan(L3.id)).toEqual(['due_in_3', 'due_today', 'overdue_1'])
    expect(byLoan(L5.id)).toEqual(['overdue_1', 'overdue_3', 'overdue_7'])
  })

  it('two instances running the steps at the same moment still send each once (the key decides)', async () => {
    const owning = await createUnit(t)
    const keeper = await createUserOfUnit(t, owning.name, ['staff', 'asset_keeper'])
    const borrower = await createUserOfUnit(t, (await createUnit(t)).name, ['staff'])
    const asset = await insertAsset(t, { unitId: owning.id })
    const T = shanghaiDay(0)
    const asked = await t.http.post('/api/v1/asset-loans').set(bearer(borrower.token)).set('Idempotency-Key', idempotencyKey()).send({ assetId: asset.id, startDate: T, endDate: T, purpose: '会议使用' })
    await t.http.post(`/api/v1/asset-loans/${asked.body.id}/approve`).set(bearer(keeper.token))
    await t.http.post(`/api/v1/asset-loans/${asked.body.id}/hand-over`).set(bearer(keeper.token)).send({ code: asset.code })
    const clock = noonOf(addDays(T, 1))
    const services = [0, 1, 2].map(() => new AssetLoanService({ db: t.database.db, qr: t.services.qr, notifications: t.services.notifications, log: createLogger('silent'), maxDays: 90, now: () => clock }))
    // not through the runner's lease: three runs at once (as after a lease lapsed mid-run)
    await Promise.all(services.map((s) => s.sendReminders()))
    const told = await rows<{ title: string }>('SELECT title FROM notifications WHERE user_id = ? AND title = ?', [borrower.userId, TITLES.overdue_1])
    expect(told).toHaveLength(1)
  })
})
