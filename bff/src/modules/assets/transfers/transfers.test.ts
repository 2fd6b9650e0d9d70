import { formatMoney, shanghaiDate } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey, outcomes } from '../../../../test/factories'
import { insertAsset, createUnit, shanghaiDay } from '../../../../test/asset-fixtures'
import { createUserOfUnit } from '../../../../test/vehicle-fleet'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

type Who = { userId: number; token: string }
const rows = async <T>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]

/** Two units of their own, a keeper in each, and the centre's admin. */
async function parties() {
  const giving = await createUnit(t)
  const asking = await createUnit(t)
  const giver = await createUserOfUnit(t, giving.name, ['staff', 'asset_keeper'], '调出管理员')
  const taker = await createUserOfUnit(t, asking.name, ['staff', 'asset_keeper'], '调入管理员')
  const admin = await createUser(t, ['admin'], { name: '中心审批人' })
  return { giving, asking, giver, taker, admin }
}

const request = (who: Who, assetId: number, reason = '办公室新增工位', key = idempotencyKey()) =>
  t.http.post('/api/v1/asset-transfers').set(bearer(who.token)).set('Idempotency-Key', key).send({ assetId, reason })
const act = (who: Who, id: number, step: string, body: object = {}) => t.http.post(`/api/v1/asset-transfers/${id}/${step}`).set(bearer(who.token)).send(body)
const notes = (userId: number, id: number) => rows<{ title: string }>('SELECT title FROM notifications WHERE user_id = ? AND link = ? ORDER BY id', [userId, `/packages/asset/pages/transfer/index?id=${id}`])

describe('调剂 end to end', () => {
  it('agree → approve → receive moves the asset, numbers the 调拨单 and fixes its values', async () => {
    const { giving, asking, giver, taker, admin } = await parties()
    const asset = await insertAsset(t, { unitId: giving.id, originalValueFen: 360_000, acquiredOn: '2023-03-01', category: 'furniture' })
    const key = idempotencyKey()
    const created = await request(taker, asset.id, '新设科室<script>alert(1)</script>', key)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'pending_owner', fromUnitName: giving.name, toUnitName: asking.name, waitingFor: `${giving.name} 资产管理员`, slipNo: null, can: { cancel: true, agree: false } })
    const id = created.body.id as number
    // a retry with the same key: the first answer, nothing new
    const again = await request(taker, asset.id, '新设科室<script>alert(1)</script>', key)
    expect([again.status, again.body.id]).toEqual([201, id])
    expect(await rows('SELECT id FROM asset_transfers WHERE asset_id = ?', [asset.id])).toHaveLength(1)
    expect((await notes(giver.userId, id)).map((n) => n.title)).toEqual(['调剂申请待您同意'])

    // the asking keeper cannot agree for the giving unit
    const wrongParty = await act(taker, id, 'agree')
    expect([wrongParty.status, wrongParty.body.error.code, wrongParty.body.error.message]).toEqual([403, 'ASSET_NOT_KEEPER', `只有${giving.name}的资产管理员可以同意调出`])
    const agreed = await act(giver, id, 'agree')
    expect(agreed.status).toBe(200)
    expect(agreed.body).toMatchObject({ status: 'pending_centre', waitingFor: '机关事务管理中心' })
    expect((await notes(admin.userId, id)).map((n) => n.title)).toEqual(['调剂申请待审批'])
    expect((await notes(taker.userId, id)).map((n) => n.title)).toEqual(['调剂进度：原单位已同意'])

    const approved = await act(admin, id, 'approve')
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ status: 'pending_receipt', waitingFor: `${asking.name} 资产管理员` })
    const notYours = await act(giver, id, 'receive')
    expect([notYours.status, notYours.body.error.code]).toEqual([403, 'ASSET_NOT_KEEPER'])

    const received = await act(taker, id, 'receive')
    expect(received.status).toBe(200)
    const year = shanghaiDate(new Date()).slice(0, 4)
    const slipNo = `DB-${year}-${String(id).padStart(5, '0')}`
    expect(received.body).toMatchObject({ status: 'done', slipNo, waitingFor: null, originalValueFen: 360_000, can: { agree: false, approve: false, receive: false, reject: false, cancel: false } })
    expect(received.body.steps.map((s: { done: boolean }) => s.done)).toEqual([true, true, true, true])
    const residual = received.body.residualValueFen as number
    expect(residual).toBeGreaterThan(0)
    expect(residual).toBeLessThan(360_000)

    // ownership moved: the asking unit's, in use there; the 履历 holds every step and the values moved
    const [moved] = await rows<{ unit_id: number; status: string }>('SELECT unit_id, status FROM assets WHERE id = ?', [asset.id])
    expect(moved).toEqual({ unit_id: asking.id, status: 'in_use' })
    const events = await rows<{ kind: string; unit_id: number; original_value_fen: number | null; residual_value_fen: number | null }>(
      'SELECT kind, unit_id, original_value_fen, residual_value_fen FROM asset_events WHERE asset_id = ? ORDER BY id',
      [asset.id],
    )
    expect(events.map((e) => e.kind)).toEqual(['registered', 'transfer_requested', 'transfer_agreed', 'transfer_approved', 'transferred'])
    expect(events[4]).toEqual({ kind: 'transferred', unit_id: asking.id, original_value_fen: 360_000, residual_value_fen: residual })
    expect((await notes(giver.userId, id)).map((n) => n.title)).toEqual(['调剂申请待您同意', '调剂已完成'])

    // the 调拨单: both units, the number, the asset, the values, the three sign-offs; every text escaped
    const slip = await t.http.get(`/api/v1/asset-transfers/${id}/slip`).set(bearer(taker.token))
    expect(slip.status).toBe(200)
    expect(slip.headers['content-type']).toContain('text/html')
    for (const text of [giving.name, asking.name, slipNo, asset.name, '办公家具', formatMoney(360_000), formatMoney(residual), '调出管理员', '中心审批人', '调入管理员', t.services.qr.shortCode('a', asset.id)]) {
      expect(slip.text).toContain(text)
    }
    expect(slip.text).not.toContain('<script>alert(1)</script>')
    expect(slip.text).toContain('&#60;script&#62;')
    // a later step on a finished transfer: 409
    const late = await act(admin, id, 'approve')
    expect([late.status, late.body.error.code]).toEqual([409, 'ASSET_TRANSFER_STATE'])
  })

  it('each step can be refused, by whoever decides it, with a reason; the asker may withdraw before receipt', async () => {
    const { giving, giver, taker, admin } = await parties()
    const first = await request(taker, (await insertAsset(t, { unitId: giving.id })).id)
    // at the centre's step the giving keeper no longer decides
    expect((await act(giver, first.body.id, 'agree')).status).toBe(200)
    const notNow = await act(giver, first.body.id, 'reject', { reason: '改主意了' })
    expect([notNow.status, notNow.body.error.code, notNow.body.error.message]).toEqual([409, 'ASSET_TRANSFER_STATE', '调剂单现在由机关事务管理中心处理'])
    const noReason = await act(admin, first.body.id, 'reject', { reason: '  ' })
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const refused = await act(admin, first.body.id, 'reject', { reason: '该单位已有同类资产' })
    expect(refused.status).toBe(200)
    expect(refused.body).toMatchObject({ status: 'rejected', rejectReason: '该单位已有同类资产', rejectedBy: '中心审批人', waitingFor: null })
    expect((await notes(taker.userId, first.body.id)).map((n) => n.title)).toContain('调剂未通过')
    const after = await act(admin, first.body.id, 'approve')
    expect([after.status, after.body.error.code]).toEqual([409, 'ASSET_TRANSFER_STATE'])

    const second = await request(taker, (await insertAsset(t, { unitId: giving.id })).id)
    const byGiver = await act(giver, second.body.id, 'cancel')
    expect([byGiver.status, byGiver.body.error.code]).toEqual([403, 'ASSET_NOT_KEEPER'])
    const withdrawn = await act(taker, second.body.id, 'cancel')
    expect(withdrawn.body).toMatchObject({ status: 'cancelled' })
    const gone = await act(giver, second.body.id, 'agree')
    expect([gone.status, gone.body.error.code]).toEqual([409, 'ASSET_TRANSFER_STATE'])
    expect((await rows<{ kind: string }>('SELECT kind FROM asset_events WHERE asset_id = ? ORDER BY id', [second.body.assetId])).map((e) => e.kind)).toEqual(['registered', 'transfer_requested', 'transfer_cancelled'])
  })
})

describe('who may ask, and for what', () => {
  it('refuses with a status and a code: own unit, on loan, disposed, in use, in transfer, with loans waiting, missing', async () => {
    const { giving, giver, taker } = await parties()
    const code = async (who: Who, assetId: number) => {
      const r = await request(who, assetId)
      return `${r.status} ${r.body.error?.code ?? ''}`.trim()
    }
    expect(await code(giver, (await insertAsset(t, { unitId: giving.id })).id)).toBe('409 ASSET_TRANSFER_OWN_UNIT')
    expect(await code(taker, (await insertAsset(t, { unitId: giving.id, status: 'on_loan' })).id)).toBe('409 ASSET_ON_LOAN')
    expect(await code(taker, (await insertAsset(t, { unitId: giving.id, status: 'disposed' })).id)).toBe('409 ASSET_DISPOSED')
    expect(await code(taker, (await insertAsset(t, { unitId: giving.id, status: 'in_use' })).id)).toBe('409 ASSET_NOT_IDLE')
    expect(await code(taker, 999_999_999)).toBe('404 NOT_FOUND')
    const wanted = await insertAsset(t, { unitId: giving.id })
    expect(await code(taker, wanted.id)).toBe('201')
    expect(await code(taker, wanted.id)).toBe('409 ASSET_IN_TRANSFER')
    // a loan asked for (pending) holds future days: settle it first
    const lent = await insertAsset(t, { unitId: giving.id })
    const borrower = await createUser(t, ['staff'])
    const loan = await t.http.post('/api/v1/asset-loans').set(bearer(borrower.token)).set('Idempotency-Key', idempotencyKey()).send({ assetId: lent.id, startDate: shanghaiDay(3), endDate: shanghaiDay(5), purpose: '培训使用' })
    expect(loan.status).toBe(201)
    expect(await code(taker, lent.id)).toBe('409 ASSET_HAS_LOANS')
    // a staff member without the keeper role is refused at the route
    const staff = await createUser(t, ['staff'])
    expect(await code(staff, (await insertAsset(t, { unitId: giving.id })).id)).toBe('403 FORBIDDEN')
  })

  it('a transfer of an asset out on loan is refused (409 ASSET_ON_LOAN)', async () => {
    const { giving, giver, taker } = await parties()
    const asset = await insertAsset(t, { unitId: giving.id })
    const borrower = await createUser(t, ['staff'])
    const loan = await t.http.post('/api/v1/asset-loans').set(bearer(borrower.token)).set('Idempotency-Key', idempotencyKey()).send({ assetId: asset.id, startDate: shanghaiDay(0), endDate: shanghaiDay(2), purpose: '会议使用' })
    expect((await t.http.post(`/api/v1/asset-loans/${loan.body.id}/approve`).set(bearer(giver.token))).status).toBe(200)
    const out = await t.http.post(`/api/v1/asset-loans/${loan.body.id}/hand-over`).set(bearer(giver.token)).send({ code: asset.code })
    expect(out.body.status).toBe('on_loan')
    const refused = await request(taker, asset.id)
    expect([refused.status, refused.body.error.code]).toEqual([409, 'ASSET_ON_LOAN'])
  })

  it('shows a transfer to both units’ keepers and the centre only; others 404 as for a missing one', async () => {
    const { giving, giver, taker, admin } = await parties()
    const created = await request(taker, (await insertAsset(t, { unitId: giving.id })).id)
    const outsider = await createUserOfUnit(t, '市财政局', ['staff', 'asset_keeper'], '外单位管理员')
    for (const who of [giver, taker, admin]) expect((await t.http.get(`/api/v1/asset-transfers/${created.body.id}`).set(bearer(who.token))).status).toBe(200)
    for (const path of [`/api/v1/asset-transfers/${created.body.id}`, `/api/v1/asset-transfers/${created.body.id}/slip`]) {
      const r = await t.http.get(path).set(bearer(outsider.token))
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([404, 'NOT_FOUND', '调剂单不存在'])
    }
    for (const step of ['agree', 'receive', 'cancel', 'reject']) {
      const r = await act(outsider, created.body.id, step, { reason: '不行' })
      expect([step, r.status, r.body.error.code]).toEqual([step, 404, 'NOT_FOUND'])
    }
    expect((await t.http.get(`/api/v1/asset-transfers/${created.body.id}`).set(bearer(giver.token))).body.can).toEqual({ agree: true, approve: false, receive: false, reject: true, cancel: false })
  })

  it('lists: mine, todo (waiting for me), all (the centre only)', async () => {
    const { giving, giver, taker, admin } = await parties()
    const a = await request(taker, (await insertAsset(t, { unitId: giving.id })).id)
    const b = await request(taker, (await insertAsset(t, { unitId: giving.id })).id)
    await act(giver, b.body.id, 'agree')
    const ids = async (who: Who, view: string) => ((await t.http.get('/api/v1/asset-transfers').query({ view }).set(bearer(who.token))).body.items as { id: number }[]).map((i) => i.id)
    expect(await ids(taker, 'mine')).toEqual([b.body.id, a.body.id])
    expect(await ids(giver, 'mine')).toEqual([b.body.id, a.body.id])
    expect(await ids(giver, 'todo')).toEqual([a.body.id])
    expect(await ids(taker, 'todo')).toEqual([])
    expect(await ids(admin, 'todo')).toContain(b.body.id)
    expect(await ids(admin, 'todo')).not.toContain(a.body.id)
    expect(await ids(admin, 'all')).toEqual(expect.arrayContaining([a.body.id, b.body.id]))
    const notAll = await t.http.get('/api/v1/asset-transfers').query({ view: 'all' }).set(bearer(giver.token))
    expect([notAll.status, notAll.body.error.code]).toEqual([403, 'FORBIDDEN'])
    // 待办: the giving keeper has one to agree to
    const todos = (await t.http.get('/api/v1/todos').set(bearer(giver.token))).body.items as { kind: string; count: number; url: string }[]
    expect(todos.find((i) => i.kind === 'asset.transfer')).toEqual(expect.objectContaining({ count: 1, url: '/packages/asset/pages/transfers/index?view=todo' }))
  })
})

describe('races', () => {
  it('two units racing for one asset: exactly one 201, the rest 409 ASSET_IN_TRANSFER', async () => {
    const giving = await createUnit(t)
    const askers = await Promise.all(Array.from({ length: 6 }, async () => createUserOfUnit(t, (await createUnit(t)).name, ['staff', 'asset_keeper'])))
    const asset = await insertAsset(t, { unitId: giving.id })
    const responses = await Promise.all(Array.from({ length: 12 }, (_v, i) => request(askers[i % askers.length], asset.id)))
    expect(outcomes(responses)).toEqual({ '201': 1, '409 ASSET_IN_TRANSFER': 11 })
    expect(await rows('SELECT id FROM asset_transfers WHERE asset_id = ?', [asset.id])).toHaveLength(1)
  })

  it('racing approvals (and racing agreements): exactly one 200, the rest 409 ASSET_TRANSFER_STATE', async () => {
    const { giving, giver, taker } = await parties()
    const secondGiver = await createUserOfUnit(t, giving.name, ['staff', 'asset_keeper'], '调出管理员二')
    const created = await request(taker, (await insertAsset(t, { unitId: giving.id })).id)
    const agreements = await Promise.all(Array.from({ length: 8 }, (_v, i) => act(i % 2 ? giver : secondGiver, created.body.id, 'agree')))
    expect(outcomes(agreements)).toEqual({ '200': 1, '409 ASSET_TRANSFER_STATE': 7 })
    const admins = await Promise.all(Array.from({ length: 4 }, () => createUser(t, ['admin'])))
    const approvals = await Promise.all(Array.from({ length: 12 }, (_v, i) => act(admins[i % admins.length], created.body.id, 'approve')))
    expect(outcomes(approvals)).toEqual({ '200': 1, '409 ASSET_TRANSFER_STATE': 11 })
    const events = await rows<{ kind: string }>('SELECT kind FROM asset_events WHERE asset_id = ? ORDER BY id', [created.body.assetId])
    expect(events.map((e) => e.kind)).toEqual(['registered', 'transfer_requested', 'transfer_agreed', 'transfer_approved'])
    // approve and reject racing at the same step: one of them
    const other = await request(taker, (await insertAsset(t, { unitId: giving.id })).id)
    await act(giver, other.body.id, 'agree')
    const mixed = await Promise.all(Array.from({ length: 10 }, (_v, i) => (i % 2 ? act(admins[0], other.body.id, 'approve') : act(admins[1], other.body.id, 'reject', { reason: '不同意' }))))
    expect(outcomes(mixed)).toEqual({ '200': 1, '409 ASSET_TRANSFER_STATE': 9 })
  })
})
