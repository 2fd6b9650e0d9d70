import { shanghaiDate } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, outcomes } from '../../../../test/factories'
import { createUnit, insertAsset, insertLoan, insertTransfer, keeperOf, personOf, type TestPerson, type TestUnit } from '../../../../test/asset-fixtures'

let t: TestApp
let unit: TestUnit
let keeper: TestPerson
let borrower: TestPerson
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  unit = await createUnit(t)
  keeper = await keeperOf(t, unit, '报废测试资产员')
  borrower = await personOf(t, await createUnit(t), ['staff'], '借用人')
  admin = await t.login('admin')
})
afterAll(() => t.close())

const today = () => shanghaiDate(new Date())
const addDays = (day: string, n: number) => new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10)
const failure = (response: { status: number; body: { error?: { code?: string } } }) => [response.status, response.body.error?.code]

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  const [result] = await t.database.pool.query(sql, params)
  return result as T[]
}

async function askToDispose(name: string) {
  const asset = await insertAsset(t, { unitId: unit.id, by: keeper.userId, name })
  const asked = await t.http.post(`/api/v1/assets/${asset.id}/disposal`).set(bearer(keeper.token)).send({ reason: '损坏无法修复' })
  expect(asked.status).toBe(201)
  return { asset, disposalId: asked.body.id as number }
}

describe('报废 decided by the centre', () => {
  it('approves: the asset leaves the warehouse with its history, its loans and transfers are cancelled and everyone told', async () => {
    const { asset, disposalId } = await askToDispose('报废用打印机')
    // a loan and a transfer that came after the request
    const start = addDays(today(), 2)
    const loanId = await insertLoan(t, { assetId: asset.id, ownerUnitId: unit.id, borrowerUserId: borrower.userId, startDate: start, endDate: addDays(start, 1), status: 'approved' })
    const receiving = await createUnit(t)
    const requester = await keeperOf(t, receiving, '调剂申请人')
    const transferId = await insertTransfer(t, { assetId: asset.id, fromUnitId: unit.id, toUnitId: receiving.id, requestedByUserId: requester.userId, status: 'pending_owner' })
    const listed = await t.http.get('/api/v1/asset-disposals').query({ status: 'pending' }).set(bearer(admin))
    expect(listed.body.items.map((d: { id: number }) => d.id)).toContain(disposalId)

    const approved = await t.http.post(`/api/v1/asset-disposals/${disposalId}/approve`).set(bearer(admin))
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: '系统管理员', decidedAt: expect.any(String) })
    const [state] = await rows<{ status: string; listed_at: Date | null }>('SELECT status, listed_at FROM assets WHERE id = ?', [asset.id])
    expect(state).toEqual({ status: 'disposed', listed_at: null })
    const [loan] = await rows<{ status: string }>('SELECT status FROM asset_loans WHERE id = ?', [loanId])
    expect(loan.status).toBe('cancelled')
    expect(await rows('SELECT * FROM asset_loan_days WHERE loan_id = ?', [loanId])).toEqual([])
    const [transfer] = await rows<{ status: string }>('SELECT status FROM asset_transfers WHERE id = ?', [transferId])
    expect(transfer.status).toBe('cancelled')
    const told = await rows<{ user_id: number; title: string }>('SELECT user_id, title FROM notifications WHERE user_id IN (?) ORDER BY id', [[borrower.userId, requester.userId, keeper.userId]])
    expect(told).toEqual(
      expect.arrayContaining([
        { user_id: borrower.userId, title: '借用已取消' },
        { user_id: requester.userId, title: '调剂已取消' },
        { user_id: keeper.userId, title: '报废申请已通过' },
      ]),
    )
    const audit = await rows<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'asset' AND entity_id = ?", [String(asset.id)])
    expect(audit.map((a) => a.action)).toEqual(['asset.dispose'])

    // out of the warehouse, history kept
    const warehouse = await t.http.get('/api/v1/assets').query({ unitId: unit.id }).set(bearer(borrower.token))
    expect(warehouse.body.items.map((a: { id: number }) => a.id)).not.toContain(asset.id)
    const page = await t.http.get(`/api/v1/assets/${asset.id}`).set(bearer(keeper.token))
    expect(page.body).toMatchObject({ status: 'disposed', openDisposalId: null, can: { edit: false, dispose: false, borrow: false, requestTransfer: false } })
    expect(page.body.history.map((h: { kind: string }) => h.kind).slice(0, 2)).toEqual(['disposed', 'disposal_requested'])

    expect(failure(await t.http.post(`/api/v1/asset-disposals/${disposalId}/approve`).set(bearer(admin)))).toEqual([409, 'ASSET_DISPOSAL_STATE'])
    expect(failure(await t.http.post(`/api/v1/asset-disposals/${disposalId}/reject`).set(bearer(admin)).send({ reason: '晚了' }))).toEqual([409, 'ASSET_DISPOSAL_STATE'])
    expect(failure(await t.http.post(`/api/v1/assets/${asset.id}/disposal`).set(bearer(keeper.token)).send({ reason: '再报' }))).toEqual([409, 'ASSET_DISPOSED'])
  })

  it('rejects with a reason, and the keeper may ask again', async () => {
    const { asset, disposalId } = await askToDispose('还能用的椅子')
    expect(failure(await t.http.post(`/api/v1/asset-disposals/${disposalId}/reject`).set(bearer(admin)).send({}))).toEqual([400, 'VALIDATION_FAILED'])
    const rejected = await t.http.post(`/api/v1/asset-disposals/${disposalId}/reject`).set(bearer(admin)).send({ reason: '维修后可继续使用' })
    expect(rejected.status).toBe(200)
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '维修后可继续使用' })
    const [notice] = await rows<{ title: string; body: string }>('SELECT title, body FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1', [keeper.userId])
    expect(notice).toEqual({ title: '报废申请未通过', body: '「还能用的椅子」：维修后可继续使用' })
    const [state] = await rows<{ status: string }>('SELECT status FROM assets WHERE id = ?', [asset.id])
    expect(state.status).toBe('idle')
    expect((await t.http.post(`/api/v1/assets/${asset.id}/disposal`).set(bearer(keeper.token)).send({ reason: '确实坏了' })).status).toBe(201)
  })

  it('puts 报废 waiting for a decision on the centre’s 待办, and takes it off once decided', async () => {
    const disposalTodo = async (token: string) => ((await t.http.get('/api/v1/todos').set(bearer(token))).body.items as { kind: string; count: number }[]).find((item) => item.kind === 'asset.disposal')
    const before = (await disposalTodo(admin))?.count ?? 0
    const { disposalId } = await askToDispose('待办里的旧沙发')
    expect(await disposalTodo(admin)).toMatchObject({ count: before + 1, url: '/packages/asset-admin/pages/disposals/index' })
    expect(await disposalTodo(keeper.token)).toBeUndefined()
    await t.http.post(`/api/v1/asset-disposals/${disposalId}/reject`).set(bearer(admin)).send({ reason: '还能用' })
    expect((await disposalTodo(admin))?.count ?? 0).toBe(before)
  })

  it('lets exactly one of racing approvals through', async () => {
    const { asset, disposalId } = await askToDispose('抢着批的柜子')
    const other = await createUser(t, ['admin'], { name: '第二管理员' })
    const answers = await Promise.all(Array.from({ length: 6 }, (_v, i) => t.http.post(`/api/v1/asset-disposals/${disposalId}/approve`).set(bearer(i % 2 ? other.token : admin))))
    expect(outcomes(answers)).toEqual({ '200': 1, '409 ASSET_DISPOSAL_STATE': 5 })
    const events = await rows<{ kind: string }>("SELECT kind FROM asset_events WHERE asset_id = ? AND kind = 'disposed'", [asset.id])
    expect(events).toHaveLength(1)
  })

  it('waits for an asset out on loan to come back; refuses keepers and unknown requests', async () => {
    const { asset, disposalId } = await askToDispose('借出去的投影仪')
    await insertLoan(t, { assetId: asset.id, ownerUnitId: unit.id, borrowerUserId: borrower.userId, startDate: today(), endDate: today(), status: 'on_loan' })
    expect(failure(await t.http.post(`/api/v1/asset-disposals/${disposalId}/approve`).set(bearer(admin)))).toEqual([409, 'ASSET_ON_LOAN'])
    const [still] = await rows<{ status: string }>('SELECT status FROM asset_disposals WHERE id = ?', [disposalId])
    expect(still.status).toBe('pending')
    expect(failure(await t.http.post(`/api/v1/asset-disposals/${disposalId}/approve`).set(bearer(keeper.token)))).toEqual([403, 'FORBIDDEN'])
    expect(failure(await t.http.get('/api/v1/asset-disposals').set(bearer(keeper.token)))).toEqual([403, 'FORBIDDEN'])
    expect(failure(await t.http.post('/api/v1/asset-disposals/999999999/approve').set(bearer(admin)))).toEqual([404, 'NOT_FOUND'])
    expect(failure(await t.http.post('/api/v1/asset-disposals/999999999/reject').set(bearer(admin)).send({ reason: '无' }))).toEqual([404, 'NOT_FOUND'])
  })
})
