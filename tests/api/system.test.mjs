// Health, readiness, metrics, /api/v1/me, request ids, unknown routes and wrong methods.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { before, describe, it } from 'node:test'
import { METHODS, api, assertError, call, doc } from './client.mjs'
import { createEnterprise, createKey } from './fixtures.mjs'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const GENERATED_ID = /^[0-9a-f]{24}$/

describe('health and readiness (public)', () => {
  it('GET /healthz answers ok without a key', async () => {
    const res = await api.get('/healthz', { key: null })
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, { status: 'ok' })
  })

  it('GET /healthz ignores even an invalid key', async () => {
    const res = await api.get('/healthz', { key: 'not-a-key' })
    assert.equal(res.status, 200)
  })

  it('GET /readyz reports the schema version', async () => {
    const res = await api.get('/readyz', { key: null })
    assert.equal(res.status, 200)
    assert.equal(res.body.status, 'ready')
    assert.ok(Number.isInteger(res.body.schema_version) && res.body.schema_version >= 1)
  })

  it('HEAD /healthz has the status and headers of GET and no body', async () => {
    const res = await api.head('/healthz', { key: null })
    assert.equal(res.status, 200)
    assert.equal(res.text, '')
    assert.equal(res.headers.get('content-length'), String(JSON.stringify({ status: 'ok' }).length))
  })
})

describe('GET /metrics', () => {
  let keys
  before(async () => {
    keys = {}
    for (const role of ['enterprise', 'institution', 'data_provider', 'service_agency', 'node'])
      keys[role] = (await createKey(role)).key
  })

  const counter = (text, route, method, status) => {
    const line = text
      .split('\n')
      .find((l) =>
        l.startsWith(`rongxin_http_requests_total{route="${route}",method="${method}",status="${status}"} `),
      )
    return line ? Number(line.split(' ').pop()) : 0
  }

  it('needs a key (401) and says how to send one', async () => {
    const res = await api.get('/metrics', { key: null })
    assertError(res, 401, 'unauthenticated')
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="rongxin"')
    assertError(await api.get('/metrics', { key: 'rx_' + 'A'.repeat(43) }), 401, 'unauthenticated')
  })

  it('is forbidden (403) to enterprise, institution, data_provider and service_agency keys', async () => {
    for (const role of ['enterprise', 'institution', 'data_provider', 'service_agency']) {
      const res = await api.get('/metrics', { key: keys[role] })
      assertError(res, 403, 'permission_denied')
      assert.match(res.body.error.message, /allowed: admin, node/)
    }
  })

  it('serves the Prometheus text format to admin and node keys', async () => {
    for (const key of [undefined, keys.node]) {
      const res = await api.get('/metrics', { key })
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8')
      for (const name of [
        'rongxin_http_requests_total',
        'rongxin_http_errors_total',
        'rongxin_http_request_duration_seconds',
      ])
        assert.match(res.text, new RegExp(`^# TYPE ${name} (counter|histogram)$`, 'm'), name)
      for (const line of res.text.split('\n').filter((l) => l && !l.startsWith('#')))
        assert.match(line, /^[a-z_]+\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\} [0-9.e+-]+$/, line)
    }
  })

  it('counts requests by route pattern, method and status', async () => {
    const before = (await api.get('/metrics')).text
    await api.get('/healthz')
    await api.get('/healthz')
    const e = await createEnterprise()
    await api.get(`/api/v1/enterprises/${e.uscc}`)
    await api.get('/api/v1/no-such-thing')
    const after = (await api.get('/metrics')).text
    assert.ok(counter(after, '/healthz', 'GET', 200) >= counter(before, '/healthz', 'GET', 200) + 2)
    assert.ok(counter(after, '/api/v1/enterprises/{uscc}', 'GET', 200) >= 1)
    assert.ok(counter(after, '(no route)', 'GET', 404) >= 1)
    assert.ok(!after.includes(e.uscc), 'labels are route patterns, never concrete paths')
    const errors = after
      .split('\n')
      .find((l) => l.startsWith('rongxin_http_errors_total{route="(no route)",method="GET"}'))
    assert.ok(errors && Number(errors.split(' ').pop()) >= 1, 'errors_total counts the 404')
    assert.match(
      after,
      /^rongxin_http_request_duration_seconds_bucket\{route="\/healthz",method="GET",le="\+Inf"\} \d+$/m,
    )
  })

  it('counts methods outside the standard set under one label, OTHER', async () => {
    const method = `RX${randomBytes(4).toString('hex').toUpperCase()}`
    const res = await call(method, '/api/v1/nope')
    assertError(res, 404, 'not_found')
    const metrics = (await api.get('/metrics')).text
    assert.ok(!metrics.includes(method), `no series for ${method}`)
    assert.ok(counter(metrics, '(no route)', 'OTHER', 404) >= 1)
  })
})

describe('GET /api/v1/me', () => {
  it('describes an admin key', async () => {
    const res = await api.get('/api/v1/me')
    assert.equal(res.status, 200)
    assert.equal(res.body.role, 'admin')
    assert.match(res.body.key_id, UUID)
    assert.equal(res.body.uscc, null)
    assert.equal(res.body.institution_id, null)
  })

  it('describes each role with its binding', async () => {
    const ent = await createKey('enterprise')
    const inst = await createKey('institution', { institution_id: 'ICBC-sh_01' })
    const node = await createKey('node')
    let res = await api.get('/api/v1/me', { key: ent.key })
    assert.deepEqual(res.body, {
      key_id: ent.id,
      role: 'enterprise',
      uscc: ent.record.uscc,
      institution_id: null,
    })
    res = await api.get('/api/v1/me', { key: inst.key })
    assert.deepEqual(res.body, {
      key_id: inst.id,
      role: 'institution',
      uscc: null,
      institution_id: 'ICBC-sh_01',
    })
    res = await api.get('/api/v1/me', { key: node.key })
    assert.deepEqual(res.body, { key_id: node.id, role: 'node', uscc: null, institution_id: null })
  })

  it('is 401 without a key', async () => {
    const res = await api.get('/api/v1/me', { key: null })
    assertError(res, 401, 'unauthenticated', [])
    assert.match(res.body.error.message, /Authorization: Bearer/)
  })
})

describe('X-Request-Id', () => {
  it('echoes a well-formed id from the caller', async () => {
    for (const id of ['abc', 'req-2025.01_31', 'A'.repeat(64)]) {
      const res = await api.get('/healthz', { headers: { 'x-request-id': id } })
      assert.equal(res.requestId, id)
    }
  })

  it('makes one (24 hex digits, different each time) when none is given', async () => {
    const a = await api.get('/healthz')
    const b = await api.get('/healthz')
    assert.match(a.requestId, GENERATED_ID)
    assert.match(b.requestId, GENERATED_ID)
    assert.notEqual(a.requestId, b.requestId)
  })

  it('replaces an id that is too long or has unsafe characters', async () => {
    for (const id of ['A'.repeat(65), 'has space', 'a/b', 'quote"d', 'semi;colon', 'x+y']) {
      const res = await api.get('/healthz', { headers: { 'x-request-id': id } })
      assert.notEqual(res.requestId, id)
      assert.match(res.requestId, GENERATED_ID, id)
    }
  })

  it('is on error responses too', async () => {
    const given = 'err-check-1'
    for (const res of [
      await api.get('/api/v1/me', { key: null, headers: { 'x-request-id': given } }),
      await api.get('/api/v1/nothing-here', { headers: { 'x-request-id': given } }),
      await api.put('/api/v1/me', { headers: { 'x-request-id': given } }),
      await api.get('/api/v1/enterprises', { query: { limit: 0 }, headers: { 'x-request-id': given } }),
    ])
      assert.equal(res.requestId, given, res.text)
  })
})

describe('unknown routes and wrong methods', () => {
  it('answers 404 "no route" for paths the API does not have', async () => {
    for (const path of [
      '/api/v1/nope',
      '/api/v2/enterprises',
      '/api/v1/enterprises/91310115MA1K3YJ662/extra',
      '/api/v1/enterprises/',
      '/api/v1/keys/',
      '/api/',
    ]) {
      const res = await api.get(path)
      assertError(res, 404, 'not_found', [])
      assert.match(res.body.error.message, /^no route for GET /, path)
    }
  })

  it('answers 404 before asking for a key', async () => {
    assertError(await api.get('/api/v1/nope', { key: null }), 404, 'not_found')
  })

  it('answers 405 with an Allow header for every documented path and every other method', async () => {
    for (const [template, item] of Object.entries(doc.paths)) {
      const path = template
        .replace('{uscc}', '91310115MA1K3YJ662')
        .replace('{id}', '00000000-0000-7000-8000-000000000000')
        .replace('{version}', '1')
        .replace('{category}', 'tax')
        .replace('{index}', '0')
      const allowed = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase())
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !allowed.includes(m))) {
        // The client checks that Allow lists exactly the documented methods.
        const res = await call(method, path, { key: null })
        assertError(res, 405, 'method_not_allowed', ['method'])
        assert.equal(res.body.error.message, `${method} is not allowed on ${path}`)
        assert.equal(res.body.error.details[0].reason, `allowed: ${res.headers.get('allow')}`)
      }
    }
  })
})
