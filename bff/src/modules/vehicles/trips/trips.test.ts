import { and, eq } from 'drizzle-orm'
import { notifications, vehicleRequestHistory, vehicleRequests, vehicles, vehicleScans, vehicleTrips } from '../../../db/schema'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey, outcomes } from '../../../../test/factories'
import { insertDispatched, insertDriver, insertVehicle, minutesFromNow } from '../../../../test/vehicle-trips'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const start = (token: string, body: Record<string, unknown>, key = idempotencyKey()) => t.http.post('/api/v1/trips/start').set(bearer(token)).set('Idempotency-Key', key).send(body)
const finish = (token: string, tripId: number, body: Record<string, unknown>) => t.http.post(`/api/v1/trips/${tripId}/finish`).set(bearer(token)).send(body)
const requestRow = async (id: number) => (await t.database.db.select().from(vehicleRequests).where(eq(vehicleRequests.id, id)))[0]
const tripsOf = (requestId: number) => t.database.db.select().from(vehicleTrips).where(eq(vehicleTrips.requestId, requestId))

/** A car, its driver and a task dispatched to them whose window is open now. */
async function task(o: { startInMinutes?: number; odometerKm?: number } = {}) {
  const car = await insertVehicle(t, { odometerKm: o.odometerKm ?? 10_000 })
  const driver = await insertDriver(t)
  const startAt = minutesFromNow(o.startInMinutes ?? -10)
  const request = await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, startAt, endAt: new Date(startAt.getTime() + 3 * 3600_000) })
  return { car, driver, ...request }
}

/** The answer for a trip just started by `driver` in `car` at `odometerKm` (nothing spent yet). */
const startedTrip = (o: { requestId: number; car: { vehicleId: number; plateNo: string }; driver: { driverId: number; userId: number }; odometerKm: number }) => ({
  id: expect.any(Number),
  requestId: o.requestId,
  vehicle: { id: o.car.vehicleId, plateNo: o.car.plateNo, type: 'sedan', seats: 5 },
  driver: { id: o.driver.driverId, userId: o.driver.userId, name: '测试驾驶员' },
  status: 'in_progress',
  startedAt: expect.any(String),
  startOdometerKm: o.odometerKm,
  finishedAt: null,
  endOdometerKm: null,
  distanceKm: null,
  tollFen: 0,
  parkingFen: 0,
  fuelFen: 0,
  energyKwh: null,
  fuelLitres: null,
  chargeFen: null,
})
/** The trip row as a start writes it: running on the car, by the dispatched driver, at this reading, no costs. */
const startedRow = (o: { tripId: number; requestId: number; vehicleId: number; driverId: number; odometerKm: number }) => ({
  id: o.tripId,
  requestId: o.requestId,
  vehicleId: o.vehicleId,
  driverId: o.driverId,
  runningVehicleId: o.vehicleId,
  status: 'in_progress',
  startedAt: expect.any(Date),
  startOdometerKm: o.odometerKm,
  finishedAt: null,
  endOdometerKm: null,
  tollFen: 0,
  parkingFen: 0,
  fuelFen: 0,
  energyKwh: null,
  fuelLitres: null,
  chargeFen: null,
})

/** Moves a running trip's start back, as if it had been driving for `hours`. */
const startedHoursAgo = (tripId: number, hours: number) => t.database.db.update(vehicleTrips).set({ startedAt: new Date(Date.now() - hours * 3600_000) }).where(eq(vehicleTrips.id, tripId))

describe('scanning a car', () => {
  it('shows the dispatched driver their task and lets them start; another staff member is logged and sees the car only', async () => {
    const { car, driver, requestId } = await task()
    const mine = await t.http.get('/api/v1/vehicles/scan').query({ code: car.code }).set(bearer(driver.token))
    expect(mine.status).toBe(200)
    expect(mine.body).toMatchObject({ vehicle: { id: car.vehicleId, plateNo: car.plateNo, lastOdometerKm: 10_000 }, task: { id: requestId, status: 'dispatched' }, trip: null, canStart: true, startBlockedReason: null })
    expect(await t.database.db.select().from(vehicleScans).where(eq(vehicleScans.vehicleId, car.vehicleId))).toHaveLength(0)

    const staff = await createUser(t, ['staff'])
    const other = await t.http.get('/api/v1/vehicles/scan').query({ code: car.token }).set(bearer(staff.token))
    expect(other.status).toBe(200)
    expect(other.body).toMatchObject({ vehicle: { plateNo: car.plateNo }, task: null, trip: null, canStart: false })
    expect(other.body.startBlockedReason).toMatch(/不是本车的派车驾驶员/)
    const scans = await t.database.db.select().from(vehicleScans).where(eq(vehicleScans.vehicleId, car.vehicleId))
    expect(scans.map((s) => s.userId)).toEqual([staff.userId])
  })

  it('accepts the short code; a forged code is QR_FORGED; signed-out is 401', async () => {
    const { car, driver } = await task()
    const short = t.services.qr.shortCode('v', car.vehicleId)
    expect((await t.http.get('/api/v1/vehicles/scan').query({ code: short.toLowerCase() }).set(bearer(driver.token))).body.canStart).toBe(true)
    const forged = await t.http.get('/api/v1/vehicles/scan').query({ code: `${car.vehicleId}.AAAAAAAAAAAAAAAA` }).set(bearer(driver.token))
    expect([forged.status, forged.body.error.code]).toEqual([400, 'QR_FORGED'])
    expect((await t.http.get('/api/v1/vehicles/scan').query({ code: car.code })).status).toBe(401)
  })

  it('says when it is too early to start, and refuses the start (TRIP_TOO_EARLY)', async () => {
    const { car, driver, requestId } = await task({ startInMinutes: 120 })
    const scanned = await t.http.get('/api/v1/vehicles/scan').query({ code: car.code }).set(bearer(driver.token))
    expect(scanned.body).toMatchObject({ task: { id: requestId }, canStart: false })
    expect(scanned.body.startBlockedReason).toMatch(/还未到出车时间/)
    const refused = await start(driver.token, { code: car.code, odometerKm: 10_010 })
    expect([refused.status, refused.body.error.code]).toEqual([409, 'TRIP_TOO_EARLY'])
    expect(await tripsOf(requestId)).toHaveLength(0)
  })

  it('lets the driver start from 30 minutes before the window', async () => {
    const { car, driver, requestId } = await task({ startInMinutes: 25 })
    const started = await start(driver.token, { code: car.code, odometerKm: 10_000 })
    expect([started.status, started.body]).toEqual([201, startedTrip({ requestId, car, driver, odometerKm: 10_000 })])
    expect(await tripsOf(requestId)).toEqual([startedRow({ tripId: started.body.id, requestId, vehicleId: car.vehicleId, driverId: driver.driverId, odometerKm: 10_000 })])
    expect((await requestRow(requestId)).status).toBe('in_progress')
  })
})

describe('starting a trip', () => {
  it('starts once: the request is 执行中, history and the requester are told; a retry with the same key answers the same trip', async () => {
    const { car, driver, requestId, requesterUserId } = await task()
    const key = idempotencyKey()
    const started = await start(driver.token, { code: car.code, odometerKm: 10_020 }, key)
    expect([started.status, started.body]).toEqual([201, startedTrip({ requestId, car, driver, odometerKm: 10_020 })])
    expect(Math.abs(new Date(started.body.startedAt).getTime() - Date.now())).toBeLessThan(60_000)
    const retried = await start(driver.token, { code: car.code, odometerKm: 10_020 }, key)
    expect([retried.status, retried.body]).toEqual([201, started.body])
    const again = await start(driver.token, { code: car.code, odometerKm: 10_020 })
    expect([again.status, again.body.error.code]).toEqual([409, 'TRIP_ALREADY_RUNNING'])

    expect((await requestRow(requestId)).status).toBe('in_progress')
    expect(await tripsOf(requestId)).toEqual([{ ...startedRow({ tripId: started.body.id, requestId, vehicleId: car.vehicleId, driverId: driver.driverId, odometerKm: 10_020 }), startedAt: new Date(started.body.startedAt) }])
    const history = await t.database.db.select().from(vehicleRequestHistory).where(eq(vehicleRequestHistory.requestId, requestId))
    expect(history.map((h) => h.action)).toEqual(['trip_started'])
    expect(history[0].changes).toEqual([{ field: '状态', from: '已派车', to: '执行中' }, { field: '出车里程', from: null, to: '10020 公里' }])
    const told = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, requesterUserId), eq(notifications.title, '车辆已出发')))
    // it opens the request's page (packages/vehicle/pages/detail), not the form for a new request
    expect(told.map((row) => row.link)).toEqual([`/packages/vehicle/pages/detail/index?id=${requestId}`])

    const scanned = await t.http.get('/api/v1/vehicles/scan').query({ code: car.code }).set(bearer(driver.token))
    expect(scanned.body).toMatchObject({ task: { id: requestId, status: 'in_progress' }, trip: { id: started.body.id, status: 'in_progress' }, canStart: false })
  })

  it('only the dispatched driver may start', async () => {
    const { car, requestId } = await task()
    const otherDriver = await insertDriver(t)
    const notMine = await start(otherDriver.token, { code: car.code, odometerKm: 10_000 })
    expect([notMine.status, notMine.body.error.code]).toEqual([403, 'TRIP_NOT_YOUR_TASK'])
    const staff = await createUser(t, ['staff'])
    const notDriver = await start(staff.token, { code: car.code, odometerKm: 10_000 })
    expect([notDriver.status, notDriver.body.error.code]).toEqual([403, 'TRIP_NOT_YOUR_TASK'])
    expect(await tripsOf(requestId)).toHaveLength(0)
    expect((await requestRow(requestId)).status).toBe('dispatched')
  })

  it('a driver with nothing on this car gets TRIP_NO_TASK', async () => {
    const car = await insertVehicle(t)
    const driver = await insertDriver(t)
    const refused = await start(driver.token, { code: car.code, odometerKm: 10_000 })
    expect([refused.status, refused.body.error.code]).toEqual([409, 'TRIP_NO_TASK'])
  })

  it('refuses an odometer below the car\'s last reading, writing nothing', async () => {
    const { car, driver, requestId } = await task({ odometerKm: 50_000 })
    const refused = await start(driver.token, { code: car.code, odometerKm: 49_999 })
    expect([refused.status, refused.body.error.code]).toEqual([422, 'TRIP_ODOMETER_BACKWARDS'])
    expect(refused.body.error.details).toEqual({ lastOdometerKm: 50_000 })
    expect(await tripsOf(requestId)).toHaveLength(0)
    expect((await requestRow(requestId)).status).toBe('dispatched')
  })

  it('refuses a second start on a car with a trip in progress', async () => {
    const first = await task()
    expect((await start(first.driver.token, { code: first.car.code, odometerKm: 10_000 })).status).toBe(201)
    // a second task on the same car (overlapping: inserted directly, as a bad dispatch would)
    const driver2 = await insertDriver(t)
    const second = await insertDispatched(t, { vehicleId: first.car.vehicleId, driverId: driver2.driverId, startAt: minutesFromNow(-5), endAt: minutesFromNow(60) })
    const scanned = await t.http.get('/api/v1/vehicles/scan').query({ code: first.car.code }).set(bearer(driver2.token))
    expect(scanned.body).toMatchObject({ task: { id: second.requestId }, canStart: false, startBlockedReason: '本车上一趟行程尚未收车' })
    const refused = await start(driver2.token, { code: first.car.code, odometerKm: 10_000 })
    expect([refused.status, refused.body.error.code]).toEqual([409, 'TRIP_ALREADY_RUNNING'])
    expect(await tripsOf(second.requestId)).toHaveLength(0)
  })

  it('10 parallel starts of one task make one trip', async () => {
    const { car, driver, requestId } = await task()
    const responses = await Promise.all(Array.from({ length: 10 }, () => start(driver.token, { code: car.code, odometerKm: 10_000 })))
    expect(outcomes(responses)).toEqual({ '201': 1, '409 TRIP_ALREADY_RUNNING': 9 })
    expect(await tripsOf(requestId)).toHaveLength(1)
  })

  it('refuses a car in maintenance', async () => {
    const { car, driver, requestId } = await task()
    await t.database.db.update(vehicles).set({ status: 'maintenance' }).where(eq(vehicles.id, car.vehicleId))
    const refused = await start(driver.token, { code: car.code, odometerKm: 10_000 })
    expect([refused.status, refused.body.error.code]).toEqual([409, 'VEHICLE_UNAVAILABLE'])
    expect(await tripsOf(requestId)).toEqual([])
    expect((await requestRow(requestId)).status).toBe('dispatched')
  })
})

describe('finishing a trip', () => {
  async function running(o: { odometerKm?: number } = {}) {
    const setup = await task({ odometerKm: o.odometerKm ?? 20_000 })
    const started = await start(setup.driver.token, { code: setup.car.code, odometerKm: o.odometerKm ?? 20_000 })
    expect(started.status).toBe(201)
    return { ...setup, tripId: started.body.id as number }
  }

  it('finishes with costs: charge = km × rate + toll + parking + fuel; car odometer moves; request completed; the requester is asked to rate', async () => {
    const { car, driver, tripId, requestId, requesterUserId } = await running()
    await startedHoursAgo(tripId, 2)
    const done = await finish(driver.token, tripId, { odometerKm: 20_086, tollFen: 1_500, parkingFen: 800, fuelFen: 6_000, fuelLitres: 7.5 })
    const chargeFen = 86 * 150 + 1_500 + 800 + 6_000
    const costs = { endOdometerKm: 20_086, tollFen: 1_500, parkingFen: 800, fuelFen: 6_000, fuelLitres: 7.5, energyKwh: null, chargeFen }
    expect([done.status, done.body]).toEqual([
      200,
      { ...startedTrip({ requestId, car, driver, odometerKm: 20_000 }), id: tripId, startedAt: expect.any(String), status: 'finished', finishedAt: expect.any(String), distanceKm: 86, ...costs },
    ])
    const [vehicle] = await t.database.db.select().from(vehicles).where(eq(vehicles.id, car.vehicleId))
    expect(vehicle.lastOdometerKm).toBe(20_086)
    // the row: no longer running on the car, finished by its driver with the costs charged
    expect(await tripsOf(requestId)).toEqual([
      { ...startedRow({ tripId, requestId, vehicleId: car.vehicleId, driverId: driver.driverId, odometerKm: 20_000 }), runningVehicleId: null, status: 'finished', finishedAt: new Date(done.body.finishedAt), ...costs },
    ])
    expect((await requestRow(requestId)).status).toBe('completed')
    const history = await t.database.db.select().from(vehicleRequestHistory).where(eq(vehicleRequestHistory.requestId, requestId))
    expect(history.map((h) => h.action)).toEqual(['trip_started', 'trip_finished'])
    expect(history[1].changes).toContainEqual({ field: '行驶里程', from: null, to: '86 公里' })
    const rate = await t.database.db.select().from(notifications).where(and(eq(notifications.userId, requesterUserId), eq(notifications.title, '用车已完成，请评价')))
    expect(rate.map((row) => row.link)).toEqual([`/packages/vehicle/pages/detail/index?id=${requestId}`])

    const twice = await finish(driver.token, tripId, { odometerKm: 20_090 })
    expect([twice.status, twice.body.error.code]).toEqual([409, 'TRIP_NOT_RUNNING'])
    // the next trip on this car may not start below the last reading
    const next = await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, startAt: minutesFromNow(-1), endAt: minutesFromNow(60) })
    const backwards = await start(driver.token, { code: car.code, odometerKm: 20_085 })
    expect([backwards.status, backwards.body.error.code]).toEqual([422, 'TRIP_ODOMETER_BACKWARDS'])
    expect(await tripsOf(next.requestId)).toHaveLength(0)
  })

  it('refuses an odometer below the start reading, writing nothing', async () => {
    const { car, driver, tripId, requestId } = await running()
    const refused = await finish(driver.token, tripId, { odometerKm: 19_999 })
    expect([refused.status, refused.body.error.code]).toEqual([422, 'TRIP_ODOMETER_BACKWARDS'])
    expect(await tripsOf(requestId)).toEqual([startedRow({ tripId, requestId, vehicleId: car.vehicleId, driverId: driver.driverId, odometerKm: 20_000 })])
    expect((await requestRow(requestId)).status).toBe('in_progress')
  })

  it('refuses an implausible distance: over TRIP_MAX_KM, or faster than TRIP_MAX_AVG_KMH on average', async () => {
    const { car, driver, tripId, requestId } = await running()
    await startedHoursAgo(tripId, 20)
    const tooFar = await finish(driver.token, tripId, { odometerKm: 21_501 })
    expect([tooFar.status, tooFar.body.error.code]).toEqual([422, 'TRIP_DISTANCE_IMPLAUSIBLE'])
    expect(tooFar.body.error.message).toMatch(/请核对/)
    await startedHoursAgo(tripId, 1)
    const tooFast = await finish(driver.token, tripId, { odometerKm: 20_200 })
    expect([tooFast.status, tooFast.body.error.code]).toEqual([422, 'TRIP_DISTANCE_IMPLAUSIBLE'])
    expect(tooFast.body.error.details).toMatchObject({ distanceKm: 200, maxAvgKmh: 120 })
    expect(await tripsOf(requestId)).toEqual([startedRow({ tripId, requestId, vehicleId: car.vehicleId, driverId: driver.driverId, odometerKm: 20_000 })])
    // 120 km in an hour is plausible
    const done = await finish(driver.token, tripId, { odometerKm: 20_120 })
    expect([done.status, done.body.status, done.body.distanceKm]).toEqual([200, 'finished', 120])
    expect(await tripsOf(requestId)).toEqual([expect.objectContaining({ status: 'finished', runningVehicleId: null, endOdometerKm: 20_120, chargeFen: 120 * 150 })])
  })

  it('refuses finishing someone else\'s trip: 404 to whoever may not see it, TRIP_NOT_YOUR_TASK to those who do', async () => {
    const { tripId, requestId } = await running()
    const answer = (r: { status: number; body: { error?: { code: string; message: string } } }) => [r.status, r.body.error?.code, r.body.error?.message]
    const otherDriver = await insertDriver(t)
    const staff = await createUser(t, ['staff'])
    const missing = answer(await finish(staff.token, 999_999_999, { odometerKm: 20_010 }))
    expect(missing).toEqual([404, 'NOT_FOUND', '行程不存在'])
    expect(answer(await finish(otherDriver.token, tripId, { odometerKm: 20_010 }))).toEqual(missing)
    expect(answer(await finish(staff.token, tripId, { odometerKm: 20_010 }))).toEqual(missing)
    // the dispatcher sees the trip (through its request): told why not
    const dispatcher = await t.login('dispatcher1')
    expect((await t.http.get(`/api/v1/vehicle-requests/${requestId}`).set(bearer(dispatcher))).body.trip.id).toBe(tripId)
    const refused = await finish(dispatcher, tripId, { odometerKm: 20_010 })
    expect([refused.status, refused.body.error.code]).toEqual([403, 'TRIP_NOT_YOUR_TASK'])
    expect((await tripsOf(requestId))[0].status).toBe('in_progress')
    expect((await requestRow(requestId)).status).toBe('in_progress')
  })

  it('bad input is a 400 in Chinese and writes nothing', async () => {
    const { driver, tripId, requestId, car } = await running()
    for (const body of [{ odometerKm: 'abc' }, { odometerKm: -5 }, { odometerKm: 20_010.5 }, { odometerKm: 20_010, tollFen: -1 }, { odometerKm: 20_010, parkingFen: 1.5 }, { odometerKm: 20_010, fuelLitres: -2 }, {}]) {
      const refused = await finish(driver.token, tripId, body)
      expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
      expect(refused.body.error.details.issues[0].message).toMatch(/[\u4e00-\u9fa5]/)
    }
    const badStart = await start(driver.token, { code: car.code, odometerKm: '1e3' })
    expect([badStart.status, badStart.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect((await t.http.post('/api/v1/trips/abc/finish').set(bearer(driver.token)).send({ odometerKm: 1 })).status).toBe(400)
    const [trip] = await tripsOf(requestId)
    expect(trip).toMatchObject({ status: 'in_progress', endOdometerKm: null, tollFen: 0 })
  })
})
