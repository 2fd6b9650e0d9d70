import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

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
