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

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/**
 * ISO-8601 timestamp -> "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai (UTC+8), whatever the
 * browser's time zone: the platform's operational times are Beijing time.
 */
export function formatShanghai(iso: string | null | undefined): string {
  if (!iso) return EMPTY
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const part: Record<string, string> = {}
  for (const p of SHANGHAI.formatToParts(d)) part[p.type] = p.value
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`
}

function numberLocale(locale: AppLocale): string {
  return locale === 'en' ? 'en-US' : 'zh-CN'
}

/** An integer count with digit grouping ("12,500"). */
export function formatCount(n: number | null | undefined, locale: AppLocale): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY
  return new Intl.NumberFormat(numberLocale(locale), { maximumFractionDigits: 0 }).format(n)
}

/** A ratio 0..1 as a percentage with one decimal ("93.3%"). */
export function formatPercent(ratio: number | null | undefined, locale: AppLocale): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return EMPTY
  return new Intl.NumberFormat(numberLocale(locale), {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(ratio)
}

/** A catalogue value of any JSON type, for diffs and ranges: strings as they are, the rest as JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return EMPTY
  if (typeof v === 'string') return v === '' ? '""' : v
  return JSON.stringify(v)
}
