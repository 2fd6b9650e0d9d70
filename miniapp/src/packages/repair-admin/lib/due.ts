import { TICKET_OPEN_STATUSES, TICKET_SLA_STEPS, type TicketListItem, type TicketStatus } from '@egj/shared'
import { formatTime } from '../../../utils/time'

/*
 * How close a ticket in a list is to its deadline. The BFF counts the SLA in working minutes and
 * says `breached` once a clock is past its target; a list row has no clock, only the deadlines
 * (acceptBy / finishBy, already in working time), so 即将超时 is judged on the wall clock: the
 * share of the time from the report to the deadline that has gone by (≥ 75 %, the holder's
 * reminder step). Overnight and over a weekend that share runs a little ahead of the working
 * minutes: the row warns early, never late.
 */

export type DueLevel = 'none' | 'ok' | 'soon' | 'over'
export interface Due {
  level: DueLevel
  /** the clock the level is about: to accept (not accepted yet) or to finish */
  which: 'accept' | 'finish'
  /** the deadline shown: 「X 前完成」 */
  deadline: string
}

const WARN_SHARE = (TICKET_SLA_STEPS.find((s) => s.level === 'warn')?.percent ?? 75) / 100
const OPEN = TICKET_OPEN_STATUSES as readonly TicketStatus[]
/** not accepted yet: the accept clock runs too */
const WAITING = ['submitted', 'assigned'] as readonly TicketStatus[]

const RANK: Record<DueLevel, number> = { none: 0, ok: 1, soon: 2, over: 3 }

function levelOf(startMs: number, deadlineIso: string, nowMs: number, stopped: boolean): DueLevel {
  const deadline = Date.parse(deadlineIso)
  if (Number.isNaN(deadline)) return 'ok'
  if (nowMs >= deadline) return 'over'
  if (stopped) return 'ok'
  const span = deadline - startMs
  if (span <= 0) return 'soon'
  return (nowMs - startMs) / span >= WARN_SHARE ? 'soon' : 'ok'
}

type DueInput = Pick<TicketListItem, 'status' | 'acceptBy' | 'finishBy' | 'breached' | 'createdAt'>

/** The worse of the ticket's running clocks; `none` once it is no one's work (finished, closed, cancelled). */
export function dueOf(item: DueInput, now: Date = new Date()): Due {
  if (!OPEN.includes(item.status)) return { level: 'none', which: 'finish', deadline: item.finishBy }
  const nowMs = now.getTime()
  const start = Date.parse(item.createdAt)
  // paused: the clock stands still (the deadline moves out as long as it lasts), so no 即将超时
  const paused = item.status === 'paused'
  const finish: Due = { level: levelOf(start, item.finishBy, nowMs, paused), which: 'finish', deadline: item.finishBy }
  let worst = finish
  if (WAITING.includes(item.status)) {
    const accept: Due = { level: levelOf(start, item.acceptBy, nowMs, false), which: 'accept', deadline: item.acceptBy }
    if (RANK[accept.level] > RANK[worst.level]) worst = accept
  }
  // the BFF's word wins: its clocks leave paused time out, so `breached` may come before the wall clock says so (or after)
  if (item.breached && worst.level !== 'over') return { ...worst, level: 'over' }
  return worst
}

/** 「12月8日 17:30 前完成」 / 「…前接单」 */
export function deadlineText(due: Due, now: Date = new Date()): string {
  return `${formatTime(due.deadline, now)} 前${due.which === 'accept' ? '接单' : '完成'}`
}

/** The tag beside it: 已超时 (red) / 即将超时 (orange); nothing otherwise. */
export function dueTag(due: Due): { text: string; tone: 'red' | 'orange' } | null {
  if (due.level === 'over') return { text: due.which === 'accept' ? '接单超时' : '已超时', tone: 'red' }
  if (due.level === 'soon') return { text: '即将超时', tone: 'orange' }
  return null
}
