import { ApiError } from './api'

type Translate = (key: string) => string

/** One line for an API failure: the server's message plus its per-field details. */
export function describeError(e: unknown, t: Translate): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('error.network')
    if (e.status === 403 && !e.message) return t('error.forbidden')
    const details = e.details
      .filter((d) => d.field || d.reason || d.message)
      .map((d) => [d.field, d.reason || d.message].filter(Boolean).join(': '))
    return details.length ? `${e.message} (${details.join('; ')})` : e.message
  }
  return e instanceof Error ? e.message : String(e)
}
