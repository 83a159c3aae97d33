/**
 * ECharts, imported piece by piece: only the bar chart, its grid and tooltip, and the
 * canvas renderer are registered (the full build is ~1 MB). Imported by the pages that
 * draw charts, which the router loads on demand.
 */
import { use, type ComposeOption } from 'echarts/core'
import { BarChart, type BarSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  TooltipComponent,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import VChart from 'vue-echarts'

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer])

export type BarChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>

export { VChart }
