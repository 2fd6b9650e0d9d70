import type { EChartsCoreOption } from 'echarts/core'
import { COCKPIT_GROUP_LABELS, COCKPIT_GROUPS, LIGHT_LABELS, THRESHOLD_DIRECTION_LABELS, type CockpitGroup, type Indicator, type Light, type Thresholds, type Trend } from '@egj/shared'

/*
 * What the 驾驶舱 pages show, as plain functions (no Taro, no echarts runtime): numbers, light
 * labels, the summary strip and the trend chart's option. Tested in cockpit-view.test.ts.
 */

/** The lights' own colours (dot, tile edge, chart points). Text never relies on them alone: 绿灯/黄灯/红灯 is written out. */
export const LIGHT_COLORS: Record<Light, string> = { green: '#16a34a', yellow: '#eab308', red: '#dc2626' }

/** 12345.6 → "12,345.6" (weapp's JS engine has no dependable toLocaleString). */
const grouped = (text: string) => text.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+$)/g, ','))

/** A figure as its tile shows it: 元 with 2 decimals, % with 1, counts (笔, 人, 单, 公里 …) whole; null → 「—」. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—'
  if (unit === '元') return grouped(value.toFixed(2))
  if (unit === '%') return value.toFixed(1)
  return grouped(String(Math.round(value)))
}

/** "12.5 %" / "3 笔" / "—" (no unit after a dash). */
export function valueWithUnit(value: number | null, unit: string): string {
  const text = formatValue(value, unit)
  return text === '—' ? text : `${text} ${unit}`
}

export const lightLabel = (light: Light) => LIGHT_LABELS[light]

/** 黄灯 ≥ 1 · 红灯 ≥ 3 · 越高越差 (≤ when lower is bad); 不亮灯 when neither is set. */
export function thresholdText(t: Thresholds, unit = ''): string {
  if (t.yellow === null && t.red === null) return '不亮灯'
  const sign = t.direction === 'higher_is_bad' ? '≥' : '≤'
  const limit = (label: string, v: number | null) => (v === null ? null : `${label} ${sign} ${v}${unit === '%' ? '%' : ''}`)
  return [limit('黄灯', t.yellow), limit('红灯', t.red), THRESHOLD_DIRECTION_LABELS[t.direction]].filter(Boolean).join(' · ')
}

/** 红灯 2 · 黄灯 1 — or 全部绿灯. */
export function lightSummary(indicators: Pick<Indicator, 'light'>[]): { red: number; yellow: number; text: string } {
  const red = indicators.filter((i) => i.light === 'red').length
  const yellow = indicators.filter((i) => i.light === 'yellow').length
  const text = red || yellow ? [red && `红灯 ${red}`, yellow && `黄灯 ${yellow}`].filter(Boolean).join(' · ') : '全部绿灯'
  return { red, yellow, text }
}

/** Tiles by module (公务餐 / 访客 / …) in COCKPIT_GROUPS order, each keeping the server's order. */
export function groupIndicators<T extends Pick<Indicator, 'group'>>(indicators: T[]): { group: CockpitGroup; label: string; items: T[] }[] {
  return COCKPIT_GROUPS.map((group) => ({ group, label: COCKPIT_GROUP_LABELS[group], items: indicators.filter((i) => i.group === group) })).filter((g) => g.items.length > 0)
}

/** The 公务餐 indicators can also be broken down by canteen (按食堂). */
export const canBreakDownByMerchant = (key: string) => key.startsWith('meal_')

/** "2026-12-07" → "12/7" on the chart's axis. */
export const axisDay = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`

const LINE_COLOR = '#0e5fd8'

/** The axis top: `value` rounded up to a half step of its power of ten (3.3 → 3.5, 10,998.9 → 15,000), at least `minStep`; 1 for nothing. */
export function roundUp(value: number, minStep = 0): number {
  if (!(value > 0)) return 1
  const step = Math.max(10 ** Math.floor(Math.log10(value)) / 2, minStep)
  // toPrecision: 7 × 0.05 would read 0.35000000000000003
  return Number((Math.ceil(value / step) * step).toPrecision(12))
}

/**
 * The 30-day trend: one line, each point coloured by its day's light, dashed lines at the yellow
 * and red thresholds. No animation (weapp redraws on every setOption); the tooltip stays inside
 * the canvas (`confine`), which is all a phone has.
 */
export function trendOption(trend: Pick<Trend, 'points' | 'thresholds' | 'unit' | 'name'>): EChartsCoreOption {
  const { points, thresholds, unit } = trend
  const marks = (['yellow', 'red'] as const)
    // yellow at the red line would draw its label over red's
    .filter((light) => thresholds[light] !== null && !(light === 'yellow' && thresholds.yellow === thresholds.red))
    .map((light) => ({
      yAxis: thresholds[light],
      name: LIGHT_LABELS[light],
      lineStyle: { color: LIGHT_COLORS[light], type: 'dashed', width: 1 },
      // at the left end: the right end is where today's point sits
      label: { formatter: `${LIGHT_LABELS[light]} ${thresholds[light]}`, color: LIGHT_COLORS[light], position: 'insideStartTop', fontSize: 10 },
    }))
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 24, bottom: 8 },
    tooltip: {
      trigger: 'axis',
      confine: true,
      // one line: weapp draws the tooltip as canvas text, where <br/> would show as it is
      formatter: (params: { dataIndex: number }[]) => {
        const point = points[params[0]?.dataIndex ?? 0]
        return point ? `${axisDay(point.date)}  ${valueWithUnit(point.value, unit)} · ${LIGHT_LABELS[point.light]}` : ''
      },
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: points.map((p) => axisDay(p.date)),
      axisLabel: { color: '#6b7079', fontSize: 10, hideOverlap: true },
      axisLine: { lineStyle: { color: '#c0c4cc' } },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'value',
      minInterval: unit === '元' || unit === '%' ? 0 : 1,
      axisLabel: { color: '#6b7079', fontSize: 10 },
      splitLine: { lineStyle: { color: '#f0f1f4' } },
      // the threshold lines stay on the chart even when every value is below them
      // rounded up to a round number: ×1.1 alone put labels like 10,998.900000000001 on the axis
      max: (extent: { max: number }) => roundUp(Math.max(extent.max, ...marks.map((m) => (m.yAxis as number) * 1.1)), unit === '元' || unit === '%' ? 0 : 1),
    },
    series: [
      {
        type: 'line',
        name: trend.name,
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 7,
        showAllSymbol: true,
        lineStyle: { color: LINE_COLOR, width: 2 },
        data: points.map((p) => ({ value: p.value, itemStyle: { color: LIGHT_COLORS[p.light] } })),
        markLine: marks.length ? { silent: true, symbol: 'none', data: marks } : undefined,
      },
    ],
  }
}
