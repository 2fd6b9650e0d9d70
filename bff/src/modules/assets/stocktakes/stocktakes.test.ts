import { shanghaiDate } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { downloadWorkbook, rowStarting } from '../../../../test/xlsx'
import { createUnit, insertAsset, insertLoan, keeperOf, personOf, type TestPerson, type TestUnit } from '../../../../test/asset-fixtures'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const failure = (response: { status: number; body: { error?: { code?: string } } }) => [response.status, response.body.error?.code]
const ids = (lines: { id: number }[]) => lines.map((line) => line.id).sort((a, b) => a - b)

async function unitWithKeeper(): Promise<{ unit: TestUnit; keeper: TestPerson }> {
  const unit = await createUnit(t)
  return { unit, keeper: await keeperOf(t, unit, '盘点资产员') }
}

const start = (token: string) => t.http.post('/api/v1/asset-stocktakes').set(bearer(token))
const send = (token: string, id: number, codes: string[]) => t.http.post(`/api/v1/asset-stocktakes/${id}/scans`).set(bearer(token)).send({ codes })

describe('盘点 by scanning', () => {
  it('starts one stocktake a unit, however many starts race', async () => {
    const { keeper } = await unitWithKeeper()
    const answers = await Promise.all(Array.from({ length: 5 }, () => start(keeper.token)))
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201])
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1)
    expect(answers[0].body).toMatchObject({ status: 'open', startedBy: '盘点资产员', finishedAt: null, expected: 0, scanned: 0 })
    expect(failure(await start(admin))).toEqual([403, 'FORBIDDEN'])
  })

  it('counts each code once (sent again after being offline), lists forged codes, and ends with found / missing / elsewhere / on loan', async () => {
    const { unit, keeper } = await unitWithKeeper()
    const [desk, chair, cabinet, printer] = [
      await insertAsset(t, { unitId: unit.id, by: keeper.userId, name: '办公桌' }),
      await insertAsset(t, { unitId: unit.id, by: keeper.userId, name: '办公椅', status: 'in_use' }),
      await insertAsset(t, { unitId: unit.id, by: keeper.userId, name: '文件柜' }),
      await insertAsset(t, { unitId: unit.id, by: keeper.userId, name: '打印机' }),
    ]
    await insertAsset(t, { unitId: unit.id, by: keeper.userId, name: '已报废的沙发', status: 'disposed' })
    const borrower = await personOf(t, unit, ['staff'])
    const today = shanghaiDate(new Date())
    await insertLoan(t, { assetId: printer.id, ownerUnitId: unit.id, borrowerUserId: borrower.userId, startDate: today, endDate: today, status: 'on_loan' })
    const elsewhere = await unitWithKeeper()
    const stray = await insertAsset(t, { unitId: elsewhere.unit.id, by: elsewhere.keeper.userId, name: '外单位的投影仪' })

    const stocktake = (await start(keeper.token)).body
    expect(stocktake).toMatchObject({ expected: 4, scanned: 0 })
    expect(ids(stocktake.missing)).toEqual(ids([desk, chair, cabinet]))
    expect(ids(stocktake.onLoan)).toEqual([printer.id])
    const forged = desk.code.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
    const batch = [desk.code, chair.shortCode, stray.code, forged, '随便扫到的东西', desk.code]
    const first = await send(keeper.token, stocktake.id, batch)
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ accepted: 3, unknown: [forged, '随便扫到的东西'], scanned: 3, expected: 4 })
    // the phone was offline and sends its queue again
    const again = await send(keeper.token, stocktake.id, batch)
    expect(again.body).toEqual({ accepted: 0, unknown: [forged, '随便扫到的东西'], scanned: 3, expected: 4 })
    const [found] = (await t.database.pool.query("SELECT COUNT(*) AS n FROM asset_events WHERE asset_id = ? AND kind = 'stocktake_found'", [desk.id]))[0] as { n: number }[]
    expect(found.n).toBe(1)
    const [strayEvents] = (await t.database.pool.query("SELECT COUNT(*) AS n FROM asset_events WHERE asset_id = ? AND kind = 'stocktake_found'", [stray.id]))[0] as { n: number }[]
    expect(strayEvents.n).toBe(0)

    const now = await t.http.get(`/api/v1/asset-stocktakes/${stocktake.id}`).set(bearer(keeper.token))
    expect(now.body).toMatchObject({ status: 'open', expected: 4, scanned: 3 })
    expect(ids(now.body.found)).toEqual(ids([desk, chair]))
    expect(ids(now.body.foreign)).toEqual([stray.id])
    expect(now.body.foreign[0]).toMatchObject({ unitName: elsewhere.unit.name, shortCode: stray.shortCode })
    expect(ids(now.body.missing)).toEqual([cabinet.id])
    expect(ids(now.body.onLoan)).toEqual([printer.id])
    const scan = await t.http.get('/api/v1/assets/scan').query({ code: cabinet.code }).set(bearer(keeper.token))
    expect(scan.body.stocktakeId).toBe(stocktake.id)

    const finished = await t.http.post(`/api/v1/asset-stocktakes/${stocktake.id}/finish`).set(bearer(keeper.token))
    expect(finished.status).toBe(200)
    expect({ found: ids(finished.body.found), missing: ids(finished.body.missing), foreign: ids(finished.body.foreign), onLoan: ids(finished.body.onLoan) }).toEqual({
      found: ids([desk, chair]),
      missing: [cabinet.id],
      foreign: [stray.id],
      onLoan: [printer.id],
    })
    expect(failure(await t.http.post(`/api/v1/asset-stocktakes/${stocktake.id}/finish`).set(bearer(keeper.token)))).toEqual([409, 'ASSET_STOCKTAKE_FINISHED'])
    expect(failure(await send(keeper.token, stocktake.id, [cabinet.code]))).toEqual([409, 'ASSET_STOCKTAKE_FINISHED'])

    // what it found is kept: the desk disposed of later does not rewrite it
    await t.database.pool.query("UPDATE assets SET status = 'disposed' WHERE id = ?", [desk.id])
    const kept = await t.http.get(`/api/v1/asset-stocktakes/${stocktake.id}`).set(bearer(keeper.token))
    expect(kept.body).toMatchObject({ status: 'finished', expected: 4, scanned: 3, finishedAt: expect.any(String) })
    expect(ids(kept.body.found)).toEqual(ids([desk, chair]))
    expect(kept.body.found.find((line: { id: number }) => line.id === desk.id).status).toBe('idle')

    const book = await downloadWorkbook(t.http.get(`/api/v1/asset-stocktakes/${stocktake.id}/export.xlsx`).set(bearer(keeper.token)))
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['盘到', '盘亏', '外单位资产', '借出中'])
    expect(rowStarting(book.getWorksheet('盘亏')!, cabinet.shortCode)).toEqual([cabinet.shortCode, '文件柜', '测试库房', unit.name, '闲置可调剂'])
    expect(rowStarting(book.getWorksheet('外单位资产')!, stray.shortCode)?.[3]).toBe(elsewhere.unit.name)
    expect(rowStarting(book.getWorksheet('借出中')!, printer.shortCode)?.[4]).toBe('借出中')
    expect(book.getWorksheet('盘到')!.rowCount).toBe(3)

    const next = await start(keeper.token)
    expect(next.status).toBe(201)
    expect(next.body.id).not.toBe(stocktake.id)
    const list = await t.http.get('/api/v1/asset-stocktakes').set(bearer(keeper.token))
    expect(list.body.items.map((s: { id: number; status: string; scanned: number }) => [s.id, s.status, s.scanned])).toEqual([
      [next.body.id, 'open', 0],
      [stocktake.id, 'finished', 3],
    ])
  })

  it('is its unit’s keeper’s: another unit’s keeper gets 404 as for none; the centre reads it', async () => {
    const { unit, keeper } = await unitWithKeeper()
    const desk = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    const stocktake = (await start(keeper.token)).body
    const stranger = await keeperOf(t, await createUnit(t), '别的资产员')
    for (const answer of [
      await t.http.get(`/api/v1/asset-stocktakes/${stocktake.id}`).set(bearer(stranger.token)),
      await send(stranger.token, stocktake.id, [desk.code]),
      await t.http.post(`/api/v1/asset-stocktakes/${stocktake.id}/finish`).set(bearer(stranger.token)),
      await t.http.get(`/api/v1/asset-stocktakes/${stocktake.id}/export.xlsx`).set(bearer(stranger.token)),
    ]) {
      expect(failure(answer)).toEqual([404, 'NOT_FOUND'])
      expect(answer.body.error.message).toBe('盘点不存在')
    }
    expect((await t.http.get('/api/v1/asset-stocktakes').set(bearer(stranger.token))).body.items.map((s: { id: number }) => s.id)).not.toContain(stocktake.id)
    expect((await t.http.get(`/api/v1/asset-stocktakes/${stocktake.id}`).set(bearer(admin))).status).toBe(200)
    expect((await t.http.get('/api/v1/asset-stocktakes').set(bearer(admin))).body.items.map((s: { id: number }) => s.id)).toContain(stocktake.id)
    expect(failure(await send(admin, stocktake.id, [desk.code]))).toEqual([403, 'FORBIDDEN'])
    expect(failure(await send(keeper.token, stocktake.id, []))).toEqual([400, 'VALIDATION_FAILED'])
    const [{ n }] = (await t.database.pool.query('SELECT COUNT(*) AS n FROM asset_stocktake_scans WHERE stocktake_id = ?', [stocktake.id]))[0] as { n: number }[]
    expect(n).toBe(0)
  })
})
