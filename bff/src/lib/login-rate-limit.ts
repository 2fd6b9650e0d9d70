import type { Middleware } from 'koa'
import { RateLimiterRes } from 'rate-limiter-flexible'
import type { Database } from '../db/client'
import { AppError } from './errors'
import { mysqlLimiter, retryAfterSeconds } from './rate-limit'

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

/**
 * Login attempts per client address, `perMinute` in a fixed one-minute window, counted in MySQL
 * (`mysqlLimiter`) so every BFF instance behind a load balancer shares one count. Over the limit:
 * 429 RATE_LIMITED with Retry-After.
 */
export function loginRateLimit(database: Database, perMinute: number): Middleware {
  const limiter = mysqlLimiter(database, 'login', perMinute, 60)
  return async (ctx, next) => {
    if (!isLoginAttempt(ctx.method, ctx.path)) return next()
    let result: RateLimiterRes
    try {
      result = await limiter.consume(ctx.ip)
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection // the store failed: an ordinary 500, logged
      ctx.set('Retry-After', String(retryAfterSeconds(rejection.msBeforeNext)))
      ctx.set('X-RateLimit-Limit', String(perMinute))
      ctx.set('X-RateLimit-Remaining', '0')
      throw new AppError('RATE_LIMITED')
    }
    ctx.set('X-RateLimit-Limit', String(perMinute))
    ctx.set('X-RateLimit-Remaining', String(result.remainingPoints))
    return next()
  }
}
