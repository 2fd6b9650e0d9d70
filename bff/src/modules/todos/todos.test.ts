import { bearer, startTestApp, type TestApp } from '../../../test/harness'
import { createUser } from '../../../test/factories'
import { bookedVisit, inMinutes } from '../../../test/visit-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const todos = async (token: string) => {
  const response = await t.http.get('/api/v1/todos').set(bearer(token))
  expect(response.status).toBe(200)
  return response.body.items as { kind: string; title: string; subtitle: string | null; count: number; url: string; urgent: boolean }[]
}

describe('待办', () => {
  it('a host sees the visits waiting for an answer; the visitor the pass for today; the guard the expected count', async () => {
    const host = await createUser(t, ['staff'], { name: '待办主人' })
    const me = await createUser(t, ['visitor'], { unit: false })
    expect(await todos(host.token)).toEqual([])
    expect(await todos(me.token)).toEqual([])

    const first = await bookedVisit(t, { token: me.token, hostId: host.userId, overrides: { startAt: inMinutes(5), endAt: inMinutes(65), plateNo: '浙A88888' } })
    await bookedVisit(t, { token: me.token, hostId: host.userId, overrides: { startAt: inMinutes(10), endAt: inMinutes(70) } })
    expect(await todos(host.token)).toEqual([{ kind: 'visit.approve', title: '来访待审批', subtitle: '2 位访客等您审批', count: 2, url: '/packages/visit/pages/list/index?tab=approve', urgent: true }])

    await t.http.post(`/api/v1/visits/${first.id}/approve`).set(bearer(host.token))
    expect((await todos(host.token))[0].count).toBe(1)
    expect(await todos(me.token)).toEqual([expect.objectContaining({ kind: 'visit.pass', count: 1, url: `/packages/visit/pages/pass/index?id=${first.id}`, subtitle: expect.stringContaining('待办主人') })])

    const guard = await todos(await t.login('guard1'))
    expect(guard).toEqual([expect.objectContaining({ kind: 'gate.expected', url: '/packages/gate/pages/expected/index', urgent: false })])
    expect(guard[0].count).toBeGreaterThanOrEqual(2)
    expect(guard[0].subtitle).toMatch(/位访客/)
  })

  it('merges every registered provider, urgent first, and leaves out one that fails', async () => {
    const user = await createUser(t, ['staff'])
    t.services.todos.register('test.calm', async () => [{ kind: 'test.calm', title: '不急', subtitle: null, count: 1, url: '/pages/home/index', urgent: false }])
    t.services.todos.register('test.broken', async () => {
      throw new Error('boom')
    })
    t.services.todos.register('test.urgent', async (u) => [{ kind: 'test.urgent', title: `急 ${u.id}`, subtitle: null, count: 1, url: '/pages/home/index', urgent: true }])
    const items = await todos(user.token)
    expect(items.map((i) => i.kind)).toEqual(['test.urgent', 'test.calm'])
    expect(items[0].title).toBe(`急 ${user.userId}`)
    expect((await t.http.get('/api/v1/todos')).status).toBe(401)
  })
})
