import { DEFAULT_WORK_SPANS, DEFAULT_WORK_WEEKDAYS, inShanghai, shanghaiDate, shanghaiDayStart, type WorkDayKind } from '@egj/shared'

/**
 * Working time: the SLA clocks of 报修 count only the minutes of working hours on working days.
 * A day works when the calendar says so (调休: a weekend day worked), else it is off when the
 * calendar says so (法定节假日), else by its weekday. Hours are minute-of-day spans in Shanghai time
 * (08:30–12:00, 13:30–17:30), so the lunch break does not count either. Pure functions; the
 * calendar is loaded by `calendar.repo.ts`.
 */
export interface WorkCalendarData {
  /** ISO weekdays that work: Monday 1 … Sunday 7 */
  weekdays: ReadonlySet<number>
  /** minute-of-day spans, sorted, not overlapping */
  spans: readonly { start: number; end: number }[]
  /** YYYY-MM-DD → holiday (off) / workday (调休, on) */
  days: ReadonlyMap<string, WorkDayKind>
}

export const DEFAULT_CALENDAR: WorkCalendarData = { weekdays: new Set(DEFAULT_WORK_WEEKDAYS), spans: DEFAULT_WORK_SPANS, days: new Map() }

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
/** A clock never looks further than this: a target beyond it is a mistake, not a plan. */
const MAX_DAYS = 3 * 366

export function isWorkingDay(calendar: WorkCalendarData, day: string): boolean {
  const set = calendar.days.get(day)
  if (set === 'holiday') return false
  if (set === 'workday') return true
  return calendar.weekdays.has(inShanghai(shanghaiDayStart(day)).day() || 7)
}

/** The working periods of one day as instants. */
function periodsOf(calendar: WorkCalendarData, day: string): [number, number][] {
  if (!isWorkingDay(calendar, day)) return []
  const start = shanghaiDayStart(day).getTime()
  return calendar.spans.map((span) => [start + span.start * MINUTE, start + span.end * MINUTE])
}

/** The day after (YYYY-MM-DD), via noon so no offset can move it. */
const nextDay = (day: string) => shanghaiDate(new Date(shanghaiDayStart(day).getTime() + DAY + 12 * 60 * MINUTE))

/**
 * The working day `count` working days after `day` (YYYY-MM-DD), `day` itself not counted: a 督办
 * opened on a Friday with 3 days is due the Wednesday after (or later, past a 法定节假日).
 */
export function addWorkingDays(calendar: WorkCalendarData, day: string, count: number): string {
  let left = Math.max(0, count)
  let next = day
  for (let i = 0; left > 0 && i < MAX_DAYS; i++) {
    next = nextDay(next)
    if (isWorkingDay(calendar, next)) left--
  }
  if (left > 0) throw new Error(`working calendar has no ${count} working days within ${MAX_DAYS} days of ${day}`)
  return next
}

/**
 * The instant `minutes` working minutes after `from`. A target that ends exactly at the end of a
 * span ends there (12:00), not at the start of the next one.
 */
export function addWorkingMinutes(calendar: WorkCalendarData, from: Date, minutes: number): Date {
  let left = Math.max(0, minutes) * MINUTE
  if (left === 0) return new Date(from)
  let day = shanghaiDate(from)
  for (let i = 0; i < MAX_DAYS; i++, day = nextDay(day)) {
    for (const [periodStart, periodEnd] of periodsOf(calendar, day)) {
      const start = Math.max(periodStart, from.getTime())
      if (start >= periodEnd) continue
      if (periodEnd - start >= left) return new Date(start + left)
      left -= periodEnd - start
    }
  }
  throw new Error(`working calendar has no ${minutes} working minutes within ${MAX_DAYS} days of ${from.toISOString()}`)
}

/** Working minutes between two instants (0 when `to` is not after `from`), rounded down. */
export function workingMinutesBetween(calendar: WorkCalendarData, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0
  let total = 0
  let day = shanghaiDate(from)
  const lastDay = shanghaiDate(to)
  for (let i = 0; i < MAX_DAYS; i++, day = nextDay(day)) {
    for (const [periodStart, periodEnd] of periodsOf(calendar, day)) {
      const start = Math.max(periodStart, from.getTime())
      const end = Math.min(periodEnd, to.getTime())
      if (end > start) total += end - start
    }
    if (day === lastDay) break
  }
  return Math.floor(total / MINUTE)
}
