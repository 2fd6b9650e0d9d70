import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Koa from 'koa'
import Router from '@koa/router'
import { bodyParser } from '@koa/bodyparser'
import cors from '@koa/cors'
import helmet from 'koa-helmet'
import ratelimit from 'koa-ratelimit'
import serve from 'koa-static'
import { QR_KINDS } from '@egj/shared'
import type { Env } from './env'
import type { Database } from './db/client'
import { errorHandler } from './lib/error-handler'
import { AppError } from './lib/errors'
import { mountRoutes, type Route } from './lib/http'
import type { Logger } from './lib/logger'
import { createMetrics } from './lib/metrics'
import { buildOpenApi } from './lib/openapi'
import { authRoutes } from './modules/auth/auth.routes'
import { notificationRoutes } from './modules/notifications/notifications.routes'
import { qrRoutes } from './modules/qr/qr.routes'
import { orgRoutes } from './modules/org/org.routes'
import { mealRoutes, wechatPayNotifyRoute } from './modules/meal/meal.routes'
import { mealAdminRoutes } from './modules/meal/meal-admin.routes'
import { createServices, type Services } from './services'

export interface AppOptions {
  env: Env
  database: Database
  log: Logger
}

/** Every API route, in one list: the router, /openapi.json and the fuzz tests all read it. Each implements one entry of the contract in shared. */
export function apiRoutes(env: Pick<Env, 'DEV_LOGIN'>): Route[] {
  return [...authRoutes({ devLogin: env.DEV_LOGIN }), ...orgRoutes, ...notificationRoutes, ...qrRoutes, ...mealRoutes, ...mealAdminRoutes, wechatPayNotifyRoute]
}

/** The H5 build's own inline scripts (Taro's rem setup), allowed by hash and nothing else. */
function inlineScriptHashes(h5Dist: string | undefined): string[] {
  const index = h5Dist && path.join(h5Dist, 'index.html')
  if (!index || !fs.existsSync(index)) return []
  const html = fs.readFileSync(index, 'utf8')
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`)
}

const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'))

/** The Koa app without listen(): tests and main.ts both use it. */
export function createApp({ env, database, log }: AppOptions): { app: Koa; services: Services } {
  const services = createServices(env, database, log)
  const app = new Koa({ proxy: env.TRUST_PROXY })
  const metrics = createMetrics()
  const routes = apiRoutes(env)
  const openapi = buildOpenApi(routes)

  app.use(async (ctx, next) => {
    const incoming = ctx.get('x-request-id')
    ctx.state.requestId = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID()
    ctx.state.log = log.child({ reqId: ctx.state.requestId })
    ctx.set('X-Request-Id', ctx.state.requestId)
    const started = performance.now()
    await next()
    if (ctx.path !== '/metrics' && ctx.path !== '/healthz')
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) }, 'request')
  })
  app.use(metrics.middleware)
  app.use(errorHandler)
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:', 'mediastream:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'", ...inlineScriptHashes(env.H5_DIST)],
          connectSrc: ["'self'"],
          // Phones on the office LAN reach the demo over plain http; do not force https there.
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.use(
    cors({
      // Only origins on the allow-list get CORS headers; same-origin H5 needs none.
      origin: (ctx) => {
        const origin = ctx.get('origin')
        return env.CORS_ORIGINS.includes(origin) ? origin : ''
      },
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    }),
  )
  app.use(async (ctx, next) => {
    // Login routes are where guessing happens; limit them per client address.
    if (ctx.path.startsWith('/api/v1/auth/') && ctx.method === 'POST') return loginLimit(ctx, next)
    return next()
  })
  const loginLimit = ratelimit({
    driver: 'memory',
    db: new Map(),
    duration: 60_000,
    max: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    id: (ctx) => ctx.ip,
    throw: true,
    disableHeader: false,
  })
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '100kb', encoding: 'utf-8' }))

  const router = new Router()
  router.get('/healthz', async (ctx) => {
    try {
      await database.pool.query({ sql: 'SELECT 1', timeout: 2000 })
      ctx.body = { status: 'ok' }
    } catch {
      ctx.status = 503
      ctx.body = { status: 'unavailable', error: { code: 'SERVICE_UNAVAILABLE', message: '数据库无法连接，服务暂时不可用' } }
    }
  })
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType
    ctx.body = await metrics.registry.metrics()
  })
  router.get('/openapi.json', (ctx) => {
    ctx.body = openapi
  })
  router.get('/docs', (ctx) => {
    ctx.type = 'html'
    ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>e管家 API 文档</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`
  })
  router.get('/docs/init.js', (ctx) => {
    ctx.type = 'application/javascript'
    ctx.body = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui' })"
  })
  router.get('/docs/assets/:file', async (ctx) => {
    const file = ctx.params.file
    if (!/^swagger-ui(-bundle)?\.(js|css)$/.test(file)) throw new AppError('NOT_FOUND')
    ctx.type = path.extname(file)
    ctx.set('Cache-Control', 'public, max-age=86400')
    ctx.body = fs.createReadStream(path.join(SWAGGER_DIR, file))
  })
  // A code opened in a phone's browser lands on the scan page of the H5 app, which routes it.
  router.get('/q/:kind/:token', (ctx) => {
    const { kind, token } = ctx.params
    if (!(kind in QR_KINDS)) return
    ctx.redirect(`/#/pages/scan/index?code=${encodeURIComponent(`/q/${kind}/${token}`)}`)
  })
  mountRoutes(router, routes, services)
  app.use(router.routes())
  app.use(router.allowedMethods({ throw: true }))

  if (env.H5_DIST && fs.existsSync(env.H5_DIST)) {
    app.use(
      serve(env.H5_DIST, {
        index: 'index.html',
        // Hashed assets cache for a year; index.html must always be fresh.
        setHeaders: (res, file) => res.setHeader('Cache-Control', file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable'),
      }),
    )
  }
  return { app, services }
}
