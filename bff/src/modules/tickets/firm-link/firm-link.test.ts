import { deliverAllDue } from '../../../../test/factories'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { act, insertFirm, insertLocation, person, pngBase64, report, servicesAt, show, type Person } from '../../../../test/ticket-world'
import { rpcSignature } from '../../../adapters/sms'

let t: TestApp
let reporter: Person
let dispatcher: Person
beforeAll(async () => {
  t = await startTestApp()
  reporter = await person(t, ['staff'], '报修人丙')
  dispatcher = await person(t, ['staff', 'repair_dispatcher'], '调度员丙')
})
afterAll(() => t.close())

/** Reports, assigns to the firm and delivers the outbox: the SMS the firm got, and the link's token. */
async function sentToFirm(firm: { id: number; mobile: string }) {
  const location = await insertLocation(t)
  const id = (await report(t, reporter, { locationId: location.id, category: 'elevator', description: '3号电梯门关不上，夹人危险' })).body.id as number
  const assigned = await act(t, dispatcher, id, 'assign', { firmId: firm.id })
  expect(assigned.status).toBe(200)
  await deliverAllDue(t)
  const sms = t.smsSim.messages.filter((m) => m.mobile === firm.mobile).pop()!
  const link = /(http\S+)$/.exec(sms.text)![1]
  const token = decodeURIComponent(/token=([^&]+)/.exec(link)![1])
  return { id, sms, link, token, location, assigned: assigned.body }
}

const firmGet = (token: string) => t.http.get(`/api/v1/firm-tickets/${token}`)
const firmAct = (token: string, step: 'accept' | 'finish', body: object = {}) => t.http.post(`/api/v1/firm-tickets/${token}/${step}`).send(body)

describe("a 定点维修单位's link", () => {
  it('the SMS reaches the simulator (its signature checked) with the place, category, due time and the link; the link opens the ticket; accept and finish', async () => {
    const firm = await insertFirm(t)
    const { id, sms, link, token, location, assigned } = await sentToFirm(firm)
    expect(sms.text).toMatch(new RegExp(`^【e管家】报修派单：${location.name} 电梯 3号电梯门关不上，夹人危险，请于 \\d+月\\d+日 \\d\\d:\\d\\d 前完成。接单/完工：http`))
    expect(link).toBe(`${t.url}/#/packages/repair/pages/firm/index?token=${encodeURIComponent(token)}`)
    // the dispatcher sees the same link, to forward it if the SMS does not arrive
    expect(assigned.firmLink).toBe(link)
    expect((await t.http.get(`/api/v1/tickets/${id}`).set(bearer(reporter.token))).body.firmLink).toBeNull()
    const opened = await firmGet(token)
    expect(opened.status).toBe(200)
    expect(opened.body).toMatchObject({ id, firmName: firm.name, status: 'assigned', reporterName: '报修人丙', can: { accept: true, finish: false } })
    expect(opened.body).not.toHaveProperty('reporterMobile')
    const accepted = await firmAct(token, 'accept')
    expect(accepted.body).toMatchObject({ status: 'accepted', can: { accept: false, finish: true } })
    expect(show(await firmAct(token, 'accept'))).toBe('409 TICKET_STATE')
    const finished = await firmAct(token, 'finish', { workerName: '刘师傅', note: '更换门机皮带', costFen: 28000, photos: [pngBase64()] })
    expect(finished.body).toMatchObject({ status: 'finished' })
    const detail = await t.http.get(`/api/v1/tickets/${id}`).set(bearer(reporter.token))
    expect(detail.body.events.slice(-2).map((e: { actorName: string; kind: string }) => `${e.kind} ${e.actorName}`)).toEqual([`accepted ${firm.name}`, `finished ${firm.name} 刘师傅`])
    // used: after the finish the link is spent
    expect(show(await firmGet(token))).toBe('410 TICKET_LINK_USED')
    expect(show(await firmAct(token, 'finish', { workerName: '刘师傅', note: '再修' }))).toBe('410 TICKET_LINK_USED')
  })

  it('reassigned: the old link is spent (410), the new holder has it; a forged link is 404', async () => {
    const firm = await insertFirm(t)
    const { id, token } = await sentToFirm(firm)
    const worker = await person(t, ['staff', 'repair_worker'], '维修工丙')
    await act(t, dispatcher, id, 'assign', { workerId: worker.userId })
    expect(show(await firmGet(token))).toBe('410 TICKET_LINK_USED')
    expect(show(await firmAct(token, 'accept'))).toBe('410 TICKET_LINK_USED')
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    expect(show(await firmGet(forged))).toBe('404 NOT_FOUND')
    expect(show(await firmGet(token.replace(/^\d+/, String(id + 1))))).toBe('404 NOT_FOUND')
  })

  it('expires after 7 days: 410 TICKET_LINK_EXPIRED', async () => {
    const firm = await insertFirm(t)
    const { token } = await sentToFirm(firm)
    const later = servicesAt(t, () => new Date(Date.now() + 8 * 86_400_000))
    await expect(later.firm.get(token)).rejects.toMatchObject({ code: 'TICKET_LINK_EXPIRED' })
    await expect(later.firm.accept(token)).rejects.toMatchObject({ code: 'TICKET_LINK_EXPIRED' })
    expect(show(await firmGet(token))).toBe('200')
  })

  it('reopened by the reporter: the firm gets a new link by SMS; a stopped firm cannot be given a ticket', async () => {
    const firm = await insertFirm(t)
    const { id, token } = await sentToFirm(firm)
    await firmAct(token, 'accept')
    await firmAct(token, 'finish', { workerName: '刘师傅', note: '处理' })
    const back = await act(t, reporter, id, 'reopen', { reason: '还是关不上' })
    expect(back.body).toMatchObject({ status: 'assigned', firm: { id: firm.id } })
    await deliverAllDue(t)
    const texts = t.smsSim.messages.filter((m) => m.mobile === firm.mobile)
    expect(texts).toHaveLength(2)
    const fresh = decodeURIComponent(/token=([^&\s]+)/.exec(texts[1].text)![1])
    expect(fresh).not.toBe(token)
    expect((await firmGet(fresh)).body.status).toBe('assigned')
    const stopped = await insertFirm(t, { active: false })
    expect(show(await act(t, dispatcher, id, 'assign', { firmId: stopped.id }))).toBe('422 TICKET_ASSIGNEE_INVALID')
  })

  it('the simulator holds callers to the signature: a wrong secret or a reused nonce is refused; a 5xx leaves the delivery to retry', async () => {
    const params: Record<string, string> = {
      AccessKeyId: 'sms-test-key', Action: 'SendSms', Format: 'JSON', PhoneNumbers: '13900000000', SignName: 'e管家', SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'nonce-1', SignatureVersion: '1.0', TemplateCode: 'SMS_TEST_0001', TemplateParam: JSON.stringify({ content: '测试' }), Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), Version: '2017-05-25',
    }
    const post = (p: Record<string, string>) => fetch(`${t.smsSim.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(p).toString() }).then(async (r) => ({ status: r.status, body: (await r.json()) as { Code: string } }))
    expect(await post({ ...params, Signature: rpcSignature('POST', params, 'wrong-secret') })).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } })
    const signed = { ...params, Signature: rpcSignature('POST', params, 'sms-test-secret') }
    expect((await post(signed)).body.Code).toBe('OK')
    expect(await post(signed)).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } })
    const firm = await insertFirm(t)
    t.smsSim.state.failNext = 1
    const before = t.smsSim.messages.length
    const location = await insertLocation(t)
    const id = (await report(t, reporter, { locationId: location.id, category: 'hvac' })).body.id
    await act(t, dispatcher, id, 'assign', { firmId: firm.id })
    await deliverAllDue(t)
    expect(t.smsSim.messages.length).toBe(before)
    const [[delivery]] = (await t.database.pool.query("SELECT d.status, d.attempts FROM notification_deliveries d WHERE d.channel = 'sms' ORDER BY d.id DESC LIMIT 1")) as unknown as [{ status: string; attempts: number }[]]
    expect(delivery).toEqual({ status: 'pending', attempts: 1 })
  })
})
