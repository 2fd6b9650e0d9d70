import { randomUUID } from 'node:crypto'
import type { Database } from '../db/client'
import { withLogContext, type Logger } from './logger'

interface Job {
  name: string
  everyMs: number
  run: () => Promise<unknown>
}

/**
 * Scheduled work that runs on exactly one instance per period, however many BFFs run.
 * Each job has a row in `job_schedule`; an instance claims a run by moving `next_run_at`
 * forward in one conditional UPDATE — only the instance whose UPDATE matched runs it.
 */
export class JobRunner {
  private readonly jobs: Job[] = []
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly instanceId: string,
  ) {}

  register(name: string, everyMs: number, run: () => Promise<unknown>): void {
    this.jobs.push({ name, everyMs, run })
  }

  /** Claims and runs every due job once; returns the names this instance ran. */
  async tick(): Promise<string[]> {
    const ran: string[] = []
    for (const job of this.jobs) {
      await this.database.pool.execute('INSERT IGNORE INTO job_schedule (name, next_run_at) VALUES (?, UTC_TIMESTAMP(3))', [job.name])
      const [claim] = await this.database.pool.execute(
        `UPDATE job_schedule SET next_run_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, last_run_by = ?, last_started_at = UTC_TIMESTAMP(3)
         WHERE name = ? AND next_run_at <= UTC_TIMESTAMP(3)`,
        [job.everyMs * 1000, this.instanceId.slice(0, 100), job.name],
      )
      if ((claim as { affectedRows: number }).affectedRows !== 1) continue
      let failure: string | null = null
      // Every line the job's services write carries the job's name and this run's id.
      await withLogContext({ job: job.name, runId: randomUUID() }, async () => {
        try {
          await job.run()
        } catch (error) {
          failure = String(error).slice(0, 300)
          this.log.error({ err: error }, 'job failed')
        }
      })
      await this.database.pool.execute('UPDATE job_schedule SET last_finished_at = UTC_TIMESTAMP(3), last_error = ? WHERE name = ?', [failure, job.name])
      ran.push(job.name)
    }
    return ran
  }

  start(pollMs = 1000): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      if (this.running) return
      this.running = this.tick()
        .then(() => undefined)
        .catch((error) => this.log.error({ err: error }, 'job tick failed'))
        .finally(() => {
          this.running = null
        })
    }, pollMs)
    this.timer.unref()
  }

  /** Stops scheduling and waits for a run in progress (graceful shutdown). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }
}
