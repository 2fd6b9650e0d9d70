import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUser, idempotencyKey, outcomes } from '../../../../test/factories'
import { at, book, createRoom, dayFromNow } from '../../../../test/room-fixtures'
import { RoomBookingCancel, RoomBookingCreate } from '@egj/shared'
import type { AuthUser } from '../../../lib/auth'
import { createLogger } from '../../../lib/logger'
import { connectDatabase } from '../../../db/client'
import { testDatabaseUrl } from '../../../../test/databases'
import { statementsOf, withoutLogoutPoll } from '../../../../test/statements'
import { RoomBookingService } from './bookings.service'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const count = async (sql: string, params: unknown[]) => Number(((await t.database.pool.query(sql, params))[0] as { n: number }[])[0].n)
const bookingsOf = (roomId: number) => count('SELECT COUNT(*) AS n FROM room_bookings WHERE room_id = ?', [roomId])
const slotsOf = (roomId: number) => count('SELECT COUNT(*) AS n FROM room_slots WHERE room_id = ?', [roomId])

describe('the day view', () => {
  it('lists active rooms by capacity and equipment, with each busy slot', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t, { capacity: 150, equipment: ['projector', 'video'] })
    const small = await createRoom(t, { capacity: 20, equipment: ['projector', 'video'] })
    const noVideo = await createRoom(t, { capacity: 150, equipment: ['projector'] })
    const day = dayFromNow(2)
    expect((await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '周例会', attendeeCount: 8 })).status).toBe(201)
    const response = await t.http.get('/api/v1/rooms').query({ date: day, capacity: 120, equipment: 'video,projector' }).set(bearer(staff.token))
    expect(response.status).toBe(200)
    const item = response.body.items.find((r: { id: number }) => r.id === room.id)
    expect(item).toMatchObject({ capacity: 150, equipment: ['projector', 'video'], busy: [{ startAt: new Date(at(day, '10:00')).toISOString(), endAt: new Date(at(day, '11:00')).toISOString(), status: 'confirmed' }] })
    const items = response.body.items as { id: number; capacity: number; equipment: string[] }[]
    expect(items.map((r) => r.id)).not.toContain(small.id)
    expect(items.map((r) => r.id)).not.toContain(noVideo.id)
    expect(items.filter((r) => r.capacity < 120 || !r.equipment.includes('video') || !r.equipment.includes('projector'))).toEqual([])
    const bad = await t.http.get('/api/v1/rooms').query({ date: '2026-02-30' }).set(bearer(staff.token))
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('is one statement: every room listed (none busy: []), a meeting from the evening before that runs into the day, an ended one up to its end, never a cancelled one', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t, { capacity: 30, openFromMinute: 0, openToMinute: 1440 })
    const idle = await createRoom(t, { capacity: 30 })
    const day = dayFromNow(4)
    const insert = (startAt: string, endAt: string, status: string, endedAt: string | null = null) =>
      t.database.pool.query("INSERT INTO room_bookings (room_id, organiser_user_id, title, start_at, end_at, attendee_count, services, status, ended_at) VALUES (?, ?, '通宵值守', ?, ?, 5, '{}', ?, ?)", [
        room.id,
        staff.userId,
        new Date(startAt),
        new Date(endAt),
        status,
        endedAt ? new Date(endAt.replace(/T.*/, endedAt)) : null,
      ])
    await insert(at(dayFromNow(3), '22:00'), at(day, '02:00'), 'confirmed')
    await insert(at(day, '09:00'), at(day, '11:00'), 'ended', 'T09:30:00+08:00')
    await insert(at(day, '14:00'), at(day, '15:00'), 'cancelled')
    await t.http.get('/api/v1/me').set(bearer(staff.token)) // the pool's connections are open
    const { result: response, statements } = await statementsOf(() => t.http.get('/api/v1/rooms').query({ date: day, capacity: 30 }).set(bearer(staff.token)))
    expect(response.status).toBe(200)
    expect(withoutLogoutPoll(statements)).toHaveLength(1)
    const items = response.body.items as { id: number; busy: unknown[] }[]
    expect(items.find((r) => r.id === idle.id)?.busy).toEqual([])
    expect(items.find((r) => r.id === room.id)?.busy).toEqual([
      { startAt: new Date(at(dayFromNow(3), '22:00')).toISOString(), endAt: new Date(at(day, '02:00')).toISOString(), status: 'confirmed' },
      { startAt: new Date(at(day, '09:00')).toISOString(), endAt: new Date(at(day, '09:30')).toISOString(), status: 'ended' },
    ])
  })
})

describe('no double booking', () => {
  const race = async (apps: TestApp[], n: number) => {
    const users = await Promise.all(Array.from({ length: 4 }, () => createUser(t, ['staff'])))
    const room = await createRoom(t)
    const day = dayFromNow(3)
    const responses = await Promise.all(
      Array.from({ length: n }, (_v, i) =>
        apps[i % apps.length].http
          .post('/api/v1/room-bookings')
          .set(bearer(users[i % users.length].token))
          .set('Idempotency-Key', idempotencyKey())
          .send({ roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: `抢订 ${i}`, attendeeCount: 5 }),
      ),
    )
    return { room, responses }
  }

  it('100 parallel bookings of one slot: exactly one 201, 99 × 409 ROOM_SLOT_TAKEN naming the winner', async () => {
    const { room, responses } = await race([t], 100)
    expect(outcomes(responses)).toEqual({ '201': 1, '409 ROOM_SLOT_TAKEN': 99 })
    const winner = responses.find((r) => r.status === 201)!
    const winnerTitle = (await t.http.get(`/api/v1/room-bookings/${winner.body.id}`).set(bearer(await t.login('admin')))).body.title
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.body.error.details.conflicts).toEqual([expect.objectContaining({ title: winnerTitle, organiserUnit: '市机关事务管理中心' })])
      expect(r.body.error.message).toContain(winnerTitle)
    }
    expect(await bookingsOf(room.id)).toBe(1)
    expect(await slotsOf(room.id)).toBe(12)
  })

  it('the same across two BFF instances on one database', async () => {
    const second = await startTestApp()
    try {
      const { room, responses } = await race([t, second], 100)
      expect(outcomes(responses)).toEqual({ '201': 1, '409 ROOM_SLOT_TAKEN': 99 })
      expect(await bookingsOf(room.id)).toBe(1)
    } finally {
      await second.close()
    }
  })

  it('intervals are half-open: 10–11 and 11–12 both book; 10:55–11:05 does not', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(2)
    expect((await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '上午会', attendeeCount: 3 })).status).toBe(201)
    expect((await book(t, staff.token, { roomId: room.id, startAt: at(day, '11:00'), endAt: at(day, '12:00'), title: '中午会', attendeeCount: 3 })).status).toBe(201)
    const clash = await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:55'), endAt: at(day, '11:05'), title: '插队', attendeeCount: 3 })
    expect([clash.status, clash.body.error.code]).toEqual([409, 'ROOM_SLOT_TAKEN'])
    expect(clash.body.error.details.conflicts.map((c: { title: string }) => c.title).sort()).toEqual(['上午会', '中午会'])
  })

  it('offers the nearest free slots in the room and other free rooms with enough seats', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t, { capacity: 20 })
    const bigger = await createRoom(t, { capacity: 9000 })
    const day = dayFromNow(2)
    await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '先到', attendeeCount: 3 })
    const clash = await book(t, staff.token, { roomId: room.id, startAt: at(day, '10:30'), endAt: at(day, '11:30'), title: '后到', attendeeCount: 3 })
    expect([clash.status, clash.body.error.code]).toEqual([409, 'ROOM_SLOT_TAKEN'])
    const suggestions = clash.body.error.details.suggestions
    expect(suggestions.slice(0, 3).map((s: { roomId: number; startAt: string }) => [s.roomId, s.startAt])).toEqual([
      [room.id, new Date(at(day, '11:00')).toISOString()],
      [room.id, new Date(at(day, '09:00')).toISOString()],
      [room.id, new Date(at(day, '11:05')).toISOString()],
    ])
    const other = await book(t, staff.token, { roomId: room.id, startAt: suggestions[0].startAt, endAt: suggestions[0].endAt, title: '后到', attendeeCount: 3 })
    expect(other.status).toBe(201)
    // other rooms: free for the wanted slot, big enough (capacity ≥ attendees)
    const big = await book(t, staff.token, { roomId: bigger.id, startAt: at(day, '14:00'), endAt: at(day, '15:00'), title: '大会', attendeeCount: 8000 })
    expect(big.status).toBe(201)
    const clash2 = await book(t, staff.token, { roomId: bigger.id, startAt: at(day, '14:00'), endAt: at(day, '15:00'), title: '大会2', attendeeCount: 8000 })
    expect(clash2.body.error.details.suggestions.filter((s: { roomId: number }) => s.roomId !== bigger.id)).toEqual([])
  })

  it('a retry with the same Idempotency-Key books once and answers the same', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(2)
    const body = { roomId: room.id, startAt: at(day, '15:00'), endAt: at(day, '16:00'), title: '重试', attendeeCount: 3 }
    const key = idempotencyKey()
    const [a, b] = await Promise.all([book(t, staff.token, body, key), book(t, staff.token, body, key)])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(a.body).toEqual(b.body)
    expect(await bookingsOf(room.id)).toBe(1)
  })
})

describe('a retried booking is answered from its key, even when a rule would refuse it now', () => {
  it('the room was closed after the booking: the retry gets the first 201, a new booking is refused', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(2)
    const body = { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '关门前订的', attendeeCount: 3 }
    const key = idempotencyKey()
    const first = await book(t, staff.token, body, key)
    expect(first.status).toBe(201)
    const closed = await t.http.patch(`/api/v1/room-admin/rooms/${room.id}`).set(bearer(await t.login('admin'))).send({ status: 'disabled' })
    expect(closed.body.status).toBe('disabled')
    const retry = await book(t, staff.token, body, key)
    expect([retry.status, retry.body]).toEqual([201, first.body])
    const fresh = await book(t, staff.token, { ...body, startAt: at(day, '14:00'), endAt: at(day, '15:00') })
    expect([fresh.status, fresh.body.error.code]).toEqual([409, 'ROOM_UNAVAILABLE'])
    expect(await bookingsOf(room.id)).toBe(1)
  })

  it('a weekly series retried after its first meeting began: the first 201 with every occurrence, nothing booked twice', async () => {
    const staff = await createUser(t, ['staff'])
    const user = (await t.services.auth.authenticate(`Bearer ${staff.token}`)) as AuthUser
    const room = await createRoom(t)
    const clock = { now: new Date() }
    const bookings = new RoomBookingService({ db: t.database.db, qr: t.services.qr, notifications: t.services.notifications, log: createLogger('silent'), publicBaseUrl: t.env.PUBLIC_BASE_URL, now: () => clock.now })
    const week = (k: number) => dayFromNow(1 + 7 * k)
    const input = RoomBookingCreate.parse({ roomId: room.id, startAt: at(week(0), '10:00'), endAt: at(week(0), '11:00'), title: '周会', attendeeCount: 5, recurrence: { weeklyUntil: week(2) } })
    const key = idempotencyKey()
    const first = await bookings.create(user, input, key)
    expect(first.occurrences).toHaveLength(3)
    clock.now = new Date(new Date(at(week(0), '10:30')).getTime())
    expect(await bookings.create(user, input, key)).toEqual(first)
    await expect(bookings.create(user, input, idempotencyKey())).rejects.toMatchObject({ code: 'ROOM_IN_PAST' })
    expect(await bookingsOf(room.id)).toBe(3)
  })
})

describe('one Idempotency-Key sent 20 times at once', () => {
  const N = 20
  /** `{ 'status CODE': n }` without the outcomes that did not happen (outcomes() lists only those that did). */
  const happened = (expected: Record<string, number>) => Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0))

  it('a booking that succeeds: one booking, every answer 201 with its id', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(3)
    const key = idempotencyKey()
    const body = { roomId: room.id, startAt: at(day, '09:00'), endAt: at(day, '10:00'), title: '一键多发', attendeeCount: 3 }
    const responses = await Promise.all(Array.from({ length: N }, () => book(t, staff.token, body, key)))
    expect(outcomes(responses)).toEqual({ '201': N })
    const [[row]] = (await t.database.pool.query('SELECT MIN(id) AS id, COUNT(*) AS n FROM room_bookings WHERE room_id = ?', [room.id])) as unknown as [{ id: number; n: number }[]]
    expect(Number(row.n)).toBe(1)
    expect(new Set(responses.map((r) => r.body.id))).toEqual(new Set([row.id]))
  })

  it('a booking that fails: every answer is the rule\'s 409 or IDEMPOTENCY_KEY_IN_PROGRESS, never a 503', async () => {
    const [first, second] = await Promise.all([createUser(t, ['staff']), createUser(t, ['staff'])])
    const room = await createRoom(t)
    const day = dayFromNow(3)
    const body = { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '已被占', attendeeCount: 3 }
    expect((await book(t, first.token, body)).status).toBe(201)
    const key = idempotencyKey()
    const responses = await Promise.all(Array.from({ length: N }, () => book(t, second.token, body, key)))
    const taken = responses.filter((r) => r.body.error?.code === 'ROOM_SLOT_TAKEN').length
    // at least the first to take the key runs the booking and meets the taken slot
    expect(taken).toBeGreaterThanOrEqual(1)
    expect(outcomes(responses)).toEqual(happened({ '409 ROOM_SLOT_TAKEN': taken, '409 IDEMPOTENCY_KEY_IN_PROGRESS': N - taken }))
    // nothing written, not even the key: a later retry with it starts afresh
    expect(await bookingsOf(room.id)).toBe(1)
    expect(await count('SELECT COUNT(*) AS n FROM idempotency_keys WHERE idem_key = ?', [key])).toBe(0)
  })
})

describe('weekly series', () => {
  it('is all-or-nothing: every conflicting occurrence is listed and nothing is booked', async () => {
    const staff = await createUser(t, ['staff'])
    const other = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const first = dayFromNow(1)
    const week = (k: number) => dayFromNow(1 + 7 * k)
    await book(t, other.token, { roomId: room.id, startAt: at(week(2), '09:30'), endAt: at(week(2), '10:30'), title: '占用一', attendeeCount: 3 })
    await book(t, other.token, { roomId: room.id, startAt: at(week(4), '10:45'), endAt: at(week(4), '11:15'), title: '占用二', attendeeCount: 3 })
    const series = await book(t, staff.token, { roomId: room.id, startAt: at(first, '10:00'), endAt: at(first, '11:00'), title: '周会', attendeeCount: 5, recurrence: { weeklyUntil: week(5) } })
    expect(series.status).toBe(409)
    expect(series.body.error.code).toBe('ROOM_SLOT_TAKEN')
    expect(series.body.error.details.conflicts.map((c: { title: string; occurrenceStartAt: string }) => [c.occurrenceStartAt, c.title])).toEqual([
      [new Date(at(week(2), '10:00')).toISOString(), '占用一'],
      [new Date(at(week(4), '10:00')).toISOString(), '占用二'],
    ])
    expect(series.body.error.message).toContain('整个系列均未预订')
    expect(await count('SELECT COUNT(*) AS n FROM room_bookings WHERE organiser_user_id = ?', [staff.userId])).toBe(0)
    expect(await count('SELECT COUNT(*) AS n FROM room_series WHERE organiser_user_id = ?', [staff.userId])).toBe(0)
    expect(await slotsOf(room.id)).toBe(12 + 6)
  })

  it('editing "all" keeps occurrence 4 moved and occurrence 6 cancelled (series of 10)', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t, { horizonDays: 120 })
    const week = (k: number) => dayFromNow(1 + 7 * k)
    const created = await book(t, staff.token, { roomId: room.id, startAt: at(week(0), '10:00'), endAt: at(week(0), '11:00'), title: '周例会', attendeeCount: 5, recurrence: { weeklyUntil: week(9) } })
    expect(created.status).toBe(201)
    const ids: number[] = created.body.occurrences.map((o: { id: number }) => o.id)
    expect(ids).toHaveLength(10)
    const patch = (id: number, body: Record<string, unknown>) => t.http.patch(`/api/v1/room-bookings/${id}`).set(bearer(staff.token)).send(body)
    const moved = await patch(ids[3], { scope: 'this', startAt: at(week(3), '14:00'), endAt: at(week(3), '15:30') })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ detached: true, startAt: new Date(at(week(3), '14:00')).toISOString() })
    const cancelled = await t.http.post(`/api/v1/room-bookings/${ids[5]}/cancel`).set(bearer(staff.token)).send({ scope: 'this' })
    expect(cancelled.body.status).toBe('cancelled')

    const all = await patch(ids[0], { scope: 'all', startAt: at(week(0), '08:30'), endAt: at(week(0), '09:30'), title: '周例会（调整）' })
    expect(all.status).toBe(200)
    const byId = new Map(all.body.series.occurrences.map((o: { id: number }) => [o.id, o]))
    for (const [k, id] of ids.entries()) {
      const o = byId.get(id) as { startAt: string; endAt: string; status: string }
      if (k === 3) expect(o).toMatchObject({ startAt: new Date(at(week(3), '14:00')).toISOString(), endAt: new Date(at(week(3), '15:30')).toISOString(), status: 'confirmed' })
      else if (k === 5) expect(o).toMatchObject({ startAt: new Date(at(week(5), '10:00')).toISOString(), status: 'cancelled' })
      else expect(o).toMatchObject({ startAt: new Date(at(week(k), '08:30')).toISOString(), endAt: new Date(at(week(k), '09:30')).toISOString(), status: 'confirmed' })
    }
    // slots follow: 8 × 12 at the new time, 4's 18 at its own, none for 6
    expect(await slotsOf(room.id)).toBe(8 * 12 + 18)
    const fourth = await t.http.get(`/api/v1/room-bookings/${ids[3]}`).set(bearer(staff.token))
    expect(fourth.body).toMatchObject({ title: '周例会（调整）', detached: true })

    // "following" from occurrence 8 moves 8–10 only
    const following = await patch(ids[7], { scope: 'following', startAt: at(week(7), '16:00'), endAt: at(week(7), '17:00') })
    expect(following.status).toBe(200)
    const after = new Map(following.body.series.occurrences.map((o: { id: number; startAt: string }) => [o.id, o.startAt]))
    expect(after.get(ids[6])).toBe(new Date(at(week(6), '08:30')).toISOString())
    expect(after.get(ids[9])).toBe(new Date(at(week(9), '16:00')).toISOString())

    // cancel "all" ends the rest; nothing holds the room afterwards
    const gone = await t.http.post(`/api/v1/room-bookings/${ids[1]}/cancel`).set(bearer(staff.token)).send({ scope: 'all' })
    expect(gone.status).toBe(200)
    expect(await slotsOf(room.id)).toBe(0)
  })

  it('a series edit into a taken slot is refused whole, listing the conflict', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const week = (k: number) => dayFromNow(1 + 7 * k)
    const created = await book(t, staff.token, { roomId: room.id, startAt: at(week(0), '10:00'), endAt: at(week(0), '11:00'), title: '系列', attendeeCount: 5, recurrence: { weeklyUntil: week(2) } })
    await book(t, staff.token, { roomId: room.id, startAt: at(week(2), '15:00'), endAt: at(week(2), '16:00'), title: '挡路', attendeeCount: 5 })
    const response = await t.http.patch(`/api/v1/room-bookings/${created.body.id}`).set(bearer(staff.token)).send({ scope: 'all', startAt: at(week(0), '15:00'), endAt: at(week(0), '16:00') })
    expect(response.status).toBe(409)
    expect(response.body.error.details.conflicts).toEqual([expect.objectContaining({ title: '挡路', occurrenceStartAt: new Date(at(week(2), '15:00')).toISOString() })])
    const still = await t.http.get(`/api/v1/room-bookings/${created.body.id}`).set(bearer(staff.token))
    expect(still.body.series.occurrences.map((o: { startAt: string }) => o.startAt)).toEqual([0, 1, 2].map((k) => new Date(at(week(k), '10:00')).toISOString()))
    expect(await slotsOf(room.id)).toBe(3 * 12 + 12)
  })
})

describe('approval', () => {
  it('a hall that needs approval holds the slot as pending; rejection frees it at once', async () => {
    const staff = await createUser(t, ['staff'])
    const approver = await createUser(t, ['staff', 'approver'])
    const hall = await createRoom(t, { capacity: 200, requiresApproval: true })
    const day = dayFromNow(5)
    const body = { roomId: hall.id, startAt: at(day, '09:00'), endAt: at(day, '12:00'), title: '全市工作会议', attendeeCount: 150 }
    const pending = await book(t, staff.token, body)
    expect(pending.body).toMatchObject({ status: 'pending_approval' })
    const taken = await book(t, approver.token, body)
    expect([taken.status, taken.body.error.code]).toEqual([409, 'ROOM_SLOT_TAKEN'])
    const queue = await t.http.get('/api/v1/room-bookings').query({ as: 'approver' }).set(bearer(approver.token))
    expect(queue.body.items.map((b: { id: number }) => b.id)).toContain(pending.body.id)
    const notApprover = [await t.http.get('/api/v1/room-bookings').query({ as: 'approver' }).set(bearer(staff.token)), await t.http.post(`/api/v1/room-bookings/${pending.body.id}/approve`).set(bearer(staff.token))]
    expect(notApprover.map((r) => [r.status, r.body.error.code])).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
    ])
    const rejected = await t.http.post(`/api/v1/room-bookings/${pending.body.id}/reject`).set(bearer(approver.token)).send({ reason: '当天礼堂检修' })
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '当天礼堂检修' })
    expect(await slotsOf(hall.id)).toBe(0)
    const again = await book(t, approver.token, body)
    expect(again.status).toBe(201)
    const approved = await t.http.post(`/api/v1/room-bookings/${again.body.id}/approve`).set(bearer(approver.token))
    expect(approved.body).toMatchObject({ status: 'confirmed', decidedBy: '测试用户' })
    const twice = await t.http.post(`/api/v1/room-bookings/${again.body.id}/approve`).set(bearer(approver.token))
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('ROOM_BOOKING_NOT_PENDING')
    // each decision is told on the booking's own page (packages/room/pages/detail)
    const [told] = await t.database.pool.query('SELECT user_id AS userId, title, link FROM notifications WHERE user_id IN (?, ?) ORDER BY id', [staff.userId, approver.userId])
    expect(told).toEqual([
      { userId: staff.userId, title: '会议室预订未通过', link: `/packages/room/pages/detail/index?id=${pending.body.id}` },
      { userId: approver.userId, title: '会议室预订已通过', link: `/packages/room/pages/detail/index?id=${again.body.id}` },
    ])
  })

  it('two approvals racing for overlapping pending bookings (rows that predate the slots): one approved, one refused', async () => {
    const approver = await createUser(t, ['approver'])
    const other = await createUser(t, ['approver'])
    const staff = await createUser(t, ['staff'])
    const hall = await createRoom(t, { requiresApproval: true })
    const day = dayFromNow(6)
    // the approvers answer for their own unit's bookings: the organiser's unit is on the row
    const organiserUnitId = ((await t.database.pool.query('SELECT unit_id AS unitId FROM users WHERE id = ?', [staff.userId]))[0] as { unitId: number }[])[0].unitId
    const legacy = (title: string, from: string, to: string) => ({ roomId: hall.id, organiserUserId: staff.userId, organiserUnitId, title, startAt: new Date(at(day, from)), endAt: new Date(at(day, to)), attendeeCount: 10, services: {}, status: 'pending_approval' as const })
    const { roomBookings } = await import('../../../db/schema')
    await t.database.db.insert(roomBookings).values([legacy('旧申请一', '09:00', '11:00'), legacy('旧申请二', '10:00', '12:00')])
    const ids = ((await t.database.pool.query('SELECT id FROM room_bookings WHERE room_id = ? ORDER BY id', [hall.id]))[0] as { id: number }[]).map((r) => r.id)
    const responses = await Promise.all([
      t.http.post(`/api/v1/room-bookings/${ids[0]}/approve`).set(bearer(approver.token)),
      t.http.post(`/api/v1/room-bookings/${ids[1]}/approve`).set(bearer(other.token)),
    ])
    expect(outcomes(responses)).toEqual({ '200': 1, '409 ROOM_SLOT_TAKEN': 1 })
    expect(await count("SELECT COUNT(*) AS n FROM room_bookings WHERE room_id = ? AND status = 'confirmed'", [hall.id])).toBe(1)
  })
})

describe('the rules', () => {
  it('grid, open hours, past, horizon, 12 h and capacity: 4xx with a stable code, nothing written', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t, { capacity: 20 })
    const wide = await createRoom(t, { openFromMinute: 0, openToMinute: 1440 })
    const day = dayFromNow(2)
    const base = { roomId: room.id, title: '规则', attendeeCount: 5 }
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, startAt: at(day, '10:03'), endAt: at(day, '11:00') }, 422, 'ROOM_OFF_GRID'],
      [{ ...base, startAt: at(day, '07:30'), endAt: at(day, '09:00') }, 422, 'ROOM_OUTSIDE_HOURS'],
      [{ ...base, startAt: at(day, '17:30'), endAt: at(day, '18:30') }, 422, 'ROOM_OUTSIDE_HOURS'],
      [{ ...base, startAt: at(dayFromNow(-1), '10:00'), endAt: at(dayFromNow(-1), '11:00') }, 422, 'ROOM_IN_PAST'],
      [{ ...base, startAt: at(dayFromNow(61), '10:00'), endAt: at(dayFromNow(61), '11:00') }, 422, 'ROOM_TOO_FAR'],
      [{ ...base, roomId: wide.id, startAt: at(day, '06:00'), endAt: at(day, '18:05') }, 422, 'ROOM_TOO_LONG'],
      [{ ...base, attendeeCount: 25, startAt: at(day, '10:00'), endAt: at(day, '11:00') }, 409, 'ROOM_OVER_CAPACITY'],
      [{ ...base, startAt: at(day, '11:00'), endAt: at(day, '10:00') }, 400, 'VALIDATION_FAILED'],
      [{ ...base, title: '', startAt: at(day, '10:00'), endAt: at(day, '11:00') }, 400, 'VALIDATION_FAILED'],
      [{ ...base, startAt: '2026-13-01T10:00', endAt: at(day, '11:00') }, 400, 'VALIDATION_FAILED'],
      [{ ...base, roomId: 99_999_999, startAt: at(day, '10:00'), endAt: at(day, '11:00') }, 404, 'NOT_FOUND'],
      [{ ...base, startAt: at(day, '10:00'), endAt: at(day, '11:00'), recurrence: { weeklyUntil: dayFromNow(90) } }, 422, 'ROOM_SERIES_TOO_LONG'],
    ]
    for (const [body, status, code] of cases) {
      const response = await book(t, staff.token, body)
      expect([JSON.stringify(body), response.status, response.body.error?.code]).toEqual([JSON.stringify(body), status, code])
      expect(response.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect(await bookingsOf(room.id)).toBe(0)
    expect(await bookingsOf(wide.id)).toBe(0)
    const noKey = await t.http.post('/api/v1/room-bookings').set(bearer(staff.token)).send({ ...base, startAt: at(day, '10:00'), endAt: at(day, '11:00') })
    expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED')
    const confirmed = await book(t, staff.token, { ...base, attendeeCount: 25, confirmOverCapacity: true, startAt: at(day, '10:00'), endAt: at(day, '11:00') })
    expect(confirmed.status).toBe(201)
    const disabled = await createRoom(t, { status: 'disabled' })
    const closed = await book(t, staff.token, { ...base, roomId: disabled.id, startAt: at(day, '10:00'), endAt: at(day, '11:00') })
    expect([closed.status, closed.body.error.code]).toEqual([409, 'ROOM_UNAVAILABLE'])
  })

  it('only the organiser (or an admin) changes or cancels; to a stranger the booking does not exist', async () => {
    const owner = await createUser(t, ['staff'])
    const stranger = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(2)
    const created = await book(t, owner.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '我的会', attendeeCount: 5 })
    const id = created.body.id as number
    const answer = (r: { status: number; body: { error?: { code: string; message: string } } }) => [r.status, r.body.error?.code, r.body.error?.message]
    // a stranger is answered as for a booking that does not exist: the same as its GET
    const missing = answer(await t.http.get('/api/v1/room-bookings/999999999').set(bearer(stranger.token)))
    expect(missing).toEqual([404, 'NOT_FOUND', '预订不存在'])
    expect(answer(await t.http.get(`/api/v1/room-bookings/${id}`).set(bearer(stranger.token)))).toEqual(missing)
    expect(answer(await t.http.post(`/api/v1/room-bookings/${id}/cancel`).set(bearer(stranger.token)).send({}))).toEqual(missing)
    expect(answer(await t.http.patch(`/api/v1/room-bookings/${id}`).set(bearer(stranger.token)).send({ title: '改名' }))).toEqual(missing)
    expect(answer(await t.http.post(`/api/v1/room-bookings/${id}/end`).set(bearer(stranger.token)).send({}))).toEqual(missing)
    // those who read it (meeting service, the unit's approver) are told why not
    for (const who of [await t.login('huiwu1'), await t.login('lisi')]) {
      expect((await t.http.get(`/api/v1/room-bookings/${id}`).set(bearer(who))).status).toBe(200)
      const refused = await t.http.post(`/api/v1/room-bookings/${id}/cancel`).set(bearer(who)).send({})
      expect([refused.status, refused.body.error.code]).toEqual([403, 'ROOM_NOT_ORGANISER'])
    }
    const untouched = await t.http.get(`/api/v1/room-bookings/${id}`).set(bearer(owner.token))
    expect(untouched.body).toMatchObject({ status: 'confirmed', title: '我的会' })
    const byAdmin = await t.http.post(`/api/v1/room-bookings/${created.body.id}/cancel`).set(bearer(await t.login('admin'))).send({})
    expect(byAdmin.body.status).toBe('cancelled')
    expect(await count('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND title = ?', [owner.userId, '会议室预订已被取消'])).toBe(1)
    const again = await t.http.post(`/api/v1/room-bookings/${created.body.id}/cancel`).set(bearer(owner.token)).send({})
    expect([again.status, again.body.error.code]).toEqual([409, 'ROOM_BOOKING_CLOSED'])
    expect((await book(t, stranger.token, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '接着用', attendeeCount: 5 })).status).toBe(201)
  })
})

describe('files', () => {
  it('the nameplate sheet: one big name per A4 card, escaped', async () => {
    const staff = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(2)
    const created = await book(t, staff.token, { roomId: room.id, startAt: at(day, '14:00'), endAt: at(day, '15:00'), title: '座谈会', attendeeCount: 3, services: { nameplates: ['张三', '欧阳<b>娜娜'] } })
    const sheet = await t.http.get(`/api/v1/room-bookings/${created.body.id}/nameplates`).set(bearer(await t.login('huiwu1')))
    expect(sheet.status).toBe(200)
    expect(sheet.headers['content-type']).toMatch(/text\/html/)
    expect(sheet.text).toContain('size: A4')
    expect(sheet.text.match(/class="card"/g)).toHaveLength(2)
    expect(sheet.text).toContain('欧阳&#60;b&#62;娜娜')
    expect(sheet.text).not.toContain('<b>娜娜')
  })
})

describe('待办', () => {
  it('approvers see bookings waiting for them; the item opens 待我审批 (packages/room/pages/mine?as=approver)', async () => {
    const staff = await createUser(t, ['staff'])
    const hall = await createRoom(t, { requiresApproval: true })
    const day = dayFromNow(3)
    await book(t, staff.token, { roomId: hall.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '待批', attendeeCount: 3 })
    const todos = await t.http.get('/api/v1/todos').set(bearer(await t.login('lisi')))
    expect(todos.body.items.filter((item: { kind: string }) => item.kind === 'room.approve')).toEqual([expect.objectContaining({ title: '会议室待审批', url: '/packages/room/pages/mine/index?as=approver', urgent: true })])
  })

  it('my meetings today: check in when the door opens for it, else 今日会议; not ended, cancelled, tomorrow\'s or someone else\'s', async () => {
    const staff = await createUser(t, ['staff'])
    const other = await createUser(t, ['staff'])
    const user = (await t.services.auth.authenticate(`Bearer ${staff.token}`)) as AuthUser
    const otherUser = (await t.services.auth.authenticate(`Bearer ${other.token}`)) as AuthUser
    const room = await createRoom(t)
    const hall = await createRoom(t, { requiresApproval: true })
    const day = dayFromNow(1)
    const clock = { now: new Date(at(day, '07:00')) }
    const bookings = new RoomBookingService({ db: t.database.db, qr: t.services.qr, notifications: t.services.notifications, log: createLogger('silent'), publicBaseUrl: t.env.PUBLIC_BASE_URL, now: () => clock.now })
    const create = (who: AuthUser, roomId: number, title: string, from: string, to: string, on = day) =>
      bookings.create(who, RoomBookingCreate.parse({ roomId, title, startAt: at(on, from), endAt: at(on, to), attendeeCount: 3 }), idempotencyKey())
    await create(user, room.id, '早会', '08:00', '08:30')
    const morning = await create(user, room.id, '晨会', '09:00', '10:00')
    const cancelled = await create(user, room.id, '取消的会', '11:00', '12:00')
    await bookings.cancel(user, cancelled.id, RoomBookingCancel.parse({}))
    const pending = await create(user, hall.id, '专题会', '14:00', '15:00')
    await create(user, room.id, '明天的会', '09:00', '10:00', dayFromNow(2))
    await create(otherUser, room.id, '别人的会', '16:00', '17:00')

    clock.now = new Date(at(day, '08:55'))
    const meeting = { kind: 'room.meeting', title: '今日会议', subtitle: `14:00 ${hall.name} · 专题会（待审批）`, count: 1, url: expect.stringContaining(`id=${pending.id}`), urgent: false }
    expect(await bookings.todos(user)).toEqual([
      { kind: 'room.check-in', title: '会议签到', subtitle: `09:00 ${room.name} · 晨会`, count: 1, url: expect.stringContaining(encodeURIComponent(t.services.qr.token('r', room.id))), urgent: true },
      meeting,
    ])
    // checked in: still today's meeting, no longer a check-in
    await t.database.pool.query('UPDATE room_bookings SET checked_in_at = ? WHERE id = ?', [clock.now, morning.id])
    expect(await bookings.todos(user)).toEqual([{ ...meeting, subtitle: `09:00 ${room.name} · 晨会`, url: expect.stringContaining(`id=${morning.id}`) }, meeting])
    clock.now = new Date(at(day, '15:00'))
    expect(await bookings.todos(user)).toEqual([])
  })

  it('reads only my own meetings, however many bookings the day has (it runs on every home load)', async () => {
    const staff = await createUser(t, ['staff'])
    const others = await createUser(t, ['staff'])
    const room = await createRoom(t)
    const day = dayFromNow(1)
    const start = new Date(at(day, '09:00')).getTime()
    const { roomBookings } = await import('../../../db/schema')
    const meeting = (organiserUserId: number, k: number) => ({ roomId: room.id, organiserUserId, title: `会 ${k}`, startAt: new Date(start + k * 60_000), endAt: new Date(start + k * 60_000 + 3_600_000), attendeeCount: 3, services: {}, status: 'confirmed' as const })
    // no slots: the 待办 read does not look at them
    await t.database.db.insert(roomBookings).values([...Array.from({ length: 300 }, (_v, k) => meeting(others.userId, k)), meeting(staff.userId, 0), meeting(staff.userId, 60)])
    // one connection, so the session's handler counters are the provider's reads
    const probe = connectDatabase(testDatabaseUrl(), 1)
    try {
      const rowsRead = async () => {
        const [rows] = await probe.pool.query("SHOW SESSION STATUS WHERE Variable_name IN ('Handler_read_first', 'Handler_read_key', 'Handler_read_next', 'Handler_read_rnd_next')")
        return (rows as { Value: string }[]).reduce((n, row) => n + Number(row.Value), 0)
      }
      const bookings = new RoomBookingService({ db: probe.db, qr: t.services.qr, notifications: t.services.notifications, log: createLogger('silent'), publicBaseUrl: t.env.PUBLIC_BASE_URL, now: () => new Date(at(day, '08:00')) })
      const user = (await t.services.auth.authenticate(`Bearer ${staff.token}`)) as AuthUser
      const before = await rowsRead()
      const items = await bookings.todos(user)
      const read = (await rowsRead()) - before
      expect(items.map((item) => item.subtitle)).toEqual([`09:00 ${room.name} · 会 0`, `10:00 ${room.name} · 会 60`])
      // my two rows and their room (about 5 reads; 600+ when it read the whole day)
      expect(read).toBeLessThan(40)
    } finally {
      await probe.close()
      // the 300 would be the no-show job's and 会务's work in the tests that follow on this database
      await t.database.pool.query('DELETE FROM room_bookings WHERE room_id = ?', [room.id])
    }
  })
})
