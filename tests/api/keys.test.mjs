// /api/v1/keys: issue keys per role with their bindings, list them (never their text), revoke.
// Rejected requests carry a unique label; the list then shows nothing was written.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ADMIN_KEY, api, assertError, reasonFor } from './client.mjs'
import { createEnterprise, createKey, keysLabelled, ms, tag, unknownKeyId } from './fixtures.mjs'
import { makeUscc, withBadFinalCheck } from './uscc.mjs'

const KEY_TEXT = /^rx_[A-Za-z0-9_-]{43}$/
const issue = (json, opts) => api.post('/api/v1/keys', { json, ...opts })

/** Posts a request that must be rejected with 400 on `fields`; checks nothing was written. */
async function rejected(body, fields) {
  const label = `rejected ${tag()}`
  const res = await issue({ ...body, label })
  assertError(res, 400, 'invalid_argument', fields)
  assert.deepEqual(await keysLabelled(label), [], 'a rejected request wrote no key')
  return res
}

describe('POST /api/v1/keys', () => {
  it('issues keys for roles without a binding', async () => {
    for (const role of ['admin', 'data_provider', 'service_agency', 'node']) {
      const label = `api-test ${role} ${tag()}`
      const started = Date.now()
      const res = await issue({ role, label })
      assert.equal(res.status, 201, res.text)
      assert.match(res.body.key, KEY_TEXT)
      assert.equal(res.body.role, role)
      assert.equal(res.body.label, label)
      assert.equal(res.body.uscc, null)
      assert.equal(res.body.institution_id, null)
      assert.equal(res.body.revoked_at, null)
      assert.ok(Math.abs(ms(res.body.created_at) - started) < 60_000)
      const me = await api.get('/api/v1/me', { key: res.body.key })
      assert.deepEqual(me.body, { key_id: res.body.id, role, uscc: null, institution_id: null })
    }
  })

  it('issues an enterprise key bound to a USCC', async () => {
    const e = await createEnterprise()
    const res = await issue({ role: 'enterprise', uscc: e.uscc })
    assert.equal(res.status, 201, res.text)
    assert.equal(res.body.uscc, e.uscc)
    assert.equal(res.body.label, '', 'the label defaults to empty')
    const me = await api.get('/api/v1/me', { key: res.body.key })
    assert.equal(me.body.uscc, e.uscc)
  })

  it('issues an institution key bound to an institution id', async () => {
    for (const id of ['ICBC_SH-001', 'b'.repeat(64)]) {
      const res = await issue({ role: 'institution', institution_id: id })
      assert.equal(res.status, 201, res.text)
      assert.equal(res.body.institution_id, id)
      assert.equal((await api.get('/api/v1/me', { key: res.body.key })).body.institution_id, id)
    }
  })

  it('issues a different key text every time', async () => {
    const a = await createKey('node')
    const b = await createKey('node')
    assert.notEqual(a.key, b.key)
    assert.notEqual(a.id, b.id)
  })

  it('requires a USCC for, and only for, enterprise keys', async () => {
    let res = await rejected({ role: 'enterprise' }, ['uscc'])
    assert.equal(reasonFor(res, 'uscc'), 'is required for role enterprise')
    res = await rejected({ role: 'enterprise', uscc: withBadFinalCheck(makeUscc()) }, ['uscc[18]'])
    res = await rejected({ role: 'enterprise', uscc: 'short' }, ['uscc'])
    for (const role of ['admin', 'data_provider', 'institution', 'service_agency', 'node']) {
      const body = { role, uscc: makeUscc(), ...(role === 'institution' ? { institution_id: 'bank-1' } : {}) }
      res = await rejected(body, ['uscc'])
      assert.equal(reasonFor(res, 'uscc'), 'only for role enterprise', role)
    }
  })

  it('requires a well-formed institution id for, and only for, institution keys', async () => {
    let res = await rejected({ role: 'institution' }, ['institution_id'])
    assert.equal(reasonFor(res, 'institution_id'), 'is required for role institution')
    for (const id of ['', 'has space', 'a'.repeat(65), '银行', 'a/b'])
      await rejected({ role: 'institution', institution_id: id }, ['institution_id'])
    for (const role of ['admin', 'node']) {
      res = await rejected({ role, institution_id: 'bank-1' }, ['institution_id'])
      assert.equal(reasonFor(res, 'institution_id'), 'only for role institution')
    }
  })

  it('requires a known role', async () => {
    let res = await rejected({}, ['role'])
    assert.equal(
      reasonFor(res, 'role'),
      'must be one of admin, data_provider, enterprise, institution, service_agency, node',
    )
    assert.equal(res.body.error.message, 'role is required')
    res = await rejected({ role: 'superuser' }, ['role'])
    assert.equal(res.body.error.message, "unknown role 'superuser'")
    res = await rejected({ role: 'Admin' }, ['role'])
    res = await rejected({ role: 5 }, ['role'])
    assert.equal(reasonFor(res, 'role'), 'must be a string')
  })

  it('lists every problem of a request at once', async () => {
    const res = await rejected({ role: 'node', uscc: makeUscc(), institution_id: 'bank-1' }, [
      'uscc',
      'institution_id',
    ])
    assert.equal(reasonFor(res, 'uscc'), 'only for role enterprise')
    assert.equal(reasonFor(res, 'institution_id'), 'only for role institution')
    const bad = await issue({ role: 'institution', institution_id: 'a b', label: 'x'.repeat(201) })
    assertError(bad, 400, 'invalid_argument', ['institution_id', 'label'])
  })

  it('rejects a label that holds a NUL character, and writes nothing', async () => {
    const t = tag()
    const res = await issue({ role: 'node', label: `${t}\u0000after` })
    assertError(res, 400, 'invalid_argument', ['label'])
    assert.equal(reasonFor(res, 'label'), 'contains a NUL character')
    const keys = (await api.get('/api/v1/keys')).body.items
    assert.ok(!keys.some((k) => k.label.startsWith(t)))
  })

  it('rejects unknown fields, wrong types and a label over 200 bytes', async () => {
    let res = await rejected({ role: 'node', expires_at: '2030-01-01' }, ['expires_at'])
    assert.equal(reasonFor(res, 'expires_at'), 'unknown field')
    res = await issue({ role: 'node', label: 42 })
    assertError(res, 400, 'invalid_argument', ['label'])
    assert.equal(reasonFor(res, 'label'), 'must be a string')
    const long = `L${tag()}`.padEnd(201, 'x')
    res = await issue({ role: 'node', label: long })
    assertError(res, 400, 'invalid_argument', ['label'])
    assert.deepEqual(await keysLabelled(long), [])
    // 67 Chinese characters are 201 bytes of UTF-8.
    assertError(await issue({ role: 'node', label: '密'.repeat(67) }), 400, 'invalid_argument', ['label'])
    const fits = await issue({ role: 'node', label: `${tag()}`.padEnd(200, 'y') })
    assert.equal(fits.status, 201, fits.text)
  })

  it('rejects malformed JSON and other content types', async () => {
    let res = await api.post('/api/v1/keys', {
      body: '{"role": "node"',
      headers: { 'content-type': 'application/json' },
    })
    assertError(res, 400, 'invalid_argument', ['body'])
    assert.match(res.body.error.message, /^malformed JSON at line 1, column 16: /)
    res = await api.post('/api/v1/keys', {
      body: 'role=node',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    assertError(res, 415, 'unsupported_media_type', ['content-type'])
  })
})

describe('GET /api/v1/keys', () => {
  it('lists every key, ordered by id, never with its text', async () => {
    const made = [await createKey('node'), await createKey('institution'), await createKey('enterprise')]
    const res = await api.get('/api/v1/keys')
    assert.equal(res.status, 200)
    const ids = res.body.items.map((k) => k.id)
    assert.deepEqual(ids, [...ids].sort())
    assert.equal(new Set(ids).size, ids.length)
    for (const m of made) {
      const listed = res.body.items.find((k) => k.id === m.id)
      const { key, ...record } = m.record
      assert.deepEqual(listed, record)
      assert.ok(!res.text.includes(m.key), 'key text never listed')
    }
    assert.ok(!res.text.includes(ADMIN_KEY))
    assert.ok(!/rx_[A-Za-z0-9_-]{43}/.test(res.text), 'nothing that looks like key text')
    for (const k of res.body.items) assert.ok(!('key' in k) && !('secret_hash' in k))
  })

  it('includes the calling admin key', async () => {
    const me = await api.get('/api/v1/me')
    const res = await api.get('/api/v1/keys')
    assert.ok(
      res.body.items.some((k) => k.id === me.body.key_id && k.role === 'admin' && k.revoked_at === null),
    )
  })
})

describe('DELETE /api/v1/keys/{id}', () => {
  it('revokes a key: 204 without a body, and the key gets 401 at once', async () => {
    const k = await createKey('data_provider')
    assert.equal((await api.get('/api/v1/me', { key: k.key })).status, 200)
    const res = await api.delete(`/api/v1/keys/${k.id}`)
    assert.equal(res.status, 204)
    assert.equal(res.text, '')
    // RFC 9110 §8.6, §8.3: a 204 has neither Content-Length nor Content-Type.
    assert.equal(res.headers.get('content-length'), null)
    assert.equal(res.headers.get('content-type'), null)
    for (const path of ['/api/v1/me', '/api/v1/enterprises', '/api/v1/meta/districts']) {
      const after = await api.get(path, { key: k.key })
      assertError(after, 401, 'unauthenticated')
      assert.equal(after.body.error.message, 'API key is not valid')
    }
    assertError(await api.post('/api/v1/enterprises', { key: k.key, json: {} }), 401, 'unauthenticated')
  })

  it('shows the revocation time in the list; revoking again changes nothing', async () => {
    const k = await createKey('node')
    await api.delete(`/api/v1/keys/${k.id}`)
    const first = (await api.get('/api/v1/keys')).body.items.find((x) => x.id === k.id)
    assert.ok(first.revoked_at)
    assert.ok(ms(first.revoked_at) >= ms(first.created_at))
    const again = await api.delete(`/api/v1/keys/${k.id}`)
    assert.equal(again.status, 204)
    const second = (await api.get('/api/v1/keys')).body.items.find((x) => x.id === k.id)
    assert.equal(second.revoked_at, first.revoked_at)
    assertError(await api.get('/api/v1/me', { key: k.key }), 401, 'unauthenticated')
  })

  it('leaves other keys working', async () => {
    const a = await createKey('node')
    const b = await createKey('node')
    await api.delete(`/api/v1/keys/${a.id}`)
    assert.equal((await api.get('/api/v1/me', { key: b.key })).status, 200)
    assert.equal((await api.get('/api/v1/me')).status, 200)
  })

  it('answers 400 for an id that is not UTF-8', async () => {
    const res = await api.delete('/api/v1/keys/%FF')
    assertError(res, 400, 'invalid_argument', ['id'])
    assert.equal(reasonFor(res, 'id'), 'not valid UTF-8')
  })

  it('answers 404 for an unknown id', async () => {
    const id = unknownKeyId()
    const res = await api.delete(`/api/v1/keys/${id}`)
    assertError(res, 404, 'not_found', [])
    assert.equal(res.body.error.message, `API key ${id} does not exist`)
  })

  it('takes no body (400), and then revokes nothing', async () => {
    const k = await createKey('node')
    const res = await api.delete(`/api/v1/keys/${k.id}`, {
      body: '{"reason":"x"}',
      headers: { 'content-type': 'application/json' },
    })
    assertError(res, 400, 'invalid_argument', ['body'])
    assert.equal(res.body.error.message, 'this route takes no request body')
    assert.equal((await api.get('/api/v1/me', { key: k.key })).status, 200)
  })

  it('is for admin keys only', async () => {
    const victim = await createKey('node')
    for (const role of ['data_provider', 'enterprise', 'institution', 'service_agency', 'node']) {
      const { key } = await createKey(role)
      assertError(await api.delete(`/api/v1/keys/${victim.id}`, { key }), 403, 'permission_denied')
    }
    assert.equal((await api.get('/api/v1/me', { key: victim.key })).status, 200, 'still valid')
  })
})
