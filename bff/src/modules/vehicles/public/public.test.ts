import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { PNG } from 'pngjs'
import { users, vehicleReports, vehicleTrips } from '../../../db/schema'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey } from '../../../../test/factories'
import { insertDispatched, insertDriver, insertVehicle, minutesFromNow } from '../../../../test/vehicle-trips'

let t: TestApp
beforeAll(async () => {
  // behind "our proxy", so each test reports from an address of its own (the limit is per address)
  t = await startTestApp({ TRUST_PROXY: 'true' })
})
afterAll(() => t.close())

const address = () => `198.51.100.${1 + (randomBytes(1)[0] % 250)}, 203.0.113.${1 + (randomBytes(1)[0] % 250)}`
const view = (token: string) => t.http.get(`/api/v1/public/vehicles/${encodeURIComponent(token)}`)
const report = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => t.http.post(`/api/v1/public/vehicles/${encodeURIComponent(token)}/reports`).set({ 'X-Forwarded-For': address(), ...headers }).send(body)
const reportsOf = (vehicleId: number) => t.database.db.select().from(vehicleReports).where(eq(vehicleReports.vehicleId, vehicleId))

function pngDataUrl(): string {
  const png = new PNG({ width: 4, height: 4 })
  png.data.fill(200)
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`
}

describe('亮身份: the public scan', () => {
  it('during a trip shows 执行公务中 data — window, coarse destination, requesting unit — and no personal data; after it, 当前无公务任务', async () => {
    const car = await insertVehicle(t, { odometerKm: 30_000 })
    const driver = await insertDriver(t, '司机丙')
    const requester = await createUser(t, ['staff'], { name: '隐私测试人' })
    await t.database.db.update(users).set({ mobileEnc: 'sealed' }).where(eq(users.id, requester.userId))
    const startAt = minutesFromNow(-5)
    const endAt = minutesFromNow(120)
    await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, requesterUserId: requester.userId, startAt, endAt, destination: '杭州市西湖区文三路 90 号 3 幢', purpose: '机密事由勿外传' })

    const before = await view(car.token)
    expect(before.status).toBe(200)
    expect(before.body.onTask).toBe(true) // a dispatched window that contains now

    const started = await t.http.post('/api/v1/trips/start').set(bearer(driver.token)).set('Idempotency-Key', idempotencyKey()).send({ code: car.code, odometerKm: 30_000 })
    expect(started.status).toBe(201)
    const during = await view(car.token)
    expect(during.status).toBe(200)
    expect(during.body).toEqual({
      plateNo: car.plateNo,
      type: 'sedan',
      unitName: '市机关事务管理中心',
      onTask: true,
      task: { startAt: startAt.toISOString(), endAt: endAt.toISOString(), destinationArea: '杭州市西湖区', requestingUnit: '市机关事务管理中心' },
    })
    const text = JSON.stringify(during.body)
    for (const secret of ['隐私测试人', '司机丙', '机密事由', '文三路', '138', 'sealed']) expect(text).not.toContain(secret)

    await t.database.db.update(vehicleTrips).set({ startedAt: new Date(Date.now() - 3600_000) }).where(eq(vehicleTrips.id, started.body.id))
    expect((await t.http.post(`/api/v1/trips/${started.body.id}/finish`).set(bearer(driver.token)).send({ odometerKm: 30_030 })).status).toBe(200)
    const after = await view(car.token)
    expect(after.body).toEqual({ plateNo: car.plateNo, type: 'sedan', unitName: '市机关事务管理中心', onTask: false })
  })

  it('a car with nothing now is not on task; the code URL, the token and the short code all open it', async () => {
    const car = await insertVehicle(t)
    const driver = await insertDriver(t)
    await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, startAt: minutesFromNow(60), endAt: minutesFromNow(120) })
    expect((await view(car.token)).body.onTask).toBe(false)
    expect((await view(t.services.qr.shortCode('v', car.vehicleId))).body.plateNo).toBe(car.plateNo)
    expect((await t.http.get(new URL(car.code).pathname.replace('/q/v/', '/api/v1/public/vehicles/'))).body.plateNo).toBe(car.plateNo)
  })

  it('a forged token is QR_FORGED; junk is QR_INVALID; a signed id with no car is 404', async () => {
    const car = await insertVehicle(t)
    const forged = await view(`${car.vehicleId}.AAAAAAAAAAAAAAAA`)
    expect([forged.status, forged.body.error.code]).toEqual([400, 'QR_FORGED'])
    expect(forged.body.error.message).toMatch(/伪造/)
    const otherKind = await view(t.services.qr.token('m', car.vehicleId))
    expect([otherKind.status, otherKind.body.error.code]).toEqual([400, 'QR_FORGED'])
    expect((await view('not a token')).body.error.code).toBe('QR_INVALID')
    expect((await view(t.services.qr.token('v', 987_654_321))).status).toBe(404)
    expect((await report(`${car.vehicleId}.AAAAAAAAAAAAAAAA`, { text: '有人私用' })).body.error.code).toBe('QR_FORGED')
    expect(await reportsOf(car.vehicleId)).toHaveLength(0)
  })
})

describe('公车私用 reports', () => {
  it('files a report with a photo and location, keeping the car\'s task at that moment', async () => {
    const car = await insertVehicle(t)
    const driver = await insertDriver(t)
    const { requestId } = await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, startAt: minutesFromNow(-30), endAt: minutesFromNow(30), destination: '萧山国际机场' })
    const filed = await report(car.token, { text: '周末在商场停车场看到这辆车', photo: pngDataUrl(), lat: 30.27415, lng: 120.15515 })
    expect(filed.status).toBe(201)
    expect(filed.body).toEqual({ id: expect.any(Number), message: '已收到您的反映，我们会尽快核实处理' })
    const [row] = await reportsOf(car.vehicleId)
    expect(row).toMatchObject({ text: '周末在商场停车场看到这辆车', photoType: 'image/png', status: 'open', lat: 30.27415, lng: 120.15515 })
    expect(row.taskAtReport).toMatchObject({ onTask: true, requestId, destination: '萧山国际机场', requestingUnit: '市机关事务管理中心' })
  })

  it('takes a photo of up to 1 MB; refuses one that is not really a JPEG/PNG, or too big — writing nothing', async () => {
    const car = await insertVehicle(t)
    const big = Buffer.alloc(990_000, 7)
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(big)
    const ok = await report(car.token, { text: '照片较大', photo: `data:image/jpeg;base64,${big.toString('base64')}` })
    expect(ok.status).toBe(201)

    const fake = await report(car.token, { text: '假照片', photo: `data:image/jpeg;base64,${Buffer.from('<script>alert(1)</script>').toString('base64')}` })
    expect([fake.status, fake.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(fake.body.error.message).toBe('照片不是有效的 JPEG 或 PNG 图片')
    const gif = await report(car.token, { text: 'GIF', photo: `data:image/gif;base64,${Buffer.from('GIF89a').toString('base64')}` })
    expect([gif.status, gif.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const huge = Buffer.alloc(1_100_000, 7)
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(huge)
    const tooBig = await report(car.token, { text: '太大', photo: `data:image/jpeg;base64,${huge.toString('base64')}` })
    expect(tooBig.status).toBe(400)
    expect(tooBig.body.error.code).toBe('VALIDATION_FAILED')
    const enormous = await report(car.token, { text: '超大', photo: `data:image/jpeg;base64,${Buffer.alloc(3_000_000, 1).toString('base64')}` })
    expect([enormous.status, enormous.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    for (const body of [{ text: '' }, { text: 'x'.repeat(501) }, { text: '位置', lat: 91 }, { text: '位置', lng: 'east' }, {}]) {
      const refused = await report(car.token, body)
      expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    }
    expect((await reportsOf(car.vehicleId)).map((r) => r.text)).toEqual(['照片较大'])
    // other routes keep the small body limit
    expect((await t.http.post('/api/v1/trips/start').set('Idempotency-Key', idempotencyKey()).send({ code: 'x'.repeat(200_000) })).status).toBe(413)
  })

  it('limits reports per address (5 an hour): the 6th is RATE_LIMITED; a device id counts per device too', async () => {
    const car = await insertVehicle(t)
    const from = { 'X-Forwarded-For': `192.0.2.${1 + (randomBytes(1)[0] % 250)}` }
    for (let i = 0; i < 5; i++) expect((await report(car.token, { text: `第 ${i + 1} 次` }, from)).status).toBe(201)
    const sixth = await report(car.token, { text: '第 6 次' }, from)
    expect([sixth.status, sixth.body.error.code]).toEqual([429, 'RATE_LIMITED'])
    expect(sixth.body.error.message).toMatch(/频繁/)
    expect(await reportsOf(car.vehicleId)).toHaveLength(5)

    const device = { 'X-Device-Id': `dev-${randomBytes(8).toString('hex')}` }
    for (let i = 0; i < 5; i++) expect((await report(car.token, { text: `设备 ${i + 1}` }, device)).status).toBe(201)
    const deviceSixth = await report(car.token, { text: '设备 6' }, device)
    expect([deviceSixth.status, deviceSixth.body.error.code]).toEqual([429, 'RATE_LIMITED'])
  })
})
