/**
 * Real-time use monitoring (实时监控): the shapes of /api/v1/monitor/* and of an institution's
 * own usage, the calls, and label helpers for rules and alert states (docs/monitoring.md).
 */
import { useI18n } from 'vue-i18n'
import { post, request } from './api'

export const ALERT_RULES = ['no_application', 'volume', 'distinct_enterprises', 'quiet_hours', 'denials'] as const
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const
export type AlertRule = (typeof ALERT_RULES)[number]
export type AlertState = (typeof ALERT_STATES)[number]

/** An API key's record (GET /api/v1/keys). */
export interface ApiKey {
  id: string
  role: string
  uscc: string | null
  institution_id: string | null
  label: string
  created_at: string
  revoked_at: string | null
  suspended_at: string | null
}

export interface UsageHour {
  hour: string
  allowed: number
  denied: number
  done: number
}

export interface Ranked {
  item: string
  name?: string | null
  count: number
  denied: number
}

export interface Usage {
  from: string
  to: string
  total: number
  denied: number
  hours: UsageHour[]
  institutions: Ranked[]
  enterprises: Ranked[]
  categories: Ranked[]
  purposes: Ranked[]
  reasons: Ranked[]
  actions: Ranked[]
  keys: Ranked[]
}

export interface InstitutionUsage extends Usage {
  institution_id: string
}

export interface Alert {
  id: string
  rule: AlertRule
  institution_id: string | null
  key_id: string | null
  window_start: string
  window_end: string
  count: number
  threshold: number
  raised_index: number
  raised_entry_at: string
  last_index: number
  last_at: string
  raised_at: string
  updated_at: string
  state: AlertState
  acknowledged_at: string | null
  acknowledged_by: string | null
  acknowledge_note: string | null
  resolved_at: string | null
  resolved_by: string | null
  resolve_note: string | null
  suspended_key_id: string | null
}

export interface Evidence {
  index: number
  entry_id: string
  key_id: string | null
  at: string
}

export interface AlertDetail extends Alert {
  evidence: Evidence[]
}

export interface Dashboard extends Usage {
  alerts: Record<AlertState, number>
  recent_alerts: Alert[]
  generated_at: string
}

export interface AlertPage {
  items: Alert[]
  next_cursor: string | null
}

export function getDashboard(hours: number): Promise<Dashboard> {
  return request<Dashboard>('/monitor/dashboard', { hours })
}

export function listAlerts(filter: { state?: string; rule?: string; cursor?: string }): Promise<AlertPage> {
  return request<AlertPage>('/monitor/alerts', { limit: 50, ...filter })
}

export function getAlert(id: string): Promise<AlertDetail> {
  return request<AlertDetail>('/monitor/alerts/' + encodeURIComponent(id))
}

export function acknowledgeAlert(id: string, note: string): Promise<AlertDetail> {
  return post<AlertDetail>('/monitor/alerts/' + encodeURIComponent(id) + '/acknowledge', note ? { note } : {})
}

export function resolveAlert(id: string, note: string): Promise<AlertDetail> {
  return post<AlertDetail>('/monitor/alerts/' + encodeURIComponent(id) + '/resolve', { note })
}

export function suspendAlertKey(id: string, note: string, keyId?: string): Promise<AlertDetail> {
  return post<AlertDetail>('/monitor/alerts/' + encodeURIComponent(id) + '/suspend-key', {
    note,
    ...(keyId ? { key_id: keyId } : {}),
  })
}

export function resumeKey(id: string, note: string): Promise<ApiKey> {
  return post<ApiKey>('/keys/' + encodeURIComponent(id) + '/resume', note ? { note } : {})
}

export function getMyUsage(hours: number): Promise<InstitutionUsage> {
  return request<InstitutionUsage>('/institutions/me/usage', { hours })
}

/** Rule and state names in the current language. */
export function useMonitorLabels() {
  const { t, te } = useI18n()
  const ruleLabel = (r: string) => (te('monitor.rule.' + r) ? t('monitor.rule.' + r) : r)
  const stateLabel = (s: string) => (te('monitor.state.' + s) ? t('monitor.state.' + s) : s)
  const stateType = (s: string): 'danger' | 'warning' | 'success' =>
    s === 'open' ? 'danger' : s === 'acknowledged' ? 'warning' : 'success'
  /** A ledger action (query, report_view, key_suspend...) in words. */
  const actionLabel = (a: string) => (te('monitor.ledgerAction.' + a) ? t('monitor.ledgerAction.' + a) : a)
  return { ruleLabel, stateLabel, stateType, actionLabel }
}

/** "HH:00" of an hour in Asia/Shanghai, with the date when it is midnight. */
export function shanghaiHourLabel(iso: string): string {
  const d = new Date(iso)
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d)
  const p: Record<string, string> = {}
  for (const x of parts) p[x.type] = x.value
  return p.hour === '00' ? `${p.month}-${p.day} 00:00` : `${p.hour}:00`
}
