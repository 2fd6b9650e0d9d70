import { randomBytes } from 'node:crypto'
import { h5Url, pageUrl, PAGES } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../test/harness'
import { idempotencyKey } from '../../../test/factories'
import { createUserOfUnit, hoursFromNow } from '../../../test/vehicle-fleet'
import { units } from '../../db/schema'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

/** An approver with a 浙政钉 account and a requester without one, in a unit of their own. */
async function unitWithApprover(app: TestApp) {
  const unit = `钉消息测试单位${randomBytes(3).toString('hex')}`
  await app.database.db.insert(units).values({ name: unit })
  const approver = await createUserOfUnit(app, unit, ['staff', 'approver'], '审批人')
  const requester = await createUserOfUnit(app, unit, ['staff'], '申请人')
  const accountId = String(900_000_000 + randomBytes(3).readUIntBE(0, 3))
  await app.database.pool.query('UPDATE users SET zzd_account_id = ? WHERE id = ?', [accountId, approver.userId])
  return { approver, requester, accountId }
}

async function requestCar(app: TestApp, token: string): Promise<number> {
  const response = await app.http
    .post('/api/v1/vehicle-requests')
    .set(bearer(token))
    .set('Idempotency-Key', idempotencyKey())
    .send({ purpose: '赴县里调研', origin: '市政府东门', destination: '县政府', startAt: hoursFromNow(24).toISOString(), endAt: hoursFromNow(26).toISOString(), passengers: 2 })
  expect(response.status).toBe(201)
  return response.body.id
}

async function zzdDeliveries(app: TestApp, accountId: string) {
  const [rows] = await app.database.pool.query("SELECT id, status, attempts, last_error FROM notification_deliveries WHERE channel = 'zzd' AND recipient = ?", [accountId])
  return rows as { id: number; status: string; attempts: number }[]
}

/** Runs the delivery job until nothing is due (other tests of this worker may have left pushes). */
async function deliverAll(app: TestApp) {
  for (let round = 0; round < 20; round++) {
    const { sent, failed } = await app.services.notifications.deliverDue()
    if (sent + failed === 0) return
  }
}

const dueNow = (app: TestApp) => app.database.pool.query("UPDATE notification_deliveries SET next_attempt_at = UTC_TIMESTAMP(3) WHERE status = 'pending' AND channel = 'zzd'")

describe('钉消息: 浙政钉 work notifications', () => {
  it('an approval reaches the approver as a 工作通知 whose button opens the request inside the app; the requester without 浙政钉 keeps the inbox', async () => {
    const { approver, requester, accountId } = await unitWithApprover(t)
    const id = await requestCar(t, requester.token)
    const [delivery] = await zzdDeliveries(t, accountId)
    expect(delivery).toMatchObject({ status: 'pending', attempts: 0 })
    await deliverAll(t)
    const received = t.zzdSim.messages().filter((message) => message.receiverIds === accountId)
    expect(received).toEqual([
      {
        receiverIds: accountId,
        bizMsgId: `egj-${delivery.id}`,
        msg: {
          msgtype: 'action_card',
          action_card: { title: '用车申请待审批', markdown: expect.stringContaining('申请人申请用车：赴县里调研'), single_title: '查看详情', single_url: h5Url(t.env.PUBLIC_BASE_URL, pageUrl(PAGES.vehicleRequest, { id })) },
        },
      },
    ])
    expect((await zzdDeliveries(t, accountId))[0].status).toBe('sent')
    // the approver's inbox has it too, with the same page; nothing was pushed for the requester
    const inbox = await t.http.get('/api/v1/notifications').set(bearer(approver.token))
    expect(inbox.body.items[0]).toMatchObject({ title: '用车申请待审批', link: pageUrl(PAGES.vehicleRequest, { id }) })
    const [pushes] = await t.database.pool.query('SELECT COUNT(*) AS n FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.user_id = ?', [requester.userId])
    expect(Number((pushes as { n: number }[])[0].n)).toBe(0)
  })

  it('浙政钉 failing never blocks the request, and the push is retried later — once delivered, never twice', async () => {
    const { requester, accountId } = await unitWithApprover(t)
    t.zzdSim.failNextMessages(3) // the adapter's own three attempts all get a 503
    await requestCar(t, requester.token)
    await t.services.notifications.deliverDue()
    expect(await zzdDeliveries(t, accountId)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1 })])
    expect(t.zzdSim.messages().filter((message) => message.receiverIds === accountId)).toHaveLength(0)
    await dueNow(t)
    await deliverAll(t)
    expect(await zzdDeliveries(t, accountId)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })])
    expect(t.zzdSim.messages().filter((message) => message.receiverIds === accountId)).toHaveLength(1)
  })

  it('an unanswered send (timeout) stays pending and its retry, with the same bizMsgId, is not a second message', async () => {
    const slow = await startTestApp({ ZZD_TIMEOUT_MS: '200' })
    try {
      const { requester, accountId } = await unitWithApprover(slow)
      await requestCar(slow, requester.token)
      slow.zzdSim.setLatency(400) // 浙政钉 takes the message, but answers after we stopped waiting
      await slow.services.notifications.deliverDue()
      expect(await zzdDeliveries(slow, accountId)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1 })])
      await new Promise((resolve) => setTimeout(resolve, 500))
      slow.zzdSim.setLatency(0)
      await dueNow(slow)
      await deliverAll(slow)
      expect(await zzdDeliveries(slow, accountId)).toEqual([expect.objectContaining({ status: 'sent' })])
      expect(slow.zzdSim.messages().filter((message) => message.receiverIds === accountId)).toHaveLength(1)
    } finally {
      await slow.close()
    }
  })
})
