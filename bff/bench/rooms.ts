import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'
import { inTransaction, pairMet, runScenario, type Scenario, type WorkPool } from './pairs'

const DAY_MS = 86_400_000
const SLOT_MS = 5 * 60_000
const ROOMS = 50
/** a year of history: 4 one-hour meetings per room per day, days −335 … +29 */
const HISTORY_FROM = -335
const HISTORY_TO = 30
const SEEDED_HOURS = [9, 11, 14, 16]

export interface RoomBenchSetup {
  roomIds: number[]
  today: string
  bookings: number
  slots: number
}

/** 50 rooms and a year of bookings with their slots, inserted straight (multi-row INSERTs). */
export async function prepareRoomBench(databaseUrl: string): Promise<RoomBenchSetup> {
  const conn = await mysql.createConnection({ uri: databaseUrl, timezone: 'Z' })
  try {
    await conn.query("SET time_zone = '+00:00'")
    const [[user]] = (await conn.query("SELECT id, unit_id FROM users WHERE username = 'zhangsan'")) as unknown as [{ id: number; unit_id: number }[]]
    const roomRows = Array.from({ length: ROOMS }, (_v, i) => [`压测会议室${i + 1}`, `${1 + (i % 5)}号楼`, `${1 + (i % 10)}楼`, 10 + (i % 20) * 10, JSON.stringify(i % 2 ? ['projector', 'mic'] : ['video']), '[]', 0, 1440, 0, 90])
    const [inserted] = (await conn.query('INSERT INTO rooms (name, building, floor, capacity, equipment, photos, open_from_minute, open_to_minute, requires_approval, horizon_days) VALUES ?', [roomRows])) as unknown as [{ insertId: number }]
    const roomIds = Array.from({ length: ROOMS }, (_v, i) => inserted.insertId + i)
    const today = shanghaiDate(new Date())
    const todayStart = shanghaiDayStart(today).getTime()
    let bookings = 0
    let slots = 0
    for (let day = HISTORY_FROM; day < HISTORY_TO; day += 5) {
      const rows: unknown[][] = []
      for (let d = day; d < Math.min(day + 5, HISTORY_TO); d++) {
        for (const roomId of roomIds) {
          for (const hour of SEEDED_HOURS) {
            const start = new Date(todayStart + d * DAY_MS + hour * 3_600_000)
            rows.push([roomId, user.id, user.unit_id, '压测例会', start, new Date(start.getTime() + 3_600_000), 8, '{}', d < 0 ? 'ended' : 'confirmed'])
          }
        }
      }
      await conn.query('INSERT INTO room_bookings (room_id, organiser_user_id, organiser_unit_id, title, start_at, end_at, attendee_count, services, status) VALUES ?', [rows])
      // their slots, read back with their ids
      const [ids] = (await conn.query('SELECT id, room_id, start_at FROM room_bookings WHERE room_id IN (?) AND start_at >= ? AND start_at < ?', [
        roomIds,
        new Date(todayStart + day * DAY_MS),
        new Date(todayStart + Math.min(day + 5, HISTORY_TO) * DAY_MS),
      ])) as unknown as [{ id: number; room_id: number; start_at: Date }[]]
      const slotRows = ids.flatMap((b) => Array.from({ length: 12 }, (_v, k) => [b.room_id, new Date(b.start_at.getTime() + k * SLOT_MS), b.id]))
      for (let i = 0; i < slotRows.length; i += 20_000) await conn.query('INSERT INTO room_slots (room_id, slot_start, booking_id) VALUES ?', [slotRows.slice(i, i + 20_000)])
      bookings += rows.length
      slots += slotRows.length
    }
    return { roomIds, today, bookings, slots }
  } finally {
    await conn.end()
  }
}

export interface DayInput {
  token: string
  day: string
}

/** The day view of 50 rooms, the same day on every request. */
export function dayViewScenario(token: string, day: string): Scenario<DayInput> {
  return {
    name: 'day view',
    route: 'GET /api/v1/rooms?date= (50 rooms)',
    input: () => ({ token, day }),
    request: (input) => ({ path: `/api/v1/rooms?date=${input.day}`, headers: { authorization: `Bearer ${input.token}` } }),
    work: { file: 'rooms', name: 'dayViewWork', fn: dayViewWork },
  }
}

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value)

/** The BFF's one statement (rooms UNION ALL the day's bookings, from the covering index) and an answer of its shape. */
export async function dayViewWork(pool: WorkPool, input: DayInput): Promise<unknown> {
  const from = shanghaiDayStart(input.day)
  const [rows] = (await pool.execute(
    `SELECT 'room' AS kind, id, name, building, floor, capacity, equipment, photos, requires_approval AS requiresApproval, open_from_minute AS openFromMinute,
            open_to_minute AS openToMinute, horizon_days AS horizonDays, NULL AS startAt, NULL AS endAt, NULL AS endedAt, NULL AS status
       FROM rooms WHERE status = 'active'
     UNION ALL
     SELECT 'busy', room_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, start_at, end_at, ended_at, status
       FROM room_bookings
      WHERE status IN ('pending_approval', 'confirmed', 'ended') AND start_at >= ? AND start_at < ? AND end_at > ?
     ORDER BY kind DESC, building, floor, capacity, id, startAt`,
    [new Date(from.getTime() - 12 * 3_600_000), new Date(from.getTime() + DAY_MS), from],
  )) as unknown as [({ kind: string; id: number; startAt: Date; endAt: Date; status: string } & Record<string, unknown>)[]]
  const busy = new Map<number, { startAt: string; endAt: string; status: string }[]>()
  for (const row of rows) if (row.kind === 'busy') busy.set(row.id, [...(busy.get(row.id) ?? []), { startAt: row.startAt.toISOString(), endAt: row.endAt.toISOString(), status: row.status }])
  return {
    items: rows
      .filter((row) => row.kind === 'room')
      .map((row) => ({
        id: row.id, name: row.name, building: row.building, floor: row.floor, capacity: row.capacity, equipment: json(row.equipment), requiresApproval: !!row.requiresApproval,
        openFromMinute: row.openFromMinute, openToMinute: row.openToMinute, horizonDays: row.horizonDays, photos: json(row.photos), busy: busy.get(row.id) ?? [],
      })),
  }
}

/** Distinct 30-minute slots far from the seeded ones: days +31…+89, 00:00–24:00, every room. */
function slotFor(i: number, setup: RoomBenchSetup) {
  const perDay = 48 * setup.roomIds.length
  const day = 31 + Math.floor(i / perDay)
  const rest = i % perDay
  const roomId = setup.roomIds[rest % setup.roomIds.length]
  const start = new Date(shanghaiDayStart(setup.today).getTime() + day * DAY_MS + Math.floor(rest / setup.roomIds.length) * 30 * 60_000)
  return { roomId, start, end: new Date(start.getTime() + 30 * 60_000) }
}

export interface BookingInput {
  token: string
  userId: number
  unitId: number
  roomId: number
  startAt: string
  endAt: string
  key: string
}

/** Bookings of distinct slots (one cursor for every side and round), a fresh Idempotency-Key each. */
export function bookingScenario(setup: RoomBenchSetup, organiser: { token: string; userId: number; unitId: number }): Scenario<BookingInput> {
  let next = 0
  return {
    name: 'room bookings',
    route: 'POST /api/v1/room-bookings (distinct slots)',
    input: () => {
      const slot = slotFor(next++, setup)
      return { ...organiser, roomId: slot.roomId, startAt: slot.start.toISOString(), endAt: slot.end.toISOString(), key: `bench-${randomBytes(8).toString('hex')}` }
    },
    request: (input) => ({
      path: '/api/v1/room-bookings',
      method: 'POST',
      headers: { authorization: `Bearer ${input.token}`, 'idempotency-key': input.key },
      body: JSON.stringify({ roomId: input.roomId, startAt: input.startAt, endAt: input.endAt, title: '压测预订', attendeeCount: 5 }),
    }),
    accept: (status) => status === 201,
    work: { file: 'rooms', name: 'bookingWork', fn: bookingWork },
  }
}

/** The BFF's booking transaction: the key row, the room, the booking, its 6 slots in one INSERT, the key's answer. */
export async function bookingWork(pool: WorkPool, input: BookingInput): Promise<unknown> {
  return inTransaction(pool, async (conn) => {
    await conn.execute("INSERT INTO idempotency_keys (user_id, scope, idem_key, request_hash, status, response) VALUES (?, 'rooms.booking', ?, ?, 201, '{\"id\":0}')", [input.userId, input.key, 'x'.repeat(64)])
    const [[room]] = (await conn.execute(
      `SELECT id, name, building, floor, capacity, equipment, photos, open_from_minute AS openFromMinute, open_to_minute AS openToMinute,
              requires_approval AS requiresApproval, horizon_days AS horizonDays, status, created_at AS createdAt
         FROM rooms WHERE id = ?`,
      [input.roomId],
    )) as unknown as [{ status: string; requiresApproval: number }[]]
    if (!room || room.status !== 'active') throw new Error('no room')
    const startAt = new Date(input.startAt)
    const status = room.requiresApproval ? 'pending_approval' : 'confirmed'
    const [booking] = await conn.execute(
      `INSERT INTO room_bookings (room_id, series_id, organiser_user_id, organiser_unit_id, title, start_at, end_at, attendee_count, services, status, created_at)
       VALUES (?, NULL, ?, ?, '压测预订', ?, ?, 5, '{}', ?, ?)`,
      [input.roomId, input.userId, input.unitId, startAt, new Date(input.endAt), status, new Date()],
    )
    const id = (booking as { insertId: number }).insertId
    await conn.execute(
      `INSERT INTO room_slots (room_id, slot_start, booking_id) VALUES ${Array.from({ length: 6 }, () => '(?, ?, ?)').join(', ')}`,
      Array.from({ length: 6 }, (_v, k) => [input.roomId, new Date(startAt.getTime() + k * SLOT_MS), id]).flat(),
    )
    const answer = { id, status }
    await conn.execute("UPDATE idempotency_keys SET response = ? WHERE user_id = ? AND scope = 'rooms.booking' AND idem_key = ?", [JSON.stringify({ id, body: answer }), input.userId, input.key])
    return answer
  })
}

/** Overlapping holders in the bench database after the run (must be 0). */
export async function countOverlaps(databaseUrl: string, roomIds: number[]): Promise<number> {
  const conn = await mysql.createConnection({ uri: databaseUrl })
  try {
    const [rows] = await conn.query(
      "SELECT COUNT(*) AS n FROM room_bookings a JOIN room_bookings b ON a.room_id = b.room_id AND a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at WHERE a.room_id IN (?) AND a.status IN ('pending_approval','confirmed') AND b.status IN ('pending_approval','confirmed') AND a.start_at > UTC_TIMESTAMP()",
      [roomIds],
    )
    return Number((rows as { n: number }[])[0].n)
  } finally {
    await conn.end()
  }
}

/** Issue 10's figures as fair pairs: the day view (p99 ≤ 50 ms) and bookings of distinct slots; no overlapping holders after. */
export async function runRoomBench(sides: { databaseUrl: string; bffUrl: string; ceilingUrl: string }, token: string): Promise<boolean> {
  const started = performance.now()
  const setup = await prepareRoomBench(sides.databaseUrl)
  console.log(`\nrooms: ${ROOMS} rooms, ${setup.bookings.toLocaleString()} bookings and ${setup.slots.toLocaleString()} slots seeded in ${Math.round((performance.now() - started) / 1000)} s`)
  const day = await runScenario(dayViewScenario(token, setup.today), sides)
  console.log(`day view p99 ≤ 50 ms: ${day.bff.p99 <= 50 ? 'met' : 'NOT MET'} (${day.bff.p99} ms)`)
  const conn = await mysql.createConnection({ uri: sides.databaseUrl })
  const [[user]] = (await conn.query("SELECT id, unit_id FROM users WHERE username = 'zhangsan'")) as unknown as [{ id: number; unit_id: number }[]]
  await conn.end()
  const booked = await runScenario(bookingScenario(setup, { token, userId: user.id, unitId: user.unit_id }), sides)
  const overlaps = await countOverlaps(sides.databaseUrl, setup.roomIds)
  console.log(`overlapping holders after the runs (SQL): ${overlaps}`)
  return pairMet(day) && day.bff.p99 <= 50 && pairMet(booked) && overlaps === 0
}
