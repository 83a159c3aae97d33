// Inbox webhooks over real HTTP: an enterprise registers a webhook on 127.0.0.1, applies for a
// loan, and its own server receives the signed inbox message; the lender's decision arrives the
// same way. Bad URLs are refused and nothing is stored.
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'
import { api, assertError } from './client.mjs'
import { createKey, tag } from './fixtures.mjs'

let receiver
const received = []

before(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(204).end()
    })
  })
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve))
})
after(() => receiver.close())

async function waitFor(predicate, what) {
  for (let i = 0; i < 100; i++) {
    const found = received.find(predicate)
    if (found) return found
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`no webhook call for ${what}`)
}

function verify(call, secret) {
  const expected =
    'sha256=' +
    createHmac('sha256', secret)
      .update(`${call.headers['x-rongxin-timestamp']}.${call.body}`)
      .digest('hex')
  assert.equal(call.headers['x-rongxin-signature'], expected)
}

test('an application step reaches the enterprise and the lender webhooks, signed', async () => {
  const enterprise = await createKey('enterprise')
  const uscc = enterprise.record.uscc
  const institutionId = `bank-${tag()}`
  const reg = await api.post('/api/v1/institutions', {
    json: { id: institutionId, name: `${tag()} 银行`, kind: 'bank' },
  })
  assert.equal(reg.status, 201, reg.text)
  const bank = await createKey('institution', { institution_id: institutionId })
  const url = `http://127.0.0.1:${receiver.address().port}/hooks`

  const hook = await api.put('/api/v1/inbox/webhook', { key: enterprise.key, json: { url } })
  assert.equal(hook.status, 201, hook.text)
  assert.match(hook.body.secret, /^whsec_/)
  const bankHook = await api.put('/api/v1/inbox/webhook', {
    key: bank.key,
    json: { url: `${url}?bank` },
  })
  assert.equal(bankHook.status, 201, bankHook.text)

  const product = await api.post('/api/v1/market/products', {
    key: bank.key,
    json: {
      name: `通知测试贷 ${tag()}`,
      type: 'credit_loan',
      amount_min_fen: 1_000_000,
      amount_max_fen: 100_000_000,
      term_min_months: 6,
      term_max_months: 24,
      rate_min_bp: 400,
      rate_max_bp: 600,
      repayment_methods: ['equal_instalment'],
      status: 'listed',
    },
  })
  assert.equal(product.status, 201, product.text)
  const applied = await api.post(`/api/v1/enterprises/${uscc}/applications`, {
    key: enterprise.key,
    json: { product_ids: [product.body.id], amount_fen: 10_000_000, term_months: 12, purpose: '采购' },
  })
  assert.equal(applied.status, 201, applied.text)
  const id = applied.body.items[0].id

  const submitted = await waitFor(
    (c) => JSON.parse(c.body).kind === 'application_submitted' &&
      JSON.parse(c.body).recipient.id === uscc,
    'the enterprise’s submission',
  )
  verify(submitted, hook.body.secret)
  const toBank = await waitFor(
    (c) => JSON.parse(c.body).recipient.id === institutionId,
    'the lender’s new application',
  )
  verify(toBank, bankHook.body.secret)

  const accepted = await api.post(`/api/v1/market/applications/${id}/transitions`, {
    key: bank.key,
    json: { to: 'accepted', note: '已受理' },
  })
  assert.equal(accepted.status, 200, accepted.text)
  const step = await waitFor(
    (c) => JSON.parse(c.body).kind === 'application_accepted' && JSON.parse(c.body).recipient.id === uscc,
    'the acceptance',
  )
  verify(step, hook.body.secret)
  assert.match(JSON.parse(step.body).link, new RegExp(id))

  const status = await api.get('/api/v1/inbox/webhook', { key: enterprise.key })
  assert.equal(status.status, 200, status.text)
  assert.equal(status.body.url, url)
  assert.ok(status.body.deliveries.some((d) => d.delivered_at !== null))
})

test('a webhook URL off the loopback in development, or missing, is refused', async () => {
  const enterprise = await createKey('enterprise')
  assertError(
    await api.put('/api/v1/inbox/webhook', {
      key: enterprise.key,
      json: { url: 'http://203.0.113.9/hook' },
    }),
    400,
    'invalid_argument',
    ['url'],
  )
  assertError(await api.put('/api/v1/inbox/webhook', { key: enterprise.key, json: {} }), 400,
    'invalid_argument', ['url'])
  assertError(await api.get('/api/v1/inbox/webhook', { key: enterprise.key }), 404, 'not_found')
  assertError(await api.delete('/api/v1/inbox/webhook', { key: enterprise.key }), 404, 'not_found')
  const admin = await api.put('/api/v1/inbox/webhook', { json: { url: 'http://127.0.0.1:9/' } })
  assert.equal(admin.status, 403, admin.text)
})
