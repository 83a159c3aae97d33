// The audit ledger over HTTP: every use becomes an entry in an RFC 9162 Merkle log with signed
// heads. Proofs are checked here by a second implementation written from the RFC text, and by
// Go's checksum-database packages (golang.org/x/mod/sumdb/tlog and note, from Debian) as the
// independent outside verifier; the head's signature by Node's own Ed25519.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { before, describe, it } from 'node:test'
import { SOURCE_DIR, api, assertError } from './client.mjs'
import { createEnterprise, createKey, tag } from './fixtures.mjs'

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest()
const leafHash = (bytes) => sha256(Buffer.from([0]), bytes)
const nodeHash = (l, r) => sha256(Buffer.from([1]), l, r)
const hex = (b) => Buffer.from(b).toString('hex')
const unhex = (s) => Buffer.from(s, 'hex')

// RFC 9162 section 2.1.3.2, transcribed.
function verifyInclusion(leaf, index, size, path, root) {
  if (index >= size) return false
  let fn = index; let sn = size - 1; let r = leaf
  for (const p of path) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2) }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2)
  }
  return sn === 0 && r.equals(root)
}

// RFC 9162 section 2.1.4.2, transcribed.
function verifyConsistency(first, second, firstRoot, secondRoot, path) {
  if (first === second) return path.length === 0 && firstRoot.equals(secondRoot)
  if (path.length === 0 || first === 0 || first > second) return false
  const p = (first & (first - 1)) === 0 ? [firstRoot, ...path] : [...path]
  let fn = first - 1; let sn = second - 1
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2) }
  let fr = p[0]; let sr = p[0]
  for (const c of p.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr); sr = nodeHash(c, sr)
      while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2) }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = Math.floor(fn / 2); sn = Math.floor(sn / 2)
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot)
}

const rawEd25519 = (raw) => createPublicKey({
  key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki',
})

function treeHeadData(head) {
  const b = Buffer.alloc(8 + 8 + 1 + 32 + 2)
  b.writeBigUInt64BE(BigInt(head.timestamp), 0)
  b.writeBigUInt64BE(BigInt(head.size), 8)
  b[16] = 32
  unhex(head.root_hash).copy(b, 17)
  return b
}

async function head() {
  const res = await api.get('/api/v1/ledger/head')
  assert.equal(res.status, 200, res.text)
  return res.body
}

/** Waits until the signed head covers at least `size` entries (the sequencer runs every 0.5 s). */
async function headAtLeast(size) {
  for (let i = 0; i < 100; i++) {
    const h = await head()
    if (h.size >= size) return h
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`the ledger did not reach ${size} entries`)
}

/** Finds the sequenced entry with this id (searching from the newest). */
async function findEntry(id) {
  for (let i = 0; i < 50; i++) {
    const res = await api.get(`/api/v1/ledger/entries/${encodeURIComponent(id)}`)
    if (res.status === 200) return res.body
    assert.equal(res.status, 404, res.text)
    await new Promise((r) => setTimeout(r, 100))
  }
  assert.fail(`entry ${id} never appeared in the ledger`)
}

function goCheck(input) {
  return execFileSync('go', ['run', join(SOURCE_DIR, 'tests/ledger/tlogcheck/main.go')], {
    input: JSON.stringify(input),
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '',
      GOCACHE: process.env.GOCACHE || join(tmpdir(), 'rongxin-gocache') },
    encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
  })
}

describe('the audit ledger', () => {
  let first, enterprise, uscc, keyEntry

  before(async () => {
    first = await head()
    uscc = (await createEnterprise()).uscc
    enterprise = await createKey('enterprise', { uscc })
    const institutionId = `bank-${tag()}`.toLowerCase()
    const inst = await api.post('/api/v1/institutions', { json: { id: institutionId, name: '审计测试银行', kind: 'bank' } })
    assert.equal(inst.status, 201, inst.text)
    const granted = await api.post(`/api/v1/enterprises/${uscc}/authorizations`, {
      key: enterprise.key,
      json: { institution_id: institutionId, scopes: [{ category: 'tax' }], purpose: 'loan_application',
        valid_until: new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        period_from: '2025-01', period_to: '2026-10', max_queries: 2, per: 'day' },
    })
    assert.equal(granted.status, 201, granted.text)
    keyEntry = await findEntry(`${enterprise.id}/key_create`)
  })

  it('records a created key, signed into a head that Node verifies', async () => {
    assert.equal(keyEntry.decoded.action, 'key_create')
    assert.equal(keyEntry.decoded.subject, uscc)
    assert.equal(keyEntry.decoded.actor.role, 'admin')
    assert.ok(!JSON.stringify(keyEntry.decoded).includes(enterprise.key), 'the secret never enters the ledger')
    const bytes = Buffer.from(keyEntry.entry, 'base64')
    assert.equal(hex(leafHash(bytes)), keyEntry.leaf_hash)
    const h = await headAtLeast(keyEntry.index + 1)
    assert.ok(verify(null, treeHeadData(h), rawEd25519(unhex(h.public_key)), unhex(h.signature)))
    const forged = { ...h, size: h.size + 1 }
    assert.ok(!verify(null, treeHeadData(forged), rawEd25519(unhex(h.public_key)), unhex(h.signature)))
  })

  it('serves inclusion and consistency proofs that an RFC 9162 transcription and Go\'s tlog accept', async () => {
    const h = await headAtLeast(keyEntry.index + 1)
    const inc = await api.get('/api/v1/ledger/proof/inclusion', { query: { index: keyEntry.index, size: h.size } })
    assert.equal(inc.status, 200, inc.text)
    const path = inc.body.path.map(unhex)
    assert.ok(verifyInclusion(unhex(keyEntry.leaf_hash), keyEntry.index, h.size, path, unhex(h.root_hash)))
    assert.ok(!verifyInclusion(leafHash(Buffer.from('forged')), keyEntry.index, h.size, path, unhex(h.root_hash)))

    const checks = []
    if (first.size > 0) {
      const con = await api.get('/api/v1/ledger/proof/consistency', { query: { first: first.size, second: h.size } })
      assert.equal(con.status, 200, con.text)
      assert.ok(verifyConsistency(first.size, h.size, unhex(first.root_hash), unhex(h.root_hash), con.body.path.map(unhex)))
      checks.push({ first: first.size, first_root: first.root_hash, second: h.size, second_root: h.root_hash, path: con.body.path })
    }
    const start = Math.max(0, h.size - 5)
    const page = await api.get('/api/v1/ledger/entries', { query: { start, end: h.size } })
    assert.equal(page.status, 200, page.text)
    const entries = []
    for (const e of page.body.entries) {
      const p = await api.get('/api/v1/ledger/proof/inclusion', { query: { index: e.index, size: h.size } })
      entries.push({ index: e.index, entry: e.entry, path: p.body.path })
    }
    const checkpoint = await api.get('/api/v1/ledger/checkpoint')
    assert.equal(checkpoint.status, 200, checkpoint.text)
    const h2 = await head()
    if (h2.size !== h.size) return  // a new head arrived meanwhile; the next run checks it
    const input = { verifier_key: h.verifier_key, checkpoint: checkpoint.text, size: h.size, root_hash: h.root_hash,
      entries, consistency: checks }
    assert.match(goCheck(input), /checkpoint signature ok, \d+ inclusion and \d+ consistency proofs ok/)
    const tampered = structuredClone(input)
    const bytes = Buffer.from(tampered.entries[0].entry, 'base64'); bytes[bytes.length - 2] ^= 1
    tampered.entries[0].entry = bytes.toString('base64')
    assert.throws(() => goCheck(tampered), /not included/)
  })

  it('shows an enterprise what the ledger holds about it, even the operator\'s reads, with a proof', async () => {
    const read = await api.get(`/api/v1/enterprises/${uscc}/records`)
    assert.equal(read.status, 200, read.text)
    let mine, actions = []
    for (let i = 0; i < 50 && !actions.includes('operator_read'); i++) {
      if (i) await new Promise((r) => setTimeout(r, 100))
      mine = await api.get(`/api/v1/enterprises/${uscc}/ledger`, { key: enterprise.key })
      assert.equal(mine.status, 200, mine.text)
      actions = mine.body.items.map((e) => e.decoded.action)
    }
    assert.ok(actions.includes('authorization_grant'), actions.join())
    const operatorRead = mine.body.items.find((e) => e.decoded.action === 'operator_read')
    assert.ok(operatorRead, `the operator's read is not in the ledger: ${actions.join()}`)
    assert.equal(operatorRead.decoded.result_sha256, createHash('sha256').update(read.text).digest('hex'))
    const grant = mine.body.items.find((e) => e.decoded.action === 'authorization_grant')
    const proof = await api.get(`/api/v1/enterprises/${uscc}/ledger/${grant.index}/proof`, { key: enterprise.key })
    assert.equal(proof.status, 200, proof.text)
    assert.ok(verifyInclusion(unhex(grant.leaf_hash), grant.index, proof.body.head.size,
      proof.body.path.map(unhex), unhex(proof.body.head.root_hash)))
    const since = await api.get(`/api/v1/enterprises/${uscc}/ledger/consistency`, { key: enterprise.key, query: { first: first.size || 1 } })
    assert.equal(since.status, 200, since.text)
    if (first.size > 0) {
      assert.ok(verifyConsistency(first.size, since.body.head.size, unhex(first.root_hash),
        unhex(since.body.head.root_hash), since.body.path.map(unhex)), 'the ledger did not only grow')
    }
    assertError(await api.get(`/api/v1/enterprises/${uscc}/ledger/consistency`, { key: enterprise.key, query: { first: since.body.head.size + 10 } }),
      400, 'invalid_argument', ['first'])
    const other = (await createEnterprise()).uscc
    assertError(await api.get(`/api/v1/enterprises/${other}/ledger`, { key: enterprise.key }), 403, 'permission_denied')
    assertError(await api.get(`/api/v1/enterprises/${uscc}/ledger/0/proof`, { key: enterprise.key }), 404, 'not_found')
  })

  it('refuses bad ranges and sizes with the field, and other roles', async () => {
    const h = await head()
    assertError(await api.get('/api/v1/ledger/proof/inclusion', { query: { index: 0, size: h.size + 1000 } }), 400, 'invalid_argument', ['size'])
    assertError(await api.get('/api/v1/ledger/proof/inclusion', { query: { index: h.size, size: h.size } }), 400, 'invalid_argument', ['index'])
    assertError(await api.get('/api/v1/ledger/proof/inclusion', { query: { index: -1, size: 1 } }), 400, 'invalid_argument', ['index'])
    assertError(await api.get('/api/v1/ledger/proof/consistency', { query: { first: 5, second: 3 } }), 400, 'invalid_argument', ['first'])
    assertError(await api.get('/api/v1/ledger/proof/consistency', { query: { first: 1, second: h.size + 5 } }), 400, 'invalid_argument', ['second'])
    assertError(await api.get('/api/v1/ledger/entries', { query: { start: 9, end: 3 } }), 400, 'invalid_argument', ['start'])
    assertError(await api.get('/api/v1/ledger/entries', { query: { start: 'x', end: 3 } }), 400, 'invalid_argument', ['start'])
    assertError(await api.get('/api/v1/ledger/entries/no-such-entry'), 404, 'not_found')
    const bank = await createKey('institution')
    assertError(await api.get('/api/v1/ledger/head', { key: bank.key }), 403, 'permission_denied')
    const node = await createKey('node')
    assert.equal((await api.get('/api/v1/ledger/head', { key: node.key })).status, 200)
  })
})

describe('witnessing', () => {
  // A stand-in for another node's log, signing its own checkpoints as a C2SP signed note.
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12)
  const origin = `other-${tag().toLowerCase()}.example/log`
  const leaves = ['a', 'b', 'c', 'd', 'e'].map((s) => leafHash(Buffer.from(s)))
  const mth = (ls) => ls.length === 1 ? ls[0]
    : nodeHash(mth(ls.slice(0, 2 ** Math.floor(Math.log2(ls.length - 1)))), mth(ls.slice(2 ** Math.floor(Math.log2(ls.length - 1)))))
  function note(size, root) {
    const body = `${origin}\n${size}\n${root.toString('base64')}\n`
    const keyId = sha256(Buffer.from(`${origin}\n`), Buffer.from([1]), raw).subarray(0, 4)
    const sig = sign(null, Buffer.from(body), privateKey)
    return `${body}\n— ${origin} ${Buffer.concat([keyId, sig]).toString('base64')}\n`
  }

  it('cosigns a consistent extension and reports a fork', async () => {
    const first = await api.post('/api/v1/ledger/witness', {
      json: { checkpoint: note(2, mth(leaves.slice(0, 2))), public_key: raw.toString('base64') },
    })
    assert.equal(first.status, 200, first.text)
    assert.match(first.body.cosignature, /^— \S+ [A-Za-z0-9+/]+=*\n$/)
    // Size 2 -> 4: the consistency proof of a power-of-two prefix is the right subtree.
    const proof = [hex(mth(leaves.slice(2, 4)))]
    const next = await api.post('/api/v1/ledger/witness', {
      json: { checkpoint: note(4, mth(leaves.slice(0, 4))), public_key: raw.toString('base64'), proof },
    })
    assert.equal(next.status, 200, next.text)
    assert.equal(next.body.previous_size, 2)
    // A history that rewrote entry 1 cannot be proven an extension of what was seen.
    const rewritten = [leaves[0], leafHash(Buffer.from('B')), leaves[2], leaves[3], leaves[4]]
    const fork = await api.post('/api/v1/ledger/witness', {
      json: { checkpoint: note(5, mth(rewritten)), public_key: raw.toString('base64'), proof: [hex(leaves[4])] },
    })
    assertError(fork, 409, 'fork_detected', ['checkpoint'])
    const forks = await api.get('/api/v1/ledger/forks')
    assert.ok(forks.body.items.some((f) => f.origin === origin))
    const unsigned = await api.post('/api/v1/ledger/witness', {
      json: { checkpoint: note(6, mth(leaves)).replace(`\n6\n`, '\n7\n'), public_key: raw.toString('base64') },
    })
    assertError(unsigned, 400, 'invalid_argument', ['checkpoint'])
  })

  it('publishes a registered witness\'s cosignature in the checkpoint', async () => {
    const h = await headAtLeast(1)
    const name = `witness-${tag().toLowerCase()}.example`
    const reg = await api.post('/api/v1/ledger/witnesses', { json: { name, public_key: raw.toString('base64') } })
    assert.equal(reg.status, 201, reg.text)
    const body = `${h.origin}\n${h.size}\n${unhex(h.root_hash).toString('base64')}\n`
    const time = Math.floor(Date.now() / 1000)
    const keyId = sha256(Buffer.from(`${name}\n`), Buffer.from([4]), raw).subarray(0, 4)
    const t = Buffer.alloc(8); t.writeBigUInt64BE(BigInt(time))
    const sig = sign(null, Buffer.from(`cosignature/v1\ntime ${time}\n${body}`), privateKey)
    const line = `— ${name} ${Buffer.concat([keyId, t, sig]).toString('base64')}`
    const bad = await api.post('/api/v1/ledger/cosignatures', { json: { size: h.size, witness: name, cosignature: line.replace(/.{4}$/, 'AAAA') } })
    assertError(bad, 400, 'invalid_argument', ['cosignature'])
    const ok = await api.post('/api/v1/ledger/cosignatures', { json: { size: h.size, witness: name, cosignature: line } })
    assert.equal(ok.status, 201, ok.text)
    const cp = await api.get('/api/v1/ledger/checkpoint')
    if ((await head()).size === h.size) assert.ok(cp.text.includes(line), cp.text)
  })
})
