import { inShanghai, PAGES, pageUrl } from '@egj/shared'

export const BOOK_PAGE = pageUrl(PAGES.mealBook)
export const bookChangePage = (orderId: number) => pageUrl(PAGES.mealBook, { id: orderId })
export const BOOKINGS_PAGE = pageUrl(PAGES.mealBookings)

const WEEKDAYS = '日一二三四五六'

/** The Monday of the week `day` (YYYY-MM-DD) is in, `weeks` weeks later. */
export function mondayOf(day: string, weeks = 0): string {
  const d = inShanghai(`${day}T12:00:00+08:00`)
  return d.subtract((d.day() + 6) % 7, 'day').add(weeks * 7, 'day').format('YYYY-MM-DD')
}

export const addDays = (day: string, n: number) => inShanghai(`${day}T12:00:00+08:00`).add(n, 'day').format('YYYY-MM-DD')
export const todayText = () => inShanghai(new Date()).format('YYYY-MM-DD')
/** "12月8日 周一" */
export function dayText(day: string): string {
  const d = inShanghai(`${day}T12:00:00+08:00`)
  return `${d.format('M月D日')} 周${WEEKDAYS[d.day()]}`
}
/** "周一" and "8" for a day tab */
export function dayTab(day: string): { weekday: string; date: string } {
  const d = inShanghai(`${day}T12:00:00+08:00`)
  return { weekday: day === todayText() ? '今天' : `周${WEEKDAYS[d.day()]}`, date: d.format('M/D') }
}
/** "09:30 截止", or "前一天 20:00 截止" when the cut-off is on an earlier day */
export function cutoffText(cutoffAt: string, day: string): string {
  const at = inShanghai(cutoffAt)
  const on = at.format('YYYY-MM-DD')
  return on === day ? `${at.format('HH:mm')} 截止` : `${on === addDays(day, -1) ? '前一天' : at.format('M月D日')} ${at.format('HH:mm')} 截止`
}
export const isClosed = (cutoffAt: string | null, now: Date) => cutoffAt === null || Date.parse(cutoffAt) <= now.getTime()
