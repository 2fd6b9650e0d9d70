import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey } from '../../../../test/factories'
import { createDriver, createUserOfUnit, createVehicle, hoursFromNow, insertRequest } from '../../../../test/vehicle-fleet'
import { VehicleRequestCreate } from '@egj/shared'
import type { AuthUser } from '../../../lib/auth'
import { VehicleRequestService } from './requests.service'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const body = (over: Record<string, unknown> = {}) => ({
  purpose: '赴高新区调研',
  origin: '市政府东门',
  destination: '高新区管委会',
  startAt: hoursFromNow(24).toISOString(),
  endAt: hoursFromNow(27).toISOString(),
  passengers: 3,
  vehicleType: 'business',
  ...over,
})
const create = (token: string, b: unknown = body(), key = idempotencyKey()) => t.http.post('/api/v1/vehicle-requests').set(bearer(token)).set('Idempotency-Key', key).send(b as object)
const get = (token: string, id: number) => t.http.get(`/api/v1/vehicle-requests/${id}`).set(bearer(token))
const post = (token: string, id: number, action: string, b: object = {}) => t.http.post(`/api/v1/vehicle-requests/${id}/${action}`).set(bearer(token)).send(b)
const inbox = async (token: string) => (await t.http.get('/api/v1/notifications').set(bearer(token))).body.items as { title: string; link: string }[]
async function countRequests(userId: number): Promise<number> {
  const [[row]] = (await t.database.pool.query('SELECT COUNT(*) AS n FROM vehicle_requests WHERE requester_user_id = ?', [userId])) as unknown as [{ n: number }[]]
  return Number(row.n)
}

/** A staff member and an approver of the same unit (市机关事务管理中心), a dispatcher. */
async function people() {
  const staff = await createUser(t, ['staff'], { name: '申请人甲' })
  const approver = await createUser(t, ['staff', 'approver'], { name: '审批人乙' })
  const dispatcher = await createUser(t, ['dispatcher'], { name: '调度员丙' })
  return { staff, approver, dispatcher }
}

describe('vehicle requests', () => {
  it('staff requests → the unit approver is told and approves → the dispatcher is told; history keeps who, when, old → new', async () => {
    const { staff, approver, dispatcher } = await people()
    const created = await create(staff.token)
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: expect.any(Number), status: 'pending_approval' })
    const id = created.body.id as number
    const link = `/packages/vehicle/pages/detail/index?id=${id}`
    expect(await inbox(approver.token)).toContainEqual(expect.objectContaining({ title: '用车申请待审批', link }))

    const waiting = await t.http.get('/api/v1/vehicle-requests').query({ as: 'approver', status: 'pending_approval' }).set(bearer(approver.token))
    expect(waiting.body.items.map((r: { id: number }) => r.id)).toContain(id)
    expect(waiting.body.items.find((r: { id: number }) => r.id === id).can).toEqual({ approve: true, cancel: false, dispatch: false, rate: false })

    const approved = await post(approver.token, id, 'approve')
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ id, status: 'approved', decidedBy: '审批人乙', requester: { id: staff.userId, name: '申请人甲', unitName: '市机关事务管理中心' }, vehicleType: 'business', passengers: 3 })
    expect(approved.body.history).toEqual([
      { at: expect.any(String), by: '申请人甲', action: 'created', changes: [{ field: '状态', from: null, to: '待审批' }], reason: null },
      { at: expect.any(String), by: '审批人乙', action: 'approved', changes: [{ field: '状态', from: '待审批', to: '待派车' }], reason: null },
    ])
    expect(await inbox(staff.token)).toContainEqual(expect.objectContaining({ title: '用车申请已同意', link }))
    expect(await inbox(dispatcher.token)).toContainEqual(expect.objectContaining({ title: '有新的待派车申请', link }))

    // the requester follows it; the dispatcher finds it in their list
    const mine = await get(staff.token, id)
    expect(mine.body.can).toEqual({ approve: false, cancel: true, dispatch: false, rate: false })
    const forDispatch = await t.http.get('/api/v1/vehicle-requests').query({ as: 'dispatcher', status: 'approved' }).set(bearer(dispatcher.token))
    expect(forDispatch.body.items.map((r: { id: number }) => r.id)).toContain(id)
    expect((await post(approver.token, id, 'approve')).body.error.code).toBe('VEHICLE_REQUEST_NOT_PENDING')
  })

  it('a retried create (same Idempotency-Key) answers the same request and writes one', async () => {
    const { staff } = await people()
    const key = idempotencyKey()
    const [a, b] = await Promise.all([create(staff.token, body(), key), create(staff.token, body(), key)])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(a.body.id).toBe(b.body.id)
    expect(await countRequests(staff.userId)).toBe(1)
  })

  it('a create retried after its start has passed gets the first 201 (the rule is checked after the key), a new one is refused', async () => {
    const { staff } = await people()
    const user = (await t.services.auth.authenticate(`Bearer ${staff.token}`)) as AuthUser
    const clock = { now: new Date() }
    const requests = new VehicleRequestService({ db: t.database.db, notifications: t.services.notifications, now: () => clock.now })
    const input = VehicleRequestCreate.parse(body({ startAt: hoursFromNow(1).toISOString(), endAt: hoursFromNow(3).toISOString() }))
    const key = idempotencyKey()
    const first = await requests.create(user, input, key)
    expect(first).toEqual({ id: expect.any(Number), status: 'pending_approval' })
    clock.now = new Date(input.startAt.getTime() + 10 * 60_000)
    expect(await requests.create(user, input, key)).toEqual(first)
    await expect(requests.create(user, input, idempotencyKey())).rejects.toMatchObject({ code: 'VEHICLE_WINDOW_PAST' })
    expect(await countRequests(staff.userId)).toBe(1)
  })

  it('only an approver of the requester’s unit decides; others are refused and nothing changes', async () => {
    const { staff, dispatcher } = await people()
    const id = (await create(staff.token)).body.id
    const otherApprover = await createUserOfUnit(t, '市发改委', ['staff', 'approver'], '发改委审批人')
    const colleague = await createUser(t, ['staff'])
    // another unit's approver may not see it: answered as for a request that does not exist
    const answer = (r: { status: number; body: { error?: { code: string; message: string } } }) => [r.status, r.body.error?.code, r.body.error?.message]
    const missing = answer(await post(otherApprover.token, 999_999_999, 'approve'))
    expect(missing).toEqual([404, 'NOT_FOUND', '用车申请不存在'])
    expect(answer(await post(otherApprover.token, id, 'approve'))).toEqual(missing)
    expect(answer(await post(otherApprover.token, id, 'reject', { reason: '不同意' }))).toEqual(missing)
    // an approver of another unit who dispatches sees it, and is told why not
    const dispatchingApprover = await createUserOfUnit(t, '市发改委', ['approver', 'dispatcher'], '发改委审批调度')
    const notApprover = await post(dispatchingApprover.token, id, 'approve')
    expect([notApprover.status, notApprover.body.error.code]).toEqual([403, 'VEHICLE_NOT_APPROVER'])
    expect((await post(colleague.token, id, 'approve')).status).toBe(403)
    expect((await post(dispatcher.token, id, 'approve')).status).toBe(403)
    // someone unrelated cannot see it at all
    expect([(await get(colleague.token, id)).status, (await get(otherApprover.token, id)).status]).toEqual([404, 404])
    expect((await get(staff.token, id)).body.status).toBe('pending_approval')
    // the other unit's approver list does not show it
    const theirs = await t.http.get('/api/v1/vehicle-requests').query({ as: 'approver' }).set(bearer(otherApprover.token))
    expect(theirs.body.items.map((r: { id: number }) => r.id)).not.toContain(id)
    expect((await t.http.get('/api/v1/vehicle-requests').query({ as: 'approver' }).set(bearer(colleague.token))).status).toBe(403)
    expect((await t.http.get('/api/v1/vehicle-requests').query({ as: 'dispatcher' }).set(bearer(staff.token))).status).toBe(403)
  })

  it('reject needs a reason, is kept in history and told to the requester', async () => {
    const { staff, approver } = await people()
    const id = (await create(staff.token)).body.id
    const noReason = await post(approver.token, id, 'reject', { reason: '  ' })
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const rejected = await post(approver.token, id, 'reject', { reason: '改为视频会议' })
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '改为视频会议', decidedBy: '审批人乙' })
    expect(rejected.body.history[1]).toMatchObject({ action: 'rejected', by: '审批人乙', reason: '改为视频会议', changes: [{ field: '状态', from: '待审批', to: '已驳回' }] })
    expect((await inbox(staff.token))[0]).toMatchObject({ title: '用车申请被驳回' })
    expect((await post(staff.token, id, 'cancel')).body.error.code).toBe('VEHICLE_CANNOT_CANCEL')
  })

  it('bad input: a clear 4xx in Chinese with a stable code, and nothing written', async () => {
    const { staff } = await people()
    const cases: [Record<string, unknown>, number, string][] = [
      [body({ startAt: '2026-02-31T09:00:00+08:00' }), 400, 'VALIDATION_FAILED'],
      [body({ startAt: hoursFromNow(27).toISOString(), endAt: hoursFromNow(24).toISOString() }), 400, 'VALIDATION_FAILED'],
      [body({ endAt: body().startAt }), 400, 'VALIDATION_FAILED'],
      [body({ startAt: hoursFromNow(24 * 31).toISOString(), endAt: hoursFromNow(24 * 31 + 2).toISOString() }), 422, 'VEHICLE_WINDOW_TOO_FAR'],
      [body({ startAt: hoursFromNow(-3).toISOString(), endAt: hoursFromNow(-1).toISOString() }), 422, 'VEHICLE_WINDOW_PAST'],
      [body({ passengers: 0 }), 400, 'VALIDATION_FAILED'],
      [body({ passengers: 999 }), 400, 'VALIDATION_FAILED'],
      [body({ passengers: '3' }), 400, 'VALIDATION_FAILED'],
      [body({ passengers: 2.5 }), 400, 'VALIDATION_FAILED'],
      [body({ purpose: '' }), 400, 'VALIDATION_FAILED'],
      [body({ vehicleType: 'tank' }), 400, 'VALIDATION_FAILED'],
      [body({ startAt: '2026-05-01 09:00' }), 400, 'VALIDATION_FAILED'],
      [{ junk: true }, 400, 'VALIDATION_FAILED'],
    ]
    for (const [b, status, code] of cases) {
      const response = await create(staff.token, b)
      expect([JSON.stringify(b).slice(0, 80), response.status, response.body.error?.code]).toEqual([JSON.stringify(b).slice(0, 80), status, code])
      expect(response.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    const junk = await t.http.post('/api/v1/vehicle-requests').set(bearer(staff.token)).set('Idempotency-Key', idempotencyKey()).set('content-type', 'application/json').send('{"purpose":')
    expect(junk.status).toBe(400)
    expect((await t.http.post('/api/v1/vehicle-requests').set(bearer(staff.token)).send(body())).body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED')
    expect((await get(staff.token, 0)).status).toBe(400)
    expect((await get(staff.token, 'abc' as unknown as number)).status).toBe(400)
    expect(await countRequests(staff.userId)).toBe(0)
    // 5 minutes of slack: a start a minute ago is "now"
    expect((await create(staff.token, body({ startAt: new Date(Date.now() - 60_000).toISOString() }))).status).toBe(201)
  })

  it('a driver or visitor without a unit cannot request; someone without the staff role neither', async () => {
    const noUnit = await createUser(t, ['staff'], { unit: false })
    expect((await create(noUnit.token)).status).toBe(403)
    const driver = await createDriver(t)
    expect((await create(driver.token)).status).toBe(403)
  })

  it('the requester cancels before the trip starts: the dispatched driver is told and the car is free again', async () => {
    const { staff, approver, dispatcher } = await people()
    const car = await createVehicle(t)
    const driver = await createDriver(t)
    const id = (await create(staff.token)).body.id
    await post(approver.token, id, 'approve')
    expect((await post(dispatcher.token, id, 'dispatch', { vehicleId: car.id, driverId: driver.driverId })).status).toBe(200)
    expect((await post(approver.token, id, 'cancel')).status).toBe(403) // sees it, may not cancel it
    const cancelled = await post(staff.token, id, 'cancel')
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    expect(cancelled.body.history.at(-1)).toMatchObject({ action: 'cancelled', by: '申请人甲', changes: [{ field: '状态', from: '已派车', to: '已取消' }] })
    expect(cancelled.body.can.cancel).toBe(false)
    expect((await inbox(driver.token))[0]).toMatchObject({ title: '出车任务已取消' })
    // the same car and driver for an overlapping request now succeed
    const other = await insertRequest(t, { requesterUserId: staff.userId, startAt: hoursFromNow(25), endAt: hoursFromNow(26) })
    expect((await post(dispatcher.token, other, 'dispatch', { vehicleId: car.id, driverId: driver.driverId })).status).toBe(200)
    expect((await post(staff.token, id, 'cancel')).body.error.code).toBe('VEHICLE_CANNOT_CANCEL')
    // a trip under way cannot be cancelled
    const running = await insertRequest(t, { requesterUserId: staff.userId, startAt: hoursFromNow(1), endAt: hoursFromNow(2), status: 'in_progress' })
    expect((await post(staff.token, running, 'cancel')).body.error.code).toBe('VEHICLE_CANNOT_CANCEL')
  })

  it('rates once, after the trip is completed', async () => {
    const { staff } = await people()
    const id = await insertRequest(t, { requesterUserId: staff.userId, startAt: hoursFromNow(1), endAt: hoursFromNow(2), status: 'dispatched' })
    expect((await post(staff.token, id, 'rating', { stars: 5 })).body.error.code).toBe('VEHICLE_CANNOT_RATE')
    await t.database.pool.query("UPDATE vehicle_requests SET status = 'completed' WHERE id = ?", [id])
    expect((await get(staff.token, id)).body.can.rate).toBe(true)
    expect((await post(staff.token, id, 'rating', { stars: 6 })).status).toBe(400)
    const rated = await post(staff.token, id, 'rating', { stars: 4, comment: '准时' })
    expect(rated.status).toBe(200)
    expect(rated.body).toMatchObject({ rating: { stars: 4, comment: '准时' }, can: { rate: false } })
    expect(rated.body.history.at(-1)).toMatchObject({ action: 'rated', changes: [{ field: '评价', from: null, to: '4 星' }], reason: '准时' })
    expect((await post(staff.token, id, 'rating', { stars: 1 })).body.error.code).toBe('VEHICLE_CANNOT_RATE')
  })

  it('lists page by cursor without gaps, newest first, filtered by status', async () => {
    const { staff } = await people()
    const ids: number[] = []
    for (let i = 0; i < 5; i++) ids.push((await create(staff.token)).body.id)
    const first = await t.http.get('/api/v1/vehicle-requests').query({ limit: 2 }).set(bearer(staff.token))
    const second = await t.http.get('/api/v1/vehicle-requests').query({ limit: 2, cursor: first.body.nextCursor }).set(bearer(staff.token))
    const third = await t.http.get('/api/v1/vehicle-requests').query({ limit: 2, cursor: second.body.nextCursor }).set(bearer(staff.token))
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((r: { id: number }) => r.id)).toEqual([...ids].reverse())
    expect(third.body.nextCursor).toBeNull()
    expect((await t.http.get('/api/v1/vehicle-requests').query({ status: 'approved' }).set(bearer(staff.token))).body.items).toEqual([])
    expect((await t.http.get('/api/v1/vehicle-requests').query({ as: 'boss' }).set(bearer(staff.token))).status).toBe(400)
    expect((await t.http.get('/api/v1/vehicle-requests').query({ cursor: 'x' }).set(bearer(staff.token))).status).toBe(400)
  })

  it('待办: requests to approve, to dispatch, the driver\'s trips today, the requester\'s car today', async () => {
    const { dispatcher } = await people()
    // a unit of their own, so other tests' requests do not count here
    const staff = await createUserOfUnit(t, '市财政局', ['staff'])
    const approver = await createUserOfUnit(t, '市财政局', ['staff', 'approver'])
    const todos = async (token: string) => ((await t.http.get('/api/v1/todos').set(bearer(token))).body.items as { kind: string; count: number; url: string }[]).filter((item) => item.kind.startsWith('vehicle.'))
    const id = (await create(staff.token)).body.id
    expect(await todos(approver.token)).toEqual([expect.objectContaining({ kind: 'vehicle.approve', count: 1, url: '/packages/vehicle/pages/list/index?tab=approver' })])
    await post(approver.token, id, 'approve')
    expect((await todos(approver.token)).find((item) => item.kind === 'vehicle.approve')).toBeUndefined()
    expect(await todos(dispatcher.token)).toContainEqual(expect.objectContaining({ kind: 'vehicle.dispatch', url: '/packages/dispatch/pages/board/index' }))
    // a car for today (already under way, so the window is in today's Shanghai day even a minute before midnight): the requester and the driver see it
    const car = await createVehicle(t)
    const driver = await createDriver(t)
    const today = await insertRequest(t, { requesterUserId: staff.userId, startAt: new Date(Date.now() - 60_000), endAt: new Date(Date.now() + 120_000), status: 'dispatched', vehicleId: car.id, driverId: driver.driverId })
    expect(await todos(staff.token)).toEqual([expect.objectContaining({ kind: 'vehicle.today', url: `/packages/vehicle/pages/detail/index?id=${today}` })])
    expect(await todos(driver.token)).toEqual([expect.objectContaining({ kind: 'vehicle.trip', url: `/packages/vehicle/pages/detail/index?id=${today}` })])
  })
})
