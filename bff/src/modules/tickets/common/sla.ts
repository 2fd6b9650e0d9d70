import type { SlaTarget, TicketClocks, TicketStatus } from '@egj/shared'
import { addWorkingMinutes, workingMinutesBetween, type WorkCalendarData } from './working-time'

/** The clock columns of a ticket row. */
export interface ClockRow {
  status: TicketStatus
  clockStartedAt: Date
  acceptTargetMinutes: number
  finishTargetMinutes: number
  acceptBy: Date
  finishBy: Date
  acceptedAt: Date | null
  pausedAt: Date | null
  pausedMinutes: number
  finishedAt: Date | null
  closedAt: Date | null
}

/** A clock started (at the report, or again at a reopening): the targets and when they fall due. */
export function startClock(calendar: WorkCalendarData, target: Pick<SlaTarget, 'acceptMinutes' | 'finishMinutes'>, at: Date) {
  return {
    clockStartedAt: at,
    acceptTargetMinutes: target.acceptMinutes,
    finishTargetMinutes: target.finishMinutes,
    acceptBy: addWorkingMinutes(calendar, at, target.acceptMinutes),
    finishBy: addWorkingMinutes(calendar, at, target.finishMinutes),
    acceptedAt: null,
    pausedAt: null,
    pausedMinutes: 0,
  }
}

/**
 * Resuming after a pause: the working minutes paused are added to what was paused before and the
 * finish target moves by as much (paused time does not count). A target already missed when the
 * ticket was paused stays missed.
 */
export function resumeClock(calendar: WorkCalendarData, row: Pick<ClockRow, 'pausedAt' | 'pausedMinutes' | 'finishBy'>, at: Date) {
  const paused = row.pausedAt ? workingMinutesBetween(calendar, row.pausedAt, at) : 0
  const stillDue = row.pausedAt && row.finishBy.getTime() > row.pausedAt.getTime()
  return { pausedAt: null, pausedMinutes: row.pausedMinutes + paused, finishBy: stillDue ? addWorkingMinutes(calendar, row.finishBy, paused) : row.finishBy }
}

/** Where the clock stops for good: finished, or closed / cancelled without a finish. */
const stoppedAt = (row: ClockRow) => row.finishedAt ?? (row.status === 'cancelled' || row.status === 'closed' ? row.closedAt : null)

/** The clocks as a ticket shows them, at `now`: working minutes used against each target. */
export function clocksOf(calendar: WorkCalendarData, row: ClockRow, now: Date): TicketClocks {
  const end = stoppedAt(row) ?? now
  const pausedNow = row.pausedAt && !stoppedAt(row) ? workingMinutesBetween(calendar, row.pausedAt, now) : 0
  const pausedMinutes = row.pausedMinutes + pausedNow
  const acceptUsedMinutes = workingMinutesBetween(calendar, row.clockStartedAt, row.acceptedAt ?? end)
  const finishUsedMinutes = Math.max(0, workingMinutesBetween(calendar, row.clockStartedAt, end) - pausedMinutes)
  const acceptBreached = acceptUsedMinutes > row.acceptTargetMinutes
  const finishBreached = finishUsedMinutes > row.finishTargetMinutes
  return {
    startedAt: row.clockStartedAt.toISOString(),
    acceptBy: row.acceptBy.toISOString(),
    finishBy: row.finishBy.toISOString(),
    pausedMinutes,
    acceptTargetMinutes: row.acceptTargetMinutes,
    finishTargetMinutes: row.finishTargetMinutes,
    acceptUsedMinutes,
    finishUsedMinutes,
    acceptBreached,
    finishBreached,
    breached: acceptBreached || finishBreached,
  }
}
