import { randomBytes } from 'node:crypto'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const APPROVAL = 'tmpl-egj-approval'
const TRIP = 'tmpl-egj-trip'
const NOTICE = 'tmpl-egj-notice'

/** A staff member signed in through WeChat (an openid of their own), with a bearer token. */
async function wechatUser() {
  const user = await createUser(t, ['staff'])
  const openid = `o-${randomBytes(6).toString('hex')}`
  await t.database.pool.query('UPDATE users SET wechat_openid = ? WHERE id = ?', [openid, user.userId])
  return { ...user, openid }
}

async function remaining(userId: number, templateId: string): Promise<number> {
  const [rows] = await t.database.pool.query('SELECT remaining FROM wechat_subscriptions WHERE user_id = ? AND template_id = ?', [userId, templateId])
  return (rows as { remaining: number }[])[0]?.remaining ?? 0
}

async function delivery(notificationId: number) {
  const [rows] = await t.database.pool.query("SELECT status, attempts, last_error AS lastError FROM notification_deliveries WHERE notification_id = ? AND channel = 'wechat'", [notificationId])
  return (rows as { status: string; attempts: number; lastError: string | null }[])[0]
}

/** Runs the delivery job until nothing is due now (other tests' rows included). */
async function deliverAll() {
  for (let left = 1; left > 0; ) {
    const done = await t.services.notifications.deliverDue()
    left = done.sent + done.failed
  }
}

/** The user taps 允许 in WeChat's sheet: WeChat learns it (simulator) and the mini-app tells us. */
async function allow(user: { token: string; openid: string }, templateIds: string[]) {
  await fetch(`${t.wechatSim.url}/__sim/wx/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: user.openid, templateIds }) })
  const response = await t.http.post('/api/v1/wechat/subscriptions').set(bearer(user.token)).send({ accepted: templateIds })
  expect(response.status).toBe(200)
}

const requestsTo = (openid: string) => t.wechatSim.sendRequests.filter((r) => r.touser === openid)

describe('the templates the mini-app asks for', () => {
  it('lists our three templates with Chinese titles, to signed-in users only', async () => {
    const { token } = await createUser(t, ['staff'])
    const response = await t.http.get('/api/v1/wechat/subscribe-templates').set(bearer(token))
    expect(response.status).toBe(200)
    expect(response.body.items).toEqual([
      { templateId: APPROVAL, title: '审批结果通知' },
      { templateId: TRIP, title: '出行提醒' },
      { templateId: NOTICE, title: '办理进度通知' },
    ])
    const anonymous = await t.http.get('/api/v1/wechat/subscribe-templates')
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('AUTH_REQUIRED')
  })

  it('sends each message under the template made for it', () => {
    const templateOf = (title: string) => t.services.wechatSubscriptions.templateFor({ title })
    expect(templateOf('用车申请已同意')).toBe(APPROVAL)
    expect(templateOf('会议室预订未通过')).toBe(APPROVAL)
    expect(templateOf('来访已通过')).toBe(APPROVAL)
    expect(templateOf('已为您派车')).toBe(TRIP)
    expect(templateOf('访客已到达')).toBe(TRIP)
    expect(templateOf('饭卡充值成功')).toBe(NOTICE)
    expect(templateOf('维修进行中')).toBe(NOTICE)
  })
})

describe('recording what the user allowed', () => {
  it('counts one message per 允许, for our templates only', async () => {
    const user = await wechatUser()
    const once = await t.http.post('/api/v1/wechat/subscriptions').set(bearer(user.token)).send({ accepted: [APPROVAL, 'someone-elses-template'] })
    expect(once.status).toBe(200)
    expect(once.body).toEqual({ ok: true })
    await t.http.post('/api/v1/wechat/subscriptions').set(bearer(user.token)).send({ accepted: [APPROVAL, TRIP] })
    expect(await remaining(user.userId, APPROVAL)).toBe(2)
    expect(await remaining(user.userId, TRIP)).toBe(1)
    const [rows] = await t.database.pool.query('SELECT COUNT(*) AS n FROM wechat_subscriptions WHERE template_id = ?', ['someone-elses-template'])
    expect((rows as { n: number }[])[0].n).toBe(0)
  })

  it('refuses a malformed report with 400 and needs a signed-in user', async () => {
    const { token } = await createUser(t, ['staff'])
    for (const body of [{}, { accepted: 'tmpl' }, { accepted: ['a', 'b', 'c', 'd'] }, { accepted: [''] }]) {
      const response = await t.http.post('/api/v1/wechat/subscriptions').set(bearer(token)).send(body)
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('VALIDATION_FAILED')
    }
    const anonymous = await t.http.post('/api/v1/wechat/subscriptions').send({ accepted: [APPROVAL] })
    expect(anonymous.status).toBe(401)
  })
})

describe('pushing a subscribe message', () => {
  it('sends to a subscribed user and spends their 允许: the next message waits in the inbox only', async () => {
    const user = await wechatUser()
    await allow(user, [APPROVAL])
    await deliverAll()

    const first = await t.services.notifications.notify(t.database.db, user.userId, { title: '用车申请已同意', body: '公务外出（明天 09:00）已同意', link: '/packages/vehicle/pages/detail/index?id=1' })
    await deliverAll()
    expect(t.wechatSim.sentMessages.filter((m) => m.touser === user.openid)).toEqual([
      expect.objectContaining({ template_id: APPROVAL, data: { thing1: { value: '用车申请已同意' }, thing2: { value: '公务外出（明天 09:00）已同意' } } }),
    ])
    expect(await delivery(first)).toMatchObject({ status: 'sent', attempts: 1 })
    expect(await remaining(user.userId, APPROVAL)).toBe(0)

    // nothing left: WeChat is not asked, the delivery ends at once (no retries)
    const second = await t.services.notifications.notify(t.database.db, user.userId, { title: '会议室预订未通过', body: '会议室已被占用' })
    await deliverAll()
    expect(requestsTo(user.openid)).toHaveLength(1)
    expect(await delivery(second)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('未订阅') })
  })

  it('never asks WeChat for a user who did not subscribe', async () => {
    const user = await wechatUser()
    const id = await t.services.notifications.notify(t.database.db, user.userId, { title: '已为您派车', body: '浙A12345，驾驶员李师傅' })
    await deliverAll()
    expect(requestsTo(user.openid)).toHaveLength(0)
    expect(await delivery(id)).toMatchObject({ status: 'failed', attempts: 1 })
    // still in the inbox
    const inbox = await t.http.get('/api/v1/notifications').set(bearer(user.token))
    expect(inbox.body.items[0]).toMatchObject({ title: '已为您派车', read: false })
  })

  it('takes WeChat’s 43101 as final: no retries, and our count is cleared', async () => {
    const user = await wechatUser()
    // we were told 允许, but WeChat has no subscription (the user changed it in 设置)
    await t.http.post('/api/v1/wechat/subscriptions').set(bearer(user.token)).send({ accepted: [TRIP, TRIP] })
    expect(await remaining(user.userId, TRIP)).toBe(1)
    const id = await t.services.notifications.notify(t.database.db, user.userId, { title: '新的出车任务', body: '明天 09:00 东门出发' })
    await deliverAll()
    await t.database.pool.query("UPDATE notification_deliveries SET next_attempt_at = UTC_TIMESTAMP(3) WHERE notification_id = ?", [id])
    await deliverAll()
    expect(requestsTo(user.openid)).toHaveLength(1)
    expect(await delivery(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('43101') })
    expect(await remaining(user.userId, TRIP)).toBe(0)
  })

  it('retries an unanswered send (unknown outcome) on the same 允许, without spending another', async () => {
    const user = await wechatUser()
    await allow(user, [NOTICE])
    await t.http.post('/api/v1/wechat/subscriptions').set(bearer(user.token)).send({ accepted: [NOTICE] }) // a second 允许 we must not spend on the retry
    await deliverAll()
    t.wechatSim.outage.sends = 1
    const id = await t.services.notifications.notify(t.database.db, user.userId, { title: '维修进行中', body: '维修工已接单' })
    await deliverAll()
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempts: 1 })
    expect(await remaining(user.userId, NOTICE)).toBe(1)

    await t.database.pool.query('UPDATE notification_deliveries SET next_attempt_at = UTC_TIMESTAMP(3) WHERE notification_id = ?', [id])
    await deliverAll()
    expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 2 })
    expect(t.wechatSim.sentMessages.filter((m) => m.touser === user.openid)).toHaveLength(1)
    expect(await remaining(user.userId, NOTICE)).toBe(1)
  })
})
