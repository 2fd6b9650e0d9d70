import type { AssetDateRange, AssetLoanReminder } from '@egj/shared'
import { ASSET_LOAN_HORIZON_DAYS } from '@egj/shared'
import { AppError } from '../../../lib/errors'

// 借用 by calendar days (Asia/Shanghai, YYYY-MM-DD, both ends held): pure rules, no I/O.

const DAY_MS = 86_400_000
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`)

export const addDays = (day: string, days: number) => new Date(utc(day) + days * DAY_MS).toISOString().slice(0, 10)
/** `to` − `from`, in days (negative when `to` is earlier). */
export const daysFrom = (from: string, to: string) => Math.round((utc(to) - utc(from)) / DAY_MS)
/** Every day of the range, both ends, in order. */
export const daysOf = (startDate: string, endDate: string) => Array.from({ length: daysFrom(startDate, endDate) + 1 }, (_v, i) => addDays(startDate, i))
/** 3月5日: how a day reads in a sentence. */
export const dayText = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
export const rangeText = (r: AssetDateRange) => (r.startDate === r.endDate ? dayText(r.startDate) : `${dayText(r.startDate)}至${dayText(r.endDate)}`)

/**
 * The dates of a request (the schema has already refused an end before the start): not before
 * today, at most `maxDays` days (both ends counted), starting within ASSET_LOAN_HORIZON_DAYS of today.
 */
export function checkLoanDates(startDate: string, endDate: string, today: string, maxDays: number): void {
  if (startDate < today) throw new AppError('ASSET_LOAN_IN_PAST')
  if (daysFrom(startDate, endDate) + 1 > maxDays) throw new AppError('ASSET_LOAN_TOO_LONG', { maxDays }, `借用时间过长：最长 ${maxDays} 天（含首尾两天）`)
  if (daysFrom(today, startDate) > ASSET_LOAN_HORIZON_DAYS) throw new AppError('ASSET_LOAN_TOO_FAR', { horizonDays: ASSET_LOAN_HORIZON_DAYS }, `借用开始日期太远，请选择 ${ASSET_LOAN_HORIZON_DAYS} 天内的日期`)
}

/**
 * The first range of `length` days starting on or after `from` (and no later than `lastStart`)
 * that touches no held day; null when there is none that soon.
 */
export function nextFreeRange(from: string, length: number, held: ReadonlySet<string>, lastStart: string): AssetDateRange | null {
  let start = from
  while (start <= lastStart) {
    let blocked: string | null = null
    for (let i = length - 1; i >= 0 && !blocked; i--) if (held.has(addDays(start, i))) blocked = addDays(start, i)
    if (!blocked) return { startDate: start, endDate: addDays(start, length - 1) }
    start = addDays(blocked, 1)
  }
  return null
}

/**
 * The reminder steps due for a loan out (handed over, not returned) on `today`: 3 days before the
 * due date and on it to the borrower, then escalating — +1 day the borrower, +3 the borrower's
 * unit's approvers, +7 the centre. A step whose day passed unsent (the job was down) is still due
 * while the loan is out; the two before the due date are dropped once it has passed.
 */
export function dueReminders(endDate: string, today: string): AssetLoanReminder[] {
  const left = daysFrom(today, endDate)
  const steps: AssetLoanReminder[] = []
  if (left >= 1 && left <= 3) steps.push('due_in_3')
  if (left === 0) steps.push('due_today')
  if (left <= -1) steps.push('overdue_1')
  if (left <= -3) steps.push('overdue_3')
  if (left <= -7) steps.push('overdue_7')
  return steps
}
