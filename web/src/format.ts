import type { AppLocale } from './i18n'

const FEN_PER_YUAN = 100
const FEN_PER_WAN = 1_000_000 // 1 万元 = 10,000 元 = 1,000,000 分

function fixed2(value: number, locale: AppLocale): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: true,
  }).format(value)
}

/**
 * Registered capital is stored in fen (分). zh-CN shows 万元 with two decimals
 * ("500.00 万元"); English shows full yuan ("CNY 5,000,000.00").
 * Rounding is done on integers to avoid binary-float artefacts.
 */
export function capitalAmount(fen: number | null | undefined, locale: AppLocale): string | null {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return null
  if (locale === 'en') {
    return fixed2(Math.round(fen) / FEN_PER_YUAN, locale)
  }
  const hundredths = Math.round(fen / (FEN_PER_WAN / 100)) // number of 0.01 万元
  return fixed2(hundredths / 100, locale)
}

/** ISO-8601 timestamp -> "YYYY-MM-DD HH:mm:ss" in the browser's time zone. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
  )
}

export const EMPTY = '—'
