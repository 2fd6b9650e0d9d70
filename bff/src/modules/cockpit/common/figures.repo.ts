import { sql, type SQL } from 'drizzle-orm'
import { shanghaiDate, type IndicatorKey } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'

/**
 * What each indicator counts, once: the count (refresh) and the list behind the number (records)
 * read the same FROM and WHERE, so the list is exactly the rows the number counts.
 *
 * A figure is counted for a day D (Asia/Shanghai) as of a moment T: T = now for today, the end of D
 * for a past day. `flow` figures count what happened in [start of D, T); `stock` figures what
 * stands at T. Scheduled things (visits expected, meetings today, room use) count the whole day D.
 * Every query is bounded to the day through an index: never a scan of a year of payments.
 */
export interface Window {
  day: string
  /** start of D, end of D (start of D + 1), and T */
  start: Date
  end: Date
  at: Date
}

/** Which table the rows come from: decides the record's page and how its title reads. */
export type Source = 'payment' | 'visit' | 'trip' | 'request' | 'report' | 'booking' | 'ticket' | 'loan'

interface Definition {
  source: Source
  /** the source table aliased `x`, with the joins the unit or the rule needs */
  from: SQL
  where: (w: Window) => SQL
  /** the unit a row belongs to (NULL: counted in 全市 only) */
  unit: SQL
  /** the figure of a group of rows */
  value: SQL
  /** rates: the denominator of a group of rows (null: the rate's base is not per row, see room_use_pct) */
  base?: SQL
}

const DAY_MS = 86_400_000
const before = (at: Date, days: number) => new Date(at.getTime() - days * DAY_MS)
const after = (at: Date, days: number) => new Date(at.getTime() + days * DAY_MS)

const paidMeals = (w: Window) => sql`x.status = 'paid' AND x.created_at >= ${w.start} AND x.created_at < ${w.at}`
const visitsInside = (w: Window) =>
  sql`x.start_at >= ${before(w.start, 2)} AND x.start_at < ${w.end} AND x.checked_in_at <= ${w.at} AND (x.checked_out_at IS NULL OR x.checked_out_at > ${w.at})`
// every status listed: the (status, start_at) index is then a range per status
const ALL_REQUEST_STATUSES = sql`('pending_approval', 'approved', 'dispatched', 'in_progress', 'completed', 'rejected', 'cancelled')`
const ticketsOpen = (w: Window) =>
  sql`x.kind = 'repair' AND x.created_at >= ${before(w.start, 180)} AND x.created_at <= ${w.at} AND x.status <> 'cancelled' AND (x.finished_at IS NULL OR x.finished_at > ${w.at})`
const bookingsOfDay = (w: Window) => sql`x.status IN ('confirmed', 'ended') AND x.start_at >= ${w.start} AND x.start_at < ${w.end}`
/** minutes of a booking inside its room's open hours that day */
const bookedMinutes = (w: Window) =>
  sql`GREATEST(0, TIMESTAMPDIFF(MINUTE, GREATEST(x.start_at, ${w.start} + INTERVAL rm.open_from_minute MINUTE), LEAST(x.end_at, ${w.start} + INTERVAL rm.open_to_minute MINUTE)))`

export const DEFINITIONS: Record<IndicatorKey, Definition> = {
  meal_payments: { source: 'payment', from: sql`meal_payments x`, where: paidMeals, unit: sql`x.payer_unit_id`, value: sql`COUNT(*)` },
  meal_amount: { source: 'payment', from: sql`meal_payments x`, where: paidMeals, unit: sql`x.payer_unit_id`, value: sql`SUM(x.amount_fen - x.refunded_fen) / 100` },
  meal_over_cap: {
    source: 'payment',
    from: sql`meal_payments x`,
    where: (w) =>
      // a scalar subquery, not EXISTS: MariaDB turned EXISTS into a semi-join driven by meal_periods and
      // read every payment of each capped canteen (45 s a day on a year of 4.3M payments); this one
      // starts from the day's payments (status, created_at) and looks the cap up per 公务 payment
      sql`${paidMeals(w)} AND x.official = 1 AND x.amount_fen > (SELECT MIN(mp.official_cap_fen) FROM meal_periods mp WHERE mp.merchant_id = x.merchant_id AND mp.name = x.period_name)`,
    unit: sql`x.payer_unit_id`,
    value: sql`COUNT(*)`,
  },
  visits_expected: {
    source: 'visit',
    from: sql`visits x`,
    where: (w) => sql`x.start_at >= ${w.start} AND x.start_at < ${w.end} AND x.status IN ('approved', 'checked_in', 'checked_out')`,
    unit: sql`x.host_unit_id`,
    value: sql`COUNT(*)`,
  },
  visits_inside: { source: 'visit', from: sql`visits x`, where: visitsInside, unit: sql`x.host_unit_id`, value: sql`COUNT(*)` },
  visits_overstaying: { source: 'visit', from: sql`visits x`, where: (w) => sql`${visitsInside(w)} AND x.end_at < ${w.at}`, unit: sql`x.host_unit_id`, value: sql`COUNT(*)` },
  visits_unapproved: {
    source: 'visit',
    from: sql`visits x`,
    where: (w) =>
      sql`x.start_at >= ${before(w.start, 30)} AND x.escalated_at <= ${w.at} AND (x.decided_at IS NULL OR x.decided_at > ${w.at}) AND (x.cancelled_at IS NULL OR x.cancelled_at > ${w.at})`,
    unit: sql`x.host_unit_id`,
    value: sql`COUNT(*)`,
  },
  car_tasks_running: {
    source: 'trip',
    from: sql`vehicle_trips x JOIN vehicle_requests r ON r.id = x.request_id`,
    // the finished_at index: still running, or finished after T (a trip is never out for 3 days)
    where: (w) => sql`x.started_at <= ${w.at} AND (x.finished_at IS NULL OR (x.finished_at > ${w.at} AND x.finished_at < ${after(w.at, 3)}))`,
    unit: sql`r.unit_id`,
    value: sql`COUNT(*)`,
  },
  car_requests_waiting: {
    source: 'request',
    from: sql`vehicle_requests x`,
    where: (w) =>
      sql`x.status IN ${ALL_REQUEST_STATUSES} AND x.start_at >= ${before(w.start, 30)} AND x.created_at <= ${new Date(w.at.getTime() - 2 * 3600_000)} AND x.created_at >= ${before(w.start, 30)}
        AND (x.dispatched_at IS NULL OR x.dispatched_at > ${w.at}) AND (x.cancelled_at IS NULL OR x.cancelled_at > ${w.at})
        AND NOT (x.status = 'rejected' AND x.decided_at <= ${w.at})`,
    unit: sql`x.unit_id`,
    value: sql`COUNT(*)`,
  },
  car_km_today: {
    source: 'trip',
    from: sql`vehicle_trips x JOIN vehicle_requests r ON r.id = x.request_id`,
    where: (w) => sql`x.finished_at >= ${w.start} AND x.finished_at < ${w.at}`,
    unit: sql`r.unit_id`,
    value: sql`SUM(COALESCE(x.end_odometer_km - x.start_odometer_km, 0))`,
  },
  car_private_reports: {
    source: 'report',
    from: sql`vehicle_reports x JOIN vehicles v ON v.id = x.vehicle_id`,
    where: (w) => sql`x.created_at <= ${w.at} AND (x.resolved_at IS NULL OR x.resolved_at > ${w.at})`,
    unit: sql`v.unit_id`,
    value: sql`COUNT(*)`,
  },
  meetings_now: {
    source: 'booking',
    from: sql`room_bookings x`,
    where: (w) =>
      sql`x.status IN ('confirmed', 'ended') AND x.start_at >= ${before(w.start, 1)} AND x.start_at <= ${w.at} AND x.end_at > ${w.at} AND (x.ended_at IS NULL OR x.ended_at > ${w.at})`,
    unit: sql`x.organiser_unit_id`,
    value: sql`COUNT(*)`,
  },
  meetings_today: { source: 'booking', from: sql`room_bookings x`, where: bookingsOfDay, unit: sql`x.organiser_unit_id`, value: sql`COUNT(*)` },
  room_use_pct: {
    source: 'booking',
    from: sql`room_bookings x JOIN rooms rm ON rm.id = x.room_id`,
    where: (w) => sql`${bookingsOfDay(w)} AND rm.status = 'active'`,
    unit: sql`x.organiser_unit_id`,
    // minutes booked; needs the day to clip bookings to open hours, see valueOf
    value: sql`NULL`,
  },
  room_no_show_pct: {
    source: 'booking',
    from: sql`room_bookings x`,
    where: (w) => sql`x.status IN ('confirmed', 'ended', 'released') AND x.start_at >= ${w.start} AND x.start_at < ${w.end} AND x.end_at <= ${w.at}`,
    unit: sql`x.organiser_unit_id`,
    value: sql`SUM(x.no_show)`,
    base: sql`COUNT(*)`,
  },
  tickets_open: { source: 'ticket', from: sql`tickets x`, where: ticketsOpen, unit: sql`x.unit_id`, value: sql`COUNT(*)` },
  tickets_overdue: { source: 'ticket', from: sql`tickets x`, where: (w) => sql`${ticketsOpen(w)} AND x.finish_by < ${w.at}`, unit: sql`x.unit_id`, value: sql`COUNT(*)` },
  loans_overdue: {
    source: 'loan',
    from: sql`asset_loans x`,
    // the (status, end_date) index; a loan is never out half a year past its end
    where: (w) =>
      sql`x.status IN ('on_loan', 'returned') AND x.end_date < ${w.day} AND x.end_date >= ${shanghaiDate(before(w.start, 180))} AND x.handed_over_at <= ${w.at} AND (x.returned_at IS NULL OR x.returned_at > ${w.at})`,
    unit: sql`x.borrower_unit_id`,
    value: sql`COUNT(*)`,
  },
}

/** The figure's aggregate for a window (room use needs the day to clip bookings to open hours). */
const valueOf = (key: IndicatorKey, w: Window): SQL => (key === 'room_use_pct' ? sql`SUM(${bookedMinutes(w)})` : DEFINITIONS[key].value)

export interface UnitFigure {
  unitId: number | null
  value: number
  /** a rate's denominator for these rows */
  base: number | null
}

type Rows<T> = [T[]]

/** A DATETIME read by a raw query comes back as UTC text ('2026-12-07 10:40:29.354'). */
const utcDate = (value: Date | string | null): Date | null => (value === null ? null : value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`))

/** One query: the indicator's figure per unit (NULL unit: records of no unit, counted in 全市 only). */
export async function countByUnit(db: DbOrTx, key: IndicatorKey, w: Window): Promise<UnitFigure[]> {
  const d = DEFINITIONS[key]
  const [rows] = (await db.execute(
    sql`SELECT ${d.unit} AS unitId, ${valueOf(key, w)} AS value, ${d.base ?? sql`NULL`} AS base FROM ${d.from} WHERE ${d.where(w)} GROUP BY ${d.unit}`,
  )) as unknown as Rows<{ unitId: number | null; value: string | number | null; base: string | number | null }>
  return rows.map((row) => ({ unitId: row.unitId === null ? null : Number(row.unitId), value: Number(row.value ?? 0), base: row.base === null ? null : Number(row.base) }))
}

/** Open minutes of the active rooms in a day: the base of room_use_pct. */
export async function openRoomMinutes(db: DbOrTx): Promise<number> {
  const [rows] = (await db.execute(sql`SELECT COALESCE(SUM(GREATEST(0, open_to_minute - open_from_minute)), 0) AS minutes FROM rooms WHERE status = 'active'`)) as unknown as Rows<{ minutes: string | number }>
  return Number(rows[0]?.minutes ?? 0)
}

/** One record behind a number, before its title is written. */
export interface RecordRow {
  id: number
  at: Date | null
  unitId: number | null
  unitName: string | null
  /** who: the diner, the visitor, the requester, the organiser, the reporter, the borrower */
  who: string | null
  /** what or where: the canteen, the host, the destination, the room, the place, the asset */
  what: string | null
  detail: string | null
  /** 分 (payments), km (trips), minutes (bookings), else null */
  amount: number | null
  /** the record's owner for who may open it: the host, requester or organiser user id */
  ownerUserId: number | null
}

/** Per source: the columns of a record (`x` is the source row) and the joins they need. */
const RECORD_COLUMNS: Record<Source, { joins: SQL; columns: SQL; at: SQL }> = {
  payment: {
    joins: sql`LEFT JOIN users who ON who.id = x.payer_user_id JOIN merchants m ON m.id = x.merchant_id`,
    columns: sql`who.name AS who, m.name AS what, x.period_name AS detail, x.amount_fen - x.refunded_fen AS amount, x.payer_user_id AS ownerUserId`,
    at: sql`x.created_at`,
  },
  visit: {
    joins: sql`LEFT JOIN users who ON who.id = x.host_user_id`,
    columns: sql`x.visitor_name AS who, who.name AS what, DATE_FORMAT(CONVERT_TZ(x.start_at, '+00:00', '+08:00'), '%H:%i') AS detail, NULL AS amount, x.host_user_id AS ownerUserId`,
    at: sql`x.start_at`,
  },
  trip: {
    joins: sql`LEFT JOIN users who ON who.id = r.requester_user_id JOIN vehicles vv ON vv.id = x.vehicle_id`,
    columns: sql`who.name AS who, r.destination AS what, vv.plate_no AS detail, x.end_odometer_km - x.start_odometer_km AS amount, r.requester_user_id AS ownerUserId, r.id AS requestId`,
    at: sql`x.started_at`,
  },
  request: {
    joins: sql`LEFT JOIN users who ON who.id = x.requester_user_id`,
    columns: sql`who.name AS who, x.destination AS what, x.status AS detail, NULL AS amount, x.requester_user_id AS ownerUserId`,
    at: sql`x.created_at`,
  },
  report: {
    joins: sql``,
    columns: sql`NULL AS who, v.plate_no AS what, NULL AS detail, NULL AS amount, NULL AS ownerUserId`,
    at: sql`x.created_at`,
  },
  booking: {
    joins: sql`LEFT JOIN users who ON who.id = x.organiser_user_id JOIN rooms rr ON rr.id = x.room_id`,
    columns: sql`who.name AS who, x.title AS what, rr.name AS detail, TIMESTAMPDIFF(MINUTE, x.start_at, x.end_at) AS amount, x.organiser_user_id AS ownerUserId`,
    at: sql`x.start_at`,
  },
  ticket: {
    joins: sql`LEFT JOIN users who ON who.id = x.reporter_user_id`,
    columns: sql`who.name AS who, COALESCE(x.place, '') AS what, x.description AS detail, NULL AS amount, x.reporter_user_id AS ownerUserId`,
    at: sql`x.created_at`,
  },
  loan: {
    joins: sql`LEFT JOIN users who ON who.id = x.borrower_user_id JOIN assets a ON a.id = x.asset_id`,
    columns: sql`who.name AS who, a.name AS what, x.end_date AS detail, NULL AS amount, x.borrower_user_id AS ownerUserId`,
    at: sql`x.handed_over_at`,
  },
}

/** The rows behind a number, newest (highest id) first, `limit` of them below `beforeId`; `unitId` null: 全市. */
export async function listRecords(db: DbOrTx, key: IndicatorKey, w: Window, unitId: number | null, beforeId: number | undefined, limit: number): Promise<(RecordRow & { requestId?: number })[]> {
  const d = DEFINITIONS[key]
  const c = RECORD_COLUMNS[d.source]
  const scope = unitId === null ? sql`` : sql` AND ${d.unit} = ${unitId}`
  const page = beforeId === undefined ? sql`` : sql` AND x.id < ${beforeId}`
  const [rows] = (await db.execute(
    sql`SELECT x.id AS id, ${c.at} AS at, ${d.unit} AS unitId, un.name AS unitName, ${c.columns}
        FROM ${d.from} ${c.joins} LEFT JOIN units un ON un.id = ${d.unit}
        WHERE ${d.where(w)}${scope}${page} ORDER BY x.id DESC LIMIT ${limit}`,
  )) as unknown as Rows<RecordRow & { requestId?: number; amount: number | string | null }>
  return rows.map((row) => ({ ...row, id: Number(row.id), at: utcDate(row.at), unitId: row.unitId === null ? null : Number(row.unitId), amount: row.amount === null ? null : Number(row.amount) }))
}

/** 公务餐 per canteen for one window (the merchant breakdown), counted live from the day's payments. */
export async function mealByMerchant(db: DbOrTx, key: 'meal_payments' | 'meal_amount' | 'meal_over_cap', w: Window, unitId: number | null) {
  const d = DEFINITIONS[key]
  const scope = unitId === null ? sql`` : sql` AND ${d.unit} = ${unitId}`
  const [rows] = (await db.execute(
    sql`SELECT x.merchant_id AS id, m.name AS name, ${d.value} AS value FROM ${d.from} JOIN merchants m ON m.id = x.merchant_id WHERE ${d.where(w)}${scope} GROUP BY x.merchant_id, m.name`,
  )) as unknown as Rows<{ id: number; name: string; value: string | number | null }>
  return rows.map((row) => ({ id: Number(row.id), name: row.name, value: Number(row.value ?? 0) }))
}
