import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

/*
 * Our ECharts build: only the charts and components the cockpit draws, on canvas. Imported from
 * packages/cockpit alone, so it lands in the cockpit subpackage and never in the weapp main
 * package (which is at its 600 KB budget). Add a chart or component here before using it.
 */
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer])

export { echarts }
export type { EChartsCoreOption, EChartsType } from 'echarts/core'
