import ExcelJS from 'exceljs'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { units, vehicleTrips } from '../../../db/schema'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser } from '../../../../test/factories'
import { centreUnitId, insertDispatched, insertDriver, insertVehicle, minutesFromNow } from '../../../../test/vehicle-trips'
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
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
const plate = () => `浙A${Array.from(randomBytes(5), (b) => PLATE_CHARS[b % PLATE_CHARS.length]).join('')}`

describe('cars and their codes', () => {
  it('creates, lists and updates cars; a plate once; the unit must exist; bad input is a Chinese 400', async () => {
    const unitId = await centreUnitId(t)
    const plateNo = plate()
    const created = await t.http.post('/api/v1/vehicles').set(bearer(admin)).send({ plateNo: `${plateNo.slice(0, 2)}·${plateNo.slice(2)}`, type: 'business', seats: 7, energy: 'fuel', unitId, lastOdometerKm: 1234 })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ plateNo, type: 'business', seats: 7, status: 'active', unitName: '市机关事务管理中心', lastOdometerKm: 1234 })
    expect(created.body.code).toMatch(new RegExp(`/q/v/${created.body.id}\\.[\\w-]{16}$`))
    expect(created.body.shortCode).toMatch(new RegExp(`^V${created.body.id}-[0-9A-Z]{6}$`))
    // the printed code opens the public view
    const token = created.body.code.split('/').pop()
    expect((await t.http.get(`/api/v1/public/vehicles/${token}`)).body).toMatchObject({ plateNo, onTask: false })

    const again = await t.http.post('/api/v1/vehicles').set(bearer(admin)).send({ plateNo, type: 'sedan', seats: 5, energy: 'fuel', unitId })
    expect([again.status, again.body.error.code]).toEqual([409, 'VEHICLE_PLATE_EXISTS'])
    const noUnit = await t.http.post('/api/v1/vehicles').set(bearer(admin)).send({ plateNo: plate(), type: 'sedan', seats: 5, energy: 'fuel', unitId: 99_999_999 })
    expect([noUnit.status, noUnit.body.error.code, noUnit.body.error.message]).toEqual([400, 'VALIDATION_FAILED', '所属单位不存在'])
    for (const body of [{ plateNo: '浙A1234', type: 'sedan', seats: 5, energy: 'fuel', unitId }, { plateNo: plate(), type: 'tank', seats: 5, energy: 'fuel', unitId }, { plateNo: plate(), type: 'sedan', seats: 0, energy: 'fuel', unitId }, { plateNo: plate(), type: 'sedan', seats: 'five', energy: 'fuel', unitId }]) {
      const refused = await t.http.post('/api/v1/vehicles').set(bearer(admin)).send(body)
      expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(refused.body.error.details.issues[0].message).toMatch(/[\u4e00-\u9fa5]/)
    }

    const updated = await t.http.patch(`/api/v1/vehicles/${created.body.id}`).set(bearer(admin)).send({ status: 'maintenance', seats: 6 })
    expect(updated.body).toMatchObject({ status: 'maintenance', seats: 6, type: 'business' })
    expect((await t.http.patch(`/api/v1/vehicles/${created.body.id}`).set(bearer(admin)).send({ status: 'scrapped' })).status).toBe(400)
    expect((await t.http.patch('/api/v1/vehicles/99999999').set(bearer(admin)).send({ status: 'retired' })).status).toBe(404)
    const list = await t.http.get('/api/v1/vehicles').set(bearer(admin))
    expect(list.body.items.find((v: { id: number }) => v.id === created.body.id)).toMatchObject({ status: 'maintenance' })
  })

  it('a dispatcher may read cars and drivers but not change them; staff may not read', async () => {
    const dispatcher = await t.login('dispatcher1')
    expect((await t.http.get('/api/v1/vehicles').set(bearer(dispatcher))).status).toBe(200)
    expect((await t.http.get('/api/v1/drivers').set(bearer(dispatcher))).status).toBe(200)
    expect((await t.http.post('/api/v1/vehicles').set(bearer(dispatcher)).send({ plateNo: plate(), type: 'sedan', seats: 5, energy: 'fuel', unitId: 1 })).status).toBe(403)
    const staff = await t.login('zhangsan')
    expect((await t.http.get('/api/v1/vehicles').set(bearer(staff))).status).toBe(403)
    expect((await t.http.get('/api/v1/vehicle-reports').set(bearer(staff))).status).toBe(403)
    expect((await t.http.get('/api/v1/vehicles/stats').query({ month: '2026-01' }).set(bearer(staff))).status).toBe(403)
  })

  it('prints a car\'s code as a PNG that scans to its URL, and a sheet with plate and short code', async () => {
    const car = await insertVehicle(t)
    const png = await t.http.get(`/api/v1/vehicles/${car.vehicleId}/qr.png`).set(bearer(admin)).buffer(true).parse(binary)
    expect(png.status).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    const image = PNG.sync.read(png.body as Buffer)
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(car.code)
    expect((await t.http.get('/api/v1/vehicles/99999999/qr.png').set(bearer(admin))).status).toBe(404)

    const sheet = await t.http.get('/api/v1/vehicles/qr-sheet').set(bearer(admin))
    expect(sheet.status).toBe(200)
    expect(sheet.headers['content-type']).toMatch(/text\/html/)
    expect(sheet.text).toContain(car.plateNo)
    expect(sheet.text).toContain(`编号 ${t.services.qr.shortCode('v', car.vehicleId)}`)
    expect(sheet.text).toContain('data:image/png;base64,')
  }, 90_000) // QR drawing is CPU work: slow on a busy 2-core machine
})

describe('drivers', () => {
  it('registers a driver once, and sets their duty', async () => {
    const person = await createUser(t, ['staff'], { name: '新司机' })
    const created = await t.http.post('/api/v1/drivers').set(bearer(admin)).send({ userId: person.userId })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ userId: person.userId, name: '新司机', unitName: '市机关事务管理中心', onDuty: true })
    const twice = await t.http.post('/api/v1/drivers').set(bearer(admin)).send({ userId: person.userId })
    expect([twice.status, twice.body.error.code]).toEqual([409, 'DRIVER_EXISTS'])
    expect((await t.http.post('/api/v1/drivers').set(bearer(admin)).send({ userId: 99_999_999 })).status).toBe(400)
    const off = await t.http.patch(`/api/v1/drivers/${created.body.id}`).set(bearer(admin)).send({ onDuty: false })
    expect(off.body.onDuty).toBe(false)
    expect((await t.http.patch(`/api/v1/drivers/${created.body.id}`).set(bearer(admin)).send({ onDuty: 'no' })).status).toBe(400)
    const list = await t.http.get('/api/v1/drivers').set(bearer(admin))
    expect(list.body.items.find((d: { id: number }) => d.id === created.body.id)).toMatchObject({ onDuty: false })
  })
})

describe('the 公车私用 queue', () => {
  it('lists open reports with the task snapshot and photo, resolves each once with a note', async () => {
    const car = await insertVehicle(t)
    const driver = await insertDriver(t)
    const { requestId } = await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, startAt: minutesFromNow(-10), endAt: minutesFromNow(50), destination: '杭州市滨江区网商路 699 号' })
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(100)])
    const filed = await t.http.post(`/api/v1/public/vehicles/${car.token}/reports`).set('X-Device-Id', `dev-${randomBytes(6).toString('hex')}`).send({ text: '疑似接送孩子', photo: `data:image/jpeg;base64,${jpeg.toString('base64')}` })
    expect(filed.status).toBe(201)

    const open = await t.http.get('/api/v1/vehicle-reports').query({ status: 'open' }).set(bearer(admin))
    const item = open.body.items.find((r: { id: number }) => r.id === filed.body.id)
    expect(item).toMatchObject({ vehicle: { id: car.vehicleId, plateNo: car.plateNo }, text: '疑似接送孩子', hasPhoto: true, status: 'open', taskAtReport: { onTask: true, requestId, destination: '杭州市滨江区网商路 699 号' } })
    const photo = await t.http.get(`/api/v1/vehicle-reports/${filed.body.id}/photo`).set(bearer(admin)).buffer(true).parse(binary)
    expect(photo.headers['content-type']).toBe('image/jpeg')
    expect(Buffer.compare(photo.body as Buffer, jpeg)).toBe(0)

    const resolved = await t.http.post(`/api/v1/vehicle-reports/${filed.body.id}/resolve`).set(bearer(admin)).send({ note: '经核实为公务接待，已回复' })
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: '系统管理员', resolutionNote: '经核实为公务接待，已回复' })
    const again = await t.http.post(`/api/v1/vehicle-reports/${filed.body.id}/resolve`).set(bearer(admin)).send({ note: '再次' })
    expect([again.status, again.body.error.code]).toEqual([409, 'VEHICLE_REPORT_RESOLVED'])
    expect((await t.http.post(`/api/v1/vehicle-reports/${filed.body.id}/resolve`).set(bearer(admin)).send({ note: ' ' })).status).toBe(400)
    const stillOpen = await t.http.get('/api/v1/vehicle-reports').query({ status: 'open', limit: 50 }).set(bearer(admin))
    expect(stillOpen.body.items.map((r: { id: number }) => r.id)).not.toContain(filed.body.id)
    expect((await t.http.get('/api/v1/vehicle-reports').query({ status: 'pending' }).set(bearer(admin))).status).toBe(400)
    expect((await t.http.get('/api/v1/vehicle-reports').query({ cursor: 'abc' }).set(bearer(admin))).status).toBe(400)
  })

  it('pages with a cursor', async () => {
    const car = await insertVehicle(t)
    for (let i = 0; i < 3; i++) await t.http.post(`/api/v1/public/vehicles/${car.token}/reports`).set('X-Device-Id', `dev-${randomBytes(6).toString('hex')}`).send({ text: `反映 ${i}` })
    const first = await t.http.get('/api/v1/vehicle-reports').query({ limit: 2 }).set(bearer(admin))
    expect(first.body.items).toHaveLength(2)
    const second = await t.http.get('/api/v1/vehicle-reports').query({ limit: 2, cursor: first.body.nextCursor }).set(bearer(admin))
    expect(second.body.items[0].id).toBeLessThan(first.body.items[1].id)
  })
})

describe('monthly statistics and charge-back', () => {
  /** Finished trips in a month of their own (2024-02), inserted as rows. */
  async function seedMonth() {
    const [other] = await t.database.db.insert(units).values({ name: `统计测试单位 ${randomBytes(3).toString('hex')}` })
    const centre = await centreUnitId(t)
    const fuelCar = await insertVehicle(t, { energy: 'fuel' })
    const electricCar = await insertVehicle(t, { energy: 'electric' })
    const d1 = await insertDriver(t, '统计司机甲')
    const d2 = await insertDriver(t, '统计司机乙')
    const trips = [
      { car: fuelCar, driver: d1, unitId: centre, at: '2024-02-01T01:00:00+08:00', km: 100, toll: 2_000, parking: 500, fuel: 8_000, litres: 8, kwh: null },
      { car: fuelCar, driver: d2, unitId: other.insertId, at: '2024-02-15T10:00:00+08:00', km: 50, toll: 0, parking: 1_000, fuel: 0, litres: null, kwh: null },
      { car: electricCar, driver: d1, unitId: other.insertId, at: '2024-02-29T23:30:00+08:00', km: 40, toll: 0, parking: 0, fuel: 1_200, litres: null, kwh: 6 },
      // outside the month (Shanghai time): 2024-03-01 00:10 and 2024-01-31 23:50
      { car: electricCar, driver: d2, unitId: centre, at: '2024-03-01T00:10:00+08:00', km: 10, toll: 0, parking: 0, fuel: 0, litres: null, kwh: 1 },
      { car: fuelCar, driver: d2, unitId: centre, at: '2024-01-31T23:50:00+08:00', km: 10, toll: 0, parking: 0, fuel: 0, litres: 1, kwh: null },
    ]
    for (const trip of trips) {
      const finishedAt = new Date(trip.at)
      const { requestId } = await insertDispatched(t, { vehicleId: trip.car.vehicleId, driverId: trip.driver.driverId, unitId: trip.unitId, startAt: new Date(finishedAt.getTime() - 3 * 3600_000), endAt: finishedAt })
      await t.database.db.insert(vehicleTrips).values({
        requestId,
        vehicleId: trip.car.vehicleId,
        driverId: trip.driver.driverId,
        status: 'finished',
        startedAt: new Date(finishedAt.getTime() - 2 * 3600_000),
        startOdometerKm: 1_000,
        finishedAt,
        endOdometerKm: 1_000 + trip.km,
        tollFen: trip.toll,
        parkingFen: trip.parking,
        fuelFen: trip.fuel,
        fuelLitres: trip.litres,
        energyKwh: trip.kwh,
        chargeFen: trip.km * 150 + trip.toll + trip.parking + trip.fuel,
      })
    }
    return { otherUnitName: (await t.database.db.select({ name: units.name }).from(units).where(sql`${units.id} = ${other.insertId}`))[0].name, fuelCar, electricCar }
  }

  it('sums tasks, km and costs per car, driver and unit; per-100-km use; the charge-back; and the same in .xlsx', async () => {
    const { otherUnitName, fuelCar, electricCar } = await seedMonth()
    const stats = await t.http.get('/api/v1/vehicles/stats').query({ month: '2024-02' }).set(bearer(admin))
    expect(stats.status).toBe(200)
    expect(stats.body).toEqual({
      month: '2024-02',
      chargePerKmFen: 150,
      totals: { tasks: 3, km: 190, costFen: 2_000 + 500 + 8_000 + 1_000 + 1_200 },
      byVehicle: [
        { vehicleId: fuelCar.vehicleId, plateNo: fuelCar.plateNo, energy: 'fuel', tasks: 2, km: 150, costFen: 11_500, per100Km: 8 },
        { vehicleId: electricCar.vehicleId, plateNo: electricCar.plateNo, energy: 'electric', tasks: 1, km: 40, costFen: 1_200, per100Km: 15 },
      ],
      byDriver: [
        { driverId: expect.any(Number), name: '统计司机甲', tasks: 2, km: 140, costFen: 11_700 },
        { driverId: expect.any(Number), name: '统计司机乙', tasks: 1, km: 50, costFen: 1_000 },
      ],
      byUnit: [
        { unitId: expect.any(Number), unitName: '市机关事务管理中心', tasks: 1, km: 100, costFen: 10_500, chargeFen: 100 * 150 + 10_500 },
        { unitId: expect.any(Number), unitName: otherUnitName, tasks: 2, km: 90, costFen: 2_200, chargeFen: 90 * 150 + 2_200 },
      ],
    })

    // the workbook: three sheets whose 合计 rows hold the sums, equal to the database's
    const xlsx = await t.http.get('/api/v1/vehicles/stats.xlsx').query({ month: '2024-02' }).set(bearer(admin)).buffer(true).parse(binary)
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    expect(book.worksheets.map((s) => s.name)).toEqual(['按车辆', '按驾驶员', '按单位（费用回收）'])
    const totalRow = (name: string) => {
      const sheet = book.getWorksheet(name)!
      const row = sheet.getRow(sheet.rowCount)
      expect(row.getCell(1).value).toBe('合计')
      return (column: number) => {
        const value = row.getCell(column).value as { result: number }
        return value.result
      }
    }
    const [db] = (await t.database.pool.query(
      `SELECT COUNT(*) AS tasks, SUM(t.end_odometer_km - t.start_odometer_km) AS km, SUM(t.toll_fen + t.parking_fen + t.fuel_fen) AS cost, SUM(t.charge_fen) AS charge
       FROM vehicle_trips t WHERE t.status = 'finished' AND t.finished_at >= '2024-01-31 16:00:00' AND t.finished_at < '2024-02-29 16:00:00'`,
    )) as unknown as [{ tasks: number; km: string; cost: string; charge: string }[]]
    const sums = { tasks: Number(db[0].tasks), km: Number(db[0].km), cost: Number(db[0].cost) / 100, charge: Number(db[0].charge) / 100 }
    expect(sums).toEqual({ tasks: 3, km: 190, cost: 127, charge: 412 })
    const byVehicle = totalRow('按车辆')
    expect([byVehicle(3), byVehicle(4), byVehicle(5)]).toEqual([sums.tasks, sums.km, sums.cost])
    const byDriver = totalRow('按驾驶员')
    expect([byDriver(2), byDriver(3), byDriver(4)]).toEqual([sums.tasks, sums.km, sums.cost])
    const byUnit = totalRow('按单位（费用回收）')
    expect([byUnit(2), byUnit(3), byUnit(4), byUnit(5)]).toEqual([sums.tasks, sums.km, sums.cost, sums.charge])
    expect(book.getWorksheet('按单位（费用回收）')!.getRow(1).getCell(5).value).toBe('回收金额（元，¥1.50/公里 + 实际费用）') // the rate as every screen shows money
    expect(book.getWorksheet('按单位（费用回收）')!.getRow(2).values).toEqual([undefined, '市机关事务管理中心', 1, 100, 105, 255])
  })

  it('the .xlsx keeps a driver or unit named like a formula as text (a leading apostrophe); the figures stay numbers', async () => {
    const unitName = `@SUM(1+1) ${randomBytes(3).toString('hex')}`
    const [unit] = await t.database.db.insert(units).values({ name: unitName })
    const car = await insertVehicle(t)
    const driverName = `${FORMULA_TEXT}${randomBytes(3).toString('hex')}`
    const driver = await insertDriver(t, driverName)
    const finishedAt = new Date('2024-04-10T15:00:00+08:00')
    const { requestId } = await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, unitId: unit.insertId, startAt: new Date(finishedAt.getTime() - 3 * 3600_000), endAt: finishedAt })
    await t.database.db.insert(vehicleTrips).values({
      requestId, vehicleId: car.vehicleId, driverId: driver.driverId, status: 'finished', startedAt: new Date(finishedAt.getTime() - 2 * 3600_000), startOdometerKm: 1_000,
      finishedAt, endOdometerKm: 1_030, tollFen: 1_250, parkingFen: 0, fuelFen: 0, chargeFen: 30 * 150 + 1_250,
    })
    const book = await downloadWorkbook(t.http.get('/api/v1/vehicles/stats.xlsx').query({ month: '2024-04' }).set(bearer(admin)))
    expect(rowStarting(book.getWorksheet('按驾驶员')!, `'${driverName}`)).toEqual([`'${driverName}`, 1, 30, 12.5])
    expect(rowStarting(book.getWorksheet('按单位（费用回收）')!, `'${unitName}`)).toEqual([`'${unitName}`, 1, 30, 12.5, 57.5])
  })

  it('an empty month is zeros; a month that does not exist is a Chinese 400', async () => {
    const empty = await t.http.get('/api/v1/vehicles/stats').query({ month: '2001-01' }).set(bearer(admin))
    expect(empty.body).toMatchObject({ totals: { tasks: 0, km: 0, costFen: 0 }, byVehicle: [], byDriver: [], byUnit: [] })
    const xlsx = await t.http.get('/api/v1/vehicles/stats.xlsx').query({ month: '2001-01' }).set(bearer(admin))
    expect(xlsx.status).toBe(200)
    for (const month of ['2026-13', '2026-1', 'abc', '1999-12']) {
      for (const path of ['/api/v1/vehicles/stats', '/api/v1/vehicles/stats.xlsx']) {
        const refused = await t.http.get(path).query({ month }).set(bearer(admin))
        expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
        expect(JSON.stringify(refused.body.error)).toMatch(/[\u4e00-\u9fa5]/)
      }
    }
  })
})
