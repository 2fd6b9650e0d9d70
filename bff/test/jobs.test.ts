import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { JobRunner } from '../src/lib/jobs'
import { createLogger } from '../src/lib/logger'
import { startTestApp, type TestApp } from './harness'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
  await t.database.pool.query('CREATE TABLE IF NOT EXISTS job_test_runs (id INT AUTO_INCREMENT PRIMARY KEY, instance VARCHAR(20) NOT NULL, at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3))')
  await t.database.pool.query('CREATE TABLE IF NOT EXISTS job_crash_items (id INT PRIMARY KEY, done_count INT NOT NULL DEFAULT 0, done_by VARCHAR(20))')
})
afterAll(() => t.close())

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const query = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]

function startInstance(): ChildProcess {
  // node itself with tsx's loader (not the tsx wrapper, whose child would outlive a kill -9)
  return spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'job-child.ts')], { env: { ...process.env, DATABASE_URL: t.env.DATABASE_URL }, stdio: 'ignore' })
}
const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode ? resolve(null) : child.once('exit', resolve)))

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await sleep(50)
  }
}

describe('job runner', () => {
  it('runs a period exactly once however many instances tick at the same moment', async () => {
    let runs = 0
    const instances = Array.from({ length: 6 }, (_, i) => {
      const runner = new JobRunner(t.database, createLogger('silent'), `bff-${i}`)
      runner.register('test.once', 60_000, async () => {
        runs++
      })
      return runner
    })
    const ran = await Promise.all(instances.map((runner) => runner.tick()))
    expect(runs).toBe(1)
    expect(ran.flat()).toEqual(['test.once'])
    // the next tick inside the same period runs nothing
    await Promise.all(instances.map((runner) => runner.tick()))
    expect(runs).toBe(1)
  })

  it('records a failing job and keeps its schedule', async () => {
    const runner = new JobRunner(t.database, createLogger('silent'), 'bff-x')
    runner.register('test.failing', 60_000, async () => {
      throw new Error('boom')
    })
    expect(await runner.tick()).toEqual(['test.failing'])
    const [schedule] = await query<{ last_error: string; lease_until: Date | null }>("SELECT last_error, lease_until FROM job_schedule WHERE name = 'test.failing'")
    expect(schedule.last_error).toContain('boom')
    expect(schedule.lease_until).toBeNull()
    const [run] = await query<{ error: string; finished_at: Date | null }>("SELECT error, finished_at FROM job_runs WHERE name = 'test.failing'")
    expect(run.error).toContain('boom')
    expect(run.finished_at).not.toBeNull()
  })

  it('does not start a run while another instance is still working on the job, even past its period', async () => {
    let release: () => void = () => undefined
    const slow = new JobRunner(t.database, createLogger('silent'), 'bff-slow', { leaseMs: 600 })
    slow.register('test.long-run', 100, () => new Promise<void>((resolve) => (release = resolve)))
    const other = new JobRunner(t.database, createLogger('silent'), 'bff-other', { leaseMs: 600 })
    let otherRuns = 0
    other.register('test.long-run', 100, async () => {
      otherRuns++
    })
    const first = slow.tick()
    await sleep(1500) // well past the period and the lease: the slow run keeps renewing it
    expect(await other.tick()).toEqual([])
    release()
    expect(await first).toEqual(['test.long-run'])
    await sleep(150)
    expect(await other.tick()).toEqual(['test.long-run'])
    expect(otherRuns).toBe(1)
  })

  it('two BFF processes: each period of a job runs once, never overlapping', async () => {
    await t.database.pool.query('DELETE FROM job_test_runs')
    const [{ since }] = await query<{ since: Date }>('SELECT UTC_TIMESTAMP(3) AS since')
    const instances = [startInstance(), startInstance()]
    try {
      // at least 8 runs, and both instances among the runners (one may boot seconds after the other on a busy machine)
      await waitFor(async () => {
        const [seen] = await query<{ n: number; instances: number }>('SELECT COUNT(*) AS n, COUNT(DISTINCT instance) AS instances FROM job_test_runs')
        return seen.n >= 8 && seen.instances === 2
      }, 25_000)
    } finally {
      instances.forEach((child) => child.kill('SIGTERM'))
      await Promise.all(instances.map(exited))
    }
    const runs = await query<{ at: Date; instance: string }>('SELECT at, instance FROM job_test_runs ORDER BY id')
    expect(new Set(runs.map((run) => run.instance)).size).toBe(2)
    const logged = await query<{ started_at: Date; finished_at: Date | null }>("SELECT started_at, finished_at FROM job_runs WHERE name = 'test.every-500ms' AND started_at >= ? ORDER BY id", [since])
    // each run was claimed at least one period after the one before, whichever instance ran it (the
    // claim's own time: when a loaded process gets round to the job's insert varies by 100s of ms)
    const gaps = logged.slice(1).map((run, i) => run.started_at.getTime() - logged[i].started_at.getTime())
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500)
    expect(logged.length).toBeGreaterThanOrEqual(runs.length)
    logged.slice(1).forEach((run, i) => expect(run.started_at.getTime()).toBeGreaterThanOrEqual(logged[i].finished_at!.getTime()))
  }, 30_000)

  it('a run killed mid-way (kill -9) is picked up at the next period and finishes without doing an item twice', async () => {
    await t.database.pool.query('DELETE FROM job_crash_items')
    await t.database.pool.query(`INSERT INTO job_crash_items (id) VALUES ${Array.from({ length: 30 }, (_, i) => `(${i + 1})`).join(',')}`)
    const doomed = startInstance()
    await waitFor(async () => (await query<{ n: number }>('SELECT COUNT(*) AS n FROM job_crash_items WHERE done_count > 0'))[0].n >= 8, 20_000)
    doomed.kill('SIGKILL')
    await exited(doomed)
    const doneBeforeCrash = (await query<{ n: number }>('SELECT COUNT(*) AS n FROM job_crash_items WHERE done_count > 0'))[0].n
    expect(doneBeforeCrash).toBeLessThan(30)
    const [interrupted] = await query<{ finished_at: Date | null }>("SELECT finished_at FROM job_runs WHERE name = 'test.slow-items' ORDER BY id DESC LIMIT 1")
    expect(interrupted.finished_at).toBeNull()

    const survivor = startInstance()
    try {
      await waitFor(async () => (await query<{ n: number }>('SELECT COUNT(*) AS n FROM job_crash_items WHERE done_count = 0'))[0].n === 0, 20_000)
    } finally {
      survivor.kill('SIGTERM')
      await exited(survivor)
    }
    const items = await query<{ done_count: number; done_by: string }>('SELECT done_count, done_by FROM job_crash_items')
    expect(items.every((item) => item.done_count === 1)).toBe(true)
    expect(new Set(items.map((item) => item.done_by)).size).toBe(2)
  }, 60_000)

  it('two real BFF instances: every scheduled job runs once per period, on one of them', async () => {
    const from = new Date()
    await t.database.pool.query('UPDATE job_schedule SET next_run_at = UTC_TIMESTAMP(3), lease_until = NULL')
    const bff = () =>
      spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../src/main.ts')], {
        env: { ...process.env, DATABASE_URL: t.env.DATABASE_URL, PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'true', LOG_LEVEL: 'silent', DEV_LOGIN: 'true' },
        stdio: 'ignore',
      })
    const instances = [bff(), bff()]
    let watchedMs = 0
    try {
      // both up and ticking: the 5-second jobs have run at least three times (a boot under tsx took
      // 13 s on this 2-core box during a full run, against 1.4 s quiet)
      await waitFor(async () => (await query<{ n: number }>("SELECT COUNT(*) AS n FROM job_runs WHERE name = 'visits.tell-hosts' AND started_at >= ?", [from]))[0].n >= 3, 80_000)
      watchedMs = Date.now() - from.getTime()
    } finally {
      instances.forEach((child) => child.kill('SIGTERM'))
      await Promise.all(instances.map(exited))
    }
    const runs = await query<{ name: string; started_at: Date; period_ms: number; instance: string }>('SELECT name, started_at, period_ms, instance FROM job_runs WHERE started_at >= ? ORDER BY name, started_at', [from])
    const byName = new Map<string, typeof runs>()
    for (const run of runs) byName.set(run.name, [...(byName.get(run.name) ?? []), run])
    // the jobs the product names, each seen running
    for (const name of ['meal.recover-wechat-orders', 'meal.recover-wechat-refunds', 'meal.expire-vouchers', 'visits.escalate', 'rooms.release-no-shows', 'visits.purge-pii', 'visits.auto-check-out', 'visits.tell-hosts', 'notifications.deliver']) {
      expect(byName.get(name)?.length).toBeGreaterThanOrEqual(1)
    }
    for (const [name, list] of byName) {
      // never more runs than periods fit in the time watched, each at least a period after the one before
      expect({ name, runs: list.length <= Math.floor(watchedMs / list[0].period_ms) + 1 }).toEqual({ name, runs: true })
      list.slice(1).forEach((run, i) => expect(run.started_at.getTime() - list[i].started_at.getTime()).toBeGreaterThanOrEqual(run.period_ms))
    }
    expect(new Set(runs.map((run) => run.instance)).size).toBe(2)
  }, 130_000)
})

