import fc from 'fast-check'
import { apiRoutes } from '../src/app'
import { bearer, startTestApp, type TestApp } from './harness'

/**
 * Every registered route, fed random and malformed input: never a 5xx, always the error shape
 * with a stable code and a Chinese message.
 */
let t: TestApp
let token: string
beforeAll(async () => {
  t = await startTestApp()
  token = await t.login('admin')
})
afterAll(() => t.close())

const CJK = /[\u4e00-\u9fff]/

const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('username', 'code', 'authCode', 'phoneCode', 'amountFen', 'id', 'cursor', 'limit', '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 2 })),
)
const rawBody = fc.oneof(
  jsonValue.map((value) => ({ type: 'application/json', text: JSON.stringify(value) })),
  fc.string({ maxLength: 200 }).map((text) => ({ type: 'application/json', text })), // mostly malformed JSON
  fc.string({ maxLength: 50 }).map((text) => ({ type: 'text/plain', text })),
)
const paramValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('0', '-1', '1e3', '9'.repeat(30), '%00', '..'))
const queryString = fc.dictionary(fc.constantFrom('code', 'cursor', 'limit', 'after', 'id', 'x'), fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String)), { maxKeys: 3 })

const routes = apiRoutes({ DEV_LOGIN: true })

describe.each(routes.map(({ endpoint }) => [`${endpoint.method} ${endpoint.path}`, endpoint] as const))('%s', (_name, endpoint) => {
  it('never answers 5xx to random input', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, paramValue, queryString, fc.boolean(), async (body, param, query, authenticated) => {
        const path = endpoint.path.replace(/:\w+/g, encodeURIComponent(param))
        let request = t.http[endpoint.method.toLowerCase() as 'get'](path).query(query)
        if (authenticated) request = request.set(bearer(token))
        const response = await request.set('content-type', body.type).send(body.text)
        expect(response.status).toBeLessThan(500)
        if (response.status >= 400) {
          expect(typeof response.body.error?.code).toBe('string')
          expect(response.body.error.message).toMatch(CJK)
        }
      }),
      { numRuns: 40 },
    )
  })
})
