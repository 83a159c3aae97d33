// POST /api/v1/enterprises and GET/PATCH /api/v1/enterprises/{uscc}. After every rejected write
// the enterprise is read back to show that nothing was written.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { api, assertError, reasonFor } from './client.mjs'
import {
  assertNotRegistered,
  createEnterprise,
  enterpriseInput,
  getEnterprise,
  ms,
  tag,
} from './fixtures.mjs'
import { makeUscc, withBadFinalCheck } from './uscc.mjs'

const MiB = 1024 * 1024
const post = (json, opts) => api.post('/api/v1/enterprises', { json, ...opts })
const postRaw = (body, contentType) =>
  api.post('/api/v1/enterprises', {
    body,
    headers: contentType ? { 'content-type': contentType } : {},
  })
const patch = (uscc, json, opts) => api.patch(`/api/v1/enterprises/${uscc}`, { json, ...opts })

describe('POST /api/v1/enterprises', () => {
  it('registers an enterprise: 201, Location, the stored fields, status active by default', async () => {
    const input = enterpriseInput()
    const started = Date.now()
    const res = await post(input)
    assert.equal(res.status, 201, res.text)
    assert.equal(res.headers.get('location'), `/api/v1/enterprises/${input.uscc}`)
    const { created_at, updated_at, status, ...fields } = res.body
    assert.deepEqual(fields, input)
    assert.equal(status, 'active')
    assert.equal(created_at, updated_at)
    assert.ok(Math.abs(ms(created_at) - started) < 60_000, `created_at ${created_at} is now`)
    const read = await api.get(res.headers.get('location'))
    assert.equal(read.status, 200)
    assert.deepEqual(read.body, res.body)
  })

  it('keeps a given status and the boundary values', async () => {
    const input = enterpriseInput({
      status: 'cancelled',
      name: '企'.repeat(100),
      registered_capital_fen: 0,
      registration_date: '1900-01-01',
      industry: 'T97',
      district: 'other',
      size: 'micro',
    })
    const res = await post(input)
    assert.equal(res.status, 201, res.text)
    assert.equal(res.body.status, 'cancelled')
    assert.equal(res.body.name, input.name)
    assert.equal(res.body.registered_capital_fen, 0)
    assert.deepEqual((await getEnterprise(input.uscc)).body, res.body)
  })

  it('stores a large capital exactly (integer fen, no floating point)', async () => {
    const input = enterpriseInput({ registered_capital_fen: 9_007_199_254_740_991 }) // 2^53 - 1
    const res = await post(input)
    assert.equal(res.status, 201, res.text)
    assert.equal((await getEnterprise(input.uscc)).body.registered_capital_fen, 9_007_199_254_740_991)
  })

  it('answers 409 for a USCC that is already registered, and keeps the first', async () => {
    const first = await createEnterprise()
    const res = await post(enterpriseInput({ uscc: first.uscc, name: '另一家公司' }))
    assertError(res, 409, 'already_exists', [])
    assert.match(res.body.error.message, new RegExp(first.uscc))
    assert.deepEqual((await getEnterprise(first.uscc)).body, first)
  })

  it('registers a USCC once when the same one is sent concurrently', async () => {
    const input = enterpriseInput()
    const results = await Promise.all(Array.from({ length: 6 }, () => post(input)))
    const statuses = results.map((r) => r.status).sort()
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409])
    assert.equal((await getEnterprise(input.uscc)).status, 200)
  })

  it('lists every missing field', async () => {
    const res = await post({})
    assertError(res, 400, 'invalid_argument', [
      'uscc',
      'name',
      'district',
      'industry',
      'size',
      'registration_date',
      'registered_capital_fen',
    ])
    for (const d of res.body.error.details) assert.equal(d.reason, 'is required')
    assert.equal(res.body.error.message, 'enterprise is invalid: uscc is required')
  })

  it('lists every invalid field at once, and writes nothing', async () => {
    const uscc = makeUscc()
    const res = await post({
      uscc,
      name: '   ',
      district: '320500',
      industry: 'C99',
      size: 'huge',
      registration_date: '2999-01-01',
      registered_capital_fen: -1,
      status: 'dormant',
    })
    assertError(res, 400, 'invalid_argument', [
      'name',
      'district',
      'industry',
      'size',
      'registration_date',
      'registered_capital_fen',
      'status',
    ])
    assert.equal(reasonFor(res, 'name'), 'must not be empty')
    assert.equal(reasonFor(res, 'district'), "unknown district code '320500'")
    assert.equal(reasonFor(res, 'industry'), "'C99' is not a GB/T 4754-2017 section letter and division")
    assert.equal(reasonFor(res, 'size'), 'must be one of large, medium, small, micro')
    assert.equal(reasonFor(res, 'registration_date'), 'is in the future')
    assert.equal(reasonFor(res, 'registered_capital_fen'), 'must not be negative')
    assert.equal(reasonFor(res, 'status'), 'must be one of active, revoked, cancelled')
    await assertNotRegistered(uscc)
  })

  it('rejects invalid names, dates and industries with a reason each', async () => {
    const cases = [
      [{ name: '' }, 'name', 'must not be empty'],
      [{ name: 'x'.repeat(101) }, 'name', 'longer than 100 characters'],
      [{ name: '企'.repeat(101) }, 'name', 'longer than 100 characters'],
      [{ name: '上海\u0001公司' }, 'name', 'contains a control character'],
      [{ name: '上海\t公司' }, 'name', 'contains a control character'],
      [{ registration_date: '2023-02-30' }, 'registration_date', 'must be a real date YYYY-MM-DD'],
      [{ registration_date: '2023-2-3' }, 'registration_date', 'must be a real date YYYY-MM-DD'],
      [{ registration_date: '20230203' }, 'registration_date', 'must be a real date YYYY-MM-DD'],
      [{ registration_date: '1899-12-31' }, 'registration_date', 'is before 1900'],
      [{ industry: 'c39' }, 'industry', "'c39' is not a GB/T 4754-2017 section letter and division"],
      [{ industry: 'C' }, 'industry', "'C' is not a GB/T 4754-2017 section letter and division"],
      [{ industry: 'A06' }, 'industry', "'A06' is not a GB/T 4754-2017 section letter and division"],
      [{ district: 'Pudong' }, 'district', "unknown district code 'Pudong'"],
    ]
    for (const [override, field, reason] of cases) {
      const input = enterpriseInput(override)
      const res = await post(input)
      assertError(res, 400, 'invalid_argument', [field])
      assert.equal(reasonFor(res, field), reason, JSON.stringify(override))
      await assertNotRegistered(input.uscc)
    }
  })

  it('rejects a NUL character in any string field, naming each field', async () => {
    const input = enterpriseInput({ name: '上海\u0000公司', district: '310115\u0000' })
    const res = await post(input)
    assertError(res, 400, 'invalid_argument', ['name', 'district'])
    for (const d of res.body.error.details) assert.equal(d.reason, 'contains a NUL character')
    await assertNotRegistered(input.uscc)
  })

  it('rejects an invalid USCC naming the position at fault', async () => {
    const good = makeUscc()
    const cases = [
      [withBadFinalCheck(good), 'uscc[18]', /^check character is '.', expected '.'$/],
      [good.slice(0, 17), 'uscc', /^length 17, expected 18$/],
      [good.toLowerCase(), 'uscc[', /not in the USCC charset|registration authority/],
      [`${good.slice(0, 9)}I${good.slice(10)}`, 'uscc[10]', /^character 'I' is not in the USCC charset/],
      [`Z${good.slice(1)}`, 'uscc[1]', /character 'Z' is not in the USCC charset/],
      [`94${good.slice(2)}`, 'uscc[2]', /organization type '4' is not defined for authority '9'/],
      [`91990000${good.slice(8)}`, 'uscc[3]', /does not start with a province code/],
    ]
    for (const [uscc, field, reason] of cases) {
      const res = await post(enterpriseInput({ uscc }))
      assertError(res, 400, 'invalid_argument')
      const d = res.body.error.details
      assert.equal(d.length, 1, res.text)
      assert.ok(d[0].field.startsWith(field), `${uscc}: ${res.text}`)
      assert.match(d[0].reason, reason, uscc)
      assert.match(res.body.error.message, /^enterprise is invalid: uscc/)
    }
  })

  it('rejects unknown fields, and writes nothing', async () => {
    const input = { ...enterpriseInput(), nickname: '小华', credit_score: 700 }
    const res = await post(input)
    assertError(res, 400, 'invalid_argument')
    assert.deepEqual(res.body.error.details.map((d) => d.field).sort(), ['credit_score', 'nickname'])
    for (const d of res.body.error.details) assert.equal(d.reason, 'unknown field')
    await assertNotRegistered(input.uscc)
  })

  it('rejects values of the wrong JSON type, naming each field', async () => {
    const uscc = makeUscc()
    const res = await post({
      uscc,
      name: 12345,
      district: 310115,
      industry: ['C39'],
      size: null,
      registration_date: { y: 2020 },
      registered_capital_fen: '100000',
      status: true,
    })
    assertError(res, 400, 'invalid_argument', [
      'name',
      'district',
      'industry',
      'size',
      'registration_date',
      'registered_capital_fen',
      'status',
    ])
    for (const d of res.body.error.details)
      assert.equal(d.reason, d.field === 'registered_capital_fen' ? 'must be an integer' : 'must be a string')
    await assertNotRegistered(uscc)
    const numeric = await post({ ...enterpriseInput(), uscc: 913101157 })
    assert.equal(reasonFor(numeric, 'uscc'), 'must be a string')
  })

  it('rejects a capital that is not an integer or out of range', async () => {
    for (const [raw, reason] of [
      ['1.5', 'must be an integer'],
      ['1e3', 'must be an integer'],
      ['9223372036854775808', 'is out of range'],
    ]) {
      const input = enterpriseInput()
      const text = JSON.stringify(input).replace(
        /"registered_capital_fen":\d+/,
        `"registered_capital_fen":${raw}`,
      )
      const res = await postRaw(text, 'application/json')
      assertError(res, 400, 'invalid_argument', ['registered_capital_fen'])
      assert.equal(reasonFor(res, 'registered_capital_fen'), reason, raw)
      await assertNotRegistered(input.uscc)
    }
  })

  it('rejects a body that is not a JSON object', async () => {
    for (const body of ['[]', '"text"', 'null', '42']) {
      const res = await postRaw(body, 'application/json')
      assertError(res, 400, 'invalid_argument')
      assert.deepEqual(res.body.error.details[0], { field: 'body', reason: 'must be a JSON object' }, body)
    }
  })

  it('rejects malformed JSON with the line and column of the error, and writes nothing', async () => {
    const uscc = makeUscc()
    const cases = [
      [`{\n  "uscc": "${uscc}",\n  "name": }`, 3, 11],
      [`{\n  "uscc": "${uscc}",\n  oops: "x"\n}`, 3, 3],
      [`{"uscc": "${uscc}"} ]`, 1, 32],
      [`{"uscc": "${uscc}",`, 1, 31],
      ['{"name": "x",}', 1, 14],
      ['', 1, 1],
    ]
    for (const [text, line, column] of cases) {
      const res = await postRaw(text, 'application/json')
      assertError(res, 400, 'invalid_argument', ['body'])
      const where = `line ${line}, column ${column}`
      assert.ok(
        res.body.error.message.startsWith(`malformed JSON at ${where}: `),
        `${JSON.stringify(text)}: ${res.body.error.message}`,
      )
      assert.ok(res.body.error.details[0].reason.startsWith(`${where}: `), res.text)
    }
    await assertNotRegistered(uscc)
  })

  it('wants application/json (415 otherwise), and writes nothing', async () => {
    const input = enterpriseInput()
    const text = JSON.stringify(input)
    for (const [type, reported] of [
      ['text/plain', 'text/plain'],
      ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
      ['application/xml', 'application/xml'],
    ]) {
      const res = await postRaw(text, type)
      assertError(res, 415, 'unsupported_media_type', ['content-type'])
      assert.equal(reasonFor(res, 'content-type'), reported)
      assert.equal(res.body.error.message, 'request body must be application/json')
    }
    // No Content-Type at all (a Buffer body makes fetch send none).
    const res = await api.post('/api/v1/enterprises', { body: Buffer.from(text) })
    assertError(res, 415, 'unsupported_media_type', ['content-type'])
    assert.equal(reasonFor(res, 'content-type'), 'missing')
    await assertNotRegistered(input.uscc)
    // Only the media type itself counts: lookalikes are refused, case and parameters do not matter.
    for (const type of ['application/jsonp', 'application/json-patch+json', 'json'])
      assertError(await postRaw(text, type), 415, 'unsupported_media_type', ['content-type'])
    await assertNotRegistered(input.uscc)
    const ok = await postRaw(text, 'application/json; charset=utf-8')
    assert.equal(ok.status, 201, ok.text)
    for (const type of [
      'Application/JSON',
      'APPLICATION/JSON; Charset=UTF-8',
      'application/json ;charset=utf-8',
    ]) {
      const again = await postRaw(JSON.stringify(enterpriseInput()), type)
      assert.equal(again.status, 201, `${type}: ${again.text}`)
    }
  })

  it('checks the content type before the JSON syntax', async () => {
    assertError(await postRaw('{not json', 'text/plain'), 415, 'unsupported_media_type')
  })

  it('answers 413 even to a client that is still sending a much larger body', async () => {
    const body = ' '.repeat(8 * MiB)
    for (let i = 0; i < 3; i++) assertError(await postRaw(body, 'application/json'), 413, 'payload_too_large')
  })

  it('refuses a body over 1 MiB (413) and writes nothing; exactly 1 MiB is accepted', async () => {
    const input = enterpriseInput()
    const compact = JSON.stringify(input)
    const bytes = Buffer.byteLength(compact)
    // JSON allows trailing whitespace: pad the same valid request to the limit and one past it.
    const over = await postRaw(compact + ' '.repeat(MiB + 1 - bytes), 'application/json')
    assertError(over, 413, 'payload_too_large', ['body'])
    assert.equal(over.body.error.message, `request body exceeds ${MiB} bytes`)
    await assertNotRegistered(input.uscc)
    const big = await postRaw(
      JSON.stringify({ ...enterpriseInput(), name: 'x'.repeat(MiB) }),
      'application/json',
    )
    assertError(big, 413, 'payload_too_large')
    const at = await postRaw(compact + ' '.repeat(MiB - bytes), 'application/json')
    assert.equal(at.status, 201, at.text)
    assert.equal((await getEnterprise(input.uscc)).status, 200)
  })
})

describe('GET /api/v1/enterprises/{uscc}', () => {
  it('reads a registered enterprise', async () => {
    const e = await createEnterprise()
    const res = await getEnterprise(e.uscc)
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, e)
  })

  it('reads a seeded enterprise found through the list', async () => {
    const first = (await api.get('/api/v1/enterprises', { query: { limit: 1 } })).body.items[0]
    assert.deepEqual((await getEnterprise(first.uscc)).body, first)
  })

  it('answers 404 for a valid USCC that is not registered', async () => {
    const uscc = makeUscc()
    const res = await getEnterprise(uscc)
    assertError(res, 404, 'not_found', [])
    assert.equal(res.body.error.message, `enterprise ${uscc} is not registered`)
  })

  it('answers 400 naming the position for an invalid USCC', async () => {
    const bad = withBadFinalCheck(makeUscc())
    let res = await getEnterprise(bad)
    assertError(res, 400, 'invalid_argument', ['uscc[18]'])
    assert.match(res.body.error.message, /^invalid unified social credit code: uscc\[18\] check character is/)
    res = await getEnterprise('91310115')
    assertError(res, 400, 'invalid_argument', ['uscc'])
    assert.equal(reasonFor(res, 'uscc'), 'length 8, expected 18')
    res = await getEnterprise(encodeURIComponent('9131011 MA1K3YJ662'))
    assertError(res, 400, 'invalid_argument', ['uscc[8]'])
  })

  it('answers 400 for a path parameter that is not UTF-8 or holds a NUL', async () => {
    let res = await api.get('/api/v1/enterprises/%FF%FE')
    assertError(res, 400, 'invalid_argument', ['uscc'])
    assert.equal(reasonFor(res, 'uscc'), 'not valid UTF-8')
    res = await api.get('/api/v1/enterprises/9131011%00MA1K3YJ662')
    assertError(res, 400, 'invalid_argument', ['uscc'])
    assert.equal(reasonFor(res, 'uscc'), 'contains a NUL character')
  })

  it('decodes percent-escapes in the path', async () => {
    const e = await createEnterprise()
    const escaped = e.uscc.replace(/^9/, '%39')
    const res = await api.get(`/api/v1/enterprises/${escaped}`)
    assert.equal(res.status, 200)
    assert.equal(res.body.uscc, e.uscc)
  })
})

describe('PATCH /api/v1/enterprises/{uscc}', () => {
  it('changes only the fields given', async () => {
    const e = await createEnterprise()
    const res = await patch(e.uscc, { name: `上海${tag()}更名后有限公司` })
    assert.equal(res.status, 200, res.text)
    const { name, updated_at, ...rest } = res.body
    const { name: oldName, updated_at: oldUpdated, ...oldRest } = e
    assert.notEqual(name, oldName)
    assert.deepEqual(rest, oldRest, 'other fields and created_at unchanged')
    assert.ok(ms(updated_at) >= ms(oldUpdated))
    assert.deepEqual((await getEnterprise(e.uscc)).body, res.body)
  })

  it('changes every field but the USCC', async () => {
    const e = await createEnterprise()
    const change = {
      name: `上海${tag()}物流有限公司`,
      district: '310118',
      industry: 'G54',
      size: 'medium',
      registration_date: '2001-09-30',
      registered_capital_fen: 123_456_789,
      status: 'revoked',
    }
    const res = await patch(e.uscc, change)
    assert.equal(res.status, 200, res.text)
    assert.deepEqual({ ...res.body, updated_at: undefined }, { ...e, ...change, updated_at: undefined })
    assert.deepEqual((await getEnterprise(e.uscc)).body, res.body)
  })

  it('accepts an empty change and the unchanged USCC', async () => {
    const e = await createEnterprise()
    let res = await patch(e.uscc, {})
    assert.equal(res.status, 200, res.text)
    res = await patch(e.uscc, { uscc: e.uscc, size: 'large' })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.body.size, 'large')
    assert.equal(res.body.uscc, e.uscc)
  })

  it('never changes the USCC (400), and writes nothing', async () => {
    const e = await createEnterprise()
    const res = await patch(e.uscc, { uscc: makeUscc(), name: '新名称' })
    assertError(res, 400, 'invalid_argument', ['uscc'])
    assert.equal(reasonFor(res, 'uscc'), 'cannot be changed')
    assert.deepEqual((await getEnterprise(e.uscc)).body, e)
  })

  it('lists every invalid field, and writes nothing', async () => {
    const e = await createEnterprise()
    const res = await patch(e.uscc, {
      name: '',
      district: 'x',
      industry: 'Z01',
      size: 'tiny',
      registration_date: '2999-12-31',
      registered_capital_fen: -5,
      status: 'gone',
    })
    assertError(res, 400, 'invalid_argument', [
      'name',
      'district',
      'industry',
      'size',
      'registration_date',
      'registered_capital_fen',
      'status',
    ])
    assert.deepEqual((await getEnterprise(e.uscc)).body, e)
  })

  it('rejects a valid change together with an invalid one as a whole', async () => {
    const e = await createEnterprise()
    const res = await patch(e.uscc, { name: '完全合法的新名称', size: 'giant' })
    assertError(res, 400, 'invalid_argument', ['size'])
    assert.deepEqual((await getEnterprise(e.uscc)).body, e)
  })

  it('rejects unknown fields and wrong types, and writes nothing', async () => {
    const e = await createEnterprise()
    let res = await patch(e.uscc, { name: '新名称', rating: 'AAA' })
    assertError(res, 400, 'invalid_argument', ['rating'])
    res = await patch(e.uscc, { name: 1, registered_capital_fen: '5' })
    assertError(res, 400, 'invalid_argument', ['name', 'registered_capital_fen'])
    res = await patch(e.uscc, { created_at: '2020-01-01T00:00:00Z', updated_at: '2020-01-01T00:00:00Z' })
    assertError(res, 400, 'invalid_argument', ['created_at', 'updated_at'])
    assert.deepEqual((await getEnterprise(e.uscc)).body, e)
  })

  it('rejects malformed JSON, a wrong content type and an oversized body, and writes nothing', async () => {
    const e = await createEnterprise()
    const path = `/api/v1/enterprises/${e.uscc}`
    let res = await api.patch(path, {
      body: '{"name": "x",}',
      headers: { 'content-type': 'application/json' },
    })
    assertError(res, 400, 'invalid_argument', ['body'])
    assert.match(res.body.error.message, /^malformed JSON at line 1, column 14: /)
    res = await api.patch(path, {
      body: JSON.stringify({ name: 'x' }),
      headers: { 'content-type': 'text/plain' },
    })
    assertError(res, 415, 'unsupported_media_type', ['content-type'])
    res = await api.patch(path, { json: { name: 'y'.repeat(MiB + 10) } })
    assertError(res, 413, 'payload_too_large', ['body'])
    assert.deepEqual((await getEnterprise(e.uscc)).body, e)
  })

  it('answers 404 for an unregistered USCC and 400 for an invalid one', async () => {
    const uscc = makeUscc()
    assertError(await patch(uscc, { name: '不存在' }), 404, 'not_found', [])
    await assertNotRegistered(uscc)
    assertError(await patch(withBadFinalCheck(uscc), { name: 'x' }), 400, 'invalid_argument', ['uscc[18]'])
  })

  it('makes the change visible to list filters', async () => {
    const t = tag()
    const e = await createEnterprise({ name: `上海${t}餐饮管理有限公司`, status: 'active' })
    await patch(e.uscc, { status: 'cancelled' })
    const res = await api.get('/api/v1/enterprises', { query: { q: t, status: 'cancelled' } })
    assert.deepEqual(
      res.body.items.map((x) => x.uscc),
      [e.uscc],
    )
    const active = await api.get('/api/v1/enterprises', { query: { q: t, status: 'active' } })
    assert.deepEqual(active.body.items, [])
  })
})
