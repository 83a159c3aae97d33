// Reference data: districts and GB/T 4754-2017 industry sections.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { api, doc } from './client.mjs'
import { createKey, listAll } from './fixtures.mjs'

describe('GET /api/v1/meta/districts', () => {
  it('lists Shanghai\'s 16 districts and "other": 17 items', async () => {
    const res = await api.get('/api/v1/meta/districts')
    assert.equal(res.status, 200)
    const items = res.body.items
    assert.equal(items.length, 17)
    const codes = items.map((d) => d.code)
    assert.equal(new Set(codes).size, 17, 'codes are unique')
    assert.equal(codes.filter((c) => /^3101\d\d$/.test(c)).length, 16)
    assert.deepEqual(items.at(-1), { code: 'other', name_zh: '其他', name_en: 'Other' })
    assert.deepEqual(
      items.find((d) => d.code === '310115'),
      { code: '310115', name_zh: '浦东新区', name_en: 'Pudong New Area' },
    )
    assert.deepEqual(
      items.find((d) => d.code === '310101'),
      { code: '310101', name_zh: '黄浦区', name_en: 'Huangpu' },
    )
    for (const d of items) assert.ok(d.name_zh && d.name_en, d.code)
  })

  it('matches the DistrictCode enum of the document', async () => {
    const res = await api.get('/api/v1/meta/districts')
    assert.deepEqual(
      res.body.items.map((d) => d.code),
      doc.components.schemas.DistrictCode.enum,
    )
  })

  it('is readable by every role', async () => {
    const { key } = await createKey('enterprise')
    assert.equal((await api.get('/api/v1/meta/districts', { key })).status, 200)
    assert.equal((await api.get('/api/v1/meta/districts', { key: null })).status, 401)
  })
})

describe('GET /api/v1/meta/industries', () => {
  it('lists the 20 sections A to T, in order', async () => {
    const res = await api.get('/api/v1/meta/industries')
    assert.equal(res.status, 200)
    assert.deepEqual(res.body.items.map((s) => s.section).join(''), 'ABCDEFGHIJKLMNOPQRST')
    const c = res.body.items.find((s) => s.section === 'C')
    assert.equal(c.name_zh, '制造业')
    assert.equal(c.name_en, 'Manufacturing')
    assert.equal(c.divisions[0], '13')
    assert.equal(c.divisions.at(-1), '43')
    assert.deepEqual(res.body.items.find((s) => s.section === 'K').divisions, ['70'])
  })

  it('covers divisions 01 to 97 once each, contiguous within each section', async () => {
    const res = await api.get('/api/v1/meta/industries')
    const all = res.body.items.flatMap((s) => s.divisions.map(Number))
    assert.deepEqual(
      all,
      Array.from({ length: 97 }, (_, i) => i + 1),
    )
    for (const s of res.body.items)
      s.divisions.forEach((d, i) => i && assert.equal(Number(d), Number(s.divisions[i - 1]) + 1, s.section))
  })

  it('is readable by every role', async () => {
    const { key } = await createKey('institution')
    assert.equal((await api.get('/api/v1/meta/industries', { key })).status, 200)
    assert.equal((await api.get('/api/v1/meta/industries', { key: null })).status, 401)
  })
})

describe('reference data and the registry agree', () => {
  it('every registered enterprise has a listed district and a division of its section', async () => {
    const districts = new Set((await api.get('/api/v1/meta/districts')).body.items.map((d) => d.code))
    const sections = new Map(
      (await api.get('/api/v1/meta/industries')).body.items.map((s) => [s.section, s.divisions]),
    )
    const items = await listAll()
    assert.ok(items.length >= 300, `the seeded database has 300 enterprises, listed ${items.length}`)
    for (const e of items) {
      assert.ok(districts.has(e.district), `${e.uscc}: district ${e.district}`)
      assert.ok(
        sections.get(e.industry[0])?.includes(e.industry.slice(1)),
        `${e.uscc}: industry ${e.industry}`,
      )
    }
  })
})
