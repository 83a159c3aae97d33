// The credit evaluation over HTTP: the indicator library, the composite model, evaluation runs
// (started in the background and polled) and an enterprise's evaluation with its factors and
// trend. The flow registers its own enterprises and pushes their records as a data provider, so
// the figures it checks are exact even though a run evaluates every enterprise of the shared
// server. Only this suite starts runs; a 409 (another run going) is waited out all the same.
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { before, describe, it } from 'node:test'
import { api, assertError } from './client.mjs'
import { createEnterprise, createKey, csvText, pushOk, tag } from './fixtures.mjs'
import { makeUscc } from './uscc.mjs'

const AS_OF = '2026-10'
const RUN_TIMEOUT_MS = 60_000
const NON_ADMIN = ['data_provider', 'enterprise', 'institution', 'service_agency', 'node']
// data/catalog/tax.toml and judicial.toml, in column order.
const TAX = [
  'uscc',
  'period',
  'tax_type',
  'tax_payable_amount',
  'tax_paid_amount',
  'arrears_amount',
  'sales_revenue_amount',
  'declared_on_time',
]
const JUDICIAL = [
  'uscc',
  'case_number',
  'record_type',
  'role',
  'court',
  'cause',
  'filing_date',
  'closing_date',
  'amount',
  'status',
]

/** The `n` months ending with `last` ("YYYY-MM"), oldest first. */
function monthsUpTo(last, n) {
  const [y, m] = last.split('-').map(Number)
  const out = []
  for (let i = n - 1; i >= 0; i--) {
    const k = y * 12 + (m - 1) - i
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`)
  }
  return out
}

/** Fen as a yuan amount with two decimals ("12345.67"). */
const yuan = (fen) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`

/** The grade a score earns under the model: the first grade (best first) whose min_score it reaches. */
function gradeFor(model, score) {
  const grades = [...model.grades].sort((a, b) => b.min_score - a.min_score)
  return grades.find((g) => score >= g.min_score)?.grade
}

/** The band of `bands` holding `value` ([from, below), null ends open). */
function bandOf(bands, value) {
  return bands.find((b) => (b.from === null || value >= b.from) && (b.below === null || value < b.below))
}

/** The run `id` from GET /credit/runs (undefined until the worker has recorded it). */
async function findRun(id) {
  const res = await api.get('/api/v1/credit/runs', { query: { limit: 20 } })
  assert.equal(res.status, 200, res.text)
  return res.body.items.find((r) => r.id === id)
}

/** Polls until run `id` is no longer running; returns it. */
async function waitForRun(id, timeoutMs = RUN_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const run = await findRun(id)
    if (run && run.status !== 'running') return run
    assert.ok(Date.now() < deadline, `run ${id} did not finish within ${timeoutMs / 1000} s: ${JSON.stringify(run)}`)
    await sleep(250)
  }
}

/** Waits until no run is going (the newest listed run is finished). */
async function waitForIdle(timeoutMs = RUN_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const res = await api.get('/api/v1/credit/runs', { query: { limit: 5 } })
    assert.equal(res.status, 200, res.text)
    if (!res.body.items.some((r) => r.status === 'running')) return
    assert.ok(Date.now() < deadline, 'an evaluation run kept running')
    await sleep(250)
  }
}

/**
 * Starts a run for `as_of` and waits for it to finish; a 409 (a run already going) is retried
 * once that run ends. Returns {started, run}.
 */
async function evaluate(as_of) {
  const deadline = Date.now() + RUN_TIMEOUT_MS
  for (;;) {
    const res = await api.post('/api/v1/credit/runs', { json: { as_of } })
    if (res.status === 202) {
      assert.equal(res.body.as_of, as_of)
      assert.equal(res.body.status, 'running')
      return { started: res.body, run: await waitForRun(res.body.id) }
    }
    assertError(res, 409, 'failed_precondition')
    assert.ok(Date.now() < deadline, `could not start a run for ${as_of}: ${res.text}`)
    await waitForIdle()
    await sleep(100) // the worker clears its flag just after recording the run as finished
  }
}

describe('GET /api/v1/credit/indicators', () => {
  it('lists at least 30 indicators with unique ids and Chinese and English names', async () => {
    const res = await api.get('/api/v1/credit/indicators')
    assert.equal(res.status, 200, res.text)
    const { items, version } = res.body
    assert.ok(version >= 1)
    assert.ok(items.length >= 30, `only ${items.length} indicators`)
    assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'indicator ids repeat')
    for (const i of items) {
      assert.match(i.name, /\p{Script=Han}/u, `${i.id}: name "${i.name}" is not Chinese`)
      assert.match(i.name_en, /^[\x20-\x7e]*[A-Za-z][\x20-\x7e]*$/, `${i.id}: name_en "${i.name_en}"`)
      assert.ok(i.definition.length > 0 && i.source.length > 0, `${i.id}: definition or source empty`)
    }
    const tax = items.find((i) => i.id === 'tax_paid_12m')
    assert.deepEqual(
      { category: tax?.category, unit: tax?.unit, window_months: tax?.window_months },
      { category: 'tax', unit: '元', window_months: 12 },
    )
    assert.ok(new Set(items.map((i) => i.category)).size >= 5, 'indicators span fewer than 5 categories')
  })

  it('is readable by every role', async () => {
    for (const role of NON_ADMIN) {
      const { key } = await createKey(role)
      for (const path of ['/api/v1/credit/indicators', '/api/v1/credit/model'])
        assert.equal((await api.get(path, { key })).status, 200, `${role} ${path}`)
    }
  })
})

describe('GET /api/v1/credit/model', () => {
  let model
  let library
  before(async () => {
    model = (await api.get('/api/v1/credit/model')).body
    library = (await api.get('/api/v1/credit/indicators')).body.items
  })

  it('has factors on library indicators whose shares are their weights over the total and sum to 1', () => {
    assert.ok(model.version && model.name)
    assert.ok(model.factors.length >= 10, `only ${model.factors.length} factors`)
    const total = model.factors.reduce((s, f) => s + f.weight, 0)
    let shares = 0
    for (const f of model.factors) {
      const ind = library.find((i) => i.id === f.indicator)
      assert.ok(ind, `factor ${f.indicator} is not in the library`)
      assert.equal(f.name, ind.name)
      assert.equal(f.name_en, ind.name_en)
      assert.ok(Math.abs(f.share - f.weight / total) < 1e-12, `${f.indicator}: share ${f.share}`)
      shares += f.share
    }
    assert.ok(Math.abs(shares - 1) < 1e-9, `shares sum to ${shares}`)
    assert.equal(new Set(model.factors.map((f) => f.indicator)).size, model.factors.length, 'a factor repeats')
  })

  it('has contiguous bands from -∞ to +∞ with labels', () => {
    for (const f of model.factors) {
      const b = f.bands
      assert.equal(b[0].from, null, `${f.indicator}: first band has a lower bound`)
      assert.equal(b.at(-1).below, null, `${f.indicator}: last band has an upper bound`)
      for (let i = 0; i + 1 < b.length; i++) {
        assert.equal(b[i].below, b[i + 1].from, `${f.indicator}: bands ${i + 1} and ${i + 2} are not contiguous`)
        if (b[i].from !== null) assert.ok(b[i].from < b[i].below, `${f.indicator}: band ${i + 1} is empty`)
      }
      for (const band of b) assert.ok(band.label.length > 0, `${f.indicator}: a band without a label`)
    }
  })

  it('has grades from the best down to a last one at 0', () => {
    const mins = model.grades.map((g) => g.min_score)
    assert.ok(mins.length >= 2)
    for (let i = 0; i + 1 < mins.length; i++) assert.ok(mins[i] > mins[i + 1], `grades out of order: ${mins}`)
    assert.equal(mins.at(-1), 0)
    assert.equal(new Set(model.grades.map((g) => g.grade)).size, mins.length)
  })
})

describe('evaluation runs and an enterprise evaluation', () => {
  let model
  let provider
  let clean // the enterprise with clean records
  let debtor // the same records plus a dishonest-debtor listing
  let newcomer // registered after the evaluation month
  let taxPaid12mFen // tax paid over 2025-11..2026-10 by each, in fen
  let started
  let run
  let evalClean
  let evalDebtor

  before(async () => {
    model = (await api.get('/api/v1/credit/model')).body
    provider = await createKey('data_provider')
    clean = await createEnterprise({}, provider.key)
    debtor = await createEnterprise({}, provider.key)
    // Registered after the evaluation month: not part of that month's evaluation.
    newcomer = await createEnterprise({ registration_date: '2026-11-02' }, provider.key)

    // 24 months of VAT and corporate income tax, a different amount each month, so that a wrong
    // window (not exactly the last 12 months) shows in the sum.
    const months = monthsUpTo(AS_OF, 24)
    assert.equal(months[0], '2024-11')
    const rows = []
    taxPaid12mFen = 0
    for (const uscc of [clean.uscc, debtor.uscc])
      months.forEach((period, i) => {
        const vat = 2_100_000 + i * 13_725 + 37 // fen
        const cit = 800_000 + i * 5_011
        rows.push([uscc, period, 'vat', yuan(vat), yuan(vat), '0.00', yuan(vat * 8), 'true'])
        rows.push([uscc, period, 'corporate_income', yuan(cit), yuan(cit), '0.00', '', 'true'])
        if (uscc === clean.uscc && i >= 12) taxPaid12mFen += vat + cit
      })
    const tax = await pushOk('tax', csvText(TAX, rows), { key: provider.key, query: { source_name: `tax-${tag()}.csv` } })
    assert.equal(tax.accepted, 96, JSON.stringify(tax))
    const judicial = await pushOk(
      'judicial',
      csvText(JUDICIAL, [
        [
          debtor.uscc,
          `(2026)沪0115执${Math.floor(Math.random() * 90000) + 10000}号`,
          'dishonest_debtor',
          'defendant',
          '上海市浦东新区人民法院',
          '买卖合同纠纷',
          '2026-03-16',
          '',
          '256000.00',
          'unperformed',
        ],
      ]),
      { key: provider.key },
    )
    assert.equal(judicial.accepted, 1, JSON.stringify(judicial))

    ;({ started, run } = await evaluate(AS_OF))
    evalClean = (await api.get(`/api/v1/enterprises/${clean.uscc}/evaluation`, { query: { as_of: AS_OF } })).body
    evalDebtor = (await api.get(`/api/v1/enterprises/${debtor.uscc}/evaluation`, { query: { as_of: AS_OF } })).body
  })

  it('runs in the background to done, with the versions in force and a count per grade', async () => {
    assert.equal(run.status, 'done', JSON.stringify(run))
    assert.equal(run.as_of, AS_OF)
    assert.equal(run.model_version, model.version)
    const library = (await api.get('/api/v1/credit/indicators')).body
    assert.equal(run.library_version, library.version)
    // The seeded enterprises registered by the end of the month and the two above at least
    // (other suites register more).
    assert.ok(run.enterprises >= 250, `only ${run.enterprises} enterprises evaluated`)
    const late = await api.get(`/api/v1/enterprises/${newcomer.uscc}/evaluation`, { query: { as_of: AS_OF } })
    assertError(late, 404, 'not_found')
    const perGrade = Object.values(run.grades).reduce((a, b) => a + b, 0)
    assert.equal(perGrade, run.enterprises, `grades ${JSON.stringify(run.grades)}`)
    for (const g of Object.keys(run.grades))
      assert.ok(model.grades.some((x) => x.grade === g), `unknown grade ${g}`)
    assert.ok(run.finished_at && Date.parse(run.finished_at) >= Date.parse(run.started_at))
  })

  it('lists runs newest first and honours limit', async () => {
    const res = await api.get('/api/v1/credit/runs', { query: { limit: 1 } })
    assert.equal(res.status, 200)
    assert.ok(res.body.items.length === 1)
    const all = (await api.get('/api/v1/credit/runs')).body.items
    assert.ok(all.some((r) => r.id === started.id))
    for (let i = 0; i + 1 < all.length; i++) assert.ok(all[i].id > all[i + 1].id, 'runs are not newest first')
    assertError(await api.get('/api/v1/credit/runs', { query: { limit: 0 } }), 400, 'invalid_argument', ['limit'])
  })

  it('computes the indicators from the pushed records', () => {
    const value = (e, id) => e.indicators.find((i) => i.id === id)?.value
    const expected = taxPaid12mFen / 100
    const got = value(evalClean, 'tax_paid_12m')
    // Indicator values are kept as 32-bit floats: allow their rounding, nothing more.
    assert.ok(Math.abs(got - expected) <= Math.max(0.01, expected * 2 ** -22), `tax_paid_12m ${got}, expected ${expected}`)
    assert.equal(value(evalClean, 'dishonest_debtor_records'), 0)
    assert.equal(value(evalDebtor, 'dishonest_debtor_records'), 1)
    assert.equal(value(evalDebtor, 'tax_paid_12m'), got)
    const ind = evalClean.indicators.find((i) => i.id === 'tax_paid_12m')
    assert.deepEqual([ind.name, ind.category, ind.unit], ['近12个月实缴税额', 'tax', '元'])
  })

  it('scores every factor by its band and adds the factors up to the score and grade', () => {
    for (const e of [evalClean, evalDebtor]) {
      assert.equal(e.as_of, AS_OF)
      assert.equal(e.run_id, started.id)
      assert.equal(e.model_version, model.version)
      assert.equal(e.factors.length, model.factors.length)
      const sum = e.factors.reduce((s, f) => s + f.score, 0)
      // The score is rounded to 0.1 and each factor's score to 0.01.
      assert.ok(Math.abs(sum - e.score) <= 0.05 + 0.005 * e.factors.length, `factors add to ${sum}, score ${e.score}`)
      assert.equal(e.grade, gradeFor(model, e.score))
      for (const f of e.factors) {
        const mf = model.factors.find((x) => x.indicator === f.indicator)
        assert.ok(Math.abs(f.max_score - mf.share * 1000) < 0.01, `${f.indicator}: max_score ${f.max_score}`)
        assert.ok(Math.abs(f.score - (f.points * mf.share * 10)) < 0.01, `${f.indicator}: score ${f.score}`)
        if (f.value === null) {
          assert.equal(f.band, 'missing')
          assert.equal(f.points, mf.missing_points)
        } else {
          const band = bandOf(mf.bands, f.value)
          assert.equal(f.band, band.label, `${f.indicator}=${f.value}`)
          assert.equal(f.points, band.points, `${f.indicator}=${f.value}`)
        }
      }
      const shortfalls = e.factors.map((f) => f.max_score - f.score)
      for (let i = 0; i + 1 < shortfalls.length; i++)
        assert.ok(shortfalls[i] >= shortfalls[i + 1] - 1e-9, 'factors are not sorted by shortfall')
    }
    const taxFactor = evalClean.factors.find((f) => f.indicator === 'tax_paid_12m')
    assert.equal(taxFactor.points, 85, `tax paid ${taxFactor.value} should be in [1e5, 1e6)`)
    assert.equal(taxFactor.name, '近12个月实缴税额')
  })

  it('marks the dishonest debtor down by exactly its factor', () => {
    const dishonest = (e) => e.factors.find((f) => f.indicator === 'dishonest_debtor_records')
    assert.equal(dishonest(evalDebtor).points, 0)
    assert.equal(dishonest(evalDebtor).score, 0)
    assert.equal(dishonest(evalClean).points, 100)
    assert.ok(evalDebtor.score < evalClean.score, `${evalDebtor.score} is not below ${evalClean.score}`)
    // Same registration and tax records: the listing is the only difference.
    assert.ok(
      Math.abs(evalClean.score - evalDebtor.score - dishonest(evalClean).max_score) <= 0.1 + 1e-9,
      `scores ${evalClean.score} and ${evalDebtor.score} differ by other than ${dishonest(evalClean).max_score}`,
    )
  })

  it('gives the month in the trend and the latest month by default', async () => {
    const point = evalClean.trend.find((p) => p.as_of === AS_OF)
    assert.deepEqual(point && { score: point.score, grade: point.grade }, { score: evalClean.score, grade: evalClean.grade })
    const months = evalClean.trend.map((p) => p.as_of)
    assert.deepEqual(months, [...months].sort(), 'trend is not oldest first')
    const latest = await api.get(`/api/v1/enterprises/${clean.uscc}/evaluation`)
    assert.equal(latest.status, 200)
    assert.equal(latest.body.as_of, months.at(-1))
  })

  it('lets the enterprise read its own evaluation and nobody else’s', async () => {
    const own = await createKey('enterprise', { uscc: clean.uscc })
    const res = await api.get(`/api/v1/enterprises/${clean.uscc}/evaluation`, { key: own.key, query: { as_of: AS_OF } })
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(res.body, evalClean)
    for (const uscc of [debtor.uscc, makeUscc()]) {
      const other = await api.get(`/api/v1/enterprises/${uscc}/evaluation`, { key: own.key })
      assertError(other, 403, 'permission_denied')
      assert.equal(other.body.error.message, 'an enterprise key may only read its own evaluation')
    }
    for (const role of ['institution', 'data_provider', 'service_agency', 'node']) {
      const { key } = await createKey(role)
      const denied = await api.get(`/api/v1/enterprises/${clean.uscc}/evaluation`, { key })
      assertError(denied, 403, 'permission_denied')
      assert.match(denied.body.error.message, new RegExp(`role ${role} may not call`))
    }
  })

  it('answers 404 for an unknown enterprise, one not yet evaluated and a month not evaluated', async () => {
    const unknown = makeUscc()
    assertError(await api.get(`/api/v1/enterprises/${unknown}/evaluation`), 404, 'not_found')
    const fresh = await createEnterprise() // registered after the run
    const res = await api.get(`/api/v1/enterprises/${fresh.uscc}/evaluation`)
    assertError(res, 404, 'not_found')
    assert.equal(res.body.error.message, `no evaluation of ${fresh.uscc} yet`)
    const month = await api.get(`/api/v1/enterprises/${clean.uscc}/evaluation`, { query: { as_of: '2001-01' } })
    assertError(month, 404, 'not_found')
    assert.equal(month.body.error.message, `no evaluation of ${clean.uscc} for 2001-01`)
  })

  it('answers 400 for a malformed USCC or month', async () => {
    assertError(await api.get('/api/v1/enterprises/123/evaluation'), 400, 'invalid_argument', ['uscc'])
    for (const as_of of ['2026-13', '2026-1', '202610', 'latest'])
      assertError(
        await api.get(`/api/v1/enterprises/${clean.uscc}/evaluation`, { query: { as_of } }),
        400,
        'invalid_argument',
        ['as_of'],
      )
  })
})

describe('POST /api/v1/credit/runs', () => {
  it('is for admins only (403 before the body is read)', async () => {
    for (const role of NON_ADMIN) {
      const { key } = await createKey(role)
      const res = await api.post('/api/v1/credit/runs', { key, json: { as_of: AS_OF } })
      assertError(res, 403, 'permission_denied')
      assert.match(res.body.error.message, new RegExp(`role ${role} may not call POST /api/v1/credit/runs`))
      assertError(await api.get('/api/v1/credit/runs', { key }), 403, 'permission_denied')
    }
  })

  it('refuses a missing or malformed month and unknown fields (400) and starts nothing', async () => {
    await waitForIdle()
    const before = (await api.get('/api/v1/credit/runs', { query: { limit: 1 } })).body.items[0]?.id
    for (const [json, field] of [
      [{}, 'as_of'],
      [{ as_of: '2026-13' }, 'as_of'],
      [{ as_of: '2026/10' }, 'as_of'],
      [{ as_of: 202610 }, 'as_of'],
      [{ as_of: AS_OF, force: true }, 'force'],
    ]) {
      const res = await api.post('/api/v1/credit/runs', { json })
      assertError(res, 400, 'invalid_argument')
      assert.ok(
        res.body.error.details.some((d) => d.field === field),
        `${JSON.stringify(json)}: ${res.text}`,
      )
    }
    const after = (await api.get('/api/v1/credit/runs', { query: { limit: 1 } })).body.items[0]?.id
    assert.equal(after, before, 'a refused request started a run')
  })
})
