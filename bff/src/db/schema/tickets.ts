import { sql } from 'drizzle-orm'
import { boolean, customType, date, index, int, json, mysqlEnum, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { REPAIR_CATEGORIES, TICKET_KINDS, TICKET_PAUSE_REASONS, TICKET_STATUSES, TICKET_URGENCIES, WORK_DAY_KINDS } from '@egj/shared'
import { assets } from './assets'
import { id, ref, ts } from './columns'
import { units, users } from './org'
import { rooms } from './rooms'

// 报修 and 服务受理: one ticket engine. Clocks count working minutes of the calendar below.

const mediumBlob = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'mediumblob' })
const created = () => ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`)

/** A place with a printed location code (/q/l/<token>): building / floor / spot. */
export const locations = mysqlTable(
  'locations',
  {
    id: id(),
    building: varchar('building', { length: 30 }).notNull(),
    floor: varchar('floor', { length: 10 }).notNull(),
    spot: varchar('spot', { length: 30 }).notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: created(),
  },
  (t) => [uniqueIndex('locations_place_uq').on(t.building, t.floor, t.spot)],
)

/** 定点维修单位: a contracted firm, told of its tickets by SMS with a signed link. */
export const repairFirms = mysqlTable(
  'repair_firms',
  {
    id: id(),
    name: varchar('name', { length: 50 }).notNull(),
    contactName: varchar('contact_name', { length: 20 }).notNull(),
    /** sealed (PiiVault) */
    contactMobile: varchar('contact_mobile', { length: 128 }).notNull(),
    categories: json('categories').$type<string[]>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: created(),
  },
  (t) => [uniqueIndex('repair_firms_name_uq').on(t.name)],
)

export const tickets = mysqlTable(
  'tickets',
  {
    id: id(),
    kind: mysqlEnum('kind', TICKET_KINDS).notNull(),
    /** null for 服务受理 */
    category: mysqlEnum('category', REPAIR_CATEGORIES),
    urgency: mysqlEnum('urgency', TICKET_URGENCIES).notNull(),
    status: mysqlEnum('status', TICKET_STATUSES).notNull(),
    description: varchar('description', { length: 500 }).notNull(),
    reporterUserId: ref('reporter_user_id').notNull().references(() => users.id),
    /** the reporter's unit at the time: statistics by unit */
    unitId: ref('unit_id').references(() => units.id),
    locationId: ref('location_id').references(() => locations.id),
    roomId: ref('room_id').references(() => rooms.id),
    assetId: ref('asset_id').references(() => assets.id),
    /** the place as the reporter saw it, kept when a room or location is renamed */
    place: varchar('place', { length: 120 }),
    /** who has it: a worker or a firm (never both) */
    workerUserId: ref('worker_user_id').references(() => users.id),
    firmId: ref('firm_id').references(() => repairFirms.id),
    /** bumped on every (re)assignment: a firm's link names it, so a reassigned ticket's old link dies */
    assignment: int('assignment').notNull().default(0),
    /** the SLA clock: started at the report, restarted at a reopening */
    clockStartedAt: ts('clock_started_at').notNull(),
    acceptTargetMinutes: int('accept_target_minutes').notNull(),
    finishTargetMinutes: int('finish_target_minutes').notNull(),
    acceptBy: ts('accept_by').notNull(),
    finishBy: ts('finish_by').notNull(),
    acceptedAt: ts('accepted_at'),
    pausedAt: ts('paused_at'),
    pauseReason: mysqlEnum('pause_reason', TICKET_PAUSE_REASONS),
    /** working minutes paused since the clock started (not counted against the targets) */
    pausedMinutes: int('paused_minutes').notNull().default(0),
    finishedAt: ts('finished_at'),
    finishNote: varchar('finish_note', { length: 500 }),
    parts: varchar('parts', { length: 200 }),
    costFen: int('cost_fen'),
    reply: varchar('reply', { length: 1000 }),
    rating: int('rating'),
    ratingComment: varchar('rating_comment', { length: 300 }),
    closedAt: ts('closed_at'),
    reopenCount: int('reopen_count').notNull().default(0),
    /** 重复报修: an earlier ticket at the same place and category within 30 days */
    repeatOfId: ref('repeat_of_id'),
    createdAt: created(),
  },
  (t) => [
    index('tickets_reporter_idx').on(t.reporterUserId, t.id),
    // the dispatch queue and the reminder job: open tickets by due time
    index('tickets_status_finish_idx').on(t.status, t.finishBy),
    index('tickets_worker_status_idx').on(t.workerUserId, t.status),
    index('tickets_firm_idx').on(t.firmId, t.status),
    // repeat faults: the same place and category lately
    index('tickets_location_idx').on(t.locationId, t.category, t.createdAt),
    index('tickets_room_idx').on(t.roomId, t.category, t.createdAt),
    index('tickets_asset_idx').on(t.assetId, t.category, t.createdAt),
    index('tickets_created_idx').on(t.createdAt),
  ],
)

/** Photos at the report, added later, and after the repair; checked by their bytes, ≤ 2 MB, ≤ 6 per stage. */
export const ticketPhotos = mysqlTable(
  'ticket_photos',
  {
    id: id(),
    ticketId: ref('ticket_id').notNull().references(() => tickets.id),
    stage: mysqlEnum('stage', ['report', 'info', 'finish']).notNull(),
    type: varchar('type', { length: 20 }).notNull(),
    bytes: mediumBlob('bytes').notNull(),
    createdAt: created(),
  },
  (t) => [index('ticket_photos_ticket_idx').on(t.ticketId, t.id)],
)

/** The ticket's history, append-only, written in the transaction of what it records. */
export const ticketEvents = mysqlTable(
  'ticket_events',
  {
    id: id(),
    ticketId: ref('ticket_id').notNull().references(() => tickets.id),
    at: ts('at').notNull(),
    kind: varchar('kind', { length: 20 }).notNull(),
    text: varchar('text', { length: 600 }).notNull(),
    actorUserId: ref('actor_user_id').references(() => users.id),
    /** a firm acting through its link (no user) */
    actorName: varchar('actor_name', { length: 50 }),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.id)],
)

/**
 * SLA reminders sent, once per ticket, clock, step and clock start (`cycle` = reopen count): the
 * job inserts the row first (unique), so a rerun after a crash sends nothing twice.
 */
export const ticketReminders = mysqlTable(
  'ticket_reminders',
  {
    ticketId: ref('ticket_id').notNull().references(() => tickets.id),
    clock: mysqlEnum('clock', ['accept', 'finish']).notNull(),
    level: mysqlEnum('level', ['warn', 'breach', 'escalate']).notNull(),
    cycle: int('cycle').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.clock, t.level, t.cycle] })],
)

/** Working minutes to accept and to finish, per category (`service` for 服务受理) and urgency. */
export const slaTargets = mysqlTable(
  'sla_targets',
  {
    category: varchar('category', { length: 20 }).notNull(),
    urgency: mysqlEnum('urgency', TICKET_URGENCIES).notNull(),
    acceptMinutes: int('accept_minutes').notNull(),
    finishMinutes: int('finish_minutes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.category, t.urgency] })],
)

/** The working week and hours (one row, id 1): weekdays 1–7 and minute-of-day spans. */
export const workHours = mysqlTable('work_hours', {
  id: int('id').primaryKey(),
  weekdays: json('weekdays').$type<number[]>().notNull(),
  spans: json('spans').$type<{ start: number; end: number }[]>().notNull(),
})

/** Days that differ from the week: 法定节假日 (off) and 调休 (a weekend day worked), as data. */
export const workCalendarDays = mysqlTable('work_calendar_days', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: mysqlEnum('kind', WORK_DAY_KINDS).notNull(),
  name: varchar('name', { length: 20 }).notNull(),
})
