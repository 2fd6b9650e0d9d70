import { and, asc, desc, eq, gt, gte, inArray, lt, lte, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { RoomBookingStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { roomBookings, roomSeries, roomSlots, rooms, units, users } from '../../../db/schema'
import { ROOM_MAX_BOOKING_HOURS } from '@egj/shared'

export type RoomRow = typeof rooms.$inferSelect
export type BookingRecord = typeof roomBookings.$inferSelect
export type NewBooking = typeof roomBookings.$inferInsert
export interface BookingRow {
  booking: BookingRecord
  room: { id: number; name: string; building: string; floor: string; capacity: number }
  organiserName: string
  unitName: string | null
  decidedByName: string | null
}

const LONGEST_MS = ROOM_MAX_BOOKING_HOURS * 3_600_000

export async function findRoom(db: DbOrTx, id: number): Promise<RoomRow | null> {
  const [row] = await db.select().from(rooms).where(eq(rooms.id, id))
  return row ?? null
}

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

const decider = alias(users, 'decider')

/** A booking with its room, organiser, unit and decider: what every booking list and page shows. */
const selectBookingRows = (db: DbOrTx) =>
  db
    .select({
      booking: roomBookings,
      room: { id: rooms.id, name: rooms.name, building: rooms.building, floor: rooms.floor, capacity: rooms.capacity },
      organiserName: users.name,
      unitName: units.name,
      decidedByName: decider.name,
    })
    .from(roomBookings)
    .innerJoin(rooms, eq(rooms.id, roomBookings.roomId))
    .innerJoin(users, eq(users.id, roomBookings.organiserUserId))
    .leftJoin(units, eq(units.id, roomBookings.organiserUnitId))
    .leftJoin(decider, eq(decider.id, roomBookings.decidedByUserId))

/** Bookings with their room, organiser, unit and decider, newest first. */
export async function bookingRows(
  db: DbOrTx,
  where: { ids?: number[]; seriesId?: number; organiserUserId?: number; organiserUnitId?: number; status?: RoomBookingStatus; startFrom?: Date; beforeId?: number },
  limit = 500,
): Promise<BookingRow[]> {
  if (where.ids && !where.ids.length) return []
  return selectBookingRows(db)
    .where(
      and(
        where.ids ? inArray(roomBookings.id, where.ids) : undefined,
        where.seriesId ? eq(roomBookings.seriesId, where.seriesId) : undefined,
        where.organiserUserId ? eq(roomBookings.organiserUserId, where.organiserUserId) : undefined,
        where.organiserUnitId !== undefined ? eq(roomBookings.organiserUnitId, where.organiserUnitId) : undefined,
        where.status ? eq(roomBookings.status, where.status) : undefined,
        where.startFrom ? gte(roomBookings.startAt, where.startFrom) : undefined,
        where.beforeId ? lt(roomBookings.id, where.beforeId) : undefined,
      ),
    )
    .orderBy(desc(roomBookings.id))
    .limit(limit)
}

/** Bookings (any status) starting in [from, to), with joins: a room's day, 会务's day. */
export async function bookingRowsStarting(db: DbOrTx, from: Date, to: Date, where: { roomId?: number; statuses: RoomBookingStatus[] }): Promise<BookingRow[]> {
  return selectBookingRows(db)
    .where(
      and(
        where.roomId ? eq(roomBookings.roomId, where.roomId) : undefined,
        gte(roomBookings.startAt, from),
        lt(roomBookings.startAt, to),
        inArray(roomBookings.status, where.statuses),
      ),
    )
    .orderBy(asc(roomBookings.startAt), asc(roomBookings.id))
}

export async function seriesOccurrences(db: DbOrTx, seriesIds: number[]) {
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
  const [result] = await tx.insert(roomBookings).values(rows)
  if (rows.length === 1) return [result.insertId]
  // read back by series: auto-increment ids of a multi-row insert need not be consecutive
  const inserted = await tx.select({ id: roomBookings.id }).from(roomBookings).where(eq(roomBookings.seriesId, rows[0].seriesId!)).orderBy(asc(roomBookings.startAt))
  return inserted.map((row) => row.id)
}

/**
 * Occupies slots with one multi-row INSERT, in (room, slot) order so that two transactions
 * wanting the same slots queue on the first one instead of deadlocking. A taken slot fails
 * with a duplicate key (1062).
 */
export async function insertSlots(tx: DbOrTx, roomId: number, slots: { bookingId: number; slotStart: Date }[]): Promise<void> {
  if (!slots.length) return
  const sorted = [...slots].sort((a, b) => a.slotStart.getTime() - b.slotStart.getTime())
  await tx.insert(roomSlots).values(sorted.map((slot) => ({ roomId, slotStart: slot.slotStart, bookingId: slot.bookingId })))
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

/** Bookings waiting for approval that start from `from`: of one organiser unit, or (undefined) all. */
export async function countPendingApproval(db: DbOrTx, from: Date, organiserUnitId?: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`COUNT(*)` })
    .from(roomBookings)
    .where(and(eq(roomBookings.status, 'pending_approval'), gte(roomBookings.startAt, from), organiserUnitId !== undefined ? eq(roomBookings.organiserUnitId, organiserUnitId) : undefined))
  return Number(row?.n ?? 0)
}

/** A user's own holding bookings in one room starting in [from, to) (check-in). */
export async function myBookingsInRoom(db: DbOrTx, userId: number, roomId: number, from: Date, to: Date): Promise<BookingRecord[]> {
  return db
    .select()
    .from(roomBookings)
    .where(and(eq(roomBookings.roomId, roomId), eq(roomBookings.organiserUserId, userId), gte(roomBookings.startAt, from), lt(roomBookings.startAt, to), inArray(roomBookings.status, ['confirmed', 'ended'])))
    .orderBy(asc(roomBookings.startAt))
}

/** Records a check-in once; false when someone already had. */
export async function markCheckedIn(db: DbOrTx, id: number, at: Date): Promise<boolean> {
  const [result] = await db.update(roomBookings).set({ checkedInAt: at }).where(and(eq(roomBookings.id, id), eq(roomBookings.status, 'confirmed'), isNull(roomBookings.checkedInAt)))
  return result.affectedRows === 1
}
