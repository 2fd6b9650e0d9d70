import { ASSET_PHOTO_MAX_BYTES, shanghaiDate } from '@egj/shared'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey } from '../../../../test/factories'
import { createUnit, insertAsset, insertLoan, insertTransfer, jpegBytes, keeperOf, personOf, pngBytes, type TestPerson, type TestUnit } from '../../../../test/asset-fixtures'

// Printed codes are drawn by qrcode + pngjs, very slow inside jest's VM: what the sheet says is the
// question here, so every drawing is one fixed pixel (as in the access matrix).
jest.mock('qrcode', () => {
  const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=='
  const drawing = { toBuffer: async () => Buffer.from(PIXEL, 'base64'), toDataURL: async () => `data:image/png;base64,${PIXEL}` }
  return { __esModule: true, default: drawing, ...drawing }
})

let t: TestApp
let unit: TestUnit
let other: TestUnit
let keeper: TestPerson
let otherKeeper: TestPerson
let staff: TestPerson
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  unit = await createUnit(t)
  other = await createUnit(t)
  keeper = await keeperOf(t, unit, '甲单位资产员')
  otherKeeper = await keeperOf(t, other, '乙单位资产员')
  staff = await personOf(t, other, ['staff'], '乙单位干部')
  admin = await t.login('admin')
})
afterAll(() => t.close())

const today = () => shanghaiDate(new Date())
const addDays = (day: string, n: number) => new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10)
const failure = (response: { status: number; body: { error?: { code?: string } } }) => [response.status, response.body.error?.code]

const register = (token: string, body: Record<string, unknown>, key = idempotencyKey()) =>
  t.http
    .post('/api/v1/assets')
    .set(bearer(token))
    .set('Idempotency-Key', key)
    .send({ name: '人体工学办公椅', category: 'furniture', condition: 'good', originalValueFen: 128_000, acquiredOn: '2024-03-01', location: '3楼储物间', ...body })

const upload = (token: string, assetId: number, type: string, bytes: Buffer) => t.http.post(`/api/v1/assets/${assetId}/photos`).set(bearer(token)).set('Content-Type', type).send(bytes)

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  const [result] = await t.database.pool.query(sql, params)
  return result as T[]
}

describe('registering an asset', () => {
  it('registers to the keeper’s unit with its code, listed at once when idle; a retry gets the same asset', async () => {
    const key = idempotencyKey()
    const created = await register(keeper.token, { idle: true, brand: '西昊', model: 'M57' }, key)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ unitId: unit.id, unitName: unit.name, status: 'idle', brand: '西昊', shortCode: expect.stringMatching(/^A\d+-[0-9A-Z]{6}$/), code: expect.stringContaining('/q/a/') })
    expect(created.body.history.map((h: { kind: string }) => h.kind)).toEqual(['listed', 'registered'])
    expect(created.body.can).toEqual({ edit: true, dispose: true, borrow: true, requestTransfer: false })
    const again = await register(keeper.token, { idle: true, brand: '西昊', model: 'M57' }, key)
    expect([again.status, again.body.id]).toEqual([201, created.body.id])
    const [row] = await rows<{ listed_at: Date | null; registered_by_user_id: number }>('SELECT listed_at, registered_by_user_id FROM assets WHERE id = ?', [created.body.id])
    expect(row.listed_at).not.toBeNull()
    expect(row.registered_by_user_id).toBe(keeper.userId)
    const audit = await rows<{ action: string }>("SELECT action FROM audit_log WHERE entity = 'asset' AND entity_id = ?", [String(created.body.id)])
    expect(audit.map((a) => a.action)).toEqual(['asset.create'])
  })

  it('registers an asset in use without listing it; the centre registers for its own unit', async () => {
    const inUse = await register(keeper.token, {})
    expect(inUse.status).toBe(201)
    expect(inUse.body.status).toBe('in_use')
    expect(inUse.body.history.map((h: { kind: string }) => h.kind)).toEqual(['registered'])
    const centre = await register(admin, { name: '会议桌' })
    expect(centre.status).toBe(201)
    expect(centre.body.unitName).toBe('市机关事务管理中心')
  })

  it('refuses a date in the future (on its field), staff, and a request without its key', async () => {
    const future = await register(keeper.token, { acquiredOn: addDays(today(), 1) })
    expect(failure(future)).toEqual([400, 'VALIDATION_FAILED'])
    expect(future.body.error.details.issues).toEqual([{ path: 'acquiredOn', message: '取得日期不能晚于今天' }])
    expect(failure(await register(staff.token, {}))).toEqual([403, 'FORBIDDEN'])
    const noKey = await t.http.post('/api/v1/assets').set(bearer(keeper.token)).send({ name: '椅子', category: 'furniture', condition: 'good', originalValueFen: 1, acquiredOn: '2024-01-01', location: '库房' })
    expect(failure(noKey)).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED'])
    const bad = await register(keeper.token, { category: 'spaceship', originalValueFen: -1 })
    expect(failure(bad)).toEqual([400, 'VALIDATION_FAILED'])
  })
})

describe('the warehouse list', () => {
  it('pages newest first, leaves out disposed assets unless asked, filters by unit, category, status and mine', async () => {
    const shelf = await createUnit(t)
    const ids: number[] = []
    for (let i = 0; i < 22; i++) ids.push((await insertAsset(t, { unitId: shelf.id, by: keeper.userId, name: `货架资产 ${i}`, category: i % 2 ? 'computer' : 'furniture' })).id)
    const gone = await insertAsset(t, { unitId: shelf.id, by: keeper.userId, status: 'disposed' })
    const first = await t.http.get('/api/v1/assets').query({ unitId: shelf.id }).set(bearer(staff.token))
    expect(first.status).toBe(200)
    expect(first.body.items).toHaveLength(20)
    expect(first.body.items[0].id).toBe(ids[21])
    const second = await t.http.get('/api/v1/assets').query({ unitId: shelf.id, cursor: first.body.nextCursor }).set(bearer(staff.token))
    expect(second.body.items.map((a: { id: number }) => a.id)).toEqual([ids[1], ids[0]])
    expect(second.body.nextCursor).toBeNull()
    const disposed = await t.http.get('/api/v1/assets').query({ unitId: shelf.id, status: 'disposed' }).set(bearer(staff.token))
    expect(disposed.body.items.map((a: { id: number }) => a.id)).toEqual([gone.id])
    const computers = await t.http.get('/api/v1/assets').query({ unitId: shelf.id, category: 'computer' }).set(bearer(staff.token))
    expect(computers.body.items).toHaveLength(11)
    const shelfKeeper = await keeperOf(t, shelf)
    const mine = await t.http.get('/api/v1/assets').query({ mine: '1' }).set(bearer(shelfKeeper.token))
    expect(mine.body.items.every((a: { unitId: number }) => a.unitId === shelf.id)).toBe(true)
    expect(mine.body.items).toHaveLength(20)
    const visitor = await createUser(t, ['visitor'], { unit: false })
    expect(failure(await t.http.get('/api/v1/assets').set(bearer(visitor.token)))).toEqual([403, 'FORBIDDEN'])
  })

  it('finds by name, brand or model, and by a typed 编号 or a scanned code URL', async () => {
    const mark = `Z${Date.now().toString(36)}`
    const laptop = await insertAsset(t, { unitId: unit.id, by: keeper.userId, name: `笔记本电脑 ${mark}`, brand: '联想', model: `ThinkPad-${mark}` })
    const byName = await t.http.get('/api/v1/assets').query({ q: `电脑 ${mark}` }).set(bearer(staff.token))
    expect(byName.body.items.map((a: { id: number }) => a.id)).toEqual([laptop.id])
    const byModel = await t.http.get('/api/v1/assets').query({ q: `ThinkPad-${mark}` }).set(bearer(staff.token))
    expect(byModel.body.items.map((a: { id: number }) => a.id)).toEqual([laptop.id])
    const wildcard = await t.http.get('/api/v1/assets').query({ q: '%', unitId: unit.id }).set(bearer(staff.token))
    expect(wildcard.body.items).toEqual([])
    for (const q of [laptop.shortCode, laptop.shortCode.toLowerCase(), laptop.code]) {
      const found = await t.http.get('/api/v1/assets').query({ q }).set(bearer(staff.token))
      expect([q, found.body.items.map((a: { id: number }) => a.id)]).toEqual([q, [laptop.id]])
    }
    const forged = await t.http.get('/api/v1/assets').query({ q: `${laptop.shortCode.slice(0, -1)}${laptop.shortCode.endsWith('0') ? '1' : '0'}` }).set(bearer(staff.token))
    expect(forged.body.items).toEqual([])
  })
})

describe('an asset’s page', () => {
  it('shows its history newest first, the days loans hold, and what each caller may do', async () => {
    const asset = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    const start = addDays(today(), 3)
    await insertLoan(t, { assetId: asset.id, ownerUnitId: unit.id, borrowerUserId: staff.userId, startDate: start, endDate: addDays(start, 2), status: 'approved' })
    const forKeeper = await t.http.get(`/api/v1/assets/${asset.id}`).set(bearer(keeper.token))
    expect(forKeeper.status).toBe(200)
    expect(forKeeper.body.takenRanges).toEqual([{ startDate: start, endDate: addDays(start, 2), status: 'approved' }])
    expect(forKeeper.body.can).toEqual({ edit: true, dispose: true, borrow: true, requestTransfer: false })
    expect(forKeeper.body.residualValueFen).toBeLessThan(100_000)
    const forOtherKeeper = await t.http.get(`/api/v1/assets/${asset.id}`).set(bearer(otherKeeper.token))
    expect(forOtherKeeper.body.can).toEqual({ edit: false, dispose: false, borrow: true, requestTransfer: true })
    const forStaff = await t.http.get(`/api/v1/assets/${asset.id}`).set(bearer(staff.token))
    expect(forStaff.body.can).toEqual({ edit: false, dispose: false, borrow: true, requestTransfer: false })
    const transferId = await insertTransfer(t, { assetId: asset.id, fromUnitId: unit.id, toUnitId: other.id, requestedByUserId: otherKeeper.userId, status: 'pending_owner' })
    const inTransfer = await t.http.get(`/api/v1/assets/${asset.id}`).set(bearer(otherKeeper.token))
    expect(inTransfer.body).toMatchObject({ openTransferId: transferId, can: { borrow: false, requestTransfer: false } })
    const edited = await t.http.patch(`/api/v1/assets/${asset.id}`).set(bearer(keeper.token)).send({ location: '5楼' })
    expect(edited.body.history[0]).toMatchObject({ kind: 'updated', text: expect.stringContaining('存放地点「测试库房」→「5楼」') })
    expect(edited.body.history.map((h: { kind: string }) => h.kind)).toEqual(['updated', 'registered'])
    expect(failure(await t.http.get('/api/v1/assets/999999999').set(bearer(staff.token)))).toEqual([404, 'NOT_FOUND'])
  })
})

describe('editing', () => {
  it('changes only what changed, in the history and the 留痕, and moves an asset between 闲置 and 在用', async () => {
    const asset = await insertAsset(t, { unitId: unit.id, by: keeper.userId, status: 'in_use' })
    const same = await t.http.patch(`/api/v1/assets/${asset.id}`).set(bearer(keeper.token)).send({ location: '测试库房' })
    expect(same.status).toBe(200)
    expect(same.body.history).toHaveLength(1)
    const listed = await t.http.patch(`/api/v1/assets/${asset.id}`).set(bearer(keeper.token)).send({ status: 'idle', condition: 'fair', reason: '科室搬迁，闲置' })
    expect(listed.body.status).toBe('idle')
    expect(listed.body.history.slice(0, 2)).toEqual([
      expect.objectContaining({ kind: 'listed', text: '设为闲置，进入公物仓' }),
      expect.objectContaining({ kind: 'updated', text: expect.stringContaining('状况「良好」→「一般」') }),
    ])
    const [row] = await rows<{ listed_at: Date | null }>('SELECT listed_at FROM assets WHERE id = ?', [asset.id])
    expect(row.listed_at).not.toBeNull()
    const audit = await rows<{ action: string; before: unknown; after: unknown; reason: string; actor_id: number }>(
      "SELECT action, `before`, `after`, reason, actor_id FROM audit_log WHERE entity = 'asset' AND entity_id = ?",
      [String(asset.id)],
    )
    expect(audit).toEqual([{ action: 'asset.update', before: { condition: 'good', status: 'in_use' }, after: { condition: 'fair', status: 'idle' }, reason: '科室搬迁，闲置', actor_id: keeper.userId }])
    const byCentre = await t.http.patch(`/api/v1/assets/${asset.id}`).set(bearer(admin)).send({ status: 'in_use' })
    expect(byCentre.body.history[0]).toMatchObject({ kind: 'unlisted' })
  })

  it('answers another unit’s keeper 404 as for a missing asset; refuses a status change while on loan or disposed', async () => {
    const asset = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    const stranger = await t.http.patch(`/api/v1/assets/${asset.id}`).set(bearer(otherKeeper.token)).send({ name: '改名' })
    const missing = await t.http.patch('/api/v1/assets/999999999').set(bearer(otherKeeper.token)).send({ name: '改名' })
    expect(failure(stranger)).toEqual([404, 'NOT_FOUND'])
    expect(stranger.body.error.message).toBe(missing.body.error.message)
    expect(failure(await t.http.patch(`/api/v1/assets/${asset.id}`).set(bearer(staff.token)).send({ name: '改名' }))).toEqual([403, 'FORBIDDEN'])
    await insertLoan(t, { assetId: asset.id, ownerUnitId: unit.id, borrowerUserId: staff.userId, startDate: today(), endDate: addDays(today(), 1), status: 'on_loan' })
    expect(failure(await t.http.patch(`/api/v1/assets/${asset.id}`).set(bearer(keeper.token)).send({ status: 'in_use' }))).toEqual([409, 'ASSET_ON_LOAN'])
    const moved = await t.http.patch(`/api/v1/assets/${asset.id}`).set(bearer(keeper.token)).send({ location: '借用人办公室' })
    expect(moved.status).toBe(200)
    const gone = await insertAsset(t, { unitId: unit.id, by: keeper.userId, status: 'disposed' })
    expect(failure(await t.http.patch(`/api/v1/assets/${gone.id}`).set(bearer(keeper.token)).send({ status: 'idle' }))).toEqual([409, 'ASSET_DISPOSED'])
    const unlisted = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    await insertTransfer(t, { assetId: unlisted.id, fromUnitId: unit.id, toUnitId: other.id, requestedByUserId: otherKeeper.userId, status: 'pending_centre' })
    expect(failure(await t.http.patch(`/api/v1/assets/${unlisted.id}`).set(bearer(keeper.token)).send({ status: 'in_use' }))).toEqual([409, 'ASSET_IN_TRANSFER'])
  })
})

describe('photos', () => {
  it('takes JPEG and PNG by their bytes, serves them by a signed address to anyone, and refuses a seventh', async () => {
    const asset = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    const png = pngBytes()
    const first = await upload(keeper.token, asset.id, 'image/png', png)
    expect(first.status).toBe(201)
    expect(first.body.photos).toHaveLength(1)
    const url = new URL(first.body.photoUrls[0])
    const served = await t.http.get(url.pathname).buffer(true)
    expect(served.status).toBe(200)
    expect(served.headers['content-type']).toBe('image/png')
    expect(served.headers['cache-control']).toContain('max-age=31536000')
    expect(Buffer.compare(served.body as Buffer, png)).toBe(0)
    const token = url.pathname.split('/').pop()!
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    expect(failure(await t.http.get(`/api/v1/asset-photos/${forged}`))).toEqual([404, 'NOT_FOUND'])
    const jpeg = await upload(keeper.token, asset.id, 'image/jpeg', jpegBytes())
    expect(jpeg.status).toBe(201)
    const jpegUrl = new URL(jpeg.body.photoUrls[1])
    expect((await t.http.get(jpegUrl.pathname)).headers['content-type']).toBe('image/jpeg')
    for (let i = 0; i < 4; i++) expect((await upload(keeper.token, asset.id, 'image/png', png)).status).toBe(201)
    expect(failure(await upload(keeper.token, asset.id, 'image/png', png))).toEqual([409, 'ASSET_PHOTOS_FULL'])
    const [{ n }] = await rows<{ n: number }>('SELECT COUNT(*) AS n FROM asset_photos WHERE asset_id = ?', [asset.id])
    expect(n).toBe(6)
    const removed = await t.http.delete(`/api/v1/assets/${asset.id}/photos/${first.body.photos[0].id}`).set(bearer(keeper.token))
    expect(removed.status).toBe(200)
    expect(removed.body.photos).toHaveLength(5)
    expect(failure(await t.http.get(url.pathname))).toEqual([404, 'NOT_FOUND'])
    expect(failure(await t.http.delete(`/api/v1/assets/${asset.id}/photos/${first.body.photos[0].id}`).set(bearer(keeper.token)))).toEqual([404, 'NOT_FOUND'])
  })

  it('refuses bytes that are not what they claim, other types, more than 2 MB, and another unit’s keeper', async () => {
    const asset = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    expect(failure(await upload(keeper.token, asset.id, 'image/png', Buffer.from('这不是图片，只是一段文字'.repeat(10))))).toEqual([415, 'ASSET_PHOTO_INVALID'])
    expect(failure(await upload(keeper.token, asset.id, 'image/png', jpegBytes()))).toEqual([415, 'ASSET_PHOTO_INVALID'])
    expect(failure(await upload(keeper.token, asset.id, 'image/jpeg', pngBytes()))).toEqual([415, 'ASSET_PHOTO_INVALID'])
    expect(failure(await upload(keeper.token, asset.id, 'image/gif', Buffer.from('GIF89a')))).toEqual([415, 'UNSUPPORTED_FILE_TYPE'])
    const big = Buffer.concat([pngBytes(), Buffer.alloc(ASSET_PHOTO_MAX_BYTES)]).subarray(0, ASSET_PHOTO_MAX_BYTES + 1)
    expect(failure(await upload(keeper.token, asset.id, 'image/png', big))).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    const stranger = await upload(otherKeeper.token, asset.id, 'image/png', pngBytes())
    expect(failure(stranger)).toEqual([404, 'NOT_FOUND'])
    expect(stranger.body.error.message).toBe('资产不存在')
    const [{ n }] = await rows<{ n: number }>('SELECT COUNT(*) AS n FROM asset_photos WHERE asset_id = ?', [asset.id])
    expect(n).toBe(0)
  })
})

describe('its code', () => {
  it('scans to the asset, with hand-over and return for its keeper and the stocktake for a keeper', async () => {
    const asset = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    const approved = await insertLoan(t, { assetId: asset.id, ownerUnitId: unit.id, borrowerUserId: staff.userId, startDate: today(), endDate: addDays(today(), 2), status: 'approved' })
    const forStaff = await t.http.get('/api/v1/assets/scan').query({ code: asset.code }).set(bearer(staff.token))
    expect(forStaff.status).toBe(200)
    expect(forStaff.body).toMatchObject({ asset: { id: asset.id }, handOverLoanId: null, returnLoanId: null, stocktakeId: null })
    const forKeeper = await t.http.get('/api/v1/assets/scan').query({ code: asset.shortCode }).set(bearer(keeper.token))
    expect(forKeeper.body).toMatchObject({ handOverLoanId: approved, returnLoanId: null })
    const later = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    await insertLoan(t, { assetId: later.id, ownerUnitId: unit.id, borrowerUserId: staff.userId, startDate: addDays(today(), 5), endDate: addDays(today(), 6), status: 'approved' })
    expect((await t.http.get('/api/v1/assets/scan').query({ code: later.code }).set(bearer(keeper.token))).body.handOverLoanId).toBeNull()
    const out = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    const onLoan = await insertLoan(t, { assetId: out.id, ownerUnitId: unit.id, borrowerUserId: staff.userId, startDate: today(), endDate: today(), status: 'on_loan' })
    expect((await t.http.get('/api/v1/assets/scan').query({ code: out.code }).set(bearer(keeper.token))).body.returnLoanId).toBe(onLoan)
    expect((await t.http.get('/api/v1/assets/scan').query({ code: out.code }).set(bearer(otherKeeper.token))).body.returnLoanId).toBeNull()
    const started = await t.http.post('/api/v1/asset-stocktakes').set(bearer(otherKeeper.token))
    expect((await t.http.get('/api/v1/assets/scan').query({ code: out.code }).set(bearer(otherKeeper.token))).body.stocktakeId).toBe(started.body.id)
    const forged = asset.code.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
    expect(failure(await t.http.get('/api/v1/assets/scan').query({ code: forged }).set(bearer(staff.token)))).toEqual([400, 'QR_FORGED'])
    expect(failure(await t.http.get('/api/v1/assets/scan').query({ code: t.services.qr.url('r', 1) }).set(bearer(staff.token)))).toEqual([400, 'QR_INVALID'])
    expect(failure(await t.http.get('/api/v1/assets/scan').query({ code: t.services.qr.url('a', 999999999) }).set(bearer(staff.token)))).toEqual([404, 'NOT_FOUND'])
  })

  it('prints a PNG and an A4 sheet of the unit’s codes (name, unit, 编号); another unit’s asset is 404', async () => {
    const sheetUnit = await createUnit(t)
    const sheetKeeper = await keeperOf(t, sheetUnit)
    const desk = await insertAsset(t, { unitId: sheetUnit.id, by: sheetKeeper.userId, name: '实木办公桌' })
    const gone = await insertAsset(t, { unitId: sheetUnit.id, by: sheetKeeper.userId, name: '已报废的柜子', status: 'disposed' })
    const png = await t.http.get(`/api/v1/assets/${desk.id}/qr.png`).set(bearer(sheetKeeper.token))
    expect([png.status, png.headers['content-type']]).toEqual([200, 'image/png'])
    expect(failure(await t.http.get(`/api/v1/assets/${desk.id}/qr.png`).set(bearer(otherKeeper.token)))).toEqual([404, 'NOT_FOUND'])
    const sheet = await t.http.get('/api/v1/assets/qr-sheet').set(bearer(sheetKeeper.token))
    expect(sheet.status).toBe(200)
    expect(sheet.headers['content-type']).toContain('text/html')
    expect(sheet.text).toContain('实木办公桌')
    expect(sheet.text).toContain(sheetUnit.name)
    expect(sheet.text).toContain(`编号 ${desk.shortCode}`)
    expect(sheet.text).not.toContain('已报废的柜子')
    const chosen = await t.http.get('/api/v1/assets/qr-sheet').query({ ids: `${desk.id},${gone.id}` }).set(bearer(sheetKeeper.token))
    expect(chosen.text).toContain('已报废的柜子')
    expect(failure(await t.http.get('/api/v1/assets/qr-sheet').query({ ids: `${desk.id}` }).set(bearer(otherKeeper.token)))).toEqual([404, 'NOT_FOUND'])
    expect(failure(await t.http.get('/api/v1/assets/qr-sheet').query({ ids: '999999999' }).set(bearer(sheetKeeper.token)))).toEqual([404, 'NOT_FOUND'])
    expect((await t.http.get('/api/v1/assets/qr-sheet').query({ ids: `${desk.id}` }).set(bearer(admin))).status).toBe(200)
  })
})

describe('asking for 报废', () => {
  it('records the request, tells the centre, and refuses a second, an asset on loan or booked, and another unit’s keeper', async () => {
    const asset = await insertAsset(t, { unitId: unit.id, by: keeper.userId, name: '坏了的打印机' })
    const stranger = await t.http.post(`/api/v1/assets/${asset.id}/disposal`).set(bearer(otherKeeper.token)).send({ reason: '无法修复' })
    expect(failure(stranger)).toEqual([404, 'NOT_FOUND'])
    const asked = await t.http.post(`/api/v1/assets/${asset.id}/disposal`).set(bearer(keeper.token)).send({ reason: '无法修复' })
    expect(asked.status).toBe(201)
    expect(asked.body).toMatchObject({ assetId: asset.id, assetName: '坏了的打印机', unitName: unit.name, status: 'pending', reason: '无法修复', requestedBy: keeper.name })
    const notices = await rows<{ title: string; body: string }>("SELECT n.title, n.body FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'admin' AND n.body LIKE ?", ['%坏了的打印机%'])
    expect(notices).toEqual([{ title: '资产报废待审批', body: `${unit.name}申请报废「坏了的打印机」：无法修复` }])
    expect(failure(await t.http.post(`/api/v1/assets/${asset.id}/disposal`).set(bearer(keeper.token)).send({ reason: '再报一次' }))).toEqual([409, 'ASSET_DISPOSAL_PENDING'])
    const detail = await t.http.get(`/api/v1/assets/${asset.id}`).set(bearer(keeper.token))
    expect(detail.body).toMatchObject({ openDisposalId: asked.body.id, can: { dispose: false } })
    expect(detail.body.history[0]).toMatchObject({ kind: 'disposal_requested', text: expect.stringContaining('无法修复') })

    const out = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    await insertLoan(t, { assetId: out.id, ownerUnitId: unit.id, borrowerUserId: staff.userId, startDate: today(), endDate: today(), status: 'on_loan' })
    expect(failure(await t.http.post(`/api/v1/assets/${out.id}/disposal`).set(bearer(keeper.token)).send({ reason: '报废' }))).toEqual([409, 'ASSET_ON_LOAN'])
    const booked = await insertAsset(t, { unitId: unit.id, by: keeper.userId })
    await insertLoan(t, { assetId: booked.id, ownerUnitId: unit.id, borrowerUserId: staff.userId, startDate: addDays(today(), 4), endDate: addDays(today(), 4), status: 'pending' })
    expect(failure(await t.http.post(`/api/v1/assets/${booked.id}/disposal`).set(bearer(keeper.token)).send({ reason: '报废' }))).toEqual([409, 'ASSET_HAS_LOANS'])
    expect(failure(await t.http.post(`/api/v1/assets/${booked.id}/disposal`).set(bearer(keeper.token)).send({ reason: '   ' }))).toEqual([400, 'VALIDATION_FAILED'])
    expect(failure(await t.http.post(`/api/v1/assets/${booked.id}/disposal`).set(bearer(staff.token)).send({ reason: '报废' }))).toEqual([403, 'FORBIDDEN'])
  })
})
