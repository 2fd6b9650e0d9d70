import { sql } from 'drizzle-orm'
import { decimal, index, int, mysqlEnum, mysqlTable, primaryKey, tinyint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { LIGHTS, SUPERVISION_EVENT_KINDS, SUPERVISION_STATUSES, THRESHOLD_DIRECTIONS } from '@egj/shared'
import { id, ref, ts } from './columns'
import { units, users } from './org'

// 驾驶舱: indicators counted into daily rows (never scanned from the raw tables on a read), their
// lights, and 督办 — a red light's tracked item for the unit that made it red.

const figure = (name: string) => decimal(name, { precision: 16, scale: 2, mode: 'number' })

/**
 * One indicator's figure for one day and scope: `unit_id` 0 is the whole city, any other a unit.
 * A unit without records that day has no row (its figure is 0). Today's rows are recounted by the
 * refresh job; a past day's rows stay as its last count left them (the light history).
 */
export const cockpitDaily = mysqlTable(
  'cockpit_daily',
  {
    indicatorKey: varchar('indicator_key', { length: 32 }).notNull(),
    unitId: ref('unit_id').notNull(),
    day: varchar('day', { length: 10 }).notNull(),
    /** null: nothing to count it from (a rate with nothing to divide by) */
    value: figure('value'),
    light: mysqlEnum('light', LIGHTS).notNull(),
    computedAt: ts('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorKey, t.unitId, t.day] }), index('cockpit_daily_day_unit_idx').on(t.day, t.unitId)],
)

/** One row per counted day: the lock a refresh takes (one count of a day at a time) and when it ran. */
export const cockpitRefreshes = mysqlTable('cockpit_refreshes', {
  day: varchar('day', { length: 10 }).primaryKey(),
  computedAt: ts('computed_at').notNull(),
})

/** Thresholds the centre changed (an indicator without a row has the defaults of INDICATORS). */
export const cockpitThresholds = mysqlTable('cockpit_thresholds', {
  indicatorKey: varchar('indicator_key', { length: 32 }).primaryKey(),
  yellow: figure('yellow'),
  red: figure('red'),
  direction: mysqlEnum('direction', THRESHOLD_DIRECTIONS).notNull(),
  reason: varchar('reason', { length: 200 }).notNull(),
  updatedByUserId: ref('updated_by_user_id').notNull().references(() => users.id),
  updatedAt: ts('updated_at').notNull(),
})

/** The light each indicator shows now, per scope: a change of it is a row of the history below. */
export const cockpitLights = mysqlTable(
  'cockpit_lights',
  {
    indicatorKey: varchar('indicator_key', { length: 32 }).notNull(),
    unitId: ref('unit_id').notNull(),
    light: mysqlEnum('light', LIGHTS).notNull(),
    since: ts('since').notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorKey, t.unitId] })],
)

export const cockpitLightChanges = mysqlTable(
  'cockpit_light_changes',
  {
    id: id(),
    indicatorKey: varchar('indicator_key', { length: 32 }).notNull(),
    unitId: ref('unit_id').notNull(),
    day: varchar('day', { length: 10 }).notNull(),
    fromLight: mysqlEnum('from_light', LIGHTS).notNull(),
    toLight: mysqlEnum('to_light', LIGHTS).notNull(),
    value: figure('value'),
    at: ts('at').notNull(),
  },
  (t) => [index('cockpit_light_changes_scope_idx').on(t.indicatorKey, t.unitId, t.id)],
)

/**
 * 督办: opened when a unit's light turns red; one not closed per indicator and unit (`active` is 1
 * until it is closed, then null, so the unique index admits any number of closed ones).
 */
export const supervisions = mysqlTable(
  'supervisions',
  {
    id: id(),
    indicatorKey: varchar('indicator_key', { length: 32 }).notNull(),
    unitId: ref('unit_id').notNull().references(() => units.id),
    status: mysqlEnum('status', SUPERVISION_STATUSES).notNull(),
    active: tinyint('active'),
    openedAt: ts('opened_at').notNull(),
    openedDay: varchar('opened_day', { length: 10 }).notNull(),
    openedValue: figure('opened_value'),
    dueOn: varchar('due_on', { length: 10 }).notNull(),
    reply: varchar('reply', { length: 500 }),
    repliedByUserId: ref('replied_by_user_id').references(() => users.id),
    repliedAt: ts('replied_at'),
    returnReason: varchar('return_reason', { length: 200 }),
    returnedCount: int('returned_count').notNull().default(0),
    closedByUserId: ref('closed_by_user_id').references(() => users.id),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    uniqueIndex('supervisions_active_uq').on(t.indicatorKey, t.unitId, t.active),
    index('supervisions_unit_status_idx').on(t.unitId, t.status, t.id),
    index('supervisions_status_idx').on(t.status, t.id),
  ],
)

/** The 督办's history, append-only, written in the transaction of what it records. */
export const supervisionEvents = mysqlTable(
  'supervision_events',
  {
    id: id(),
    supervisionId: ref('supervision_id').notNull().references(() => supervisions.id),
    kind: mysqlEnum('kind', SUPERVISION_EVENT_KINDS).notNull(),
    at: ts('at').notNull(),
    actorUserId: ref('actor_user_id').references(() => users.id),
    text: varchar('text', { length: 500 }),
  },
  (t) => [index('supervision_events_supervision_idx').on(t.supervisionId, t.id)],
)
