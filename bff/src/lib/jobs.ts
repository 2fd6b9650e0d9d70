import { randomUUID } from 'node:crypto'
import type { Database } from '../db/client'
import { withLogContext, type Logger } from './logger'

interface Job {
  name: string
  everyMs: number
  run: () => Promise<unknown>
}

export interface JobRunnerOptions {
  /**
   * How long a run holds its job without renewing (renewed every third of it while it works).
   * When an instance dies mid-run the lease lapses and the job runs again at its next period —
   * every job's work is per item and conditional, so that run does only what is left.
   */
  leaseMs?: number
}

const MICROS = 1000

/**
 * Scheduled work that runs on exactly one instance per period, however many BFFs run.
 * Each job has a row in `job_schedule`; an instance claims a run by moving `next_run_at` forward
 * and taking the lease in one conditional UPDATE — only the instance whose UPDATE matched runs
 * it, and nobody claims it again while the lease holds. Every run is logged in `job_runs`.
 */
export class JobRunner {
  private readonly jobs: Job[] = []
  private readonly known = new Set<string>()
  private readonly leaseMs: number
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly instanceId: string,
    options: JobRunnerOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 15_000
  }

  register(name: string, everyMs: number, run: () => Promise<unknown>): void {
    this.jobs.push({ name, everyMs, run })
  }

  /** Claims and runs every due job once; returns the names this instance ran. */
  async tick(): Promise<string[]> {
    const pool = this.database.pool
    for (const job of this.jobs) {
      if (this.known.has(job.name)) continue
      await pool.execute('INSERT IGNORE INTO job_schedule (name, next_run_at) VALUES (?, UTC_TIMESTAMP(3))', [job.name])
      this.known.add(job.name)
    }
    // one read a tick; the claim below is what decides
    const [dueRows] = await pool.query('SELECT name FROM job_schedule WHERE next_run_at <= UTC_TIMESTAMP(3) AND (lease_until IS NULL OR lease_until <= UTC_TIMESTAMP(3))')
    const due = new Set((dueRows as { name: string }[]).map((row) => row.name))
    const ran: string[] = []
    for (const job of this.jobs) {
      if (!due.has(job.name)) continue
      const runId = randomUUID()
      const [claim] = await pool.execute(
        `UPDATE job_schedule SET next_run_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, run_id = ?, lease_until = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND,
           last_run_by = ?, last_started_at = UTC_TIMESTAMP(3)
         WHERE name = ? AND next_run_at <= UTC_TIMESTAMP(3) AND (lease_until IS NULL OR lease_until <= UTC_TIMESTAMP(3))`,
        [job.everyMs * MICROS, runId, this.leaseMs * MICROS, this.instanceId.slice(0, 100), job.name],
      )
      if ((claim as { affectedRows: number }).affectedRows !== 1) continue
      await this.runClaimed(job, runId)
      ran.push(job.name)
    }
    return ran
  }

  private async runClaimed(job: Job, runId: string): Promise<void> {
    const pool = this.database.pool
    // started_at is the claim's own time, so the gaps between runs are exactly what the claims allowed
    await pool.execute('INSERT INTO job_runs (name, run_id, instance, started_at, period_ms) SELECT name, run_id, ?, last_started_at, ? FROM job_schedule WHERE name = ? AND run_id = ?', [
      this.instanceId.slice(0, 100),
      job.everyMs,
      job.name,
      runId,
    ])
    const renew = setInterval(() => {
      pool
        .execute('UPDATE job_schedule SET lease_until = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND WHERE name = ? AND run_id = ?', [this.leaseMs * MICROS, job.name, runId])
        .catch((error) => this.log.warn({ err: error, job: job.name }, 'job lease not renewed'))
    }, Math.max(100, Math.floor(this.leaseMs / 3)))
    let failure: string | null = null
    // Every line the job's services write carries the job's name and this run's id.
    await withLogContext({ job: job.name, runId }, async () => {
      try {
        await job.run()
      } catch (error) {
        failure = String(error).slice(0, 300)
        this.log.error({ err: error }, 'job failed')
      }
    })
    clearInterval(renew)
    try {
      await pool.execute('UPDATE job_schedule SET run_id = NULL, lease_until = NULL, last_finished_at = UTC_TIMESTAMP(3), last_error = ? WHERE name = ? AND run_id = ?', [failure, job.name, runId])
      await pool.execute('UPDATE job_runs SET finished_at = UTC_TIMESTAMP(3), error = ? WHERE run_id = ?', [failure, runId])
    } catch (error) {
      // the database went away: the lease lapses by itself and the next period runs the job again
      this.log.warn({ err: error, job: job.name }, 'job end not recorded')
    }
  }

  /** Drops run records older than `days` (operators look at the last two weeks). */
  async purgeRuns(days = 14): Promise<void> {
    await this.database.pool.execute('DELETE FROM job_runs WHERE started_at < UTC_TIMESTAMP(3) - INTERVAL ? DAY', [days])
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
