import { randomBytes } from 'node:crypto'
import { shanghaiDate } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { idempotencyKey } from '../../../../test/factories'
import { createUnit, insertAsset, keeperOf, personOf, type TestPerson, type TestUnit } from '../../../../test/asset-fixtures'

let t: TestApp
let unit: TestUnit
let keeper: TestPerson
let otherKeeper: TestPerson
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  unit = await createUnit(t)
  keeper = await keeperOf(t, unit, '购置测试资产员')
  otherKeeper = await keeperOf(t, await createUnit(t), '另一单位资产员')
  admin = await t.login('admin')
})
afterAll(() => t.close())

const failure = (response: { status: number; body: { error?: { code?: string } } }) => [response.status, response.body.error?.code]
const mark = () => `K${randomBytes(4).toString('hex')}`

const check = (token: string, query: Record<string, string>) => t.http.get('/api/v1/assets/check-before-buy').query(query).set(bearer(token))
const file = (token: string, body: Record<string, unknown>, key = idempotencyKey()) =>
  t.http
    .post('/api/v1/asset-purchases')
    .set(bearer(token))
    .set('Idempotency-Key', key)
    .send({ category: 'computer', name: '笔记本电脑', quantity: 2, budgetFen: 1_200_000, ...body })

describe('公物仓优先: check before buying', () => {
  it('logs every search as a numbered 凭证: nothing to reuse, or the idle assets of other units', async () => {
    const word = mark()
    const none = await check(keeper.token, { category: 'computer', q: word })
    expect(none.status).toBe(200)
    const day = shanghaiDate(new Date()).replace(/-/g, '')
    expect(none.body).toMatchObject({ receiptNo: expect.stringMatching(new RegExp(`^CK-${day}-\\d{4,}$`)), category: 'computer', q: word, unitName: unit.name, verdict: '公物仓无可调剂资产', matches: [] })
    expect(new Date(none.body.validUntil).getTime() - new Date(none.body.checkedAt).getTime()).toBe(30 * 86_400_000)
    const [row] = (await t.database.pool.query('SELECT id, unit_id AS unitId, user_id AS userId, match_count AS matchCount FROM asset_buy_checks WHERE receipt_no = ?', [none.body.receiptNo]))[0] as {
      id: number
      unitId: number
      userId: number
      matchCount: number
    }[]
    expect(row).toMatchObject({ unitId: unit.id, userId: keeper.userId, matchCount: 0 })
    expect(none.body.receiptNo).toBe(`CK-${day}-${String(row.id).padStart(4, '0')}`)

    const elsewhere = await createUnit(t)
    const found = await insertAsset(t, { unitId: elsewhere.id, by: keeper.userId, name: `闲置电脑 ${word}`, category: 'computer' })
    await insertAsset(t, { unitId: elsewhere.id, by: keeper.userId, name: `在用电脑 ${word}`, category: 'computer', status: 'in_use' })
    await insertAsset(t, { unitId: unit.id, by: keeper.userId, name: `本单位电脑 ${word}`, category: 'computer' })
    await insertAsset(t, { unitId: elsewhere.id, by: keeper.userId, name: `闲置桌子 ${word}`, category: 'furniture' })
    const some = await check(keeper.token, { category: 'computer', q: word })
    expect(some.body.verdict).toBe('公物仓有 1 件可调剂资产')
    expect(some.body.matches.map((a: { id: number }) => a.id)).toEqual([found.id])
    expect(some.body.receiptNo).not.toBe(none.body.receiptNo)
    expect((await check(admin, { category: 'computer', q: word })).status).toBe(200)
    const staff = await personOf(t, unit, ['staff'])
    expect(failure(await check(staff.token, { category: 'computer' }))).toEqual([403, 'FORBIDDEN'])
    expect(failure(await check(keeper.token, { category: 'spaceship' }))).toEqual([400, 'VALIDATION_FAILED'])
  })
})

describe('filing a purchase', () => {
  it('takes a 凭证 of the same unit and category, younger than 30 days; a retry files once', async () => {
    const receipt = (await check(keeper.token, { category: 'computer', q: mark() })).body.receiptNo as string
    const key = idempotencyKey()
    const filed = await file(keeper.token, { receiptNo: receipt }, key)
    expect(filed.status).toBe(201)
    expect(filed.body).toMatchObject({ receiptNo: receipt, unitName: unit.name, category: 'computer', quantity: 2, budgetFen: 1_200_000, whyNotReuse: null, createdBy: keeper.name })
    const again = await file(keeper.token, { receiptNo: receipt }, key)
    expect([again.status, again.body.id]).toEqual([201, filed.body.id])
    const mine = await t.http.get('/api/v1/asset-purchases').set(bearer(keeper.token))
    expect(mine.body.items.map((p: { id: number }) => p.id)).toEqual([filed.body.id])
    const theirs = await t.http.get('/api/v1/asset-purchases').set(bearer(otherKeeper.token))
    expect(theirs.body.items.map((p: { id: number }) => p.id)).not.toContain(filed.body.id)
    const all = await t.http.get('/api/v1/asset-purchases').set(bearer(admin))
    expect(all.body.items.map((p: { id: number }) => p.id)).toContain(filed.body.id)
  })

  it('refuses without a 凭证, on another unit’s or another category’s, on an expired one, and without a reason when there were assets to reuse', async () => {
    expect(failure(await file(keeper.token, { receiptNo: 'CK-20260101-999999999' }))).toEqual([422, 'ASSET_BUY_CHECK_REQUIRED'])
    expect(failure(await file(keeper.token, { receiptNo: 'not-a-receipt' }))).toEqual([400, 'VALIDATION_FAILED'])
    const furniture = (await check(keeper.token, { category: 'furniture', q: mark() })).body.receiptNo
    expect(failure(await file(keeper.token, { receiptNo: furniture }))).toEqual([422, 'ASSET_BUY_CHECK_MISMATCH'])
    const theirs = (await check(otherKeeper.token, { category: 'computer', q: mark() })).body.receiptNo
    expect(failure(await file(keeper.token, { receiptNo: theirs }))).toEqual([422, 'ASSET_BUY_CHECK_MISMATCH'])

    const old = (await check(keeper.token, { category: 'computer', q: mark() })).body.receiptNo
    await t.database.pool.query('UPDATE asset_buy_checks SET created_at = created_at - INTERVAL 31 DAY WHERE receipt_no = ?', [old])
    expect(failure(await file(keeper.token, { receiptNo: old }))).toEqual([422, 'ASSET_BUY_CHECK_EXPIRED'])
    const recent = (await check(keeper.token, { category: 'computer', q: mark() })).body.receiptNo
    await t.database.pool.query('UPDATE asset_buy_checks SET created_at = created_at - INTERVAL 29 DAY WHERE receipt_no = ?', [recent])
    expect((await file(keeper.token, { receiptNo: recent })).status).toBe(201)

    const word = mark()
    await insertAsset(t, { unitId: (await createUnit(t)).id, by: keeper.userId, name: `可调剂投影仪 ${word}`, category: 'meeting_equipment' })
    const found = await check(keeper.token, { category: 'meeting_equipment', q: word })
    expect(found.body.verdict).toBe('公物仓有 1 件可调剂资产')
    expect(failure(await file(keeper.token, { receiptNo: found.body.receiptNo, category: 'meeting_equipment', name: '投影仪' }))).toEqual([422, 'ASSET_BUY_REASON_REQUIRED'])
    expect(failure(await file(keeper.token, { receiptNo: found.body.receiptNo, category: 'meeting_equipment', name: '投影仪', whyNotReuse: '' }))).toEqual([422, 'ASSET_BUY_REASON_REQUIRED'])
    const withReason = await file(keeper.token, { receiptNo: found.body.receiptNo, category: 'meeting_equipment', name: '投影仪', whyNotReuse: '可调剂的亮度不足，无法满足大会议室' })
    expect(withReason.status).toBe(201)
    expect(withReason.body.whyNotReuse).toBe('可调剂的亮度不足，无法满足大会议室')
    const staff = await personOf(t, unit, ['staff'])
    expect(failure(await file(staff.token, { receiptNo: recent }))).toEqual([403, 'FORBIDDEN'])
  })
})
