import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { getCatalog, listInstitutions, listPurposes } from './api'
import { EMPTY } from './format'
import type { CatalogCategory, Institution, PurposeInfo } from './types'

/**
 * Reference data the single-export pages share: institutions, financing purposes and the
 * catalogue's categories, loaded when a page asks (a failure leaves raw codes on screen).
 */
export function useExportMeta() {
  const { t, locale } = useI18n()
  const institutions = ref<Institution[]>([])
  const purposes = ref<PurposeInfo[]>([])
  const categories = ref<CatalogCategory[]>([])
  const en = () => locale.value === 'en'

  async function load(parts: { institutions?: boolean; purposes?: boolean; catalog?: boolean }): Promise<void> {
    const jobs: Promise<unknown>[] = []
    if (parts.institutions) jobs.push(listInstitutions().then((r) => (institutions.value = r.items)))
    if (parts.purposes) jobs.push(listPurposes().then((r) => (purposes.value = r.items)))
    if (parts.catalog) jobs.push(getCatalog().then((c) => (categories.value = c.categories)))
    await Promise.all(jobs)
  }

  const institutionName = (id: string | null | undefined): string => {
    if (!id) return EMPTY
    return institutions.value.find((i) => i.id === id)?.name || id
  }
  const purposeName = (code: string): string => {
    const p = purposes.value.find((x) => x.code === code)
    if (p) return (en() ? p.label_en : p.label) || code
    return code
  }
  /** A category (or `evaluation`) by its localised name. */
  const categoryName = (id: string): string => {
    if (id === 'evaluation') return t('exportLabels.evaluationScope')
    const c = categories.value.find((x) => x.id === id)
    return c ? (en() && c.name_en ? c.name_en : c.name) : id
  }
  /** A field's label within a category ("纳税金额"), falling back to its name. */
  const fieldLabel = (category: string, field: string): string => {
    const f = categories.value.find((x) => x.id === category)?.fields.find((x) => x.name === field)
    return f ? (en() && f.label_en ? f.label_en : f.label) || field : field
  }
  const storedCategories = computed(() => categories.value.filter((c) => c.mode === 'stored'))

  return { institutions, purposes, categories, storedCategories, load, institutionName, purposeName, categoryName, fieldLabel }
}
