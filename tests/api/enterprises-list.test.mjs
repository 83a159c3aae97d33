// GET /api/v1/enterprises: cursor pagination, filters, query validation, and the enterprise role.
// The database is shared with other test files running at the same time, which create
// enterprises: tests find their own data by a unique name tag and never assume exact totals.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { api, assertError, reasonFor } from './client.mjs'
import { createEnterprise, createKey, listAll, tag } from './fixtures.mjs'
import { checksOk, makeUscc, withBadFinalCheck } from './uscc.mjs'

const list = (query, opts) => api.get('/api/v1/enterprises', { query, ...opts })

describe('pagination', () => {
  it('returns 20 enterprises by default, in ascending USCC order', async () => {
    const res = await list({})
    assert.equal(res.status, 200)
    assert.equal(res.body.items.length, 20)
    const usccs = res.body.items.map((e) => e.uscc)
    assert.deepEqual(usccs, [...usccs].sort())
    assert.equal(res.body.next_cursor, usccs.at(-1))
  })

  it('visits every enterprise exactly once when following cursors', async () => {
    const reference = await listAll({}, { limit: 200 })
    assert.ok(reference.length >= 300, `seeded with 300, listed ${reference.length}`)
    const seen = []
    let cursor
    let pages = 0
    do {
      const res = await list({ limit: 7, ...(cursor ? { cursor } : {}) })
      assert.equal(res.status, 200, res.text)
      const items = res.body.items
      assert.ok(items.length <= 7)
      if (res.body.next_cursor !== null) {
        assert.equal(items.length, 7, 'only the last page may be short')
        assert.equal(res.body.next_cursor, items.at(-1).uscc, 'the cursor is the last USCC of the page')
      }
      seen.push(...items.map((e) => e.uscc))
      cursor = res.body.next_cursor
      pages++
    } while (cursor)
    assert.equal(new Set(seen).size, seen.length, 'no enterprise twice')
    assert.deepEqual(seen, [...seen].sort(), 'ascending across pages')
    const visited = new Set(seen)
    for (const e of reference) assert.ok(visited.has(e.uscc), `${e.uscc} was not visited`)
    assert.ok(pages >= Math.ceil(reference.length / 7))
  })

  it('ends without an empty page when the total is a multiple of the page size', async () => {
    const t = tag()
    for (let i = 0; i < 3; i++) await createEnterprise({ name: `上海${t}第${i}贸易有限公司` })
    let res = await list({ q: t, limit: 3 })
    assert.equal(res.body.items.length, 3)
    assert.equal(res.body.next_cursor, null)
    res = await list({ q: t, limit: 2 })
    assert.equal(res.body.items.length, 2)
    assert.ok(res.body.next_cursor)
    res = await list({ q: t, limit: 2, cursor: res.body.next_cursor })
    assert.equal(res.body.items.length, 1)
    assert.equal(res.body.next_cursor, null)
  })

  it('accepts limit 1 and 200, the bounds', async () => {
    let res = await list({ limit: 1 })
    assert.equal(res.status, 200)
    assert.equal(res.body.items.length, 1)
    res = await list({ limit: 200 })
    assert.equal(res.status, 200)
    assert.equal(res.body.items.length, 200)
  })

  it('rejects a limit outside 1..200 or not an integer, naming the field', async () => {
    for (const limit of ['0', '201', '-1', 'abc', '1.5', '10x', '+5', '99999999999999999999']) {
      const res = await list({ limit })
      assertError(res, 400, 'invalid_argument', ['limit'])
      assert.equal(reasonFor(res, 'limit'), 'must be an integer from 1 to 200', limit)
      assert.match(res.body.error.message, /limit/)
    }
  })

  it('lists from any valid USCC used as a cursor', async () => {
    const all = (await list({ limit: 5 })).body.items
    const res = await list({ cursor: all[2].uscc, limit: 2 })
    assert.equal(res.status, 200)
    assert.deepEqual(
      res.body.items.map((e) => e.uscc),
      all.slice(3, 5).map((e) => e.uscc),
    )
    // A code that is valid but not registered works too: it is only a position.
    const other = await list({ cursor: makeUscc(), limit: 1 })
    assert.equal(other.status, 200)
  })

  it('rejects a cursor that is not a USCC', async () => {
    for (const cursor of ['abc', withBadFinalCheck(makeUscc()), '91310115MA1K3YJ66z']) {
      const res = await list({ cursor })
      assertError(res, 400, 'invalid_argument', ['cursor'])
      assert.equal(reasonFor(res, 'cursor'), 'is not a cursor returned by this API')
    }
  })

  it('lists only codes with valid check characters (the seeded data)', async () => {
    const res = await list({ limit: 200 })
    for (const e of res.body.items) assert.ok(checksOk(e.uscc), e.uscc)
  })
})

describe('filters', () => {
  let mine // an enterprise only this test file has
  let t
  before(async () => {
    t = tag()
    mine = await createEnterprise({
      name: `上海${t}电子科技有限公司`,
      district: '310151',
      industry: 'C39',
      size: 'large',
      status: 'revoked',
    })
  })

  it('q finds a name substring, case-insensitively for Latin letters', async () => {
    for (const q of [t, t.toLowerCase(), `${t}电子`]) {
      const res = await list({ q })
      assert.deepEqual(
        res.body.items.map((e) => e.uscc),
        [mine.uscc],
        q,
      )
    }
    const res = await list({ q: '有限公司', limit: 50 })
    assert.ok(res.body.items.length > 0)
    for (const e of res.body.items) assert.ok(e.name.includes('有限公司'), e.name)
  })

  it('q finds a USCC prefix', async () => {
    const prefix = mine.uscc.slice(0, 12)
    const items = await listAll({ q: prefix })
    assert.ok(items.some((e) => e.uscc === mine.uscc))
    for (const e of items) assert.ok(e.uscc.startsWith(prefix) || e.name.includes(prefix), e.uscc)
    // USCCs are upper case; a prefix typed in lower case finds them too, on every backend.
    const lower = await list({ q: prefix.toLowerCase(), limit: 200 })
    assert.ok(
      lower.body.items.some((e) => e.uscc === mine.uscc),
      'lower-case prefix',
    )
    // A USCC infix is not a prefix.
    const infix = await list({ q: mine.uscc.slice(1) })
    assert.ok(!infix.body.items.some((e) => e.uscc === mine.uscc))
  })

  it('q matches % and _ literally, not as wildcards', async () => {
    const u = tag()
    const literal = await createEnterprise({ name: `上海${u}_100%咨询有限公司` })
    const lookalike = await createEnterprise({ name: `上海${u}X100X咨询有限公司` })
    let res = await list({ q: `${u}_100%` })
    assert.deepEqual(
      res.body.items.map((e) => e.uscc),
      [literal.uscc],
    )
    res = await list({ q: `${u}_1` })
    assert.deepEqual(
      res.body.items.map((e) => e.uscc),
      [literal.uscc],
    )
    res = await list({ q: `${u}%` })
    assert.deepEqual(res.body.items, [])
    res = await list({ q: u })
    assert.deepEqual(res.body.items.map((e) => e.uscc).sort(), [literal.uscc, lookalike.uscc].sort())
  })

  it('q accepts 100 characters (Chinese counts as one each) and rejects 101', async () => {
    assert.equal((await list({ q: '企'.repeat(100) })).status, 200)
    const res = await list({ q: 'a'.repeat(101) })
    assertError(res, 400, 'invalid_argument', ['q'])
    assert.equal(reasonFor(res, 'q'), 'longer than 100 characters')
  })

  it('each filter alone returns only matching enterprises', async () => {
    const cases = [
      [{ district: '310115' }, (e) => e.district === '310115'],
      [{ district: 'other' }, (e) => e.district === 'other'],
      [{ industry: 'C' }, (e) => e.industry.startsWith('C')],
      [{ industry: 'F51' }, (e) => e.industry === 'F51'],
      [{ size: 'micro' }, (e) => e.size === 'micro'],
      [{ size: 'large' }, (e) => e.size === 'large'],
      [{ status: 'active' }, (e) => e.status === 'active'],
      [{ status: 'revoked' }, (e) => e.status === 'revoked'],
    ]
    for (const [query, ok] of cases) {
      const items = await listAll(query)
      assert.ok(items.length > 0, JSON.stringify(query))
      for (const e of items) assert.ok(ok(e), `${JSON.stringify(query)}: ${JSON.stringify(e)}`)
    }
  })

  it('filters partition the registry: the size classes together are everything', async () => {
    // Other test files register and change their own enterprises meanwhile (their names carry a
    // tag): count only the rest, which nothing changes.
    const stable = (e) => !/RXT[0-9A-F]{10}/.test(e.name)
    const all = (await listAll()).filter(stable).map((e) => e.uscc)
    assert.ok(all.length >= 300)
    const parts = []
    for (const size of ['large', 'medium', 'small', 'micro'])
      parts.push(...(await listAll({ size })).filter(stable).map((e) => e.uscc))
    assert.equal(new Set(parts).size, parts.length, 'no enterprise in two size classes')
    const inParts = new Set(parts)
    for (const u of all) assert.ok(inParts.has(u), u)
  })

  it('filters combine with AND', async () => {
    const exact = { q: t, district: '310151', industry: 'C39', size: 'large', status: 'revoked' }
    assert.deepEqual((await list(exact)).body.items, [mine])
    assert.deepEqual((await list({ ...exact, industry: 'C' })).body.items, [mine])
    for (const change of [
      { district: '310101' },
      { industry: 'C38' },
      { industry: 'D' },
      { size: 'small' },
      { status: 'active' },
    ])
      assert.deepEqual((await list({ ...exact, ...change })).body.items, [], JSON.stringify(change))
  })

  it('rejects unknown filter values, naming each parameter', async () => {
    const res = await list({ district: '310199', industry: 'C99', size: 'huge', status: 'closed' })
    assertError(res, 400, 'invalid_argument', ['district', 'industry', 'size', 'status'])
    assert.equal(reasonFor(res, 'district'), "unknown district code '310199'")
    for (const industry of ['Z', 'c', 'C3', 'C399', 'A06', '39'])
      assertError(await list({ industry }), 400, 'invalid_argument', ['industry'])
  })

  it('rejects a value that is not UTF-8 or holds a NUL', async () => {
    let res = await list(undefined, { rawQuery: 'q=%FF' })
    assertError(res, 400, 'invalid_argument', ['q'])
    assert.equal(reasonFor(res, 'q'), 'not valid UTF-8')
    res = await list(undefined, { rawQuery: 'q=%E5%85%AC%E5%8F%B8%00x&district=3101%0015' })
    assertError(res, 400, 'invalid_argument', ['q', 'district'])
    for (const d of res.body.error.details) assert.equal(d.reason, 'contains a NUL character')
  })

  it('treats an empty value as absent', async () => {
    const res = await list({ q: '', district: '', industry: '', size: '', status: '', cursor: '', limit: '' })
    assert.equal(res.status, 200)
    assert.equal(res.body.items.length, 20)
  })

  it('rejects an unknown query parameter', async () => {
    const res = await list({ page: '2' })
    assertError(res, 400, 'invalid_argument', ['page'])
    assert.equal(reasonFor(res, 'page'), 'unknown query parameter')
    assert.match(res.body.error.message, /page/)
  })

  it('rejects a parameter given twice', async () => {
    const res = await list([
      ['size', 'micro'],
      ['size', 'small'],
    ])
    assertError(res, 400, 'invalid_argument', ['size'])
    assert.equal(reasonFor(res, 'size'), 'given more than once')
  })

  it('reports every bad parameter at once', async () => {
    const res = await list({ limit: '0', cursor: 'x', size: 'xl', sort: 'name' })
    assertError(res, 400, 'invalid_argument')
    assert.deepEqual(res.body.error.details.map((d) => d.field).sort(), ['cursor', 'limit', 'size', 'sort'])
  })
})

describe('enterprise keys', () => {
  let own
  let key
  before(async () => {
    own = await createEnterprise({ district: '310104' })
    ;({ key } = await createKey('enterprise', { uscc: own.uscc }))
  })

  it('list only their own enterprise', async () => {
    const res = await list({ limit: 200 }, { key })
    assert.equal(res.status, 200)
    assert.deepEqual(res.body, { items: [own], next_cursor: null })
  })

  it('list nothing when filters exclude their enterprise', async () => {
    assert.deepEqual((await list({ district: '310101' }, { key })).body.items, [])
    assert.deepEqual((await list({ q: 'no-such-name-anywhere' }, { key })).body.items, [])
    assert.deepEqual((await list({ cursor: own.uscc }, { key })).body.items, [])
    assert.deepEqual((await list({ district: '310104', size: own.size }, { key })).body.items, [own])
  })

  it('still get 400 for bad parameters', async () => {
    assertError(await list({ limit: '500' }, { key }), 400, 'invalid_argument', ['limit'])
  })
})
