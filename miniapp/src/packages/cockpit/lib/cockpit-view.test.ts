/// <reference types="jest" />
import type { Trend } from '@egj/shared'
import { axisDay, formatValue, groupIndicators, LIGHT_COLORS, lightSummary, roundUp, thresholdText, trendOption, valueWithUnit } from './cockpit-view'

describe('驾驶舱 figures', () => {
  it.each([
    [1234.5, '元', '1,234.50'],
    [0, '元', '0.00'],
    [12.345, '%', '12.3'],
    [3, '笔', '3'],
    [1234567, '公里', '1,234,567'],
    [2.6, '人', '3'],
    [null, '元', '—'],
    [Number.NaN, '笔', '—'],
  ])('%s %s → %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text)
  })

  it('writes the unit after the figure, never after a dash', () => {
    expect(valueWithUnit(12.5, '%')).toBe('12.5 %')
    expect(valueWithUnit(null, '笔')).toBe('—')
  })

  it('says the thresholds in words, with the bad direction', () => {
    expect(thresholdText({ yellow: 1, red: 3, direction: 'higher_is_bad' })).toBe('黄灯 ≥ 1 · 红灯 ≥ 3 · 越高越差')
    expect(thresholdText({ yellow: 30, red: 10, direction: 'lower_is_bad' }, '%')).toBe('黄灯 ≤ 30% · 红灯 ≤ 10% · 越低越差')
    expect(thresholdText({ yellow: null, red: 2, direction: 'higher_is_bad' })).toBe('红灯 ≥ 2 · 越高越差')
    expect(thresholdText({ yellow: null, red: null, direction: 'higher_is_bad' })).toBe('不亮灯')
  })

  it('counts the lights for the summary strip', () => {
    expect(lightSummary([{ light: 'red' }, { light: 'yellow' }, { light: 'red' }, { light: 'green' }]).text).toBe('红灯 2 · 黄灯 1')
    expect(lightSummary([{ light: 'yellow' }]).text).toBe('黄灯 1')
    expect(lightSummary([{ light: 'green' }]).text).toBe('全部绿灯')
  })

  it('groups tiles by module in the cockpit order, keeping each group in the server order', () => {
    const groups = groupIndicators([
      { group: 'tickets', key: 'a' },
      { group: 'meal', key: 'b' },
      { group: 'tickets', key: 'c' },
    ])
    expect(groups.map((g) => [g.label, g.items.map((i) => i.key)])).toEqual([
      ['公务餐', ['b']],
      ['报修', ['a', 'c']],
    ])
  })

  it('labels the axis by month/day', () => {
    expect(axisDay('2026-01-07')).toBe('1/7')
  })
})

describe('trend chart option', () => {
  const trend: Pick<Trend, 'points' | 'thresholds' | 'unit' | 'name'> = {
    name: '报修超时',
    unit: '单',
    thresholds: { yellow: 1, red: null, direction: 'higher_is_bad' },
    points: [
      { date: '2026-12-06', value: 0, light: 'green' },
      { date: '2026-12-07', value: null, light: 'green' },
      { date: '2026-12-08', value: 2, light: 'yellow' },
    ],
  }
  const option = trendOption(trend) as { series: { data: { value: number | null; itemStyle: { color: string } }[]; markLine?: { data: { yAxis: number }[] } }[]; animation: boolean; tooltip: { confine: boolean } }

  it('colours each point by its light and leaves a day without a figure empty', () => {
    expect(option.series[0]!.data.map((d) => [d.value, d.itemStyle.color])).toEqual([
      [0, LIGHT_COLORS.green],
      [null, LIGHT_COLORS.green],
      [2, LIGHT_COLORS.yellow],
    ])
  })

  it('marks only the thresholds that are set', () => {
    expect(option.series[0]!.markLine!.data.map((m) => m.yAxis)).toEqual([1])
    expect((trendOption({ ...trend, thresholds: { yellow: null, red: null, direction: 'higher_is_bad' } }) as typeof option).series[0]!.markLine).toBeUndefined()
    // yellow equal to red: one line, red (two labels would sit on each other)
    expect((trendOption({ ...trend, thresholds: { yellow: 1, red: 1, direction: 'higher_is_bad' } }) as typeof option).series[0]!.markLine!.data.map((m) => [m.yAxis, (m as { name?: string }).name])).toEqual([[1, '红灯']])
  })

  it('tops the axis at a round number above the highest threshold line', () => {
    expect([roundUp(10998.9, 1), roundUp(3.3, 1), roundUp(3.3), roundUp(22), roundUp(0.34), roundUp(0.44), roundUp(0), roundUp(Number.NaN)]).toEqual([15000, 4, 3.5, 25, 0.35, 0.45, 1, 1])
    const max = (trendOption({ ...trend, thresholds: { yellow: 9000, red: 9999, direction: 'higher_is_bad' } }) as { yAxis: { max: (e: { max: number }) => number } }).yAxis.max
    expect(max({ max: 2 })).toBe(15000)
  })

  it('is made for a phone: no animation, tooltip kept inside', () => {
    expect(option.animation).toBe(false)
    expect(option.tooltip.confine).toBe(true)
  })
})
