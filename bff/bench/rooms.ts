import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'
import { CONNECTIONS, loadHttp, loadRaw, type Figures } from './harness'

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

/** The day view through the BFF. */
export function benchBffDay(url: string, token: string, day: string): Promise<Figures> {
  return loadHttp('BFF GET /api/v1/rooms?date= (50 rooms)', { url: `${url}/api/v1/rooms?date=${day}`, headers: { authorization: `Bearer ${token}` } })
}

/** The same two queries straight through mysql2: the active rooms, then their bookings that day. */
export async function benchRawDay(databaseUrl: string, day: string): Promise<Figures> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: CONNECTIONS, timezone: 'Z' })
  const from = shanghaiDayStart(day)
  const to = new Date(from.getTime() + DAY_MS)
  const figures = await loadRaw('mysql2 direct: the day-view queries', pool, async (p) => {
    const [rooms] = await p.execute("SELECT * FROM rooms WHERE status = 'active' ORDER BY building, floor, capacity, id")
    const ids = (rooms as { id: number }[]).map((r) => r.id)
    await p.query(
      "SELECT b.id, b.room_id, b.start_at, b.end_at, b.ended_at, b.status, b.title, u.name FROM room_bookings b LEFT JOIN units u ON u.id = b.organiser_unit_id WHERE b.room_id IN (?) AND b.start_at >= ? AND b.start_at < ? AND b.end_at > ? AND b.status IN ('pending_approval','confirmed','ended') ORDER BY b.start_at",
      [ids, new Date(from.getTime() - 12 * 3_600_000), to, from],
    )
  })
  await pool.end()
  return figures
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

/** Bookings through the BFF, each a different slot (a different room or time), a fresh Idempotency-Key each. */
export async function benchBffBookings(url: string, tokens: string[], setup: RoomBenchSetup, seconds: number, offset: number): Promise<{ figures: Figures; used: number }> {
  let next = offset
  let connectionNo = 0
  const result = await autocannon({
    url: `${url}/api/v1/room-bookings`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (request: autocannon.Request, connection: object) => {
          const context = connection as { token?: string }
          context.token ??= tokens[connectionNo++ % tokens.length]
          const slot = slotFor(next++, setup)
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${context.token}`, 'idempotency-key': `bench-${randomBytes(8).toString('hex')}` },
            body: JSON.stringify({ roomId: slot.roomId, startAt: slot.start.toISOString(), endAt: slot.end.toISOString(), title: '压测预订', attendeeCount: 5 }),
          }
        },
      },
    ],
  })
  if (result.non2xx || result.errors || result.timeouts) console.log('room booking bench failures:', { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, statusCodes: result.statusCodeStats })
  return {
    figures: { name: 'BFF POST /api/v1/room-bookings (distinct slots)', requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx },
    used: next,
  }
}

/** The same transaction straight through mysql2: key row, room, booking, its 6 slots in one INSERT, key response. */
export async function benchRawBookings(databaseUrl: string, userId: number, unitId: number, setup: RoomBenchSetup, seconds: number, offset: number): Promise<Figures> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: CONNECTIONS, timezone: 'Z' })
  let next = offset
  const figures = await loadRaw(
    'mysql2 direct: the same booking transaction',
    pool,
    async (p) => {
      const slot = slotFor(next++, setup)
      const conn = await p.getConnection()
      try {
        await conn.beginTransaction()
        const key = `raw-${randomBytes(8).toString('hex')}`
        await conn.execute("INSERT INTO idempotency_keys (user_id, scope, idem_key, request_hash, status, response) VALUES (?, 'rooms.booking', ?, ?, 201, '{}')", [userId, key, 'x'.repeat(64)])
        await conn.execute('SELECT * FROM rooms WHERE id = ?', [slot.roomId])
        const [booking] = await conn.execute(
          "INSERT INTO room_bookings (room_id, organiser_user_id, organiser_unit_id, title, start_at, end_at, attendee_count, services, status) VALUES (?, ?, ?, '压测预订', ?, ?, 5, '{}', 'confirmed')",
          [slot.roomId, userId, unitId, slot.start, slot.end],
        )
        const id = (booking as { insertId: number }).insertId
        await conn.query('INSERT INTO room_slots (room_id, slot_start, booking_id) VALUES ?', [Array.from({ length: 6 }, (_v, k) => [slot.roomId, new Date(slot.start.getTime() + k * SLOT_MS), id])])
        await conn.execute("UPDATE idempotency_keys SET response = JSON_OBJECT('id', ?) WHERE user_id = ? AND scope = 'rooms.booking' AND idem_key = ?", [id, userId, key])
        await conn.commit()
      } catch (error) {
        await conn.rollback()
        throw error
      } finally {
        conn.release()
      }
    },
    seconds,
  )
  await pool.end()
  return figures
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

/** Issue 10's figures: the day view (p99 ≤ 50 ms) and bookings (≥ 300/s), each beside mysql2 direct. */
export async function runRoomBench(databaseUrl: string, bffUrl: string, token: string, seconds: number): Promise<boolean> {
  const { printTable } = await import('./harness')
  const started = performance.now()
  const setup = await prepareRoomBench(databaseUrl)
  console.log(`\nrooms: ${ROOMS} rooms, ${setup.bookings.toLocaleString()} bookings and ${setup.slots.toLocaleString()} slots seeded in ${Math.round((performance.now() - started) / 1000)} s; ${seconds} s per run …`)
  const day = await benchBffDay(bffUrl, token, setup.today)
  const rawDay = await benchRawDay(databaseUrl, setup.today)
  const conn = await mysql.createConnection({ uri: databaseUrl })
  const [[user]] = (await conn.query("SELECT id, unit_id FROM users WHERE username = 'zhangsan'")) as unknown as [{ id: number; unit_id: number }[]]
  await conn.end()
  const { figures: booked, used } = await benchBffBookings(bffUrl, [token], setup, seconds, 0)
  const rawBooked = await benchRawBookings(databaseUrl, user.id, user.unit_id, setup, seconds, used + 1000)
  const overlaps = await countOverlaps(databaseUrl, setup.roomIds)
  console.log()
  printTable([day, rawDay, booked, rawBooked])
  console.log(`\nratio BFF day view ÷ raw mysql2: ${(day.requestsPerSecond / rawDay.requestsPerSecond).toFixed(2)} (throughput); p99 ${day.p99} ms vs ${rawDay.p99} ms`)
  console.log(`ratio BFF bookings ÷ raw mysql2: ${(booked.requestsPerSecond / rawBooked.requestsPerSecond).toFixed(2)} (throughput)`)
  const met = day.p99 <= 50 && booked.requestsPerSecond >= 300 && booked.errors === 0
  console.log(`targets: day view p99 ≤ 50 ms ${day.p99 <= 50 ? 'met' : 'NOT MET'}; bookings ≥ 300/s ${booked.requestsPerSecond >= 300 ? 'met' : 'NOT MET'}; overlapping holders after the run (SQL): ${overlaps}`)
  return met && overlaps === 0
}
