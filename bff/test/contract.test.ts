import Router from '@koa/router'
import { contractEntries, mealPaymentsApi, endpoint } from '@egj/shared'
import { z } from 'zod'
import { apiRoutes } from '../src/app'
import { assertImplementsContract, implement, mountRoutes } from '../src/lib/http'
import type { Services } from '../src/services'

/** The BFF serves exactly the contract in shared: every entry once, nothing else under /api. */
describe('the API contract', () => {
  const routes = apiRoutes({ DEV_LOGIN: true })

  it('is implemented exactly once per entry by the app', () => {
    expect(() => assertImplementsContract(routes)).not.toThrow()
    const key = (e: { method: string; path: string }) => `${e.method} ${e.path}`
    expect(routes.map((route) => key(route.endpoint)).sort()).toEqual(contractEntries().map((entry) => key(entry.endpoint)).sort())
    expect(routes).toHaveLength(contractEntries().length)
  })

  it('refuses to mount when an entry is not implemented', () => {
    const missing = routes.filter((route) => route.endpoint !== mealPaymentsApi.pay)
    expect(() => mountRoutes(new Router(), missing, {} as Services)).toThrow(/not implemented: mealPayments\.pay \(POST \/api\/v1\/meal\/payments\)/)
  })

  it('refuses to mount an entry implemented twice', () => {
    const twice = [...routes, implement(mealPaymentsApi.account, { handler: async () => ({ subsidyFen: 0, personalFen: 0, totalFen: 0 }) })]
    expect(() => mountRoutes(new Router(), twice, {} as Services)).toThrow(/implemented 2 times: mealPayments\.account/)
  })

  it('refuses to mount a path the contract does not declare', () => {
    const stray = endpoint({ method: 'GET', path: '/api/v1/stray', tag: 'x', summary: '未声明', response: z.object({}) })
    expect(() => mountRoutes(new Router(), [...routes, implement(stray, { handler: async () => ({}) })], {} as Services)).toThrow(/not in the contract: GET \/api\/v1\/stray/)
  })

  it('declares every path once, each idempotent endpoint a POST', () => {
    const keys = contractEntries().map(({ endpoint: e }) => `${e.method} ${e.path}`)
    expect(new Set(keys).size).toBe(keys.length)
    for (const { name, endpoint: e } of contractEntries()) {
      // a creation (POST), or a PUT that publishes a whole resource (a day's menu, issue 23)
      if (e.idempotent) expect([name, ['POST', 'PUT'].includes(e.method)]).toEqual([name, true])
      expect([name, e.summary]).toEqual([name, expect.stringMatching(/[\u4e00-\u9fff]/)])
      expect([name, Boolean(e.response) !== Boolean(e.file) || e.status === 204]).toEqual([name, true])
    }
  })

  it('counts failed look-ups on every route that looks something up by a code or token in its path or query (guessable)', () => {
    const fields = (schema: unknown) => Object.keys((schema as { shape?: object } | undefined)?.shape ?? {})
    const looksUp = routes.filter(({ endpoint: e }) => [...fields(e.params), ...fields(e.query)].some((field) => /^(token|code)$/.test(field)))
    expect(looksUp.map((route) => `${route.endpoint.method} ${route.endpoint.path}`).sort()).toEqual([
      'GET /api/v1/asset-photos/:token',
      'GET /api/v1/assets/scan',
      'GET /api/v1/firm-tickets/:token',
      'GET /api/v1/meal/vouchers/:code',
      'GET /api/v1/meal/windows/resolve',
      'GET /api/v1/public/vehicles/:token',
      'GET /api/v1/qr/resolve',
      'GET /api/v1/rooms/door',
      'GET /api/v1/ticket-photos/:token',
      'GET /api/v1/tickets/place',
      'GET /api/v1/vehicles/scan',
      'GET /api/v1/visits/invitations/:token',
      'POST /api/v1/firm-tickets/:token/accept',
      'POST /api/v1/firm-tickets/:token/finish',
      'POST /api/v1/public/vehicles/:token/reports',
      'POST /api/v1/visits/invitations/:token/accept',
    ])
    const unguarded = looksUp.filter((route) => !route.guessable).map((route) => `${route.endpoint.method} ${route.endpoint.path}`)
    expect(unguarded).toEqual([])
  })
})
