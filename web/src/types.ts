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

// ---- Shared catalogue (共享清单) ----

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'on_event'
export type CollectionMode = 'stored' | 'interface'
export type FieldType =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'date'
  | 'period'
  | 'enum'
  | 'uscc'
  | 'boolean'
export type Sensitivity = 'public' | 'restricted' | 'sensitive_personal' | 'trade_secret'

export const FREQUENCIES: Frequency[] = ['daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'on_event']
export const SENSITIVITIES: Sensitivity[] = ['public', 'restricted', 'sensitive_personal', 'trade_secret']

export interface CatalogField {
  name: string
  label: string
  label_en: string
  type: FieldType | string
  unit: string
  required: boolean
  sensitivity: Sensitivity | string
  description: string
  min?: number
  max?: number
  values?: string[]
  max_length?: number
  scale?: number
}

export interface CatalogSource {
  url: string
  timeout_ms: number
  retries: number
  cache_seconds: number
}

export interface CatalogCategory {
  id: string
  name: string
  name_en: string
  department: string
  department_en: string
  frequency: Frequency | string
  mode: CollectionMode | string
  key: string[]
  time_field: string
  retention_years: number
  self_reported: boolean
  description: string
  fields: CatalogField[]
  source?: CatalogSource
}

export interface Catalog {
  version: number
  name: string
  name_en: string
  description: string
  categories: CatalogCategory[]
}

export interface CatalogVersion {
  version: number
  content_hash: string
  created_at: string
  categories: number
  fields: number
  /** Sent by the server: true for the version it serves now. */
  current?: boolean
}

export interface ValueChange {
  from: unknown
  to: unknown
}

export interface CategoryDiff {
  id: string
  attributes_changed: Record<string, ValueChange>
  fields_added: CatalogField[]
  fields_removed: CatalogField[]
  fields_changed: { name: string; changes: Record<string, ValueChange> }[]
}

export interface CatalogDiff {
  from: number
  to: number
  categories_added: string[]
  categories_removed: string[]
  categories_changed: CategoryDiff[]
}

// ---- Data quality (数据质量) ----

export interface RejectReason {
  field: string
  reason: string
  count: number
}

export interface ProviderQuality {
  provider: string
  batches: number
  rows: number
  rejected: number
  last_load: string | null
}

export interface CategoryQuality {
  category: string
  name: string
  name_en: string
  mode: CollectionMode | string
  records: number
  enterprises: number
  /** Share of registered enterprises with current records, 0..1. */
  coverage: number
  last_period: string | null
  last_load: string | null
  rows: number
  rejected: number
  reject_reasons: RejectReason[]
  providers: ProviderQuality[]
}

export interface Quality {
  registered_enterprises: number
  categories: CategoryQuality[]
}

export type BatchChannel = 'file' | 'push' | 'self_report'
export type BatchStatus = 'running' | 'complete' | 'failed'
export const CHANNELS: BatchChannel[] = ['file', 'push', 'self_report']

export interface IngestBatch {
  id: string
  category: string
  channel: BatchChannel | string
  source_name: string
  provider: string
  catalog_version: number
  status: BatchStatus | string
  started_at: string
  finished_at: string | null
  rows: number
  accepted: number
  superseded: number
  duplicates: number
  rejected: number
  error: string
}

export interface BatchQuery {
  category?: string
  limit?: number
  cursor?: string
}

// ---- Credit evaluation (信用评价) ----

export interface Indicator {
  id: string
  name: string
  name_en: string
  category: string
  unit: string
  definition: string
  source: string
  window_months: number
}

export interface IndicatorLibrary {
  version: number
  items: Indicator[]
}

export interface ModelBand {
  from: number | null
  below: number | null
  points: number
  label: string
}

export interface ModelFactor {
  indicator: string
  name: string
  name_en: string
  weight: number
  /** weight / total weight, 0..1 */
  share: number
  missing_points: number
  bands: ModelBand[]
}

export interface ModelGrade {
  grade: string
  min_score: number
}

export interface CompositeModel {
  version: string
  name: string
  /** Best first (highest min_score). */
  grades: ModelGrade[]
  factors: ModelFactor[]
}

export type RunStatus = 'running' | 'done' | 'failed'

export interface EvaluationRun {
  id: string
  as_of: string
  library_version: number
  model_version: string
  scorecard: string | null
  status: RunStatus | string
  enterprises: number
  grades: Record<string, number>
  started_at: string
  finished_at: string | null
}

export interface StartedRun {
  id: string
  as_of: string
  status: 'running'
}

export interface FactorContribution {
  indicator: string
  name?: string
  name_en?: string
  unit?: string
  value: number | null
  points: number
  score: number
  max_score: number
  /** Band label, "missing" when the indicator has no value, null for another model version. */
  band: string | null
}

export interface IndicatorValue {
  id: string
  name?: string
  name_en?: string
  category?: string
  unit?: string
  value: number | null
}

export interface ScorecardResult {
  model: string
  score: number
  bad_probability: number
  reasons: { variable: string; bin: string; points_lost: number }[]
}

export interface TrendPoint {
  as_of: string
  score: number
  grade: string
  scorecard_score: number | null
}

export interface EnterpriseEvaluation {
  uscc: string
  as_of: string
  run_id: string
  score: number
  grade: string
  model_version: string
  library_version: number
  factors: FactorContribution[]
  indicators: IndicatorValue[]
  scorecard: ScorecardResult | null
  trend: TrendPoint[]
}

// ---- Model lab (GET /api/v1/lab/...) ----

export type LabScenario = 'general' | 'sci_tech' | 'trade' | 'shipping'
export type LabAlgorithm = 'scorecard' | 'xgboost'
export type LabRole = 'champion' | 'challenger'

export interface LabSample {
  id: string
  name: string
  version: number
  source: 'platform' | 'import' | string
  description: string
  target: string
  bad_value: string
  rows: number
  bad: number
  columns: number
  sha256: string
  created_by: string
  created_at: string
}

export interface LabModel {
  id: string
  name: string
  version: number
  scenario: LabScenario | string
  algorithm: LabAlgorithm | string
  sample_id: string
  role: LabRole | string
  auc: number | null
  ks: number | null
  cv_auc: number | null
  odds_convention: string
  author: string
  created_at: string
}

export interface LabConfusion {
  cutoff_pd: number
  true_bad: number
  false_bad: number
  true_good: number
  false_good: number
  precision: number | null
  recall: number | null
  accuracy: number | null
}

export interface LabReport {
  algorithm: string
  rows: number
  bad: number
  auc: number | null
  ks: number | null
  ks_at_pd: number | null
  ks_at_score?: number | null
  gini: number | null
  odds_convention: string
  confusion: LabConfusion
  calibration: { count: number; mean_pd: number | null; observed_bad_rate: number | null }[]
  roc: [number, number][]
  ks_curve: [number, number][]
  csi?: Record<string, { csi: number | null; alarm: 'stable' | 'watch' | 'act' | string }>
  distribution_of: 'score' | 'pd' | string
  score_distribution: { from: number; to: number; good: number; bad: number }[]
}

export interface LabBin {
  label: string
  good: number
  bad: number
  woe: number
  points: number
}

export interface LabVariable {
  name: string
  iv: number
  coefficient: number
  bins: LabBin[]
}

export interface LabModelDetail extends LabModel {
  report: LabReport
  variables: LabVariable[]
}
