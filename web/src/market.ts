/**
 * The financing marketplace (融资撮合, docs/marketplace.md): the shapes of /api/v1/market/*,
 * /enterprises/{uscc}/demands|matches|applications and /ip-pledges, the calls, the enumerations
 * the forms offer, and label helpers. Money is integer fen on the wire and 元 on screen; rates
 * are basis points a year on the wire and % on screen.
 */
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { post, postEmpty, put, request } from './api'
import { EMPTY } from './format'
import type { AppLocale } from './i18n'

export const PRODUCT_TYPES = [
  'credit_loan',
  'mortgage',
  'pledge',
  'ip_pledge',
  'guarantee_backed',
  'supply_chain',
  'insurance_backed',
  'equity',
] as const
export const PRODUCT_STATUSES = ['draft', 'listed', 'paused', 'retired'] as const
export const REPAYMENT_METHODS = ['equal_instalment', 'equal_principal', 'interest_only'] as const
export const COLLATERAL_KINDS = ['real_estate', 'equipment', 'receivables', 'inventory', 'ip_rights', 'equity', 'deposit'] as const
export const POLICY_TAGS = ['risk_compensation', 'guarantee', 'interest_subsidy', 'sci_tech', 'ip_pledge', 'first_loan'] as const
export const URGENCIES = ['low', 'normal', 'high'] as const
export const APP_STATES = [
  'submitted',
  'accepted',
  'under_review',
  'info_requested',
  'approved',
  'declined',
  'contract_signed',
  'disbursed',
  'repaying',
  'settled',
  'overdue',
  'defaulted',
  'withdrawn',
] as const
export const IP_KINDS = ['patent', 'trademark', 'copyright'] as const
export const VALUATION_METHODS = ['income', 'market', 'cost'] as const
export const STATS_DIMENSIONS = ['district', 'industry', 'size', 'product_type'] as const

export type ProductStatus = (typeof PRODUCT_STATUSES)[number]
export type AppState = (typeof APP_STATES)[number]
export type StatsDimension = (typeof STATS_DIMENSIONS)[number]

/** Product statuses an institution may move to from each status (draft → listed ⇄ paused → retired). */
export const PRODUCT_MOVES: Record<ProductStatus, ProductStatus[]> = {
  draft: ['listed', 'retired'],
  listed: ['paused', 'retired'],
  paused: ['listed', 'retired'],
  retired: [],
}

/** States still awaiting the lender's decision (the SLA runs). */
export const AWAITING: readonly string[] = ['submitted', 'accepted', 'under_review', 'info_requested']

export interface Product {
  id: string
  institution_id: string
  name: string
  type: string
  description: string
  amount_min_fen: number
  amount_max_fen: number
  term_min_months: number
  term_max_months: number
  rate_min_bp: number
  rate_max_bp: number
  fee_bp: number
  repayment_methods: string[]
  collateral: string[]
  guarantee_required: boolean
  eligibility: string
  policy_tags: string[]
  sla_days: number
  status: ProductStatus | string
  created_at: string
  updated_at: string
}

export type NewProduct = Omit<Product, 'id' | 'institution_id' | 'status' | 'created_at' | 'updated_at'> & {
  status: 'draft' | 'listed'
}

/** An attribute a rule may name (GET /market/attributes). */
export interface RuleAttribute {
  name: string
  label: string
  label_en: string
  unit: string
  type: string
  values: string[]
}

export interface RuleCondition {
  text: string
  line: number
  column: number
}

export interface Demand {
  id: string
  uscc: string | null
  amount_fen: number
  term_months: number
  purpose: string
  collateral: string[]
  guarantee_available: boolean
  urgency: string
  status: 'open' | 'closed' | string
  created_at: string
  closed_at: string | null
}

export interface NewDemand {
  amount_fen: number
  term_months: number
  purpose: string
  collateral: string[]
  guarantee_available: boolean
  urgency: string
}

export type ConditionResult = 'met' | 'not_met' | 'no_data'

export interface MatchCondition {
  kind: 'rule' | 'amount' | 'term' | 'collateral' | 'guarantee' | string
  text: string
  result: ConditionResult | string
  values: { name: string; label: string; value: string | null }[]
}

export interface ProductMatch {
  product: Product
  eligible: boolean
  failed: number
  score: number
  approval_likelihood: number
  cost: number
  fit: number
  conditions: MatchCondition[]
}

export interface Matches {
  eligible: ProductMatch[]
  near_misses: ProductMatch[]
}

export interface Lead {
  demand: Demand
  size: string
  district: string
  industry: string
  grade: string | null
  product_ids: string[]
}

export interface Transition {
  seq: number
  from: string
  to: string
  actor_role: string
  actor_key: string | null
  at: string
  note: string
}

export interface Offer {
  amount_fen: number
  term_months: number
  annual_rate_bp: number
  method: string
}

export interface Application {
  id: string
  uscc: string
  product_id: string
  institution_id: string
  demand_id: string | null
  authorization_id: string
  referred_from: string | null
  amount_fen: number
  term_months: number
  purpose: string
  policy_tags: string[]
  state: AppState | string
  state_label: string
  submitted_at: string
  sla_due_at: string
  decided_at: string | null
  updated_at: string
  decline_reason: string | null
  offer: Offer | null
  referral_consent: boolean
  timeline: Transition[]
  next_states: string[]
}

/** A move of an application; the fields beyond `to` are those the target state needs. */
export interface Move {
  to: string
  note?: string
  decline_reason?: string
  offer?: Offer
  disbursed_on?: string
  first_due_date?: string
}

export interface Instalment {
  number: number
  due_date: string
  principal_fen: number
  interest_fen: number
  total_fen: number
}

export interface Loan {
  application_id: string
  uscc: string
  institution_id: string
  principal_fen: number
  annual_rate_bp: number
  term_months: number
  method: string
  disbursed_on: string
  first_due_date: string
  schedule: Instalment[]
  repayments: { paid_on: string; amount_fen: number }[]
  standing: {
    assessed_on: string
    outstanding_principal_fen: number
    overdue_amount_fen: number
    overdue_days: number
    bucket: string
    next_due_date: string | null
    settled: boolean
  }
}

export interface IpItem {
  kind: string
  number: string
  title: string
}

export interface IpPledge {
  id: string
  registration_no: string
  uscc: string
  owner_name: string
  items: IpItem[]
  valuation_fen: number
  valuation_method: string
  valuer: string
  pledgee_id: string
  application_id: string | null
  secured_amount_fen: number
  from: string
  until: string
  status: 'registered' | 'released' | 'enforced' | string
  status_note: string
  registered_at: string
  updated_at: string
}

export type NewIpPledge = Omit<IpPledge, 'id' | 'registration_no' | 'pledgee_id' | 'status' | 'status_note' | 'registered_at' | 'updated_at' | 'application_id'> & {
  application_id?: string
}

export interface StatsRow {
  key: string
  demands: number
  applications: number
  decided: number
  approved: number
  declined: number
  approval_rate: number | null
  disbursed_loans: number
  disbursed_amount_fen: number
  avg_decision_hours: number | null
  sla_breached: number
  awaiting: number
  referred: number
  referred_approved: number
}

export interface ApplicationFilter {
  state?: string
  product_id?: string
  uscc?: string
  sla?: 'breached'
  limit?: number
}

const enc = encodeURIComponent
type Items<T> = { items: T[] }

export const listAttributes = () => request<Items<RuleAttribute>>('/market/attributes')
/** Compiles a rule without saving anything; a 400 names line and column in its details. */
export const checkRule = (rule: string) => post<{ conditions: RuleCondition[] }>('/market/rules/check', { rule })
export const listProducts = (filter: { institution_id?: string; status?: string } = {}) =>
  request<Items<Product>>('/market/products', { ...filter })
export const getProduct = (id: string) => request<Product>('/market/products/' + enc(id))
export const createProduct = (p: NewProduct) => post<Product>('/market/products', p)
/** Revises a product's terms and rule; its status changes only through setProductStatus. */
export const updateProduct = (id: string, p: Omit<NewProduct, 'status'>) => put<Product>('/market/products/' + enc(id), p)
export const setProductStatus = (id: string, status: string) => post<Product>('/market/products/' + enc(id) + '/status', { status })

export const publishDemand = (uscc: string, d: NewDemand) => post<Demand>('/enterprises/' + enc(uscc) + '/demands', d)
export const listDemands = (uscc: string) => request<Items<Demand>>('/enterprises/' + enc(uscc) + '/demands')
export const closeDemand = (uscc: string, id: string) => postEmpty<Demand>('/enterprises/' + enc(uscc) + '/demands/' + enc(id) + '/close')
export const getMatches = (uscc: string, demandId?: string) =>
  request<Matches>('/enterprises/' + enc(uscc) + '/matches', { demand_id: demandId })

export const listLeads = (limit = 100) => request<Items<Lead>>('/market/leads', { limit })
export const reachOut = (demandId: string, productId: string, note: string) =>
  post<{ sent: boolean }>('/market/leads/' + enc(demandId) + '/reach-out', { product_id: productId, ...(note ? { note } : {}) })

/** One-click apply: one application (and one scoped authorization) per product, all or none. */
export const applyToProducts = (uscc: string, input: { product_ids: string[]; demand_id?: string; amount_fen?: number; term_months?: number; purpose?: string }) =>
  post<Items<Application>>('/enterprises/' + enc(uscc) + '/applications', input)
export const listApplications = (filter: ApplicationFilter = {}) =>
  request<Items<Application>>('/market/applications', { limit: 200, ...filter })
export const getApplication = (id: string) => request<Application>('/market/applications/' + enc(id))
export const moveApplication = (id: string, move: Move) => post<Application>('/market/applications/' + enc(id) + '/transitions', move)
/** The declined enterprise consents to be referred: applications to up to three other lenders. */
export const referApplication = (id: string) => postEmpty<Items<Application>>('/market/applications/' + enc(id) + '/referral')

export const listLoans = () => request<Items<Loan>>('/market/loans')
export const getLoan = (id: string) => request<Loan>('/market/loans/' + enc(id))
export const recordRepayment = (id: string, paidOn: string, amountFen: number) =>
  post<Loan>('/market/loans/' + enc(id) + '/repayments', { paid_on: paidOn, amount_fen: amountFen })

export const registerPledge = (p: NewIpPledge) => post<IpPledge>('/ip-pledges', p)
export const searchPledges = (query: { uscc?: string; ip_number?: string } = {}) => request<Items<IpPledge>>('/ip-pledges', { ...query })
export const changePledgeStatus = (id: string, status: 'released' | 'enforced', note: string) =>
  post<IpPledge>('/ip-pledges/' + enc(id) + '/status', { status, ...(note ? { note } : {}) })

export const getMarketStats = (by: StatsDimension) => request<{ by: string; items: StatsRow[] }>('/market/stats', { by })

// ---- money, rates, dates ----

const numberLocale = (locale: AppLocale) => (locale === 'en' ? 'en-US' : 'zh-CN')

/** Fen as yuan with thousands separators and two decimals ("1,234,567.89"), computed on integers. */
export function yuanText(fen: number | null | undefined, locale: AppLocale): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return EMPTY
  const negative = fen < 0
  const abs = Math.round(Math.abs(fen))
  const whole = new Intl.NumberFormat(numberLocale(locale), { maximumFractionDigits: 0 }).format(Math.floor(abs / 100))
  const cents = String(abs % 100).padStart(2, '0')
  return (negative ? '-' : '') + whole + '.' + cents
}

/** Yuan typed in a form (a number with at most two decimals) as integer fen. */
export function fenOf(yuan: number | null | undefined): number {
  if (yuan === null || yuan === undefined || !Number.isFinite(yuan)) return 0
  return Math.round(yuan * 100)
}

/** Basis points a year as a percentage with two decimals ("4.35%"). */
export function rateText(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return EMPTY
  return (bp / 100).toFixed(2) + '%'
}

/** A percentage typed in a form as whole basis points. */
export function bpOf(percent: number | null | undefined): number {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return 0
  return Math.round(percent * 100)
}

/** Groups the integer part of a number typed in an el-input-number (formatter / parser pair). */
export const groupDigits = (v: string | number): string => {
  const [whole, frac] = String(v).split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return frac === undefined ? grouped : grouped + '.' + frac
}
export const ungroupDigits = (v: string): string => v.replace(/,/g, '')

const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today in Asia/Shanghai as YYYY-MM-DD, optionally moved by whole months (day clamped). */
export function shanghaiToday(addMonths = 0): string {
  const [y, m, d] = SHANGHAI_DAY.format(new Date()).split('-').map(Number)
  const total = y * 12 + (m - 1) + addMonths
  const year = Math.floor(total / 12)
  const month = (total % 12) + 1
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${year}-${p(month)}-${p(Math.min(d, last))}`
}

/** How close an awaiting application is to its decision deadline. */
export function slaState(a: Pick<Application, 'state' | 'sla_due_at' | 'decided_at'>, now = Date.now()): 'ok' | 'near' | 'breached' | 'done' {
  const due = new Date(a.sla_due_at).getTime()
  if (!AWAITING.includes(a.state)) {
    if (a.decided_at && new Date(a.decided_at).getTime() > due) return 'breached'
    return 'done'
  }
  if (now > due) return 'breached'
  if (due - now < 24 * 3600 * 1000) return 'near'
  return 'ok'
}

type TagType = 'success' | 'danger' | 'info' | 'warning' | 'primary'

/** Labels of the marketplace's enumerations in the current language. */
export function useMarketLabels() {
  const { t, te } = useI18n()
  const label = (prefix: string, v: string | null | undefined): string =>
    v === null || v === undefined || v === '' ? EMPTY : te(prefix + v) ? t(prefix + v) : v
  const typeLabel = (v: string) => label('market.productType.', v)
  const productStatusLabel = (v: string) => label('market.productStatus.', v)
  const productStatusType = (v: string): TagType =>
    v === 'listed' ? 'success' : v === 'paused' ? 'warning' : v === 'retired' ? 'info' : 'primary'
  const methodLabel = (v: string) => label('market.method.', v)
  const collateralLabel = (v: string) => label('market.collateral.', v)
  const policyLabel = (v: string) => label('market.policy.', v)
  const urgencyLabel = (v: string) => label('market.urgency.', v)
  const stateLabel = (v: string) => label('market.state.', v)
  const stateType = (v: string): TagType =>
    ['approved', 'contract_signed', 'disbursed', 'repaying', 'settled'].includes(v)
      ? 'success'
      : ['declined', 'overdue', 'defaulted'].includes(v)
        ? 'danger'
        : v === 'info_requested'
          ? 'warning'
          : v === 'withdrawn'
            ? 'info'
            : 'primary'
  /** The button text for a move to `to` (撤回, 受理, 批准...). */
  const moveLabel = (to: string) => label('market.move.', to)
  const resultLabel = (v: string) => label('market.result.', v)
  const resultType = (v: string): TagType => (v === 'met' ? 'success' : v === 'not_met' ? 'danger' : 'info')
  const bucketLabel = (v: string) => label('market.bucket.', v)
  const bucketType = (v: string): TagType => (v === 'current' ? 'success' : v === 'settled' ? 'info' : v === '1-30' ? 'warning' : 'danger')
  const ipKindLabel = (v: string) => label('market.ipKind.', v)
  const valuationLabel = (v: string) => label('market.valuation.', v)
  const pledgeStatusLabel = (v: string) => label('market.pledgeStatus.', v)
  const pledgeStatusType = (v: string): TagType => (v === 'registered' ? 'primary' : v === 'released' ? 'success' : 'danger')
  const actorLabel = (v: string) => label('market.actor.', v)
  const sizeLabel = (v: string) => (te('size.' + v) ? t('size.' + v) : v || EMPTY)
  return {
    typeLabel,
    productStatusLabel,
    productStatusType,
    methodLabel,
    collateralLabel,
    policyLabel,
    urgencyLabel,
    stateLabel,
    stateType,
    moveLabel,
    resultLabel,
    resultType,
    bucketLabel,
    bucketType,
    ipKindLabel,
    valuationLabel,
    pledgeStatusLabel,
    pledgeStatusType,
    actorLabel,
    sizeLabel,
  }
}

/**
 * Product names for applications, loans and leads: the products a page could see, loaded once,
 * then any missing id fetched on its own (a paused product of another lender stays an id).
 */
export function useProductNames() {
  const products = ref<Product[]>([])
  const asked = new Set<string>()
  async function load(filter: { institution_id?: string; status?: string } = {}): Promise<void> {
    products.value = (await listProducts(filter)).items
  }
  /** Fetches the products of `ids` not known yet (errors leave the id on screen). */
  async function complete(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !asked.has(id) && !products.value.some((p) => p.id === id))
    missing.forEach((id) => asked.add(id))
    const found = await Promise.all(missing.map((id) => getProduct(id).catch(() => null)))
    const fresh = found.filter((p): p is Product => p !== null)
    if (fresh.length) products.value = products.value.concat(fresh)
  }
  const product = (id: string): Product | undefined => products.value.find((p) => p.id === id)
  const productName = (id: string): string => product(id)?.name || id
  return { products, load, complete, product, productName }
}

/** The attribute units the server names in Chinese, in English (counts of things need none). */
const UNITS_EN: Record<string, string> = {
  万元: '×10k CNY',
  元: 'CNY',
  年: 'years',
  月: 'months',
  天: 'days',
  分: 'points',
  人: 'people',
  千瓦时: 'kWh',
  立方米: 'm³',
  比率: '',
  件: '',
  条: '',
  次: '',
  项: '',
  笔: '',
}
export function unitText(unit: string, locale: AppLocale): string {
  return locale === 'en' ? (UNITS_EN[unit] ?? unit) : unit
}

/** A rule problem at a 1-based line and column (null when the server named no position). */
export interface RuleError {
  line: number | null
  column: number | null
  message: string
}

/** "line 2, column 5" (also after "eligibility: ", as product errors name it) as numbers. */
export function parsePosition(field: string | undefined): { line: number; column: number } | null {
  const m = field?.match(/line (\d+), column (\d+)/)
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null
}
