import { getTableName } from 'drizzle-orm'
import type { Middleware } from 'koa'
import { RateLimiterMySQL, RateLimiterRes } from 'rate-limiter-flexible'
import type { Database } from '../db/client'
import { rateLimits } from '../db/schema'
import { AppError } from './errors'

const LOGIN_PREFIX = '/api/v1/auth/'
/** Logging out ends a session: a client that is locked out of logging in must still be able to. */
const NOT_LIMITED = new Set(['/api/v1/auth/logout'])

/**
 * The path as the router matches it: ignoring case and a trailing slash, so
 * `/API/V1/AUTH/DEV-LOGIN/` counts as a login too. (The router does not decode escapes:
 * `/api/v1/auth/dev%2Dlogin` is a 404, nothing to limit.)
 */
function routedPath(path: string): string {
  return path.toLowerCase().replace(/\/+$/, '')
}

export function isLoginAttempt(method: string, path: string): boolean {
  if (method !== 'POST') return false
  const routed = routedPath(path)
  return routed.startsWith(LOGIN_PREFIX) && !NOT_LIMITED.has(routed)
}

/** The database the pool connects to (RateLimiterMySQL names its table as `db`.`table`). */
function databaseName(database: Database): string {
  const name = (database.pool.pool as unknown as { config: { connectionConfig: { database?: string } } }).config.connectionConfig.database
  if (!name) throw new Error('DATABASE_URL 必须包含数据库名')
  return name
}

/**
 * Login attempts per client address, `perMinute` in a fixed one-minute window, counted in MySQL
 * (`rate_limits`, created by our migration) so every BFF instance behind a load balancer shares
 * one count. Over the limit: 429 RATE_LIMITED with Retry-After.
 */
export function loginRateLimit(database: Database, perMinute: number): Middleware {
  const limiter = new RateLimiterMySQL({
    // the library speaks mysql2's callback API: the pool under our promise pool
    storeClient: database.pool.pool,
    storeType: 'pool',
    dbName: databaseName(database),
    tableName: getTableName(rateLimits),
    // the table comes from our committed migration, never created at runtime
    tableCreated: true,
    keyPrefix: 'login',
    points: perMinute,
    duration: 60,
    // once an address is over the limit everywhere, this instance answers 429 without a query
    inMemoryBlockOnConsumed: perMinute + 1,
  })
  return async (ctx, next) => {
    if (!isLoginAttempt(ctx.method, ctx.path)) return next()
    let result: RateLimiterRes
    try {
      result = await limiter.consume(ctx.ip)
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection // the store failed: an ordinary 500, logged
      ctx.set('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))))
      ctx.set('X-RateLimit-Limit', String(perMinute))
      ctx.set('X-RateLimit-Remaining', '0')
      throw new AppError('RATE_LIMITED')
    }
    ctx.set('X-RateLimit-Limit', String(perMinute))
    ctx.set('X-RateLimit-Remaining', String(result.remainingPoints))
    return next()
  }
}
