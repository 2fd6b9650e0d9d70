import { inShanghai } from '@egj/shared'

/** "2025-11-21T04:30:00Z" → "11月21日 12:30" (Asia/Shanghai); other years get the year too. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const time = inShanghai(iso)
  if (!time.isValid()) return ''
  return time.format(time.year() === inShanghai(now).year() ? 'M月D日 HH:mm' : 'YYYY年M月D日 HH:mm')
}

/*
 * Days, clock times and windows as every module's pages write them (Asia/Shanghai). Our own code
 * is tree-shaken: only what the main package calls stays in it.
 */
const WEEKDAYS = '日一二三四五六'
/** "2025-11-21" or an instant → "11月21日 周五" */
export function dayText(at: string | Date): string {
  const t = inShanghai(typeof at === 'string' && at.length === 10 ? `${at}T12:00:00+08:00` : at)
  return `${t.format('M月D日')} 周${WEEKDAYS[t.day()]}`
}
/** "14:05" */
export const clockText = (iso: string | Date) => inShanghai(iso).format('HH:mm')
/** "11月21日 14:05" */
export const momentText = (iso: string | Date) => inShanghai(iso).format('M月D日 HH:mm')
/** A window on one line: "11月21日 周五 09:00–11:30", or across days "11月21日 09:00 – 11月23日 17:00". */
export function windowText(startAt: string, endAt: string): string {
  const a = inShanghai(startAt)
  const b = inShanghai(endAt)
  if (a.format('YYYY-MM-DD') === b.format('YYYY-MM-DD')) return `${dayText(startAt)} ${a.format('HH:mm')}–${b.format('HH:mm')}`
  return `${a.format('M月D日 HH:mm')} – ${b.format('M月D日 HH:mm')}`
}
/** A day and "HH:mm" picked on the phone → the ISO instant the API takes. */
export const shanghaiInstant = (day: string, time: string) => `${day}T${time}:00+08:00`
export const todayInShanghai = () => inShanghai(new Date()).format('YYYY-MM-DD')
export const thisMonthInShanghai = () => inShanghai(new Date()).format('YYYY-MM')
/** "2025-11-21" + n days */
export const addDays = (day: string, n: number) => inShanghai(`${day}T12:00:00+08:00`).add(n, 'day').format('YYYY-MM-DD')
/** "2025-11" → "2025年11月" */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
