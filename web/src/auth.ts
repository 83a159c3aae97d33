import { reactive } from 'vue'
import type { Me, Role } from './types'

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

/**
 * Whether the identity in memory holds one of `roles`. An empty or absent list means any
 * signed-in identity. The server checks roles on every call; this only decides what to show.
 */
export function hasRole(roles: readonly Role[] | undefined): boolean {
  if (!roles || roles.length === 0) return true
  const role = session.me?.role
  return !!role && (roles as readonly string[]).includes(role)
}
