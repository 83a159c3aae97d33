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
  /** Some modules (the policy loader) name the problem `message`. */
  message?: string
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

// ---- The single export (唯一出口): consent, disclosure, objections, inbox, push ----

export type InstitutionKind = 'bank' | 'insurer' | 'guarantee' | 'small_loan' | 'leasing' | 'investor' | 'other'
export const INSTITUTION_KINDS: InstitutionKind[] = ['bank', 'insurer', 'guarantee', 'small_loan', 'leasing', 'investor', 'other']

export interface Institution {
  id: string
  name: string
  kind: InstitutionKind | string
  created_at: string
}

export type Purpose = 'loan_application' | 'credit_review' | 'post_loan' | 'guarantee' | 'insurance_underwriting'

export interface PurposeInfo {
  code: Purpose | string
  label: string
  label_en: string
}

/** Not a catalogue category: the composite evaluation, scorecard and indicators. */
export const EVALUATION_SCOPE = 'evaluation'

export type AuthorizationState = 'active' | 'paused' | 'revoked' | 'expired'

export interface AuthorizationScope {
  category: string
  fields: string[]
}

export interface NewAuthorization {
  institution_id: string
  scopes: { category: string; fields?: string[] }[]
  purpose: string
  valid_from?: string
  valid_until: string
  period_from: string
  period_to: string
  max_queries?: number
  per?: 'day' | 'month'
  retention_days?: number
  application_id?: string
}

export interface Authorization {
  id: string
  uscc: string
  institution_id: string
  scopes: AuthorizationScope[]
  purpose: Purpose | string
  valid_from: string
  valid_until: string
  period_from: string
  period_to: string
  max_queries: number
  per: 'day' | 'month' | string
  retention_days: number
  application_id: string | null
  state: AuthorizationState | string
  granted_at: string
  revoked_at: string | null
  /** The signed statement (canonical JSON object). */
  artefact: Record<string, unknown>
  /** Ed25519 over the canonical artefact, base64url. */
  signature: string
}

export type AccessAction = 'query' | 'report' | 'push'

export interface DataAccess {
  id: string
  at: string
  institution_id: string
  action: AccessAction | string
  purpose: string
  view: string
  authorization_id: string | null
  categories: string[]
  outcome: 'allowed' | 'denied' | string
  /** A refusal code (authorization_revoked ...), or "allowed". */
  reason: string
}

export interface DataAccessPage {
  items: DataAccess[]
  next_before: number | null
}

/** A generalized value: a range and how to show it. */
export interface RangeValue {
  range?: unknown
  display: string
}

export interface DisclosedRecord {
  fields: Record<string, unknown>
  /** Field -> how it was desensitized. */
  desensitized: Record<string, 'generalize' | 'mask' | string>
  withheld: string[]
  record_key: string
  self_reported: boolean
  batch_id: string
  under_dispute: boolean
  loaded_at: string
}

export interface DisclosedCategory {
  category: string
  name: string
  name_en: string
  view: 'authorized' | 'desensitized' | string
  truncated: boolean
  records: DisclosedRecord[]
}

export interface DisclosedEvaluation {
  as_of: string
  grade: string
  score?: number
  scorecard_score?: number | null
  withheld?: string[]
}

export interface QueryAnswer {
  uscc: string
  name: string
  view: 'authorized' | 'desensitized' | string
  authorization_id: string | null
  purpose: string
  period_from: string | null
  period_to: string | null
  categories: DisclosedCategory[]
  evaluation?: DisclosedEvaluation | null
}

export interface QueryItem {
  uscc: string
  status: 'ok' | 'invalid' | 'not_found' | 'denied' | string
  data?: QueryAnswer
  error?: { code: string; message: string; reason?: string }
}

export interface NewQuery {
  uscc?: string
  usccs?: string[]
  categories?: string[]
  period_from?: string
  period_to?: string
  purpose: string
  view?: 'authorized' | 'desensitized'
}

export interface ReportField {
  name: string
  label: string
  value: string
  masked: boolean
}

export interface ReportFactor {
  indicator: string
  name: string
  value: string
  points: number
  weight: number
  contribution: number
  shortfall: number
}

export interface CreditReport {
  format_version: number
  report_number: string
  issued_at: string
  valid_until: string
  verification_code: string
  view: 'authorized' | 'desensitized' | 'self' | string
  institution: { id: string; name: string }
  purpose: string
  purpose_label: string
  purpose_label_en: string
  authorization_id: string | null
  enterprise: {
    uscc: string
    name: string
    district: string
    district_name?: string
    industry: string
    industry_name?: string
    size: string
    size_label?: string
    registration_date: string
    registered_capital: string
    status: string
    status_label?: string
  }
  evaluation: {
    as_of: string
    score: number | null
    grade: string
    model_version: string
    factors: ReportFactor[]
  } | null
  scorecard: {
    model: string
    score: number
    odds: string
    reasons: { code: string; indicator: string; name: string; text: string }[]
  } | null
  /** Part -> why it is not shown ("scorecard", "indicators", "evaluation"). */
  withheld: Record<string, string>
  indicators: { id: string; name: string; unit: string; values: { as_of: string; value: number | null }[] }[]
  records_summary: {
    category: string
    name: string
    department: string
    records: number
    latest: string | null
    self_reported: boolean
    view: string
  }[]
  adverse_records: {
    category: string
    category_name: string
    kind: string
    kind_label: string
    date: string
    summary: string
    under_dispute: boolean
    record_key: string
    fields: ReportField[]
  }[]
  self_reported: {
    category: string
    period: string
    fields: ReportField[]
    commitment: { text_sha256: string; signed_at: string } | null
  }[]
  notes: string[]
}

export interface ReportSummary {
  report_number: string
  uscc: string
  enterprise_name: string | null
  purpose: string
  view: string
  issued_at: string
  valid_until: string
}

export interface ReportVerification {
  valid: boolean
  report_number?: string
  uscc?: string
  enterprise_name?: string
  institution?: string
  issued_at?: string
  valid_until?: string
  expired?: boolean
  content_sha256?: string
}

export type ObjectionState = 'under_dispute' | 'forwarded' | 'decided'
export const OBJECTION_STATES: ObjectionState[] = ['under_dispute', 'forwarded', 'decided']
export type ObjectionOutcome = 'corrected' | 'confirmed' | 'removed'
export const OBJECTION_OUTCOMES: ObjectionOutcome[] = ['corrected', 'confirmed', 'removed']

export interface ObjectionEvent {
  seq: number
  at: string
  actor_key_id: string
  actor_role: string
  action: 'submitted' | 'marked_disputed' | 'forwarded' | 'decided' | string
  note: string
}

export interface Objection {
  id: string
  uscc: string
  category: string
  record_key: string
  reason: string
  evidence: string | null
  state: ObjectionState | string
  outcome: ObjectionOutcome | string | null
  outcome_note: string | null
  submitted_at: string
  marked_at: string
  forwarded_at: string | null
  department: string | null
  decided_at: string | null
  created_by: string
  deadlines: { mark_by: string; forward_by: string; decide_by: string; department_decide_by: string | null }
  deadline: { at: string; action: 'forward_or_decide' | 'decide' | 'department_decide' | string } | null
  overdue: boolean
  timeline: ObjectionEvent[]
}

export interface NewObjection {
  category: string
  record_key: string
  reason: string
  evidence?: string
}

export interface InboxMessage {
  id: string
  kind: string
  title: string
  body: string
  link: string
  created_at: string
  read_at: string | null
}

export interface InboxPage {
  items: InboxMessage[]
  next_cursor: string | null
  unread: number
}

export interface Subscription {
  id: string
  institution_id: string
  uscc: string
  authorization_id: string
  delivery: 'webhook' | 'feed' | string
  webhook_url: string | null
  created_at: string
}

export interface CreatedSubscription {
  subscription: Subscription
  secret: string
}

export type PushEventKind = 'data_changed' | 'evaluation_changed' | 'record_correction'

export interface PushEvent {
  id: string
  seq: number
  kind: PushEventKind | string
  uscc: string
  payload: Record<string, unknown>
  created_at: string
  requires_ack: boolean
  acked_at: string | null
}

export interface PushFeed {
  items: PushEvent[]
  next_after: number
}

export interface ObjectionPage {
  items: Objection[]
  next_cursor: string | null
}

/** A signed tree head of the audit ledger (docs/ledger.md); hashes and keys in hex. */
export interface LedgerHead {
  size: number
  root_hash: string
  timestamp: number
  signature: string
  public_key: string
  origin: string
  verifier_key: string
}

/** One ledger entry: what happened, as hashed into the log. */
export interface LedgerEntryBody {
  v: number
  id: string
  at: number
  actor: { role: string; key_id: string; institution_id: string; uscc: string }
  action: string
  outcome: string
  reason: string
  subject: string
  categories: string[]
  purpose: string
  authorization_id: string
  application_id: string
  request_id: string
  result_sha256: string
  ref: string
}

export interface LedgerEntry {
  index: number
  leaf_hash: string
  entry: string
  id?: string
  decoded?: LedgerEntryBody
}

export interface LedgerPage {
  items: LedgerEntry[]
  next_before: number | null
}

export interface LedgerConsistency {
  first: number
  head: LedgerHead
  path: string[]
}

export interface LedgerProof {
  entry: LedgerEntry
  head: LedgerHead
  path: string[]
}
