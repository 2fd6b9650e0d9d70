import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

// China has one time zone and no DST: a fixed +08:00 offset avoids needing Intl time-zone data,
// which some mini-program runtimes lack.
const SHANGHAI_OFFSET_MINUTES = 8 * 60

/** "2025-11-21T04:30:00Z" → "11月21日 12:30" (Asia/Shanghai); other years get the year too. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const time = dayjs(iso).utcOffset(SHANGHAI_OFFSET_MINUTES)
  if (!time.isValid()) return ''
  const sameYear = time.year() === dayjs(now).utcOffset(SHANGHAI_OFFSET_MINUTES).year()
  return time.format(sameYear ? 'M月D日 HH:mm' : 'YYYY年M月D日 HH:mm')
}
