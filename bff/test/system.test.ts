import { contractEntries } from '@egj/shared'
import { createApp } from '../src/app'
import { connectDatabase } from '../src/db/client'
import { EnvSchema, loadEnv } from '../src/env'
import { createLogger } from '../src/lib/logger'
import supertest from 'supertest'
import { startTestApp, type TestApp } from './harness'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ CORS_ORIGINS: 'https://h5.egj.example.gov.cn' })
})
afterAll(() => t.close())

describe('operations endpoints', () => {
  it('/healthz answers ok while the database answers', async () => {
    const response = await t.http.get('/healthz')
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok' })
  })

  it('/healthz answers 503 when the database does not', async () => {
    const env = EnvSchema.parse({ DATABASE_URL: 'mysql://root@127.0.0.1:1/none', LOG_LEVEL: 'silent' })
    const database = connectDatabase(env.DATABASE_URL, 1)
    const { app } = createApp({ env, database, log: createLogger('silent') })
    const response = await supertest(app.callback()).get('/healthz')
    expect(response.status).toBe(503)
    expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE')
    await database.close()
  })

  it('/openapi.json documents every contract entry, with its schemas, auth and Idempotency-Key', async () => {
    const response = await t.http.get('/openapi.json')
    expect(response.status).toBe(200)
    expect(response.body.openapi).toMatch(/^3\./)
    const documented = Object.entries(response.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    const declared = contractEntries().map(({ endpoint }) => `${endpoint.method} ${endpoint.path}`)
    expect(documented.sort()).toEqual(declared.sort())
    const devLogin = response.body.paths['/api/v1/auth/dev-login'].post
    expect(devLogin.requestBody.content['application/json'].schema.properties.username.type).toBe('string')
    expect(devLogin.security).toEqual([])
    const pay = response.body.paths['/api/v1/meal/payments'].post
    expect(pay.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key', required: true })]))
    expect(pay.responses['201'].content['application/json'].schema).toBeDefined()
    expect(response.body.paths['/api/v1/meal/payments/{id}/refunds'].post.description).toContain('cashier')
    expect(Object.keys(response.body.paths['/api/v1/meal/windows/{id}/qr.png'].get.responses['200'].content)).toEqual(['image/png'])
  })

  it('/docs serves a readable page and its assets', async () => {
    const page = await t.http.get('/docs')
    expect(page.status).toBe(200)
    expect(page.text).toContain('e管家 API 文档')
    expect((await t.http.get('/docs/assets/swagger-ui-bundle.js')).status).toBe(200)
    expect((await t.http.get('/docs/assets/..%2Fpackage.json')).status).toBe(404)
  })

  it('/metrics speaks Prometheus text with per-route durations', async () => {
    await t.http.get('/api/v1/me')
    const response = await t.http.get('/metrics')
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/text\/plain/)
    expect(response.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me",status="401"\} \d+/)
    expect(response.text).toContain('process_cpu_user_seconds_total')
    // the refusal's stable code is counted
    expect(response.text).toMatch(/http_errors_total\{code="AUTH_REQUIRED"\} \d+/)
  })
})

describe('every response', () => {
  it('carries a request id and security headers', async () => {
    const response = await t.http.get('/healthz').set('X-Request-Id', 'trace-12345678')
    expect(response.headers['x-request-id']).toBe('trace-12345678')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['content-security-policy']).toContain("default-src 'self'")
    expect((await t.http.get('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('a JSON answer over 1 KB goes out compressed as JSON, a small one plain, each with its exact length', async () => {
    const large = await t.http.get('/openapi.json').set('Accept-Encoding', 'gzip')
    expect(large.headers['content-encoding']).toBe('gzip')
    expect(large.headers['content-type']).toMatch(/^application\/json/)
    expect(large.body.openapi).toMatch(/^3\./)
    const small = await t.http.get('/api/v1/me').set('Accept-Encoding', 'gzip')
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.headers['content-type']).toMatch(/^application\/json/)
    expect(Number(small.headers['content-length'])).toBe(Buffer.byteLength(small.text))
    expect(small.body.error.code).toBe('AUTH_REQUIRED')
  })

  it('answers CORS only for allow-listed origins', async () => {
    const allowed = await t.http.options('/api/v1/me').set('Origin', 'https://h5.egj.example.gov.cn').set('Access-Control-Request-Method', 'GET')
    expect(allowed.headers['access-control-allow-origin']).toBe('https://h5.egj.example.gov.cn')
    const other = await t.http.options('/api/v1/me').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'GET')
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('an unknown path or method is a JSON 404/405, never HTML', async () => {
    const missing = await t.http.get('/api/v1/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('NOT_FOUND')
    const wrongMethod = await t.http.delete('/api/v1/me')
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.body.error.code).toBe('METHOD_NOT_ALLOWED')
  })

  it('a body that is not JSON or too large is refused clearly', async () => {
    const huge = await t.http.post('/api/v1/auth/dev-login').set('content-type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(200_000) }))
    expect(huge.status).toBe(413)
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE')
    const form = await t.http.post('/api/v1/auth/dev-login').type('form').send('username=zhangsan')
    expect(form.status).toBe(400)
    expect(form.body.error.code).toBe('VALIDATION_FAILED')
  })
})

describe('configuration', () => {
  it('production refuses demo secrets and dev login', () => {
    const result = EnvSchema.safeParse({ NODE_ENV: 'production', DATABASE_URL: 'mysql://root@db/egj', DEV_LOGIN: 'true' })
    expect(result.success).toBe(false)
    const paths = result.error!.issues.map((issue) => issue.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['QR_SECRET', 'PII_KEY', 'DEV_LOGIN', 'PUBLIC_BASE_URL']))
  })

  it('bad config prints every problem and exits non-zero', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`)
    }) as never)
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(() => loadEnv({ DATABASE_URL: 'postgres://x', PORT: 'abc' })).toThrow('exit 1')
    const printed = errors.mock.calls.map((call) => String(call[0])).join('\n')
    expect(printed).toContain('DATABASE_URL')
    expect(printed).toContain('PORT')
    exit.mockRestore()
    errors.mockRestore()
  })
})
