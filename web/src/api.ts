import { clearSession, session } from './auth'
import type {
  District,
  Enterprise,
  EnterpriseQuery,
  ErrorBody,
  ErrorDetail,
  IndustrySection,
  Me,
  Page,
} from './types'

const BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: ErrorDetail[]

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

type UnauthorizedHandler = () => void
let onUnauthorized: UnauthorizedHandler = () => {}

/** Registered by main.ts: called after any 401 on an authenticated call (session already cleared). */
export function setUnauthorizedHandler(fn: UnauthorizedHandler): void {
  onUnauthorized = fn
}

type Params = Record<string, string | number | null | undefined>

function buildUrl(path: string, params?: Params): string {
  const qs = new URLSearchParams()
  if (params) {
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null) continue
      const s = String(v).trim()
      if (s === '') continue // omit empty params
      qs.append(k, s)
    }
  }
  const q = qs.toString()
  return BASE + path + (q ? '?' + q : '')
}

async function request<T>(path: string, params?: Params, key?: string): Promise<T> {
  const explicitKey = key !== undefined
  const token = explicitKey ? key : session.key
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (token) headers.Authorization = 'Bearer ' + token

  let res: Response
  try {
    res = await fetch(buildUrl(path, params), { headers, credentials: 'same-origin', cache: 'no-store' })
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
  }

  let body: unknown = null
  const text = await res.text()
  if (text) {
    try {
      body = JSON.parse(text)
    } catch {
      body = null
    }
  }

  if (!res.ok) {
    const err = (body as ErrorBody | null)?.error
    const apiErr = new ApiError(
      res.status,
      err?.code || 'http_' + res.status,
      err?.message || res.statusText || 'HTTP ' + res.status,
      Array.isArray(err?.details) ? err!.details! : [],
    )
    if (res.status === 401 && !explicitKey) {
      clearSession()
      onUnauthorized()
    }
    throw apiErr
  }
  if (body === null) {
    throw new ApiError(res.status, 'bad_response', 'Invalid JSON response')
  }
  return body as T
}

/** Validates a key: used by the login page, never triggers the global logout. */
export function fetchMe(key?: string): Promise<Me> {
  return request<Me>('/me', undefined, key)
}

export function listEnterprises(query: EnterpriseQuery): Promise<Page<Enterprise>> {
  return request<Page<Enterprise>>('/enterprises', { ...query })
}

export function getEnterprise(uscc: string): Promise<Enterprise> {
  return request<Enterprise>('/enterprises/' + encodeURIComponent(uscc))
}

export function listDistricts(): Promise<{ items: District[] }> {
  return request<{ items: District[] }>('/meta/districts')
}

export function listIndustries(): Promise<{ items: IndustrySection[] }> {
  return request<{ items: IndustrySection[] }>('/meta/industries')
}
