import { CalendarDate, CalendarMonth } from './time'

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => (result.success ? [] : result.error!.issues.map((issue) => issue.message))

describe('CalendarDate', () => {
  it.each(['2026-01-31', '2028-02-29', '2000-01-01', '2099-12-31', '2026-12-31'])('takes the real day %s', (day) => {
    expect(CalendarDate.safeParse(day).success).toBe(true)
  })

  it.each([
    ['2026-13-01', '没有这一天，请检查月份和日期'],
    ['2026-02-31', '没有这一天，请检查月份和日期'],
    ['2026-02-29', '没有这一天，请检查月份和日期'],
    ['2026-04-31', '没有这一天，请检查月份和日期'],
    ['2026-00-10', '没有这一天，请检查月份和日期'],
    ['2026-01-00', '没有这一天，请检查月份和日期'],
    ['9999-99-99', '年份须在 2000–2099 之间'],
    ['0000-01-01', '年份须在 2000–2099 之间'],
    ['1999-12-31', '年份须在 2000–2099 之间'],
    ['2026/11/01', '日期格式为 YYYY-MM-DD'],
    ['2026-1-1', '日期格式为 YYYY-MM-DD'],
  ])('refuses %s with one Chinese message', (day, message) => {
    expect(messages(CalendarDate.safeParse(day))).toEqual([message])
  })
})

describe('CalendarMonth', () => {
  it.each(['2026-01', '2026-12', '2000-01', '2099-12'])('takes %s', (month) => {
    expect(CalendarMonth.safeParse(month).success).toBe(true)
  })

  it.each([
    ['2026-13', '月份须在 01–12 之间'],
    ['2026-00', '月份须在 01–12 之间'],
    ['0000-01', '年份须在 2000–2099 之间'],
    ['9999-12', '年份须在 2000–2099 之间'],
    ['2026-1', '月份格式为 YYYY-MM'],
    ['2026-11-01', '月份格式为 YYYY-MM'],
  ])('refuses %s with one Chinese message', (month, message) => {
    expect(messages(CalendarMonth.safeParse(month))).toEqual([message])
  })
})
