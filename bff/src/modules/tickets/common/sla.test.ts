import { clocksOf, resumeClock, startClock, type ClockRow } from './sla'
import { DEFAULT_CALENDAR, type WorkCalendarData } from './working-time'

const calendar: WorkCalendarData = { ...DEFAULT_CALENDAR, days: new Map([['2026-10-10', 'workday']]) }
const at = (text: string) => new Date(`${text}+08:00`)

function reported(text: string, target = { acceptMinutes: 60, finishMinutes: 120 }): ClockRow {
  return { status: 'submitted', ...startClock(calendar, target, at(text)), finishedAt: null, closedAt: null }
}

describe('SLA clocks of a ticket', () => {
  it('falls due in working time: Friday 16:30 + 2 h is Monday 09:30 (an hour on Friday, an hour on Monday)', () => {
    const row = reported('2026-10-16T16:30:00')
    expect(row.acceptBy).toEqual(at('2026-10-16T17:30:00'))
    expect(row.finishBy).toEqual(at('2026-10-19T09:30:00'))
    // Sunday evening nothing has been used yet: the weekend does not count
    const sunday = clocksOf(calendar, row, at('2026-10-18T20:00:00'))
    expect(sunday).toMatchObject({ acceptUsedMinutes: 60, finishUsedMinutes: 60, breached: false })
    expect(clocksOf(calendar, row, at('2026-10-19T08:31:00'))).toMatchObject({ acceptBreached: true, finishBreached: false, breached: true })
    expect(clocksOf(calendar, row, at('2026-10-19T09:31:00'))).toMatchObject({ finishUsedMinutes: 121, finishBreached: true })
  })

  it('does not count a pause, and moves the finish target by the paused working time', () => {
    const row = { ...reported('2026-10-12T09:00:00'), status: 'paused' as const, acceptedAt: at('2026-10-12T09:10:00'), pausedAt: at('2026-10-12T10:00:00') }
    // paused over a whole working day: the clock stands at 60 minutes
    expect(clocksOf(calendar, row, at('2026-10-13T10:00:00'))).toMatchObject({ finishUsedMinutes: 60, pausedMinutes: 450, finishBreached: false })
    const resumed = resumeClock(calendar, row, at('2026-10-13T10:00:00'))
    expect(resumed.pausedMinutes).toBe(450)
    // 60 minutes left at the pause → due an hour after the resume
    expect(resumed.finishBy).toEqual(at('2026-10-13T11:00:00'))
  })

  it('keeps a target that was already missed when the ticket was paused', () => {
    const row = { ...reported('2026-10-12T09:00:00'), status: 'paused' as const, acceptedAt: at('2026-10-12T09:10:00'), pausedAt: at('2026-10-12T15:00:00') }
    expect(resumeClock(calendar, row, at('2026-10-13T09:00:00')).finishBy).toEqual(at('2026-10-12T11:00:00'))
  })

  it('counts the 调休 Saturday and stops at the finish', () => {
    const row = { ...reported('2026-10-09T17:00:00'), status: 'finished' as const, acceptedAt: at('2026-10-09T17:10:00'), finishedAt: at('2026-10-10T09:30:00') }
    expect(row.finishBy).toEqual(at('2026-10-10T10:00:00'))
    // looked at a week later, the clock still shows 30 + 60 minutes used
    expect(clocksOf(calendar, row, at('2026-10-17T12:00:00'))).toMatchObject({ finishUsedMinutes: 90, acceptUsedMinutes: 10, breached: false })
  })
})
