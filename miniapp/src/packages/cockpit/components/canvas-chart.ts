import type { EChartsType } from 'echarts/core'
import { echarts } from './echarts'

/*
 * ECharts on a canvas node, as WeChat's <Canvas type='2d'> gives it (no DOM around it): the
 * weapp path of TrendChart, kept free of Taro so a test can drive it with a real 2D canvas
 * (canvas-chart.test.ts, on @napi-rs/canvas).
 */

/** The bits of a canvas node ECharts needs: WeChat's Canvas 2d node has them, and so has node's. */
export interface CanvasNode {
  width: number
  height: number
  getContext(kind: '2d'): unknown
}

const noop = () => undefined

interface MeasuringContext {
  font: string
  measureText(text: string): { width: number }
}

/**
 * What ECharts is given instead of the node: the node's size and context, and no-op DOM
 * listeners (zrender attaches mouse listeners to its root; a canvas node in WeChat takes touches
 * through the component's props instead, which forwardTouch passes on).
 */
function canvasFor(node: CanvasNode) {
  return {
    get width() {
      return node.width
    },
    set width(value: number) {
      node.width = value
    },
    get height() {
      return node.height
    },
    set height(value: number) {
      node.height = value
    },
    getContext: (kind: '2d') => node.getContext(kind),
    addEventListener: noop,
    removeEventListener: noop,
    attachEvent: noop,
    detachEvent: noop,
  }
}

/**
 * Starts a chart on the node: text is measured with the node's own 2D context (there is no
 * document to make a measuring canvas from), drawn at the screen's pixel ratio.
 */
export function chartOnCanvasNode(node: CanvasNode, size: { width: number; height: number; pixelRatio: number }): EChartsType {
  const measurer = node.getContext('2d') as MeasuringContext
  echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      if (font) measurer.font = font
      return { width: measurer.measureText(text).width }
    },
  })
  return echarts.init(canvasFor(node) as unknown as HTMLCanvasElement, undefined, { width: size.width, height: size.height, devicePixelRatio: size.pixelRatio })
}

/** One touch of a Canvas 2d event: x/y are relative to the canvas. */
export interface CanvasTouch {
  x: number
  y: number
}

/**
 * WeChat gives the canvas touches, not mouse events: pass them to ECharts' handler as the mouse
 * events its tooltip listens to (start → down + move, move → move, end → up + click).
 */
export function forwardTouch(chart: EChartsType, phase: 'start' | 'move' | 'end', touch: CanvasTouch | undefined): void {
  if (!touch) return
  const handler = chart.getZr().handler
  const event = { zrX: touch.x, zrY: touch.y, preventDefault: noop, stopImmediatePropagation: noop, stopPropagation: noop }
  if (phase === 'start') {
    handler.dispatch('mousedown', event)
    handler.dispatch('mousemove', event)
  } else if (phase === 'move') {
    handler.dispatch('mousemove', event)
  } else {
    handler.dispatch('mouseup', event)
    handler.dispatch('click', event)
  }
}
