import { useI18n } from 'vue-i18n'
import { capitalAmount, EMPTY } from './format'
import type { AppLocale } from './i18n'

type TagType = 'success' | 'danger' | 'info' | 'warning'

/** Display labels for enterprise fields, shared by the list and the detail page. */
export function useEnterpriseLabels() {
  const { t, te, locale } = useI18n()
  const sizeLabel = (v: string): string => (te('size.' + v) ? t('size.' + v) : v || EMPTY)
  const statusLabel = (v: string): string => (te('status.' + v) ? t('status.' + v) : v || EMPTY)
  const statusType = (v: string): TagType =>
    v === 'active' ? 'success' : v === 'revoked' ? 'danger' : v === 'cancelled' ? 'info' : 'warning'
  const capital = (fen: number | null | undefined): string => {
    const amount = capitalAmount(fen, locale.value as AppLocale)
    return amount === null ? EMPTY : t('money.wan', { amount })
  }
  return { sizeLabel, statusLabel, statusType, capital }
}

type ElTagType = TagType | 'primary'

/** Display labels for the shared catalogue and ingestion, shared by the catalogue and quality pages. */
export function useCatalogLabels() {
  const { t, te, locale } = useI18n()
  const label = (prefix: string, v: string): string => (te(prefix + v) ? t(prefix + v) : v || EMPTY)
  const en = () => locale.value === 'en'

  const frequencyLabel = (v: string) => label('catalogLabels.frequency.', v)
  const modeLabel = (v: string) => label('catalogLabels.mode.', v)
  const modeType = (v: string): ElTagType => (v === 'interface' ? 'warning' : 'primary')
  const typeLabel = (v: string) => label('catalogLabels.type.', v)
  const sensitivityLabel = (v: string) => label('catalogLabels.sensitivity.', v)
  const sensitivityType = (v: string): ElTagType =>
    v === 'public'
      ? 'success'
      : v === 'restricted'
        ? 'warning'
        : v === 'sensitive_personal'
          ? 'danger'
          : v === 'trade_secret'
            ? 'primary'
            : 'info'
  const channelLabel = (v: string) => label('catalogLabels.channel.', v)
  const channelType = (v: string): ElTagType =>
    v === 'push' ? 'primary' : v === 'self_report' ? 'warning' : 'info'
  const batchStatusLabel = (v: string) => label('catalogLabels.batchStatus.', v)
  const batchStatusType = (v: string): TagType =>
    v === 'complete' ? 'success' : v === 'failed' ? 'danger' : v === 'running' ? 'warning' : 'info'

  /** Localised name of anything with name / name_en (categories, the catalogue). */
  const nameOf = (x: { name: string; name_en?: string } | null | undefined): string =>
    x ? (en() && x.name_en ? x.name_en : x.name) || EMPTY : EMPTY
  const departmentOf = (c: { department: string; department_en?: string }): string =>
    (en() && c.department_en ? c.department_en : c.department) || EMPTY

  return {
    frequencyLabel,
    modeLabel,
    modeType,
    typeLabel,
    sensitivityLabel,
    sensitivityType,
    channelLabel,
    channelType,
    batchStatusLabel,
    batchStatusType,
    nameOf,
    departmentOf,
  }
}

/** Indicator categories in the order the portal lists them. */
export const INDICATOR_CATEGORIES = ['basic', 'tax', 'employment', 'operations', 'compliance', 'judicial', 'innovation']

/** Sort key of an indicator category: known ones in INDICATOR_CATEGORIES order, others after. */
export function categoryRank(c: string | undefined): number {
  const i = INDICATOR_CATEGORIES.indexOf(c || '')
  return i < 0 ? INDICATOR_CATEGORIES.length : i
}

// Units of the indicator library (data/credit/indicators.toml) with an English label.
const UNIT_KEYS: Record<string, string> = {
  元: 'yuan',
  人: 'persons',
  件: 'items',
  项: 'rights',
  条: 'records',
  次: 'times',
  年: 'years',
  月: 'months',
  千瓦时: 'kwh',
  立方米: 'cubicMetres',
  比率: 'ratio',
}
const GRADE_UNIT = /^级/

type Band = { from: number | null; below: number | null; label: string }

/** Display helpers for the credit evaluation: categories, units, values, bands, grades, runs. */
export function useCreditLabels() {
  const { t, te, locale } = useI18n()
  const nf = (opts: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(locale.value === 'en' ? 'en-US' : 'zh-CN', opts)

  const categoryLabel = (c: string | undefined): string =>
    c && te('creditCategory.' + c) ? t('creditCategory.' + c) : c || EMPTY
  const isRatio = (unit: string | undefined) => unit === '比率'
  const isGradeUnit = (unit: string | undefined) => !!unit && GRADE_UNIT.test(unit)
  /** The unit as shown after a number ("元", "yuan"); empty for ratios (shown as percentages). */
  const unitLabel = (unit: string | undefined): string => {
    if (!unit || isRatio(unit)) return ''
    if (isGradeUnit(unit)) return t('creditUnit.grade')
    const key = UNIT_KEYS[unit]
    return key ? t('creditUnit.' + key) : unit
  }
  /** A unit for a table column ("元", "比率 (%)"). */
  const unitColumn = (unit: string | undefined): string =>
    isRatio(unit) ? t('creditUnit.ratio') : isGradeUnit(unit) ? t('creditUnit.gradeScale') : unitLabel(unit) || EMPTY

  /** A number in a unit: money with two decimals, ratios as percentages, counts as they are. */
  const number = (v: number, unit: string | undefined, compact = false): string => {
    if (isRatio(unit)) return nf({ style: 'percent', maximumFractionDigits: 1 }).format(v)
    if (compact && Math.abs(v) >= 10_000) return nf({ notation: 'compact', maximumFractionDigits: 2 }).format(v)
    if (unit === '元') return nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)
    return nf({ maximumFractionDigits: 2 }).format(v)
  }
  /** An indicator value with its unit; "—" when missing. */
  const valueText = (v: number | null | undefined, unit: string | undefined): string => {
    if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY
    const u = unitLabel(unit)
    return u ? `${number(v, unit)} ${u}` : number(v, unit)
  }
  /** A band's range, e.g. "1万 – 10万 元", "< 1", "≥ 100万". */
  const rangeText = (b: Band, unit: string | undefined): string => {
    const u = unitLabel(unit)
    const n = (x: number) => number(x, unit, true)
    const text =
      b.from === null && b.below === null
        ? t('credit.band.any')
        : b.from === null
          ? `< ${n(b.below!)}`
          : b.below === null
            ? `≥ ${n(b.from)}`
            : `${n(b.from)} – ${n(b.below)}`
    return u ? `${text} ${u}` : text
  }
  /** Labels the server made from the range itself ("[1, 3)") add nothing to rangeText. */
  const isRangeLabel = (label: string) => /^[[(]/.test(label)
  /** How a band is shown: its configured label with the range, or just the range. */
  const bandText = (b: Band, unit: string | undefined): string =>
    isRangeLabel(b.label) ? rangeText(b, unit) : `${b.label}（${rangeText(b, unit)}）`

  /** Localised name of anything with name / name_en (falls back to the id). */
  const nameOf = (x: { name?: string; name_en?: string; id?: string; indicator?: string }): string =>
    (locale.value === 'en' && x.name_en ? x.name_en : x.name) || x.id || x.indicator || EMPTY

  const runStatusLabel = (v: string) => (te('creditRun.status.' + v) ? t('creditRun.status.' + v) : v || EMPTY)
  const runStatusType = (v: string): TagType =>
    v === 'done' ? 'success' : v === 'failed' ? 'danger' : v === 'running' ? 'warning' : 'info'

  return {
    categoryLabel,
    unitLabel,
    unitColumn,
    number,
    valueText,
    rangeText,
    bandText,
    isRangeLabel,
    nameOf,
    runStatusLabel,
    runStatusType,
  }
}

const GRADE_COLOURS = ['#3a8d4f', '#1d4f91', '#d48a1f', '#c45656']

/**
 * A colour per grade by its rank in the model (best first): green, blue, orange, and red for
 * the last; more grades than colours share the middle ones.
 */
export function gradeColour(grade: string, grades: readonly { grade: string }[]): string {
  const i = grades.findIndex((g) => g.grade === grade)
  if (i < 0) return '#b8c0cc'
  if (i === grades.length - 1) return GRADE_COLOURS[GRADE_COLOURS.length - 1]
  return GRADE_COLOURS[Math.min(i, GRADE_COLOURS.length - 2)]
}

/**
 * Labels of the single export (consent, disclosure, objections, push): refusal reasons, states,
 * purposes, actions. Unknown codes are shown as they are.
 */
export function useExportLabels() {
  const { t, te } = useI18n()
  const label = (prefix: string, v: string | null | undefined): string =>
    v && te(prefix + v) ? t(prefix + v) : v || EMPTY

  /** A refusal code in words, e.g. authorization_revoked -> 企业已撤销授权. */
  const reasonLabel = (v: string | null | undefined) => label('exportLabels.reason.', v)
  const authStateLabel = (v: string) => label('exportLabels.authState.', v)
  const authStateType = (v: string): TagType =>
    v === 'active' ? 'success' : v === 'paused' ? 'warning' : v === 'revoked' ? 'danger' : 'info'
  const purposeLabel = (v: string) => label('exportLabels.purpose.', v)
  const actionLabel = (v: string) => label('exportLabels.action.', v)
  const viewLabel = (v: string) => label('exportLabels.view.', v)
  const perLabel = (v: string) => label('exportLabels.per.', v)
  const outcomeLabel = (v: string) => label('exportLabels.outcome.', v)
  const outcomeType = (v: string): TagType => (v === 'allowed' ? 'success' : 'danger')
  const objectionStateLabel = (v: string) => label('exportLabels.objectionState.', v)
  const objectionStateType = (v: string): TagType =>
    v === 'decided' ? 'success' : v === 'forwarded' ? 'warning' : 'danger'
  const objectionOutcomeLabel = (v: string | null) => label('exportLabels.objectionOutcome.', v)
  const deadlineActionLabel = (v: string) => label('exportLabels.deadlineAction.', v)
  const timelineActionLabel = (v: string) => label('exportLabels.timelineAction.', v)
  const institutionKindLabel = (v: string) => label('exportLabels.institutionKind.', v)
  const pushKindLabel = (v: string) => label('exportLabels.pushKind.', v)
  const queryStatusLabel = (v: string) => label('exportLabels.queryStatus.', v)
  const queryStatusType = (v: string): TagType => (v === 'ok' ? 'success' : v === 'denied' ? 'danger' : 'warning')

  return {
    reasonLabel,
    authStateLabel,
    authStateType,
    purposeLabel,
    actionLabel,
    viewLabel,
    perLabel,
    outcomeLabel,
    outcomeType,
    objectionStateLabel,
    objectionStateType,
    objectionOutcomeLabel,
    deadlineActionLabel,
    timelineActionLabel,
    institutionKindLabel,
    pushKindLabel,
    queryStatusLabel,
    queryStatusType,
  }
}

/** The refusal reason of a 403 from a query or report (`details[].field == "authorization"`), if any. */
export function refusalReason(details: readonly { field?: string; reason?: string }[]): string | null {
  return details.find((d) => d.field === 'authorization')?.reason || null
}
