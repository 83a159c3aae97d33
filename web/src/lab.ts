/** Shared by the model lab pages: labels of the registry's enums, number formats, downloads. */
import { useI18n } from 'vue-i18n'
import type { Download } from './api'
import { EMPTY } from './format'

type TagType = 'success' | 'danger' | 'info' | 'warning' | 'primary'

export const SCENARIOS = ['general', 'sci_tech', 'trade', 'shipping'] as const
export const ALGORITHMS = ['scorecard', 'xgboost'] as const

export function useLabLabels() {
  const { t, te } = useI18n()
  const label = (prefix: string, v: string): string => (te(prefix + v) ? t(prefix + v) : v || EMPTY)
  const scenarioLabel = (v: string) => label('lab.scenario.', v)
  const algorithmLabel = (v: string) => label('lab.algorithm.', v)
  const roleLabel = (v: string) => label('lab.role.', v)
  const roleType = (v: string): TagType => (v === 'champion' ? 'warning' : 'info')
  const sourceLabel = (v: string) => label('lab.source.', v)
  const alarmLabel = (v: string) => label('lab.alarm.', v)
  const alarmType = (v: string): TagType => (v === 'stable' ? 'success' : v === 'watch' ? 'warning' : 'danger')
  return { scenarioLabel, algorithmLabel, roleLabel, roleType, sourceLabel, alarmLabel, alarmType }
}

/** A metric such as AUC or KS with three decimals; null as the empty mark. */
export function metric(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || !Number.isFinite(v) ? EMPTY : v.toFixed(digits)
}

/** Hands a fetched file to the browser as a download. */
export function saveDownload({ blob, filename }: Download, fallback: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename || fallback
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Some browsers read the blob after click() returns: revoke a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
