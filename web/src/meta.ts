import { reactive } from 'vue'
import { listDistricts, listIndustries } from './api'
import type { AppLocale } from './i18n'
import type { District, IndustrySection } from './types'

/** Reference data (districts, industry sections) loaded once per session. */
export const meta = reactive<{
  districts: District[]
  industries: IndustrySection[]
  loaded: boolean
}>({ districts: [], industries: [], loaded: false })

let inflight: Promise<void> | null = null

export function loadMeta(): Promise<void> {
  if (meta.loaded) return Promise.resolve()
  if (!inflight) {
    inflight = Promise.all([listDistricts(), listIndustries()])
      .then(([d, i]) => {
        meta.districts = Array.isArray(d.items) ? d.items : []
        meta.industries = Array.isArray(i.items) ? i.items : []
        meta.loaded = true
      })
      .finally(() => {
        inflight = null
      })
  }
  return inflight
}

export function resetMeta(): void {
  meta.districts = []
  meta.industries = []
  meta.loaded = false
}

export function districtName(code: string | null | undefined, locale: AppLocale): string {
  if (!code) return '—'
  const d = meta.districts.find((x) => x.code === code)
  if (!d) return code
  return (locale === 'en' ? d.name_en : d.name_zh) || code
}

export function industrySection(code: string | null | undefined): IndustrySection | undefined {
  if (!code) return undefined
  const letter = code.charAt(0).toUpperCase()
  return meta.industries.find((s) => s.section === letter)
}

export function industrySectionName(code: string | null | undefined, locale: AppLocale): string {
  const s = industrySection(code)
  if (!s) return ''
  return (locale === 'en' ? s.name_en : s.name_zh) || ''
}
