import { addWorkingDays, addWorkingMinutes, DEFAULT_CALENDAR, isWorkingDay, workingMinutesBetween, type WorkCalendarData } from './working-time'

// 2026-10-09 is a Friday, 10-10 a 调休 Saturday (worked), 10-11 a Sunday; 10-01…07 国庆 (off).
const calendar: WorkCalendarData = {
  ...DEFAULT_CALENDAR,
  days: new Map([
    ['2026-10-01', 'holiday'],
    ['2026-10-07', 'holiday'],
    ['2026-10-10', 'workday'],
  ]),
}
const at = (text: string) => new Date(`${text}+08:00`)

describe('working time (SLA clocks count only working hours on working days)', () => {
  it('knows a 调休 Saturday works, a weekday holiday does not, and a plain weekend does not', () => {
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true)
    expect(isWorkingDay(calendar, '2026-10-07')).toBe(false)
    expect(isWorkingDay(calendar, '2026-10-11')).toBe(false)
    expect(isWorkingDay(calendar, '2026-10-12')).toBe(true)
  })

  it('skips the lunch break and ends a target at the end of a span, not the start of the next', () => {
    expect(addWorkingMinutes(calendar, at('2026-10-12T11:00:00'), 60)).toEqual(at('2026-10-12T12:00:00'))
    expect(addWorkingMinutes(calendar, at('2026-10-12T11:00:00'), 90)).toEqual(at('2026-10-12T14:00:00'))
    // reported in the lunch break: the clock starts at 13:30
    expect(addWorkingMinutes(calendar, at('2026-10-12T12:30:00'), 30)).toEqual(at('2026-10-12T14:00:00'))
  })

  it('carries a Friday-afternoon target over the weekend to Monday', () => {
    // 2026-10-16 Fri 17:00 + 2 h: 30 min on Friday, 90 min on Monday the 19th
    expect(addWorkingMinutes(calendar, at('2026-10-16T17:00:00'), 120)).toEqual(at('2026-10-19T10:00:00'))
    expect(workingMinutesBetween(calendar, at('2026-10-16T17:00:00'), at('2026-10-19T10:00:00'))).toBe(120)
  })

  it('counts the 调休 Saturday as a working day', () => {
    // Friday 10-09 17:00 + 2 h: 30 min Friday, 90 min on Saturday the 10th (调休)
    expect(addWorkingMinutes(calendar, at('2026-10-09T17:00:00'), 120)).toEqual(at('2026-10-10T10:00:00'))
    expect(workingMinutesBetween(calendar, at('2026-10-09T00:00:00'), at('2026-10-12T00:00:00'))).toBe(900)
  })

  it('skips a holiday on a weekday', () => {
    // 2026-10-06 Tue (not marked here) 17:00 + 60 min: 30 min, then 10-07 is a holiday → 10-08 09:00
    expect(addWorkingMinutes(calendar, at('2026-10-06T17:00:00'), 60)).toEqual(at('2026-10-08T09:00:00'))
  })

  it('answers 0 for an empty or reversed interval and for time outside working hours', () => {
    expect(workingMinutesBetween(calendar, at('2026-10-12T10:00:00'), at('2026-10-12T09:00:00'))).toBe(0)
    expect(workingMinutesBetween(calendar, at('2026-10-11T08:00:00'), at('2026-10-11T20:00:00'))).toBe(0)
    expect(workingMinutesBetween(calendar, at('2026-10-12T12:05:00'), at('2026-10-12T13:20:00'))).toBe(0)
  })

  it('is the inverse of adding, over weeks', () => {
    const from = at('2026-10-13T15:17:00')
    for (const minutes of [1, 29, 450, 451, 2000, 9000]) expect(workingMinutesBetween(calendar, from, addWorkingMinutes(calendar, from, minutes))).toBe(minutes)
  })

  it('counts whole working days after a day (督办 due dates): over a weekend, a holiday, onto a 调休 Saturday', () => {
    // Friday 10-16 + 3: Mon 19, Tue 20, Wed 21
    expect(addWorkingDays(calendar, '2026-10-16', 3)).toBe('2026-10-21')
    // Tuesday 09-29 + 3: Wed 30, (10-01 holiday), Fri 10-02, Mon 10-05
    expect(addWorkingDays(calendar, '2026-09-29', 3)).toBe('2026-10-05')
    // Thursday 10-08 + 2: Fri 09, 调休 Sat 10
    expect(addWorkingDays(calendar, '2026-10-08', 2)).toBe('2026-10-10')
    expect(addWorkingDays(calendar, '2026-10-08', 0)).toBe('2026-10-08')
  })
})
