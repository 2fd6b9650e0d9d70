/// <reference types="jest" />
import { writeFileSync } from 'node:fs'
import { type Canvas, createCanvas } from '@napi-rs/canvas'
import type { Trend } from '@egj/shared'
import { LIGHT_COLORS, trendOption } from '../lib/cockpit-view'

// ECharts decides at import what it runs on: with a `wx` global it takes the mini-program path
// (no DOM, touch events, tooltip drawn on the canvas), as in WeChat. Without it, under node, it
// would switch the tooltip off altogether.
Object.assign(globalThis, { wx: { getSystemInfoSync: () => ({ pixelRatio: RATIO_OF_PHONE }) } })
// required (not imported) so that it loads after the `wx` global above
const { chartOnCanvasNode, forwardTouch } = require('./canvas-chart') as typeof import('./canvas-chart')

/*
 * The weapp path of the trend chart, drawn for real: WeChat's <Canvas type='2d'> node is stood in
 * for by @napi-rs/canvas (a Skia 2D canvas with the same width/height/getContext('2d') surface and
 * no DOM). Our custom ECharts build must draw the trend onto it: the points in their lights'
 * colours where ECharts says they are, the threshold lines, at the phone's pixel ratio.
 */

const RATIO_OF_PHONE = 2
const days = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`)
const value = (i: number) => [0, 1, 2, 4][i % 4]!
const lightOf = (v: number) => (v >= 3 ? 'red' : v >= 1 ? 'yellow' : 'green') as 'red' | 'yellow' | 'green'
const trend: Trend = {
  key: 'tickets_overdue',
  name: '报修超时',
  unit: '单',
  thresholds: { yellow: 1, red: 3, direction: 'higher_is_bad' },
  points: days.map((date, i) => ({ date, value: value(i), light: lightOf(value(i)) })),
}

const WIDTH = 350
const HEIGHT = 220
const RATIO = RATIO_OF_PHONE

function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]
}

/** Pixels within `radius` (device px) of (x, y) close to `hex`. */
function pixelsNear(canvas: Canvas, x: number, y: number, hex: string, radius = 3): number {
  const [r, g, b] = rgbOf(hex)
  const data = canvas.getContext('2d').getImageData(Math.round(x) - radius, Math.round(y) - radius, radius * 2 + 1, radius * 2 + 1).data
  let hits = 0
  for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - r) < 24 && Math.abs(data[i + 1]! - g) < 24 && Math.abs(data[i + 2]! - b) < 24 && data[i + 3]! > 200) hits += 1
  return hits
}

describe('trend chart on a 2D canvas node (the weapp path)', () => {
  const canvas = createCanvas(WIDTH, HEIGHT)
  const chart = chartOnCanvasNode(canvas, { width: WIDTH, height: HEIGHT, pixelRatio: RATIO })
  chart.setOption(trendOption(trend))
  afterAll(() => chart.dispose())

  it('sizes the canvas at the pixel ratio', () => {
    expect([canvas.width, canvas.height]).toEqual([WIDTH * RATIO, HEIGHT * RATIO])
    expect([chart.getWidth(), chart.getHeight()]).toEqual([WIDTH, HEIGHT])
  })

  it('draws each point in the colour of its light where the chart puts it', () => {
    for (const index of [0, 1, 3, 14, 15, 29]) {
      const point = trend.points[index]!
      const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [index, point.value!]) as [number, number]
      expect(x).toBeGreaterThan(0)
      expect(x).toBeLessThan(WIDTH)
      const hits = pixelsNear(canvas, x * RATIO, y * RATIO, LIGHT_COLORS[point.light])
      expect({ index, light: point.light, hits }).toEqual({ index, light: point.light, hits: expect.any(Number) })
      expect(hits).toBeGreaterThan(5)
    }
  })

  it('draws the dashed threshold lines at their values', () => {
    for (const light of ['yellow', 'red'] as const) {
      const y = (chart.convertToPixel({ yAxisIndex: 0 }, trend.thresholds[light]!) as number) * RATIO
      // somewhere along the line between the points there is the light's colour
      let hits = 0
      for (let x = 60 * RATIO; x < (WIDTH - 40) * RATIO; x += 4) hits += pixelsNear(canvas, x, y, LIGHT_COLORS[light], 1)
      expect(hits).toBeGreaterThan(20)
    }
  })

  it('measures text with the canvas node (axis labels are laid out, not overlapping the plot)', () => {
    const [x0] = chart.convertToPixel({ seriesIndex: 0 }, [0, 0]) as [number, number]
    // the y-axis labels take room on the left: the first point is not at the very edge
    expect(x0).toBeGreaterThan(12)
  })

  it('shows the tooltip for a forwarded touch', async () => {
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [15, trend.points[15]!.value!]) as [number, number]
    const shown: number[] = []
    chart.on('showTip', (e) => {
      shown.push((e as { dataIndex: number }).dataIndex)
    })
    forwardTouch(chart, 'start', { x, y })
    await new Promise((r) => setTimeout(r, 100))
    forwardTouch(chart, 'end', { x, y })
    expect(shown).toContain(15)
    // CHART_PNG=/tmp/x.png keeps the drawing (with its tooltip) to look at
    if (process.env.CHART_PNG) writeFileSync(process.env.CHART_PNG, canvas.toBuffer('image/png'))
  })
})
