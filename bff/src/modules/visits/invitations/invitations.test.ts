import { createHash } from 'node:crypto'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey, outcomes } from '../../../../test/factories'
import { badCheckDigit, idCard, inMinutes, mobile, userId, visitCount } from '../../../../test/visit-fixtures'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const invite = (token: string, body: Record<string, unknown>, key = idempotencyKey()) => t.http.post('/api/v1/visits/invitations').set(bearer(token)).set('Idempotency-Key', key).send(body)
const invitationBody = (overrides: Record<string, unknown> = {}) => ({ visitorName: '周来宾', mobile: mobile(), startAt: inMinutes(60), endAt: inMinutes(240), purpose: '座谈', plateNo: '沪A12345', ...overrides })
const tokenOf = (inviteUrl: string) => new URL(inviteUrl.replace('/#/', '/')).searchParams.get('token')!
const accept = (userToken: string, token: string, body: Record<string, unknown>) => t.http.post(`/api/v1/visits/invitations/${token}/accept`).set(bearer(userToken)).send(body)

async function invited(overrides: Record<string, unknown> = {}) {
  const created = await invite(await t.login('lisi'), invitationBody(overrides))
  if (created.status !== 201) throw new Error(JSON.stringify(created.body))
  return { id: created.body.id as number, token: tokenOf(created.body.inviteUrl) }
}

describe('invitations', () => {
  it('the host invites: an H5 link with a random token, only its sha256 stored, the visit waits for the visitor', async () => {
    const body = invitationBody()
    const created = await invite(await t.login('lisi'), body)
    expect(created.status).toBe(201)
    expect(created.body.inviteUrl).toMatch(new RegExp(`^${t.url}/#/packages/visit/pages/invite/index\\?token=[A-Za-z0-9_-]{43}$`))
    const token = tokenOf(created.body.inviteUrl)
    const [rows] = await t.database.pool.query('SELECT status, source, visitor_user_id, invite_token_hash, id_number_hash FROM visits WHERE id = ?', [created.body.id])
    expect((rows as unknown[])[0]).toEqual({ status: 'invited', source: 'invitation', visitor_user_id: null, invite_token_hash: createHash('sha256').update(token).digest('hex'), id_number_hash: null })

    // the link works before signing in: masked mobile, host, window, purpose
    const view = await t.http.get(`/api/v1/visits/invitations/${token}`)
    expect(view.status).toBe(200)
    expect(view.body).toEqual({
      visitorName: '周来宾',
      mobileMasked: `${body.mobile.slice(0, 3)}****${body.mobile.slice(7)}`,
      host: { id: await userId(t, 'lisi'), name: '李四', unitName: '市机关事务管理中心' },
      purpose: '座谈',
      startAt: new Date(body.startAt).toISOString(),
      endAt: new Date(body.endAt).toISOString(),
      plateNo: '沪A12345',
      acceptedVisitId: null,
    })
    // the host sees it in the host list as 待访客填写
    const list = await t.http.get('/api/v1/visits').query({ as: 'host' }).set(bearer(await t.login('lisi')))
    expect(list.body.items[0]).toMatchObject({ id: created.body.id, status: 'invited', decider: null, can: { approve: false, cancel: true } })
  })

  it('the visitor completes the ID details: approved at once, decided by the host; again is the same visit; someone else is 409', async () => {
    const { id, token } = await invited()
    const visitor = await t.login('visitor1')
    const idNumber = idCard()
    const accepted = await accept(visitor, token, { idType: 'id_card', idNumber, companions: [{ name: '随行', idType: 'id_card', idNumber: idCard() }] })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ id, status: 'approved', source: 'invitation', decidedBy: '李四', idNumberMasked: `${idNumber.slice(0, 3)}***********${idNumber.slice(-4)}`, companions: [{ name: '随行' }], can: { viewPass: true } })
    const [rows] = await t.database.pool.query('SELECT visitor_user_id, pass_nonce FROM visits WHERE id = ?', [id])
    expect((rows as { visitor_user_id: number; pass_nonce: string }[])[0]).toEqual({ visitor_user_id: await userId(t, 'visitor1'), pass_nonce: expect.stringMatching(/^[0-9a-f]{32}$/) })
    const [told] = await t.database.pool.query("SELECT COUNT(*) AS n FROM notifications WHERE title = '访客已确认来访' AND link = ?", [`/packages/visit/pages/detail/index?id=${id}`])
    expect(Number((told as { n: number }[])[0].n)).toBe(1)

    const again = await accept(visitor, token, { idType: 'id_card', idNumber })
    expect([again.status, again.body.id]).toEqual([200, id])
    const other = await createUser(t, ['visitor'], { unit: false })
    const used = await accept(other.token, token, { idType: 'id_card', idNumber: idCard() })
    expect([used.status, used.body.error.code]).toEqual([409, 'VISIT_INVITATION_USED'])
    expect((await t.http.get(`/api/v1/visits/invitations/${token}`)).body.acceptedVisitId).toBe(id)
  })

  it('two people accepting the same link at once: exactly one gets the visit', async () => {
    const { id, token } = await invited()
    const people = await Promise.all([createUser(t, ['visitor'], { unit: false }), createUser(t, ['visitor'], { unit: false })])
    const answers = await Promise.all(people.map((p) => accept(p.token, token, { idType: 'id_card', idNumber: idCard() })))
    expect(outcomes(answers)).toEqual({ '200': 1, '409 VISIT_INVITATION_USED': 1 })
    const [companions] = await t.database.pool.query('SELECT COUNT(*) AS n FROM visit_companions WHERE visit_id = ?', [id])
    expect(Number((companions as { n: number }[])[0].n)).toBe(0)
  })

  it('refusals: bad link, bad ID, a blocked ID (nothing changes), a cancelled invitation, not staff', async () => {
    const visitor = await t.login('visitor1')
    const unknown = await t.http.get(`/api/v1/visits/invitations/${'A'.repeat(43)}`)
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'VISIT_INVITATION_INVALID'])
    const junk = await t.http.get('/api/v1/visits/invitations/not*a*token')
    expect([junk.status, junk.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])

    const { id, token } = await invited()
    const badId = await accept(visitor, token, { idType: 'id_card', idNumber: badCheckDigit(idCard()) })
    expect([badId.status, badId.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const blocked = idCard()
    await t.http.post('/api/v1/visits/blocklist').set(bearer(await t.login('admin'))).send({ idType: 'id_card', idNumber: blocked, reason: '测试' })
    const refused = await accept(visitor, token, { idType: 'id_card', idNumber: blocked })
    expect([refused.status, refused.body.error.code]).toEqual([403, 'VISIT_NOT_ACCEPTED'])
    const [rows] = await t.database.pool.query('SELECT status, visitor_user_id FROM visits WHERE id = ?', [id])
    expect((rows as unknown[])[0]).toEqual({ status: 'invited', visitor_user_id: null })

    expect((await t.http.post(`/api/v1/visits/${id}/cancel`).set(bearer(await t.login('lisi')))).body.status).toBe('cancelled')
    const gone = await t.http.get(`/api/v1/visits/invitations/${token}`)
    expect([gone.status, gone.body.error.code]).toEqual([404, 'VISIT_INVITATION_INVALID'])
    const late = await accept(visitor, token, { idType: 'id_card', idNumber: idCard() })
    expect([late.status, late.body.error.code]).toEqual([404, 'VISIT_INVITATION_INVALID'])

    const before = await visitCount(t)
    const notStaff = await invite(visitor, invitationBody())
    expect([notStaff.status, notStaff.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const past = await invite(await t.login('lisi'), invitationBody({ startAt: inMinutes(-300), endAt: inMinutes(-200) }))
    expect([past.status, past.body.error.code]).toEqual([422, 'VISIT_WINDOW_PAST'])
    const badPlate = await invite(await t.login('lisi'), invitationBody({ plateNo: 'ABC' }))
    expect([badPlate.status, badPlate.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(await visitCount(t)).toBe(before)
  })
})
