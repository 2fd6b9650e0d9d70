/// <reference types="jest" />
import { clockOfMinute, dayMinutes, joinMinutes, minuteOfClock, minutesText, percentText, spansProblem, splitMinutes, weekdayName } from './minutes'

describe('minutes ↔ hours text', () => {
  it('writes minutes as hours and minutes', () => {
    expect(minutesText(30)).toBe('30分钟')
    expect(minutesText(120)).toBe('2小时')
    expect(minutesText(450)).toBe('7小时30分')
    expect(minutesText(0)).toBe('0分钟')
  })
  it('splits and joins the two inputs', () => {
    expect(splitMinutes(450)).toEqual({ hours: '7', minutes: '30' })
    expect(joinMinutes('7', '30')).toBe(450)
    expect(joinMinutes('2', '')).toBe(120)
    expect(joinMinutes('', '45')).toBe(45)
    expect(joinMinutes('1.5', '0')).toBeNull()
    expect(joinMinutes('1', '60')).toBeNull()
    expect(joinMinutes('-1', '0')).toBeNull()
    expect(joinMinutes('x', '0')).toBeNull()
  })
  it('turns minute-of-day into a clock and back', () => {
    expect(clockOfMinute(510)).toBe('08:30')
    expect(clockOfMinute(1440)).toBe('24:00')
    expect(minuteOfClock('13:30')).toBe(810)
  })
  it('checks a day’s spans', () => {
    const day = [
      { start: 510, end: 720 },
      { start: 810, end: 1050 },
    ]
    expect(spansProblem(day)).toBeNull()
    expect(dayMinutes(day)).toBe(450)
    expect(spansProblem([])).toBe('请至少设置一段工作时间')
    expect(spansProblem([{ start: 720, end: 510 }])).toBe('每段的结束时间应晚于开始时间')
    expect(spansProblem([{ start: 810, end: 1050 }, { start: 510, end: 900 }])).toBe('工作时间段不能重叠')
  })
  it('names the weekdays Monday = 1', () => {
    expect([1, 5, 7].map(weekdayName)).toEqual(['周一', '周五', '周日'])
  })
})

describe('percentText', () => {
  it('writes a share with at most one decimal, and — when there is nothing to count', () => {
    expect(percentText(96.54)).toBe('96.5%')
    expect(percentText(100)).toBe('100%')
    expect(percentText(0)).toBe('0%')
    expect(percentText(null)).toBe('—')
  })
})
