/**
 * Policies (政策导航与政策找人, issue 8): the shapes of /api/v1/policies*, the enterprise's policy
 * map and preferences, the calls, the enumerations and label helpers. Policies are TOML files
 * edited by the operator; benefit estimates are in 万元.
 */
import { useI18n } from 'vue-i18n'
import { post, postEmpty, put, request } from './api'
import { EMPTY } from './format'
import type { AppLocale } from './i18n'
import { parsePosition, type MatchCondition, type RuleError } from './market'
import type { ErrorDetail } from './types'

export const POLICY_KINDS = ['risk_compensation', 'guarantee', 'interest_subsidy', 'sci_tech', 'ip_pledge', 'first_loan'] as const
export const POLICY_LEVELS = ['national', 'municipal', 'district', 'park'] as const
/** An enterprise's standing on a policy, in the order the map lists them. */
export const MAP_STATUSES = ['eligible', 'nearly_eligible', 'not_eligible', 'upcoming', 'expired'] as const
export const RUN_MODES = ['full', 'incremental'] as const
export const GROUP_BY = ['district', 'industry'] as const

export type PolicyKind = (typeof POLICY_KINDS)[number]
export type MapStatus = (typeof MAP_STATUSES)[number]
export type RunMode = (typeof RUN_MODES)[number]
export type GroupBy = (typeof GROUP_BY)[number]

export interface PolicyApply {
  mode: 'no_application' | 'quick_apply' | string
  item_code?: string | null
  link?: string | null
}

/** What every view of a policy carries (the server's policy_head): the list, the full policy and
 * the map. `version` is the one in force; the dates are of that version, or of the next (upcoming)
 * or the last (expired). */
export interface PolicyHead {
  id: string
  example: boolean
  title: string
  title_en?: string | null
  kind: string
  level: string
  district?: string | null
  park?: string | null
  issuer: string
  summary: string
  summary_en?: string | null
  version: number | null
  valid_from: string | null
  valid_to: string | null
  mode: PolicyApply['mode']
  /** How to apply (item_code and link are "" when absent). */
  apply: PolicyApply
  materials: string[]
  contact: string
}

/** A row of GET /policies. */
export interface PolicySummary extends PolicyHead {
  /** Of the policy itself: a version in force, none yet, or all ended. */
  status: 'active' | 'upcoming' | 'expired' | string
  revision: number
  updated_at: string
}

export interface PolicyBenefit {
  text: string
  rate?: number | null
  of?: string | null
  fixed?: number | null
  cap?: number | null
}

export interface PolicyVersion {
  version: number
  valid_from: string
  valid_to?: string | null
  eligibility: string
  benefit: PolicyBenefit
  conditions?: { text: string; line?: number; column?: number }[]
}

/** GET /policies/{id}: the policy as JSON plus its TOML source. */
export interface Policy extends PolicySummary {
  versions: PolicyVersion[]
  source: string
}

export interface MapCondition {
  text: string
  truth: 'true' | 'false' | 'unknown' | string
  values: { name: string; label: string; value: string | null }[]
}

/** One policy on an enterprise's map. */
export interface MapPolicy extends PolicyHead {
  status: MapStatus | string
  benefit: { text: string; estimate_wan: number | null }
  conditions: MapCondition[]
  failing: MapCondition[]
  notified_at: string | null
  granted_at: string | null
}

export interface PolicyMap {
  uscc: string
  as_of: string
  counts: Record<MapStatus, number>
  policies: MapPolicy[]
}

export interface Grant {
  policy_id: string
  version: number
  estimate_wan: number | null
  granted_at: string
}

/** A problem in a policy's TOML, at a 1-based line and column when known. */
export interface PolicyError extends RuleError {
  field?: string
}

export type CheckResult = { ok: true } | { ok: false; errors: { field?: string; line?: number | null; column?: number | null; message: string }[] }

export interface Revision {
  revision: number
  created_at: string
  created_by: string
}

export interface PolicyRun {
  id: string | number
  mode: RunMode | string
  started_at: string
  finished_at: string | null
  enterprises: number
  policies: number
  eligible: number
  newly_eligible: number
  notified: number
  suppressed: number
}

export interface PolicyStatsRow {
  id: string
  title: string
  title_en?: string | null
  kind: string
  level: string
  version: number | null
  eligible: number
  notified: number
  applied: number
  granted: number
  take_up_rate: number | null
}

export interface PolicyGroupRow {
  key: string
  label: string
  eligible: number
  notified: number
  applied: number
  granted: number
}

const enc = encodeURIComponent
const mine = (uscc: string) => '/enterprises/' + enc(uscc)

export const listPolicies = () => request<{ policies: PolicySummary[] }>('/policies')
export const getPolicy = (id: string) => request<Policy>('/policies/' + enc(id))
/** Stores a new revision (201 for a new policy); a 400 stores nothing and names each problem. */
export const savePolicy = (id: string, source: string) => put<Policy>('/policies/' + enc(id), { source })
/** Checks `source` as the next revision of `id` (default: the id it declares) without storing it. */
export const checkPolicy = (source: string, id?: string | null) => post<CheckResult>('/policies/check', id ? { id, source } : { source })
export const listRevisions = (id: string) => request<{ revisions: Revision[] }>('/policies/' + enc(id) + '/revisions')

export const getPolicyMap = (uscc: string) => request<PolicyMap>(mine(uscc) + '/policy-map')
/** 免申即享: the enterprise confirms a policy its data already proves. */
export const confirmPolicy = (uscc: string, id: string) => postEmpty<Grant>(mine(uscc) + '/policies/' + enc(id) + '/confirm')
export const getPolicyPreferences = (uscc: string) => request<{ opted_out_kinds: string[] }>(mine(uscc) + '/policy-preferences')
export const setPolicyPreferences = (uscc: string, optedOut: string[]) =>
  put<{ opted_out_kinds: string[] }>(mine(uscc) + '/policy-preferences', { opted_out_kinds: optedOut })

export const runPolicies = (mode: RunMode) => post<PolicyRun>('/policies/run', { mode })
export const listPolicyRuns = () => request<{ runs: PolicyRun[] }>('/policies/runs')
export const getPolicyStats = () => request<{ as_of: string; policies: PolicyStatsRow[] }>('/policies/stats')
export const getPolicyGroups = (policy: string, by: GroupBy) =>
  request<{ policy: string; by: string; groups: PolicyGroupRow[] }>('/policies/stats', { policy, by })

// ---- helpers ----

/** The id a TOML source declares (`id = "..."`), or null. */
export function sourceId(source: string): string | null {
  const m = source.match(/^\s*id\s*=\s*"([a-z0-9-]+)"/m)
  return m ? m[1] : null
}

/** Only https links to the 一网通办 item are shown as links. */
export const safeLink = (link: string | null | undefined): string | null => (link && /^https:\/\/[^\s]+$/.test(link) ? link : null)

/** Errors of POST /policies/check as positions. */
export function checkErrors(r: CheckResult): PolicyError[] {
  if (r.ok) return []
  // The server gives line 0 to a problem without a position.
  return r.errors.map((e) => ({ field: e.field, line: e.line || null, column: e.column || null, message: e.message }))
}

/**
 * The details of a refused save as positions: the loader names them "<file>.toml:14:5: message"
 * (the rule compiler "line 14, column 5"); a detail without a position (a version already in
 * force) keeps its field only.
 */
export function detailErrors(details: ErrorDetail[]): PolicyError[] {
  return details.map((d) => {
    const text = d.reason || d.message || ''
    const m = text.match(/^(?:\S*?):(\d+):(\d+):\s*(.*)$/s)
    if (m) return { field: d.field, line: Number(m[1]), column: Number(m[2]), message: m[3] }
    const at = parsePosition(text) ?? parsePosition(d.field)
    return { field: d.field, line: at?.line ?? null, column: at?.column ?? null, message: text }
  })
}

/** A map condition in the shape the explanation list (MatchConditions) shows. */
export const asMatchCondition = (c: MapCondition): MatchCondition => ({
  kind: 'rule',
  text: c.text,
  result: c.truth === 'true' ? 'met' : c.truth === 'false' ? 'not_met' : 'no_data',
  values: c.values,
})

/** A new policy's starting text: the format with every field, valid from `today`. */
export function policyTemplate(today: string): string {
  return `# 示例政策（非真实法规文本）
id = "new-policy"
example = true
title = "政策名称（示例）"
issuer = "发布单位（示例）"
level = "municipal"
kind = "interest_subsidy"
summary = "一两句话说明政策内容。"
materials = ["营业执照"]
contact = "联系部门 021-00000000（示例）"

[apply]
mode = "quick_apply"
item_code = "310000000000-EXAMPLE-001"
link = "https://zwdt.sh.gov.cn/govPortals/example/new-policy"

[[versions]]
version = 1
valid_from = ${today}
eligibility = '''
size in ["small", "micro"]
and years_operating >= 1
'''
[versions.benefit]
text = "按实际支付利息的50%给予贴息，单户每年最高50万元"
rate = 0.5
of = "annual_interest"
cap = 50
`
}

type TagType = 'success' | 'danger' | 'info' | 'warning' | 'primary'

/** Labels of the policy enumerations, titles and estimates in the current language. */
export function usePolicyLabels() {
  const { t, te, locale } = useI18n()
  const label = (prefix: string, v: string | null | undefined): string =>
    v === null || v === undefined || v === '' ? EMPTY : te(prefix + v) ? t(prefix + v) : v
  const kindLabel = (v: string) => label('policy.kind.', v)
  const levelLabel = (v: string) => label('policy.level.', v)
  const modeLabel = (v: string) => label('policy.mode.', v)
  const statusLabel = (v: string) => label('policy.status.', v)
  const statusType = (v: string): TagType =>
    v === 'eligible' ? 'success' : v === 'nearly_eligible' ? 'warning' : v === 'upcoming' ? 'primary' : v === 'not_eligible' ? 'danger' : 'info'
  const lifeLabel = (v: string) => label('policy.life.', v)
  const lifeType = (v: string): TagType => (v === 'active' ? 'success' : v === 'upcoming' ? 'primary' : 'info')
  const runModeLabel = (v: string) => label('policy.runMode.', v)
  const en = () => (locale.value as AppLocale) === 'en'
  const title = (p: { title: string; title_en?: string | null }) => (en() && p.title_en ? p.title_en : p.title)
  const summary = (p: { summary: string; summary_en?: string | null }) => (en() && p.summary_en ? p.summary_en : p.summary)
  /** Where a policy applies: the level, and the district and park of local ones. */
  const scope = (p: { level: string; district?: string | null; park?: string | null }) =>
    [levelLabel(p.level), p.district, p.park].filter(Boolean).join(' · ')
  /** 约 12.5 万元 / approx. CNY 125,000; null for a text-only benefit. */
  const estimate = (wan: number | null | undefined): string | null => {
    if (wan === null || wan === undefined || !Number.isFinite(wan)) return null
    if (en()) return t('policy.estimate', { n: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(wan * 10_000) })
    return t('policy.estimate', { n: new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(wan) })
  }
  return { kindLabel, levelLabel, modeLabel, statusLabel, statusType, lifeLabel, lifeType, runModeLabel, title, summary, scope, estimate }
}
