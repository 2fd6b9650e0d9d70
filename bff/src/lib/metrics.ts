import { createHash, timingSafeEqual } from 'node:crypto'
import type { Middleware } from 'koa'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface Metrics {
  registry: Registry
  middleware: Middleware
}

/** Prometheus metrics: process defaults plus request durations per route and status. */
export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const errors = new Counter({ name: 'http_errors_total', help: 'Responses with an error code', labelNames: ['code'], registers: [registry] })
  const middleware: Middleware = async (ctx, next) => {
    const end = duration.startTimer()
    try {
      await next()
    } finally {
      // The matched route pattern, never the raw path: ids must not explode the label set.
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? (ctx.status === 404 ? 'unmatched' : 'static')
      end({ method: ctx.method, route: String(route), status: String(ctx.status) })
      // noted by the app's JSON step before it serialised the answer
      const code = ctx.state.errorCode as string | undefined
      if (code) errors.inc({ code })
    }
  }
  return { registry, middleware }
}

const digest = (text: string) => createHash('sha256').update(text).digest()

/** `Authorization: Bearer <token>` for /metrics, compared in constant time; no token configured = open. */
export function metricsAuthorized(authorization: string, token: string | undefined): boolean {
  if (!token) return true
  const given = /^Bearer (.+)$/.exec(authorization)?.[1] ?? ''
  return timingSafeEqual(digest(given), digest(token))
}
