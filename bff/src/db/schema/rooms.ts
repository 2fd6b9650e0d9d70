import { sql } from 'drizzle-orm'
import { boolean, index, int, json, mysqlEnum, mysqlTable, primaryKey, smallint, varchar } from 'drizzle-orm/mysql-core'
import { MeetingTaskKind, RoomBookingStatus, type RoomEquipment, type RoomServices } from '@egj/shared'
import { id, ref, ts } from './columns'
import { units, users } from './org'

/** zod's `.options` as the tuple drizzle's enum wants */
const values = <T extends string>(options: readonly T[]) => options as [T, ...T[]]

// 会议室预订 and meeting service.

export const rooms = mysqlTable(
  'rooms',
  {
    id: id(),
    name: varchar('name', { length: 50 }).notNull(),
    building: varchar('building', { length: 50 }).notNull(),
    floor: varchar('floor', { length: 20 }).notNull(),
    capacity: int('capacity').notNull(),
    equipment: json('equipment').$type<RoomEquipment[]>().notNull(),
    photos: json('photos').$type<string[]>().notNull(),
    /** open hours, minutes after midnight Asia/Shanghai, [from, to) */
    openFromMinute: smallint('open_from_minute').notNull().default(480),
    openToMinute: smallint('open_to_minute').notNull().default(1080),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    horizonDays: smallint('horizon_days').notNull().default(60),
    status: mysqlEnum('status', ['active', 'disabled']).notNull().default('active'),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('rooms_status_idx').on(t.status)],
)

/** A weekly series: its occurrences are rows of room_bookings pointing here. */
export const roomSeries = mysqlTable('room_series', {
  id: id(),
  roomId: ref('room_id').notNull().references(() => rooms.id),
  organiserUserId: ref('organiser_user_id').notNull().references(() => users.id),
  /** YYYY-MM-DD, inclusive */
  weeklyUntil: varchar('weekly_until', { length: 10 }).notNull(),
  createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
})

export const roomBookings = mysqlTable(
  'room_bookings',
  {
    id: id(),
    roomId: ref('room_id').notNull().references(() => rooms.id),
    seriesId: ref('series_id').references(() => roomSeries.id),
    organiserUserId: ref('organiser_user_id').notNull().references(() => users.id),
    /** the organiser's unit when booked: conflicts name it, meeting meals are billed to it */
    organiserUnitId: ref('organiser_unit_id').references(() => units.id),
    title: varchar('title', { length: 100 }).notNull(),
    startAt: ts('start_at').notNull(),
    endAt: ts('end_at').notNull(),
    attendeeCount: int('attendee_count').notNull(),
    services: json('services').$type<RoomServices>().notNull(),
    status: mysqlEnum('status', values(RoomBookingStatus.options)).notNull(),
    /** changed on its own: a later series edit keeps its time */
    detached: boolean('detached').notNull().default(false),
    checkedInAt: ts('checked_in_at'),
    endedAt: ts('ended_at'),
    /** released by the no-show job (nobody checked in) */
    noShow: boolean('no_show').notNull().default(false),
    decidedByUserId: ref('decided_by_user_id').references(() => users.id),
    decidedAt: ts('decided_at'),
    rejectReason: varchar('reject_reason', { length: 100 }),
    cancelledAt: ts('cancelled_at'),
    /** raised by every change a calendar shows (time, status, title): the .ics SEQUENCE, so a phone takes the new version */
    sequence: int('sequence').notNull().default(0),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    // the day view and every overlap read: one room's bookings by start
    index('room_bookings_room_start_idx').on(t.roomId, t.startAt),
    index('room_bookings_organiser_idx').on(t.organiserUserId, t.id),
    // an organiser's meetings of the day: their 待办 on every home load
    index('room_bookings_organiser_start_idx').on(t.organiserUserId, t.startAt),
    // the day view reads only this index (it covers the columns it needs); by its (status, start_at)
    // prefix also the no-show job, the approval queue, the 会务 day
    index('room_bookings_day_view_idx').on(t.status, t.startAt, t.endAt, t.roomId, t.endedAt),
    index('room_bookings_series_idx').on(t.seriesId, t.startAt),
  ],
)

/**
 * THE GUARANTEE: one row per occupied 5-minute slot of a room, primary key (room_id, slot_start).
 * A pending or confirmed booking writes its slots in the same transaction as itself, with one
 * multi-row INSERT; a second booking touching any of those slots hits the primary key (InnoDB
 * makes it wait on the first's uncommitted row, then fails with a duplicate key once that commits)
 * — so two overlapping holders cannot both commit, on any instance, under any interleaving.
 * Releasing a booking (cancel, reject, no-show, end early) deletes its slots.
 */
export const roomSlots = mysqlTable(
  'room_slots',
  {
    roomId: ref('room_id').notNull(),
    slotStart: ts('slot_start').notNull(),
    bookingId: ref('booking_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.slotStart] }), index('room_slots_booking_idx').on(t.bookingId)],
)

/** 会务 tasks are derived from bookings; only their done state is stored, keyed so it follows edits. */
export const meetingTaskDone = mysqlTable(
  'meeting_task_done',
  {
    bookingId: ref('booking_id').notNull().references(() => roomBookings.id),
    kind: mysqlEnum('kind', values(MeetingTaskKind.options)).notNull(),
    doneByUserId: ref('done_by_user_id').notNull().references(() => users.id),
    doneAt: ts('done_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.kind] })],
)
