import { shanghaiDate } from '@egj/shared'
import { assetBuyChecks, assetEvents, assetPurchases } from '../../../db/schema'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { downloadWorkbook, rowStarting } from '../../../../test/xlsx'
import { createUnit, insertAsset, insertLoan, insertTransfer, keeperOf } from '../../../../test/asset-fixtures'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const failure = (response: { status: number; body: { error?: { code?: string } } }) => [response.status, response.body.error?.code]

async function count(sql: string): Promise<number> {
  const [rows] = await t.database.pool.query(sql)
  return Number((rows as { n: number }[])[0].n)
}

// A month no other test writes to: the figures are exactly what this test put there.
const MONTH = '2031-05'

describe('公物仓 monthly statistics', () => {
  it('counts what the history says happened in the month (Asia/Shanghai), by unit, and exports it', async () => {
    const lender = await createUnit(t)
    const receiver = await createUnit(t)
    const keeper = await keeperOf(t, lender)
    const desk = await insertAsset(t, { unitId: lender.id, by: keeper.userId, originalValueFen: 100_000 })
    const laptop = await insertAsset(t, { unitId: lender.id, by: keeper.userId, originalValueFen: 50_000 })
    const event = (values: Partial<typeof assetEvents.$inferInsert> & { at: Date; kind: string; unitId: number }) => t.database.db.insert(assetEvents).values({ assetId: desk.id, text: '统计测试', ...values })
    // listed: one at 00:30 on the 1st in Beijing (still 30 April in UTC), one on the 30th at 23:59 in UTC (1 June in Beijing: not counted)
    await event({ at: new Date('2031-04-30T16:30:00Z'), kind: 'listed', unitId: lender.id })
    await event({ at: new Date('2031-05-12T03:00:00Z'), kind: 'listed', unitId: lender.id, assetId: laptop.id })
    await event({ at: new Date('2031-05-31T16:10:00Z'), kind: 'listed', unitId: lender.id })
    await event({ at: new Date('2031-04-30T15:59:00Z'), kind: 'listed', unitId: receiver.id })
    await event({ at: new Date('2031-05-20T02:00:00Z'), kind: 'listed', unitId: receiver.id })
    // a transfer received (on the receiving unit, with its values) and a loan handed over (on the owner)
    await event({ at: new Date('2031-05-15T06:00:00Z'), kind: 'transferred', unitId: receiver.id, originalValueFen: 100_000, residualValueFen: 60_000 })
    await insertTransfer(t, { assetId: desk.id, fromUnitId: lender.id, toUnitId: receiver.id, requestedByUserId: keeper.userId, status: 'done', receivedAt: new Date('2031-05-15T06:00:00Z') })
    await event({ at: new Date('2031-05-18T01:00:00Z'), kind: 'loaned', unitId: lender.id, assetId: laptop.id, originalValueFen: 50_000, residualValueFen: 40_000 })
    await event({ at: new Date('2031-05-18T01:00:00Z'), kind: 'updated', unitId: lender.id, assetId: laptop.id })
    // 查询凭证 and a purchase
    const [check] = await t.database.db.insert(assetBuyChecks).values({ receiptNo: 'CK-20310503-9000001', unitId: lender.id, userId: keeper.userId, category: 'computer', matchCount: 2, matchIds: [1, 2], createdAt: new Date('2031-05-03T02:00:00Z') })
    await t.database.db.insert(assetBuyChecks).values({ receiptNo: 'CK-20310504-9000002', unitId: lender.id, userId: keeper.userId, category: 'computer', matchCount: 0, matchIds: [], createdAt: new Date('2031-05-04T02:00:00Z') })
    await t.database.db.insert(assetPurchases).values({ buyCheckId: check.insertId, unitId: lender.id, userId: keeper.userId, category: 'computer', name: '电脑', quantity: 1, budgetFen: 500_000, whyNotReuse: '配置不够', createdAt: new Date('2031-05-05T02:00:00Z') })
    // a loan out past its last day, now
    const late = await insertAsset(t, { unitId: lender.id, by: keeper.userId })
    const yesterday = shanghaiDate(new Date(Date.now() - 86_400_000))
    await insertLoan(t, { assetId: late.id, ownerUnitId: lender.id, borrowerUserId: keeper.userId, startDate: yesterday, endDate: yesterday, status: 'on_loan' })

    const stats = await t.http.get('/api/v1/assets/stats').query({ month: MONTH }).set(bearer(admin))
    expect(stats.status).toBe(200)
    expect(stats.body).toMatchObject({ month: MONTH, listed: 3, transfersDone: 1, loansDone: 1, reusedOriginalFen: 150_000, reusedResidualFen: 100_000, purchases: 1, checks: 2, checksWithMatches: 1 })
    expect(stats.body.overdueNow).toBe(await count("SELECT COUNT(*) AS n FROM asset_loans WHERE status = 'on_loan' AND end_date < DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m-%d')"))
    expect(stats.body.overdueNow).toBeGreaterThanOrEqual(1)
    expect(stats.body.idleNow).toBe(await count("SELECT COUNT(*) AS n FROM assets WHERE status = 'idle'"))
    expect(stats.body.byUnit).toEqual([
      { unitId: receiver.id, unitName: receiver.name, listed: 1, transfersIn: 1, transfersOut: 0, loansOut: 0, reusedOriginalFen: 100_000 },
      { unitId: lender.id, unitName: lender.name, listed: 2, transfersIn: 0, transfersOut: 1, loansOut: 1, reusedOriginalFen: 50_000 },
    ])

    const book = await downloadWorkbook(t.http.get('/api/v1/assets/stats.xlsx').query({ month: MONTH }).set(bearer(admin)))
    const summary = book.getWorksheet('月度概况')!
    expect(rowStarting(summary, '完成调剂（次）')).toEqual(['完成调剂（次）', 1])
    expect(rowStarting(summary, '调剂借用资产原值（元）')).toEqual(['调剂借用资产原值（元）', 1500])
    const byUnit = book.getWorksheet('按单位')!
    expect(rowStarting(byUnit, lender.name)).toEqual([lender.name, 2, 0, 1, 1, 500])
    expect((rowStarting(byUnit, '合计')![5] as { result: number }).result).toBe(1500)

    const empty = await t.http.get('/api/v1/assets/stats').query({ month: '2032-02' }).set(bearer(admin))
    expect(empty.body).toMatchObject({ listed: 0, transfersDone: 0, loansDone: 0, reusedOriginalFen: 0, byUnit: [] })
  })

  it('is the centre’s', async () => {
    const keeper = await keeperOf(t, await createUnit(t))
    expect(failure(await t.http.get('/api/v1/assets/stats').query({ month: MONTH }).set(bearer(keeper.token)))).toEqual([403, 'FORBIDDEN'])
    expect(failure(await t.http.get('/api/v1/assets/stats.xlsx').query({ month: MONTH }).set(bearer(keeper.token)))).toEqual([403, 'FORBIDDEN'])
    expect(failure(await t.http.get('/api/v1/assets/stats').query({ month: '2031-13' }).set(bearer(admin)))).toEqual([400, 'VALIDATION_FAILED'])
  })
})
