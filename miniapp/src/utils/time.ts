import { inShanghai } from '@egj/shared'

/** "2025-11-21T04:30:00Z" → "11月21日 12:30" (Asia/Shanghai); other years get the year too. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const time = inShanghai(iso)
  if (!time.isValid()) return ''
  return time.format(time.year() === inShanghai(now).year() ? 'M月D日 HH:mm' : 'YYYY年M月D日 HH:mm')
}
