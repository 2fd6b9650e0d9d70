import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import { z } from './zod'

dayjs.extend(utc)

/**
 * Times are stored UTC and shown in Asia/Shanghai. China has one fixed offset (UTC+8, no daylight
 * saving), so a fixed utcOffset is exact and needs no time-zone database on the phone.
 */
export const SHANGHAI_OFFSET_MINUTES = 8 * 60

export const inShanghai = (at: Date | string | number) => dayjs(at).utcOffset(SHANGHAI_OFFSET_MINUTES)

/** Minutes after local midnight in Asia/Shanghai. */
export function shanghaiMinuteOfDay(at: Date): number {
  const local = inShanghai(at)
  return local.hour() * 60 + local.minute()
}

/** "YYYY-MM-DD" of the Asia/Shanghai calendar day. */
export const shanghaiDate = (at: Date) => inShanghai(at).format('YYYY-MM-DD')

/** The UTC instant at which the Asia/Shanghai day "YYYY-MM-DD" starts. */
export const shanghaiDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`)

/** "HH:mm" for minutes after midnight. */
export const formatMinute = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

/** Years a date or month in a request may name: anything outside is a typo (0000-01, 9999-12), not a plan. */
export const CALENDAR_MIN_YEAR = 2000
export const CALENDAR_MAX_YEAR = 2099

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()
const yearInRange = (year: number) => year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR
const YEAR_MESSAGE = `年份须在 ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR} 之间`

/**
 * A real calendar day, "YYYY-MM-DD" (2026-02-29 and 2026-13-01 are not). Every schema that takes a
 * date uses this: a date that does not exist would otherwise reach `new Date()` as Invalid Date.
 */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式为 YYYY-MM-DD', abort: true })
  .refine((text) => yearInRange(Number(text.slice(0, 4))), { error: YEAR_MESSAGE, abort: true })
  .refine((text) => {
    const [year, month, day] = text.split('-').map(Number)
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  }, '没有这一天，请检查月份和日期')

/** A real calendar month, "YYYY-MM" (2026-13 and 0000-01 are not). */
export const CalendarMonth = z
  .string()
  .regex(/^\d{4}-\d{2}$/, { error: '月份格式为 YYYY-MM', abort: true })
  .refine((text) => yearInRange(Number(text.slice(0, 4))), { error: YEAR_MESSAGE, abort: true })
  .refine((text) => {
    const month = Number(text.slice(5))
    return month >= 1 && month <= 12
  }, '月份须在 01–12 之间')

/**
 * An instant in a request: ISO 8601 with its offset (2026-12-01T09:00:00+08:00 or …Z), parsed to a
 * Date. Without an offset the time would be ambiguous between the phone's zone and the server's.
 */
export const Instant = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, { error: '时间格式应为带时区的 ISO 8601，例如 2026-12-01T09:00:00+08:00', abort: true })
  .transform((text, ctx) => {
    const at = new Date(text)
    const year = at.getUTCFullYear()
    if (Number.isNaN(at.getTime()) || year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR || !sameWallClock(text, at)) {
      ctx.addIssue({ code: 'custom', message: '没有这个时间，请检查日期和时刻' })
      return z.NEVER
    }
    return at
  })

/** 2026-02-31T10:00+08:00 parses (rolled over to March): compare the written fields with the parsed instant. */
function sameWallClock(text: string, at: Date): boolean {
  const offset = text.endsWith('Z') ? 0 : (text.slice(-6, -5) === '-' ? -1 : 1) * (Number(text.slice(-5, -3)) * 60 + Number(text.slice(-2)))
  const local = new Date(at.getTime() + offset * 60_000)
  const [date, time] = text.split('T')
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi] = time.slice(0, 5).split(':').map(Number)
  return local.getUTCFullYear() === y && local.getUTCMonth() + 1 === mo && local.getUTCDate() === d && local.getUTCHours() === h && local.getUTCMinutes() === mi
}
