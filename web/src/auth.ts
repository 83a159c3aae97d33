import { reactive } from 'vue'
import type { Me } from './types'

const KEY_STORAGE = 'rongxin.apiKey'

/** Session state: the API key lives in sessionStorage only (cleared when the tab closes). */
export const session = reactive<{ key: string | null; me: Me | null }>({
  key: readKey(),
  me: null,
})

function readKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE)
  } catch {
    return null
  }
}

export function setSession(key: string, me: Me): void {
  session.key = key
  session.me = me
  try {
    sessionStorage.setItem(KEY_STORAGE, key)
  } catch {
    /* storage unavailable: keep the key in memory for this page only */
  }
}

export function clearSession(): void {
  session.key = null
  session.me = null
  try {
    sessionStorage.removeItem(KEY_STORAGE)
  } catch {
    /* ignore */
  }
}

export function isLoggedIn(): boolean {
  return !!session.key
}
