import {
  ROOM_GRID_MINUTES,
  ROOM_MAX_BOOKING_HOURS,
  shanghaiDate,
  shanghaiDayStart,
  shanghaiMinuteOfDay,
  type RoomBookingStatus,
} from '@egj/shared'
import { AppError } from '../../../lib/errors'

export const MINUTE_MS = 60_000
export const DAY_MS = 86_400_000
export const WEEK_MS = 7 * DAY_MS
export const GRID_MS = ROOM_GRID_MINUTES * MINUTE_MS
/** A series at most this many occurrences. */
export const MAX_OCCURRENCES = 52

/** Statuses that hold a room's slots. */
export const HOLDING: RoomBookingStatus[] = ['pending_approval', 'confirmed']
export const isHolding = (status: RoomBookingStatus) => HOLDING.includes(status)

export interface RoomRules {
  capacity: number
  openFromMinute: number
  openToMinute: number
  horizonDays: number
  status: 'active' | 'disabled'
}

/** The date `days` after a YYYY-MM-DD (calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`)
  return new Date(at.getTime() + days * DAY_MS).toISOString().slice(0, 10)
}

/**
 * The booking rules for one [start, end) in a room: 5-minute grid, at most 12 h, not in the past,
 * within the horizon, inside the day's open hours (Asia/Shanghai). Throws the first broken rule.
 */
export function checkTimes(room: RoomRules, startAt: Date, endAt: Date, now: Date): void {
  if (room.status !== 'active') throw new AppError('ROOM_UNAVAILABLE')
  if (startAt.getTime() % GRID_MS !== 0 || endAt.getTime() % GRID_MS !== 0) throw new AppError('ROOM_OFF_GRID')
  if (endAt.getTime() <= startAt.getTime()) throw new AppError('VALIDATION_FAILED', { field: 'endAt' }, '结束时间须晚于开始时间')
  if (endAt.getTime() - startAt.getTime() > ROOM_MAX_BOOKING_HOURS * 3_600_000) throw new AppError('ROOM_TOO_LONG')
  if (startAt.getTime() < now.getTime()) throw new AppError('ROOM_IN_PAST')
  if (shanghaiDate(startAt) > addDays(shanghaiDate(now), room.horizonDays)) throw new AppError('ROOM_TOO_FAR', { horizonDays: room.horizonDays }, `该会议室只能预订 ${room.horizonDays} 天内的时段`)
  const day = shanghaiDate(startAt)
  const fromMinute = shanghaiMinuteOfDay(startAt)
  // the end may be midnight of the next day (minute 1440) but no later
  const toMinute = (endAt.getTime() - shanghaiDayStart(day).getTime()) / MINUTE_MS
  if (fromMinute < room.openFromMinute || toMinute > room.openToMinute) throw new AppError('ROOM_OUTSIDE_HOURS', { openFromMinute: room.openFromMinute, openToMinute: room.openToMinute })
}

export function checkCapacity(room: Pick<RoomRules, 'capacity'>, attendeeCount: number, confirmed: boolean): void {
  if (attendeeCount > room.capacity && !confirmed) {
    throw new AppError('ROOM_OVER_CAPACITY', { capacity: room.capacity, attendeeCount }, `参会人数 ${attendeeCount} 人超过会议室容纳人数 ${room.capacity} 人，确认后仍可预订`)
  }
}

export interface Span {
  startAt: Date
  endAt: Date
}

/** The weekly occurrences of [start, end) until `weeklyUntil` (inclusive, Asia/Shanghai dates). */
export function weeklyOccurrences(first: Span, weeklyUntil: string, horizonLastDay: string): Span[] {
  if (weeklyUntil < shanghaiDate(first.startAt)) throw new AppError('VALIDATION_FAILED', { field: 'recurrence.weeklyUntil' }, '重复截止日期不能早于首次会议日期')
  if (weeklyUntil > horizonLastDay) throw new AppError('ROOM_SERIES_TOO_LONG')
  const spans: Span[] = []
  for (let k = 0; ; k++) {
    const startAt = new Date(first.startAt.getTime() + k * WEEK_MS)
    if (shanghaiDate(startAt) > weeklyUntil) break
    if (spans.length >= MAX_OCCURRENCES) throw new AppError('ROOM_SERIES_TOO_LONG')
    spans.push({ startAt, endAt: new Date(first.endAt.getTime() + k * WEEK_MS) })
  }
  return spans
}

/** The 5-minute slots [start, end) covers. */
export function slotsOf(span: Span): Date[] {
  const slots: Date[] = []
  for (let t = span.startAt.getTime(); t < span.endAt.getTime(); t += GRID_MS) slots.push(new Date(t))
  return slots
}

export const ceilToGrid = (at: Date) => new Date(Math.ceil(at.getTime() / GRID_MS) * GRID_MS)

export const overlaps = (a: Span, b: Span) => a.startAt.getTime() < b.endAt.getTime() && b.startAt.getTime() < a.endAt.getTime()

/** The same time of day as `template`, on the Asia/Shanghai date of `on` (China keeps one offset all year). */
export function sameTimeOfDay(template: Span, on: Date): Span {
  const offset = template.startAt.getTime() - shanghaiDayStart(shanghaiDate(template.startAt)).getTime()
  const startAt = new Date(shanghaiDayStart(shanghaiDate(on)).getTime() + offset)
  return { startAt, endAt: new Date(startAt.getTime() + (template.endAt.getTime() - template.startAt.getTime())) }
}
