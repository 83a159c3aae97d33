// The API tests' one way to call the server. Every response goes through checkResponse(), which
// finds the operation in docs/openapi.yaml by method and path template and fails the test when the
// status is not documented for it, a required header is missing or malformed, or the body does not
// match the documented schema. Requests the server accepted (2xx) are also checked against the
// documented parameters and request body, so the document cannot be stricter than the server.
//
// Environment (set by scripts/run-tests.sh):
//   RONGXIN_URL         e.g. http://127.0.0.1:41234
//   RONGXIN_API_KEY     an admin key
//   RONGXIN_SOURCE_DIR  the repository root (default: two levels up from this file)
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import YAML from 'yaml'

export const SOURCE_DIR = process.env.RONGXIN_SOURCE_DIR || fileURLToPath(new URL('../..', import.meta.url))
export const BASE_URL = (process.env.RONGXIN_URL || '').replace(/\/$/, '')
export const ADMIN_KEY = process.env.RONGXIN_API_KEY || ''
if (!BASE_URL || !ADMIN_KEY) {
  throw new Error('set RONGXIN_URL and RONGXIN_API_KEY (scripts/run-tests.sh does)')
}

export const DOC_PATH = join(SOURCE_DIR, 'docs', 'openapi.yaml')
export const doc = YAML.parse(readFileSync(DOC_PATH, 'utf8'))

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

// ---------------------------------------------------------------------------------------------
// Schemas

const DOC_ID = 'https://rongxin.invalid/openapi.yaml'
export const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: true,
  allowUnionTypes: true,
})
addFormats(ajv)
// The document's top-level OpenAPI fields are not JSON Schema keywords: let strict mode know, so
// that resolving a pointer into the document compiles its root as an empty schema.
ajv.addVocabulary(Object.keys(doc))
// The whole document is registered once; operations' schemas are compiled by JSON pointer into
// it, so `$ref: '#/components/schemas/...'` resolves exactly as OpenAPI tools resolve it.
ajv.addSchema(doc, DOC_ID)

const escapePointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1')
export const pointer = (...parts) => '#/' + parts.map((p) => escapePointer(String(p))).join('/')

const validators = new Map()
/** A compiled validator for the schema at a JSON pointer (`#/components/schemas/Enterprise`). */
export function validatorAt(ptr) {
  let v = validators.get(ptr)
  if (!v) {
    v = ajv.compile({ $ref: DOC_ID + ptr })
    validators.set(ptr, v)
  }
  return v
}

/** Asserts `value` matches the schema at `ptr`; `what` names it in the failure. */
export function assertSchema(ptr, value, what) {
  const v = validatorAt(ptr)
  if (!v(value)) {
    const errors = v.errors
      .map((e) => `  ${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`)
      .join('\n')
    assert.fail(`${what} does not match ${ptr}:\n${errors}\nvalue: ${JSON.stringify(value).slice(0, 2000)}`)
  }
}

/** Follows a local `$ref` (`#/components/responses/NotFound`); returns [object, its pointer]. */
export function deref(obj, ptr) {
  let guard = 0
  while (obj && typeof obj.$ref === 'string') {
    assert.ok(obj.$ref.startsWith('#/'), `only local $refs are supported: ${obj.$ref}`)
    ptr = obj.$ref
    obj = obj.$ref
      .slice(2)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((o, k) => (o == null ? undefined : o[k]), doc)
    assert.ok(obj !== undefined, `unresolved $ref ${ptr}`)
    assert.ok(++guard < 20, `$ref loop at ${ptr}`)
  }
  return [obj, ptr]
}

// ---------------------------------------------------------------------------------------------
// Operations

const templates = Object.keys(doc.paths)
  .map((template) => {
    const names = []
    const source = template
      .split('/')
      .map((seg) => {
        const m = /^\{(.+)\}$/.exec(seg)
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        names.push(m[1])
        return '([^/]+)'
      })
      .join('/')
    return { template, names, regex: new RegExp(`^${source}$`) }
  })
  // Literal paths win over templated ones.
  .sort((a, b) => a.names.length - b.names.length)

/** All documented operations: [{method, template, op}]. */
export function operations() {
  const out = []
  for (const [template, item] of Object.entries(doc.paths))
    for (const method of METHODS) if (item[method]) out.push({ method, template, op: item[method] })
  return out
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text // not UTF-8 once decoded: keep it as sent
  }
}

/** The path template matching a concrete path, with decoded path parameters, or null. */
export function matchPath(path) {
  for (const t of templates) {
    const m = t.regex.exec(path)
    if (!m) continue
    const params = {}
    t.names.forEach((n, i) => (params[n] = safeDecode(m[i + 1])))
    return { template: t.template, params }
  }
  return null
}

function parametersOf(template, method) {
  const item = doc.paths[template]
  const list = [...(item.parameters || []), ...(item[method].parameters || [])]
  return list.map((p, i) => {
    const [param, ptr] = deref(p, null)
    // Pointer to the parameter's schema, for inline and referenced parameters alike.
    const base =
      ptr ??
      (i < (item.parameters || []).length
        ? pointer('paths', template, 'parameters', i)
        : pointer('paths', template, method, 'parameters', i - (item.parameters || []).length))
    return { param, schemaPtr: `${base}/schema` }
  })
}

function headerValue(headers, name) {
  return headers.get(name)
}

function mediaTypeOf(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase()
}

/**
 * Checks one exchange against the document. Throws an AssertionError naming what differs.
 * `request` is {method, path, query: [[k, v]], json?}; `response` is {status, headers, text}.
 */
export function checkResponse(request, response) {
  const method = request.method.toLowerCase()
  const lookup = method === 'head' ? 'get' : method
  const where = `${request.method} ${request.path} -> ${response.status}`
  const match = matchPath(request.path)

  let def, defPtr
  if (!match) {
    // Not a documented path: the server must say "no route", in the documented error shape.
    assert.equal(response.status, 404, `${where}: undocumented path answered ${response.status}`)
    assert.match(response.text, /"message":"no route for /, `${where}: not the router's 404`)
    ;[def, defPtr] = deref({ $ref: '#/components/responses/NotFound' }, null)
  } else if (!doc.paths[match.template][lookup]) {
    // Documented path, undocumented method: 405 whose Allow lists exactly the documented methods.
    assert.equal(response.status, 405, `${where}: method not in the document answered ${response.status}`)
    ;[def, defPtr] = deref({ $ref: '#/components/responses/MethodNotAllowed' }, null)
    const documented = METHODS.filter((m) => doc.paths[match.template][m]).map((m) => m.toUpperCase())
    const allow = (headerValue(response.headers, 'allow') || '').split(',').map((s) => s.trim())
    assert.deepEqual(
      [...allow].sort(),
      [...documented].sort(),
      `${where}: Allow header vs documented methods`,
    )
  } else {
    const op = doc.paths[match.template][lookup]
    const status = String(response.status)
    const key = [status, `${status[0]}XX`, 'default'].find((k) => k in op.responses)
    const raw = key && op.responses[key]
    assert.ok(
      raw,
      `${where}: status ${status} is not documented for ${lookup.toUpperCase()} ${match.template} ` +
        `(documented: ${Object.keys(op.responses).join(', ')}); body: ${response.text.slice(0, 500)}`,
    )
    const inlinePtr = pointer('paths', match.template, lookup, 'responses', key)
    ;[def, defPtr] = deref(raw, inlinePtr)
    if (response.status >= 200 && response.status < 300)
      checkAcceptedRequest(request, match, lookup, op, where)
  }

  // Headers the document requires, and the shape of every documented header that is present.
  for (const [name, rawHeader] of Object.entries(def.headers || {})) {
    const [header, headerPtr] = deref(rawHeader, `${defPtr}/headers/${escapePointer(name)}`)
    const value = headerValue(response.headers, name)
    if (value == null) {
      assert.ok(!header.required, `${where}: required header ${name} is missing`)
      continue
    }
    if (header.schema) assertSchema(`${headerPtr}/schema`, value, `${where}: header ${name}`)
  }

  // The body.
  const content = def.content
  if (!content) {
    assert.equal(response.text, '', `${where}: the document says no body, the server sent one`)
    return
  }
  const type = mediaTypeOf(headerValue(response.headers, 'content-type'))
  const mediaKey = Object.keys(content).find((k) => k.toLowerCase() === type)
  assert.ok(mediaKey, `${where}: content type '${type}' not documented (documented: ${Object.keys(content)})`)
  if (method === 'head') {
    assert.equal(response.text, '', `${where}: HEAD answered with a body`)
    return
  }
  const schemaPtr = `${defPtr}/content/${escapePointer(mediaKey)}/schema`
  let value = response.text
  if (mediaKey === 'application/json') {
    try {
      value = JSON.parse(response.text)
    } catch (e) {
      assert.fail(`${where}: body is not JSON (${e.message}): ${response.text.slice(0, 300)}`)
    }
  }
  if (content[mediaKey].schema) assertSchema(schemaPtr, value, `${where}: body`)
}

// A request the server accepted must be one the document allows.
function checkAcceptedRequest(request, match, method, op, where) {
  const params = parametersOf(match.template, method)
  for (const [name, value] of Object.entries(match.params)) {
    const p = params.find((x) => x.param.in === 'path' && x.param.name === name)
    assert.ok(p, `${where}: path parameter ${name} is not documented`)
    assertSchema(p.schemaPtr, value, `${where}: accepted path parameter ${name}`)
  }
  for (const [name, value] of request.query) {
    const p = params.find((x) => x.param.in === 'query' && x.param.name === name)
    assert.ok(p, `${where}: the server accepted query parameter '${name}', which is not documented`)
    if (value === '') continue // documented: empty means absent
    const [schema] = deref(p.param.schema, null)
    const typed = schema.type === 'integer' || schema.type === 'number' ? Number(value) : value
    assertSchema(p.schemaPtr, typed, `${where}: accepted query parameter ${name}=${value}`)
  }
  if (request.json !== undefined) {
    assert.ok(op.requestBody, `${where}: the server accepted a body the document does not describe`)
    const [body, bodyPtr] = deref(op.requestBody, pointer('paths', match.template, method, 'requestBody'))
    assert.ok(body.content['application/json'], `${where}: no application/json request body documented`)
    assertSchema(
      `${bodyPtr}/content/application~1json/schema`,
      request.json,
      `${where}: accepted request body`,
    )
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

/**
 * Calls the server and checks the exchange against the document.
 *   key      API key; default the admin key; null sends no Authorization header
 *   query    object or [[name, value], ...]
 *   rawQuery the query string exactly as sent (for bytes encodeURIComponent cannot produce)
 *   json     a value sent as application/json (and checked against the doc when accepted)
 *   body     raw body (string or Buffer); give `headers['content-type']` yourself
 *   headers  extra request headers
 * Returns {status, headers, text, body (parsed JSON or undefined), requestId}.
 */
export async function call(method, path, { key, query, rawQuery, json, body, headers = {} } = {}) {
  let pairs = !query ? [] : Array.isArray(query) ? query : Object.entries(query)
  let qs = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')
  if (rawQuery !== undefined) {
    qs = rawQuery
    pairs = rawQuery
      .split('&')
      .filter(Boolean)
      .map((part) => {
        const eq = part.indexOf('=')
        return eq < 0
          ? [safeDecode(part), '']
          : [safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))]
      })
  }
  const h = { ...headers }
  const authKey = key === undefined ? ADMIN_KEY : key
  if (authKey !== null && !Object.keys(h).some((k) => k.toLowerCase() === 'authorization'))
    h.authorization = `Bearer ${authKey}`
  let payload = body
  if (json !== undefined) {
    payload = JSON.stringify(json)
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type'))
      h['content-type'] = 'application/json'
  }
  const url = `${BASE_URL}${path}${qs ? `?${qs}` : ''}`
  const res = await fetch(url, { method, headers: h, body: payload })
  const text = await res.text()
  const response = { status: res.status, headers: res.headers, text }
  checkResponse({ method, path, query: pairs, json }, response)
  let parsed
  if ((res.headers.get('content-type') || '').startsWith('application/json') && text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = undefined
    }
  }
  return { ...response, body: parsed, requestId: res.headers.get('x-request-id') }
}

export const api = {
  get: (path, opts) => call('GET', path, opts),
  head: (path, opts) => call('HEAD', path, opts),
  post: (path, opts) => call('POST', path, opts),
  patch: (path, opts) => call('PATCH', path, opts),
  put: (path, opts) => call('PUT', path, opts),
  delete: (path, opts) => call('DELETE', path, opts),
}

/** Asserts an error response: status, code, and (optionally) the exact detail fields, in order. */
export function assertError(res, status, code, fields) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`)
  assert.equal(res.body?.error?.code, code, res.text)
  if (fields)
    assert.deepEqual(
      res.body.error.details.map((d) => d.field),
      fields,
      res.text,
    )
}

/** The reason given for one field in an error's details. */
export function reasonFor(res, field) {
  return res.body?.error?.details?.find((d) => d.field === field)?.reason
}
