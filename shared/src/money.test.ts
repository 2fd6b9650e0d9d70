import { formatMoney, formatYuan, parseYuan } from './money'

describe('money in 分', () => {
  it('formats 分 as 元 without floating point', () => {
    expect(formatYuan(1500)).toBe('15.00')
    expect(formatYuan(1)).toBe('0.01')
    expect(formatYuan(100000)).toBe('1000.00')
    expect(formatYuan(-250)).toBe('-2.50')
  })

  it('shows every amount one way: ¥15.00, -¥3.00', () => {
    expect(formatMoney(1500)).toBe('¥15.00')
    expect(formatMoney(0)).toBe('¥0.00')
    expect(formatMoney(-300)).toBe('-¥3.00')
    expect(formatMoney(-1)).toBe('-¥0.01')
  })

  it('parses what a diner types', () => {
    expect(parseYuan('15')).toBe(1500)
    expect(parseYuan('15.5')).toBe(1550)
    expect(parseYuan('0.07')).toBe(7)
    expect(parseYuan('19.99')).toBe(1999) // 19.99 * 100 is 1998.9999… in floats
    for (const bad of ['', 'abc', '1.234', '-1', '1e3', '.5']) expect(parseYuan(bad)).toBeNull()
  })
})
