import { useEffect, useRef } from 'react'
import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { IS_H5 } from '../../../utils/platform'
import { chartOnCanvasNode, forwardTouch } from './canvas-chart'
import { echarts, type EChartsCoreOption, type EChartsType } from './echarts'

let chartsMade = 0

/**
 * One ECharts chart, full width, `height` px high. H5: ECharts on the View's own div (Taro H5
 * renders a real element). weapp: a <Canvas type='2d'>, found after the next tick by a selector
 * query, drawn through canvas-chart.ts with touches forwarded for the tooltip. Keep it shallow
 * in the page: a canvas nested deeper than Taro's baseLevel is not found by the query.
 */
export function TrendChart({ option, height = 220 }: { option: EChartsCoreOption; height?: number }) {
  const id = useRef(`egj-chart-${++chartsMade}`).current
  const chart = useRef<EChartsType | null>(null)
  const latest = useRef(option)
  latest.current = option

  useEffect(() => {
    let gone = false
    const start = (made: EChartsType) => {
      if (gone) return made.dispose()
      chart.current = made
      made.setOption(latest.current)
    }
    const resize = () => chart.current?.resize()
    Taro.nextTick(() => {
      if (gone) return
      if (IS_H5) {
        const element = document.getElementById(id)
        if (element) start(echarts.init(element, undefined, { height }))
        window.addEventListener('resize', resize)
        return
      }
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((found: { node?: Parameters<typeof chartOnCanvasNode>[0]; width: number; height: number }[] | null) => {
          const canvas = found?.[0]
          if (!canvas?.node || gone) return
          start(chartOnCanvasNode(canvas.node, { width: canvas.width, height: canvas.height, pixelRatio: Taro.getSystemInfoSync().pixelRatio }))
        })
    })
    return () => {
      gone = true
      if (IS_H5) window.removeEventListener('resize', resize)
      chart.current?.dispose()
      chart.current = null
    }
  }, [id, height])

  useEffect(() => {
    chart.current?.setOption(option, true)
  }, [option])

  if (IS_H5) return <View id={id} className='ck-chart' style={{ height: `${height}px` }} />
  return (
    <Canvas
      type='2d'
      id={id}
      className='ck-chart'
      style={{ width: '100%', height: `${height}px` }}
      disableScroll={false}
      onTouchStart={(e) => chart.current && forwardTouch(chart.current, 'start', e.touches[0])}
      onTouchMove={(e) => chart.current && forwardTouch(chart.current, 'move', e.touches[0])}
      onTouchEnd={(e) => chart.current && forwardTouch(chart.current, 'end', e.changedTouches[0])}
    />
  )
}
