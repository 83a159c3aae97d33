// Test data made through the API itself: enterprises with fresh USCCs, keys per role. Every name
// and label carries a random tag, so tests find their own data in a shared, pre-seeded database
// and repeated runs never collide.
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { api } from './client.mjs'
import { makeUscc } from './uscc.mjs'

/** A short random tag (uppercase letters and digits): unique per call. */
export const tag = () => `RXT${randomBytes(5).toString('hex').toUpperCase()}`

/** A valid, complete create request with a fresh USCC; `overrides` replace fields. */
export function enterpriseInput(overrides = {}) {
  return {
    uscc: makeUscc(),
    name: `上海${tag()}信息科技有限公司`,
    district: '310115',
    industry: 'I65',
    size: 'small',
    registration_date: '2019-05-20',
    registered_capital_fen: 1_000_000_00,
    ...overrides,
  }
}

/** Registers an enterprise (as admin unless `key` is given) and returns the 201 body. */
export async function createEnterprise(overrides = {}, key) {
  const input = enterpriseInput(overrides)
  const res = await api.post('/api/v1/enterprises', { json: input, key })
  assert.equal(res.status, 201, res.text)
  return res.body
}

/** Reads an enterprise as admin; returns the response. */
export const getEnterprise = (uscc, key) => api.get(`/api/v1/enterprises/${uscc}`, { key })

/** Asserts that no enterprise with this USCC is registered (nothing was written). */
export async function assertNotRegistered(uscc) {
  const res = await getEnterprise(uscc)
  assert.equal(res.status, 404, `enterprise ${uscc} should not exist: ${res.text}`)
}

/**
 * Issues a key for `role` with the binding the role needs (a new enterprise for role enterprise
 * unless `uscc` is given; a fresh institution id for role institution). Returns
 * {key, id, record, label}.
 */
export async function createKey(role, { uscc, institution_id, label = `api-test ${tag()}` } = {}) {
  const body = { role, label }
  if (role === 'enterprise') body.uscc = uscc ?? (await createEnterprise()).uscc
  if (role === 'institution') body.institution_id = institution_id ?? `bank-${tag()}`
  const res = await api.post('/api/v1/keys', { json: body })
  assert.equal(res.status, 201, res.text)
  return { key: res.body.key, id: res.body.id, record: res.body, label }
}

/** One key per role, the enterprise key bound to a newly registered enterprise. */
export async function keysForAllRoles() {
  const roles = ['admin', 'data_provider', 'enterprise', 'institution', 'service_agency', 'node']
  const out = {}
  for (const role of roles) out[role] = await createKey(role)
  out.enterprise.uscc = out.enterprise.record.uscc
  return out
}

/** Every key record whose label is `label` (to show a rejected request wrote nothing). */
export async function keysLabelled(label) {
  const res = await api.get('/api/v1/keys')
  assert.equal(res.status, 200, res.text)
  return res.body.items.filter((k) => k.label === label)
}

/** Lists every enterprise matching `query` by following cursors; returns the items. */
export async function listAll(query = {}, { limit = 200, key } = {}) {
  const items = []
  let cursor
  for (let page = 0; page < 10_000; page++) {
    const res = await api.get('/api/v1/enterprises', {
      query: { ...query, limit, ...(cursor ? { cursor } : {}) },
      key,
    })
    assert.equal(res.status, 200, res.text)
    items.push(...res.body.items)
    cursor = res.body.next_cursor
    if (!cursor) return items
  }
  assert.fail('pagination did not end')
}

/** A UUID no key has. */
export const unknownKeyId = () => randomUUID()

/** Milliseconds of an RFC 3339 instant (for ordering checks). */
export const ms = (instant) => Date.parse(instant)

// ---------------------------------------------------------------------------------------------
// Data pushes (POST /api/v1/ingest/{category}) and their quarantine.

/** CSV text (LF line ends) from a header array and rows of cells; cells are written as given. */
export const csvText = (header, rows) => [header, ...rows].map((r) => r.join(',')).join('\n') + '\n'

/** JSON lines text from objects (or raw strings, sent as they are). */
export const jsonLines = (lines) =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n'

/**
 * Pushes `body` (string or Buffer) to a category. `type` is the Content-Type (default text/csv);
 * `key` the pushing key (default admin); `query` e.g. {source_name}. Returns the response.
 */
export const push = (category, body, { type = 'text/csv', key, query } = {}) =>
  api.post(`/api/v1/ingest/${category}`, { body, headers: { 'content-type': type }, key, query })

/** Pushes and asserts 201; returns the summary. */
export async function pushOk(category, body, opts) {
  const res = await push(category, body, opts)
  assert.equal(res.status, 201, res.text)
  return res.body
}

/** Parses RFC 4180 CSV (quoted fields, CRLF or LF) into rows of strings. */
export function parseCsv(text) {
  const rows = []
  let row = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(cell), (cell = '')
    else if (c === '\r' && text[i + 1] === '\n') continue
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '')
    else cell += c
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row)
  return rows
}

/**
 * A batch's quarantine (GET /api/v1/ingest/batches/{id}/rejects) as
 * [{row, field, value, reason}], after checking its header line.
 */
export async function rejectsOf(batchId, key) {
  const res = await api.get(`/api/v1/ingest/batches/${batchId}/rejects`, { key })
  assert.equal(res.status, 200, res.text)
  return rejectsFromCsv(res.text)
}

/** [{row, field, value, reason}] from the quarantine CSV text. */
export function rejectsFromCsv(text) {
  const [header, ...rows] = parseCsv(text)
  assert.deepEqual(header, ['row_number', 'field', 'value', 'reason'])
  return rows.map(([row, field, value, reason]) => ({ row: Number(row), field, value, reason }))
}

/** An enterprise's records (GET /api/v1/enterprises/{uscc}/records); asserts 200, returns the body. */
export async function recordsOf(uscc, query = {}, key) {
  const res = await api.get(`/api/v1/enterprises/${uscc}/records`, { query, key })
  assert.equal(res.status, 200, res.text)
  return res.body
}

/** `n` freshly registered enterprises' USCCs (each test gets its own, so counts are exact). */
export async function freshUsccs(n) {
  const out = []
  for (let i = 0; i < n; i++) out.push((await createEnterprise()).uscc)
  return out
}
