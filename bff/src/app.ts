import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import Koa from 'koa'
import Router from '@koa/router'
import cors from '@koa/cors'
import compress from 'koa-compress'
import helmet from 'koa-helmet'
import serve from 'koa-static'
import { h5Url, PAGES, pageUrl, parseQrContent, routeForQr } from '@egj/shared'
import type { Env } from './env'
import type { Database } from './db/client'
import { jsonBody } from './lib/body'
import { auditRoutes } from './modules/audit/audit.routes'
import { errorHandler } from './lib/error-handler'
import { loginRateLimit } from './lib/login-rate-limit'
import { AppError } from './lib/errors'
import { mountRoutes, type Route } from './lib/http'
import { withLogContext, type Logger } from './lib/logger'
import { createMetrics, metricsAuthorized } from './lib/metrics'
import { buildOpenApi } from './lib/openapi'
import { authRoutes } from './modules/auth/auth.routes'
import { notificationRoutes } from './modules/notifications/notifications.routes'
import { wechatRoutes } from './modules/wechat/wechat.routes'
import { todoRoutes } from './modules/todos/todos.routes'
import { visitRoutes } from './modules/visits/visits.routes'
import { vehicleRoutes } from './modules/vehicles/vehicles.routes'
import { PHOTO_BODY_PATH } from './modules/vehicles/public/public.routes'
import { roomRoutes } from './modules/rooms/rooms.routes'
import { qrRoutes } from './modules/qr/qr.routes'
import { mountQrVerifyFile } from './modules/qr/qr-verify-file'
import { orgRoutes } from './modules/org/org.routes'
import { mealRoutes } from './modules/meal/meal.routes'
import { assetRoutes } from './modules/assets/assets.routes'
import { TICKET_PHOTO_BODY_PATH, ticketRoutes } from './modules/tickets/tickets.routes'
import { cockpitRoutes } from './modules/cockpit/cockpit.routes'
import { createServices, type Services } from './services'

export interface AppOptions {
  env: Env
  database: Database
  log: Logger
}

/** Every API route, in one list: the router, /openapi.json and the fuzz tests all read it. Each implements one entry of the contract in shared. */
export function apiRoutes(env: Pick<Env, 'DEV_LOGIN'>): Route[] {
  return [...authRoutes({ devLogin: env.DEV_LOGIN }), ...orgRoutes, ...auditRoutes, ...notificationRoutes, ...wechatRoutes, ...qrRoutes, ...todoRoutes, ...mealRoutes, ...visitRoutes, ...vehicleRoutes, ...roomRoutes, ...assetRoutes, ...ticketRoutes, ...cockpitRoutes]
}

/** Path parameters that are the key to something (an invitation's or a code's token, a voucher's code): never logged. */
const SECRET_PARAMS = new Set(['token', 'code'])

/** The path as logged: the route's own, with its parameters filled in except the secret ones (`/api/v1/visits/invitations/:token`). */
function loggedPath(ctx: Koa.Context): string {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute
  const params = (ctx as { params?: Record<string, string> }).params
  if (typeof route !== 'string' || !params) return ctx.path
  return route.replace(/:(\w+)/g, (whole, name: string) => (SECRET_PARAMS.has(name) || params[name] === undefined ? whole : params[name]))
}

/** The H5 build's own inline scripts (Taro's rem setup), allowed by hash and nothing else. */
function inlineScriptHashes(h5Dist: string | undefined): string[] {
  const index = h5Dist && path.join(h5Dist, 'index.html')
  if (!index || !fs.existsSync(index)) return []
  const html = fs.readFileSync(index, 'utf8')
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => `'sha256-${createHash('sha256').update(match[1]).digest('base64')}'`)
}

/** The H5 build's index.html, read once like its script hashes: a code's landing answers with it. */
function h5IndexHtml(h5Dist: string | undefined): string | undefined {
  const index = h5Dist && path.join(h5Dist, 'index.html')
  return index && fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : undefined
}

const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'))

/** An answer Koa would send as JSON (a plain object or array; not a Buffer, stream, Blob or Response). */
function isPlainJson(body: unknown): body is object {
  if (body === null || typeof body !== 'object') return false
  const proto = Object.getPrototypeOf(body)
  return Array.isArray(body) || proto === Object.prototype || proto === null
}

/** The Koa app without listen(): tests and main.ts both use it. */
export function createApp({ env, database, log }: AppOptions): { app: Koa; services: Services } {
  const services = createServices(env, database, log)
  // maxIpsCount: the client's address is what our own proxies appended to X-Forwarded-For; the
  // leftmost entries are whatever the client sent (and would let it dodge the login limit)
  const app = new Koa({ proxy: env.TRUST_PROXY, maxIpsCount: env.TRUST_PROXY_HOPS })
  const metrics = createMetrics()
  const routes = apiRoutes(env)
  // built on its first request, not at each boot: with exceljs, the biggest cost of a compiled BFF's start
  let openapi: ReturnType<typeof buildOpenApi> | undefined

  app.use(async (ctx, next) => {
    const incoming = ctx.get('x-request-id')
    ctx.state.requestId = /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID()
    // reqId comes from the log context (pino mixin), on this logger and on every service's alike.
    ctx.state.log = log
    ctx.set('X-Request-Id', ctx.state.requestId)
    const started = performance.now()
    await withLogContext({ reqId: ctx.state.requestId }, async () => {
      await next()
      if (ctx.path !== '/metrics' && ctx.path !== '/healthz')
        log.info({ method: ctx.method, path: loggedPath(ctx), status: ctx.status, ms: Math.round(performance.now() - started) }, 'request')
    })
  })
  app.use(metrics.middleware)
  // JSON, index.html, /openapi.json and anything served without a precompressed twin go out
  // compressed (gzip; brotli at a cheap level — both are done per response on our CPU). Hashed
  // JS/CSS don't reach this: the H5 build writes .br/.gz beside them and koa-static sends those
  // (it sets Content-Encoding, which koa-compress leaves alone). On a 1.6 Mbps phone this is the
  // difference between ~700 KB and ~210 KB before home can draw.
  app.use(compress({ threshold: 1024, br: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }, deflate: false }))
  // A client that takes neither of ours (`Accept-Encoding: identity;q=0`, `*;q=0`, `deflate`) gets the
  // answer uncompressed (RFC 9110 §12.5.3): koa-compress would set Content-Encoding to undefined and
  // answer a bare 500 from outside our error handler.
  app.use(async (ctx, next) => {
    if (!ctx.acceptsEncodings('br', 'gzip')) (ctx as { compress?: boolean }).compress = false
    await next()
    // One JSON.stringify per answer: left an object, Koa stringifies it for koa-compress's size
    // check (`ctx.response.length`) and again to send it — for a 30 KB day view, twice the work.
    if (isPlainJson(ctx.body)) {
      ctx.state.errorCode = (ctx.body as { error?: { code?: string } }).error?.code
      ctx.body = JSON.stringify(ctx.body)
    }
  })
  app.use(errorHandler)
  // Shutting down: this answer is the connection's last, so a keep-alive client reconnects to another instance.
  app.use((ctx, next) => {
    if (services.stopping.signal.aborted) ctx.set('Connection', 'close')
    return next()
  })
  // API answers are personal (tokens from the logins, /me, receipts): no cache keeps them, unless a route says otherwise.
  app.use((ctx, next) => {
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store')
    return next()
  })
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
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'X-Device-Id'],
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    }),
  )
  // Login routes are where guessing happens; limit them per client address, across instances.
  app.use(loginRateLimit(database, env.LOGIN_RATE_LIMIT_PER_MINUTE))
  const smallBody = jsonBody({ enableTypes: ['json'], jsonLimit: '100kb', encoding: 'utf-8' })
  // a 公车私用 report may carry a photo (≤ 1 MB, ~1.4 MB as base64): only that route takes more
  const photoBody = jsonBody({ enableTypes: ['json'], jsonLimit: '1500kb', encoding: 'utf-8' })
  // 报修: a report, 补充信息 or a finish may carry 6 photos of 2 MB (~17 MB as base64)
  const ticketPhotosBody = jsonBody({ enableTypes: ['json'], jsonLimit: '17mb', encoding: 'utf-8' })
  app.use((ctx, next) => (PHOTO_BODY_PATH.test(ctx.path) ? photoBody : ctx.method === 'POST' && TICKET_PHOTO_BODY_PATH.test(ctx.path) ? ticketPhotosBody : smallBody)(ctx, next))

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
    if (!metricsAuthorized(ctx.get('authorization'), env.METRICS_TOKEN)) throw new AppError('AUTH_REQUIRED', undefined, '请提供 /metrics 的访问令牌（METRICS_TOKEN）')
    ctx.type = metrics.registry.contentType
    ctx.body = await metrics.registry.metrics()
  })
  router.get('/openapi.json', (ctx) => {
    ctx.body = openapi ??= buildOpenApi(routes)
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
  // A code opened in a phone's browser goes straight to the page that handles it (the same
  // parse and route the app's scan page would do, without loading the scan page first and then
  // the target: one page's chunks instead of two in a row). The page still has the BFF verify
  // the signature. What does not parse (an unknown kind too) lands on the scan page, which says
  // 无法识别的二维码 instead of a raw JSON 404.
  // With the H5 build here the answer is index.html itself, the route in a meta tag its first
  // script moves the address to (hash routing: a server cannot set the #…): a redirect cost a round
  // trip, ~150 ms on a phone's network, before the page's own files were even asked for.
  // (an H5 build older than this, whose script does not read the meta, gets the redirect as before)
  const html = h5IndexHtml(env.H5_DIST)
  const indexHtml = html?.includes('egj-route') ? html : undefined
  router.get('/q/:kind/:token', (ctx) => {
    const { kind, token } = ctx.params
    const code = `/q/${kind}/${token}`
    const parsed = parseQrContent(code)
    const route = h5Url('', parsed ? routeForQr(parsed) : pageUrl(PAGES.scan, { code }))
    if (!indexHtml) return ctx.redirect(route)
    ctx.type = 'html'
    ctx.set('Cache-Control', 'no-cache')
    ctx.body = indexHtml.replace('<head>', `<head><meta name="egj-route" content="${escapeAttribute(route)}">`)
  })
  mountQrVerifyFile(router, env.WECHAT_QR_VERIFY_FILE)
  mountRoutes(router, routes, services)
  app.use(router.routes())
  app.use(router.allowedMethods({ throw: true }))

  if (env.H5_DIST && fs.existsSync(env.H5_DIST)) {
    app.use(
      serve(env.H5_DIST, {
        index: 'index.html',
        // Hashed assets cache for a year; index.html must always be fresh. `file` is the file
        // sent: `app.123.js.br` when the browser takes brotli and the build wrote one.
        setHeaders: (res, file) => {
          res.setHeader('Cache-Control', file.replace(/\.(br|gz)$/, '').endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable')
          res.setHeader('Vary', 'Accept-Encoding')
        },
      }),
    )
  }
  return { app, services }
}
