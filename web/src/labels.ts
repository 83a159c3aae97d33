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
