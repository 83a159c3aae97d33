// Unified social credit codes (GB 32100-2015) for the API tests: the same rules as
// src/core/uscc.cc, so tests can make fresh, valid, never-colliding codes and break them on purpose.
import { randomInt } from 'node:crypto'

export const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY' // no I, O, S, V, Z
const FINAL_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

// GB 11714 value: digits 0-9, letters A-Z 10-35.
function orgValue(c) {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55
  throw new Error(`not an organization code character: ${c}`)
}

/** The GB 11714 check character of an 8-character organization code body. */
export function organizationCheck(body8) {
  let sum = 0
  for (let i = 0; i < 8; i++) sum += orgValue(body8[i]) * ORG_WEIGHTS[i]
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

/** The GB 32100 check character (position 18) of the first 17 characters. */
export function finalCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i])
    if (v < 0) throw new Error(`not a USCC character: ${first17[i]}`)
    sum += v * FINAL_WEIGHTS[i]
  }
  return CHARSET[(31 - (sum % 31)) % 31]
}

/** True when both check characters of an 18-character code are right (charset assumed). */
export function checksOk(code) {
  return (
    code.length === 18 &&
    code[16] === organizationCheck(code.slice(8, 16)) &&
    code[17] === finalCheck(code.slice(0, 17))
  )
}

/**
 * A fresh valid USCC: authority 9 (market regulator), type 1 (enterprise), a Shanghai division,
 * and a random organization code body. 31^8 bodies: repeated runs do not collide.
 */
export function makeUscc(division = '310115') {
  let body = ''
  for (let i = 0; i < 8; i++) body += CHARSET[randomInt(CHARSET.length)]
  const first17 = `91${division}${body}${organizationCheck(body)}`
  return first17 + finalCheck(first17)
}

/** The same code with a wrong final check character (position 18). */
export function withBadFinalCheck(code) {
  const good = code[17]
  const bad = CHARSET[(CHARSET.indexOf(good) + 1) % CHARSET.length]
  return code.slice(0, 17) + bad
}
