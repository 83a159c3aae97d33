// The shared catalogue over the API: GET /api/v1/catalog, its versions and the diff between two.
// The server runs with data/catalog/ unchanged, so there is exactly one version: 1.
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { SOURCE_DIR, api, assertError } from './client.mjs'
import { keysForAllRoles } from './fixtures.mjs'

// One category per TOML file beside catalog.toml (the list's own attributes).
const categoryFiles = readdirSync(join(SOURCE_DIR, 'data', 'catalog'))
  .filter((f) => f.endsWith('.toml') && f !== 'catalog.toml')
  .map((f) => f.replace(/\.toml$/, ''))
  .sort()

const diff = (query) => api.get('/api/v1/catalog/diff', { query })

describe('GET /api/v1/catalog', () => {
  let catalog
  before(async () => {
    const res = await api.get('/api/v1/catalog')
    assert.equal(res.status, 200, res.text)
    catalog = res.body
  })

  it('lists one category per data/catalog file, by id, in catalogue version 1', () => {
    assert.equal(catalog.version, 1)
    assert.equal(catalog.name, '上海市融资信用服务平台公共信用信息共享清单')
    assert.deepEqual(
      catalog.categories.map((c) => c.id),
      categoryFiles,
    )
  })

  it('keeps each category consistent: key fields exist and are required, time field exists', () => {
    for (const c of catalog.categories) {
      const names = c.fields.map((f) => f.name)
      assert.equal(new Set(names).size, names.length, `${c.id}: field names are unique`)
      assert.ok(c.key.includes('uscc'), `${c.id}: key includes uscc`)
      for (const k of c.key) {
        const f = c.fields.find((x) => x.name === k)
        assert.ok(f?.required, `${c.id}: key field ${k} is a required field`)
      }
      if (c.time_field)
        assert.ok(
          ['date', 'period'].includes(c.fields.find((f) => f.name === c.time_field)?.type),
          `${c.id}: time_field ${c.time_field} is a date or period field`,
        )
      for (const f of c.fields.filter((x) => x.type === 'money'))
        assert.match(f.name, /_amount$|^amount$/, `${c.id}.${f.name}: money field name`)
    }
  })

  it('describes a category field by field, in column order', () => {
    const grade = catalog.categories.find((c) => c.id === 'tax_credit_grade')
    assert.deepEqual(grade.key, ['uscc', 'year'])
    assert.equal(grade.mode, 'stored')
    assert.equal(grade.self_reported, false)
    assert.equal(grade.time_field, 'evaluated_on')
    assert.deepEqual(
      grade.fields.map((f) => [f.name, f.type, f.required]),
      [
        ['uscc', 'uscc', true],
        ['year', 'integer', true],
        ['grade', 'enum', true],
        ['evaluated_on', 'date', true],
      ],
    )
    const year = grade.fields.find((f) => f.name === 'year')
    assert.equal(year.min, 2014)
    assert.equal(year.max, 2100)
    assert.deepEqual(grade.fields.find((f) => f.name === 'grade').values, ['A', 'B', 'M', 'C', 'D'])
  })

  it('marks exactly the self-reported category', () => {
    assert.deepEqual(
      catalog.categories.filter((c) => c.self_reported).map((c) => c.id),
      ['self_reported'],
    )
  })

  it('answers every role with the same catalogue', async () => {
    const keys = await keysForAllRoles()
    for (const [role, { key }] of Object.entries(keys)) {
      const res = await api.get('/api/v1/catalog', { key })
      assert.equal(res.status, 200, `${role}: ${res.text}`)
      assert.deepEqual(res.body, catalog, role)
    }
  })
})

describe('GET /api/v1/catalog/versions', () => {
  it('lists version 1 as the current version, with its counts', async () => {
    const [versions, current] = await Promise.all([
      api.get('/api/v1/catalog/versions'),
      api.get('/api/v1/catalog'),
    ])
    assert.equal(versions.status, 200, versions.text)
    assert.deepEqual(
      versions.body.items.map((v) => v.version),
      [1],
    )
    const [v1] = versions.body.items
    assert.equal(v1.current, true)
    assert.equal(v1.categories, current.body.categories.length)
    assert.equal(
      v1.fields,
      current.body.categories.reduce((n, c) => n + c.fields.length, 0),
    )
  })

  it('serves the snapshot of version 1, equal to the current catalogue', async () => {
    const [snapshot, current] = await Promise.all([
      api.get('/api/v1/catalog/versions/1'),
      api.get('/api/v1/catalog'),
    ])
    assert.equal(snapshot.status, 200, snapshot.text)
    assert.deepEqual(snapshot.body, current.body)
  })

  it('answers 404 for a version that does not exist', async () => {
    for (const v of ['2', '999999', '9223372036854775807']) {
      const res = await api.get(`/api/v1/catalog/versions/${v}`)
      assertError(res, 404, 'not_found', [])
      assert.match(res.body.error.message, new RegExp(`catalogue version ${v}`))
    }
  })

  it('answers 400 naming "version" when it is not a positive integer', async () => {
    for (const v of ['0', '-1', 'abc', '1.5', '1e3', '99999999999999999999']) {
      const res = await api.get(`/api/v1/catalog/versions/${v}`)
      assertError(res, 400, 'invalid_argument', ['version'])
    }
  })
})

describe('GET /api/v1/catalog/diff', () => {
  it('finds nothing between version 1 and itself', async () => {
    const res = await diff({ from: 1, to: 1 })
    assert.equal(res.status, 200, res.text)
    assert.deepEqual(res.body, {
      from: 1,
      to: 1,
      categories_added: [],
      categories_removed: [],
      categories_changed: [],
    })
  })

  it('answers 400 naming each missing or invalid parameter', async () => {
    assertError(await diff({}), 400, 'invalid_argument', ['from', 'to'])
    assertError(await diff({ from: 1 }), 400, 'invalid_argument', ['to'])
    assertError(await diff({ to: 1 }), 400, 'invalid_argument', ['from'])
    assertError(await diff({ from: 'abc', to: 1 }), 400, 'invalid_argument', ['from'])
    assertError(await diff({ from: 1, to: 0 }), 400, 'invalid_argument', ['to'])
    assertError(await diff({ from: -1, to: 'x' }), 400, 'invalid_argument', ['from', 'to'])
    const unknown = await diff({ from: 1, to: 1, since: 1 })
    assertError(unknown, 400, 'invalid_argument', ['since'])
  })

  it('answers 404 when either version does not exist', async () => {
    assertError(await diff({ from: 1, to: 2 }), 404, 'not_found')
    assertError(await diff({ from: 7, to: 1 }), 404, 'not_found')
  })
})
