import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import { units } from '../../../db/schema'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { badCheckDigit, idCard, unitIdOf, userId } from '../../../../test/visit-fixtures'
import { downloadWorkbook, rowStarting } from '../../../../test/xlsx'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const block = (body: Record<string, unknown>, token = admin) => t.http.post('/api/v1/visits/blocklist').set(bearer(token)).send(body)

describe('the block list', () => {
  it('admin adds by ID number (stored as blind index + mask), lists and removes; a duplicate is 409', async () => {
    // a number whose check digit is X, typed in lower case with spaces
    const valid = idCard(true)
    const added = await block({ idType: 'id_card', idNumber: ` ${valid.toLowerCase()} `, name: '某某', reason: '多次冒用他人证件' })
    expect(added.status).toBe(201)
    expect(added.body).toEqual({ id: expect.any(Number), idType: 'id_card', idNumberMasked: `${valid.slice(0, 3)}***********${valid.slice(-4)}`, name: '某某', reason: '多次冒用他人证件', createdAt: expect.any(String), createdBy: '系统管理员' })
    const [rows] = await t.database.pool.query('SELECT * FROM visit_blocklist WHERE id = ?', [added.body.id])
    expect(JSON.stringify(rows)).not.toContain(valid)
    expect((rows as { id_number_hash: string }[])[0].id_number_hash).toBe(t.services.pii.blindIndex(valid))

    const duplicate = await block({ idType: 'id_card', idNumber: valid, reason: '再加一次' })
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'VISIT_BLOCKLIST_EXISTS'])
    expect(duplicate.body.error.message).toMatch(/黑名单/)

    const list = await t.http.get('/api/v1/visits/blocklist').set(bearer(admin))
    expect(list.body.items[0]).toEqual(added.body)

    expect((await t.http.delete(`/api/v1/visits/blocklist/${added.body.id}`).set(bearer(admin))).body).toEqual({ ok: true })
    const again = await t.http.delete(`/api/v1/visits/blocklist/${added.body.id}`).set(bearer(admin))
    expect([again.status, again.body.error.code]).toEqual([404, 'NOT_FOUND'])
  })

  it('refuses bad input and non-admins', async () => {
    const bad = await block({ idType: 'id_card', idNumber: badCheckDigit(idCard()), reason: '测试' })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const noReason = await block({ idType: 'passport', idNumber: 'E12345678' })
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    for (const username of ['guard1', 'lisi', 'visitor1']) {
      const token = await t.login(username)
      expect((await block({ idType: 'passport', idNumber: 'E12345678', reason: '测试' }, token)).status).toBe(403)
      expect((await t.http.get('/api/v1/visits/blocklist').set(bearer(token))).status).toBe(403)
      expect((await t.http.get('/api/v1/visits/pii-audit').set(bearer(token))).status).toBe(403)
      expect((await t.http.get('/api/v1/visits/stats').query({ month: '2030-07' }).set(bearer(token))).status).toBe(403)
    }
  })
})

describe('personal-data audit', () => {
  it('pages by cursor', async () => {
    const [visit] = await t.database.pool.query(
      "INSERT INTO visits (status, source, visitor_name, purpose, host_user_id, start_at, end_at) VALUES ('approved', 'self', '审计访客', '测试', ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 HOUR)",
      [await userId(t, 'lisi')],
    )
    const visitId = (visit as { insertId: number }).insertId
    for (let i = 0; i < 3; i++) await t.http.get(`/api/v1/visits/${visitId}/pii`).query({ reason: `原因${i}` }).set(bearer(admin))
    const first = await t.http.get('/api/v1/visits/pii-audit').query({ limit: 2 }).set(bearer(admin))
    expect(first.body.items.map((i: { reason: string }) => i.reason)).toEqual(['原因2', '原因1'])
    expect(first.body.items[0]).toMatchObject({ viewer: '系统管理员', visitId, visitorName: '审计访客' })
    const second = await t.http.get('/api/v1/visits/pii-audit').query({ limit: 2, cursor: first.body.nextCursor }).set(bearer(admin))
    expect(second.body.items[0].reason).toBe('原因0')
    const bad = await t.http.get('/api/v1/visits/pii-audit').query({ cursor: 'abc' }).set(bearer(admin))
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })
})

describe('monthly statistics', () => {
  beforeAll(async () => {
    const centre = await unitIdOf(t)
    const finance = await unitIdOf(t, '市财政局')
    const host = await userId(t, 'lisi')
    const other = (await createUser(t, ['staff'])).userId
    // 2030-07 in Asia/Shanghai: four visits to 中心 (two by the same person), one to 财政局, an unfinished invitation, one in June
    const rows: [string, number, number, string, string | null, string | null][] = [
      ['approved', host, centre, '2030-07-01 01:00:00', '2030-07-01 01:30:00', 'h-a'], // 09:30 Shanghai
      ['checked_out', host, centre, '2030-07-10 01:00:00', '2030-07-10 01:10:00', 'h-a'], // 09:10
      ['checked_in', host, centre, '2030-07-20 05:00:00', '2030-07-20 06:05:00', 'h-b'], // 14:05
      ['rejected', host, centre, '2030-07-21 05:00:00', null, 'h-c'],
      ['approved', other, finance, '2030-06-30 16:30:00', null, null], // 1 July 00:30 Shanghai: July
      ['invited', host, centre, '2030-07-05 01:00:00', null, null],
      ['approved', host, centre, '2030-06-30 15:00:00', null, 'h-d'], // 23:00 on 30 June Shanghai: June
    ]
    const ids: number[] = []
    for (const [status, hostId, unitId, start, checkedIn, hash] of rows) {
      const [inserted] = await t.database.pool.query(
        "INSERT INTO visits (status, source, visitor_name, purpose, host_user_id, host_unit_id, start_at, end_at, checked_in_at, id_number_hash) VALUES (?, 'self', '统计', '测试', ?, ?, ?, ? + INTERVAL 2 HOUR, ?, ?)",
        [status, hostId, unitId, start, start, checkedIn, hash && hash.padEnd(64, '0')],
      )
      ids.push((inserted as { insertId: number }).insertId)
    }
    // companions: h-b came with h-a (who also came alone: one person) and with someone whose number
    // was purged (a person of their own); the June visit's companion is June's
    const companions: [number, string | null][] = [
      [ids[2], 'h-a'],
      [ids[2], null],
      [ids[6], 'h-e'],
    ]
    for (const [visitId, hash] of companions) {
      await t.database.pool.query("INSERT INTO visit_companions (visit_id, name, id_type) VALUES (?, '同行', 'id_card')", [visitId])
      if (hash) await t.database.pool.query('UPDATE visit_companions SET id_number_hash = ? WHERE id = LAST_INSERT_ID()', [hash.padEnd(64, '0')])
    }
  })

  it('counts visits, the different people who came (companions included), units and check-ins by Shanghai hour', async () => {
    const stats = await t.http.get('/api/v1/visits/stats').query({ month: '2030-07' }).set(bearer(admin))
    expect(stats.status).toBe(200)
    // people: h-a, h-b, h-c, the finance visit's visitor (no number), h-b's purged companion
    expect(stats.body).toMatchObject({ month: '2030-07', visits: 5, visitors: 5, checkedIn: 3, byUnit: [{ unitName: '市机关事务管理中心', visits: 4 }, { unitName: '市财政局', visits: 1 }] })
    expect(stats.body.byHour).toHaveLength(24)
    expect(stats.body.byHour.filter((h: { checkIns: number }) => h.checkIns)).toEqual([
      { hour: 9, checkIns: 2 },
      { hour: 14, checkIns: 1 },
    ])
    const bad = await t.http.get('/api/v1/visits/stats').query({ month: '2030-13' }).set(bearer(admin))
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  })

  it('as an .xlsx that reads back with the same figures', async () => {
    const response = await t.http
      .get('/api/v1/visits/stats.xlsx')
      .query({ month: '2030-07' })
      .set(bearer(admin))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => callback(null, Buffer.concat(chunks)))
      })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toContain('spreadsheetml')
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('访客统计-2030-07.xlsx'))
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(response.body as unknown as ArrayBuffer)
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '按被访单位', '入园时段'])
    const summary = book.getWorksheet('汇总')!
    expect([2, 3, 4, 5].map((r) => [summary.getRow(r).getCell(1).value, summary.getRow(r).getCell(2).value])).toEqual([
      ['来访（次）', 5],
      ['访客（人，含同行）', 5],
      ['已入园（次）', 3],
      ['被访单位（个）', 2],
    ])
    const units = book.getWorksheet('按被访单位')!
    expect([2, 3, 4].map((r) => [units.getRow(r).getCell(1).value, units.getRow(r).getCell(2).value])).toEqual([
      ['市机关事务管理中心', 4],
      ['市财政局', 1],
      ['合计', 5],
    ])
    const hours = book.getWorksheet('入园时段')!
    expect(hours.rowCount).toBe(25)
    expect([hours.getRow(11).getCell(1).value, hours.getRow(11).getCell(2).value]).toEqual(['09:00–10:00', 2])
  })
})

describe('the .xlsx and text that reads as a formula', () => {
  it('keeps a host unit named like a formula as text (a leading apostrophe); the counts stay numbers', async () => {
    const unitName = `-1+2 ${randomBytes(3).toString('hex')}`
    const [unit] = await t.database.db.insert(units).values({ name: unitName })
    await t.database.pool.query(
      "INSERT INTO visits (status, source, visitor_name, purpose, host_user_id, host_unit_id, start_at, end_at) VALUES ('approved', 'self', '@SUM(1+1)', '=1+1', ?, ?, '2030-08-05 01:00:00', '2030-08-05 03:00:00')",
      [await userId(t, 'lisi'), unit.insertId],
    )
    const book = await downloadWorkbook(t.http.get('/api/v1/visits/stats.xlsx').query({ month: '2030-08' }).set(bearer(admin)))
    expect(rowStarting(book.getWorksheet('按被访单位')!, `'${unitName}`)).toEqual([`'${unitName}`, 1])
    expect(rowStarting(book.getWorksheet('汇总')!, '来访（次）')).toEqual(['来访（次）', 1])
  })
})
