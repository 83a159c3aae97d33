// Authentication and roles: what each kind of key may and may not do. (openapi.test.mjs also
// checks every operation against every role as declared in x-roles.)
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { before, describe, it } from 'node:test'
import { ADMIN_KEY, api, assertError } from './client.mjs'
import {
  assertNotRegistered,
  createEnterprise,
  createKey,
  enterpriseInput,
  getEnterprise,
  keysForAllRoles,
} from './fixtures.mjs'
import { makeUscc } from './uscc.mjs'

describe('authentication', () => {
  it('is 401 without a key, with WWW-Authenticate', async () => {
    const res = await api.get('/api/v1/enterprises', { key: null })
    assertError(res, 401, 'unauthenticated', [])
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="rongxin"')
    assert.equal(res.body.error.message, "missing API key: send 'Authorization: Bearer <key>'")
  })

  it('is 401 for keys that are not valid', async () => {
    const wellFormedUnknown = `rx_${randomBytes(32).toString('base64url')}`
    for (const key of [
      wellFormedUnknown,
      'nope',
      'rx_',
      `${ADMIN_KEY}x`,
      ADMIN_KEY.slice(0, -1),
      ADMIN_KEY.replace(/^rx_/, 'xx_'),
    ]) {
      const res = await api.get('/api/v1/enterprises', { key })
      assertError(res, 401, 'unauthenticated', [])
      assert.equal(res.body.error.message, 'API key is not valid', key)
    }
  })

  it('accepts the Bearer scheme in any case (RFC 9110 §11.1)', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await api.get('/api/v1/me', { headers: { authorization: `${scheme} ${ADMIN_KEY}` } })
      assert.equal(res.status, 200, `${scheme}: ${res.text}`)
    }
  })

  it('is 401 for other authorization schemes', async () => {
    for (const value of [
      `Basic ${Buffer.from(`admin:${ADMIN_KEY}`).toString('base64')}`,
      ADMIN_KEY,
      `Token ${ADMIN_KEY}`,
    ]) {
      const res = await api.get('/api/v1/me', { headers: { authorization: value } })
      assertError(res, 401, 'unauthenticated')
      assert.match(res.body.error.message, /^missing API key/)
    }
  })

  it('checks the key before the request body', async () => {
    let res = await api.post('/api/v1/enterprises', {
      key: null,
      body: '{oops',
      headers: { 'content-type': 'text/plain' },
    })
    assertError(res, 401, 'unauthenticated')
    const input = enterpriseInput()
    res = await api.post('/api/v1/enterprises', { key: 'bad', json: input })
    assertError(res, 401, 'unauthenticated')
    await assertNotRegistered(input.uscc)
  })
})

describe('enterprise keys', () => {
  let own
  let other
  let key
  before(async () => {
    own = await createEnterprise()
    other = await createEnterprise()
    ;({ key } = await createKey('enterprise', { uscc: own.uscc }))
  })

  it('read their own enterprise', async () => {
    const res = await getEnterprise(own.uscc, key)
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, own)
  })

  it('may not read another enterprise (403), registered or not', async () => {
    for (const uscc of [other.uscc, makeUscc()]) {
      const res = await getEnterprise(uscc, key)
      assertError(res, 403, 'permission_denied', [])
      assert.equal(res.body.error.message, 'an enterprise key may only read its own enterprise')
    }
  })

  it('see only themselves in the list', async () => {
    const res = await api.get('/api/v1/enterprises', { key, query: { limit: 200 } })
    assert.deepEqual(
      res.body.items.map((e) => e.uscc),
      [own.uscc],
    )
  })

  it('may not register or change enterprises, manage keys or read metrics', async () => {
    assertError(
      await api.post('/api/v1/enterprises', { key, json: enterpriseInput() }),
      403,
      'permission_denied',
    )
    assertError(
      await api.patch(`/api/v1/enterprises/${own.uscc}`, { key, json: { name: '自己改名' } }),
      403,
      'permission_denied',
    )
    assert.deepEqual((await getEnterprise(own.uscc)).body, own)
    assertError(await api.get('/api/v1/keys', { key }), 403, 'permission_denied')
    assertError(await api.post('/api/v1/keys', { key, json: { role: 'admin' } }), 403, 'permission_denied')
    assertError(await api.get('/metrics', { key }), 403, 'permission_denied')
  })

  it('still get 400 for an invalid USCC and 403 before 404', async () => {
    assertError(await getEnterprise('123', key), 400, 'invalid_argument', ['uscc'])
  })
})

describe('institution, service_agency and node keys', () => {
  let keys
  before(async () => {
    keys = await keysForAllRoles()
  })

  it('read the registry', async () => {
    const e = await createEnterprise()
    for (const role of ['institution', 'service_agency', 'node']) {
      const { key } = keys[role]
      assert.equal((await api.get('/api/v1/enterprises', { key })).body.items.length, 20, role)
      assert.deepEqual((await getEnterprise(e.uscc, key)).body, e, role)
      assertError(await getEnterprise(makeUscc(), key), 404, 'not_found')
    }
  })

  it('may not use admin-only routes (403 naming the role and the allowed roles)', async () => {
    for (const role of ['institution', 'service_agency', 'node', 'data_provider', 'enterprise']) {
      const { key } = keys[role]
      let res = await api.get('/api/v1/keys', { key })
      assertError(res, 403, 'permission_denied', [])
      assert.equal(res.body.error.message, `role ${role} may not call GET /api/v1/keys (allowed: admin)`)
      res = await api.post('/api/v1/keys', { key, json: { role: 'admin', label: 'escalation' } })
      assertError(res, 403, 'permission_denied')
      assert.equal(res.body.error.message, `role ${role} may not call POST /api/v1/keys (allowed: admin)`)
    }
  })

  it('may not register or change enterprises', async () => {
    const e = await createEnterprise()
    for (const role of ['institution', 'service_agency', 'node']) {
      const { key } = keys[role]
      const input = enterpriseInput()
      const res = await api.post('/api/v1/enterprises', { key, json: input })
      assertError(res, 403, 'permission_denied')
      assert.equal(
        res.body.error.message,
        `role ${role} may not call POST /api/v1/enterprises (allowed: admin, data_provider)`,
      )
      assert.equal((await getEnterprise(input.uscc)).status, 404)
      assertError(
        await api.patch(`/api/v1/enterprises/${e.uscc}`, { key, json: { size: 'large' } }),
        403,
        'permission_denied',
      )
    }
    assert.deepEqual((await getEnterprise(e.uscc)).body, e)
  })

  it('get 403 before any body check', async () => {
    const { key } = keys.institution
    assertError(
      await api.post('/api/v1/enterprises', {
        key,
        body: '{oops',
        headers: { 'content-type': 'application/json' },
      }),
      403,
      'permission_denied',
    )
    assertError(
      await api.post('/api/v1/enterprises', { key, body: 'x', headers: { 'content-type': 'text/plain' } }),
      403,
      'permission_denied',
    )
  })

  it('node keys read metrics; institution keys do not', async () => {
    assert.equal((await api.get('/metrics', { key: keys.node.key })).status, 200)
    assertError(await api.get('/metrics', { key: keys.institution.key }), 403, 'permission_denied')
  })
})

describe('data_provider keys', () => {
  let key
  before(async () => {
    ;({ key } = await createKey('data_provider'))
  })

  it('register enterprises', async () => {
    const input = enterpriseInput()
    const res = await api.post('/api/v1/enterprises', { key, json: input })
    assert.equal(res.status, 201, res.text)
    assert.equal((await getEnterprise(input.uscc)).status, 200)
  })

  it('change enterprises', async () => {
    const e = await createEnterprise()
    const res = await api.patch(`/api/v1/enterprises/${e.uscc}`, { key, json: { status: 'revoked' } })
    assert.equal(res.status, 200, res.text)
    assert.equal((await getEnterprise(e.uscc)).body.status, 'revoked')
  })

  it('get the same validation errors as admins', async () => {
    const res = await api.post('/api/v1/enterprises', { key, json: { ...enterpriseInput(), size: 'xxl' } })
    assertError(res, 400, 'invalid_argument', ['size'])
  })

  it('may not manage keys or read metrics', async () => {
    assertError(await api.get('/api/v1/keys', { key }), 403, 'permission_denied')
    assertError(await api.get('/metrics', { key }), 403, 'permission_denied')
  })
})
