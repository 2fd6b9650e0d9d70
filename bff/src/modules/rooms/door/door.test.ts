import { JobRunner } from '../../../lib/jobs'
import { createLogger } from '../../../lib/logger'
import type { AuthUser } from '../../../lib/auth'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey } from '../../../../test/factories'
import { at, book, createRoom, dayFromNow } from '../../../../test/room-fixtures'
import { RoomBookingService } from '../bookings/bookings.service'
import { RoomDoorService } from './door.service'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const MIN = 60_000
const count = async (sql: string, params: unknown[]) => Number(((await t.database.pool.query(sql, params))[0] as { n: number }[])[0].n)

/** The services as the app builds them, on a clock the test moves. */
function onClock(start: Date) {
  const clock = { now: start }
  const now = () => clock.now
  const deps = { db: t.database.db, qr: t.services.qr, notifications: t.services.notifications, log: createLogger('silent'), publicBaseUrl: t.env.PUBLIC_BASE_URL, now }
  return { clock, bookings: new RoomBookingService(deps), door: new RoomDoorService({ db: t.database.db, qr: t.services.qr, now }) }
}

async function authUser(userId: number): Promise<AuthUser> {
  const [rows] = await t.database.pool.query('SELECT u.id, u.name, u.unit_id AS unitId, un.name AS unitName FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.id = ?', [userId])
  const row = (rows as { id: number; name: string; unitId: number; unitName: string }[])[0]
  const [roles] = await t.database.pool.query('SELECT role FROM user_roles WHERE user_id = ?', [userId])
  return { id: row.id, name: row.name, unit: { id: row.unitId, name: row.unitName }, roles: (roles as { role: AuthUser['roles'][number] }[]).map((r) => r.role), sessionId: 0 }
}

describe('the door code', () => {
  it('shows the room, its day, now / next, and the booking I may check in to', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(1)
    const created = await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '晨会', attendeeCount: 5, services: { nameplates: ['张三'] } })
    await book(t, staff.token, { roomId: room.id, startAt: at(day, '14:00'), endAt: at(day, '15:00'), title: '午后会', attendeeCount: 5 })
    const { door } = onClock(new Date(new Date(at(day, '10:05')).getTime()))
    const user = await authUser(staff.userId)
    const page = await door.door(user, room.code)
    expect(page).toMatchObject({ room: { id: room.id, name: room.name }, now: { id: created.body.id, title: '晨会' }, next: { title: '午后会' }, checkInFor: created.body.id })
    expect(page.day.map((d) => d.title)).toEqual(['晨会', '午后会'])
    // a stranger at the door sees what is on, not the names on the nameplates
    const stranger = await authUser((await createUser(t, ['staff'])).userId)
    const seen = await door.door(stranger, room.code)
    expect(seen).toMatchObject({ now: { title: '晨会', services: {} }, checkInFor: null })

    const http = await t.http.get('/api/v1/rooms/door').query({ code: room.code }).set(bearer(staff.token))
    expect(http.status).toBe(200)
    expect(http.body.room.id).toBe(room.id)
    const short = await t.http.get('/api/v1/rooms/door').query({ code: t.services.qr.shortCode('r', room.id) }).set(bearer(staff.token))
    expect(short.body.room.id).toBe(room.id)
    const forged = await t.http.get('/api/v1/rooms/door').query({ code: room.code.replace(/\/q\/r\/(\d+)\./, (_m, id) => `/q/r/${Number(id) + 1}.`) }).set(bearer(staff.token))
    expect([forged.status, forged.body.error.code]).toEqual([400, 'QR_FORGED'])
    const meal = await t.http.get('/api/v1/rooms/door').query({ code: t.services.qr.url('m', room.id) }).set(bearer(staff.token))
    expect(meal.body.error.code).toBe('QR_INVALID')
  })

  it('check-in: from 10 minutes before the start to 15 after, by the organiser, once', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(1)
    const start = new Date(at(day, '10:00'))
    const created = await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '签到测试', attendeeCount: 5 })
    const user = await authUser(staff.userId)
    const { clock, door } = onClock(new Date(start.getTime() - 11 * MIN))
    await expect(door.checkIn(user, room.code)).rejects.toMatchObject({ code: 'ROOM_CHECK_IN_CLOSED' })
    const other = await authUser((await createUser(t, ['staff'])).userId)
    clock.now = new Date(start.getTime() - 10 * MIN)
    await expect(door.checkIn(other, room.code)).rejects.toMatchObject({ code: 'ROOM_NO_BOOKING_TO_CHECK_IN' })
    const first = await door.checkIn(user, room.code)
    expect(first).toMatchObject({ booking: { id: created.body.id, checkedInAt: clock.now.toISOString() }, checkedInAt: clock.now.toISOString() })
    clock.now = new Date(start.getTime() + 5 * MIN)
    const second = await door.checkIn(user, room.code)
    expect(second.checkedInAt).toBe(first.checkedInAt)

    const late = await createRoom(t)
    await book(t, staff.token, { roomId: late.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '迟到', attendeeCount: 5 })
    clock.now = new Date(start.getTime() + 15 * MIN)
    await expect(door.checkIn(user, late.code)).rejects.toMatchObject({ code: 'ROOM_CHECK_IN_CLOSED' })
    clock.now = new Date(start.getTime() + 14 * MIN)
    expect((await door.checkIn(user, late.code)).booking.title).toBe('迟到')
  })

  it('ending early frees the rest of the slot', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(1)
    const created = await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '12:00'), title: '长会', attendeeCount: 5 })
    const { bookings } = onClock(new Date(new Date(at(day, '10:42')).getTime()))
    const user = await authUser(staff.userId)
    const ended = await bookings.end(user, created.body.id)
    expect(ended).toMatchObject({ status: 'ended', endedAt: new Date(at(day, '10:42')).toISOString() })
    expect(await count('SELECT COUNT(*) AS n FROM room_slots WHERE room_id = ?', [room.id])).toBe(9)
    const next = await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:45'), endAt: at(day, '12:00'), title: '接着开', attendeeCount: 5 })
    expect(next.status).toBe(201)
    const view = await t.http.get('/api/v1/rooms').query({ date: day }).set(bearer(staff.token))
    expect(view.body.items.find((r: { id: number }) => r.id === room.id).busy).toEqual([
      { startAt: new Date(at(day, '10:00')).toISOString(), endAt: new Date(at(day, '10:45')).toISOString(), status: 'ended' },
      { startAt: new Date(at(day, '10:45')).toISOString(), endAt: new Date(at(day, '12:00')).toISOString(), status: 'confirmed' },
    ])
  })
})

describe('the no-show job (real job runner, test clock)', () => {
  const tick = async (runner: JobRunner) => {
    await t.database.pool.query("UPDATE job_schedule SET next_run_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE name = 'rooms.release-no-shows'")
    return runner.tick()
  }

  it('releases a booking nobody checked in to; a series with 3 no-shows in a row loses the rest', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const user = await authUser(staff.userId)
    const week = (k: number) => dayFromNow(1 + 7 * k)
    const { clock, bookings, door } = onClock(new Date())
    const runner = new JobRunner(t.database, createLogger('silent'), 'test-rooms')
    bookings.registerJobs(runner)
    const series = await bookings.create(user, { roomId: room.id, startAt: new Date(at(week(0), '10:00')), endAt: new Date(at(week(0), '11:00')), title: '周例会', attendeeCount: 5, recurrence: { weeklyUntil: week(5) }, confirmOverCapacity: false }, idempotencyKey())
    const ids = series.occurrences!.map((o) => o.id)
    expect(ids).toHaveLength(6)
    const startOf = (k: number) => new Date(at(week(k), '10:00')).getTime()
    const statusOf = async (id: number) => ((await t.database.pool.query('SELECT status, no_show FROM room_bookings WHERE id = ?', [id]))[0] as { status: string; no_show: number }[])[0]

    // 14 minutes after the start: not yet
    clock.now = new Date(startOf(0) + 14 * MIN)
    expect(await tick(runner)).toEqual(['rooms.release-no-shows'])
    expect((await statusOf(ids[0])).status).toBe('confirmed')
    clock.now = new Date(startOf(0) + 15 * MIN)
    await tick(runner)
    expect(await statusOf(ids[0])).toEqual({ status: 'released', no_show: 1 })
    expect(await count('SELECT COUNT(*) AS n FROM room_slots WHERE booking_id = ?', [ids[0]])).toBe(0)
    expect(await count("SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND title = '会议室预订已释放'", [staff.userId])).toBe(1)

    // week 2 checked in: not a no-show, and it breaks the run
    clock.now = new Date(startOf(1) - 5 * MIN)
    await door.checkIn(user, room.code)
    clock.now = new Date(startOf(1) + 30 * MIN)
    await tick(runner)
    expect((await statusOf(ids[1])).status).toBe('confirmed')

    for (const k of [2, 3]) {
      clock.now = new Date(startOf(k) + 16 * MIN)
      await tick(runner)
      expect((await statusOf(ids[k])).status).toBe('released')
    }
    // two in a row so far: the series stands
    expect((await statusOf(ids[4])).status).toBe('confirmed')
    clock.now = new Date(startOf(4) + 16 * MIN)
    await tick(runner)
    expect((await statusOf(ids[4])).status).toBe('released')
    expect((await statusOf(ids[5])).status).toBe('cancelled')
    expect(await count('SELECT COUNT(*) AS n FROM room_slots WHERE room_id = ?', [room.id])).toBe(12) // week 2's, checked in
    expect(await count("SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND title = '周期会议已取消'", [staff.userId])).toBe(1)
  })
})
