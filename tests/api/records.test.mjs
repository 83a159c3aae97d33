// An enterprise's records (GET /api/v1/enterprises/{uscc}/records) and its self-reports with a
// credit commitment (POST /api/v1/enterprises/{uscc}/self-reports).
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { before, describe, it } from 'node:test'
import { api, assertError } from './client.mjs'
import { createKey, csvText, freshUsccs, ms, pushOk, recordsOf, rejectsFromCsv, rejectsOf } from './fixtures.mjs'
import { makeUscc, withBadFinalCheck } from './uscc.mjs'

const COMMITMENT = '本企业承诺所填报信息真实、准确、完整，如有不实，愿意承担相应的法律责任。'
const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex')

/** A valid self-reported record for `period` (uscc left out: the caller's own). */
const report = (period, overrides = {}) => ({
  period,
  revenue_amount: '1250000.50',
  employees: 18,
  total_assets_amount: '800000',
  total_liabilities_amount: '300000.25',
  main_products: '工业传感器',
  credit_commitment: true,
  ...overrides,
})

const selfReport = (uscc, json, key) => api.post(`/api/v1/enterprises/${uscc}/self-reports`, { json, key })

describe('POST /api/v1/enterprises/{uscc}/self-reports', () => {
  let uscc, enterprise, other
  before(async () => {
    ;[uscc, other] = await freshUsccs(2)
    enterprise = await createKey('enterprise', { uscc })
  })

  it('stores the records labelled self-reported, under a commitment whose SHA-256 is returned', async () => {
    const started = Date.now()
    const res = await selfReport(
      uscc,
      {
        commitment: COMMITMENT,
        records: [
          report('2024-03'), // 1: stored
          report('2024-13'), // 2: no such month
          report('2024-06', { uscc: other }), // 3: another enterprise's
          report('2024-09', { uscc, financing_purpose: 'equipment', financing_need_amount: '500000' }), // 4
        ],
      },
      enterprise.key,
    )
    assert.equal(res.status, 201, res.text)
    const { batch_id, seconds, commitment, rejects_csv, ...counts } = res.body
    assert.deepEqual(counts, {
      category: 'self_reported',
      catalog_version: 1,
      encoding: 'utf-8',
      rows: 4,
      accepted: 2,
      superseded: 0,
      duplicates: 0,
      rejected: 2,
    })
    assert.equal(commitment.sha256, sha256(COMMITMENT))
    assert.equal(commitment.key_id, enterprise.id)
    assert.ok(Math.abs(ms(commitment.signed_at) - started) < 60_000)
    assert.deepEqual(rejectsFromCsv(rejects_csv), [
      { row: 2, field: 'period', value: '2024-13', reason: 'must be a period YYYY-MM with month 01 to 12' },
      {
        row: 3,
        field: 'uscc',
        value: other,
        reason: `an enterprise may only submit its own data (${uscc})`,
      },
    ])
    // The quarantine of the batch is the same.
    assert.deepEqual(await rejectsOf(batch_id), rejectsFromCsv(rejects_csv))

    // The enterprise reads its records back, labelled self-reported; money in fen.
    const mine = await recordsOf(uscc, { category: 'self_reported' }, enterprise.key)
    assert.deepEqual(
      mine.items.map((r) => r.record.period),
      ['2024-09', '2024-03'],
    )
    for (const r of mine.items) {
      assert.equal(r.self_reported, true)
      assert.equal(r.source, 'stored')
      assert.equal(r.batch_id, batch_id)
    }
    assert.deepEqual(mine.items[1].record, {
      uscc,
      period: '2024-03',
      revenue_amount: 125000050,
      employees: 18,
      total_assets_amount: 80000000,
      total_liabilities_amount: 30000025,
      main_products: '工业传感器',
      financing_need_amount: null,
      financing_purpose: null,
      credit_commitment: true,
    })
    assert.equal(mine.items[0].record.financing_need_amount, 50000000)
    // Nothing was stored about the other enterprise.
    assert.deepEqual((await recordsOf(other, { category: 'self_reported' })).items, [])

    // The admin sees the batch, channel self_report, pushed by the enterprise's key.
    const batch = await api.get(`/api/v1/ingest/batches/${batch_id}`)
    assert.equal(batch.status, 200, batch.text)
    assert.equal(batch.body.channel, 'self_report')
    assert.equal(batch.body.provider, enterprise.id)
    assert.equal(batch.body.category, 'self_reported')
  })

  it('treats a repeated report as duplicates and a changed one as a correction', async () => {
    const [u] = await freshUsccs(1)
    const { key } = await createKey('enterprise', { uscc: u })
    const body = { commitment: COMMITMENT, records: [report('2023-12')] }
    const first = await selfReport(u, body, key)
    assert.deepEqual([first.body.accepted, first.body.duplicates], [1, 0])
    const again = await selfReport(u, body, key)
    assert.equal(again.status, 201, again.text)
    assert.deepEqual([again.body.accepted, again.body.duplicates, again.body.superseded], [0, 1, 0])
    assert.notEqual(again.body.batch_id, first.body.batch_id)
    const changed = await selfReport(u, { commitment: `${COMMITMENT}（更正）`, records: [report('2023-12', { employees: 19 })] }, key)
    assert.deepEqual([changed.body.accepted, changed.body.superseded], [1, 1])
    assert.equal(changed.body.commitment.sha256, sha256(`${COMMITMENT}（更正）`))
    const now = await recordsOf(u, { category: 'self_reported' }, key)
    assert.deepEqual(
      now.items.map((r) => r.record.employees),
      [19],
    )
  })

  it("answers 403 for another enterprise's USCC, and for every other role", async () => {
    const body = { commitment: COMMITMENT, records: [report('2024-03')] }
    const res = await selfReport(other, body, enterprise.key)
    assertError(res, 403, 'permission_denied', [])
    assert.deepEqual((await recordsOf(other, { category: 'self_reported' })).items, [])
    for (const role of ['admin', 'data_provider', 'institution']) {
      const { key } = await createKey(role)
      const denied = await selfReport(uscc, body, key)
      assertError(denied, 403, 'permission_denied', [])
      assert.match(denied.body.error.message, new RegExp(`^role ${role} may not call`))
    }
  })

  it('answers 400 listing every problem with the body, and stores nothing', async () => {
    const [u] = await freshUsccs(1)
    const { key } = await createKey('enterprise', { uscc: u })
    const bad = async (json, fields) => {
      const res = await selfReport(u, json, key)
      assertError(res, 400, 'invalid_argument', fields)
      return res
    }
    const missing = await bad({ records: [report('2024-03')] }, ['commitment'])
    assert.equal(missing.body.error.details[0].reason, 'is required: the signed credit commitment text')
    await bad({ commitment: 42, records: [report('2024-03')] }, ['commitment'])
    await bad({ commitment: '我承诺', records: [report('2024-03')] }, ['commitment'])
    await bad({ commitment: '诺'.repeat(2001), records: [report('2024-03')] }, ['commitment'])
    await bad({ commitment: COMMITMENT }, ['records'])
    await bad({ commitment: COMMITMENT, records: [] }, ['records'])
    await bad({ commitment: COMMITMENT, records: report('2024-03') }, ['records'])
    await bad({ commitment: COMMITMENT, records: Array.from({ length: 501 }, (_, i) => report(`2000-01`, { employees: i })) }, ['records'])
    await bad({ records: [], note: 'x' }, ['note', 'commitment', 'records'])
    await bad([], [])
    assert.deepEqual((await recordsOf(u, { category: 'self_reported' })).items, [])
    // Exactly 10 and 2000 characters are allowed.
    for (const commitment of ['诺'.repeat(10), '诺'.repeat(2000)]) {
      const res = await selfReport(u, { commitment, records: [report('2024-01')] }, key)
      assert.equal(res.status, 201, res.text)
    }
  })

  it('wants application/json (415 otherwise)', async () => {
    const res = await api.post(`/api/v1/enterprises/${uscc}/self-reports`, {
      key: enterprise.key,
      body: JSON.stringify({ commitment: COMMITMENT, records: [report('2024-03')] }),
      headers: { 'content-type': 'text/csv' },
    })
    assertError(res, 415, 'unsupported_media_type', ['content-type'])
  })
})

describe('GET /api/v1/enterprises/{uscc}/records', () => {
  let uscc, enterprise
  before(async () => {
    ;[uscc] = await freshUsccs(1)
    enterprise = await createKey('enterprise', { uscc })
    await pushOk(
      'tax_credit_grade',
      csvText(
        ['uscc', 'year', 'grade', 'evaluated_on'],
        [
          [uscc, 2021, 'B', '2022-04-01'],
          [uscc, 2023, 'A', '2024-04-01'],
          [uscc, 2022, 'M', '2023-04-01'],
        ],
      ),
    )
    await pushOk(
      'provident_fund',
      csvText(
        ['uscc', 'period', 'depositors', 'deposit_amount', 'arrears_months', 'account_status'],
        [[uscc, '2024-02', 5, '12000.00', 0, 'normal']],
      ),
    )
  })

  it('lists current records by category, newest first, for the admin and the enterprise itself', async () => {
    const admin = await recordsOf(uscc)
    assert.equal(admin.uscc, uscc)
    assert.equal(admin.as_of, null)
    assert.deepEqual(admin.interface_errors, [])
    assert.deepEqual(
      admin.items.map((r) => [r.category, r.record.year ?? r.record.period]),
      [
        ['provident_fund', '2024-02'],
        ['tax_credit_grade', 2023],
        ['tax_credit_grade', 2022],
        ['tax_credit_grade', 2021],
      ],
    )
    assert.equal(admin.items[0].record.deposit_amount, 1200000)
    assert.deepEqual(await recordsOf(uscc, {}, enterprise.key), admin)
    const grades = await recordsOf(uscc, { category: 'tax_credit_grade', limit: 2 })
    assert.deepEqual(
      grades.items.map((r) => r.record.year),
      [2023, 2022],
    )
  })

  it('answers 403 to an enterprise reading another enterprise, and to other roles', async () => {
    const [stranger] = await freshUsccs(1)
    assertError(await api.get(`/api/v1/enterprises/${stranger}/records`, { key: enterprise.key }), 403, 'permission_denied', [])
    for (const role of ['data_provider', 'institution', 'service_agency', 'node']) {
      const { key } = await createKey(role)
      assertError(await api.get(`/api/v1/enterprises/${uscc}/records`, { key }), 403, 'permission_denied', [])
    }
  })

  it('answers 404 for an unregistered USCC and 400 for an invalid one or bad parameters', async () => {
    assertError(await api.get(`/api/v1/enterprises/${makeUscc()}/records`), 404, 'not_found')
    assertError(await api.get(`/api/v1/enterprises/${withBadFinalCheck(uscc)}/records`), 400, 'invalid_argument', ['uscc[18]'])
    const res = await api.get(`/api/v1/enterprises/${uscc}/records`, {
      query: { category: 'nope', as_of: '2024-02-30', limit: 0 },
    })
    assertError(res, 400, 'invalid_argument', ['category', 'as_of', 'limit'])
    for (const as_of of ['yesterday', '2024-01-01T00:00:00', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00.5Z'])
      assertError(
        await api.get(`/api/v1/enterprises/${uscc}/records`, { query: { as_of } }),
        400,
        'invalid_argument',
        ['as_of'],
      )
    assertError(
      await api.get(`/api/v1/enterprises/${uscc}/records`, { query: { limit: 1001 } }),
      400,
      'invalid_argument',
      ['limit'],
    )
  })
})
