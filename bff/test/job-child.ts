// A BFF-like process for the job tests: one JobRunner on the test database with the test's jobs.
// Run by bff/test/jobs.test.ts through tsx, so `kill -9` hits a real process mid-run.
import { connectDatabase } from '../src/db/client'
import { JobRunner } from '../src/lib/jobs'
import { createLogger } from '../src/lib/logger'

const database = connectDatabase(process.env.DATABASE_URL!, 3)
const runner = new JobRunner(database, createLogger('silent'), `child:${process.pid}`, { leaseMs: Number(process.env.LEASE_MS ?? 1500) })

// Counts its runs in `job_test_runs` (one row per run) — the "once per period" job.
runner.register('test.every-500ms', 500, async () => {
  await database.pool.execute('INSERT INTO job_test_runs (instance) VALUES (?)', [String(process.pid)])
})

// Works through `job_crash_items` one item at a time, slowly, each item a conditional UPDATE —
// the shape of every real job (escalation, no-show release, voucher expiry…).
runner.register('test.slow-items', 1000, async () => {
  for (;;) {
    const [rows] = await database.pool.query('SELECT id FROM job_crash_items WHERE done_count = 0 ORDER BY id LIMIT 1')
    const item = (rows as { id: number }[])[0]
    if (!item) return
    await database.pool.execute('UPDATE job_crash_items SET done_count = done_count + 1, done_by = ? WHERE id = ? AND done_count = 0', [String(process.pid), item.id])
    await new Promise((resolve) => setTimeout(resolve, 80))
  }
})

runner.start(Number(process.env.POLL_MS ?? 50))
process.on('SIGTERM', () => {
  void runner.stop().then(() => database.close()).then(() => process.exit(0))
})
setInterval(() => undefined, 1000)
