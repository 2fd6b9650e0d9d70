import { mysqlTable, varchar } from 'drizzle-orm/mysql-core'
import { ts } from './columns'

/**
 * One row per scheduled job. An instance runs a job only after atomically moving `next_run_at`
 * forward, so with any number of BFFs each period's run happens on exactly one of them.
 */
export const jobSchedule = mysqlTable('job_schedule', {
  name: varchar('name', { length: 64 }).primaryKey(),
  nextRunAt: ts('next_run_at').notNull(),
  lastRunBy: varchar('last_run_by', { length: 100 }),
  lastStartedAt: ts('last_started_at'),
  lastFinishedAt: ts('last_finished_at'),
  lastError: varchar('last_error', { length: 300 }),
})
