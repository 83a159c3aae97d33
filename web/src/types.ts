export type Role = 'admin' | 'data_provider' | 'enterprise' | 'institution' | 'service_agency' | 'node'

export interface Me {
  key_id: string
  role: Role | string
  uscc: string | null
  institution_id: string | null
}

export type EnterpriseSize = 'large' | 'medium' | 'small' | 'micro'
export type EnterpriseStatus = 'active' | 'revoked' | 'cancelled'

export interface Enterprise {
  uscc: string
  name: string
  district: string
  industry: string
  size: EnterpriseSize | string
  registration_date: string
  registered_capital_fen: number | null
  status: EnterpriseStatus | string
  created_at: string
  updated_at: string
}

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface District {
  code: string
  name_zh: string
  name_en: string
}

export interface IndustrySection {
  section: string
  name_zh: string
  name_en: string
  divisions: string[]
}

export interface ErrorDetail {
  field?: string
  reason?: string
}

export interface ErrorBody {
  error?: {
    code?: string
    message?: string
    details?: ErrorDetail[]
  }
}

export interface EnterpriseQuery {
  q?: string
  district?: string
  industry?: string
  size?: string
  status?: string
  limit?: number
  cursor?: string
}

export const SIZES: EnterpriseSize[] = ['large', 'medium', 'small', 'micro']
export const STATUSES: EnterpriseStatus[] = ['active', 'revoked', 'cancelled']
