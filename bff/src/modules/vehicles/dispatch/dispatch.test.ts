import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, outcomes } from '../../../../test/factories'
import { statementsOf, withoutLogoutPoll } from '../../../../test/statements'
import { createDriver, createVehicle, hoursFromNow, insertRequest } from '../../../../test/vehicle-fleet'

let t: TestApp
let dispatcher: { userId: number; token: string }
let staff: { userId: number; token: string }
beforeAll(async () => {
  t = await startTestApp()
  dispatcher = await createUser(t, ['dispatcher'], { name: '调度员丙' })
  staff = await createUser(t, ['staff'], { name: '申请人甲' })
})
afterAll(() => t.close())

const dispatch = (id: number, b: object, token = dispatcher.token) => t.http.post(`/api/v1/vehicle-requests/${id}/dispatch`).set(bearer(token)).send(b)
const inbox = async (token: string) => (await t.http.get('/api/v1/notifications').set(bearer(token))).body.items as { title: string; link: string }[]
/** An approved request tomorrow, `from`–`to` hours from now. */
const approved = (from = 24, to = 27, passengers = 2) => insertRequest(t, { requesterUserId: staff.userId, startAt: hoursFromNow(from), endAt: hoursFromNow(to), passengers })

/** Overlapping dispatched requests of one car or one driver: must be none, ever. */
/** requests made before this file ran belong to other specs in this worker's database (some insert overlapping rows on purpose) */
let firstRequestId = 0
beforeAll(async () => {
  const [[row]] = (await t.database.pool.query('SELECT COALESCE(MAX(id), 0) + 1 AS next FROM vehicle_requests')) as unknown as [{ next: number }[]]
  firstRequestId = Number(row.next)
})
async function doubleBookings(): Promise<unknown[]> {
  const [rows] = await t.database.pool.query(
    `SELECT a.id AS a, b.id AS b FROM vehicle_requests a JOIN vehicle_requests b ON a.id < b.id
      AND (a.vehicle_id = b.vehicle_id OR a.driver_id = b.driver_id) AND a.start_at < b.end_at AND b.start_at < a.end_at
     WHERE a.status IN ('dispatched','in_progress') AND b.status IN ('dispatched','in_progress') AND a.id >= ? AND b.id >= ?`,
    [firstRequestId, firstRequestId],
  )
  return rows as unknown[]
}
afterEach(async () => {
  expect(await doubleBookings()).toEqual([])
})

describe('dispatch', () => {
  it('assigns a car and a driver: history, the requester and the driver are told, the driver sees the task (only theirs)', async () => {
    const car = await createVehicle(t, { seats: 7, type: 'business' })
    const driver = await createDriver(t, { name: '驾驶员王' })
    const otherDriver = await createDriver(t)
    const id = await approved()
    const response = await dispatch(id, { vehicleId: car.id, driverId: driver.driverId })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({ id, status: 'dispatched', vehicle: { id: car.id, plateNo: car.plateNo, type: 'business', seats: 7 }, driver: { id: driver.driverId, userId: driver.userId, name: '驾驶员王' }, dispatchedAt: expect.any(String) })
    expect(response.body.history.at(-1)).toEqual({
      at: expect.any(String),
      by: '调度员丙',
      action: 'dispatched',
      changes: [
        { field: '状态', from: '待派车', to: '已派车' },
        { field: '车辆', from: null, to: car.plateNo },
        { field: '驾驶员', from: null, to: '驾驶员王' },
      ],
      reason: null,
    })
    const link = `/packages/vehicle/pages/detail/index?id=${id}`
    expect(await inbox(staff.token)).toContainEqual(expect.objectContaining({ title: '已为您派车', link }))
    expect((await inbox(driver.token))[0]).toMatchObject({ title: '新的出车任务', link })
    const seen = await t.http.get(`/api/v1/vehicle-requests/${id}`).set(bearer(driver.token))
    expect([seen.status, seen.body.can]).toEqual([200, { approve: false, cancel: false, dispatch: false, rate: false }])
    const answer = (r: { status: number; body: { error?: { code: string } } }) => [r.status, r.body.error?.code]
    expect(answer(await t.http.get(`/api/v1/vehicle-requests/${id}`).set(bearer(otherDriver.token)))).toEqual([404, 'NOT_FOUND'])
    // staff and drivers cannot dispatch; a request not approved cannot be dispatched
    expect(answer(await dispatch(id, { vehicleId: car.id, driverId: driver.driverId }, staff.token))).toEqual([403, 'FORBIDDEN'])
    expect(answer(await dispatch(id, { vehicleId: car.id, driverId: driver.driverId }, driver.token))).toEqual([403, 'FORBIDDEN'])
    const pending = await insertRequest(t, { requesterUserId: staff.userId, startAt: hoursFromNow(30), endAt: hoursFromNow(31), status: 'pending_approval' })
    expect(answer(await dispatch(pending, { vehicleId: car.id, driverId: driver.driverId }))).toEqual([409, 'VEHICLE_REQUEST_NOT_DISPATCHABLE'])
    expect(answer(await dispatch(999_999_999, { vehicleId: car.id, driverId: driver.driverId }))).toEqual([404, 'NOT_FOUND'])
    expect(answer(await dispatch(id, { vehicleId: 999_999_999, driverId: driver.driverId, reason: 'x' }))).toEqual([404, 'NOT_FOUND'])
    for (const bad of [{}, { vehicleId: 0, driverId: 1 }, { vehicleId: '1', driverId: 1 }, { vehicleId: 1.5, driverId: 1 }]) {
      expect([JSON.stringify(bad), ...answer(await dispatch(id, bad))]).toEqual([JSON.stringify(bad), 400, 'VALIDATION_FAILED'])
    }
    // none of the refusals changed the dispatch
    expect((await t.http.get(`/api/v1/vehicle-requests/${id}`).set(bearer(dispatcher.token))).body).toMatchObject({ status: 'dispatched', vehicle: { id: car.id }, driver: { id: driver.driverId } })
  })

  it('20 parallel dispatches of one car to 20 overlapping requests: exactly one succeeds', async () => {
    const car = await createVehicle(t)
    const spare = await createVehicle(t)
    const requests = await Promise.all(Array.from({ length: 20 }, (_v, i) => approved(48 + (i % 2), 50 + (i % 3))))
    const drivers = await Promise.all(requests.map(() => createDriver(t)))
    const responses = await Promise.all(requests.map((id, i) => dispatch(id, { vehicleId: car.id, driverId: drivers[i].driverId })))
    expect(outcomes(responses)).toEqual({ '200': 1, '409 VEHICLE_BUSY': 19 })
    const winner = responses.find((r) => r.status === 200)!.body.id
    const refused = responses.find((r) => r.status === 409)!
    expect(refused.body.error.details.conflict).toMatchObject({ requestId: winner })
    // the cars offered instead: the spare one, not the one just taken
    const offered = refused.body.error.details.free.vehicles.map((v: { id: number }) => v.id)
    expect(offered).toContain(spare.id)
    expect(offered).not.toContain(car.id)
    const [[count]] = (await t.database.pool.query("SELECT COUNT(*) AS n FROM vehicle_requests WHERE vehicle_id = ? AND status = 'dispatched'", [car.id])) as unknown as [{ n: number }[]]
    expect(Number(count.n)).toBe(1)
  })

  it('20 parallel dispatches of one driver with 20 cars: exactly one succeeds', async () => {
    const driver = await createDriver(t)
    const spare = await createDriver(t)
    const requests = await Promise.all(Array.from({ length: 20 }, () => approved(72, 75)))
    const cars = await Promise.all(requests.map(() => createVehicle(t)))
    const responses = await Promise.all(requests.map((id, i) => dispatch(id, { vehicleId: cars[i].id, driverId: driver.driverId })))
    expect(outcomes(responses)).toEqual({ '200': 1, '409 DRIVER_BUSY': 19 })
    const refused = responses.find((r) => r.status === 409)!
    const offered = refused.body.error.details.free.drivers.map((d: { id: number }) => d.id)
    expect(offered).toContain(spare.driverId)
    expect(offered).not.toContain(driver.driverId)
    const [[count]] = (await t.database.pool.query("SELECT COUNT(*) AS n FROM vehicle_requests WHERE driver_id = ? AND status = 'dispatched'", [driver.driverId])) as unknown as [{ n: number }[]]
    expect(Number(count.n)).toBe(1)
  })

  it('refuses a car in maintenance or retired, too few seats, an off-duty driver — offering what is free', async () => {
    const free = await createVehicle(t, { seats: 5 })
    const freeDriver = await createDriver(t)
    const driver = await createDriver(t)
    const id = await approved(96, 98, 4)
    for (const status of ['maintenance', 'retired'] as const) {
      const car = await createVehicle(t, { status })
      const response = await dispatch(id, { vehicleId: car.id, driverId: driver.driverId })
      expect([response.status, response.body.error.code]).toEqual([409, 'VEHICLE_UNAVAILABLE'])
      expect(response.body.error.details.free.vehicles.map((v: { id: number }) => v.id)).toContain(free.id)
      expect(response.body.error.details.free.vehicles.map((v: { id: number }) => v.id)).not.toContain(car.id)
    }
    const small = await createVehicle(t, { seats: 3 })
    const tooSmall = await dispatch(id, { vehicleId: small.id, driverId: driver.driverId })
    expect([tooSmall.status, tooSmall.body.error.code]).toEqual([409, 'VEHICLE_TOO_FEW_SEATS'])
    const offered = tooSmall.body.error.details.free.vehicles as { id: number; seats: number }[]
    expect(offered.map((v) => v.id)).toContain(free.id)
    expect(offered.map((v) => v.id)).not.toContain(small.id)
    expect(offered.filter((v) => v.seats < 4)).toEqual([])
    const offDuty = await createDriver(t, { onDuty: false })
    const off = await dispatch(id, { vehicleId: free.id, driverId: offDuty.driverId })
    expect([off.status, off.body.error.code]).toEqual([409, 'DRIVER_OFF_DUTY'])
    expect(off.body.error.details.free.drivers.map((d: { id: number }) => d.id)).toEqual(expect.arrayContaining([freeDriver.driverId, driver.driverId]))
    expect(off.body.error.details.free.drivers.map((d: { id: number }) => d.id)).not.toContain(offDuty.driverId)
    const [[row]] = (await t.database.pool.query('SELECT status, vehicle_id AS vehicleId FROM vehicle_requests WHERE id = ?', [id])) as unknown as [{ status: string; vehicleId: number | null }[]]
    expect(row).toEqual({ status: 'approved', vehicleId: null })
    // the options endpoint offers the same
    const options = await t.http.get(`/api/v1/vehicle-requests/${id}/dispatch-options`).set(bearer(dispatcher.token))
    expect(options.body.vehicles.map((v: { id: number }) => v.id)).toContain(free.id)
    expect(options.body.vehicles.map((v: { id: number }) => v.id)).not.toContain(small.id)
    expect(options.body.drivers.map((d: { id: number }) => d.id)).toEqual(expect.arrayContaining([freeDriver.driverId, driver.driverId]))
    expect(options.body.drivers.map((d: { id: number }) => d.id)).not.toContain(offDuty.driverId)
    const forbidden = await t.http.get(`/api/v1/vehicle-requests/${id}/dispatch-options`).set(bearer(staff.token))
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN'])
  })

  it('a busy car or driver is refused with the conflicting window; a window that only touches is fine', async () => {
    const car = await createVehicle(t)
    const driver = await createDriver(t)
    const first = await approved(120, 122)
    expect((await dispatch(first, { vehicleId: car.id, driverId: driver.driverId })).status).toBe(200)
    const overlapping = await approved(121, 123)
    const otherDriver = await createDriver(t)
    const busy = await dispatch(overlapping, { vehicleId: car.id, driverId: otherDriver.driverId })
    expect([busy.status, busy.body.error.code]).toEqual([409, 'VEHICLE_BUSY'])
    expect(busy.body.error.details.conflict).toEqual({ requestId: first, startAt: hoursFromNow(120).toISOString(), endAt: hoursFromNow(122).toISOString() })
    const otherCar = await createVehicle(t)
    const driverBusy = await dispatch(overlapping, { vehicleId: otherCar.id, driverId: driver.driverId })
    expect([driverBusy.status, driverBusy.body.error.code]).toEqual([409, 'DRIVER_BUSY'])
    expect(driverBusy.body.error.details.conflict.requestId).toBe(first)
    expect(driverBusy.body.error.details.free.vehicles.map((v: { id: number }) => v.id)).toContain(otherCar.id)
    // back to back (ends at 122, starts at 122) is no overlap
    const next = await approved(122, 124)
    expect((await dispatch(next, { vehicleId: car.id, driverId: driver.driverId })).status).toBe(200)
  })

  it('reassigning needs a reason; history shows old → new; the old driver is told', async () => {
    const car = await createVehicle(t)
    const driver = await createDriver(t, { name: '原驾驶员' })
    const id = await approved(144, 146)
    await dispatch(id, { vehicleId: car.id, driverId: driver.driverId })
    const newCar = await createVehicle(t)
    const newDriver = await createDriver(t, { name: '新驾驶员' })
    const noReason = await dispatch(id, { vehicleId: newCar.id, driverId: newDriver.driverId })
    expect([noReason.status, noReason.body.error.code]).toEqual([422, 'VEHICLE_REASSIGN_REASON_REQUIRED'])
    expect((await dispatch(id, { vehicleId: newCar.id, driverId: newDriver.driverId, reason: '   ' })).body.error.code).toBe('VEHICLE_REASSIGN_REASON_REQUIRED')
    // a zero-width space shows nothing either
    const invisible = await dispatch(id, { vehicleId: newCar.id, driverId: newDriver.driverId, reason: '\u200b\u2060' })
    expect([invisible.status, invisible.body.error.code]).toEqual([422, 'VEHICLE_REASSIGN_REASON_REQUIRED'])
    const reassigned = await dispatch(id, { vehicleId: newCar.id, driverId: newDriver.driverId, reason: '原车临时送修' })
    expect(reassigned.status).toBe(200)
    expect(reassigned.body).toMatchObject({ status: 'dispatched', vehicle: { id: newCar.id }, driver: { id: newDriver.driverId } })
    const [[row]] = (await t.database.pool.query('SELECT status, vehicle_id AS vehicleId, driver_id AS driverId FROM vehicle_requests WHERE id = ?', [id])) as unknown as [{ status: string; vehicleId: number; driverId: number }[]]
    expect(row).toEqual({ status: 'dispatched', vehicleId: newCar.id, driverId: newDriver.driverId })
    expect(reassigned.body.history.at(-1)).toEqual({
      at: expect.any(String),
      by: '调度员丙',
      action: 'reassigned',
      changes: [
        { field: '车辆', from: car.plateNo, to: newCar.plateNo },
        { field: '驾驶员', from: '原驾驶员', to: '新驾驶员' },
      ],
      reason: '原车临时送修',
    })
    expect((await inbox(driver.token))[0]).toMatchObject({ title: '出车任务已改派' })
    expect((await inbox(newDriver.token))[0]).toMatchObject({ title: '新的出车任务' })
    // the old car is free for that window again
    const other = await approved(144, 146)
    expect((await dispatch(other, { vehicleId: car.id, driverId: driver.driverId })).status).toBe(200)
    // once the trip runs, no more reassigning
    await t.database.pool.query("UPDATE vehicle_requests SET status = 'in_progress' WHERE id = ?", [id])
    const running = await dispatch(id, { vehicleId: car.id, driverId: driver.driverId, reason: '再改' })
    expect([running.status, running.body.error.code]).toEqual([409, 'VEHICLE_REQUEST_NOT_DISPATCHABLE'])
  })

  /** what a failed count shows: how many, and which */
  const listed = (statements: string[]) => `${statements.length} statements:\n${statements.map((s) => s.slice(0, 100)).join('\n')}`
  it('a dispatch is at most 11 statements, pushes included; a reassignment at most 12', async () => {
    const requester = await createUser(t, ['staff'], { name: '申请人乙' })
    const car = await createVehicle(t)
    const driver = await createDriver(t, { name: '驾驶员推送' })
    // both have push accounts: their pushes are written with the dispatch
    const openid = (userId: number) => `o_dispatch_${userId}_${Date.now()}`
    for (const userId of [requester.userId, driver.userId]) await t.database.pool.query('UPDATE users SET wechat_openid = ?, dingtalk_user_id = ? WHERE id = ?', [openid(userId), `ding_${userId}_${Date.now()}`, userId])
    const id = await insertRequest(t, { requesterUserId: requester.userId, startAt: hoursFromNow(220), endAt: hoursFromNow(222) })
    await t.http.get('/api/v1/me').set(bearer(dispatcher.token)) // the pool's connections are open and prepared statements known
    const { result, statements: sent } = await statementsOf(() => dispatch(id, { vehicleId: car.id, driverId: driver.driverId }))
    const statements = withoutLogoutPoll(sent)
    expect(result.status).toBe(200)
    const [pushes] = (await t.database.pool.query(
      // this request's people only: another spec file's visit may have the same id in its link
      'SELECT n.user_id AS userId, n.title, d.channel FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.link LIKE ? AND n.user_id IN (?)',
      [`%?id=${id}`, [requester.userId, driver.userId]],
    )) as unknown as [{ userId: number; title: string; channel: string }[]]
    const byPerson = (a: { userId: number; channel: string }, b: { userId: number; channel: string }) => a.userId - b.userId || a.channel.localeCompare(b.channel)
    expect(pushes.sort(byPerson)).toEqual(
      [
        { userId: requester.userId, title: '已为您派车', channel: 'wechat' },
        { userId: requester.userId, title: '已为您派车', channel: 'dingtalk' },
        { userId: driver.userId, title: '新的出车任务', channel: 'wechat' },
        { userId: driver.userId, title: '新的出车任务', channel: 'dingtalk' },
      ].sort(byPerson),
    )
    expect(statements.length <= 11 ? 'ok' : listed(statements)).toBe('ok')

    const newCar = await createVehicle(t)
    const newDriver = await createDriver(t)
    const reassign = await statementsOf(() => dispatch(id, { vehicleId: newCar.id, driverId: newDriver.driverId, reason: '改派测试' }))
    expect(reassign.result.status).toBe(200)
    const reassigned = withoutLogoutPoll(reassign.statements)
    expect(reassigned.length <= 12 ? 'ok' : listed(reassigned)).toBe('ok')
  })

  it('the board: waiting requests (any date, soonest first) and the day’s dispatched ones; every car with its code and every driver with their commitments', async () => {
    const car = await createVehicle(t, { seats: 9, type: 'minibus' })
    const retired = await createVehicle(t, { status: 'retired' })
    const driver = await createDriver(t, { name: '看板驾驶员' })
    const dispatched = await approved(168, 170)
    await dispatch(dispatched, { vehicleId: car.id, driverId: driver.driverId })
    const waitingLater = await approved(200, 201)
    const waitingSooner = await approved(190, 191)
    const date = new Date(hoursFromNow(168).getTime() + 8 * 3600_000).toISOString().slice(0, 10) // the Shanghai day of that window's start
    const board = await t.http.get('/api/v1/dispatch/board').query({ date }).set(bearer(dispatcher.token))
    expect(board.status).toBe(200)
    const ids = board.body.requests.map((r: { id: number }) => r.id)
    expect(ids.indexOf(waitingSooner)).toBeLessThan(ids.indexOf(waitingLater))
    expect(ids).toContain(dispatched)
    expect(board.body.requests.find((r: { id: number }) => r.id === waitingSooner).can.dispatch).toBe(true)
    const boardCar = board.body.vehicles.find((v: { id: number }) => v.id === car.id)
    expect(boardCar).toMatchObject({ plateNo: car.plateNo, type: 'minibus', seats: 9, status: 'active', unitName: '市机关事务管理中心', code: car.code })
    expect(boardCar.code).toMatch(/\/q\/v\//)
    expect(boardCar.commitments).toEqual([{ requestId: dispatched, startAt: hoursFromNow(168).toISOString(), endAt: hoursFromNow(170).toISOString(), status: 'dispatched', destination: '高新区' }])
    expect(board.body.vehicles.map((v: { id: number }) => v.id)).toContain(car.id)
    expect(board.body.vehicles.map((v: { id: number }) => v.id)).not.toContain(retired.id)
    expect(board.body.drivers.find((d: { id: number }) => d.id === driver.driverId)).toMatchObject({ name: '看板驾驶员', onDuty: true, commitments: [expect.objectContaining({ requestId: dispatched })] })
    const forbidden = await t.http.get('/api/v1/dispatch/board').query({ date }).set(bearer(staff.token))
    expect([forbidden.status, forbidden.body.error.code]).toEqual([403, 'FORBIDDEN'])
    for (const bad of ['2026-02-31', '2026-13-01', 'today', '']) {
      const response = await t.http.get('/api/v1/dispatch/board').query({ date: bad }).set(bearer(dispatcher.token))
      expect([bad, response.status, response.body.error.code]).toEqual([bad, 400, 'VALIDATION_FAILED'])
    }
  })
})
