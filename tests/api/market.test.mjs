// The financing marketplace (docs/marketplace.md) over HTTP: institutions list products with
// eligibility rules (refused whole, with line and column, when wrong); enterprises publish
// demands and get eligible products and near misses that say what is missing; one click applies
// to several lenders, each application under its own authorization scoped to that institution;
// the application moves through its states with one timeline for both sides; declines lead to
// referrals; disbursement makes a loan with its schedule and repayments; institutions see
// desensitized leads and reach out through the inbox; IP pledges are registered once per right;
// the operator reads the statistics. Every party sees only what is its own.
//
// Tests share the seeded database with the other API test files, so each one registers its own
// institutions and enterprises, and asks for amounts in a window of its own: products other
// tests list never fit its asks. Products are retired when the file is done.
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { api, assertError, reasonFor } from './client.mjs'
import { createEnterprise, createKey, tag } from './fixtures.mjs'

const ELIGIBLE = 'size in ["small", "micro"]\nand years_operating >= 2'

/** Today in Asia/Shanghai, the platform's calendar day (YYYY-MM-DD). */
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** A registered institution with a key: {id, name, key, keyId}. */
async function institution(name = '融信测试银行') {
  const id = `mkt-${tag()}`.toLowerCase()
  const res = await api.post('/api/v1/institutions', { json: { id, name: `${name}${tag()}`, kind: 'bank' } })
  assert.equal(res.status, 201, res.text)
  const k = await createKey('institution', { institution_id: id })
  return { id, name: res.body.name, key: k.key, keyId: k.id }
}

/** A small enterprise registered in 2019 (years_operating > 7), with its key. */
async function enterprise(overrides = {}) {
  const e = await createEnterprise({ size: 'small', registration_date: '2019-05-20', ...overrides })
  const k = await createKey('enterprise', { uscc: e.uscc })
  return { uscc: e.uscc, name: e.name, key: k.key, keyId: k.id }
}

/**
 * Amounts and terms of the test's own: products span [min, max] fen and [termMin, termMax]
 * months; `amount` and `term` are an ask in the middle.
 */
function window() {
  const min = randomInt(1, 9_000_000) * 100_000 // 1 000 yuan steps up to 9 billion yuan
  const termMin = randomInt(6, 300)
  return { min, max: min + 10_000_000, amount: min + 5_000_000, termMin, termMax: termMin + 24, term: termMin + 12 }
}

const created = [] // [{id, key}] of every product, retired at the end

function productInput(win, overrides = {}) {
  return {
    name: `普惠经营贷${tag()}`,
    type: 'credit_loan',
    description: '面向小微企业的信用贷款',
    amount_min_fen: win.min,
    amount_max_fen: win.max,
    term_min_months: win.termMin,
    term_max_months: win.termMax,
    rate_min_bp: 350,
    rate_max_bp: 800,
    fee_bp: 50,
    repayment_methods: ['equal_instalment', 'interest_only'],
    eligibility: ELIGIBLE,
    policy_tags: ['first_loan'],
    sla_days: 5,
    status: 'listed',
    ...overrides,
  }
}

/** Lists a product for `inst` (201) and returns it. */
async function product(inst, win, overrides) {
  const res = await api.post('/api/v1/market/products', { key: inst.key, json: productInput(win, overrides) })
  assert.equal(res.status, 201, res.text)
  created.push({ id: res.body.id, key: inst.key })
  return res.body
}

async function publishDemand(ent, win, overrides = {}) {
  const res = await api.post(`/api/v1/enterprises/${ent.uscc}/demands`, {
    key: ent.key,
    json: { amount_fen: win.amount, term_months: win.term, purpose: '采购原材料', urgency: 'high', ...overrides },
  })
  assert.equal(res.status, 201, res.text)
  return res.body
}

async function apply(ent, body) {
  return api.post(`/api/v1/enterprises/${ent.uscc}/applications`, { key: ent.key, json: body })
}

const move = (key, id, json) => api.post(`/api/v1/market/applications/${id}/transitions`, { key, json })

async function moveOk(key, id, json) {
  const res = await move(key, id, json)
  assert.equal(res.status, 200, res.text)
  assert.equal(res.body.state, json.to)
  return res.body
}

async function inbox(key) {
  const res = await api.get('/api/v1/inbox', { key, query: { limit: 200 } })
  assert.equal(res.status, 200, res.text)
  return res.body.items
}

async function applicationsOf(key, query = {}) {
  const res = await api.get('/api/v1/market/applications', { key, query })
  assert.equal(res.status, 200, res.text)
  return res.body.items
}

after(async () => {
  // Best effort: a product the test already retired answers 409.
  for (const p of created)
    await api.post(`/api/v1/market/products/${p.id}/status`, { key: p.key, json: { status: 'retired' } })
})

describe('products and their eligibility rules', () => {
  let bank, other, ent, win
  before(async () => {
    bank = await institution()
    other = await institution('另一家银行')
    ent = await enterprise()
    win = window()
  })

  it('lists the attributes a rule may name', async () => {
    const res = await api.get('/api/v1/market/attributes', { key: ent.key })
    assert.equal(res.status, 200, res.text)
    const byName = Object.fromEntries(res.body.items.map((a) => [a.name, a]))
    assert.deepEqual(byName.size.values, ['large', 'medium', 'small', 'micro'])
    assert.equal(byName.size.type, 'string')
    assert.equal(byName.years_operating.type, 'number')
    assert.equal(byName.years_operating.unit, '年')
    assert.equal(byName.composite_grade.type, 'grade')
    assert.deepEqual(byName.composite_grade.values, ['A', 'B', 'C', 'D'])
    assert.equal(byName.dishonest_debtor.type, 'bool')
    assert.ok(byName.district.values.includes('浦东新区'))
  })

  it('checks a rule without saving it: its conditions with line and column, or where it is wrong', async () => {
    const ok = await api.post('/api/v1/market/rules/check', { key: bank.key, json: { rule: ELIGIBLE } })
    assert.equal(ok.status, 200, ok.text)
    assert.deepEqual(ok.body.conditions, [
      { text: 'size in ["small", "micro"]', line: 1, column: 1 },
      { text: 'years_operating >= 2', line: 2, column: 5 },
    ])
    const empty = await api.post('/api/v1/market/rules/check', { json: { rule: '' } })
    assert.equal(empty.status, 200, empty.text)
    assert.deepEqual(empty.body.conditions, [])

    const bad = await api.post('/api/v1/market/rules/check', {
      key: bank.key,
      json: { rule: 'size in ["small"]\nand years_operatin >= 2' },
    })
    assertError(bad, 400, 'invalid_argument')
    assert.ok(
      bad.body.error.details.some((d) => /^line 2, column 5$/.test(d.field) && /years_operatin/.test(d.reason)),
      bad.text,
    )
    const typed = await api.post('/api/v1/market/rules/check', { key: bank.key, json: { rule: 'size >= 2' } })
    assertError(typed, 400, 'invalid_argument')
    assert.match(typed.body.error.details[0].field, /^line 1, column \d+$/)
    assertError(await api.post('/api/v1/market/rules/check', { key: bank.key, json: {} }), 400, 'invalid_argument', ['rule'])
    assertError(await api.post('/api/v1/market/rules/check', { key: ent.key, json: { rule: '' } }), 403, 'permission_denied')
  })

  it('refuses a bad product whole, naming every field and the rule position, and stores nothing', async () => {
    const badRule = await api.post('/api/v1/market/products', {
      key: bank.key,
      json: productInput(win, { eligibility: 'size in ["small", "micro"]\nand years_operating >= "B"' }),
    })
    assertError(badRule, 400, 'invalid_argument')
    assert.ok(
      badRule.body.error.details.every((d) => /^eligibility: line 2, column \d+$/.test(d.field)),
      badRule.text,
    )
    assert.match(badRule.body.error.message, /line 2, column \d+/)

    const reversed = await api.post('/api/v1/market/products', {
      key: bank.key,
      json: productInput(win, {
        amount_min_fen: win.max,
        amount_max_fen: win.min,
        term_min_months: 24,
        term_max_months: 12,
        rate_min_bp: 900,
        rate_max_bp: 400,
      }),
    })
    assertError(reversed, 400, 'invalid_argument', ['amount_max_fen', 'term_max_months', 'rate_max_bp'])
    assert.match(reasonFor(reversed, 'amount_max_fen'), /at least amount_min_fen/)

    const missing = await api.post('/api/v1/market/products', {
      key: bank.key,
      json: { name: '', type: 'pawn', repayment_methods: ['balloon'], policy_tags: ['free_money'], colour: 'red' },
    })
    assertError(missing, 400, 'invalid_argument')
    const fields = missing.body.error.details.map((d) => d.field)
    for (const f of ['type', 'amount_min_fen', 'amount_max_fen', 'term_min_months', 'term_max_months', 'rate_min_bp',
      'rate_max_bp', 'repayment_methods', 'colour'])
      assert.ok(fields.includes(f), `${f} in ${missing.text}`)

    const mine = await api.get('/api/v1/market/products', { key: bank.key, query: { institution_id: bank.id } })
    assert.equal(mine.status, 200, mine.text)
    assert.deepEqual(mine.body.items, [])
  })

  it('shows drafts only to their institution and the operator, then lists, revises, pauses and retires', async () => {
    const draft = await product(bank, win, { status: 'draft' })
    assert.equal(draft.status, 'draft')
    assert.equal(draft.institution_id, bank.id)
    assert.equal(draft.amount_min_fen, win.min)
    assert.equal(draft.eligibility, ELIGIBLE)
    assert.deepEqual(draft.repayment_methods, ['equal_instalment', 'interest_only'])
    assert.equal(draft.created_at, draft.updated_at)

    const seenBy = async (key, query) => {
      const res = await api.get('/api/v1/market/products', { key, query })
      assert.equal(res.status, 200, res.text)
      return res.body.items.some((p) => p.id === draft.id)
    }
    assert.ok(await seenBy(bank.key, { institution_id: bank.id }))
    assert.ok(await seenBy(undefined, { institution_id: bank.id }), 'the operator sees drafts')
    assert.ok(!(await seenBy(ent.key, { institution_id: bank.id })))
    assert.ok(!(await seenBy(other.key, { institution_id: bank.id })))
    assert.ok(!(await seenBy(other.key, { institution_id: bank.id, status: 'draft' })))
    assert.ok(!(await seenBy(bank.key, {})), 'without its own id an institution sees the listed products')
    assert.equal((await api.get(`/api/v1/market/products/${draft.id}`, { key: bank.key })).status, 200)
    assertError(await api.get(`/api/v1/market/products/${draft.id}`, { key: ent.key }), 404, 'not_found')
    assertError(await api.get(`/api/v1/market/products/${draft.id}`, { key: other.key }), 404, 'not_found')

    const listed = await api.post(`/api/v1/market/products/${draft.id}/status`, { key: bank.key, json: { status: 'listed' } })
    assert.equal(listed.status, 200, listed.text)
    assert.equal(listed.body.status, 'listed')
    assert.ok(await seenBy(ent.key, {}))
    assert.ok(await seenBy(other.key, { institution_id: bank.id }))
    const got = await api.get(`/api/v1/market/products/${draft.id}`, { key: ent.key })
    assert.equal(got.status, 200, got.text)
    assert.equal(got.body.status, 'listed')

    const revised = await api.put(`/api/v1/market/products/${draft.id}`, {
      key: bank.key,
      json: productInput(win, { name: '普惠经营贷（修订）', rate_min_bp: 380, status: 'draft' }),
    })
    assert.equal(revised.status, 200, revised.text)
    assert.equal(revised.body.name, '普惠经营贷（修订）')
    assert.equal(revised.body.rate_min_bp, 380)
    assert.equal(revised.body.status, 'listed', 'a revision keeps the status')
    assert.equal(revised.body.created_at, draft.created_at)
    assertError(
      await api.put(`/api/v1/market/products/${draft.id}`, { key: other.key, json: productInput(win) }),
      404,
      'not_found',
    )
    assertError(
      await api.put(`/api/v1/market/products/${draft.id}`, {
        key: bank.key,
        json: productInput(win, { eligibility: 'no_such_attribute > 1' }),
      }),
      400,
      'invalid_argument',
    )
    assert.equal((await api.get(`/api/v1/market/products/${draft.id}`, { key: bank.key })).body.name, '普惠经营贷（修订）')

    const status = (key, to) => api.post(`/api/v1/market/products/${draft.id}/status`, { key, json: { status: to } })
    assertError(await status(other.key, 'paused'), 404, 'not_found')
    assert.equal((await status(bank.key, 'paused')).body.status, 'paused')
    assertError(await status(bank.key, 'draft'), 409, 'failed_precondition')
    assert.ok(!(await seenBy(ent.key, {})), 'a paused product is not shown')
    const retired = await status(undefined, 'retired') // the operator may retire any product
    assert.equal(retired.status, 200, retired.text)
    assert.equal(retired.body.status, 'retired')
    assertError(await status(bank.key, 'listed'), 409, 'failed_precondition')
    assertError(
      await api.put(`/api/v1/market/products/${draft.id}`, { key: bank.key, json: productInput(win) }),
      409,
      'failed_precondition',
    )
    assertError(await status(bank.key, 'sold'), 400, 'invalid_argument', ['status'])
  })

  it('lets only institutions list products (403 for the others)', async () => {
    for (const key of [ent.key, undefined]) {
      const res = await api.post('/api/v1/market/products', { key, json: productInput(win) })
      assertError(res, 403, 'permission_denied')
    }
    const ent2 = await createKey('service_agency')
    assertError(await api.get('/api/v1/market/products', { key: ent2.key }), 403, 'permission_denied')
  })
})

describe('demands and matching', () => {
  let bankA, bankB, ent, win, pA, pB, pNear, pNoData
  before(async () => {
    ;[bankA, bankB, ent] = [await institution(), await institution('第二银行'), await enterprise()]
    win = window()
    pA = await product(bankA, win)
    pB = await product(bankB, win, { type: 'guarantee_backed', rate_min_bp: 600 })
    // One condition short: years in business.
    pNear = await product(bankA, win, { eligibility: 'size in ["small", "micro"]\nand years_operating >= 50' })
    // The platform has no evaluation of the enterprise: no data, never eligible.
    pNoData = await product(bankB, win, { eligibility: 'years_operating >= 2 and composite_score >= 600' })
  })

  it('refuses a bad demand naming every field, and another enterprise', async () => {
    const bad = await api.post(`/api/v1/enterprises/${ent.uscc}/demands`, {
      key: ent.key,
      json: { amount_fen: 0, term_months: 0, purpose: '', collateral: ['gold'] },
    })
    assertError(bad, 400, 'invalid_argument', ['amount_fen', 'term_months', 'purpose', 'collateral'])
    const shape = await api.post(`/api/v1/enterprises/${ent.uscc}/demands`, {
      key: ent.key,
      json: { amount_fen: '100', urgency: 'asap', extra: 1 },
    })
    assertError(shape, 400, 'invalid_argument')
    for (const f of ['term_months', 'purpose', 'amount_fen', 'urgency', 'extra'])
      assert.ok(reasonFor(shape, f), `${f}: ${shape.text}`)
    const other = await enterprise()
    assertError(
      await api.post(`/api/v1/enterprises/${other.uscc}/demands`, {
        key: ent.key,
        json: { amount_fen: win.amount, term_months: win.term, purpose: '采购' },
      }),
      403,
      'permission_denied',
    )
    const list = await api.get(`/api/v1/enterprises/${ent.uscc}/demands`, { key: ent.key })
    assert.equal(list.status, 200, list.text)
    assert.deepEqual(list.body.items, [])
  })

  it('publishes a demand and lists it to the enterprise and the operator', async () => {
    const d = await publishDemand(ent, win, { collateral: ['receivables'], guarantee_available: true })
    assert.equal(d.uscc, ent.uscc)
    assert.equal(d.status, 'open')
    assert.equal(d.urgency, 'high')
    assert.equal(d.closed_at, null)
    assert.deepEqual(d.collateral, ['receivables'])
    for (const key of [ent.key, undefined]) {
      const list = await api.get(`/api/v1/enterprises/${ent.uscc}/demands`, { key })
      assert.equal(list.status, 200, list.text)
      assert.deepEqual(list.body.items.map((x) => x.id), [d.id])
    }
    const other = await enterprise()
    assertError(await api.get(`/api/v1/enterprises/${ent.uscc}/demands`, { key: other.key }), 403, 'permission_denied')
  })

  it('gives eligible products with every condition met, and near misses with what is missing', async () => {
    const [d] = (await api.get(`/api/v1/enterprises/${ent.uscc}/demands`, { key: ent.key })).body.items
    const res = await api.get(`/api/v1/enterprises/${ent.uscc}/matches`, { key: ent.key, query: { demand_id: d.id } })
    assert.equal(res.status, 200, res.text)
    const eligible = res.body.eligible.filter((m) => [pA.id, pB.id].includes(m.product.id))
    assert.deepEqual(eligible.map((m) => m.product.id).sort(), [pA.id, pB.id].sort(), res.text)
    assert.ok(!res.body.eligible.some((m) => [pNear.id, pNoData.id].includes(m.product.id)))
    for (const m of eligible) {
      assert.equal(m.eligible, true)
      assert.equal(m.failed, 0)
      assert.ok(m.conditions.every((c) => c.result === 'met'), JSON.stringify(m.conditions))
      assert.deepEqual(m.conditions.map((c) => c.kind), ['amount', 'term', 'rule', 'rule'])
      const size = m.conditions.find((c) => c.text === 'size in ["small", "micro"]')
      assert.deepEqual(size.values, [{ name: 'size', label: '企业规模', value: 'small' }])
      const amount = m.conditions.find((c) => c.kind === 'amount')
      assert.deepEqual(amount.values.map((v) => v.name), ['amount'])
      for (const k of ['score', 'approval_likelihood', 'cost', 'fit']) assert.ok(m[k] >= 0 && m[k] <= 1, k)
      // No evaluation: the likelihood is the neutral prior.
      assert.equal(m.approval_likelihood, 0.5)
    }
    // Ranked: pA's lower rate costs less, everything else being equal.
    const rank = (id) => res.body.eligible.findIndex((m) => m.product.id === id)
    assert.ok(rank(pA.id) < rank(pB.id), 'the cheaper product first')

    const near = res.body.near_misses.find((m) => m.product.id === pNear.id)
    assert.ok(near, `near misses lack ${pNear.id}: ${res.text}`)
    assert.equal(near.eligible, false)
    assert.equal(near.failed, 1)
    const years = near.conditions.find((c) => c.text === 'years_operating >= 50')
    assert.equal(years.result, 'not_met')
    assert.equal(years.values[0].name, 'years_operating')
    assert.equal(years.values[0].label, '成立年限')
    assert.ok(Number(years.values[0].value) > 7 && Number(years.values[0].value) < 50, years.values[0].value)

    const noData = res.body.near_misses.find((m) => m.product.id === pNoData.id)
    assert.ok(noData, `near misses lack ${pNoData.id}: ${res.text}`)
    const score = noData.conditions.find((c) => c.text === 'composite_score >= 600')
    assert.equal(score.result, 'no_data')
    assert.deepEqual(score.values, [{ name: 'composite_score', label: '公共信用综合评分', value: null }])
  })

  it('matches an amount and term given directly, or the rules alone, for the enterprise and the operator', async () => {
    const outside = await api.get(`/api/v1/enterprises/${ent.uscc}/matches`, {
      query: { amount_fen: win.max + 1, term_months: win.term },
    })
    assert.equal(outside.status, 200, outside.text)
    assert.ok(!outside.body.eligible.some((m) => m.product.id === pA.id))
    const miss = outside.body.near_misses.find((m) => m.product.id === pA.id)
    assert.ok(miss, outside.text)
    const amount = miss.conditions.find((c) => c.kind === 'amount')
    assert.equal(amount.result, 'not_met')
    assert.equal(amount.values[0].value, ((win.max + 1) / 100).toFixed(2))

    const browse = await api.get(`/api/v1/enterprises/${ent.uscc}/matches`, { key: ent.key })
    assert.equal(browse.status, 200, browse.text)
    for (const m of browse.body.eligible) assert.ok(m.conditions.every((c) => c.kind === 'rule'))

    assertError(
      await api.get(`/api/v1/enterprises/${ent.uscc}/matches`, { key: ent.key, query: { demand_id: 'no-such-demand' } }),
      404,
      'not_found',
    )
    assertError(
      await api.get(`/api/v1/enterprises/${ent.uscc}/matches`, { key: ent.key, query: { amount_fen: 0 } }),
      400,
      'invalid_argument',
      ['amount_fen'],
    )
    const other = await enterprise()
    assertError(await api.get(`/api/v1/enterprises/${ent.uscc}/matches`, { key: other.key }), 403, 'permission_denied')
    assertError(await api.get(`/api/v1/enterprises/${ent.uscc}/matches`, { key: bankA.key }), 403, 'permission_denied')
  })

  it('closes a demand once', async () => {
    const d = await publishDemand(ent, win, { purpose: '临时周转' })
    const other = await enterprise()
    assertError(
      await api.post(`/api/v1/enterprises/${other.uscc}/demands/${d.id}/close`, { key: other.key }),
      404,
      'not_found',
    )
    const closed = await api.post(`/api/v1/enterprises/${ent.uscc}/demands/${d.id}/close`, { key: ent.key })
    assert.equal(closed.status, 200, closed.text)
    assert.equal(closed.body.status, 'closed')
    assert.ok(closed.body.closed_at)
    assertError(
      await api.post(`/api/v1/enterprises/${ent.uscc}/demands/${d.id}/close`, { key: ent.key }),
      409,
      'failed_precondition',
    )
  })
})

describe('one-click apply', () => {
  let bankA, bankB, ent, win, pA, pB, pNear, demand, apps
  before(async () => {
    ;[bankA, bankB, ent] = [await institution(), await institution('第二银行'), await enterprise()]
    win = window()
    pA = await product(bankA, win)
    pB = await product(bankB, win, { policy_tags: ['risk_compensation', 'sci_tech'] })
    pNear = await product(bankB, win, { eligibility: 'years_operating >= 50' })
    demand = await publishDemand(ent, win)
  })

  it('refuses an ask outside a product range, or an ineligible enterprise, and writes nothing', async () => {
    const outside = await apply(ent, { product_ids: [pA.id, pB.id], amount_fen: win.max + 1, term_months: win.term })
    assertError(outside, 400, 'invalid_argument', ['amount_fen'])
    const term = await apply(ent, { product_ids: [pA.id], amount_fen: win.amount, term_months: win.termMax + 1 })
    assertError(term, 400, 'invalid_argument', ['term_months'])
    // The second product refuses: the first one's application is not kept either.
    const ineligible = await apply(ent, { product_ids: [pA.id, pNear.id], demand_id: demand.id })
    assertError(ineligible, 409, 'failed_precondition', [`product_ids[${pNear.id}]`])
    assert.equal(ineligible.body.error.details[0].reason, 'years_operating >= 50')
    assertError(await apply(ent, { product_ids: [pA.id] }), 400, 'invalid_argument', ['amount_fen'])
    assertError(await apply(ent, { product_ids: [] }), 400, 'invalid_argument', ['product_ids'])
    assertError(await apply(ent, { product_ids: [pA.id, pA.id], demand_id: demand.id }), 400, 'invalid_argument', ['product_ids'])
    assertError(await apply(ent, { product_ids: ['no-such-product'], demand_id: demand.id }), 404, 'not_found')
    assertError(await apply(ent, { product_ids: [pA.id], demand_id: 'no-such-demand' }), 404, 'not_found')

    assert.deepEqual(await applicationsOf(ent.key), [])
    const auths = await api.get(`/api/v1/enterprises/${ent.uscc}/authorizations`, { key: ent.key })
    assert.equal(auths.status, 200, auths.text)
    assert.deepEqual(auths.body.items, [])
    assert.deepEqual(await applicationsOf(bankA.key), [])
  })

  it('applies to two institutions in one click, each under its own scoped authorization', async () => {
    const res = await apply(ent, { product_ids: [pA.id, pB.id], demand_id: demand.id })
    assert.equal(res.status, 201, res.text)
    apps = res.body.items
    assert.deepEqual(apps.map((a) => a.product_id), [pA.id, pB.id])
    assert.deepEqual(apps.map((a) => a.institution_id), [bankA.id, bankB.id])
    assert.notEqual(apps[0].authorization_id, apps[1].authorization_id)
    assert.deepEqual(apps[1].policy_tags, ['risk_compensation', 'sci_tech'])
    for (const a of apps) {
      assert.equal(a.uscc, ent.uscc)
      assert.equal(a.state, 'submitted')
      assert.equal(a.state_label, '已提交')
      assert.equal(a.demand_id, demand.id)
      assert.equal(a.amount_fen, win.amount)
      assert.equal(a.term_months, win.term)
      assert.equal(a.purpose, '采购原材料')
      assert.equal(a.referred_from, null)
      assert.equal(a.decided_at, null)
      assert.equal(a.offer, null)
      assert.ok(Date.parse(a.sla_due_at) > Date.parse(a.submitted_at))
      assert.deepEqual(a.next_states, ['withdrawn'])
      assert.equal(a.timeline.length, 1)
      assert.deepEqual(
        { seq: a.timeline[0].seq, to: a.timeline[0].to, role: a.timeline[0].actor_role, key: a.timeline[0].actor_key },
        { seq: 1, to: 'submitted', role: 'enterprise', key: ent.keyId },
      )
    }

    for (const [a, bank, otherBank] of [[apps[0], bankA, bankB], [apps[1], bankB, bankA]]) {
      const auth = await api.get(`/api/v1/authorizations/${a.authorization_id}`, { key: bank.key })
      assert.equal(auth.status, 200, auth.text)
      assert.equal(auth.body.institution_id, bank.id)
      assert.equal(auth.body.application_id, a.id)
      assert.equal(auth.body.uscc, ent.uscc)
      assert.equal(auth.body.purpose, 'loan_application')
      assert.equal(auth.body.state, 'active')
      assert.ok(auth.body.scopes.some((s) => s.category === 'evaluation'), auth.text)
      const days = (Date.parse(auth.body.valid_until) - Date.parse(auth.body.valid_from)) / 86_400_000
      assert.equal(Math.round(days), 90)
      assertError(await api.get(`/api/v1/authorizations/${a.authorization_id}`, { key: otherBank.key }), 404, 'not_found')
      const held = await api.get('/api/v1/authorizations', { key: bank.key })
      assert.deepEqual(held.body.items.map((x) => x.id), [a.authorization_id])
    }
    const given = await api.get(`/api/v1/enterprises/${ent.uscc}/authorizations`, { key: ent.key })
    assert.deepEqual(given.body.items.map((x) => x.id).sort(), apps.map((a) => a.authorization_id).sort())
  })

  it('refuses a second open application to the same product (409 already_exists)', async () => {
    const again = await apply(ent, { product_ids: [pA.id], amount_fen: win.amount, term_months: win.term, purpose: '再次申请' })
    assertError(again, 409, 'already_exists')
    assert.equal((await applicationsOf(ent.key)).length, 2)
  })

  it("puts each application in its institution's queue and inbox, and nowhere else", async () => {
    const queueA = await applicationsOf(bankA.key)
    assert.deepEqual(queueA.map((a) => a.id), [apps[0].id])
    assert.deepEqual(queueA[0].next_states, ['accepted', 'declined'])
    assert.deepEqual((await applicationsOf(bankB.key)).map((a) => a.id), [apps[1].id])
    assert.deepEqual((await applicationsOf(bankA.key, { state: 'accepted' })), [])
    assert.deepEqual((await applicationsOf(bankA.key, { product_id: pB.id })), [])
    const mine = await applicationsOf(ent.key)
    assert.deepEqual(mine.map((a) => a.id).sort(), apps.map((a) => a.id).sort())
    const operator = await applicationsOf(undefined, { uscc: ent.uscc })
    assert.deepEqual(operator.map((a) => a.id).sort(), apps.map((a) => a.id).sort())
    assert.deepEqual(operator[0].next_states, [])

    assertError(await api.get(`/api/v1/market/applications/${apps[0].id}`, { key: bankB.key }), 404, 'not_found')
    const stranger = await enterprise()
    assertError(await api.get(`/api/v1/market/applications/${apps[0].id}`, { key: stranger.key }), 404, 'not_found')
    assert.deepEqual(await applicationsOf(stranger.key), [])

    const told = (await inbox(bankA.key)).filter((m) => m.kind === 'application_submitted')
    assert.equal(told.length, 1)
    assert.equal(told[0].link, `/lending/applications?id=${apps[0].id}`)
    assert.ok((await inbox(ent.key)).filter((m) => m.kind === 'application_submitted').length === 2)
    assertError(await api.get('/api/v1/market/applications', { key: ent.key, query: { state: 'lost' } }), 400,
      'invalid_argument', ['state'])
  })

  it('refuses to apply for another enterprise, and other roles (403)', async () => {
    const other = await enterprise()
    assertError(
      await api.post(`/api/v1/enterprises/${ent.uscc}/applications`, { key: other.key, json: { product_ids: [pA.id] } }),
      403,
      'permission_denied',
    )
    for (const key of [bankA.key, undefined])
      assertError(
        await api.post(`/api/v1/enterprises/${ent.uscc}/applications`, { key, json: { product_ids: [pA.id] } }),
        403,
        'permission_denied',
      )
  })
})

describe('the application lifecycle, the loan and its repayments', () => {
  let bank, other, ent, win, app, loan
  const today = shanghaiToday()
  const disbursedOn = addDays(today, -10)
  const firstDue = addDays(today, 20)
  before(async () => {
    ;[bank, other, ent] = [await institution(), await institution('旁观银行'), await enterprise()]
    win = window()
    const p = await product(bank, win)
    const res = await apply(ent, { product_ids: [p.id], amount_fen: win.amount, term_months: win.term, purpose: '购置设备' })
    assert.equal(res.status, 201, res.text)
    app = res.body.items[0]
  })

  it('refuses moves the state machine does not have (409), and other institutions (404)', async () => {
    assertError(await move(bank.key, app.id, { to: 'approved' }), 409, 'failed_precondition')
    assertError(await move(ent.key, app.id, { to: 'accepted' }), 409, 'failed_precondition')
    assertError(await move(bank.key, app.id, { to: 'withdrawn' }), 409, 'failed_precondition')
    assertError(await move(bank.key, app.id, { to: 'repaying' }), 409, 'failed_precondition')
    assertError(await move(other.key, app.id, { to: 'accepted' }), 404, 'not_found')
    assertError(await move(bank.key, app.id, { to: 'nowhere' }), 400, 'invalid_argument', ['to'])
    assertError(await move(bank.key, app.id, { to: 'accepted', note: '注'.repeat(501) }), 400, 'invalid_argument', ['note'])
    assertError(await move(undefined, app.id, { to: 'accepted' }), 403, 'permission_denied')
    assert.equal((await api.get(`/api/v1/market/applications/${app.id}`, { key: ent.key })).body.state, 'submitted')
  })

  it('goes accepted → under_review → info_requested → (enterprise) under_review → approved with an offer', async () => {
    await moveOk(bank.key, app.id, { to: 'accepted', note: '已受理' })
    await moveOk(bank.key, app.id, { to: 'under_review' })
    const asked = await moveOk(bank.key, app.id, { to: 'info_requested', note: '请补充近三个月的纳税证明' })
    assert.deepEqual(asked.next_states, ['declined'])
    assertError(await move(bank.key, app.id, { to: 'under_review' }), 409, 'failed_precondition')
    const back = await moveOk(ent.key, app.id, { to: 'under_review', note: '已上传纳税证明' })
    assert.deepEqual(back.next_states, ['withdrawn'])

    assertError(await move(bank.key, app.id, { to: 'approved' }), 400, 'invalid_argument', ['offer'])
    const badOffer = await move(bank.key, app.id, {
      to: 'approved',
      offer: { amount_fen: win.max + 1, term_months: win.termMax + 1, annual_rate_bp: 100, method: 'equal_principal' },
    })
    assertError(badOffer, 400, 'invalid_argument', ['offer.amount_fen', 'offer.term_months', 'offer.annual_rate_bp', 'offer.method'])
    const offer = { amount_fen: win.amount, term_months: win.term, annual_rate_bp: 450, method: 'equal_instalment' }
    const approved = await moveOk(bank.key, app.id, { to: 'approved', note: '同意授信', offer })
    assert.deepEqual(approved.offer, offer)
    assert.ok(approved.decided_at)
    assert.equal(approved.state_label, '已批准')
    assert.deepEqual(approved.next_states, ['contract_signed'])
  })

  it('is signed and disbursed with its dates, which makes the loan', async () => {
    await moveOk(bank.key, app.id, { to: 'contract_signed' })
    assertError(await move(bank.key, app.id, { to: 'disbursed' }), 400, 'invalid_argument', ['first_due_date'])
    assertError(
      await move(bank.key, app.id, { to: 'disbursed', disbursed_on: firstDue, first_due_date: disbursedOn }),
      400,
      'invalid_argument',
      ['first_due_date'],
    )
    assertError(await api.get(`/api/v1/market/loans/${app.id}`, { key: bank.key }), 404, 'not_found')
    const disbursed = await moveOk(bank.key, app.id, {
      to: 'disbursed',
      disbursed_on: disbursedOn,
      first_due_date: firstDue,
      note: '已放款',
    })
    assert.deepEqual(disbursed.next_states, [])
  })

  it('shows both sides the same timeline, and tells the enterprise of every step', async () => {
    const forEnt = await api.get(`/api/v1/market/applications/${app.id}`, { key: ent.key })
    const forBank = await api.get(`/api/v1/market/applications/${app.id}`, { key: bank.key })
    const forAdmin = await api.get(`/api/v1/market/applications/${app.id}`)
    assert.equal(forEnt.status, 200, forEnt.text)
    assert.deepEqual(forEnt.body.timeline, forBank.body.timeline)
    assert.deepEqual(forEnt.body.timeline, forAdmin.body.timeline)
    const steps = forEnt.body.timeline.map((t) => [t.seq, t.from, t.to, t.actor_role])
    assert.deepEqual(steps, [
      [1, 'submitted', 'submitted', 'enterprise'],
      [2, 'submitted', 'accepted', 'institution'],
      [3, 'accepted', 'under_review', 'institution'],
      [4, 'under_review', 'info_requested', 'institution'],
      [5, 'info_requested', 'under_review', 'enterprise'],
      [6, 'under_review', 'approved', 'institution'],
      [7, 'approved', 'contract_signed', 'institution'],
      [8, 'contract_signed', 'disbursed', 'institution'],
    ])
    assert.equal(forEnt.body.timeline[3].note, '请补充近三个月的纳税证明')
    assert.equal(forEnt.body.timeline[4].actor_key, ent.keyId)
    assert.equal(forEnt.body.timeline[5].actor_key, bank.keyId)
    const times = forEnt.body.timeline.map((t) => Date.parse(t.at))
    assert.deepEqual(times, [...times].sort((a, b) => a - b))

    const kinds = (await inbox(ent.key)).map((m) => m.kind)
    for (const s of ['accepted', 'under_review', 'info_requested', 'approved', 'contract_signed', 'disbursed'])
      assert.ok(kinds.includes(`application_${s}`), `${s}: ${kinds}`)
    // The institution hears of what it did not do itself: the enterprise's answer.
    const bankKinds = (await inbox(bank.key)).map((m) => m.kind)
    assert.ok(bankKinds.includes('application_under_review'), bankKinds.join())
    assert.ok(!bankKinds.includes('application_approved'), bankKinds.join())
  })

  it('has a loan with one instalment a month, seen by both sides only', async () => {
    const res = await api.get(`/api/v1/market/loans/${app.id}`, { key: ent.key })
    assert.equal(res.status, 200, res.text)
    loan = res.body
    assert.equal(loan.application_id, app.id)
    assert.equal(loan.uscc, ent.uscc)
    assert.equal(loan.institution_id, bank.id)
    assert.equal(loan.principal_fen, win.amount)
    assert.equal(loan.annual_rate_bp, 450)
    assert.equal(loan.method, 'equal_instalment')
    assert.equal(loan.disbursed_on, disbursedOn)
    assert.equal(loan.first_due_date, firstDue)
    assert.equal(loan.schedule.length, win.term)
    assert.deepEqual(loan.schedule.map((i) => i.number), Array.from({ length: win.term }, (_, i) => i + 1))
    assert.equal(loan.schedule[0].due_date, firstDue)
    assert.equal(loan.schedule.reduce((n, i) => n + i.principal_fen, 0), win.amount)
    for (const i of loan.schedule) assert.equal(i.total_fen, i.principal_fen + i.interest_fen)
    assert.deepEqual(loan.repayments, [])
    assert.equal(loan.standing.outstanding_principal_fen, win.amount)
    assert.equal(loan.standing.overdue_days, 0)
    assert.equal(loan.standing.bucket, 'current')
    assert.equal(loan.standing.next_due_date, firstDue)
    assert.equal(loan.standing.settled, false)

    for (const key of [bank.key, undefined]) {
      const again = await api.get(`/api/v1/market/loans/${app.id}`, { key })
      assert.deepEqual(again.body, loan)
    }
    assertError(await api.get(`/api/v1/market/loans/${app.id}`, { key: other.key }), 404, 'not_found')
    assert.deepEqual((await api.get('/api/v1/market/loans', { key: bank.key })).body.items.map((l) => l.application_id), [app.id])
    assert.deepEqual((await api.get('/api/v1/market/loans', { key: ent.key })).body.items.map((l) => l.application_id), [app.id])
    assert.deepEqual((await api.get('/api/v1/market/loans', { key: other.key })).body.items, [])
  })

  it('records repayments, refuses an overpayment, and the application is repaying', async () => {
    const first = loan.schedule[0]
    const paid = await api.post(`/api/v1/market/loans/${app.id}/repayments`, {
      key: bank.key,
      json: { paid_on: disbursedOn, amount_fen: first.total_fen },
    })
    assert.equal(paid.status, 201, paid.text)
    assert.deepEqual(paid.body.repayments, [{ paid_on: disbursedOn, amount_fen: first.total_fen }])
    assert.equal(paid.body.standing.outstanding_principal_fen, win.amount - first.principal_fen)
    assert.equal(paid.body.standing.next_due_date, loan.schedule[1].due_date)
    assert.equal(paid.body.standing.assessed_on, today)
    // Read back, the loan stands as it did when the repayment was recorded.
    const read = await api.get(`/api/v1/market/loans/${app.id}`, { key: ent.key })
    assert.deepEqual(read.body, paid.body)

    const due = loan.schedule.reduce((n, i) => n + i.total_fen, 0) - first.total_fen
    const over = await api.post(`/api/v1/market/loans/${app.id}/repayments`, {
      key: bank.key,
      json: { paid_on: today, amount_fen: due + 1 },
    })
    assertError(over, 400, 'invalid_argument', ['amount_fen'])
    const early = await api.post(`/api/v1/market/loans/${app.id}/repayments`, {
      key: bank.key,
      json: { paid_on: addDays(disbursedOn, -1), amount_fen: 100 },
    })
    assertError(early, 400, 'invalid_argument', ['paid_on'])
    assertError(
      await api.post(`/api/v1/market/loans/${app.id}/repayments`, { key: bank.key, json: { amount_fen: 0 } }),
      400,
      'invalid_argument',
      ['paid_on'],
    )
    assertError(
      await api.post(`/api/v1/market/loans/${app.id}/repayments`, { key: other.key, json: { paid_on: today, amount_fen: 100 } }),
      404,
      'not_found',
    )
    assertError(
      await api.post(`/api/v1/market/loans/${app.id}/repayments`, { key: ent.key, json: { paid_on: today, amount_fen: 100 } }),
      403,
      'permission_denied',
    )
    assert.equal((await api.get(`/api/v1/market/loans/${app.id}`, { key: bank.key })).body.repayments.length, 1)

    const a = await api.get(`/api/v1/market/applications/${app.id}`, { key: ent.key })
    assert.equal(a.body.state, 'repaying')
    const last = a.body.timeline.at(-1)
    assert.deepEqual([last.from, last.to, last.actor_role, last.actor_key], ['disbursed', 'repaying', 'system', null])
  })
})

describe('decline and referral', () => {
  let bankA, bankB, bankC, ent, win, pA, pB, pC, app
  before(async () => {
    ;[bankA, bankB, bankC, ent] = [await institution(), await institution('乙银行'), await institution('丙银行'), await enterprise()]
    win = window()
    pA = await product(bankA, win)
    pB = await product(bankB, win)
    pC = await product(bankC, win)
    const res = await apply(ent, { product_ids: [pA.id], amount_fen: win.amount, term_months: win.term, purpose: '扩大生产' })
    assert.equal(res.status, 201, res.text)
    app = res.body.items[0]
  })

  it('declines only with a reason', async () => {
    const refer = (key, id = app.id) => api.post(`/api/v1/market/applications/${id}/referral`, { key })
    assertError(await refer(ent.key), 409, 'failed_precondition')
    assertError(await move(bankA.key, app.id, { to: 'declined' }), 400, 'invalid_argument', ['decline_reason'])
    assertError(await move(bankA.key, app.id, { to: 'declined', decline_reason: '' }), 400, 'invalid_argument', ['decline_reason'])
    const declined = await moveOk(bankA.key, app.id, { to: 'declined', decline_reason: '经营流水不足' })
    assert.equal(declined.decline_reason, '经营流水不足')
    assert.ok(declined.decided_at)
    assert.deepEqual(declined.next_states, [])
    assertError(await move(ent.key, app.id, { to: 'withdrawn' }), 409, 'failed_precondition')
  })

  it('refers the declined enterprise to the other lenders once', async () => {
    const stranger = await enterprise()
    assertError(await api.post(`/api/v1/market/applications/${app.id}/referral`, { key: stranger.key }), 404, 'not_found')
    const res = await api.post(`/api/v1/market/applications/${app.id}/referral`, { key: ent.key })
    assert.equal(res.status, 201, res.text)
    const referred = res.body.items
    assert.deepEqual(referred.map((a) => a.product_id).sort(), [pB.id, pC.id].sort())
    for (const a of referred) {
      assert.equal(a.referred_from, app.id)
      assert.equal(a.amount_fen, win.amount)
      assert.equal(a.term_months, win.term)
      assert.equal(a.purpose, '扩大生产')
      assert.equal(a.state, 'submitted')
      assert.equal(a.timeline[0].note, '转介申请')
      const bank = a.institution_id === bankB.id ? bankB : bankC
      const auth = await api.get(`/api/v1/authorizations/${a.authorization_id}`, { key: bank.key })
      assert.equal(auth.status, 200, auth.text)
      assert.equal(auth.body.application_id, a.id)
    }
    const original = await api.get(`/api/v1/market/applications/${app.id}`, { key: ent.key })
    assert.equal(original.body.referral_consent, true)
    assert.equal(original.body.state, 'declined')
    assert.equal(original.body.timeline.length, 2, 'the consent adds no step')
    assertError(await api.post(`/api/v1/market/applications/${app.id}/referral`, { key: ent.key }), 409, 'failed_precondition')
    assertError(
      await api.post(`/api/v1/market/applications/${app.id}/referral`, { key: ent.key, query: { max: 9 } }),
      400,
      'invalid_argument',
      ['max'],
    )
  })

  it('allows a new application to a product once the last one is closed', async () => {
    const again = await apply(ent, { product_ids: [pA.id], amount_fen: win.amount, term_months: win.term })
    assert.equal(again.status, 201, again.text)
    const withdrawn = await moveOk(ent.key, again.body.items[0].id, { to: 'withdrawn', note: '已获其他机构批准' })
    assert.equal(withdrawn.state_label, '已撤回')
    assert.equal(withdrawn.decided_at, null)
    const bankKinds = (await inbox(bankA.key)).map((m) => m.kind)
    assert.ok(bankKinds.includes('application_withdrawn'))
  })
})

describe('leads and reaching out', () => {
  let bank, other, ent, win, p, demand
  before(async () => {
    ;[bank, other, ent] = [await institution(), await institution('无产品银行'), await enterprise()]
    win = window()
    p = await product(bank, win)
    demand = await publishDemand(ent, win)
  })

  it('shows the institution the matching open demands, desensitized', async () => {
    const res = await api.get('/api/v1/market/leads', { key: bank.key })
    assert.equal(res.status, 200, res.text)
    const lead = res.body.items.find((l) => l.demand.id === demand.id)
    assert.ok(lead, res.text)
    assert.deepEqual(lead.product_ids, [p.id])
    assert.equal(lead.demand.uscc, null)
    assert.equal(lead.demand.amount_fen, win.amount)
    assert.equal(lead.size, 'small')
    assert.equal(lead.district, '浦东新区')
    assert.equal(lead.industry, 'I65')
    assert.equal(lead.grade, null)
    assert.ok(!res.text.includes(ent.uscc), 'no USCC in the leads')
    assert.ok(!res.text.includes(ent.name), 'no name in the leads')
    assert.ok(!('name' in lead) && !('uscc' in lead))
    const none = await api.get('/api/v1/market/leads', { key: other.key, query: { limit: 200 } })
    assert.equal(none.status, 200, none.text)
    assert.ok(!none.body.items.some((l) => l.demand.id === demand.id))
    assertError(await api.get('/api/v1/market/leads', { key: bank.key, query: { limit: 0 } }), 400, 'invalid_argument', ['limit'])
    assertError(await api.get('/api/v1/market/leads', { key: ent.key }), 403, 'permission_denied')
    assertError(await api.get('/api/v1/market/leads'), 403, 'permission_denied')
  })

  it("reaches out through the enterprise's inbox", async () => {
    const reach = (key, json, id = demand.id) => api.post(`/api/v1/market/leads/${id}/reach-out`, { key, json })
    assertError(await reach(bank.key, {}), 400, 'invalid_argument', ['product_id'])
    assertError(await reach(other.key, { product_id: p.id }), 404, 'not_found')
    assertError(await reach(bank.key, { product_id: p.id }, 'no-such-demand'), 404, 'not_found')
    assertError(await reach(ent.key, { product_id: p.id }), 403, 'permission_denied')
    const sent = await reach(bank.key, { product_id: p.id, note: '我行可在三个工作日内完成审批，欢迎申请。' })
    assert.equal(sent.status, 202, sent.text)
    assert.deepEqual(sent.body, { sent: true })
    const messages = (await inbox(ent.key)).filter((m) => m.kind === 'market_reach_out')
    assert.equal(messages.length, 1)
    assert.equal(messages[0].title, `${bank.name} 推荐产品：${p.name}`)
    assert.equal(messages[0].body, '我行可在三个工作日内完成审批，欢迎申请。')
    assert.equal(messages[0].link, `/finance/match?product=${p.id}`)
    assert.equal(messages[0].read_at, null)
  })

  it('drops a closed demand from the leads', async () => {
    const closed = await api.post(`/api/v1/enterprises/${ent.uscc}/demands/${demand.id}/close`, { key: ent.key })
    assert.equal(closed.status, 200, closed.text)
    const res = await api.get('/api/v1/market/leads', { key: bank.key })
    assert.ok(!res.body.items.some((l) => l.demand.id === demand.id))
    assertError(
      await api.post(`/api/v1/market/leads/${demand.id}/reach-out`, { key: bank.key, json: { product_id: p.id } }),
      404,
      'not_found',
    )
  })
})

describe('IP pledges', () => {
  let bank, other, ent, patent, pledge
  const pledgeInput = (overrides = {}) => ({
    uscc: ent.uscc,
    owner_name: ent.name,
    items: [
      { kind: 'patent', number: patent, title: '一种高效散热装置' },
      { kind: 'trademark', number: String(randomInt(1, 999_999_999)), title: '融信' },
    ],
    valuation_fen: 500_000_000,
    valuation_method: 'income',
    valuer: '上海某资产评估有限公司',
    secured_amount_fen: 300_000_000,
    from: '2026-01-01',
    until: '2028-12-31',
    ...overrides,
  })
  before(async () => {
    ;[bank, other, ent] = [await institution(), await institution('第二质权人'), await enterprise()]
    patent = `ZL${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}.${randomInt(0, 10)}`
  })

  it('refuses a bad registration naming every field', async () => {
    const bad = await api.post('/api/v1/ip-pledges', {
      key: bank.key,
      json: pledgeInput({
        items: [{ kind: 'patent', number: 'CN123', title: '散热装置' }],
        valuation_method: 'guess',
        from: '2028-01-01',
        until: '2027-01-01',
      }),
    })
    assertError(bad, 400, 'invalid_argument', ['items[0].number', 'valuation_method', 'until'])
    assertError(
      await api.post('/api/v1/ip-pledges', { key: bank.key, json: pledgeInput({ uscc: '91310115MA1K3YJ663' }) }),
      400,
      'invalid_argument',
      ['uscc'],
    )
    const found = await api.get('/api/v1/ip-pledges', { key: bank.key, query: { ip_number: patent } })
    assert.deepEqual(found.body.items, [])
  })

  it('registers a pledge, tells the enterprise, and refuses a second pledge of the same right (409)', async () => {
    const res = await api.post('/api/v1/ip-pledges', { key: bank.key, json: pledgeInput() })
    assert.equal(res.status, 201, res.text)
    pledge = res.body
    assert.equal(pledge.status, 'registered')
    assert.equal(pledge.pledgee_id, bank.id)
    assert.equal(pledge.uscc, ent.uscc)
    assert.equal(pledge.application_id, null)
    assert.match(pledge.registration_no, /^ZYDJ-\d{8}-[0-9a-f]{8}$/)
    assert.equal(pledge.items[0].number, patent)
    const told = (await inbox(ent.key)).filter((m) => m.kind === 'ip_pledge_registered')
    assert.equal(told.length, 1)
    assert.ok(told[0].title.includes(pledge.registration_no))

    const twice = await api.post('/api/v1/ip-pledges', {
      key: other.key,
      json: pledgeInput({ items: [{ kind: 'patent', number: patent, title: '一种高效散热装置' }] }),
    })
    assertError(twice, 409, 'already_exists')
    assert.ok(twice.body.error.message.includes(pledge.registration_no), twice.text)
  })

  it('is found by IP number or USCC; an enterprise sees only its own', async () => {
    for (const [key, query] of [
      [other.key, { ip_number: patent }],
      [undefined, { uscc: ent.uscc }],
      [bank.key, {}],
      [ent.key, {}],
    ]) {
      const res = await api.get('/api/v1/ip-pledges', { key, query })
      assert.equal(res.status, 200, res.text)
      assert.deepEqual(res.body.items.map((p) => p.id), [pledge.id], JSON.stringify(query))
    }
    assert.deepEqual((await api.get('/api/v1/ip-pledges', { key: other.key })).body.items, [])
    const stranger = await enterprise()
    assert.deepEqual(
      (await api.get('/api/v1/ip-pledges', { key: stranger.key, query: { uscc: ent.uscc } })).body.items,
      [],
      'an enterprise cannot look up another',
    )
    assertError(await api.get(`/api/v1/ip-pledges/${pledge.id}`, { key: stranger.key }), 404, 'not_found')
    for (const key of [ent.key, other.key, undefined]) {
      const res = await api.get(`/api/v1/ip-pledges/${pledge.id}`, { key })
      assert.equal(res.status, 200, res.text)
      assert.deepEqual(res.body, pledge)
    }
  })

  it('is released by its pledgee only, once, and the right may then be pledged again', async () => {
    const status = (key, json) => api.post(`/api/v1/ip-pledges/${pledge.id}/status`, { key, json })
    assertError(await status(other.key, { status: 'released' }), 404, 'not_found')
    assertError(await status(bank.key, { status: 'registered' }), 400, 'invalid_argument', ['status'])
    assertError(await status(ent.key, { status: 'released' }), 403, 'permission_denied')
    const released = await status(bank.key, { status: 'released', note: '贷款已结清' })
    assert.equal(released.status, 200, released.text)
    assert.equal(released.body.status, 'released')
    assert.equal(released.body.status_note, '贷款已结清')
    assertError(await status(bank.key, { status: 'enforced' }), 409, 'failed_precondition')
    const again = await api.post('/api/v1/ip-pledges', {
      key: other.key,
      json: pledgeInput({ items: [{ kind: 'patent', number: patent, title: '一种高效散热装置' }] }),
    })
    assert.equal(again.status, 201, again.text)
    const history = await api.get('/api/v1/ip-pledges', { query: { ip_number: patent } })
    assert.deepEqual(history.body.items.map((p) => [p.id, p.status]), [
      [again.body.id, 'registered'],
      [pledge.id, 'released'],
    ])
  })
})

describe('marketplace statistics', () => {
  let bank, ent, win, p
  before(async () => {
    ;[bank, ent] = [await institution(), await enterprise({ size: 'micro', district: '310104' })]
    win = window()
    p = await product(bank, win, { type: 'supply_chain' })
    await publishDemand(ent, win)
    const res = await apply(ent, { product_ids: [p.id], amount_fen: win.amount, term_months: win.term })
    assert.equal(res.status, 201, res.text)
    await moveOk(bank.key, res.body.items[0].id, { to: 'declined', decline_reason: '不符合行业政策' })
  })

  it('counts demands, applications and decisions by dimension, for the operator', async () => {
    for (const [by, key] of [['size', 'micro'], ['district', '310104'], ['industry', 'I']]) {
      const res = await api.get('/api/v1/market/stats', { query: { by } })
      assert.equal(res.status, 200, res.text)
      assert.equal(res.body.by, by)
      const row = res.body.items.find((r) => r.key === key)
      assert.ok(row, `${by}: ${res.text}`)
      assert.ok(row.demands >= 1 && row.applications >= 1 && row.declined >= 1 && row.decided >= 1, JSON.stringify(row))
      assert.ok(row.approval_rate === null || (row.approval_rate >= 0 && row.approval_rate <= 1))
      assert.ok(row.avg_decision_hours >= 0)
    }
    const byType = await api.get('/api/v1/market/stats', { query: { by: 'product_type' } })
    const row = byType.body.items.find((r) => r.key === 'supply_chain')
    assert.ok(row && row.applications >= 1 && row.demands === 0, byType.text)
    const byDefault = await api.get('/api/v1/market/stats')
    assert.equal(byDefault.body.by, 'district')
    const keys = byDefault.body.items.map((r) => r.key)
    assert.deepEqual(keys, [...keys].sort())
    assertError(await api.get('/api/v1/market/stats', { query: { by: 'colour' } }), 400, 'invalid_argument', ['by'])
  })

  it('is for the operator only (403)', async () => {
    for (const key of [bank.key, ent.key])
      assertError(await api.get('/api/v1/market/stats', { key }), 403, 'permission_denied')
  })
})

describe('marketplace roles', () => {
  it('refuses each route to the roles it does not admit', async () => {
    const bank = await institution()
    const ent = await enterprise()
    const provider = await createKey('data_provider')
    const cases = [
      [ent.key, 'post', '/api/v1/market/products', { name: 'x' }],
      [bank.key, 'post', `/api/v1/enterprises/${ent.uscc}/demands`, { amount_fen: 1 }],
      [bank.key, 'post', `/api/v1/enterprises/${ent.uscc}/applications`, { product_ids: ['x'] }],
      [ent.key, 'post', '/api/v1/ip-pledges', {}],
      [ent.key, 'post', '/api/v1/market/rules/check', { rule: '' }],
      [provider.key, 'get', '/api/v1/market/attributes'],
      [provider.key, 'get', '/api/v1/market/applications'],
      [provider.key, 'get', '/api/v1/market/loans'],
      [provider.key, 'get', '/api/v1/ip-pledges'],
      [bank.key, 'get', `/api/v1/enterprises/${ent.uscc}/matches`],
      [bank.key, 'get', `/api/v1/enterprises/${ent.uscc}/demands`],
    ]
    for (const [key, method, path, json] of cases) {
      const res = await api[method](path, { key, json })
      assertError(res, 403, 'permission_denied')
      assert.match(res.body.error.message, /may not call/, `${method} ${path}: ${res.text}`)
    }
  })
})
