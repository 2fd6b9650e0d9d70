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
      if (e.idempotent) expect([name, e.method]).toEqual([name, 'POST'])
      expect([name, e.summary]).toEqual([name, expect.stringMatching(/[\u4e00-\u9fff]/)])
      expect([name, Boolean(e.response) !== Boolean(e.file) || e.status === 204]).toEqual([name, true])
    }
  })
})
