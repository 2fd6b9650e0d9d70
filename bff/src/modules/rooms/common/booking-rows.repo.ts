import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { RoomBookingStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { roomBookings, rooms, units, users } from '../../../db/schema'

// A booking as every rooms feature shows it (booking pages, the door, 会务, the monthly statistics).

export type BookingRecord = typeof roomBookings.$inferSelect
export interface BookingRow {
  booking: BookingRecord
  room: { id: number; name: string; building: string; floor: string; capacity: number }
  organiserName: string
  unitName: string | null
  decidedByName: string | null
}
/** One occurrence of a series, as a booking page lists them. */
export interface OccurrenceRow {
  id: number
  seriesId: number | null
  startAt: Date
  endAt: Date
  status: RoomBookingStatus
  weeklyUntil: string
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

/** Bookings starting in [from, to), with joins: a room's day (the door), 会务's day, a month's statistics. */
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
