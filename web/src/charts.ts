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
import { EMPTY, formatCount } from './format'
import type { AppLocale } from './i18n'

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

/** One series of a grouped chart: bars, or a line (a rate on the second axis). */
export interface GroupedSeries {
  name: string
  colour: string
  values: (number | null)[]
  axis?: number
  line?: boolean
}

/**
 * Bars (or lines) per group on up to two value axes, with a legend and a tooltip listing each
 * series of the group; `format` formats the values of each axis (counts by default), `counts`
 * marks the axes of whole numbers.
 */
export function groupedBars(
  labels: string[],
  series: GroupedSeries[],
  locale: AppLocale,
  format: ((v: number, axis: number) => string)[] = [],
  axes = 1,
  counts: boolean[] = [true, true],
): GroupedBarChartOption {
  const yAxis = Array.from({ length: axes }, (_, i) => ({
    type: 'value' as const,
    minInterval: counts[i] ? 1 : undefined,
    ...(format[i] ? { axisLabel: { formatter: (v: number) => format[i](v, i) } } : {}),
    splitLine: { show: i === 0 },
  }))
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number; seriesIndex: number; marker: string; seriesName: string; value: number | null }[]
        if (!list.length) return ''
        const head = `<strong>${escapeHtml(labels[list[0].dataIndex] ?? '')}</strong>`
        const lines = list.map((p) => {
          const axis = series[p.seriesIndex]?.axis ?? 0
          const v = p.value === null || p.value === undefined ? EMPTY : format[axis] ? format[axis](p.value, axis) : formatCount(p.value, locale)
          return `${p.marker}${escapeHtml(p.seriesName)}: ${escapeHtml(v)}`
        })
        return [head, ...lines].join('<br/>')
      },
    },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' } },
    yAxis,
    series: series.map((s) =>
      s.line
        ? { type: 'line' as const, name: s.name, data: s.values, color: s.colour, yAxisIndex: s.axis ?? 0, connectNulls: true }
        : { type: 'bar' as const, name: s.name, data: s.values, color: s.colour, yAxisIndex: s.axis ?? 0, barMaxWidth: 22 },
    ),
  }
}

export { VChart }
