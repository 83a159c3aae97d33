/**
 * ECharts, imported piece by piece: only the bar, line and gauge charts, their grid, tooltip,
 * legend and mark lines, and the canvas renderer are registered (the full build is ~1 MB).
 * Imported by the pages and sections that draw charts, which are loaded on demand.
 */
import { use, type ComposeOption } from 'echarts/core'
import {
  BarChart,
  GaugeChart,
  LineChart,
  type BarSeriesOption,
  type GaugeSeriesOption,
  type LineSeriesOption,
} from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import VChart from 'vue-echarts'

use([
  BarChart,
  LineChart,
  GaugeChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
])

export type BarChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>
export type LineChartOption = ComposeOption<
  LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | MarkLineComponentOption
>
/** Bars of several series side by side (and a line on a second axis), with a legend. */
export type GroupedBarChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>
export type GaugeChartOption = ComposeOption<GaugeSeriesOption | TooltipComponentOption>

/** Escapes text put into an HTML tooltip. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

export { VChart }
