// Support policies (issue 8) over HTTP: policies stored as TOML documents, refused whole with
// "<id>.toml:LINE:COLUMN" when wrong (nothing stored, the previous revision stays in force), a
// published version kept as published; each enterprise's navigation map; "policy finds people"
// runs that notify an enterprise once per policy version unless it opted out of the kind;
// 免申即享 confirmations; and the operator's take-up statistics. Every party sees only what is
// its own.
//
// The server screens on its own too (at start and every interval), and other test files share
// the database, so every policy here is fenced by a registered-capital band of its own
// (`registered_capital` in 万元, far above any seeded or other test's enterprise): only the
// enterprises a test registers inside the band can fit it. Tests assert on state (inbox
// messages, maps, statistics) rather than on the counters of one run, which a background run
// may have beaten to the work.
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { api, assertError, reasonFor } from './client.mjs'
import { createEnterprise, createKey, tag } from './fixtures.mjs'
import { makeUscc } from './uscc.mjs'

const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/** The server's day (Asia/Shanghai), which decides which version is in force. */
async function serverToday() {
  const res = await api.get('/api/v1/policies/stats')
  assert.equal(res.status, 200, res.text)
  return res.body.as_of
}

/** A fresh policy id. */
const policyId = () => `t-${tag().toLowerCase()}`

/**
 * A registered-capital band of the test's own, in 万元: `rule` is two conditions that only an
 * enterprise registered with `fen` (inside) fits; `outsideFen` is just above it.
 */
function band() {
  const low = randomInt(1_000_000, 9_000_000)
  return {
    low,
    rule: [`registered_capital >= ${low}`, `and registered_capital < ${low + 1}`],
    fen: low * 1_000_000 + 500_000,
    wan: low + 0.5,
    outsideFen: (low + 5) * 1_000_000,
  }
}

/**
 * A policy document. `versions`: [{version, from, to, rule: [lines], text, benefit: [lines]}];
 * `top`: extra top-level lines after `contact`. Every line a test points at is ASCII, so byte
 * and code point columns agree.
 */
function policySource(id, { title, kind = 'guarantee', mode = 'no_application', link, top = [], versions }) {
  const lines = [
    '# 示例政策（非真实法规文本）— 接口测试 / example policy for the API tests',
    `id = "${id}"`,
    'example = true',
    `title = "${title ?? `接口测试政策${id}（示例）`}"`,
    'issuer = "融信接口测试（示例）"',
    'level = "municipal"',
    `kind = "${kind}"`,
    'summary = "接口测试用的示例政策。"',
    'materials = ["营业执照"]',
    'contact = "融信测试 021-00000000（示例）"',
    ...top,
    '',
    '[apply]',
    `mode = "${mode}"`,
  ]
  if (mode === 'quick_apply')
    lines.push('item_code = "310000-RXT-0001"', `link = "${link ?? `https://zwdt.sh.gov.cn/govPortals/example/${id}`}"`)
  for (const v of versions) {
    lines.push('', '[[versions]]', `version = ${v.version ?? 1}`, `valid_from = ${v.from}`)
    if (v.to) lines.push(`valid_to = ${v.to}`)
    lines.push("eligibility = '''", ...v.rule, "'''", '[versions.benefit]', `text = "${v.text ?? '按规定给予补贴'}"`)
    lines.push(...(v.benefit ?? []))
  }
  return lines.join('\n') + '\n'
}

/** 1-based line and column of the first occurrence of `needle` in `source`. */
function positionOf(source, needle, { after: marker } = {}) {
  const lines = source.split('\n')
  const start = marker ? lines.findIndex((l) => l.includes(marker)) : 0
  const i = lines.findIndex((l, n) => n >= start && l.includes(needle))
  assert.ok(i >= 0, `${needle} not in the source`)
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 }
}

const savePolicy = (id, source, key) => api.put(`/api/v1/policies/${id}`, { key, json: { source } })

/** Saves `source` as policy `id` and expects `status` (201 new, 200 revised); returns the body. */
async function saveOk(id, source, status = 201) {
  const res = await savePolicy(id, source)
  assert.equal(res.status, status, res.text)
  return res.body
}

const checkPolicy = (source, id) => api.post('/api/v1/policies/check', { json: id ? { source, id } : { source } })

async function run(mode) {
  const res = await api.post('/api/v1/policies/run', { json: { mode } })
  assert.equal(res.status, 200, res.text)
  return res.body
}

/** A small enterprise registered in 2019, with its key: {uscc, key, keyId, district, industry}. */
async function enterprise(overrides = {}) {
  const e = await createEnterprise({ size: 'small', registration_date: '2019-05-20', ...overrides })
  const k = await createKey('enterprise', { uscc: e.uscc })
  return { ...e, key: k.key, keyId: k.id }
}

async function inbox(ent) {
  const res = await api.get('/api/v1/inbox', { key: ent.key, query: { limit: 200 } })
  assert.equal(res.status, 200, res.text)
  return res.body.items
}

/** The enterprise's messages of `kind` about policy `id`. */
async function messagesAbout(ent, id, kind = 'policy_eligible') {
  return (await inbox(ent)).filter((m) => m.kind === kind && m.link === `/policies?focus=${id}`)
}

// A listed credit product of a new bank, tagged with a policy kind, open to the band's enterprises.
async function listProduct({ bank: bankName, name, description, tag: policyTag, band: b }) {
  const bankId = `pol-${tag()}`.toLowerCase()
  assert.equal((await api.post('/api/v1/institutions', { json: { id: bankId, name: `${bankName}${tag()}`, kind: 'bank' } })).status, 201)
  const bank = await createKey('institution', { institution_id: bankId })
  const min = randomInt(1, 9_000_000) * 100_000
  const product = await api.post('/api/v1/market/products', {
    key: bank.key,
    json: {
      name: `${name}${tag()}`,
      type: 'credit_loan',
      description,
      amount_min_fen: min,
      amount_max_fen: min + 10_000_000,
      term_min_months: 12,
      term_max_months: 36,
      rate_min_bp: 350,
      rate_max_bp: 800,
      fee_bp: 50,
      repayment_methods: ['equal_instalment'],
      eligibility: `registered_capital >= ${b.low}`,
      policy_tags: [policyTag],
      sla_days: 5,
      status: 'listed',
    },
  })
  assert.equal(product.status, 201, product.text)
  return { product, bank, min }
}

async function mapOf(ent, key = ent.key) {
  const res = await api.get(`/api/v1/enterprises/${ent.uscc}/policy-map`, { key })
  assert.equal(res.status, 200, res.text)
  return res.body
}

const entryFor = (map, id) => {
  const e = map.policies.find((p) => p.id === id)
  assert.ok(e, `policy ${id} is not on the map of ${map.uscc}`)
  return e
}

const RANK = ['eligible', 'nearly_eligible', 'not_eligible', 'upcoming', 'expired']

describe('policy documents', () => {
  let today, b
  before(async () => {
    today = await serverToday()
    b = band()
  })

  const source = (id, overrides = {}) =>
    policySource(id, {
      versions: [
        {
          from: '2026-01-01',
          rule: [...b.rule, 'and size in ["small", "micro"]', 'and years_operating >= 2'],
          benefit: ['fixed = 1', 'rate = 0.000002', 'of = "registered_capital"', 'cap = 50'],
        },
      ],
      ...overrides,
    })

  it('saves a new policy (201), reads it back with its source, revises it (200) and lists it', async () => {
    const id = policyId()
    const text = source(id)
    const created = await saveOk(id, text, 201)
    assert.equal(created.id, id)
    assert.equal(created.revision, 1)
    assert.equal(created.source, text)
    assert.equal(created.example, true)
    assert.equal(created.kind, 'guarantee')
    assert.equal(created.level, 'municipal')
    assert.equal(created.district, '')
    assert.equal(created.status, 'active')
    assert.equal(created.version, 1)
    assert.equal(created.valid_from, '2026-01-01')
    assert.equal(created.valid_to, null)
    assert.deepEqual(created.apply, { mode: 'no_application', item_code: '', link: '' })
    assert.deepEqual(created.materials, ['营业执照'])
    assert.equal(created.versions.length, 1)
    assert.deepEqual(created.versions[0], {
      version: 1,
      valid_from: '2026-01-01',
      valid_to: null,
      eligibility: `${b.rule.join('\n')}\nand size in ["small", "micro"]\nand years_operating >= 2\n`,
      conditions: [
        `registered_capital >= ${b.low}`,
        `registered_capital < ${b.low + 1}`,
        'size in ["small", "micro"]',
        'years_operating >= 2',
      ],
      benefit: { text: '按规定给予补贴', fixed: 1, rate: 0.000002, of: 'registered_capital', cap: 50 },
    })

    const got = await api.get(`/api/v1/policies/${id}`)
    assert.equal(got.status, 200, got.text)
    assert.deepEqual(got.body, created)

    const revisedText = source(id, { title: '接口测试政策（修订，示例）' })
    const revised = await saveOk(id, revisedText, 200)
    assert.equal(revised.revision, 2)
    assert.equal(revised.title, '接口测试政策（修订，示例）')
    assert.equal(revised.source, revisedText)
    assert.ok(Date.parse(revised.updated_at) >= Date.parse(created.updated_at))
    assert.deepEqual((await api.get(`/api/v1/policies/${id}`)).body, revised)

    const list = await api.get('/api/v1/policies')
    assert.equal(list.status, 200, list.text)
    assert.ok(Array.isArray(list.body.problems), 'the operator sees the documents left out')
    const ids = list.body.policies.map((p) => p.id)
    assert.deepEqual(ids, [...ids].sort(), 'listed by id')
    const row = list.body.policies.find((p) => p.id === id)
    assert.ok(row, list.text)
    assert.equal(row.revision, 2)
    assert.equal(row.title, '接口测试政策（修订，示例）')
    assert.equal(row.status, 'active')
    assert.equal(row.version, 1)
    assert.equal(row.updated_at, revised.updated_at)
    assert.ok(!('source' in row) && !('versions' in row), 'the list is a summary')

    const me = (await api.get('/api/v1/me')).body
    const revisions = await api.get(`/api/v1/policies/${id}/revisions`)
    assert.equal(revisions.status, 200, revisions.text)
    assert.deepEqual(
      revisions.body.revisions.map((r) => [r.revision, r.created_by]),
      [
        [2, me.key_id],
        [1, me.key_id],
      ],
    )
    assert.equal(revisions.body.revisions[0].created_at, revised.updated_at)
    assert.equal(revisions.body.revisions[1].created_at, created.updated_at)
  })

  it('answers 404 for an unknown policy and 400 for a document whose id is not the path', async () => {
    const id = policyId()
    assertError(await api.get(`/api/v1/policies/${id}`), 404, 'not_found')
    assertError(await api.get(`/api/v1/policies/${id}/revisions`), 404, 'not_found')
    const other = policyId()
    const res = await savePolicy(id, source(other))
    assertError(res, 400, 'invalid_argument', ['id'])
    assert.match(reasonFor(res, 'id'), new RegExp(`^${id}\\.toml:2:6: '${other}' does not match the file name '${id}\\.toml'$`))
    assertError(await api.get(`/api/v1/policies/${id}`), 404, 'not_found')
    assertError(await savePolicy(id, undefined), 400, 'invalid_argument', ['source'])
    assertError(await api.put(`/api/v1/policies/${id}`, { json: { source: source(id), colour: 'red' } }), 400, 'invalid_argument', ['colour'])
    assertError(await api.get(`/api/v1/policies/${id}`), 404, 'not_found')
  })

  it('refuses a bad document whole, at file:line:column, stores nothing and keeps the revision in force', async () => {
    const id = policyId()
    const good = source(id)
    const stored = await saveOk(id, good, 201)
    const ok = await checkPolicy(good)
    assert.equal(ok.status, 200, ok.text)
    assert.deepEqual(ok.body, { ok: true, errors: [] })

    const rule = (...extra) => [...b.rule, ...extra]
    const v1 = (overrides) => ({ from: '2026-01-01', rule: rule('and size == "small"'), ...overrides })
    const cases = [
      {
        name: 'an unknown attribute',
        text: source(id, { versions: [v1({ rule: rule('and sise == "small"') })] }),
        field: 'versions[0].eligibility',
        at: 'sise',
        message: /^unknown attribute 'sise'; did you mean 'size'\?$/,
      },
      {
        name: 'a grade compared to a number',
        text: source(id, { versions: [v1({ rule: rule('and composite_grade >= 2') })] }),
        field: 'versions[0].eligibility',
        at: '2',
        after: 'composite_grade',
        message: /'composite_grade' is a grade/,
      },
      {
        name: 'an invalid date',
        text: source(id, { versions: [v1({ from: '"2026-02-30"' })] }),
        field: 'versions[0].valid_from',
        at: '"2026-02-30"',
        message: /^'2026-02-30' is not a valid date \(YYYY-MM-DD\)$/,
      },
      {
        name: 'overlapping versions',
        text: source(id, {
          versions: [v1(), { version: 2, from: addDays(today, 30), rule: rule('and size == "micro"') }],
        }),
        // The message names the second version and sits at its `version = 2`.
        field: 'versions[1].valid_from',
        at: '2',
        after: 'version = 2',
        message: /^version 2 \(from \d{4}-\d{2}-\d{2}\) overlaps version 1 \(2026-01-01 to open-ended\); end version 1 with a valid_to before/,
      },
      {
        name: 'an unknown key',
        text: source(id, { top: ['colour = "red"'] }),
        field: 'colour',
        at: 'colour',
        message: /^unknown key$/,
      },
      {
        name: 'a link that is not https',
        text: source(id, { mode: 'quick_apply', link: 'http://zwdt.sh.gov.cn/x' }),
        field: 'apply.link',
        at: '"http://',
        message: /^must be an https:\/\/ address$/,
      },
    ]
    for (const c of cases) {
      const { line, column } = positionOf(c.text, c.at, { after: c.after })
      const res = await savePolicy(id, c.text)
      assertError(res, 400, 'invalid_argument', [c.field])
      const reason = reasonFor(res, c.field)
      const prefix = `${id}.toml:${line}:${column}: `
      assert.ok(reason.startsWith(prefix), `${c.name}: ${reason} should start with ${prefix}`)
      assert.match(reason.slice(prefix.length), c.message, c.name)

      const checked = await checkPolicy(c.text)
      assert.equal(checked.status, 200, checked.text)
      assert.equal(checked.body.ok, false, c.name)
      assert.equal(checked.body.errors.length, 1, checked.text)
      const [e] = checked.body.errors
      assert.deepEqual({ field: e.field, line: e.line, column: e.column }, { field: c.field, line, column }, c.name)
      assert.equal(e.message, reason.slice(prefix.length), c.name)
    }

    // TOML itself refuses 30 February: a syntax error on that line.
    const syntax = source(id, { versions: [v1({ from: '2026-02-30' })] })
    const { line } = positionOf(syntax, 'valid_from = 2026-02-30')
    const res = await savePolicy(id, syntax)
    assertError(res, 400, 'invalid_argument', ['policy'])
    assert.match(reasonFor(res, 'policy'), new RegExp(`^${id}\\.toml:${line}:\\d+: .*date`))
    const checked = await checkPolicy(syntax)
    assert.equal(checked.body.ok, false)
    assert.equal(checked.body.errors[0].line, line)

    // Several problems at once: every one is named.
    const many = source(id, { top: ['colour = "red"'], versions: [v1({ rule: rule('and sise == "small"') })] })
    const both = await savePolicy(id, many)
    assertError(both, 400, 'invalid_argument', ['versions[0].eligibility', 'colour'])
    assert.equal((await checkPolicy(many)).body.errors.length, 2)

    const after = await api.get(`/api/v1/policies/${id}`)
    assert.equal(after.status, 200, after.text)
    assert.deepEqual(after.body, stored, 'nothing was stored')
    const revisions = await api.get(`/api/v1/policies/${id}/revisions`)
    assert.deepEqual(
      revisions.body.revisions.map((r) => r.revision),
      [1],
    )
  })

  it('checks a document as the policy named in the request, or the one it declares', async () => {
    const id = policyId()
    const text = source(id)
    assert.deepEqual((await checkPolicy(text)).body, { ok: true, errors: [] })
    assert.deepEqual((await checkPolicy(text, id)).body, { ok: true, errors: [] })
    const other = policyId()
    const res = await checkPolicy(text, other)
    assert.equal(res.body.ok, false)
    assert.deepEqual(
      res.body.errors.map((e) => [e.field, e.line, e.column]),
      [['id', 2, 6]],
    )
    assert.match(res.body.errors[0].message, new RegExp(`does not match the file name '${other}\\.toml'`))
    const broken = await checkPolicy('id = [\n')
    assert.equal(broken.body.ok, false)
    assert.deepEqual(broken.body.errors.map((e) => [e.field, e.line]), [['policy', 1]])
    assertError(await api.post('/api/v1/policies/check', { json: {} }), 400, 'invalid_argument', ['source'])
    assertError(await api.post('/api/v1/policies/check', { json: { source: 5 } }), 400, 'invalid_argument', ['source'])
    assertError(await api.get(`/api/v1/policies/${id}`), 404, 'not_found')
  })

  it('keeps a version in force as published: only valid_to may end it, and a new version may follow', async () => {
    const id = policyId()
    const from = addDays(today, -30)
    const rule = [...b.rule, 'and size == "small"']
    const v1 = { from, rule, text: '一次性补贴5万元', benefit: ['fixed = 5'] }
    const stored = await saveOk(id, source(id, { versions: [v1] }), 201)

    const changed = source(id, { versions: [{ ...v1, rule: [...b.rule, 'and size == "micro"'] }] })
    const { line, column } = positionOf(changed, '1', { after: 'version = 1' })
    let res = await savePolicy(id, changed)
    assertError(res, 400, 'invalid_argument', ['versions[0].eligibility'])
    assert.equal(
      reasonFor(res, 'versions[0].eligibility'),
      `${id}.toml:${line}:${column}: version 1 has been in force since ${from}; its eligibility cannot change. Add version 2 instead`,
    )
    const checked = await checkPolicy(changed)
    assert.deepEqual(
      checked.body.errors.map((e) => [e.field, e.line, e.column]),
      [['versions[0].eligibility', line, column]],
    )
    res = await savePolicy(id, source(id, { versions: [{ ...v1, benefit: ['fixed = 8'] }] }))
    assertError(res, 400, 'invalid_argument', ['versions[0].benefit'])
    res = await savePolicy(id, source(id, { versions: [{ ...v1, from: addDays(from, 1) }] }))
    assertError(res, 400, 'invalid_argument', ['versions[0].valid_from'])
    res = await savePolicy(id, source(id, { versions: [{ ...v1, to: addDays(today, -1) }] }))
    assertError(res, 400, 'invalid_argument', ['versions[0].valid_to'])
    assert.match(reasonFor(res, 'versions[0].valid_to'), new RegExp(`cannot end in the past .*it can end today, ${today}, at the earliest`))
    res = await savePolicy(id, source(id, { versions: [{ ...v1, version: 2 }] }))
    assertError(res, 400, 'invalid_argument', ['versions'])
    assert.match(reasonFor(res, 'versions'), /version 1 has been in force since .* cannot be removed; end it with valid_to instead/)
    assert.deepEqual((await api.get(`/api/v1/policies/${id}`)).body, stored, 'still revision 1')

    // End version 1 today; version 2, with other terms, from tomorrow.
    const next = source(id, {
      versions: [
        { ...v1, to: today },
        { version: 2, from: addDays(today, 1), rule: [...b.rule, 'and size == "micro"'], text: '一次性补贴8万元', benefit: ['fixed = 8'] },
      ],
    })
    assert.deepEqual((await checkPolicy(next)).body, { ok: true, errors: [] })
    const saved = await saveOk(id, next, 200)
    assert.equal(saved.revision, 2)
    assert.equal(saved.status, 'active')
    assert.equal(saved.version, 1, 'version 1 is still in force today')
    assert.equal(saved.valid_to, today)
    assert.deepEqual(
      saved.versions.map((v) => [v.version, v.valid_from, v.valid_to, v.benefit.fixed]),
      [
        [1, from, today, 5],
        [2, addDays(today, 1), null, 8],
      ],
    )
    // Version 2 has not started: it may still change, or go.
    const withoutV2 = source(id, { versions: [{ ...v1, to: today }] })
    assert.equal((await saveOk(id, withoutV2, 200)).versions.length, 1)
  })
})

describe('who may read and change policies', () => {
  let id, ent, other, inst
  before(async () => {
    const b = band()
    id = policyId()
    await saveOk(id, policySource(id, { versions: [{ from: '2026-01-01', rule: [...b.rule] }] }))
    ent = await enterprise()
    other = await enterprise()
    inst = await createKey('institution')
  })

  it('lets every role read the policies, and only the operator change, check, run or count them', async () => {
    for (const key of [ent.key, inst.key]) {
      const list = await api.get('/api/v1/policies', { key })
      assert.equal(list.status, 200, list.text)
      assert.ok(list.body.policies.some((p) => p.id === id))
      assert.ok(!('problems' in list.body), 'only the operator sees load problems')
      const one = await api.get(`/api/v1/policies/${id}`, { key })
      assert.equal(one.status, 200, one.text)
      assert.equal(one.body.id, id)

      const text = policySource(id, { versions: [{ from: '2026-01-01', rule: ['size == "small"'] }] })
      assertError(await savePolicy(id, text, key), 403, 'permission_denied')
      assertError(await api.post('/api/v1/policies/check', { key, json: { source: text } }), 403, 'permission_denied')
      assertError(await api.post('/api/v1/policies/run', { key, json: { mode: 'full' } }), 403, 'permission_denied')
      assertError(await api.get('/api/v1/policies/runs', { key }), 403, 'permission_denied')
      assertError(await api.get('/api/v1/policies/stats', { key }), 403, 'permission_denied')
      assertError(await api.get(`/api/v1/policies/${id}/revisions`, { key }), 403, 'permission_denied')
    }
    assert.equal((await api.get(`/api/v1/policies/${id}`)).body.revision, 1, 'nothing changed')
  })

  it('shows a map only to its enterprise and the operator', async () => {
    assert.equal((await mapOf(ent)).uscc, ent.uscc)
    assert.equal((await mapOf(ent, undefined)).uscc, ent.uscc, 'the operator')
    const res = await api.get(`/api/v1/enterprises/${other.uscc}/policy-map`, { key: ent.key })
    assertError(res, 403, 'permission_denied')
    assertError(await api.get(`/api/v1/enterprises/${ent.uscc}/policy-map`, { key: inst.key }), 403, 'permission_denied')
    assertError(await api.get('/api/v1/enterprises/123/policy-map'), 400, 'invalid_argument', ['uscc'])
  })

  it('lets only the enterprise itself confirm or set preferences; the operator reads them', async () => {
    assertError(await api.post(`/api/v1/enterprises/${other.uscc}/policies/${id}/confirm`, { key: ent.key }), 403, 'permission_denied')
    assertError(await api.post(`/api/v1/enterprises/${ent.uscc}/policies/${id}/confirm`), 403, 'permission_denied')
    assertError(
      await api.post(`/api/v1/enterprises/${ent.uscc}/policies/${id}/confirm`, { key: inst.key }),
      403,
      'permission_denied',
    )
    const prefs = { opted_out_kinds: ['guarantee'] }
    assertError(await api.put(`/api/v1/enterprises/${ent.uscc}/policy-preferences`, { json: prefs }), 403, 'permission_denied')
    assertError(
      await api.put(`/api/v1/enterprises/${other.uscc}/policy-preferences`, { key: ent.key, json: prefs }),
      403,
      'permission_denied',
    )
    assertError(await api.get(`/api/v1/enterprises/${other.uscc}/policy-preferences`, { key: ent.key }), 403, 'permission_denied')
    assertError(await api.get(`/api/v1/enterprises/${ent.uscc}/policy-preferences`, { key: inst.key }), 403, 'permission_denied')
    const admin = await api.get(`/api/v1/enterprises/${other.uscc}/policy-preferences`)
    assert.equal(admin.status, 200, admin.text)
    assert.deepEqual(admin.body, { opted_out_kinds: [] })
  })
})

describe('the navigation map', () => {
  it('places the enterprise with every policy: eligible with its estimate, nearly eligible naming what fails, not eligible, upcoming, expired', async () => {
    const today = await serverToday()
    const b = band()
    const ent = await enterprise({ registered_capital_fen: b.fen, district: '310107', industry: 'C39' })
    const ids = {
      eligible: policyId(),
      cheaper: policyId(),
      nearly: policyId(),
      unknown: policyId(),
      not: policyId(),
      upcoming: policyId(),
      expired: policyId(),
    }
    const v = (rule, benefit = [], more = {}) => ({ from: '2026-01-01', rule: [...b.rule, ...rule], benefit, ...more })
    await saveOk(ids.eligible, policySource(ids.eligible, {
      versions: [v(['and size == "small"', 'and years_operating >= 2'], ['fixed = 3', 'rate = 0.000002', 'of = "registered_capital"', 'cap = 100'])],
    }))
    await saveOk(ids.cheaper, policySource(ids.cheaper, { kind: 'sci_tech', versions: [v(['and size == "small"'], ['cap = 1'])] }))
    await saveOk(ids.nearly, policySource(ids.nearly, {
      versions: [v(['and size == "small"', 'and loan_count >= 1'], ['fixed = 2'])],
    }))
    await saveOk(ids.unknown, policySource(ids.unknown, { versions: [v(['and composite_grade >= "B"'])] }))
    await saveOk(ids.not, policySource(ids.not, {
      versions: [v(['and loan_count >= 1', 'and years_operating >= 80', 'and size == "large"'])],
    }))
    await saveOk(ids.upcoming, policySource(ids.upcoming, { versions: [v([], [], { from: addDays(today, 400) })] }))
    await saveOk(ids.expired, policySource(ids.expired, { versions: [v([], [], { from: '2020-01-01', to: '2020-12-31' })] }))

    const map = await mapOf(ent)
    assert.equal(map.uscc, ent.uscc)
    assert.equal(map.as_of, today)
    const count = (s) => map.policies.filter((p) => p.status === s).length
    for (const s of RANK) assert.equal(map.counts[s], count(s), `counts.${s}`)
    assert.equal(
      RANK.reduce((n, s) => n + map.counts[s], 0),
      map.policies.length,
      'the counts add up to the policies',
    )
    // Ordered by status, then by estimate (larger first), then by id.
    for (let i = 1; i < map.policies.length; i++) {
      const [a, z] = [map.policies[i - 1], map.policies[i]]
      const ra = RANK.indexOf(a.status)
      const rz = RANK.indexOf(z.status)
      assert.ok(ra <= rz, `${a.id} (${a.status}) before ${z.id} (${z.status})`)
      if (ra === rz) {
        const [ea, ez] = [a.benefit.estimate_wan ?? -1, z.benefit.estimate_wan ?? -1]
        assert.ok(ea > ez || (ea === ez && a.id < z.id), `${a.id} before ${z.id}`)
      }
    }

    const eligible = entryFor(map, ids.eligible)
    assert.equal(eligible.status, 'eligible')
    assert.equal(eligible.version, 1)
    assert.equal(eligible.valid_from, '2026-01-01')
    assert.equal(eligible.benefit.text, '按规定给予补贴')
    assert.equal(eligible.benefit.estimate_wan, Math.round((3 + 0.000002 * b.wan) * 100) / 100)
    assert.deepEqual(eligible.failing, [])
    assert.deepEqual(
      eligible.conditions.map((c) => [c.text, c.truth]),
      [
        [`registered_capital >= ${b.low}`, 'true'],
        [`registered_capital < ${b.low + 1}`, 'true'],
        ['size == "small"', 'true'],
        ['years_operating >= 2', 'true'],
      ],
    )
    const capital = eligible.conditions[0].values[0]
    assert.deepEqual(
      { name: capital.name, label: capital.label, unit: capital.unit, value: capital.value },
      { name: 'registered_capital', label: '注册资本', unit: '万元', value: String(b.wan) },
    )
    assert.deepEqual(eligible.apply, { mode: 'no_application', item_code: '', link: '' })
    assert.deepEqual(eligible.materials, ['营业执照'])
    assert.equal(eligible.granted_at, null)
    const cheaper = entryFor(map, ids.cheaper)
    assert.equal(cheaper.status, 'eligible')
    assert.equal(cheaper.benefit.estimate_wan, 1, 'a cap alone is the estimate')
    assert.ok(map.policies.indexOf(eligible) < map.policies.indexOf(cheaper), 'the larger estimate first')

    const nearly = entryFor(map, ids.nearly)
    assert.equal(nearly.status, 'nearly_eligible')
    assert.equal(nearly.benefit.estimate_wan, 2)
    assert.deepEqual(nearly.failing, [
      {
        text: 'loan_count >= 1',
        truth: 'false',
        values: [{ name: 'loan_count', label: '平台贷款笔数', label_en: 'Loans disbursed on the platform', unit: '笔', value: '0' }],
      },
    ])
    assert.equal(nearly.conditions.length, 4)
    const unknown = entryFor(map, ids.unknown)
    assert.equal(unknown.status, 'nearly_eligible', 'no data is not a pass')
    assert.deepEqual(
      unknown.failing.map((c) => [c.text, c.truth, c.values[0].value]),
      [['composite_grade >= "B"', 'unknown', null]],
    )
    assert.equal(unknown.benefit.estimate_wan, null, 'text only')
    const not = entryFor(map, ids.not)
    assert.equal(not.status, 'not_eligible')
    assert.deepEqual(
      not.failing.map((c) => c.text),
      ['loan_count >= 1', 'years_operating >= 80', 'size == "large"'],
    )

    for (const [id, status] of [
      [ids.upcoming, 'upcoming'],
      [ids.expired, 'expired'],
    ]) {
      const e = entryFor(map, id)
      assert.equal(e.status, status)
      assert.equal(e.version, null)
      assert.deepEqual(e.conditions, [])
      assert.deepEqual(e.failing, [])
      assert.equal(e.benefit.estimate_wan, null)
    }
    const list = (await api.get('/api/v1/policies')).body.policies
    assert.deepEqual(
      [ids.eligible, ids.upcoming, ids.expired].map((id) => {
        const p = list.find((x) => x.id === id)
        return [p.status, p.version]
      }),
      [
        ['active', 1],
        ['upcoming', null],
        ['expired', null],
      ],
    )

    // Another enterprise, outside the band, is not eligible for any of them.
    const outside = await enterprise({ registered_capital_fen: b.outsideFen })
    const theirs = await mapOf(outside)
    assert.deepEqual(
      [ids.eligible, ids.not].map((id) => entryFor(theirs, id).status),
      ['nearly_eligible', 'not_eligible'],
    )
    assert.deepEqual(
      entryFor(theirs, ids.eligible).failing.map((c) => [c.text, c.truth, c.values[0].value]),
      [[`registered_capital < ${b.low + 1}`, 'false', String(b.low + 5)]],
    )
    assertError(
      await api.get(`/api/v1/enterprises/${outside.uscc}/policy-map`, { query: { status: 'eligible' } }),
      400,
      'invalid_argument',
      ['status'],
    )
  })

  it('answers 404 for an enterprise that is not registered', async () => {
    const ent = await enterprise()
    assertError(await api.get(`/api/v1/enterprises/${makeUscc()}/policy-map`), 404, 'not_found')
    assert.equal((await mapOf(ent)).uscc, ent.uscc)
  })
})

describe('policy finds people', () => {
  it('notifies a fitting enterprise once, in its inbox, linking to the policy', async () => {
    const b = band()
    const ent = await enterprise({ registered_capital_fen: b.fen })
    const outside = await enterprise({ registered_capital_fen: b.outsideFen })
    const id = policyId()
    const title = `政策找人测试${id}（示例）`
    await saveOk(id, policySource(id, {
      title,
      kind: 'interest_subsidy',
      mode: 'quick_apply',
      versions: [{ from: '2026-01-01', rule: [...b.rule, 'and size == "small"'], text: '按实际支付利息的50%给予贴息' }],
    }))
    const full = await run('full')
    assert.equal(full.mode, 'full')
    assert.ok(full.enterprises >= 2 && full.policies >= 1, JSON.stringify(full))
    for (const k of ['eligible', 'newly_eligible', 'notified', 'suppressed']) assert.ok(full[k] >= 0, k)
    assert.ok(Date.parse(full.finished_at) >= Date.parse(full.started_at))

    const messages = await messagesAbout(ent, id)
    assert.equal(messages.length, 1, JSON.stringify(await inbox(ent)))
    const [m] = messages
    assert.equal(m.title, `政策找人：您可能符合「${title}」`)
    assert.match(m.body, /按实际支付利息的50%给予贴息/)
    assert.match(m.body, /快申快享.*310000-RXT-0001/)
    assert.equal(m.read_at, null)
    assert.deepEqual(await messagesAbout(outside, id), [])
    const entry = entryFor(await mapOf(ent), id)
    assert.equal(entry.status, 'eligible')
    assert.ok(Math.abs(Date.parse(entry.notified_at) - Date.parse(m.created_at)) < 1000)
    assert.equal(entryFor(await mapOf(outside), id).notified_at, null)

    // Running again, fully or incrementally, notifies nobody again.
    await run('full')
    await run('incremental')
    await run('full')
    assert.equal((await messagesAbout(ent, id)).length, 1)
    assert.deepEqual(await messagesAbout(outside, id), [])

    const runs = await api.get('/api/v1/policies/runs')
    assert.equal(runs.status, 200, runs.text)
    assert.ok(runs.body.runs.length <= 20)
    assert.ok(runs.body.runs.some((r) => r.id === full.id), 'the run is recorded')
    const starts = runs.body.runs.map((r) => Date.parse(r.started_at))
    assert.deepEqual(starts, [...starts].sort((x, y) => y - x), 'newest first')
  })

  it('notifies once per policy version: a new revision or a version that follows does not notify again', async () => {
    const today = await serverToday()
    const b = band()
    const ent = await enterprise({ registered_capital_fen: b.fen })
    const id = policyId()
    const rule = [...b.rule, 'and size == "small"']
    const v1 = { from: addDays(today, -10), rule }
    await saveOk(id, policySource(id, { versions: [v1] }))
    await run('full')
    assert.equal((await messagesAbout(ent, id)).length, 1)

    // Revision 2: version 1 ends today, version 2 (the same terms) starts tomorrow.
    await saveOk(id, policySource(id, { title: '改版后的测试政策（示例）', versions: [{ ...v1, to: today }, { version: 2, from: addDays(today, 1), rule }] }), 200)
    await run('full')
    await run('incremental')
    assert.equal((await messagesAbout(ent, id)).length, 1, 'the same version in force: no second message')
    const entry = entryFor(await mapOf(ent), id)
    assert.deepEqual([entry.status, entry.version, entry.valid_to], ['eligible', 1, today])
    assert.ok(entry.notified_at)

    // Only the version in force today counts: version 1 ended yesterday and fitted; version 2,
    // in force, does not.
    const w = policyId()
    await saveOk(w, policySource(w, {
      versions: [
        { from: '2025-01-01', to: addDays(today, -1), rule },
        { version: 2, from: today, rule: [...rule, 'and loan_count >= 1'] },
      ],
    }))
    await run('full')
    assert.deepEqual(await messagesAbout(ent, w), [])
    const wEntry = entryFor(await mapOf(ent), w)
    assert.deepEqual(
      [wEntry.status, wEntry.version, wEntry.valid_from, wEntry.notified_at],
      ['nearly_eligible', 2, today, null],
    )
  })

  it('finds in an incremental run the enterprises whose data changed', async () => {
    const b = band()
    const id = policyId()
    await saveOk(id, policySource(id, { versions: [{ from: '2026-01-01', rule: [...b.rule, 'and size in ["small", "micro"]'] }] }))
    const moved = await enterprise({ registered_capital_fen: b.outsideFen })
    const day = await serverToday()
    await run('full')
    assert.deepEqual(await messagesAbout(moved, id), [])

    // The registry changes: its capital moves into the band; and a new enterprise registers in it.
    const patched = await api.patch(`/api/v1/enterprises/${moved.uscc}`, { json: { registered_capital_fen: b.fen } })
    assert.equal(patched.status, 200, patched.text)
    const fresh = await enterprise({ registered_capital_fen: b.fen, size: 'micro' })
    const inc = await run('incremental')
    // A day that turned meanwhile makes it a full run; so would a policy saved meanwhile (none is).
    if ((await serverToday()) === day) assert.equal(inc.mode, 'incremental', JSON.stringify(inc))
    assert.ok(inc.enterprises >= 1, JSON.stringify(inc))
    assert.equal((await messagesAbout(moved, id)).length, 1)
    assert.equal((await messagesAbout(fresh, id)).length, 1)

    // Out of the band and back: the same version is not notified twice.
    for (const fen of [b.outsideFen, b.fen]) {
      assert.equal((await api.patch(`/api/v1/enterprises/${moved.uscc}`, { json: { registered_capital_fen: fen } })).status, 200)
      await run('incremental')
    }
    assert.equal((await messagesAbout(moved, id)).length, 1)
    assert.equal(entryFor(await mapOf(moved), id).status, 'eligible')
  })

  it('validates the run request', async () => {
    assertError(await api.post('/api/v1/policies/run', { json: { mode: 'fast' } }), 400, 'invalid_argument', ['mode'])
    assertError(await api.post('/api/v1/policies/run', { json: { mode: 'full', colour: 'red' } }), 400, 'invalid_argument', ['colour'])
    const r = await run(undefined) // mode defaults to incremental (full when the state is stale)
    assert.ok(['incremental', 'full'].includes(r.mode))
    assertError(await api.get('/api/v1/policies/runs', { query: { limit: 5 } }), 400, 'invalid_argument', ['limit'])
  })
})

describe('notification preferences', () => {
  it('suppresses notifications of the kinds the enterprise opted out of, and only those', async () => {
    const b = band()
    const ent = await enterprise({ registered_capital_fen: b.fen })
    const path = `/api/v1/enterprises/${ent.uscc}/policy-preferences`
    assert.deepEqual((await api.get(path, { key: ent.key })).body, { opted_out_kinds: [] })
    let res = await api.put(path, { key: ent.key, json: { opted_out_kinds: ['sci_tech', 'guarantee', 'sci_tech'] } })
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(res.body, { opted_out_kinds: ['guarantee', 'sci_tech'] })
    res = await api.put(path, { key: ent.key, json: { opted_out_kinds: ['sci_tech'] } })
    assert.deepEqual(res.body, { opted_out_kinds: ['sci_tech'] }, 'the list is replaced')

    res = await api.put(path, { key: ent.key, json: { opted_out_kinds: ['guarantee', 'free_money'] } })
    assertError(res, 400, 'invalid_argument', ['opted_out_kinds[1]'])
    assert.match(reasonFor(res, 'opted_out_kinds[1]'), /^'free_money' is not one of risk_compensation, guarantee/)
    assertError(await api.put(path, { key: ent.key, json: {} }), 400, 'invalid_argument', ['opted_out_kinds'])
    assertError(await api.put(path, { key: ent.key, json: { opted_out_kinds: 'sci_tech' } }), 400, 'invalid_argument', ['opted_out_kinds'])
    assert.deepEqual((await api.get(path, { key: ent.key })).body, { opted_out_kinds: ['sci_tech'] }, 'unchanged')
    assert.deepEqual((await api.get(path)).body, { opted_out_kinds: ['sci_tech'] }, 'the operator reads it')

    // Two policies fit: one of the kind it opted out of, one of another kind.
    const quiet = policyId()
    const loud = policyId()
    const startedAfter = Date.now() - 5_000
    await saveOk(quiet, policySource(quiet, { kind: 'sci_tech', versions: [{ from: '2026-01-01', rule: b.rule }] }))
    await saveOk(loud, policySource(loud, { kind: 'interest_subsidy', versions: [{ from: '2026-01-01', rule: b.rule }] }))
    await run('full')
    assert.deepEqual(await messagesAbout(ent, quiet), [])
    assert.equal((await messagesAbout(ent, loud)).length, 1)
    const map = await mapOf(ent)
    assert.equal(entryFor(map, quiet).status, 'eligible', 'the map still shows it')
    assert.equal(entryFor(map, quiet).notified_at, null)
    assert.ok(entryFor(map, loud).notified_at)
    // Whichever run found the pair (this one or the server's own) counted it as suppressed.
    const runs = (await api.get('/api/v1/policies/runs')).body.runs
    assert.ok(
      runs.some((r) => Date.parse(r.started_at) >= startedAfter && r.suppressed >= 1),
      JSON.stringify(runs.slice(0, 5)),
    )
    const stats = (await api.get('/api/v1/policies/stats')).body.policies
    const row = stats.find((p) => p.id === quiet)
    assert.deepEqual([row.eligible, row.notified], [1, 0])
  })
})

describe('免申即享', () => {
  it('records a confirmation once, with its estimate, for an eligible enterprise and a no-application policy', async () => {
    const b = band()
    const ent = await enterprise({ registered_capital_fen: b.fen })
    const [grant, quick, strict, expired] = [policyId(), policyId(), policyId(), policyId()]
    const title = `免申即享测试${grant}（示例）`
    await saveOk(grant, policySource(grant, {
      title,
      versions: [{ from: '2026-01-01', rule: [...b.rule, 'and size == "small"'], text: '一次性补贴', benefit: ['fixed = 6', 'cap = 5'] }],
    }))
    await saveOk(quick, policySource(quick, { mode: 'quick_apply', versions: [{ from: '2026-01-01', rule: b.rule }] }))
    await saveOk(strict, policySource(strict, {
      versions: [{ from: '2026-01-01', rule: [...b.rule, 'and loan_count >= 1', 'and composite_grade >= "B"'] }],
    }))
    await saveOk(expired, policySource(expired, { versions: [{ from: '2020-01-01', to: '2020-12-31', rule: b.rule }] }))
    const confirm = (id) => api.post(`/api/v1/enterprises/${ent.uscc}/policies/${id}/confirm`, { key: ent.key })

    const res = await confirm(grant)
    assert.equal(res.status, 201, res.text)
    assert.equal(res.body.policy_id, grant)
    assert.equal(res.body.version, 1)
    assert.equal(res.body.estimate_wan, 5, 'fixed 6 capped at 5')
    assert.ok(Math.abs(Date.parse(res.body.granted_at) - Date.now()) < 60_000)
    const again = await confirm(grant)
    assertError(again, 409, 'already_exists')
    assert.match(again.body.error.message, /already confirmed/)

    const entry = entryFor(await mapOf(ent), grant)
    assert.equal(entry.granted_at, res.body.granted_at)
    const granted = await messagesAbout(ent, grant, 'policy_granted')
    assert.equal(granted.length, 1, JSON.stringify(await inbox(ent)))
    assert.equal(granted[0].title, `免申即享已确认：${title}`)
    assert.match(granted[0].body, /一次性补贴/)

    const q = await confirm(quick)
    assertError(q, 409, 'failed_precondition', [])
    assert.match(q.body.error.message, /needs an application \(快申快享\); apply through item 310000-RXT-0001/)
    const s = await confirm(strict)
    assertError(s, 409, 'failed_precondition', ['loan_count >= 1', 'composite_grade >= "B"'])
    assert.equal(reasonFor(s, 'loan_count >= 1'), 'not met (loan_count = 0)')
    assert.equal(reasonFor(s, 'composite_grade >= "B"'), 'no data (composite_grade = 无数据)')
    assert.match(s.body.error.message, new RegExp(`enterprise ${ent.uscc} does not meet policy ${strict} today`))
    const e = await confirm(expired)
    assertError(e, 409, 'failed_precondition')
    assert.match(e.body.error.message, /is not in force/)
    assertError(await confirm(policyId()), 404, 'not_found')

    const map = await mapOf(ent)
    for (const id of [quick, strict, expired]) assert.equal(entryFor(map, id).granted_at, null, id)
    assert.deepEqual(await messagesAbout(ent, strict, 'policy_granted'), [])
  })
})

describe('take-up statistics', () => {
  const products = [] // [{id, key}], retired when done
  after(async () => {
    for (const p of products)
      await api.post(`/api/v1/market/products/${p.id}/status`, { key: p.key, json: { status: 'retired' } })
  })

  it('counts eligible, notified, applied and granted per policy and by district or industry', async () => {
    const b = band()
    const [putuo, pudong] = [
      await enterprise({ registered_capital_fen: b.fen, district: '310107', industry: 'C39' }),
      await enterprise({ registered_capital_fen: b.fen, district: '310115', industry: 'I65' }),
    ]
    const granted = policyId()
    const applied = policyId()
    await saveOk(granted, policySource(granted, { kind: 'guarantee', versions: [{ from: '2026-01-01', rule: b.rule, benefit: ['fixed = 2'] }] }))
    await saveOk(applied, policySource(applied, { kind: 'first_loan', mode: 'quick_apply', versions: [{ from: '2026-01-01', rule: b.rule }] }))
    await run('full')
    for (const ent of [putuo, pudong])
      for (const id of [granted, applied]) assert.equal((await messagesAbout(ent, id)).length, 1, `${ent.uscc} ${id}`)

    // One confirms the no-application policy; the other applies for a first-loan product.
    assert.equal((await api.post(`/api/v1/enterprises/${putuo.uscc}/policies/${granted}/confirm`, { key: putuo.key })).status, 201)
    const { product, bank, min } = await listProduct({ bank: '政策测试银行', name: '首贷通', description: '首贷户信用贷款', tag: 'first_loan', band: b })
    products.push({ id: product.body.id, key: bank.key })
    const application = await api.post(`/api/v1/enterprises/${pudong.uscc}/applications`, {
      key: pudong.key,
      json: { product_ids: [product.body.id], amount_fen: min + 5_000_000, term_months: 24, purpose: '首笔经营贷款' },
    })
    assert.equal(application.status, 201, application.text)

    const stats = await api.get('/api/v1/policies/stats')
    assert.equal(stats.status, 200, stats.text)
    assert.equal(stats.body.as_of, await serverToday())
    const row = (id) => {
      const r = stats.body.policies.find((p) => p.id === id)
      assert.ok(r, `${id} in ${stats.text.slice(0, 500)}`)
      return r
    }
    assert.deepEqual(row(granted), {
      id: granted,
      title: `接口测试政策${granted}（示例）`,
      title_en: '',
      kind: 'guarantee',
      level: 'municipal',
      version: 1,
      eligible: 2,
      notified: 2,
      applied: 0,
      granted: 1,
      take_up_rate: 0.5,
    })
    const a = row(applied)
    assert.deepEqual(
      [a.kind, a.eligible, a.notified, a.applied, a.granted, a.take_up_rate],
      ['first_loan', 2, 2, 1, 0, 0.5],
    )
    for (const r of stats.body.policies)
      if (r.eligible === 0) assert.equal(r.take_up_rate, null, r.id)

    const names = async (path, key, label) =>
      Object.fromEntries((await api.get(path)).body.items.map((x) => [x[key], x[label]]))
    const districts = await names('/api/v1/meta/districts', 'code', 'name_zh')
    const sections = await names('/api/v1/meta/industries', 'section', 'name_zh')
    const groups = async (policy, by) => {
      const res = await api.get('/api/v1/policies/stats', { query: by ? { policy, by } : { policy } })
      assert.equal(res.status, 200, res.text)
      assert.equal(res.body.policy, policy)
      assert.equal(res.body.by, by ?? 'district')
      return res.body.groups
    }
    const g = (key, label, eligible, notified, appliedN, grantedN, rate) => ({
      key,
      label,
      eligible,
      notified,
      applied: appliedN,
      granted: grantedN,
      take_up_rate: rate,
    })
    assert.deepEqual(await groups(granted, 'district'), [
      g('310107', districts['310107'], 1, 1, 0, 1, 1),
      g('310115', districts['310115'], 1, 1, 0, 0, 0),
    ])
    assert.equal(districts['310107'], '普陀区')
    assert.deepEqual(await groups(granted), await groups(granted, 'district'), 'district is the default')
    assert.deepEqual(await groups(applied, 'industry'), [
      g('C', sections.C, 1, 1, 0, 0, 0),
      g('I', sections.I, 1, 1, 1, 0, 1),
    ])
    assert.equal(sections.C, '制造业')

    assertError(await api.get('/api/v1/policies/stats', { query: { by: 'industry' } }), 400, 'invalid_argument', ['policy'])
    assertError(await api.get('/api/v1/policies/stats', { query: { policy: granted, by: 'size' } }), 400, 'invalid_argument', ['by'])
    assertError(await api.get('/api/v1/policies/stats', { query: { policy: policyId() } }), 400, 'invalid_argument', ['policy'])
  })
})

describe('an enterprise with loans on the platform', () => {
  const products = []
  after(async () => {
    for (const p of products)
      await api.post(`/api/v1/market/products/${p.id}/status`, { key: p.key, json: { status: 'retired' } })
  })

  // On PostgreSQL this answers 500 (and so does every policy run once any enterprise has a
  // loan): the profile loader reads sum() of BIGINT columns, NUMERIC there, as integers.
  it('sees its loans in the map: loan_count, loan_balance and the estimate on annual_interest', async () => {
    const today = await serverToday()
    const b = band()
    const ent = await enterprise({ registered_capital_fen: b.fen })
    const { product, bank, min } = await listProduct({ bank: '政策贴息银行', name: '经营贷', description: '小微企业经营贷款', tag: 'interest_subsidy', band: b })
    products.push({ id: product.body.id, key: bank.key })
    const principal = min + 5_000_000
    const applied = await api.post(`/api/v1/enterprises/${ent.uscc}/applications`, {
      key: ent.key,
      json: { product_ids: [product.body.id], amount_fen: principal, term_months: 24, purpose: '补充流动资金' },
    })
    assert.equal(applied.status, 201, applied.text)
    const appId = applied.body.items[0].id
    const offer = { amount_fen: principal, term_months: 24, annual_rate_bp: 450, method: 'equal_instalment' }
    for (const step of [
      { to: 'accepted' },
      { to: 'under_review' },
      { to: 'approved', offer },
      { to: 'contract_signed' },
      { to: 'disbursed', disbursed_on: addDays(today, -10), first_due_date: addDays(today, 20) },
    ]) {
      const moved = await api.post(`/api/v1/market/applications/${appId}/transitions`, { key: bank.key, json: step })
      assert.equal(moved.status, 200, moved.text)
    }

    const id = policyId()
    await saveOk(id, policySource(id, {
      kind: 'interest_subsidy',
      versions: [
        {
          from: '2026-01-01',
          rule: [...b.rule, 'and loan_count >= 1', 'and loan_balance > 0', 'and max_overdue_days == 0'],
          text: '按实际支付利息的50%给予贴息，最高50万元',
          benefit: ['rate = 0.5', 'of = "annual_interest"', 'cap = 50'],
        },
      ],
    }))
    const annualInterest = Math.floor((principal * 450) / 10_000) / 1_000_000 // 万元
    const entry = entryFor(await mapOf(ent), id)
    assert.equal(entry.status, 'eligible', JSON.stringify(entry.conditions))
    const value = (name) => entry.conditions.flatMap((c) => c.values).find((v) => v.name === name).value
    assert.equal(value('loan_count'), '1')
    assert.equal(value('loan_balance'), String(principal / 1_000_000))
    assert.equal(value('max_overdue_days'), '0')
    assert.equal(entry.benefit.estimate_wan, Math.round(Math.min(0.5 * annualInterest, 50) * 100) / 100)

    await run('full')
    assert.equal((await messagesAbout(ent, id)).length, 1)
    const grant = await api.post(`/api/v1/enterprises/${ent.uscc}/policies/${id}/confirm`, { key: ent.key })
    assert.equal(grant.status, 201, grant.text)
    assert.equal(grant.body.estimate_wan, entry.benefit.estimate_wan)
  })
})

describe('policy ids and list rows', () => {
  it(
    'refuses a path id that is not a policy id (an encoded slash would store a second document)',
    async () => {
      const b = band()
      const id = policyId()
      // `${id}/${id}` sorts where `${id}` would, so the bug, if present, leaves GET /policies in order.
      const res = await savePolicy(`${id}%2F${id}`, policySource(id, { versions: [{ from: '2026-01-01', rule: b.rule }] }))
      assertError(res, 400, 'invalid_argument')
    },
  )

  it(
    'lists every policy with its apply `mode`',
    async () => {
      const b = band()
      const id = policyId()
      await saveOk(id, policySource(id, { mode: 'quick_apply', versions: [{ from: '2026-01-01', rule: b.rule }] }))
      const res = await api.get('/api/v1/policies')
      const row = res.body.policies.find((p) => p.id === id)
      assert.equal(row.mode, 'quick_apply')
    },
  )
})
