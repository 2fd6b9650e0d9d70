import { JobRunner } from '../src/lib/jobs'
import { createLogger } from '../src/lib/logger'
import { startTestApp, type TestApp } from './harness'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

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
    const [rows] = await t.database.pool.query("SELECT last_error FROM job_schedule WHERE name = 'test.failing'")
    expect((rows as { last_error: string }[])[0].last_error).toContain('boom')
  })
})
