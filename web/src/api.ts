import { clearSession, session } from './auth'
import type {
  BatchQuery,
  Authorization,
  Catalog,
  CatalogDiff,
  CreatedSubscription,
  CreditReport,
  DataAccessPage,
  LedgerConsistency,
  LedgerPage,
  LedgerProof,
  InboxMessage,
  InboxPage,
  Institution,
  NewAuthorization,
  NewObjection,
  NewQuery,
  Objection,
  ObjectionPage,
  PurposeInfo,
  PushEvent,
  PushFeed,
  QueryAnswer,
  QueryItem,
  ReportSummary,
  ReportVerification,
  Subscription,
  CatalogVersion,
  CompositeModel,
  District,
  Enterprise,
  EnterpriseEvaluation,
  EnterpriseQuery,
  ErrorBody,
  ErrorDetail,
  EvaluationRun,
  IndicatorLibrary,
  IndustrySection,
  IngestBatch,
  LabModel,
  LabModelDetail,
  LabSample,
  Me,
  Page,
  Quality,
  StartedRun,
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

/**
 * Sends an authenticated GET (or, with `json`, a POST of that body) and returns the response once it is known to be 2xx.
 * Errors become ApiError (error body parsed when it is JSON); a 401 on a call made with
 * the session key clears the session and calls the unauthorized handler.
 */
/** A request body other than JSON (a CSV upload), or a POST without a body (`body: null`). */
interface RawBody {
  body: Blob | string | null
  contentType?: string
}

async function send(
  path: string,
  params: Params | undefined,
  accept: string,
  key?: string,
  json?: unknown,
  raw?: RawBody,
  method?: 'DELETE' | 'PUT',
): Promise<Response> {
  const explicitKey = key !== undefined
  const token = explicitKey ? key : session.key
  const headers: Record<string, string> = { Accept: accept }
  if (token) headers.Authorization = 'Bearer ' + token
  const init: RequestInit = { headers, credentials: 'same-origin', cache: 'no-store' }
  if (json !== undefined) {
    init.method = 'POST'
    init.body = JSON.stringify(json)
    headers['Content-Type'] = 'application/json'
  } else if (raw !== undefined) {
    init.method = 'POST'
    if (raw.body !== null) {
      init.body = raw.body
      if (raw.contentType) headers['Content-Type'] = raw.contentType
    }
  }
  if (method) init.method = method

  let res: Response
  try {
    res = await fetch(buildUrl(path, params), init)
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
  }
  if (res.ok) return res

  const err = (parseJson(await res.text().catch(() => '')) as ErrorBody | null)?.error
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

function parseJson(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

export async function request<T>(path: string, params?: Params, key?: string): Promise<T> {
  const res = await send(path, params, 'application/json', key)
  const body = parseJson(await res.text())
  if (body === null) {
    throw new ApiError(res.status, 'bad_response', 'Invalid JSON response')
  }
  return body as T
}

/** POSTs `json` and returns the parsed answer (2xx). */
export async function post<T>(path: string, json: unknown): Promise<T> {
  const res = await send(path, undefined, 'application/json', undefined, json)
  const body = parseJson(await res.text())
  if (body === null) {
    throw new ApiError(res.status, 'bad_response', 'Invalid JSON response')
  }
  return body as T
}

/** PUT with a JSON body (replaces a resource); the parsed JSON answer. */
export async function put<T>(path: string, json: unknown): Promise<T> {
  const res = await send(path, undefined, 'application/json', undefined, json, undefined, 'PUT')
  const body = parseJson(await res.text())
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

export function getCatalog(): Promise<Catalog> {
  return request<Catalog>('/catalog')
}

export function listCatalogVersions(): Promise<{ items: CatalogVersion[] }> {
  return request<{ items: CatalogVersion[] }>('/catalog/versions')
}

export function getCatalogVersion(version: number): Promise<Catalog> {
  return request<Catalog>('/catalog/versions/' + encodeURIComponent(String(version)))
}

export function diffCatalog(from: number, to: number): Promise<CatalogDiff> {
  return request<CatalogDiff>('/catalog/diff', { from, to })
}

export function getQuality(): Promise<Quality> {
  return request<Quality>('/quality')
}

export function listBatches(query: BatchQuery): Promise<Page<IngestBatch>> {
  return request<Page<IngestBatch>>('/ingest/batches', { ...query })
}

// ---- Credit evaluation ----

export function getIndicatorLibrary(): Promise<IndicatorLibrary> {
  return request<IndicatorLibrary>('/credit/indicators')
}

export function getCreditModel(): Promise<CompositeModel> {
  return request<CompositeModel>('/credit/model')
}

export function listEvaluationRuns(limit = 50): Promise<{ items: EvaluationRun[] }> {
  return request<{ items: EvaluationRun[] }>('/credit/runs', { limit })
}

/** Starts a batch evaluation of every enterprise for a month (YYYY-MM); 409 while one is running. */
export function startEvaluationRun(asOf: string): Promise<StartedRun> {
  return post<StartedRun>('/credit/runs', { as_of: asOf })
}

/** An enterprise's evaluation for a month (default: the latest); 404 when there is none. */
export function getEvaluation(uscc: string, asOf?: string): Promise<EnterpriseEvaluation> {
  return request<EnterpriseEvaluation>('/enterprises/' + encodeURIComponent(uscc) + '/evaluation', {
    as_of: asOf,
  })
}

// ---- Model lab ----

export function listLabSamples(): Promise<{ items: LabSample[] }> {
  return request<{ items: LabSample[] }>('/lab/samples')
}

export interface SampleImport {
  name: string
  target: string
  bad: string
  description?: string
}

/** Imports a labelled CSV into the sample library (400 names the row or column at fault). */
export async function importLabSample(file: Blob, input: SampleImport): Promise<LabSample> {
  const res = await send('/lab/samples', { ...input }, 'application/json', undefined, undefined, {
    body: file,
    contentType: 'text/csv; charset=utf-8',
  })
  return parseBody<LabSample>(res)
}

/** The sample's CSV exactly as imported. */
export async function downloadLabSample(id: string): Promise<Download> {
  const res = await send('/lab/samples/' + encodeURIComponent(id) + '/csv', undefined, 'text/csv')
  return { blob: await res.blob(), filename: attachmentName(res.headers.get('Content-Disposition')) }
}

export function listLabModels(): Promise<{ items: LabModel[] }> {
  return request<{ items: LabModel[] }>('/lab/models')
}

export interface ModelFit {
  sample_id: string
  name: string
  scenario: string
  algorithm: string
  cv_folds: number
  role: string
}

/** Fits a model on a sample and registers it (synchronous). */
export function fitLabModel(input: ModelFit): Promise<LabModel> {
  return post<LabModel>('/lab/models', input)
}

export function getLabModel(id: string): Promise<LabModelDetail> {
  return request<LabModelDetail>('/lab/models/' + encodeURIComponent(id))
}

/** Makes the model the champion of its scenario; the previous champion becomes a challenger. */
export async function promoteLabModel(id: string): Promise<LabModel> {
  const res = await send('/lab/models/' + encodeURIComponent(id) + '/promote', undefined, 'application/json', undefined, undefined, {
    body: null,
  })
  return parseBody<LabModel>(res)
}

/** The model card (an HTML page). */
export async function fetchLabModelCard(id: string): Promise<Blob> {
  const res = await send('/lab/models/' + encodeURIComponent(id) + '/card', undefined, 'text/html')
  return new Blob([await res.text()], { type: 'text/html;charset=utf-8' })
}

/** The model file (JSON) as a download. */
export async function downloadLabModelFile(id: string): Promise<Download> {
  const res = await send('/lab/models/' + encodeURIComponent(id) + '/file', undefined, 'application/json')
  return { blob: await res.blob(), filename: attachmentName(res.headers.get('Content-Disposition')) }
}

async function parseBody<T>(res: Response): Promise<T> {
  const body = parseJson(await res.text())
  if (body === null) throw new ApiError(res.status, 'bad_response', 'Invalid JSON response')
  return body as T
}

/** A downloaded file: its bytes and the name the server suggests (Content-Disposition). */
export interface Download {
  blob: Blob
  filename: string | null
}

/** The quarantined rows of a batch as CSV (row_number,field,value,reason). */
export async function downloadRejects(batchId: string): Promise<Download> {
  const res = await send('/ingest/batches/' + encodeURIComponent(batchId) + '/rejects', undefined, 'text/csv')
  return { blob: await res.blob(), filename: attachmentName(res.headers.get('Content-Disposition')) }
}

function attachmentName(disposition: string | null): string | null {
  const m = disposition?.match(/filename="?([^";]+)"?/i)
  return m ? m[1] : null
}

// ---- The single export: institutions, consent, disclosure, objections, inbox, push ----

/** POSTs without a body (state changes such as revoke, mark read, ack) and returns the answer. */
export async function postEmpty<T>(path: string): Promise<T> {
  const res = await send(path, undefined, 'application/json', undefined, undefined, { body: null })
  return parseBody<T>(res)
}

const enc = encodeURIComponent

export function listInstitutions(): Promise<{ items: Institution[] }> {
  return request<{ items: Institution[] }>('/institutions')
}

export function createInstitution(input: { id: string; name: string; kind: string }): Promise<Institution> {
  return post<Institution>('/institutions', input)
}

export function listPurposes(): Promise<{ items: PurposeInfo[] }> {
  return request<{ items: PurposeInfo[] }>('/consent/purposes')
}

export function listEnterpriseAuthorizations(uscc: string): Promise<{ items: Authorization[] }> {
  return request<{ items: Authorization[] }>('/enterprises/' + enc(uscc) + '/authorizations')
}

/** The authorizations the calling institution holds. */
export function listHeldAuthorizations(): Promise<{ items: Authorization[] }> {
  return request<{ items: Authorization[] }>('/authorizations')
}

export function grantAuthorization(uscc: string, input: NewAuthorization): Promise<Authorization> {
  return post<Authorization>('/enterprises/' + enc(uscc) + '/authorizations', input)
}

/** revoke (final), pause or resume one of the enterprise's authorizations. */
export function changeAuthorization(id: string, action: 'revoke' | 'pause' | 'resume'): Promise<Authorization> {
  return postEmpty<Authorization>('/authorizations/' + enc(id) + '/' + action)
}

/** Whether the signature is the platform's over the artefact. */
export function verifyAuthorization(artefact: unknown, signature: string): Promise<{ valid: boolean }> {
  return post<{ valid: boolean }>('/authorizations/verify', { artefact, signature })
}

export function listAccesses(uscc: string, before?: number, limit = 50): Promise<DataAccessPage> {
  return request<DataAccessPage>('/enterprises/' + enc(uscc) + '/accesses', { limit, before })
}

/** A single query answers with the data (a refusal is a 403 naming the reason in details). */
export function queryOne(input: NewQuery): Promise<QueryAnswer> {
  return post<QueryAnswer>('/queries', input)
}

/** A batch (usccs) answers item by item. */
export function queryBatch(input: NewQuery): Promise<{ items: QueryItem[] }> {
  return post<{ items: QueryItem[] }>('/queries', input)
}

export function issueReport(input: { uscc: string; purpose: string; view: string }): Promise<CreditReport> {
  return post<CreditReport>('/reports', input)
}

/** The enterprise's own full report (self-inquiry). */
export function issueSelfReport(uscc: string): Promise<CreditReport> {
  return postEmpty<CreditReport>('/enterprises/' + enc(uscc) + '/reports')
}

export function listReports(limit = 50): Promise<{ items: ReportSummary[] }> {
  return request<{ items: ReportSummary[] }>('/reports', { limit })
}

export function getReport(number: string): Promise<CreditReport> {
  return request<CreditReport>('/reports/' + enc(number))
}

/** The printable HTML of a report, fetched with the session key. */
export async function fetchReportHtml(number: string): Promise<Blob> {
  const res = await send('/reports/' + enc(number) + '/html', undefined, 'text/html')
  return new Blob([await res.text()], { type: 'text/html;charset=utf-8' })
}

export async function downloadReportPdf(number: string): Promise<Download> {
  const res = await send('/reports/' + enc(number) + '/pdf', undefined, 'application/pdf')
  return { blob: await res.blob(), filename: attachmentName(res.headers.get('Content-Disposition')) }
}

/** Public: checks a report number and code without any key. */
export function verifyReport(number: string, code: string): Promise<ReportVerification> {
  return request<ReportVerification>('/report-verifications', { number, code }, '')
}

export function listEnterpriseObjections(uscc: string, cursor?: string): Promise<ObjectionPage> {
  return request<ObjectionPage>('/enterprises/' + enc(uscc) + '/objections', { limit: 50, cursor })
}

export function createObjection(uscc: string, input: NewObjection): Promise<Objection> {
  return post<Objection>('/enterprises/' + enc(uscc) + '/objections', input)
}

export function listObjections(filter: { state?: string; overdue?: string; uscc?: string; cursor?: string }): Promise<ObjectionPage> {
  return request<ObjectionPage>('/objections', { limit: 50, ...filter })
}

export function forwardObjection(id: string, department: string, note?: string): Promise<Objection> {
  return post<Objection>('/objections/' + enc(id) + '/forward', { department, ...(note ? { note } : {}) })
}

export function decideObjection(id: string, outcome: string, note?: string): Promise<Objection> {
  return post<Objection>('/objections/' + enc(id) + '/decide', { outcome, ...(note ? { note } : {}) })
}

export function listInbox(unreadOnly: boolean, cursor?: string): Promise<InboxPage> {
  return request<InboxPage>('/inbox', { unread: unreadOnly ? 'true' : undefined, limit: 50, cursor })
}

export function markInboxRead(id: string): Promise<InboxMessage> {
  return postEmpty<InboxMessage>('/inbox/' + enc(id) + '/read')
}

export function listSubscriptions(): Promise<{ items: Subscription[] }> {
  return request<{ items: Subscription[] }>('/subscriptions')
}

export function createSubscription(input: { uscc: string; authorization_id: string; webhook_url?: string }): Promise<CreatedSubscription> {
  return post<CreatedSubscription>('/subscriptions', input)
}

export async function deleteSubscription(id: string): Promise<void> {
  await send('/subscriptions/' + enc(id), undefined, 'application/json', undefined, undefined, undefined, 'DELETE')
}

export function getPushFeed(after: number, limit = 100): Promise<PushFeed> {
  return request<PushFeed>('/push/feed', { after, limit })
}

export function ackPushEvent(id: string): Promise<PushEvent> {
  return postEmpty<PushEvent>('/push/events/' + enc(id) + '/ack')
}

/** The audit ledger's entries about one enterprise, newest first. */
export function listEnterpriseLedger(uscc: string, before?: number, limit = 50): Promise<LedgerPage> {
  const params: Params = { limit }
  if (before !== undefined) params.before = before
  return request<LedgerPage>('/enterprises/' + enc(uscc) + '/ledger', params)
}

/** Proof that the ledger only grew from size `first` to the newest signed head. */
export function getEnterpriseLedgerConsistency(uscc: string, first: number): Promise<LedgerConsistency> {
  return request<LedgerConsistency>('/enterprises/' + enc(uscc) + '/ledger/consistency', { first })
}

/** One of those entries with the newest signed head and its inclusion path. */
export function getEnterpriseLedgerProof(uscc: string, index: number): Promise<LedgerProof> {
  return request<LedgerProof>('/enterprises/' + enc(uscc) + '/ledger/' + index + '/proof')
}
