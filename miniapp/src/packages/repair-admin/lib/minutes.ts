/*
 * SLA targets are working minutes; people set them in hours and minutes. Working hours are
 * minute-of-day spans; people pick "08:30".
 */

/** 30 → 30分钟, 120 → 2小时, 450 → 7小时30分 */
export function minutesText(total: number): string {
  const minutes = Math.max(0, Math.round(total))
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (!h) return `${m}分钟`
  return m ? `${h}小时${m}分` : `${h}小时`
}

/** 450 → { hours: '7', minutes: '30' } (the two inputs of a target) */
export function splitMinutes(total: number): { hours: string; minutes: string } {
  const minutes = Math.max(0, Math.round(total))
  return { hours: String(Math.floor(minutes / 60)), minutes: String(minutes % 60) }
}

/** What was typed in the two inputs → minutes; null when either is not a whole number or the minutes are ≥ 60. */
export function joinMinutes(hours: string, minutes: string): number | null {
  const h = hours.trim() === '' ? 0 : Number(hours)
  const m = minutes.trim() === '' ? 0 : Number(minutes)
  if (!Number.isInteger(h) || !Number.isInteger(m) || h < 0 || m < 0 || m >= 60) return null
  return h * 60 + m
}

/** 510 → "08:30"; 1440 → "24:00" */
export const clockOfMinute = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`
/** "08:30" → 510 */
export const minuteOfClock = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5))

export interface Span {
  start: number
  end: number
}

/** What is wrong with a day's working hours, in Chinese (null: fine): each span ends after it starts; none overlap. */
export function spansProblem(spans: Span[]): string | null {
  if (!spans.length) return '请至少设置一段工作时间'
  if (spans.some((s) => s.end <= s.start)) return '每段的结束时间应晚于开始时间'
  const sorted = [...spans].sort((a, b) => a.start - b.start)
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return '工作时间段不能重叠'
  return null
}

/** Working minutes in a day of these spans: 08:30–12:00 and 13:30–17:30 → 450 */
export const dayMinutes = (spans: Span[]) => spans.reduce((sum, s) => sum + Math.max(0, s.end - s.start), 0)

const WEEKDAY_NAMES = ['一', '二', '三', '四', '五', '六', '日']
/** Monday = 1 … Sunday = 7 → 周一 … 周日 */
export const weekdayName = (day: number) => `周${WEEKDAY_NAMES[day - 1] ?? ''}`

/** 96.5 → 96.5%, 100 → 100%, null (nothing to count) → — */
export const percentText = (percent: number | null) => (percent === null ? '—' : `${Math.round(percent * 10) / 10}%`)
