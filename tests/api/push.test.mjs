// Data push (数据推送): an institution subscribes to an enterprise under the enterprise's
// authorization, with a webhook to a receiver this test starts on loopback; ingested data arrives
// there signed within seconds, the feed returns the same events by cursor, and a revocation stops
// everything at once. Bad webhook URLs and unusable authorizations are refused precisely.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { api, assertError, reasonFor } from './client.mjs'
import { createEnterprise, createKey, csvText, pushOk, tag } from './fixtures.mjs'

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

/** A webhook receiver on 127.0.0.1 that records every request. */
async function startReceiver() {
  const received = []
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      received.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('ok')
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, received, url: `http://127.0.0.1:${server.address().port}/hook` }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function waitFor(predicate, ms = 10_000) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (predicate()) return true
    await sleep(100)
  }
  return predicate()
}

/** The receiver's check, as docs/push.md describes it. */
function signatureOk(secret, req) {
  const ts = req.headers['x-rongxin-timestamp']
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${ts}.${req.body}`).digest('hex')
  return req.headers['x-rongxin-signature'] === expected
}

const isoIn = (days) => new Date(Date.now() + days * 86_400_000).toISOString()

describe('data push', () => {
  let receiver, institutionId, bank, otherBank, enterprise, uscc, authorization, subscription, secret
  let provider

  before(async () => {
    receiver = await startReceiver()
    institutionId = `bank-${tag()}`.toLowerCase()
    const inst = await api.post('/api/v1/institutions', {
      json: { id: institutionId, name: `示例银行${tag()}`, kind: 'bank' },
    })
    assert.equal(inst.status, 201, inst.text)
    bank = await createKey('institution', { institution_id: institutionId })
    otherBank = await createKey('institution')
    uscc = (await createEnterprise()).uscc
    enterprise = await createKey('enterprise', { uscc })
    provider = await createKey('data_provider')
  })
  after(() => receiver.server.close())

  it('lists institutions to every role and refuses a taken id', async () => {
    const list = await api.get('/api/v1/institutions', { key: enterprise.key })
    assert.equal(list.status, 200, list.text)
    assert.ok(list.body.items.some((i) => i.id === institutionId))
    const again = await api.post('/api/v1/institutions', { json: { id: institutionId, name: 'x', kind: 'bank' } })
    assertError(again, 409, 'already_exists')
    const bad = await api.post('/api/v1/institutions', { json: { id: 'a b', name: '', kind: 'pawnshop' } })
    assertError(bad, 400, 'invalid_argument', ['id', 'name', 'kind'])
  })

  it('lets the enterprise grant an authorization (signed artefact)', async () => {
    const res = await api.post(`/api/v1/enterprises/${uscc}/authorizations`, {
      key: enterprise.key,
      json: {
        institution_id: institutionId,
        scopes: [{ category: 'tax', fields: ['tax_paid_amount'] }, { category: 'evaluation' }],
        purpose: 'loan_application',
        valid_until: isoIn(30),
        period_from: '2025-01',
        period_to: '2026-10',
        max_queries: 5,
        per: 'day',
        retention_days: 90,
      },
    })
    assert.equal(res.status, 201, res.text)
    authorization = res.body
    assert.equal(authorization.state, 'active')
    assert.ok(authorization.signature.length > 80)
    const other = await createKey('enterprise')
    const forbidden = await api.post(`/api/v1/enterprises/${uscc}/authorizations`, {
      key: other.key,
      json: { institution_id: institutionId, scopes: [{ category: 'tax' }], purpose: 'loan_application' },
    })
    assertError(forbidden, 403, 'permission_denied')
  })

  it('refuses bad webhook URLs with 400 naming webhook_url, never echoing them', async () => {
    for (const url of [
      'http://example.com/hook?token=TOPSECRET',
      'ftp://127.0.0.1/hook',
      'http://user:TOPSECRET@127.0.0.1/hook',
      'http://10.1.2.3/hook',
      'not a url',
    ]) {
      const res = await api.post('/api/v1/subscriptions', {
        key: bank.key,
        json: { uscc, authorization_id: authorization.id, webhook_url: url },
      })
      assertError(res, 400, 'invalid_argument', ['webhook_url'])
      assert.ok(!res.text.includes('TOPSECRET'), res.text)
      assert.ok(!res.text.includes('example.com'), res.text)
    }
  })

  it('refuses an authorization the institution does not hold (403 with the reason code)', async () => {
    const res = await api.post('/api/v1/subscriptions', {
      key: otherBank.key,
      json: { uscc, authorization_id: authorization.id },
    })
    assertError(res, 403, 'permission_denied', ['authorization_id'])
    assert.equal(reasonFor(res, 'authorization_id'), 'authorization_missing')
  })

  it('subscribes with a webhook; the secret is shown once', async () => {
    const res = await api.post('/api/v1/subscriptions', {
      key: bank.key,
      json: { uscc, authorization_id: authorization.id, webhook_url: receiver.url },
    })
    assert.equal(res.status, 201, res.text)
    subscription = res.body.subscription
    secret = res.body.secret
    assert.equal(subscription.delivery, 'webhook')
    const twice = await api.post('/api/v1/subscriptions', {
      key: bank.key,
      json: { uscc, authorization_id: authorization.id },
    })
    assertError(twice, 409, 'already_exists')
    const mine = await api.get('/api/v1/subscriptions', { key: bank.key })
    assert.deepEqual(
      mine.body.items.map((s) => s.id),
      [subscription.id],
    )
    assert.ok(!mine.text.includes(secret))
    const all = await api.get('/api/v1/subscriptions')
    assert.ok(all.body.items.some((s) => s.id === subscription.id))
    assert.equal((await api.get('/api/v1/subscriptions', { key: otherBank.key })).body.items.length, 0)
  })

  let event
  it('pushes ingested data to the webhook, signed, within seconds', async () => {
    await pushOk(
      'tax',
      csvText(TAX, [[uscc, '2026-09', 'vat', '25000.00', '24000.00', '1000.00', '900000.00', 'true']]),
      { key: provider.key, query: { source_name: `push-${tag()}.csv` } },
    )
    assert.ok(await waitFor(() => receiver.received.length >= 1), 'no webhook within 10 s')
    const req = receiver.received[0]
    assert.equal(req.url, '/hook')
    assert.equal(req.headers['content-type'], 'application/json')
    assert.ok(signatureOk(secret, req), 'signature does not verify')
    assert.ok(!signatureOk('whsec_wrong', req))
    assert.ok(Math.abs(Number(req.headers['x-rongxin-timestamp']) - Date.now() / 1000) < 60)
    event = JSON.parse(req.body)
    assert.equal(req.headers['x-rongxin-event'], event.id)
    assert.equal(event.kind, 'data_changed')
    assert.equal(event.uscc, uscc)
    assert.equal(event.requires_ack, false)
    const [record] = event.payload.records
    assert.equal(record.fields.period, '2026-09')
    assert.equal(record.fields.tax_paid_amount, 2_400_000) // authorized: in clear, in fen
    assert.ok(typeof record.fields.tax_payable_amount === 'object') // generalized
    assert.ok(!('sales_revenue_amount' in record.fields)) // trade secret: withheld
  })

  it('returns the same events in the feed by cursor, and takes acks', async () => {
    const first = await api.get('/api/v1/push/feed', { key: bank.key, query: { after: 0, limit: 500 } })
    assert.equal(first.status, 200, first.text)
    assert.deepEqual(
      first.body.items.map((e) => e.id),
      [event.id],
    )
    assert.deepEqual(first.body.items[0].payload, event.payload)
    const rest = await api.get('/api/v1/push/feed', { key: bank.key, query: { after: first.body.next_after } })
    assert.deepEqual(rest.body.items, [])
    assert.equal(rest.body.next_after, first.body.next_after)
    assert.equal((await api.get('/api/v1/push/feed', { key: otherBank.key })).body.items.length, 0)
    const ack = await api.post(`/api/v1/push/events/${event.id}/ack`, { key: bank.key })
    assert.equal(ack.status, 200, ack.text)
    assert.ok(ack.body.acked_at)
    const again = await api.post(`/api/v1/push/events/${event.id}/ack`, { key: bank.key })
    assert.equal(again.body.acked_at, ack.body.acked_at)
    assertError(await api.post(`/api/v1/push/events/${event.id}/ack`, { key: otherBank.key }), 404, 'not_found')
    assertError(await api.get('/api/v1/push/feed', { key: bank.key, query: { limit: 501 } }), 400, 'invalid_argument')
  })

  it('stops pushing the moment the authorization is revoked', async () => {
    const res = await api.post(`/api/v1/authorizations/${authorization.id}/revoke`, {
      key: enterprise.key,
    })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.body.state, 'revoked')
    const before = receiver.received.length
    await pushOk(
      'tax',
      csvText(TAX, [[uscc, '2026-10', 'vat', '26000.00', '26000.00', '0.00', '910000.00', 'true']]),
      { key: provider.key, query: { source_name: `push-${tag()}.csv` } },
    )
    await sleep(3000)
    assert.equal(receiver.received.length, before, 'an event arrived after revocation')
    const feed = await api.get('/api/v1/push/feed', { key: bank.key })
    assert.deepEqual(feed.body.items, [])
    const resubscribe = await api.post('/api/v1/subscriptions', {
      key: otherBank.key,
      json: { uscc, authorization_id: authorization.id },
    })
    assertError(resubscribe, 403, 'permission_denied', ['authorization_id'])
    assertError(
      await api.post(`/api/v1/authorizations/${authorization.id}/revoke`, { key: enterprise.key }),
      409,
      'failed_precondition',
    )
  })

  it('shows dead letters and corrections, and unsubscribes', async () => {
    const dead = await api.get('/api/v1/push/dead-letters', { key: bank.key })
    assert.equal(dead.status, 200, dead.text)
    assert.deepEqual(dead.body.items, [])
    assert.equal((await api.get('/api/v1/push/dead-letters')).status, 200)
    assertError(await api.post(`/api/v1/push/dead-letters/${event.id}/retry`, { key: bank.key }), 409, 'failed_precondition')
    const corrections = await api.get('/api/v1/push/corrections', { query: { unacknowledged: 'true' } })
    assert.equal(corrections.status, 200, corrections.text)
    assertError(await api.get('/api/v1/push/corrections', { query: { unacknowledged: 'yes' } }), 400, 'invalid_argument')
    assertError(await api.delete(`/api/v1/subscriptions/${subscription.id}`, { key: otherBank.key }), 404, 'not_found')
    const gone = await api.delete(`/api/v1/subscriptions/${subscription.id}`, { key: bank.key })
    assert.equal(gone.status, 204, gone.text)
    assertError(await api.delete(`/api/v1/subscriptions/${subscription.id}`, { key: bank.key }), 404, 'not_found')
  })
})
