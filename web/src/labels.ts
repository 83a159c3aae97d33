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
