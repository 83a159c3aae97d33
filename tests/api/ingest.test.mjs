// Data pushes (POST /api/v1/ingest/{category}), batch reports and their quarantine, and data
// quality. Every test pushes rows about enterprises it registers itself, so the counts in the
// summaries are exact even while other suites run against the same server.
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { before, describe, it } from 'node:test'
import { api, assertError } from './client.mjs'
import {
  createKey,
  csvText,
  freshUsccs,
  jsonLines,
  ms,
  push,
  pushOk,
  recordsOf,
  rejectsOf,
  tag,
  unknownKeyId,
} from './fixtures.mjs'
import { makeUscc } from './uscc.mjs'

const MiB = 1024 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const GRADE = ['uscc', 'year', 'grade', 'evaluated_on'] // tax_credit_grade's columns
const REGISTRY_REASON = /^is not in the enterprise registry/
const LICENSE = [
  'uscc',
  'decision_number',
  'license_name',
  'license_category',
  'authority',
  'decision_date',
  'valid_from',
  'valid_to',
  'publication_date',
  'content',
]
// "季度" (quarter) in GBK / GB18030.
const JIDU_GBK = Buffer.from([0xbc, 0xbe, 0xb6, 0xc8])

/** The stored records of one category for an enterprise, as admin. */
async function stored(uscc, category, query = {}) {
  const body = await recordsOf(uscc, { category, ...query })
  return body.items
}

/**
 * The instant `iso` (microseconds) rounded up to a whole second, as YYYY-MM-DDTHH:MM:SSZ.
 * Date.parse keeps only milliseconds, so the fraction is read from the text.
 */
function ceilSecond(iso) {
  const [, whole, fraction = ''] = /^(.{19})(?:\.(\d+))?Z$/.exec(iso)
  const t = Date.parse(`${whole}Z`) + (/[1-9]/.test(fraction) ? 1000 : 0)
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Whole seconds before `iso`, as YYYY-MM-DDTHH:MM:SSZ. */
function secondsBefore(iso, s) {
  const t = Math.floor(ms(iso) / 1000) * 1000 - s * 1000
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

describe('POST /api/v1/ingest/{category}', () => {
  let provider
  before(async () => {
    provider = await createKey('data_provider')
  })

  it('loads the good rows of a CSV push and quarantines the bad ones with row, field, value and reason', async () => {
    const [e1, e2, e3] = await freshUsccs(3)
    const stranger = makeUscc() // valid, but not registered
    const body = csvText(GRADE, [
      [e1, 2023, 'A', '2024-04-01'], // row 2: stored
      [e2, 2023, 'Z', '2024-04-01'], // row 3: not a grade
      [e3, 1999, 'B', '2024-13-01'], // row 4: two bad cells
      [e2, 2022, '', '2024-04-01'], // row 5: required cell empty
      [e1, 2023, 'A', '2024-04-01'], // row 6: repeats row 2
      [e2, 2021, 'B'], // row 7: a cell short
      [stranger, 2023, 'A', '2024-04-01'], // row 8: enterprise not registered
      [e3, 2023, 'M', '2024-04-01'], // row 9: stored
    ])
    const source_name = `grades ${tag()}`
    const started = Date.now()
    const sum = await pushOk('tax_credit_grade', body, { key: provider.key, query: { source_name } })
    assert.match(sum.batch_id, UUID)
    const { batch_id, seconds, ...counts } = sum
    assert.deepEqual(counts, {
      category: 'tax_credit_grade',
      catalog_version: 1,
      encoding: 'utf-8',
      rows: 8,
      accepted: 2,
      superseded: 0,
      duplicates: 0,
      rejected: 6,
    })
    assert.ok(seconds >= 0 && seconds < 60)

    const rejects = await rejectsOf(batch_id, provider.key)
    assert.equal(rejects.length, 7)
    assert.match(rejects[6].reason, REGISTRY_REASON)
    assert.deepEqual(rejects, [
      { row: 3, field: 'grade', value: 'Z', reason: 'is not one of: A, B, M, C, D' },
      { row: 4, field: 'evaluated_on', value: '2024-13-01', reason: 'must be a date YYYY-MM-DD that exists' },
      { row: 4, field: 'year', value: '1999', reason: 'is below the minimum 2014' },
      { row: 5, field: 'grade', value: '', reason: 'is required' },
      {
        row: 6,
        field: 'uscc, year',
        value: `${e1},2023`,
        reason: 'repeats row 2 of this batch (uscc, year must be unique within a file)',
      },
      { row: 7, field: '', value: e2, reason: 'has 3 cells; the header has 4' },
      { row: 8, field: 'uscc', value: stranger, reason: rejects[6].reason },
    ])

    // The batch report says the same, and who pushed it.
    const batch = await api.get(`/api/v1/ingest/batches/${batch_id}`, { key: provider.key })
    assert.equal(batch.status, 200, batch.text)
    const { started_at, finished_at, ...report } = batch.body
    assert.deepEqual(report, {
      id: batch_id,
      category: 'tax_credit_grade',
      channel: 'push',
      source_name,
      provider: provider.id,
      catalog_version: 1,
      status: 'complete',
      error: '',
      rows: 8,
      accepted: 2,
      superseded: 0,
      duplicates: 0,
      rejected: 6,
    })
    assert.ok(ms(started_at) <= ms(finished_at))
    assert.ok(Math.abs(ms(started_at) - started) < 60_000)

    // Only the good rows became records.
    const [record, ...more] = await stored(e1, 'tax_credit_grade')
    assert.deepEqual(more, [])
    assert.deepEqual(record.record, { uscc: e1, year: 2023, grade: 'A', evaluated_on: '2024-04-01' })
    assert.equal(record.source, 'stored')
    assert.equal(record.self_reported, false)
    assert.equal(record.batch_id, batch_id)
    assert.equal(record.catalog_version, 1)
    assert.equal(record.superseded_at, null)
    assert.deepEqual(
      (await stored(e3, 'tax_credit_grade')).map((r) => r.record.grade),
      ['M'],
    )
    assert.deepEqual(await stored(e2, 'tax_credit_grade'), [])
  })

  it('serves the quarantine as a CSV download, only the header when nothing was rejected', async () => {
    const [e] = await freshUsccs(1)
    const sum = await pushOk('tax_credit_grade', csvText(GRADE, [[e, 2024, 'B', '2025-04-01']]))
    const res = await api.get(`/api/v1/ingest/batches/${sum.batch_id}/rejects`)
    assert.equal(res.status, 200, res.text)
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8')
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="rejects-${sum.batch_id}.csv"`)
    assert.equal(res.text, 'row_number,field,value,reason\r\n')
    assert.deepEqual(await rejectsOf(sum.batch_id), [])
  })

  it('loads JSON lines, quarantining lines that are not objects of the category', async () => {
    const [e1, e2] = await freshUsccs(2)
    const ok = { uscc: e1, year: 2020, grade: 'B', evaluated_on: '2021-04-01' }
    const body = jsonLines([
      ok, // line 1
      '', // line 2: blank, skipped
      'not json', // line 3
      '[1]', // line 4
      { ...ok, year: 'x' }, // line 5
      { ...ok, year: 2019, extra: 1 }, // line 6
      { ...ok, year: 2018, grade: 'Q' }, // line 7
      { uscc: e2, year: 2020, grade: 'A', evaluated_on: '2021-04-01' }, // line 8
    ])
    const sum = await pushOk('tax_credit_grade', body, { type: 'application/x-ndjson' })
    assert.deepEqual(
      [sum.rows, sum.accepted, sum.duplicates, sum.superseded, sum.rejected, sum.encoding],
      [7, 2, 0, 0, 5, 'utf-8'],
    )
    const rejects = await rejectsOf(sum.batch_id)
    assert.match(rejects[0].reason, /^not valid JSON/)
    assert.deepEqual(rejects, [
      { row: 3, field: '', value: 'not json', reason: rejects[0].reason },
      { row: 4, field: '', value: '[1]', reason: 'each record must be one JSON object' },
      { row: 5, field: 'year', value: 'x', reason: 'must be an integer' },
      { row: 6, field: 'extra', value: '', reason: "is not a field of category 'tax_credit_grade'" },
      { row: 7, field: 'grade', value: 'Q', reason: 'is not one of: A, B, M, C, D' },
    ])
    assert.deepEqual(
      (await stored(e1, 'tax_credit_grade')).map((r) => r.record),
      [ok],
    )
    assert.equal((await stored(e2, 'tax_credit_grade')).length, 1)

    // application/jsonl is the same format.
    const again = await pushOk('tax_credit_grade', jsonLines([{ ...ok, year: 2017 }]), {
      type: 'application/jsonl',
    })
    assert.deepEqual([again.rows, again.accepted], [1, 1])
  })

  it('stores nothing when the same body is pushed again: every row is a duplicate', async () => {
    const usccs = await freshUsccs(3)
    const rows = usccs.map((u, i) => [u, 2019, 'ABC'[i], '2020-04-01'])
    const body = csvText(GRADE, rows)
    const first = await pushOk('tax_credit_grade', body)
    assert.deepEqual([first.rows, first.accepted, first.duplicates], [3, 3, 0])
    const before = await stored(usccs[0], 'tax_credit_grade')

    const second = await pushOk('tax_credit_grade', body)
    assert.notEqual(second.batch_id, first.batch_id)
    const { batch_id, seconds, ...counts } = second
    assert.deepEqual(counts, {
      category: 'tax_credit_grade',
      catalog_version: 1,
      encoding: 'utf-8',
      rows: 3,
      accepted: 0,
      superseded: 0,
      duplicates: 3,
      rejected: 0,
    })
    // The same records as JSON lines, columns in another order: still the same records.
    const asJson = rows.map(([uscc, year, grade, evaluated_on]) => ({ evaluated_on, grade, year, uscc }))
    const third = await pushOk('tax_credit_grade', jsonLines(asJson), { type: 'application/x-ndjson' })
    assert.deepEqual([third.accepted, third.duplicates, third.rejected], [0, 3, 0])
    // The records still come from the first batch.
    assert.deepEqual(await stored(usccs[0], 'tax_credit_grade'), before)
    assert.equal(before[0].batch_id, first.batch_id)
  })

  it('keeps a corrected record as history: as_of before the correction shows the old value', async () => {
    const [e] = await freshUsccs(1)
    const first = await pushOk('tax_credit_grade', csvText(GRADE, [[e, 2022, 'A', '2023-04-01']]))
    const [original] = await stored(e, 'tax_credit_grade')
    assert.equal(original.record.grade, 'A')
    // as_of has whole seconds: let a second boundary pass between the load and the correction.
    await sleep(1100)
    const correction = await pushOk(
      'tax_credit_grade',
      csvText(GRADE, [
        [e, 2022, 'C', '2023-04-01'], // corrects the 2022 grade
        [e, 2021, 'B', '2022-04-01'], // new
      ]),
    )
    assert.deepEqual(
      [correction.rows, correction.accepted, correction.superseded, correction.duplicates, correction.rejected],
      [2, 2, 1, 0, 0],
    )
    const batch = await api.get(`/api/v1/ingest/batches/${correction.batch_id}`)
    assert.equal(batch.body.superseded, 1)

    // Now: the corrected grade and the new year, both current.
    const now = await stored(e, 'tax_credit_grade')
    const y2022 = now.find((r) => r.record.year === 2022)
    assert.deepEqual(
      now.map((r) => r.record.year).sort(),
      [2021, 2022],
    )
    assert.equal(y2022.record.grade, 'C')
    assert.equal(y2022.batch_id, correction.batch_id)
    assert.equal(y2022.superseded_at, null)
    assert.ok(ms(y2022.loaded_at) > ms(original.loaded_at))

    // As it stood after the first load and before the correction: the old grade, marked with
    // when it was superseded.
    const asOf = ceilSecond(original.loaded_at)
    assert.ok(ms(asOf) < ms(y2022.loaded_at), `${asOf} is before ${y2022.loaded_at}`)
    const then = await recordsOf(e, { category: 'tax_credit_grade', as_of: asOf })
    assert.equal(then.as_of, asOf)
    assert.equal(then.uscc, e)
    assert.equal(
      then.items.length,
      1,
      `as_of ${asOf}: ${JSON.stringify(then.items)}; loaded ${original.loaded_at}, corrected ${y2022.loaded_at}`,
    )
    assert.deepEqual(then.items[0], {
      ...original,
      superseded_at: y2022.loaded_at,
    })
    assert.equal(then.items[0].batch_id, first.batch_id)

    // Before the first load: nothing.
    const earlier = await recordsOf(e, { category: 'tax_credit_grade', as_of: secondsBefore(original.loaded_at, 1) })
    assert.deepEqual(earlier.items, [])
    // A date means the end of that day in Asia/Shanghai (UTC+8).
    const old = await recordsOf(e, { as_of: '2000-01-31' })
    assert.equal(old.as_of, '2000-01-31T15:59:59.999999Z')
    assert.deepEqual(old.items, [])
  })

  it('reads GBK bodies, with the charset declared or detected, as the same text as UTF-8', async () => {
    const [e] = await freshUsccs(1)
    const row = (decision, name, content) =>
      Buffer.concat([
        Buffer.from(`${LICENSE.join(',')}\n${e},${decision},`),
        name,
        Buffer.from(',general,SAMR,2024-01-02,2024-01-02,,2024-01-05,'),
        content,
        Buffer.from('\n'),
      ])
    // No charset: not valid UTF-8, so read as GB18030.
    const detected = await pushOk('admin_license', row('XK-1', JIDU_GBK, JIDU_GBK))
    assert.deepEqual([detected.encoding, detected.accepted, detected.rejected], ['gb18030', 1, 0])
    // Declared.
    const declared = await pushOk('admin_license', row('XK-2', JIDU_GBK, Buffer.from('plain')), {
      type: 'text/csv; charset=gbk',
    })
    assert.deepEqual([declared.encoding, declared.accepted, declared.rejected], ['gb18030', 1, 0])
    const jsonGbk = Buffer.concat([
      Buffer.from(`{"uscc":"${e}","decision_number":"XK-3","license_name":"`),
      JIDU_GBK,
      Buffer.from(
        '","license_category":"other","authority":"SAMR","decision_date":"2024-02-01",' +
          '"valid_from":"2024-02-01","publication_date":"2024-02-03","content":"x"}\n',
      ),
    ])
    const json = await pushOk('admin_license', jsonGbk, { type: 'application/x-ndjson; charset=GB18030' })
    assert.deepEqual([json.encoding, json.accepted], ['gb18030', 1])

    const records = await stored(e, 'admin_license')
    const byNumber = Object.fromEntries(records.map((r) => [r.record.decision_number, r.record]))
    assert.deepEqual(Object.keys(byNumber).sort(), ['XK-1', 'XK-2', 'XK-3'])
    assert.equal(byNumber['XK-1'].license_name, '季度')
    assert.equal(byNumber['XK-1'].content, '季度')
    assert.equal(byNumber['XK-1'].valid_to, null)
    assert.equal(byNumber['XK-2'].license_name, '季度')
    assert.equal(byNumber['XK-3'].license_name, '季度')

    // The same record in UTF-8 is the same record: a duplicate.
    const utf8 = await pushOk('admin_license', row('XK-1', Buffer.from('季度'), Buffer.from('季度')))
    assert.deepEqual([utf8.encoding, utf8.duplicates, utf8.accepted], ['utf-8', 1, 0])
  })

  it('refuses a header that does not fit the category (400 naming the column) and records a failed batch', async () => {
    const source_name = `bad header ${tag()}`
    const opts = { key: provider.key, query: { source_name } }
    const unknown = await push('tax_credit_grade', csvText([...GRADE, 'bogus'], []), opts)
    assertError(unknown, 400, 'invalid_argument', ['column 5'])
    assert.equal(
      unknown.body.error.details[0].reason,
      "'bogus' is not a field of category 'tax_credit_grade' in the shared catalogue",
    )
    assert.match(unknown.body.error.message, /^the header does not match category 'tax_credit_grade': column 5: /)

    const twice = await push('tax_credit_grade', 'uscc,year,grade,year\n', opts)
    assertError(twice, 400, 'invalid_argument', ['column 4', 'evaluated_on'])
    assert.deepEqual(
      twice.body.error.details.map((d) => d.reason),
      ["'year' appears twice in the header", 'required field has no column in the header'],
    )
    // Rows after a bad header are not read at all.
    const [e] = await freshUsccs(1)
    const withRows = await push('tax_credit_grade', csvText(['uscc', 'yaer', 'grade', 'evaluated_on'], [[e, 2020, 'A', '2021-04-01']]), opts)
    assertError(withRows, 400, 'invalid_argument', ['column 2', 'year'])
    assert.deepEqual(await stored(e, 'tax_credit_grade'), [])

    assertError(await push('tax_credit_grade', '', opts), 400, 'invalid_argument')

    // Each attempt is a failed batch in the provider's reports, with the reason.
    const list = await api.get('/api/v1/ingest/batches', { key: provider.key, query: { limit: 200 } })
    const failed = list.body.items.filter((b) => b.source_name === source_name)
    assert.ok(failed.length >= 3, JSON.stringify(failed))
    for (const b of failed) {
      assert.equal(b.status, 'failed')
      assert.equal(b.rows, 0)
      assert.ok(b.error.length > 0)
    }
    assert.ok(failed.some((b) => b.error === unknown.body.error.message))
  })

  it('wants text/csv or application/x-ndjson, in UTF-8 or GBK/GB18030 (415 naming content-type)', async () => {
    const [e] = await freshUsccs(1)
    const body = csvText(GRADE, [[e, 2020, 'A', '2021-04-01']])
    for (const type of ['text/plain', 'application/json', 'text/csv; charset=latin1', 'application/x-ndjson; charset=utf-16']) {
      const res = await push('tax_credit_grade', body, { type })
      assertError(res, 415, 'unsupported_media_type', ['content-type'])
    }
    const none = await api.post('/api/v1/ingest/tax_credit_grade', { body })
    assertError(none, 415, 'unsupported_media_type', ['content-type'])
    assert.deepEqual(await stored(e, 'tax_credit_grade'), [])
    // Media type and charset in any case.
    const ok = await pushOk('tax_credit_grade', body, { type: 'Text/CSV; Charset=UTF-8' })
    assert.deepEqual([ok.encoding, ok.accepted], ['utf-8', 1])
  })

  it('answers 404 for a category not in the catalogue and 403 for the self-reported one', async () => {
    const body = csvText(GRADE, [])
    for (const category of ['nope', 'Tax', 'tax_credit']) {
      const res = await push(category, body)
      assertError(res, 404, 'not_found', [])
      assert.equal(res.body.error.message, `'${category}' is not in the shared catalogue`)
    }
    const self = await push('self_reported', body, { key: provider.key })
    assertError(self, 403, 'permission_denied', [])
    assert.match(self.body.error.message, /self-reports/)
  })

  it('rejects unknown query parameters', async () => {
    const res = await push('tax_credit_grade', csvText(GRADE, []), { query: { source: 'x' } })
    assertError(res, 400, 'invalid_argument', ['source'])
  })

  it('accepts a push over the 1 MiB limit of JSON bodies, committed in several chunks', async () => {
    const usccs = await freshUsccs(5)
    const rows = []
    for (const u of usccs)
      for (let m = 0; m < 3000; m++) {
        const period = `${1950 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`
        rows.push([u, period, 1000, 10, 5, '123456789.12', '1234567.89', '1234567.89', 0])
      }
    const header = [
      'uscc',
      'period',
      'insured_headcount',
      'added_headcount',
      'removed_headcount',
      'contribution_base_amount',
      'contributions_due_amount',
      'contributions_paid_amount',
      'arrears_months',
    ]
    const body = csvText(header, rows)
    assert.ok(Buffer.byteLength(body) > MiB)
    const sum = await pushOk('social_insurance', body, { key: provider.key })
    assert.deepEqual([sum.rows, sum.accepted, sum.rejected], [15000, 15000, 0])
    const one = await stored(usccs[4], 'social_insurance', { limit: 1 })
    assert.equal(one[0].record.period, '2199-12')
    assert.equal(one[0].record.contribution_base_amount, 12345678912)
  })

  it('answers 413 to a push over max_push_bytes (16 MiB)', async () => {
    const res = await push('tax_credit_grade', Buffer.alloc(16 * MiB + 1, 0x20))
    assert.equal(res.status, 413, res.text)
    assert.ok(['payload_too_large', 'resource_exhausted'].includes(res.body.error.code), res.text)
  })

  it('admits only admin and data_provider keys', async () => {
    const [e] = await freshUsccs(1)
    const body = csvText(GRADE, [[e, 2020, 'A', '2021-04-01']])
    for (const role of ['enterprise', 'institution', 'service_agency', 'node']) {
      const { key } = await createKey(role, role === 'enterprise' ? { uscc: e } : {})
      const res = await push('tax_credit_grade', body, { key })
      assertError(res, 403, 'permission_denied', [])
      assert.match(res.body.error.message, new RegExp(`^role ${role} may not call POST /api/v1/ingest/\\{category\\}`))
      assertError(await api.get('/api/v1/ingest/batches', { key }), 403, 'permission_denied')
    }
    assert.deepEqual(await stored(e, 'tax_credit_grade'), [])
  })

  it('still refuses a body on routes that take none', async () => {
    const res = await api.delete(`/api/v1/keys/${unknownKeyId()}`, {
      body: 'uscc\n',
      headers: { 'content-type': 'text/csv' },
    })
    assertError(res, 400, 'invalid_argument', ['body'])
  })
})

describe('GET /api/v1/ingest/batches', () => {
  let mine, theirs, mineIds, theirId
  before(async () => {
    mine = await createKey('data_provider')
    theirs = await createKey('data_provider')
    const [a, b] = await freshUsccs(2)
    const first = await pushOk('tax_credit_grade', csvText(GRADE, [[a, 2020, 'A', '2021-04-01']]), { key: mine.key })
    const second = await pushOk('tax_credit_grade', csvText(GRADE, [[a, 2020, 'Z', '2021-04-01']]), {
      key: mine.key,
    })
    const third = await pushOk('provident_fund', csvText(['uscc', 'period', 'depositors', 'deposit_amount', 'arrears_months', 'account_status'], [[a, '2024-01', 3, '3000.00', 0, 'normal']]), { key: mine.key })
    mineIds = [third.batch_id, second.batch_id, first.batch_id] // newest first
    theirId = (await pushOk('tax_credit_grade', csvText(GRADE, [[b, 2020, 'B', '2021-04-01']]), { key: theirs.key }))
      .batch_id
  })

  it('shows a data provider only its own batches, newest first', async () => {
    const res = await api.get('/api/v1/ingest/batches', { key: mine.key })
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(
      res.body.items.map((b) => b.id),
      mineIds,
    )
    assert.ok(res.body.items.every((b) => b.provider === mine.id))
    assert.equal(res.body.next_cursor, null)
    const other = await api.get('/api/v1/ingest/batches', { key: theirs.key })
    assert.deepEqual(
      other.body.items.map((b) => b.id),
      [theirId],
    )
  })

  it('answers 404 to a data provider reading another provider\'s batch or quarantine', async () => {
    assertError(await api.get(`/api/v1/ingest/batches/${theirId}`, { key: mine.key }), 404, 'not_found')
    assertError(await api.get(`/api/v1/ingest/batches/${theirId}/rejects`, { key: mine.key }), 404, 'not_found')
    assert.equal((await api.get(`/api/v1/ingest/batches/${theirId}`, { key: theirs.key })).status, 200)
    assert.equal((await api.get(`/api/v1/ingest/batches/${theirId}/rejects`, { key: theirs.key })).status, 200)
  })

  it('shows the admin every batch', async () => {
    for (const id of [...mineIds, theirId]) {
      const res = await api.get(`/api/v1/ingest/batches/${id}`)
      assert.equal(res.status, 200, res.text)
    }
    const res = await api.get('/api/v1/ingest/batches', { query: { limit: 200 } })
    const ids = res.body.items.map((b) => b.id)
    for (const id of [...mineIds, theirId]) assert.ok(ids.includes(id), id)
    // Newest first.
    assert.deepEqual(ids, [...ids].sort().reverse())
  })

  it('filters by category and pages with next_cursor', async () => {
    const grades = await api.get('/api/v1/ingest/batches', { key: mine.key, query: { category: 'tax_credit_grade' } })
    assert.deepEqual(
      grades.body.items.map((b) => b.id),
      mineIds.slice(1),
    )
    const seen = []
    let cursor
    for (let i = 0; i < 10; i++) {
      const page = await api.get('/api/v1/ingest/batches', {
        key: mine.key,
        query: { limit: 1, ...(cursor ? { cursor } : {}) },
      })
      assert.equal(page.status, 200, page.text)
      assert.ok(page.body.items.length <= 1)
      seen.push(...page.body.items.map((b) => b.id))
      cursor = page.body.next_cursor
      if (!cursor) break
    }
    assert.deepEqual(seen, mineIds)
  })

  it('answers 404 for an unknown batch and 400 for bad parameters', async () => {
    assertError(await api.get(`/api/v1/ingest/batches/${unknownKeyId()}`), 404, 'not_found')
    assertError(await api.get(`/api/v1/ingest/batches/${unknownKeyId()}/rejects`), 404, 'not_found')
    assertError(await api.get('/api/v1/ingest/batches', { query: { limit: 0 } }), 400, 'invalid_argument', ['limit'])
    assertError(await api.get('/api/v1/ingest/batches', { query: { limit: 201 } }), 400, 'invalid_argument', ['limit'])
    assertError(await api.get('/api/v1/ingest/batches', { query: { provider: 'x' } }), 400, 'invalid_argument', ['provider'])
  })
})

describe('GET /api/v1/quality', () => {
  it('counts rows, rejects and coverage per category and per provider', async () => {
    const dp = await createKey('data_provider')
    const [a, b] = await freshUsccs(2)
    const header = ['uscc', 'period', 'depositors', 'deposit_amount', 'arrears_months', 'account_status']
    const sum = await pushOk(
      'provident_fund',
      csvText(header, [
        [a, '2024-05', 12, '36000.00', 0, 'normal'],
        [b, '2024-05', 3, '9000.00', 2, 'deferred'],
        [b, '2024-04', 3, '9000.00', 0, 'frozen'],
      ]),
      { key: dp.key },
    )
    assert.deepEqual([sum.rows, sum.accepted, sum.rejected], [3, 2, 1])
    const batch = (await api.get(`/api/v1/ingest/batches/${sum.batch_id}`)).body

    const res = await api.get('/api/v1/quality')
    assert.equal(res.status, 200, res.text)
    const catalog = (await api.get('/api/v1/catalog')).body
    assert.deepEqual(
      res.body.categories.map((c) => c.category),
      catalog.categories.map((c) => c.id),
    )
    const q = res.body.categories.find((c) => c.category === 'provident_fund')
    assert.equal(q.mode, 'stored')
    assert.equal(q.name, catalog.categories.find((c) => c.id === 'provident_fund').name)
    assert.ok(q.records >= 2 && q.enterprises >= 2, JSON.stringify(q))
    assert.ok(q.rows >= 3 && q.rejected >= 1, JSON.stringify(q))
    assert.ok(q.last_period >= '2024-05', q.last_period)
    assert.ok(ms(q.last_load) >= ms(batch.finished_at))
    const registered = res.body.registered_enterprises
    assert.ok(registered >= q.enterprises)
    assert.ok(q.coverage > 0 && q.coverage <= 1)
    assert.ok(Math.abs(q.coverage - Math.round((q.enterprises / registered) * 10000) / 10000) < 1e-9, JSON.stringify(q))
    assert.ok(
      q.reject_reasons.some((r) => r.field === 'account_status' && r.reason === 'is not one of: normal, deferred, sealed' && r.count >= 1),
      JSON.stringify(q.reject_reasons),
    )
    // This provider's own line is exact.
    assert.deepEqual(
      q.providers.find((p) => p.provider === dp.id),
      { provider: dp.id, batches: 1, rows: 3, rejected: 1, last_load: batch.finished_at },
    )
  })

  it('is for admins only', async () => {
    for (const role of ['data_provider', 'institution']) {
      const { key } = await createKey(role)
      assertError(await api.get('/api/v1/quality', { key }), 403, 'permission_denied')
    }
  })
})
