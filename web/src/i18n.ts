import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN'
import en from './locales/en'

export type AppLocale = 'zh-CN' | 'en'
export const LOCALES: AppLocale[] = ['zh-CN', 'en']
const LOCALE_STORAGE = 'rongxin.locale'

type MessageSchema = typeof zhCN

function initialLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(LOCALE_STORAGE)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    /* ignore */
  }
  return 'zh-CN' // Chinese is the default UI language
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
})

export function currentLocale(): AppLocale {
  return i18n.global.locale.value
}

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(LOCALE_STORAGE, locale)
  } catch {
    /* ignore */
  }
  applyDocumentLocale()
}

export function applyDocumentLocale(): void {
  document.documentElement.lang = currentLocale()
  document.title = i18n.global.t('app.title')
}
