import { randomBytes } from 'node:crypto'
import type { Test } from 'supertest'
import { withTransaction } from '../../db/client'
import { bearer, startTestApp, type TestApp } from '../../../test/harness'
import { createMerchant, createUser, idempotencyKey, outcomes } from '../../../test/factories'
import { centreUnitId, insertVehicle } from '../../../test/vehicle-trips'
import { createRoom } from '../../../test/room-fixtures'
import { idCard } from '../../../test/visit-fixtures'
import { downloadWorkbook, rowStarting } from '../../../test/xlsx'

// 修改留痕: every admin write to master data records who, when, from where, what before → after
// and why, in the write's own transaction. The app trusts one proxy (as behind nginx), so the
// address recorded is the one the proxy appended.

let t: TestApp
let admin: string
let adminId: number
beforeAll(async () => {
  t = await startTestApp({ TRUST_PROXY: 'true' })
  admin = await t.login('admin')
  adminId = (await t.http.get('/api/v1/me').set(bearer(admin))).body.id
})
afterAll(() => t.close())

const IP = '203.0.113.7'
/** as the admin, through our proxy, from IP */
const asAdmin = (request: Test) => request.set(bearer(admin)).set('X-Forwarded-For', IP)
const suffix = () => randomBytes(4).toString('hex')
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
const plate = () => `浙A${Array.from(randomBytes(5), (b) => PLATE_CHARS[b % PLATE_CHARS.length]).join('')}`

interface Entry {
  id: number
  at: string
  actorId: number | null
  actorName: string
  ip: string | null
  action: string
  entity: string
  entityId: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  reason: string | null
}

/** The audit rows of one record, newest first. */
async function trail(entity: string, entityId: number | string): Promise<Entry[]> {
  const response = await t.http.get('/api/v1/admin/audit').query({ entity, entityId: String(entityId) }).set(bearer(admin))
  expect(response.status).toBe(200)
  return response.body.items
}

/** What every row written through the admin's requests carries. */
const byAdmin = { actorId: expect.any(Number), actorName: '系统管理员', ip: IP, at: expect.any(String) }

async function auditCount(): Promise<number> {
  const [rows] = await t.database.pool.query('SELECT COUNT(*) AS n FROM audit_log')
  return Number((rows as { n: number }[])[0].n)
}

describe('every admin write to master data lands in the audit log', () => {
  it('meal: merchants (their caps and limits), windows, meal periods; subsidies and vouchers', async () => {
    const name = `留痕食堂 ${suffix()}`
    const created = await asAdmin(t.http.post('/api/v1/meal/merchants')).send({ name, kind: 'canteen' })
    expect(created.status).toBe(201)
    const merchantId: number = created.body.id
    expect(await trail('merchant', merchantId)).toEqual([
      { id: expect.any(Number), ...byAdmin, actorId: adminId, action: 'merchant.create', entity: 'merchant', entityId: String(merchantId), before: null, after: { name, kind: 'canteen', overCapPolicy: 'warn', maxPaymentFen: 100_000 }, reason: null },
    ])

    // only what changed: the name sent again is not in the row
    expect((await asAdmin(t.http.patch(`/api/v1/meal/merchants/${merchantId}`)).send({ name, overCapPolicy: 'refuse', maxPaymentFen: 5000 })).status).toBe(200)
    // 停用 sends only the status: the policy and the limit stay as they are
    const disabled = await asAdmin(t.http.patch(`/api/v1/meal/merchants/${merchantId}`)).send({ status: 'disabled' })
    expect(disabled.body).toMatchObject({ status: 'disabled', overCapPolicy: 'refuse', maxPaymentFen: 5000 })
    // nothing changed: nothing written
    expect((await asAdmin(t.http.patch(`/api/v1/meal/merchants/${merchantId}`)).send({ status: 'disabled' })).status).toBe(200)
    const merchantTrail = await trail('merchant', merchantId)
    expect(merchantTrail.map(({ action, before, after }) => ({ action, before, after }))).toEqual([
      { action: 'merchant.update', before: { status: 'active' }, after: { status: 'disabled' } },
      { action: 'merchant.update', before: { overCapPolicy: 'warn', maxPaymentFen: 100_000 }, after: { overCapPolicy: 'refuse', maxPaymentFen: 5000 } },
      { action: 'merchant.create', before: null, after: expect.any(Object) },
    ])

    const withWindow = await asAdmin(t.http.post(`/api/v1/meal/merchants/${merchantId}/windows`)).send({ name: '2号窗口' })
    expect(withWindow.status).toBe(201)
    const windowId: number = withWindow.body.windows.find((w: { name: string }) => w.name === '2号窗口').id
    await asAdmin(t.http.patch(`/api/v1/meal/windows/${windowId}`)).send({ name: '二号窗口', status: 'disabled' })
    expect((await trail('window', windowId)).map(({ action, before, after, ip }) => ({ action, before, after, ip }))).toEqual([
      { action: 'window.update', before: { name: '2号窗口', status: 'active' }, after: { name: '二号窗口', status: 'disabled' }, ip: IP },
      { action: 'window.create', before: null, after: { merchantId, name: '2号窗口', status: 'active' }, ip: IP },
    ])

    const lunch = { name: '午餐', start: '11:00', end: '13:00', officialCapFen: 3000 }
    const periods = (list: unknown[]) => asAdmin(t.http.put(`/api/v1/meal/merchants/${merchantId}/periods`)).send({ periods: list })
    expect((await periods([lunch])).status).toBe(200)
    expect((await periods([lunch])).status).toBe(200) // the same list again: no row
    expect((await periods([{ ...lunch, officialCapFen: 3500 }])).status).toBe(200)
    expect((await trail('meal_period', merchantId)).map(({ action, before, after }) => ({ action, before, after }))).toEqual([
      { action: 'meal_period.replace', before: { periods: [lunch] }, after: { periods: [{ ...lunch, officialCapFen: 3500 }] } },
      { action: 'meal_period.replace', before: { periods: [] }, after: { periods: [lunch] } },
    ])

    // a subsidy run is an admin write too (its money is in the ledger; who ran it, from where, is here)
    const [unit] = await t.database.pool.query("INSERT INTO units (name) VALUES (CONCAT('留痕补贴单位 ', UUID_SHORT()))")
    const unitId = (unit as { insertId: number }).insertId
    const staff = await createUser(t, ['staff'])
    await t.database.pool.query('UPDATE users SET unit_id = ? WHERE id = ?', [unitId, staff.userId])
    const run = await asAdmin(t.http.post('/api/v1/meal/subsidies')).set('Idempotency-Key', idempotencyKey()).send({ unitId, month: '2031-07', amountPerPersonFen: 20_000 })
    expect(run.status).toBe(201)
    const [runs] = await t.database.pool.query('SELECT id FROM subsidy_runs WHERE unit_id = ?', [unitId])
    expect(await trail('subsidy', (runs as { id: number }[])[0].id)).toEqual([
      expect.objectContaining({ ...byAdmin, action: 'subsidy.grant', before: null, after: { unitId, month: '2031-07', amountPerPersonFen: 20_000, people: 1, totalFen: 20_000 } }),
    ])

    // vouchers: one row per voucher, never its code
    const purpose = `留痕餐券 ${suffix()}`
    const expiresOn = new Date(Date.now() + 7 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10)
    const key = idempotencyKey()
    const issue = () => asAdmin(t.http.post('/api/v1/meal/vouchers')).set('Idempotency-Key', key).send({ unitId, count: 2, amountFen: 1500, purpose, holderNames: ['甲', '乙'], expiresOn })
    const issued = await issue()
    expect(issued.status).toBe(201)
    expect((await issue()).status).toBe(201) // the retry answers the first issue and records nothing more
    const [vouchers] = await t.database.pool.query('SELECT id, holder_name FROM meal_vouchers WHERE purpose = ? ORDER BY id', [purpose])
    for (const voucher of vouchers as { id: number; holder_name: string }[]) {
      const rows = await trail('voucher', voucher.id)
      expect(rows).toEqual([expect.objectContaining({ ...byAdmin, action: 'voucher.issue', after: { unitId, amountFen: 1500, purpose, holderName: voucher.holder_name, expiresOn } })])
      for (const item of issued.body.items) expect(JSON.stringify(rows)).not.toContain(item.code)
    }
  })

  it('vehicles: cars and drivers', async () => {
    const unitId = await centreUnitId(t)
    const car = await asAdmin(t.http.post('/api/v1/vehicles')).send({ plateNo: plate(), type: 'sedan', seats: 5, energy: 'fuel', unitId })
    expect(car.status).toBe(201)
    await asAdmin(t.http.patch(`/api/v1/vehicles/${car.body.id}`)).send({ seats: 7, type: 'sedan', status: 'maintenance', reason: '改装后送修' })
    expect(await trail('vehicle', car.body.id)).toEqual([
      expect.objectContaining({ ...byAdmin, action: 'vehicle.update', before: { seats: 5, status: 'active' }, after: { seats: 7, status: 'maintenance' }, reason: '改装后送修' }),
      expect.objectContaining({ ...byAdmin, action: 'vehicle.create', before: null, after: { plateNo: car.body.plateNo, type: 'sedan', seats: 5, energy: 'fuel', unitId, status: 'active', lastOdometerKm: 0 } }),
    ])

    const person = await createUser(t, ['staff'], { name: '留痕驾驶员' })
    const driver = await asAdmin(t.http.post('/api/v1/drivers')).send({ userId: person.userId })
    expect(driver.status).toBe(201)
    await asAdmin(t.http.patch(`/api/v1/drivers/${driver.body.id}`)).send({ onDuty: false, reason: '病假' })
    expect(await trail('driver', driver.body.id)).toEqual([
      expect.objectContaining({ ...byAdmin, action: 'driver.update', before: { onDuty: true }, after: { onDuty: false }, reason: '病假' }),
      expect.objectContaining({ ...byAdmin, action: 'driver.create', before: null, after: { userId: person.userId, name: '留痕驾驶员', onDuty: true } }),
    ])
  })

  it('rooms', async () => {
    const created = await asAdmin(t.http.post('/api/v1/room-admin/rooms')).send({ name: `留痕会议室 ${suffix()}`, building: '1号楼', floor: '3F', capacity: 12, equipment: ['projector'] })
    expect(created.status).toBe(201)
    await asAdmin(t.http.patch(`/api/v1/room-admin/rooms/${created.body.id}`)).send({ capacity: 16, requiresApproval: true, equipment: ['projector', 'video'] })
    expect(await trail('room', created.body.id)).toEqual([
      expect.objectContaining({ ...byAdmin, action: 'room.update', before: { capacity: 12, requiresApproval: false, equipment: ['projector'] }, after: { capacity: 16, requiresApproval: true, equipment: ['projector', 'video'] } }),
      expect.objectContaining({ ...byAdmin, action: 'room.create', before: null, after: expect.objectContaining({ name: created.body.name, capacity: 12, openFromMinute: 480, openToMinute: 1080, status: 'active' }) }),
    ])
  })

  it('the block list: added with its reason, removed; the ID number only masked', async () => {
    const number = idCard()
    const masked = `${number.slice(0, 3)}***********${number.slice(-4)}`
    const added = await asAdmin(t.http.post('/api/v1/visits/blocklist')).send({ idType: 'id_card', idNumber: number, name: '某某', reason: '冒用他人证件' })
    expect(added.status).toBe(201)
    expect((await asAdmin(t.http.delete(`/api/v1/visits/blocklist/${added.body.id}`))).status).toBe(200)
    const rows = await trail('blocklist', added.body.id)
    const entry = { idType: 'id_card', idNumberMasked: masked, name: '某某', reason: '冒用他人证件' }
    expect(rows).toEqual([
      expect.objectContaining({ ...byAdmin, action: 'blocklist.remove', before: entry, after: null, reason: null }),
      expect.objectContaining({ ...byAdmin, action: 'blocklist.add', before: null, after: entry, reason: '冒用他人证件' }),
    ])
    const [stored] = await t.database.pool.query("SELECT * FROM audit_log WHERE entity = 'blocklist' AND entity_id = ?", [String(added.body.id)])
    expect(JSON.stringify(stored)).not.toContain(number)
  })
})

describe('reading the log', () => {
  /** `count` rows of a record of its own, written as the system would (no actor). */
  async function seed(count: number): Promise<string> {
    const entityId = `t-${suffix()}`
    await withTransaction(t.database.db, (tx) =>
      t.services.audit.recordMany(tx, null, Array.from({ length: count }, (_v, i) => ({ action: 'paging.test', entity: 'paging_test', entityId, after: { n: i } }))),
    )
    return entityId
  }

  it('pages newest first with a cursor', async () => {
    const entityId = await seed(120)
    const seen: number[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await t.http.get('/api/v1/admin/audit').query({ entity: 'paging_test', entityId, ...(cursor ? { cursor } : {}) }).set(bearer(admin))
      expect(page.status).toBe(200)
      seen.push(...page.body.items.map((item: Entry) => item.after!.n as number))
      cursor = page.body.nextCursor ?? undefined
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(Array.from({ length: 120 }, (_v, i) => 119 - i))
    const first = (await trail('paging_test', entityId))[0]
    expect(first).toMatchObject({ actorId: null, actorName: '系统', ip: null })
  })

  it('from / to are Beijing calendar days, both inclusive', async () => {
    const entityId = await seed(3)
    // 2024-03-01 23:59:59.999 and 2024-03-02 00:00 in Beijing, and 2024-03-03 12:00
    const [rows] = await t.database.pool.query("SELECT id FROM audit_log WHERE entity = 'paging_test' AND entity_id = ? ORDER BY id", [entityId])
    const ids = (rows as { id: number }[]).map((row) => row.id)
    const times = ['2024-03-01 15:59:59.999', '2024-03-01 16:00:00.000', '2024-03-03 04:00:00.000']
    for (const [i, id] of ids.entries()) await t.database.pool.query('UPDATE audit_log SET at = ? WHERE id = ?', [times[i], id])
    const range = async (query: Record<string, string>) => {
      const response = await t.http.get('/api/v1/admin/audit').query({ entity: 'paging_test', entityId, ...query }).set(bearer(admin))
      expect(response.status).toBe(200)
      return response.body.items.map((item: Entry) => item.after!.n)
    }
    expect(await range({ from: '2024-03-01', to: '2024-03-01' })).toEqual([0])
    expect(await range({ from: '2024-03-02' })).toEqual([2, 1])
    expect(await range({ to: '2024-03-02' })).toEqual([1, 0])
    expect(await range({ from: '2024-03-02', to: '2024-03-03' })).toEqual([2, 1])
    expect(await range({ from: '2024-03-04' })).toEqual([])
    expect((await trail('paging_test', entityId))[2].at).toBe('2024-03-01T15:59:59.999Z')
    const backwards = await t.http.get('/api/v1/admin/audit').query({ from: '2024-03-02', to: '2024-03-01' }).set(bearer(admin))
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('only an admin reads or exports it', async () => {
    for (const username of ['zhangsan', 'settle1', 'dispatcher1']) {
      const token = await t.login(username)
      const list = await t.http.get('/api/v1/admin/audit').set(bearer(token))
      expect([list.status, list.body.error.code]).toEqual([403, 'FORBIDDEN'])
      const file = await t.http.get('/api/v1/admin/audit/export.xlsx').set(bearer(token))
      expect(file.status).toBe(403)
    }
    expect((await t.http.get('/api/v1/admin/audit')).status).toBe(401)
  })

  it('exports as .xlsx: Chinese header row, the rows asked for, Beijing time', async () => {
    const room = await createRoom(t)
    await asAdmin(t.http.patch(`/api/v1/room-admin/rooms/${room.id}`)).send({ capacity: 30 })
    await asAdmin(t.http.patch(`/api/v1/room-admin/rooms/${room.id}`)).send({ status: 'disabled' })
    const book = await downloadWorkbook(t.http.get('/api/v1/admin/audit/export.xlsx').query({ entity: 'room', entityId: String(room.id) }).set(bearer(admin)))
    const sheet = book.getWorksheet('操作留痕')!
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['时间', '操作人', 'IP', '操作', '对象', '对象编号', '修改前', '修改后', '原因'])
    expect(sheet.rowCount).toBe(3)
    const rows = [2, 3].map((n) => (sheet.getRow(n).values as unknown[]).slice(1))
    expect(rows.map((row) => row.slice(1, 8))).toEqual([
      ['系统管理员', IP, 'room.update', 'room', String(room.id), 'status: active', 'status: disabled'],
      ['系统管理员', IP, 'room.update', 'room', String(room.id), 'capacity: 20', 'capacity: 30'],
    ])
    const beijingNow = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    expect(String(rows[0][0])).toMatch(new RegExp(`^${beijingNow} \\d{2}:\\d{2}:\\d{2}$`))
    expect(rowStarting(sheet, '时间')).toBeDefined()
  })
})

describe('no change without its row, no row without its change', () => {
  it('a write that fails leaves no audit row', async () => {
    const unitId = await centreUnitId(t)
    const car = await insertVehicle(t)
    const room = await createRoom(t)
    const shop = await createMerchant(t)
    const person = await createUser(t, ['staff'])
    const number = idCard()
    expect((await asAdmin(t.http.post('/api/v1/drivers')).send({ userId: person.userId })).status).toBe(201)
    expect((await asAdmin(t.http.post('/api/v1/visits/blocklist')).send({ idType: 'id_card', idNumber: number, reason: '测试' })).status).toBe(201)
    const before = await auditCount()
    const failures: [Test, number, string][] = [
      // a duplicate (the unique index refuses the insert, inside the transaction)
      [asAdmin(t.http.post('/api/v1/vehicles')).send({ plateNo: car.plateNo, type: 'sedan', seats: 5, energy: 'fuel', unitId }), 409, 'VEHICLE_PLATE_EXISTS'],
      [asAdmin(t.http.post('/api/v1/drivers')).send({ userId: person.userId }), 409, 'DRIVER_EXISTS'],
      [asAdmin(t.http.post('/api/v1/visits/blocklist')).send({ idType: 'id_card', idNumber: number, reason: '再加一次' }), 409, 'VISIT_BLOCKLIST_EXISTS'],
      // a rule of the service
      [asAdmin(t.http.patch(`/api/v1/room-admin/rooms/${room.id}`)).send({ openFromMinute: 1000, openToMinute: 900 }), 400, 'VALIDATION_FAILED'],
      [asAdmin(t.http.patch(`/api/v1/vehicles/${car.vehicleId}`)).send({ seats: 9, unitId: 99_999_999 }), 400, 'VALIDATION_FAILED'],
      [asAdmin(t.http.put(`/api/v1/meal/merchants/${shop.merchantId}/periods`)).send({ periods: [{ name: '早餐', start: '07:00', end: '09:00', officialCapFen: null }, { name: '早午餐', start: '08:30', end: '10:00', officialCapFen: null }] }), 400, 'VALIDATION_FAILED'],
      // nothing there
      [asAdmin(t.http.patch('/api/v1/meal/merchants/99999999')).send({ status: 'disabled' }), 404, 'NOT_FOUND'],
      [asAdmin(t.http.patch('/api/v1/meal/windows/99999999')).send({ status: 'disabled' }), 404, 'NOT_FOUND'],
      [asAdmin(t.http.delete('/api/v1/visits/blocklist/99999999')), 404, 'NOT_FOUND'],
    ]
    for (const [request, status, code] of failures) {
      const response = await request
      expect([response.status, response.body.error?.code]).toEqual([status, code])
    }
    expect(await auditCount()).toBe(before)
    expect((await t.http.get(`/api/v1/vehicles`).set(bearer(admin))).body.items.find((v: { id: number }) => v.id === car.vehicleId).seats).not.toBe(9)
  })

  it('when the audit row cannot be written, the change is not made either', async () => {
    const car = await insertVehicle(t)
    const spy = jest.spyOn(t.services.audit, 'record').mockRejectedValueOnce(new Error('audit_log unavailable'))
    try {
      const refused = await asAdmin(t.http.patch(`/api/v1/vehicles/${car.vehicleId}`)).send({ status: 'maintenance' })
      expect(refused.status).toBe(500)
    } finally {
      spy.mockRestore()
    }
    const [rows] = await t.database.pool.query('SELECT status FROM vehicles WHERE id = ?', [car.vehicleId])
    expect((rows as { status: string }[])[0].status).toBe('active')
    expect(await trail('vehicle', car.vehicleId)).toEqual([])
  })

  it('concurrent PATCHes of one car or one room: a row each, none lost, each "before" what the previous one left', async () => {
    const car = await insertVehicle(t)
    const seats = [2, 3, 4, 6, 8]
    const carResponses = await Promise.all(seats.map((n) => asAdmin(t.http.patch(`/api/v1/vehicles/${car.vehicleId}`)).send({ seats: n })))
    expect(outcomes(carResponses)).toEqual({ '200': seats.length })
    const carTrail = (await trail('vehicle', car.vehicleId)).reverse()
    expect(carTrail).toHaveLength(seats.length)
    expect(carTrail[0].before).toEqual({ seats: 5 })
    for (let i = 1; i < carTrail.length; i++) expect(carTrail[i].before).toEqual(carTrail[i - 1].after)
    expect(carTrail.map((row) => row.after!.seats).sort()).toEqual(seats)
    const [cars] = await t.database.pool.query('SELECT seats FROM vehicles WHERE id = ?', [car.vehicleId])
    expect((cars as { seats: number }[])[0].seats).toBe(carTrail[carTrail.length - 1].after!.seats)

    const room = await createRoom(t)
    const [a, b] = await Promise.all([
      asAdmin(t.http.patch(`/api/v1/room-admin/rooms/${room.id}`)).send({ capacity: 25 }),
      asAdmin(t.http.patch(`/api/v1/room-admin/rooms/${room.id}`)).send({ capacity: 30, requiresApproval: true }),
    ])
    expect([a.status, b.status]).toEqual([200, 200])
    const roomTrail = (await trail('room', room.id)).reverse()
    expect(roomTrail).toHaveLength(2)
    expect(roomTrail[0].before).toMatchObject({ capacity: 20 })
    expect(roomTrail[1].before!.capacity).toBe(roomTrail[0].after!.capacity)
  })
})
