import { randomBytes } from 'node:crypto'
import ExcelJS from 'exceljs'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { roomBookings, units } from '../../../db/schema'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { at, book, createRoom, dayFromNow } from '../../../../test/room-fixtures'
import { downloadWorkbook, FORMULA_TEXT, rowStarting } from '../../../../test/xlsx'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.login('admin')
})
afterAll(() => t.close())

const binary = (response: { on: (event: string, cb: (chunk?: Buffer) => void) => void }, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = []
  response.on('data', (chunk) => chunks.push(chunk!))
  response.on('end', () => done(null, Buffer.concat(chunks)))
}

describe('rooms admin', () => {
  it('creates, updates and disables rooms; a disabled room takes no bookings', async () => {
    const created = await t.http.post('/api/v1/room-admin/rooms').set(bearer(admin)).send({ name: '第五会议室', building: '2号楼', floor: '6楼', capacity: 16, equipment: ['screen'] })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: '第五会议室', openFromMinute: 480, openToMinute: 1080, status: 'active', shortCode: expect.stringMatching(/^R\d+-[0-9A-Z]{6}$/) })
    const bad = await t.http.patch(`/api/v1/room-admin/rooms/${created.body.id}`).set(bearer(admin)).send({ openToMinute: 300 })
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const disabled = await t.http.patch(`/api/v1/room-admin/rooms/${created.body.id}`).set(bearer(admin)).send({ status: 'disabled', capacity: 18 })
    expect(disabled.body).toMatchObject({ status: 'disabled', capacity: 18 })
    const staff = await createUser(t, ['staff'])
    const day = dayFromNow(2)
    const refused = await book(t, staff.token, { roomId: created.body.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '停用', attendeeCount: 3 })
    expect([refused.status, refused.body.error.code]).toEqual([409, 'ROOM_UNAVAILABLE'])
    const view = await t.http.get('/api/v1/rooms').query({ date: day }).set(bearer(staff.token))
    expect(view.body.items.some((r: { id: number }) => r.id === created.body.id)).toBe(false)
    expect((await t.http.get('/api/v1/room-admin/rooms').set(bearer(staff.token))).status).toBe(403)
    const list = await t.http.get('/api/v1/room-admin/rooms').set(bearer(admin))
    expect(list.body.items.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['第一会议室', '大会议厅', '第五会议室']))
  })

  it('door codes: a PNG that scans to the room’s code, and a printable sheet with short codes', async () => {
    const room = await createRoom(t)
    const png = await t.http.get(`/api/v1/room-admin/rooms/${room.id}/qr.png`).set(bearer(admin)).buffer(true).parse(binary)
    expect(png.headers['content-type']).toBe('image/png')
    const image = PNG.sync.read(png.body as Buffer)
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(room.code)
    const sheet = await t.http.get('/api/v1/room-admin/qr-sheet').set(bearer(admin))
    expect(sheet.text).toContain(t.services.qr.shortCode('r', room.id))
    expect(sheet.text).toContain('size: A4')
  }, 120_000) // qrcode + jsQR under jest are slow on a loaded 2-core machine

  it('monthly statistics and their .xlsx with 合计 rows', async () => {
    const staff = await createUser(t, ['staff'], { name: '统计人' })
    const room = await createRoom(t, { name: `统计室 ${Date.now()}` })
    const row = (day: string, from: string, to: string, status: 'confirmed' | 'ended' | 'released', attendeeCount: number, extra: Record<string, unknown> = {}) => ({
      roomId: room.id, organiserUserId: staff.userId, title: '统计', startAt: new Date(at(day, from)), endAt: new Date(at(day, to)), attendeeCount, services: {}, status, ...extra,
    })
    // 2025-03: 21 weekdays; 03-03 is a Monday, 03-08 a Saturday (not counted in utilisation)
    await t.database.db.insert(roomBookings).values([
      row('2025-03-03', '09:00', '11:00', 'confirmed', 10),
      row('2025-03-04', '09:00', '12:00', 'ended', 6, { endedAt: new Date(at('2025-03-04', '10:00')) }),
      row('2025-03-05', '09:00', '10:00', 'released', 8, { noShow: true }),
      row('2025-03-08', '09:00', '10:00', 'confirmed', 4),
    ])
    const stats = await t.http.get('/api/v1/rooms/stats').query({ month: '2025-03' }).set(bearer(admin))
    expect(stats.status).toBe(200)
    const mine = stats.body.byRoom.find((r: { roomId: number }) => r.roomId === room.id)
    expect(mine).toEqual({ roomId: room.id, name: room.name, meetings: 3, attendeeTimes: 20, bookedHours: 3, openHours: 210, utilisation: 0.0143, noShows: 1 })
    expect(stats.body.byOrganiser).toEqual(expect.arrayContaining([{ name: '统计人', unitName: null, meetings: 3, noShows: 1 }]))
    expect(stats.body.noShowRate).toBeGreaterThan(0)
    const bad = await t.http.get('/api/v1/rooms/stats').query({ month: '2025-13' }).set(bearer(admin))
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])

    const file = await t.http.get('/api/v1/rooms/stats.xlsx').query({ month: '2025-03' }).set(bearer(admin)).buffer(true).parse(binary)
    expect(file.status).toBe(200)
    const book2 = new ExcelJS.Workbook()
    await book2.xlsx.load(file.body as unknown as ArrayBuffer)
    const sheet = book2.getWorksheet('按会议室')!
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1)
    const roomRow = Array.from({ length: sheet.rowCount }, (_v, i) => i + 1).find((n) => sheet.getRow(n).getCell(1).value === room.name)!
    expect(values(roomRow)).toEqual([room.name, 3, 20, 3, 210, 0.0143, 1])
    const total = sheet.getRow(sheet.rowCount)
    expect(total.getCell(1).value).toBe('合计')
    const result = (cell: ExcelJS.Cell) => (cell.value as { result: number }).result
    expect(result(total.getCell(2))).toBe(stats.body.byRoom.reduce((n: number, r: { meetings: number }) => n + r.meetings, 0))
    expect(result(total.getCell(3))).toBe(stats.body.attendeeTimes)
    expect(result(total.getCell(7))).toBe(stats.body.noShows)
    const people = book2.getWorksheet('按预订人')!
    expect(people.getRow(people.rowCount).getCell(1).value).toBe('合计')
  })

  it('the .xlsx keeps a room or organiser name that reads as a formula as text (a leading apostrophe); the figures stay numbers', async () => {
    const staff = await createUser(t, ['staff'], { name: '@SUM(1+1)' })
    const room = await createRoom(t, { name: `${FORMULA_TEXT}${randomBytes(3).toString('hex')}` })
    const unitName = `+1+1 ${randomBytes(3).toString('hex')}`
    const [unit] = await t.database.db.insert(units).values({ name: unitName })
    await t.database.db.insert(roomBookings).values({
      roomId: room.id, organiserUserId: staff.userId, organiserUnitId: unit.insertId, title: '-1+1', startAt: new Date(at('2025-04-07', '09:00')), endAt: new Date(at('2025-04-07', '11:00')), attendeeCount: 5, services: {}, status: 'confirmed',
    })
    const stats = (await t.http.get('/api/v1/rooms/stats').query({ month: '2025-04' }).set(bearer(admin))).body
    const mine = stats.byRoom.find((r: { roomId: number }) => r.roomId === room.id)
    const book = await downloadWorkbook(t.http.get('/api/v1/rooms/stats.xlsx').query({ month: '2025-04' }).set(bearer(admin)))
    expect(rowStarting(book.getWorksheet('按会议室')!, `'${room.name}`)).toEqual([`'${room.name}`, 1, 5, 2, mine.openHours, mine.utilisation, 0])
    expect(rowStarting(book.getWorksheet('按会议室')!, room.name)).toBeUndefined()
    expect(rowStarting(book.getWorksheet('按预订人')!, "'@SUM(1+1)")).toEqual(["'@SUM(1+1)", `'${unitName}`, 1, 0])
  })
})
