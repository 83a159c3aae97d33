/**
 * Checking the audit ledger in the browser, with WebCrypto only: an enterprise (or the operator)
 * need not trust the server's word that an entry is in the signed log. The algorithms are those
 * of RFC 9162 section 2.1.3.2 (inclusion) and the head signature is Ed25519 over the TLS
 * encoding of TreeHeadDataV2 (docs/ledger.md).
 */
import type { LedgerHead } from './types'

type Bytes = Uint8Array<ArrayBuffer>

const hexToBytes = (hex: string): Bytes => {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

const base64ToBytes = (b64: string): Bytes => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))

async function sha256(...parts: Bytes[]): Promise<Bytes> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.length
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all))
}

const equal = (a: Bytes, b: Bytes) => a.length === b.length && a.every((x, i) => x === b[i])
const nodeHash = (l: Bytes, r: Bytes) => sha256(Uint8Array.of(1), l, r)

/** SHA-256(0x00 || entry bytes), the entry given as the base64 the API serves. */
export const leafHash = (entryBase64: string) => sha256(Uint8Array.of(0), base64ToBytes(entryBase64))

/** RFC 9162 2.1.3.2: is the leaf entry `index` of the tree of `size` with `rootHex`? */
export async function verifyInclusion(
  leaf: Bytes, index: number, size: number, pathHex: string[], rootHex: string,
): Promise<boolean> {
  if (index >= size) return false
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of pathHex.map(hexToBytes)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      r = await nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && equal(r, hexToBytes(rootHex))
}

/** Whether the head's Ed25519 signature over TreeHeadDataV2 is valid for its public key. */
export async function verifyHead(head: LedgerHead): Promise<boolean> {
  const data = new Uint8Array(8 + 8 + 1 + 32 + 2)
  const view = new DataView(data.buffer)
  view.setBigUint64(0, BigInt(head.timestamp))
  view.setBigUint64(8, BigInt(head.size))
  data[16] = 32
  data.set(hexToBytes(head.root_hash), 17)
  const key = await crypto.subtle.importKey('raw', hexToBytes(head.public_key), { name: 'Ed25519' }, false, ['verify'])
  return crypto.subtle.verify({ name: 'Ed25519' }, key, hexToBytes(head.signature), data)
}

/** RFC 9162 2.1.4.2: is the tree (first, firstRoot) a prefix of the tree (second, secondRoot)? */
export async function verifyConsistency(
  first: number, second: number, firstRootHex: string, secondRootHex: string, pathHex: string[],
): Promise<boolean> {
  const firstRoot = hexToBytes(firstRootHex)
  const secondRoot = hexToBytes(secondRootHex)
  if (first === 0 || first > second) return false
  if (first === second) return pathHex.length === 0 && equal(firstRoot, secondRoot)
  if (pathHex.length === 0) return false
  const path = pathHex.map(hexToBytes)
  if ((first & (first - 1)) === 0) path.unshift(firstRoot)
  let fn = first - 1
  let sn = second - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  let fr = path[0]
  let sr = path[0]
  for (const c of path.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(c, fr)
      sr = await nodeHash(c, sr)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      sr = await nodeHash(sr, c)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot)
}

/** The head this browser last checked for an enterprise, kept so the next visit can prove the
 * ledger only grew since. */
export interface SeenHead {
  size: number
  root_hash: string
  checked_at: string
}

const seenKey = (uscc: string) => `rongxin.ledger.seen.${uscc}`

export function lastSeenHead(uscc: string): SeenHead | null {
  try {
    const raw = localStorage.getItem(seenKey(uscc))
    return raw ? (JSON.parse(raw) as SeenHead) : null
  } catch {
    return null
  }
}

export function rememberHead(uscc: string, head: LedgerHead): void {
  const seen: SeenHead = { size: head.size, root_hash: head.root_hash, checked_at: new Date().toISOString() }
  localStorage.setItem(seenKey(uscc), JSON.stringify(seen))
}
