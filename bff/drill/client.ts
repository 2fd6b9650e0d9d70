// The drill's client: every HTTP attempt it makes is recorded (what, when, in which fault window,
// what came back), and an operation is retried — with the same Idempotency-Key — while the answer
// is "unknown" (timeout, connection error) or "try again" (502/503/504, or the same key still being
// handled), as a phone would.
import { randomUUID } from 'node:crypto'
import { sleep } from './processes'

export interface Attempt {
  kind: string
  phase: string
  ms: number
  /** '201', '409 ROOM_SLOT_TAKEN', '503 SERVICE_UNAVAILABLE', 'timeout', 'ECONNREFUSED', … */
  outcome: string
  status: number | null
}

export interface Answer {
  status: number
  body: { error?: { code: string; message: string } } & Record<string, unknown>
}

export interface OpResult {
  /** the final answer, or null when the operation gave up (every retry failed) */
  answer: Answer | null
  attempts: number
  key?: string
}

const RETRY_STATUSES = new Set([502, 503, 504])
/** "try again": the server's trouble, or an earlier attempt with this key still running (the mini-app's isUnknownOutcome) */
const tryAgain = (answer: Answer) => RETRY_STATUSES.has(answer.status) || answer.body.error?.code === 'IDEMPOTENCY_KEY_IN_PROGRESS'
const ATTEMPT_TIMEOUT_MS = 10_000
/** an operation keeps retrying this long (a database restart takes a few seconds here) */
const GIVE_UP_AFTER_MS = 45_000

export class DrillClient {
  readonly attempts: Attempt[] = []
  phase = 'steady'
  constructor(readonly baseUrl: string) {}

  async once(kind: string, method: string, path: string, options: { token?: string; body?: unknown; key?: string; timeoutMs?: number } = {}): Promise<Answer | { error: string }> {
    const phaseAtStart = this.phase
    const started = performance.now()
    const headers: Record<string, string> = {}
    if (options.token) headers.authorization = `Bearer ${options.token}`
    if (options.key) headers['idempotency-key'] = options.key
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    let outcome: string
    let status: number | null = null
    let result: Answer | { error: string }
    try {
      const response = await fetch(this.baseUrl + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(options.timeoutMs ?? ATTEMPT_TIMEOUT_MS) })
      const text = await response.text()
      let body: Answer['body'] = {}
      try {
        body = text ? JSON.parse(text) : {}
      } catch {
        body = { error: { code: 'NOT_JSON', message: text.slice(0, 100) } }
      }
      status = response.status
      outcome = body.error?.code ? `${status} ${body.error.code}` : String(status)
      result = { status, body }
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause
      outcome = (error as Error).name === 'TimeoutError' ? 'timeout' : (cause?.code ?? (error as Error).name)
      result = { error: outcome }
    }
    // an attempt belongs to the fault it started in, or the one that began while it was in flight
    const phase = phaseAtStart !== 'steady' ? phaseAtStart : this.phase
    this.attempts.push({ kind, phase, ms: performance.now() - started, outcome, status })
    return result
  }

  /** One operation: attempts until an answer that is not "unknown / try again", or until it gives up. */
  async op(kind: string, method: string, path: string, options: { token?: string; body?: unknown; idempotent?: boolean; timeoutMs?: number } = {}): Promise<OpResult> {
    const key = options.idempotent ? `drill-${randomUUID()}` : undefined
    const deadline = Date.now() + GIVE_UP_AFTER_MS
    for (let attempt = 1; ; attempt++) {
      const result = await this.once(kind, method, path, { ...options, key })
      if ('status' in result && !tryAgain(result)) return { answer: result, attempts: attempt, key }
      if (Date.now() > deadline) return { answer: null, attempts: attempt, key }
      await sleep(Math.min(1000, 100 * 2 ** Math.min(attempt - 1, 4)) + Math.random() * 100)
    }
  }
}
