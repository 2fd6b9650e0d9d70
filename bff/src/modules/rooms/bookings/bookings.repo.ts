import { and, asc, eq, gt, gte, inArray, lt, lte, isNull, sql } from 'drizzle-orm'
import type { RoomBookingStatus } from '@egj/shared'
import { ROOM_MAX_BOOKING_HOURS } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { preparedRows, preparedWrite } from '../../../db/prepared'
import { roomBookings, roomSeries, roomSlots, rooms, units } from '../../../db/schema'
import type { BookingRecord, OccurrenceRow } from '../common/booking-rows.repo'
import { parseJson, type RoomRow, type RoomShown } from '../common/room.repo'

export type NewBooking = typeof roomBookings.$inferInsert

const LONGEST_MS = ROOM_MAX_BOOKING_HOURS * 3_600_000
const SLOTS_PER_MEETING = ROOM_MAX_BOOKING_HOURS * 12

/** Serialises approvals of one room (the re-check must see every approval before it). */
export async function lockRoom(tx: DbOrTx, id: number): Promise<RoomRow | null> {
  const [row] = await tx.select().from(rooms).where(eq(rooms.id, id)).for('update')
  return row ?? null
}

export async function activeRooms(db: DbOrTx, minCapacity?: number): Promise<RoomRow[]> {
  return db
    .select()
    .from(rooms)
    .where(and(eq(rooms.status, 'active'), minCapacity ? gte(rooms.capacity, minCapacity) : undefined))
    .orderBy(asc(rooms.building), asc(rooms.floor), asc(rooms.capacity), asc(rooms.id))
}

export interface BusyRow {
  id: number
  roomId: number
  organiserUserId: number
  startAt: Date
  endAt: Date
  endedAt: Date | null
  status: RoomBookingStatus
  title: string
  unitName: string | null
}

/**
 * Bookings of these rooms that hold or held time inside [from, to): pending, confirmed and ended
 * (the day view shows what happened too). Uses (room_id, start_at): a booking is at most 12 h,
 * so only starts in [from − 12 h, to) can reach into the range.
 */
export async function busyBetween(db: DbOrTx, roomIds: number[], from: Date, to: Date, statuses: RoomBookingStatus[] = ['pending_approval', 'confirmed', 'ended']): Promise<BusyRow[]> {
  if (!roomIds.length) return []
  return db
    .select({
      id: roomBookings.id,
      roomId: roomBookings.roomId,
      organiserUserId: roomBookings.organiserUserId,
      startAt: roomBookings.startAt,
      endAt: roomBookings.endAt,
      endedAt: roomBookings.endedAt,
      status: roomBookings.status,
      title: roomBookings.title,
      unitName: units.name,
    })
    .from(roomBookings)
    .leftJoin(units, eq(units.id, roomBookings.organiserUnitId))
    .where(
      and(
        inArray(roomBookings.roomId, roomIds),
        gte(roomBookings.startAt, new Date(from.getTime() - LONGEST_MS)),
        lt(roomBookings.startAt, to),
        gt(roomBookings.endAt, from),
        inArray(roomBookings.status, statuses),
      ),
    )
    .orderBy(asc(roomBookings.startAt))
}

/** A booking as the day view shows it: when, and whether it holds (or held) the room. */
export type DayBusy = Pick<BusyRow, 'roomId' | 'startAt' | 'endAt' | 'endedAt' | 'status'>

/**
 * The day view in one prepared statement: the active rooms (with at least `minCapacity` seats),
 * then every booking that holds or held time in [from, to) — pending, confirmed and ended, of any
 * room (the caller keeps those of the rooms it shows). The bookings are read from
 * room_bookings_day_view_idx alone (status, start_at, end_at, room_id, ended_at): three ranges of
 * starts in [from − 12 h, to), a booking being at most 12 h, and no row of the table itself.
 */
export async function dayView(db: DbOrTx, from: Date, to: Date, minCapacity?: number): Promise<{ rooms: RoomShown[]; busy: DayBusy[] }> {
  const rows = await preparedRows<{
    kind: 'busy' | 'room'; id: number; name: string; building: string; floor: string; capacity: number; equipment: string | RoomRow['equipment']; photos: string | RoomRow['photos']
    requiresApproval: number; openFromMinute: number; openToMinute: number; horizonDays: number; startAt: Date; endAt: Date; endedAt: Date | null; status: RoomBookingStatus
  }>(
    db,
    `SELECT 'room' AS kind, id, name, building, floor, capacity, equipment, photos, requires_approval AS requiresApproval, open_from_minute AS openFromMinute,
            open_to_minute AS openToMinute, horizon_days AS horizonDays, NULL AS startAt, NULL AS endAt, NULL AS endedAt, NULL AS status
       FROM rooms WHERE status = 'active'${minCapacity ? ' AND capacity >= ?' : ''}
     UNION ALL
     SELECT 'busy', room_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, start_at, end_at, ended_at, status
       FROM room_bookings
      WHERE status IN ('pending_approval', 'confirmed', 'ended') AND start_at >= ? AND start_at < ? AND end_at > ?
     ORDER BY kind DESC, building, floor, capacity, id, startAt`,
    [...(minCapacity ? [minCapacity] : []), new Date(from.getTime() - LONGEST_MS), to, from],
  )
  const rooms: RoomShown[] = []
  const busy: DayBusy[] = []
  for (const row of rows) {
    if (row.kind === 'room') {
      const { kind: _kind, startAt: _s, endAt: _e, endedAt: _ended, status: _status, ...room } = row
      rooms.push({ ...room, equipment: parseJson(row.equipment), photos: parseJson(row.photos), requiresApproval: !!row.requiresApproval })
    } else busy.push({ roomId: row.id, startAt: row.startAt, endAt: row.endAt, endedAt: row.endedAt, status: row.status })
  }
  return { rooms, busy }
}

export async function seriesOccurrences(db: DbOrTx, seriesIds: number[]): Promise<OccurrenceRow[]> {
  if (!seriesIds.length) return []
  return db
    .select({ id: roomBookings.id, seriesId: roomBookings.seriesId, startAt: roomBookings.startAt, endAt: roomBookings.endAt, status: roomBookings.status, weeklyUntil: roomSeries.weeklyUntil })
    .from(roomBookings)
    .innerJoin(roomSeries, eq(roomSeries.id, roomBookings.seriesId))
    .where(inArray(roomBookings.seriesId, seriesIds))
    .orderBy(asc(roomBookings.startAt))
}

export async function insertSeries(tx: DbOrTx, values: typeof roomSeries.$inferInsert): Promise<number> {
  const [result] = await tx.insert(roomSeries).values(values)
  return result.insertId
}

/** Inserts bookings (all of one series, or one) and returns their ids in start order. */
export async function insertBookings(tx: DbOrTx, rows: NewBooking[]): Promise<number[]> {
  if (rows.length === 1) return [await insertBooking(tx, rows[0])]
  await tx.insert(roomBookings).values(rows)
  // read back by series: auto-increment ids of a multi-row insert need not be consecutive
  const inserted = await tx.select({ id: roomBookings.id }).from(roomBookings).where(eq(roomBookings.seriesId, rows[0].seriesId!)).orderBy(asc(roomBookings.startAt))
  return inserted.map((row) => row.id)
}

/** One booking, a prepared statement (the hot path: most bookings are single meetings). */
async function insertBooking(tx: DbOrTx, row: NewBooking): Promise<number> {
  const result = await preparedWrite(
    tx,
    `INSERT INTO room_bookings (room_id, series_id, organiser_user_id, organiser_unit_id, title, start_at, end_at, attendee_count, services, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [row.roomId, row.seriesId ?? null, row.organiserUserId, row.organiserUnitId ?? null, row.title, row.startAt, row.endAt, row.attendeeCount, JSON.stringify(row.services), row.status, row.createdAt ?? new Date()],
  )
  return result.insertId
}

/**
 * Occupies slots with one multi-row INSERT, in (room, slot) order so that two transactions
 * wanting the same slots queue on the first one instead of deadlocking. A taken slot fails
 * with a duplicate key (1062).
 */
export async function insertSlots(tx: DbOrTx, roomId: number, slots: { bookingId: number; slotStart: Date }[]): Promise<void> {
  if (!slots.length) return
  const sorted = [...slots].sort((a, b) => a.slotStart.getTime() - b.slotStart.getTime())
  // one meeting (at most 12 h: 144 slots) as a prepared statement, one per length in use; a series through drizzle
  if (sorted.length > SLOTS_PER_MEETING) {
    await tx.insert(roomSlots).values(sorted.map((slot) => ({ roomId, slotStart: slot.slotStart, bookingId: slot.bookingId })))
    return
  }
  await preparedWrite(
    tx,
    `INSERT INTO room_slots (room_id, slot_start, booking_id) VALUES ${sorted.map(() => '(?, ?, ?)').join(', ')}`,
    sorted.flatMap((slot) => [roomId, slot.slotStart, slot.bookingId]),
  )
}

/** Frees bookings' slots (from `from` on, when ending early). */
export async function deleteSlots(tx: DbOrTx, bookingIds: number[], from?: Date): Promise<void> {
  if (!bookingIds.length) return
  await tx.delete(roomSlots).where(and(inArray(roomSlots.bookingId, bookingIds), from ? gte(roomSlots.slotStart, from) : undefined))
}

export async function lockBooking(tx: DbOrTx, id: number): Promise<BookingRecord | null> {
  const [row] = await tx.select().from(roomBookings).where(eq(roomBookings.id, id)).for('update')
  return row ?? null
}

/** Every occurrence of a series, locked, in start order. */
export async function lockSeries(tx: DbOrTx, seriesId: number): Promise<BookingRecord[]> {
  return tx.select().from(roomBookings).where(eq(roomBookings.seriesId, seriesId)).orderBy(asc(roomBookings.startAt)).for('update')
}

/** What a phone's calendar shows of a booking: a change to any of it raises the booking's `sequence`. */
const CALENDAR_FIELDS = ['roomId', 'startAt', 'endAt', 'status', 'title', 'attendeeCount'] as const

export async function updateBookings(tx: DbOrTx, ids: number[], values: Partial<NewBooking>): Promise<void> {
  if (!ids.length) return
  const shown = CALENDAR_FIELDS.some((field) => values[field] !== undefined)
  await tx
    .update(roomBookings)
    .set(shown ? { ...values, sequence: sql`${roomBookings.sequence} + 1` } : values)
    .where(inArray(roomBookings.id, ids))
}

/** Confirmed bookings of a room other than `exceptId` overlapping [start, end): the approval re-check. */
export async function confirmedOverlapping(tx: DbOrTx, roomId: number, startAt: Date, endAt: Date, exceptIds: number[]): Promise<BusyRow[]> {
  const rows = await busyBetween(tx, [roomId], startAt, endAt, ['confirmed'])
  return rows.filter((row) => !exceptIds.includes(row.id))
}

/** Confirmed bookings nobody checked in to by `startedBefore` (the no-show job). */
export async function dueNoShows(db: DbOrTx, startedBefore: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: roomBookings.id })
    .from(roomBookings)
    .where(and(eq(roomBookings.status, 'confirmed'), lte(roomBookings.startAt, startedBefore), isNull(roomBookings.checkedInAt)))
    .orderBy(asc(roomBookings.startAt))
    .limit(limit)
  return rows.map((row) => row.id)
}

export interface MeetingRow {
  id: number
  roomId: number
  roomName: string
  title: string
  startAt: Date
  status: RoomBookingStatus
  checkedInAt: Date | null
}

/**
 * One organiser's bookings in these statuses that start in [from, to) and are not over at
 * `endsAfter`, with the room's name, by start: their meetings of the day for 待办, read through
 * (organiser_user_id, start_at) — a handful of rows, however busy the day is for everyone else.
 */
export async function organiserMeetings(db: DbOrTx, organiserUserId: number, from: Date, to: Date, endsAfter: Date, statuses: RoomBookingStatus[]): Promise<MeetingRow[]> {
  return db
    .select({ id: roomBookings.id, roomId: roomBookings.roomId, roomName: rooms.name, title: roomBookings.title, startAt: roomBookings.startAt, status: roomBookings.status, checkedInAt: roomBookings.checkedInAt })
    .from(roomBookings)
    .innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
    .where(
      and(
        eq(roomBookings.organiserUserId, organiserUserId),
        gte(roomBookings.startAt, from),
        lt(roomBookings.startAt, to),
        gt(roomBookings.endAt, endsAfter),
        inArray(roomBookings.status, statuses),
      ),
    )
    .orderBy(asc(roomBookings.startAt), asc(roomBookings.id))
}

/** Bookings waiting for approval that start from `from`: of one organiser unit, or (undefined) all. */
export async function countPendingApproval(db: DbOrTx, from: Date, organiserUnitId?: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`COUNT(*)` })
    .from(roomBookings)
    .where(and(eq(roomBookings.status, 'pending_approval'), gte(roomBookings.startAt, from), organiserUnitId !== undefined ? eq(roomBookings.organiserUnitId, organiserUnitId) : undefined))
  return Number(row?.n ?? 0)
}
