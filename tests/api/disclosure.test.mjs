// The single export (唯一出口): an institution queries an enterprise under its authorization and
// sees every field in clear; without it, the desensitized view (amounts as ranges, trade
// secrets absent); after revocation, a 403 naming the reason. Credit reports come in JSON, HTML
// and PDF and anyone with the number and code can verify them. Every access shows up in the
// enterprise's access history.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { api, assertError, reasonFor } from './client.mjs'
import { createEnterprise, createKey, csvText, pushOk, tag } from './fixtures.mjs'
import { makeUscc } from './uscc.mjs'

const TAX = ['uscc', 'period', 'tax_type', 'tax_payable_amount', 'tax_paid_amount', 'arrears_amount',
  'sales_revenue_amount', 'declared_on_time']
const isoIn = (days) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')

describe('the single export', () => {
  let institutionId, bank, enterprise, uscc, authorization

  before(async () => {
    institutionId = `bank-${tag()}`.toLowerCase()
    const inst = await api.post('/api/v1/institutions', {
      json: { id: institutionId, name: '示例银行上海分行', kind: 'bank' },
    })
    assert.equal(inst.status, 201, inst.text)
    bank = await createKey('institution', { institution_id: institutionId })
    uscc = (await createEnterprise()).uscc
    enterprise = await createKey('enterprise', { uscc })
    const provider = await createKey('data_provider')
    await pushOk('tax', csvText(TAX, [[uscc, '2026-09', 'vat', '12345.00', '12345.00', '0.00', '987654.00', 'true']]),
      { key: provider.key, query: { source_name: `export-${tag()}.csv` } })
  })

  it('answers the desensitized view to any institution: ranges, no trade secrets', async () => {
    const res = await api.post('/api/v1/queries', {
      key: bank.key,
      json: { uscc, categories: ['tax'], purpose: 'credit_review', view: 'desensitized' },
    })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.body.view, 'desensitized')
    const record = res.body.categories[0].records[0]
    assert.equal(record.fields.tax_paid_amount.display, '1万–5万元')
    assert.equal(record.fields.sales_revenue_amount, undefined)
    assert.ok(record.withheld.includes('sales_revenue_amount'))
    assert.ok(!res.text.includes('98765400'))
  })

  it('refuses the authorized view without an authorization, naming the reason', async () => {
    const res = await api.post('/api/v1/queries', {
      key: bank.key, json: { uscc, categories: ['tax'], purpose: 'loan_application' },
    })
    assertError(res, 403, 'permission_denied', ['authorization'])
    assert.equal(reasonFor(res, 'authorization'), 'authorization_missing')
  })

  it('grants, answers in clear, counts fair use, and refuses after revocation', async () => {
    const granted = await api.post(`/api/v1/enterprises/${uscc}/authorizations`, {
      key: enterprise.key,
      json: {
        institution_id: institutionId, scopes: [{ category: 'tax' }, { category: 'evaluation' }],
        purpose: 'loan_application', valid_until: isoIn(30), period_from: '2025-01', period_to: '2026-10',
        max_queries: 2, per: 'day',
      },
    })
    assert.equal(granted.status, 201, granted.text)
    authorization = granted.body
    const verify = await api.post('/api/v1/authorizations/verify', {
      key: bank.key, json: { artefact: authorization.artefact, signature: authorization.signature },
    })
    assert.equal(verify.body.valid, true)
    const forged = await api.post('/api/v1/authorizations/verify', {
      key: bank.key, json: { artefact: { ...authorization.artefact, max_queries: 999 }, signature: authorization.signature },
    })
    assert.equal(forged.body.valid, false)

    const ask = { uscc, categories: ['tax'], purpose: 'loan_application' }
    const clear = await api.post('/api/v1/queries', { key: bank.key, json: ask })
    assert.equal(clear.status, 200, clear.text)
    assert.equal(clear.body.view, 'authorized')
    assert.equal(clear.body.categories[0].records[0].fields.sales_revenue_amount, 98765400)
    const wrongPurpose = await api.post('/api/v1/queries', { key: bank.key, json: { ...ask, purpose: 'guarantee' } })
    assert.equal(reasonFor(wrongPurpose, 'authorization'), 'wrong_purpose')
    const outside = await api.post('/api/v1/queries', { key: bank.key, json: { ...ask, period_to: '2026-11' } })
    assert.equal(reasonFor(outside, 'authorization'), 'period_out_of_range')
    const notCovered = await api.post('/api/v1/queries', { key: bank.key, json: { ...ask, categories: ['judicial'] } })
    assert.equal(reasonFor(notCovered, 'authorization'), 'category_not_covered')
    assert.equal((await api.post('/api/v1/queries', { key: bank.key, json: ask })).status, 200)
    const third = await api.post('/api/v1/queries', { key: bank.key, json: ask })
    assert.equal(reasonFor(third, 'authorization'), 'limit_reached')

    const revoked = await api.post(`/api/v1/authorizations/${authorization.id}/revoke`, { key: enterprise.key })
    assert.equal(revoked.status, 200, revoked.text)
    assert.equal(revoked.body.state, 'revoked')
    const after = await api.post('/api/v1/queries', { key: bank.key, json: ask })
    assertError(after, 403, 'permission_denied', ['authorization'])
    assert.equal(reasonFor(after, 'authorization'), 'authorization_revoked')
  })

  it('refuses bad authorizations and unknown enterprises precisely', async () => {
    const grant = (json) => api.post(`/api/v1/enterprises/${uscc}/authorizations`, { key: enterprise.key, json })
    const base = { institution_id: institutionId, scopes: [{ category: 'tax' }], purpose: 'loan_application',
      valid_until: isoIn(30), period_from: '2025-01', period_to: '2026-10' }
    assertError(await grant({ ...base, valid_from: isoIn(10), valid_until: isoIn(5) }), 400, 'invalid_argument', ['valid_until'])
    assertError(await grant({ ...base, purpose: 'marketing' }), 400, 'invalid_argument', ['purpose'])
    assertError(await grant({ ...base, scopes: [{ category: 'tax', fields: ['nope'] }] }), 400, 'invalid_argument', ['scopes[0].fields'])
    assertError(await grant({ ...base, institution_id: 'no-such-bank' }), 404, 'not_found')
    const unknown = makeUscc()
    assertError(await api.post('/api/v1/reports', { key: bank.key, json: { uscc: unknown, purpose: 'credit_review' } }), 404, 'not_found')
    assertError(await api.post('/api/v1/reports', { key: bank.key, json: { uscc: 'x', purpose: 'credit_review' } }), 400, 'invalid_argument', ['uscc'])
    assertError(await api.post('/api/v1/queries', { key: bank.key, json: { uscc: unknown, purpose: 'credit_review' } }), 404, 'not_found')
  })

  it('answers a batch item by item', async () => {
    const res = await api.post('/api/v1/queries', {
      key: bank.key,
      json: { usccs: [uscc, 'not-a-uscc', makeUscc()], purpose: 'credit_review', view: 'desensitized', categories: ['tax'] },
    })
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(res.body.items.map((i) => i.status), ['ok', 'invalid', 'not_found'])
  })

  it('issues a desensitized report in JSON, HTML and PDF that anyone can verify', async () => {
    const res = await api.post('/api/v1/reports', {
      key: bank.key, json: { uscc, purpose: 'credit_review', view: 'desensitized' },
    })
    assert.equal(res.status, 201, res.text)
    const report = res.body
    assert.match(report.report_number, /^RXR-\d{8}-[0-9A-Z]{10}$/)
    assert.equal(report.institution.name, '示例银行上海分行')
    const again = await api.get(`/api/v1/reports/${report.report_number}`, { key: bank.key })
    assert.deepEqual(again.body, report)
    const html = await api.get(`/api/v1/reports/${report.report_number}/html`, { key: enterprise.key })
    assert.equal(html.status, 200)
    assert.ok(html.text.includes(report.verification_code))
    const pdf = await fetch(`${process.env.RONGXIN_URL}/api/v1/reports/${report.report_number}/pdf`, {
      headers: { authorization: `Bearer ${bank.key}` },
    })
    assert.equal(pdf.status, 200)
    const dir = mkdtempSync(join(tmpdir(), 'rx-report-'))
    writeFileSync(join(dir, 'r.pdf'), Buffer.from(await pdf.arrayBuffer()))
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' })
    assert.ok(text.includes(report.report_number), text.slice(0, 400))
    assert.ok(text.includes(report.verification_code))
    const ok = await api.get('/api/v1/report-verifications', { query: { number: report.report_number, code: report.verification_code } })
    assert.equal(ok.body.valid, true)
    const bad = await api.get('/api/v1/report-verifications', { query: { number: report.report_number, code: 'AAAA-AAAA-AAAA' } })
    assert.deepEqual(bad.body, { valid: false })
    const other = await createKey('institution')
    assertError(await api.get(`/api/v1/reports/${report.report_number}`, { key: other.key }), 404, 'not_found')
  })

  it('shows the enterprise every access to its data, refusals included', async () => {
    const res = await api.get(`/api/v1/enterprises/${uscc}/accesses`, { key: enterprise.key })
    assert.equal(res.status, 200, res.text)
    const reasons = res.body.items.map((a) => a.reason)
    assert.ok(reasons.includes('authorization_revoked'))
    assert.ok(reasons.includes('allowed'))
    assert.ok(res.body.items.every((a) => a.institution_id === institutionId))
    const other = await createKey('enterprise')
    assertError(await api.get(`/api/v1/enterprises/${uscc}/accesses`, { key: other.key }), 403, 'permission_denied')
  })

  it('removes a record after an objection and tells every institution that received it', async () => {
    // The bank has received this enterprise's tax data (the desensitized queries above).
    const before = await api.post('/api/v1/queries', {
      key: bank.key, json: { uscc, categories: ['tax'], purpose: 'credit_review', view: 'desensitized' },
    })
    const record = before.body.categories[0].records[0]
    const raised = await api.post(`/api/v1/enterprises/${uscc}/objections`, {
      key: enterprise.key,
      json: { category: 'tax', record_key: record.record_key, reason: '该期税款已足额缴纳，系部门数据错误。' },
    })
    assert.equal(raised.status, 201, raised.text)
    const marked = await api.post('/api/v1/queries', {
      key: bank.key, json: { uscc, categories: ['tax'], purpose: 'credit_review', view: 'desensitized' },
    })
    assert.equal(marked.body.categories[0].records.find((r) => r.record_key === record.record_key).under_dispute, true)
    const decided = await api.post(`/api/v1/objections/${raised.body.id}/decide`, {
      json: { outcome: 'removed', note: '核实为数据错误' },
    })
    assert.equal(decided.status, 200, decided.text)

    const feed = await api.get('/api/v1/push/feed', { key: bank.key })
    assert.equal(feed.status, 200, feed.text)
    const correction = feed.body.items.find((e) => e.kind === 'record_correction' && e.uscc === uscc)
    assert.ok(correction, feed.text)
    assert.equal(correction.requires_ack, true)
    assert.equal(correction.payload.record_key, record.record_key)
    assert.equal(correction.payload.change, 'removed')
    const ack = await api.post(`/api/v1/push/events/${correction.id}/ack`, { key: bank.key })
    assert.equal(ack.status, 200, ack.text)

    const after = await api.post('/api/v1/queries', {
      key: bank.key, json: { uscc, categories: ['tax'], purpose: 'credit_review', view: 'desensitized' },
    })
    assert.ok(!after.body.categories[0].records.some((r) => r.record_key === record.record_key))
  })
})
