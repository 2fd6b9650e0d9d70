import { createHash } from 'node:crypto'
import { and, eq, isNull, lt, lte, or } from 'drizzle-orm'
import type { Db } from '../db/client'
import { platformTokens } from '../db/schema'
import { AppError } from '../lib/errors'

export interface FetchJsonOptions {
  method?: 'GET' | 'POST'
  /** sent as JSON */
  body?: unknown
  /** sent as application/x-www-form-urlencoded (浙政钉's gateway takes its parameters this way) */
  form?: Record<string, string>
  timeoutMs?: number
  /** attempts for network errors and 5xx (with backoff); 4xx and business errors are not retried */
  attempts?: number
  headers?: Record<string, string>
}

/**
 * JSON over HTTP for the outside services we call (WeChat, DingTalk, 浙政钉): a timeout on every
 * call and bounded retries with backoff for the failures worth retrying. What stays unanswered
 * throws UPSTREAM_UNAVAILABLE: the outcome is unknown (ARCHITECTURE point 12), never "refused".
 */
export async function fetchJson<T>(url: string, options: FetchJsonOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3
  const contentType: Record<string, string> = options.form ? { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } : options.body !== undefined ? { 'content-type': 'application/json' } : {}
  const body = options.form ? new URLSearchParams(options.form).toString() : options.body !== undefined ? JSON.stringify(options.body) : undefined
  let lastError: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: options.method ?? 'GET',
        headers: { accept: 'application/json', ...contentType, ...options.headers },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      })
      if (response.status >= 500) throw new Error(`upstream ${response.status}`)
      return (await response.json()) as T
    } catch (error) {
      lastError = error
      if (attempt < attempts) await sleep(100 * 2 ** (attempt - 1))
    }
  }
  throw new AppError('UPSTREAM_UNAVAILABLE', { cause: String(lastError) })
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Seals a token at rest (lib/pii's PiiVault): a backup of the database is no key to the platform. */
export interface TokenSealer {
  seal(plain: string): string
  openOrNull(sealed: string): string | null
}

export interface SharedTokenOptions {
  /** what the token is for, e.g. `zzd` + the API base + the app key (hashed into the row's name) */
  name: string
  fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>
  /** the `platform_tokens` table every BFF instance shares; without it, this instance alone keeps the token */
  db?: Db
  sealer?: TokenSealer
  /** how long the instance that took the refresh may take before another may (ms) */
  leaseMs?: number
  /** how long an instance waits for another's refresh before it gives up (ms) */
  waitMs?: number
}

/**
 * A platform's access token (浙政钉, DingTalk), fetched once and used until shortly before it
 * expires — by every BFF instance: the token lives in `platform_tokens`, and when it is stale one
 * instance takes the refresh with a conditional UPDATE of `refreshing_until` (a lease) while the
 * others wait and read what it wrote. Each instance keeps the token in memory until then, so a
 * call costs no database round trip. A token the platform rejects is dropped (`invalidate`) and
 * the next `get` fetches a new one — once, however many callers saw the rejection.
 */
export class SharedToken {
  private readonly rowName: string
  private memory: { token: string; useUntil: number } | null = null
  private pending: Promise<string> | null = null

  constructor(private readonly options: SharedTokenOptions) {
    this.rowName = `${options.name.split(':')[0]}:${createHash('sha256').update(options.name).digest('hex').slice(0, 40)}`
  }

  async get(): Promise<string> {
    if (this.memory && Date.now() < this.memory.useUntil) return this.memory.token
    this.pending ??= this.load().finally(() => {
      this.pending = null
    })
    return this.pending
  }

  /** The platform said this token is expired or invalid: nobody uses it again (unless another instance already replaced it). */
  async invalidate(rejected: string): Promise<void> {
    if (this.memory?.token === rejected) this.memory = null
    const db = this.options.db
    if (!db) return
    const [row] = await db.select({ token: platformTokens.token }).from(platformTokens).where(eq(platformTokens.name, this.rowName))
    if (row?.token && this.open(row.token) === rejected)
      await db.update(platformTokens).set({ token: null, expiresAt: null }).where(and(eq(platformTokens.name, this.rowName), eq(platformTokens.token, row.token)))
  }

  private async load(): Promise<string> {
    const db = this.options.db
    if (!db) return this.remember(await this.options.fetchToken())
    await db.insert(platformTokens).ignore().values({ name: this.rowName })
    const giveUpAt = Date.now() + (this.options.waitMs ?? 10_000)
    for (;;) {
      const [row] = await db.select().from(platformTokens).where(eq(platformTokens.name, this.rowName))
      const now = new Date()
      const token = row?.token ? this.open(row.token) : null
      if (token && row.expiresAt && row.expiresAt > now) {
        this.memory = { token, useUntil: row.expiresAt.getTime() }
        return token
      }
      const [taken] = await db
        .update(platformTokens)
        .set({ refreshingUntil: new Date(now.getTime() + (this.options.leaseMs ?? 10_000)) })
        // still stale (another instance may have just written a fresh one), and nobody else holding the lease
        .where(
          and(
            eq(platformTokens.name, this.rowName),
            or(isNull(platformTokens.token), isNull(platformTokens.expiresAt), lte(platformTokens.expiresAt, now)),
            or(isNull(platformTokens.refreshingUntil), lt(platformTokens.refreshingUntil, now)),
          ),
        )
      if (taken.affectedRows === 1) {
        try {
          const fresh = this.remember(await this.options.fetchToken())
          await db
            .update(platformTokens)
            .set({ token: this.options.sealer ? this.options.sealer.seal(fresh) : fresh, expiresAt: new Date(this.memory!.useUntil), refreshingUntil: null })
            .where(eq(platformTokens.name, this.rowName))
          return fresh
        } catch (error) {
          await db.update(platformTokens).set({ refreshingUntil: null }).where(eq(platformTokens.name, this.rowName))
          throw error
        }
      }
      if (Date.now() > giveUpAt) throw new AppError('UPSTREAM_UNAVAILABLE', { token: this.rowName, cause: 'another instance is still refreshing the token' })
      await sleep(50 + Math.random() * 50)
    }
  }

  /** Used until 5 minutes before the platform's expiry (half the lifetime for short-lived tokens). */
  private remember({ token, expiresInSeconds }: { token: string; expiresInSeconds: number }): string {
    const lifetimeMs = expiresInSeconds * 1000
    this.memory = { token, useUntil: Date.now() + (lifetimeMs > 600_000 ? lifetimeMs - 300_000 : lifetimeMs / 2) }
    return token
  }

  private open(stored: string): string | null {
    return this.options.sealer ? this.options.sealer.openOrNull(stored) : stored
  }
}

/**
 * The WeChat client's token, for this instance alone (a SharedToken without the table). Kept for
 * adapters/wechat.ts until it moves to SharedToken with the database.
 */
export class TokenCache {
  private readonly shared: SharedToken
  private last: string | null = null

  constructor(fetchToken: () => Promise<{ token: string; expiresInSeconds: number }>) {
    this.shared = new SharedToken({ name: 'local', fetchToken })
  }

  async get(): Promise<string> {
    this.last = await this.shared.get()
    return this.last
  }

  invalidate(): void {
    if (this.last) void this.shared.invalidate(this.last)
  }
}
