import { bigint, index, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core'
import { ts } from './columns'

/**
 * One row per scheduled job. An instance runs a job only after atomically moving `next_run_at`
 * forward and taking the lease, so with any number of BFFs each period's run happens on exactly
 * one of them, and a run still going (or one whose instance died) is never started twice.
 */
export const jobSchedule = mysqlTable('job_schedule', {
  name: varchar('name', { length: 64 }).primaryKey(),
  nextRunAt: ts('next_run_at').notNull(),
  /** the run holding the job; its instance extends the lease while it works, a dead one lets it lapse */
  runId: varchar('run_id', { length: 36 }),
  leaseUntil: ts('lease_until'),
  lastRunBy: varchar('last_run_by', { length: 100 }),
  lastStartedAt: ts('last_started_at'),
  lastFinishedAt: ts('last_finished_at'),
  lastError: varchar('last_error', { length: 300 }),
})

/** Every run of every job, for operators and the drill's once-per-period audit (kept 14 days). */
export const jobRuns = mysqlTable(
  'job_runs',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    name: varchar('name', { length: 64 }).notNull(),
    runId: varchar('run_id', { length: 36 }).notNull(),
    instance: varchar('instance', { length: 100 }).notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    periodMs: int('period_ms').notNull(),
    error: varchar('error', { length: 300 }),
  },
  (t) => [index('job_runs_name_started').on(t.name, t.startedAt)],
)
