// Real-time use monitoring (docs/monitoring.md) over HTTP: real traffic — queries under an
// authorization, refused queries, many enterprises read by one key — reaches the counters and
// raises alerts with their ledger evidence within a few sequencer intervals; the operator
// acknowledges and resolves alerts and suspends the key involved, which is then refused until
// resumed; an institution sees only its own usage; bad input is refused and changes nothing.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { api, assertError } from './client.mjs'
import { createEnterprise, createKey, csvText, pushOk, tag } from './fixtures.mjs'

const TAX = ['uscc', 'period', 'tax_type', 'tax_payable_amount', 'tax_paid_amount', 'arrears_amount',
  'sales_revenue_amount', 'declared_on_time']
const isoIn = (days) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')
// Default thresholds ([monitor]): 5 denials per key in 10 minutes, 50 enterprises per key in
// 10 minutes. Twice the threshold less one puts at least the threshold into one fixed window,
// wherever a window boundary falls.
const DENIALS = 2 * 5 - 1
const DISTINCT = 2 * 50 - 1

/** Retries `fn` until it returns a truthy value (the sequencer runs every ~0.5 s). */
async function eventually(fn, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  let last
  for (;;) {
    last = await fn()
    if (last) return last
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const ranked = (list, item) => list.find((r) => r.item === item)

async function registerInstitution(name) {
  const id = `mon-${tag()}`.toLowerCase()
  const res = await api.post('/api/v1/institutions', { json: { id, name, kind: 'bank' } })
  assert.equal(res.status, 201, res.text)
  return id
}

async function alertsOf(query) {
  const res = await api.get('/api/v1/monitor/alerts', { query })
  assert.equal(res.status, 200, res.text)
  return res.body.items
}

/** The alerts matching `query` (and `keep`), once there is at least one. */
const someAlerts = (query, what, keep = () => true) =>
  eventually(async () => {
    const items = (await alertsOf(query)).filter(keep)
    return items.length > 0 && items
  }, what)

describe('real-time use monitoring', () => {
  let bankId, bank, otherBankId, otherBank, uscc, enterprise, seeded

  before(async () => {
    bankId = await registerInstitution('监控测试银行')
    otherBankId = await registerInstitution('另一家银行')
    bank = await createKey('institution', { institution_id: bankId })
    otherBank = await createKey('institution', { institution_id: otherBankId })
    uscc = (await createEnterprise()).uscc
    enterprise = await createKey('enterprise', { uscc })
    const provider = await createKey('data_provider')
    await pushOk('tax', csvText(TAX, [[uscc, '2026-09', 'vat', '100.00', '100.00', '0.00', '5000.00', 'true']]),
      { key: provider.key, query: { source_name: `monitor-${tag()}.csv` } })
    const granted = await api.post(`/api/v1/enterprises/${uscc}/authorizations`, {
      key: enterprise.key,
      json: { institution_id: bankId, scopes: [{ category: 'tax' }], purpose: 'loan_application',
        valid_until: isoIn(30), period_from: '2025-01', period_to: '2026-10', max_queries: 100, per: 'day' },
    })
    assert.equal(granted.status, 201, granted.text)
    const list = await api.get('/api/v1/enterprises', { query: { limit: 200 } })
    assert.equal(list.status, 200, list.text)
    seeded = list.body.items.map((e) => e.uscc).filter((u) => u !== uscc)
    assert.ok(seeded.length >= DISTINCT, `the seeded database has only ${seeded.length} enterprises`)
  })

  it('counts queries under an authorization and refusals, per institution, category and reason', async () => {
    const ask = { uscc, categories: ['tax'], purpose: 'loan_application' }
    for (let i = 0; i < 2; i++) {
      const res = await api.post('/api/v1/queries', { key: bank.key, json: ask })
      assert.equal(res.status, 200, res.text)
    }
    for (let i = 0; i < DENIALS; i++) {
      // No authorization from this enterprise: refused, and the refusal is recorded.
      const res = await api.post('/api/v1/queries', {
        key: bank.key, json: { uscc: seeded[i], categories: ['tax'], purpose: 'loan_application' },
      })
      assertError(res, 403, 'permission_denied', ['authorization'])
    }
    const usage = await eventually(async () => {
      const res = await api.get('/api/v1/institutions/me/usage', { key: bank.key })
      assert.equal(res.status, 200, res.text)
      const query = ranked(res.body.actions, 'query')
      return query && query.count === 2 + DENIALS && res.body
    }, 'the institution usage to count every query')
    assert.equal(usage.institution_id, bankId)
    assert.equal(ranked(usage.actions, 'query').denied, DENIALS)
    assert.equal(usage.denied, DENIALS)
    assert.equal(ranked(usage.categories, 'tax').count, 2 + DENIALS)
    assert.equal(ranked(usage.purposes, 'loan_application').count, 2 + DENIALS)
    assert.equal(ranked(usage.enterprises, uscc).count, 2)
    assert.equal(ranked(usage.reasons, 'authorization_missing').count, DENIALS)
    assert.deepEqual(usage.keys.map((k) => k.item), [bank.id])
    assert.deepEqual(usage.institutions.map((i) => i.item), [bankId])
    assert.equal(usage.hours.length, 24)
    assert.equal(usage.hours.reduce((n, h) => n + h.allowed, 0), 2)
    assert.equal(usage.hours.reduce((n, h) => n + h.denied, 0), DENIALS)

    const dash = await api.get('/api/v1/monitor/dashboard', { query: { hours: 6 } })
    assert.equal(dash.status, 200, dash.text)
    assert.equal(dash.body.hours.length, 6)
    const mine = dash.body.institutions.find((r) => r.item === bankId)
    assert.ok(mine, `the dashboard's top institutions lack ${bankId}: ${JSON.stringify(dash.body.institutions)}`)
    assert.equal(mine.name, '监控测试银行')
    assert.ok(mine.count >= 2 + DENIALS)
    assert.ok(ranked(dash.body.reasons, 'authorization_missing').count >= DENIALS)
    assert.ok(dash.body.total >= 2 + DENIALS)
  })

  it('raises alerts with their ledger evidence: repeated denials, a query without an application', async () => {
    const [denials] = await someAlerts({ rule: 'denials', institution_id: bankId }, 'a denials alert')
    assert.equal(denials.key_id, bank.id)
    assert.equal(denials.state, 'open')
    assert.ok(denials.count >= 5 && denials.threshold === 5, JSON.stringify(denials))
    const detail = await api.get(`/api/v1/monitor/alerts/${denials.id}`)
    assert.equal(detail.status, 200, detail.text)
    assert.equal(detail.body.evidence.length, denials.count)
    for (const e of detail.body.evidence) assert.equal(e.key_id, bank.id)
    const indexes = detail.body.evidence.map((e) => e.index)
    assert.deepEqual(indexes, [...indexes].sort((a, b) => a - b))
    assert.ok(indexes.includes(denials.raised_index))
    // The evidence names real ledger entries: the entry at that index has that id.
    const first = detail.body.evidence[0]
    const entries = await api.get('/api/v1/ledger/entries', { query: { start: first.index, end: first.index + 1 } })
    assert.equal(entries.status, 200, entries.text)
    const entry = JSON.parse(Buffer.from(entries.body.entries[0].entry, 'base64').toString('utf8'))
    assert.equal(entry.id, first.entry_id)
    assert.equal(entry.outcome, 'denied')
    assert.equal(entry.actor.key_id, bank.id)

    // Both allowed loan-application queries had no application: one alert per Shanghai day
    // (two, should the queries straddle midnight), with both queries as evidence.
    const noApp = await someAlerts({ rule: 'no_application', institution_id: bankId }, 'a no_application alert')
    let evidence = 0
    for (const a of noApp) {
      assert.equal(a.key_id, null)
      const d = await api.get(`/api/v1/monitor/alerts/${a.id}`)
      for (const e of d.body.evidence) assert.equal(e.key_id, bank.id)
      evidence += d.body.evidence.length
    }
    assert.equal(evidence, 2)
  })

  it('raises distinct_enterprises when one key reads many enterprises', async () => {
    const reader = await createKey('institution', { institution_id: otherBankId })
    for (let i = 0; i < DISTINCT; i++) {
      const res = await api.post('/api/v1/queries', {
        key: reader.key, json: { uscc: seeded[i], categories: ['tax'], purpose: 'post_loan', view: 'desensitized' },
      })
      assert.equal(res.status, 200, res.text)
    }
    const [alert] = await someAlerts({ rule: 'distinct_enterprises', institution_id: otherBankId },
      'a distinct_enterprises alert', (a) => a.key_id === reader.id)
    assert.equal(alert.threshold, 50)
    assert.ok(alert.count >= 50)
  })

  it('acknowledges and resolves alerts with notes, in order', async () => {
    const [alert] = await alertsOf({ rule: 'no_application', institution_id: bankId })
    const ack = await api.post(`/api/v1/monitor/alerts/${alert.id}/acknowledge`, { json: { note: '已联系机构核实' } })
    assert.equal(ack.status, 200, ack.text)
    assert.equal(ack.body.state, 'acknowledged')
    assert.equal(ack.body.acknowledge_note, '已联系机构核实')
    assertError(await api.post(`/api/v1/monitor/alerts/${alert.id}/acknowledge`, { json: {} }), 409, 'failed_precondition')
    assertError(await api.post(`/api/v1/monitor/alerts/${alert.id}/resolve`, { json: {} }), 400, 'invalid_argument', ['note'])
    assertError(await api.post(`/api/v1/monitor/alerts/${alert.id}/resolve`, { json: { note: '' } }), 400, 'invalid_argument', ['note'])
    const still = await api.get(`/api/v1/monitor/alerts/${alert.id}`)
    assert.equal(still.body.state, 'acknowledged')
    const resolved = await api.post(`/api/v1/monitor/alerts/${alert.id}/resolve`, { json: { note: '贷款申请在线下受理，已补录' } })
    assert.equal(resolved.status, 200, resolved.text)
    assert.equal(resolved.body.state, 'resolved')
    assert.equal(resolved.body.resolve_note, '贷款申请在线下受理，已补录')
    assertError(await api.post(`/api/v1/monitor/alerts/${alert.id}/resolve`, { json: { note: 'again' } }), 409, 'failed_precondition')
    const listed = await alertsOf({ state: 'resolved', institution_id: bankId })
    assert.ok(listed.some((a) => a.id === alert.id))
    assert.ok(!(await alertsOf({ state: 'open', institution_id: bankId })).some((a) => a.id === alert.id))
  })

  it("suspends the alert's key: refused with the reason until resumed, and the ledger has it", async () => {
    const [alert] = await alertsOf({ rule: 'denials', institution_id: bankId })
    // Refused without changing anything: no note, a key that did not act in the alert.
    assertError(await api.post(`/api/v1/monitor/alerts/${alert.id}/suspend-key`, { json: {} }), 400, 'invalid_argument', ['note'])
    assertError(await api.post(`/api/v1/monitor/alerts/${alert.id}/suspend-key`, { json: { note: 'x', key_id: otherBank.id } }),
      400, 'invalid_argument', ['key_id'])
    assert.equal((await api.get('/api/v1/institutions/me/usage', { key: bank.key })).status, 200)

    const note = '短时间内多次越权查询，暂停待核查'
    const suspended = await api.post(`/api/v1/monitor/alerts/${alert.id}/suspend-key`, { json: { note } })
    assert.equal(suspended.status, 200, suspended.text)
    assert.equal(suspended.body.suspended_key_id, bank.id)
    const refused = await api.post('/api/v1/queries', { key: bank.key, json: { uscc, categories: ['tax'], purpose: 'loan_application' } })
    assertError(refused, 403, 'permission_denied')
    assert.match(refused.body.error.message, /suspended/)
    assert.ok(refused.body.error.message.includes(note), refused.text)
    assertError(await api.get('/api/v1/institutions/me/usage', { key: bank.key }), 403, 'permission_denied')
    assertError(await api.post(`/api/v1/monitor/alerts/${alert.id}/suspend-key`, { json: { note } }), 409, 'failed_precondition')
    const keys = await api.get('/api/v1/keys')
    assert.ok(keys.body.items.find((k) => k.id === bank.id).suspended_at)
    assert.equal(keys.body.items.find((k) => k.id === otherBank.id).suspended_at, null)
    // The other institution's key is untouched.
    assert.equal((await api.get('/api/v1/institutions/me/usage', { key: otherBank.key })).status, 200)
    // The suspension is a ledger entry by the operator, naming the key and the alert.
    const entry = await eventually(async () => {
      const head = await api.get('/api/v1/ledger/head')
      const size = head.body.size
      const page = await api.get('/api/v1/ledger/entries', { query: { start: Math.max(0, size - 200), end: size } })
      return page.body.entries
        .map((e) => JSON.parse(Buffer.from(e.entry, 'base64').toString('utf8')))
        .find((e) => e.action === 'key_suspend' && e.ref === bank.id)
    }, 'the key_suspend entry in the ledger')
    assert.equal(entry.outcome, 'done')
    assert.equal(entry.actor.role, 'admin')
    assert.equal(entry.reason, `suspended from alert ${alert.id}`)
    const dash = await eventually(async () => {
      const res = await api.get('/api/v1/monitor/dashboard', { query: { hours: 1 } })
      return ranked(res.body.actions, 'key_suspend') && res.body
    }, 'the key_suspend entry in the counters')
    assert.ok(ranked(dash.actions, 'key_suspend').count >= 1)

    const resumed = await api.post(`/api/v1/keys/${bank.id}/resume`, { json: { note: '核查完毕' } })
    assert.equal(resumed.status, 200, resumed.text)
    assert.equal(resumed.body.suspended_at, null)
    assertError(await api.post(`/api/v1/keys/${bank.id}/resume`, { json: {} }), 409, 'failed_precondition')
    const again = await api.post('/api/v1/queries', { key: bank.key, json: { uscc, categories: ['tax'], purpose: 'loan_application' } })
    assert.equal(again.status, 200, again.text)
  })

  it('shows an institution only its own usage', async () => {
    const res = await api.post('/api/v1/queries', {
      key: otherBank.key, json: { uscc, categories: ['tax'], purpose: 'post_loan', view: 'desensitized' },
    })
    assert.equal(res.status, 200, res.text)
    const theirs = await eventually(async () => {
      const r = await api.get('/api/v1/institutions/me/usage', { key: otherBank.key })
      return ranked(r.body.keys, otherBank.id) && r.body
    }, "the other bank's own query in its usage")
    assert.equal(theirs.institution_id, otherBankId)
    assert.deepEqual(theirs.institutions.map((i) => i.item), [otherBankId])
    assert.ok(!theirs.keys.some((k) => k.item === bank.id))
    const mine = await api.get('/api/v1/institutions/me/usage', { key: bank.key })
    assert.ok(!mine.body.keys.some((k) => k.item === otherBank.id))
    // The operator reads any registered institution's; institutions cannot read others'.
    const viaAdmin = await api.get(`/api/v1/institutions/${otherBankId}/usage`)
    assert.equal(viaAdmin.status, 200, viaAdmin.text)
    assert.deepEqual(viaAdmin.body.institutions.map((i) => i.item), [otherBankId])
    assertError(await api.get(`/api/v1/institutions/${otherBankId}/usage`, { key: bank.key }), 403, 'permission_denied')
    assertError(await api.get('/api/v1/monitor/dashboard', { key: bank.key }), 403, 'permission_denied')
    assertError(await api.get('/api/v1/monitor/alerts', { key: bank.key }), 403, 'permission_denied')
    assertError(await api.get('/api/v1/institutions/me/usage', { key: enterprise.key }), 403, 'permission_denied')
  })

  it('refuses bad input with every field named, changing nothing', async () => {
    assertError(await api.get('/api/v1/monitor/dashboard', { query: { hours: 0 } }), 400, 'invalid_argument', ['hours'])
    assertError(await api.get('/api/v1/monitor/dashboard', { query: { hours: 'x', top: 500, color: 'red' } }),
      400, 'invalid_argument', ['hours', 'top', 'color'])
    assertError(await api.get('/api/v1/monitor/alerts', { query: { state: 'closed', rule: 'nope' } }),
      400, 'invalid_argument', ['state', 'rule'])
    assertError(await api.get('/api/v1/institutions/me/usage', { key: bank.key, query: { hours: 10_000 } }),
      400, 'invalid_argument', ['hours'])
    assertError(await api.get('/api/v1/monitor/alerts/no-such-alert'), 404, 'not_found')
    assertError(await api.get('/api/v1/institutions/no-such-bank/usage'), 404, 'not_found')
    const [open] = await alertsOf({ rule: 'denials', institution_id: bankId })
    assertError(await api.post(`/api/v1/monitor/alerts/${open.id}/acknowledge`, { json: { note: 7, extra: true } }),
      400, 'invalid_argument', ['note', 'extra'])
    assertError(await api.post(`/api/v1/monitor/alerts/${open.id}/resolve`, { json: { note: 'x'.repeat(2001) } }),
      400, 'invalid_argument', ['note'])
    assert.equal((await api.get(`/api/v1/monitor/alerts/${open.id}`)).body.state, 'open')
    assertError(await api.post('/api/v1/monitor/alerts/no-such-alert/resolve', { json: { note: 'x' } }), 404, 'not_found')
    assertError(await api.post(`/api/v1/keys/${otherBank.id}/resume`, { json: {} }), 409, 'failed_precondition')
    assertError(await api.post('/api/v1/keys/no-such-key/resume', { json: {} }), 404, 'not_found')
  })
})
