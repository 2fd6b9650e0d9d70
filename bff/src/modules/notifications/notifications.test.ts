import { withTransaction } from '../../db/client'
import { bearer, startTestApp, type TestApp } from '../../../test/harness'
import { createUser, deliverAllDue } from '../../../test/factories'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

async function userId(username: string): Promise<number> {
  const [rows] = await t.database.pool.query('SELECT id FROM users WHERE username = ?', [username])
  return (rows as { id: number }[])[0].id
}

describe('inbox', () => {
  it('shows new messages first with an unread count, and marks them read', async () => {
    // a user of its own: the demo 会务 account also gets real tasks from other specs sharing this database
    const { userId: huiwu, token } = await createUser(t, ['meeting_service'])
    await t.services.notifications.notify(t.database.db, huiwu, { title: '欢迎使用 e管家', body: '欢迎' })
    await withTransaction(t.services.database.db, (tx) => t.services.notifications.notify(tx, huiwu, { title: '会议服务任务', body: '3楼第一会议室 14:00 茶水', link: '/packages/room/pages/door/index' }))

    const list = await t.http.get('/api/v1/notifications').set(bearer(token))
    expect(list.status).toBe(200)
    expect(list.body.items[0]).toMatchObject({ title: '会议服务任务', read: false, link: '/packages/room/pages/door/index' })
    expect(list.body.unreadCount).toBe(2) // the welcome message and this one

    const read = await t.http.post(`/api/v1/notifications/${list.body.items[0].id}/read`).set(bearer(token))
    expect(read.status).toBe(200)
    const after = await t.http.get('/api/v1/notifications').set(bearer(token))
    expect(after.body.unreadCount).toBe(1)
    expect(after.body.items[0].read).toBe(true)

    await t.http.post('/api/v1/notifications/read-all').set(bearer(token))
    expect((await t.http.get('/api/v1/notifications').set(bearer(token))).body.unreadCount).toBe(0)
  })

  it("cannot read someone else's message", async () => {
    const other = await t.http.get('/api/v1/notifications').set(bearer(await t.login('guard1')))
    const id = other.body.items[0].id
    const response = await t.http.post(`/api/v1/notifications/${id}/read`).set(bearer(await t.login('zhangsan')))
    expect(response.status).toBe(404)
    expect(response.body.error.code).toBe('NOT_FOUND')
    expect((await t.http.get('/api/v1/notifications').set(bearer(await t.login('guard1')))).body.items[0].read).toBe(false)
  })

  it('pages with a cursor', async () => {
    // a user of its own: the demo driver also gets real 出车任务 from other specs sharing this database
    const { userId: driver, token } = await createUser(t, ['driver'])
    for (let i = 0; i < 5; i++) await t.services.notifications.notify(t.database.db, driver, { title: `出车任务 ${i}`, body: '请按时出车' })
    const first = await t.http.get('/api/v1/notifications?limit=4').set(bearer(token))
    expect(first.body.items).toHaveLength(4)
    expect(first.body.items[0].title).toBe('出车任务 4')
    const second = await t.http.get(`/api/v1/notifications?limit=4&cursor=${first.body.nextCursor}`).set(bearer(token))
    expect(second.body.items.map((n: { title: string }) => n.title)).toEqual(['出车任务 0'])
    expect(second.body.nextCursor).toBeNull()
  })

  it('rejects bad ids and limits with 400', async () => {
    const token = await t.login('zhangsan')
    for (const path of ['/api/v1/notifications/abc/read', '/api/v1/notifications/-1/read', '/api/v1/notifications/99999999999999999999/read']) {
      const response = await t.http.post(path).set(bearer(token))
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('VALIDATION_FAILED')
    }
    expect((await t.http.get('/api/v1/notifications?limit=1000').set(bearer(token))).status).toBe(400)
  })
})

describe('push delivery (WeChat subscribe message, DingTalk work notice)', () => {
  it('sends the same event through both channels, once; WeChat only to a user who subscribed', async () => {
    // 张三 has a DingTalk account; bind a WeChat openid to him.
    const zhangsan = await userId('zhangsan')
    await t.database.pool.query('UPDATE users SET wechat_openid = ? WHERE id = ?', ['o-zhangsan', zhangsan])
    // deliver what earlier tests of this worker left due first: a batch holds only the oldest 50
    for (let left = 1; left > 0; ) {
      const drained = await t.services.notifications.deliverDue()
      left = drained.sent + drained.failed
    }
    // this worker's database may hold other tests' messages for 张三: count only this one
    const dingtalkNotices = (title: string) => t.dingtalkSim.notices.filter((n) => n.userid_list === 'dd-zhangsan' && JSON.stringify(n.msg).includes(title))
    const wechatMessages = (title: string) => t.wechatSim.sentMessages.filter((m) => JSON.stringify(m.data).includes(title))

    // not subscribed: the work notice goes, the WeChat delivery ends without asking WeChat
    await t.services.notifications.notify(t.database.db, zhangsan, { title: '访客王先生已到达', body: '访客王先生已在东门登记' })
    await deliverAllDue(t)
    expect(dingtalkNotices('访客王先生已到达')).toHaveLength(1)
    expect(wechatMessages('访客王先生已到达')).toHaveLength(0)

    // 张三 taps 允许 for 出行提醒 when booking: WeChat learns it, and so do we
    const templateId = t.services.wechatSubscriptions.templateFor({ title: '访客李女士已到达' })
    await fetch(`${t.wechatSim.url}/__sim/wx/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: 'o-zhangsan', templateIds: [templateId] }) })
    expect((await t.http.post('/api/v1/wechat/subscriptions').set(bearer(await t.login('zhangsan'))).send({ accepted: [templateId] })).status).toBe(200)
    await t.services.notifications.notify(t.database.db, zhangsan, { title: '访客李女士已到达', body: '访客李女士已在东门登记' })
    await deliverAllDue(t)
    expect(wechatMessages('访客李女士已到达')).toEqual([expect.objectContaining({ touser: 'o-zhangsan', template_id: templateId, data: { thing1: { value: '访客李女士已到达' }, thing2: { value: '访客李女士已在东门登记' } } })])
    await deliverAllDue(t)
    expect(wechatMessages('访客李女士已到达')).toHaveLength(1)
    expect(dingtalkNotices('访客李女士已到达')).toHaveLength(1)
  })
})
