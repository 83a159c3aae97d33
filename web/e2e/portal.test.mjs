// End-to-end test of the rongxin web portal, driven through headless Debian Chromium.
//
//   RONGXIN_URL=http://127.0.0.1:18080 RONGXIN_API_KEY=<admin key> \
//   SCREENSHOT_DIR=/tmp/shots npm run test:e2e
//
// Env:
//   RONGXIN_URL      base URL of a running rongxin server that serves the built portal (required)
//   RONGXIN_API_KEY  an admin API key; the server must hold at least one enterprise (required)
//   SCREENSHOT_DIR   where PNGs are written (default: <tmpdir>/rongxin-screenshots)
//   CHROMIUM_PATH    browser binary (default: /usr/bin/chromium); no browser is ever downloaded
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

const BASE = (process.env.RONGXIN_URL || '').replace(/\/+$/, '')
const KEY = process.env.RONGXIN_API_KEY || ''
const SHOTS = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'rongxin-screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const STEP_TIMEOUT = 15_000 // one UI step (navigation, wait for an element)
const TEST_TIMEOUT = 30_000 // one whole test

/** @type {import('playwright-core').Browser | undefined} */
let browser
/** Error from the before() hook, reported by every test (so each one fails with the reason). */
let setupError

function requireSetup() {
  if (setupError) throw setupError
  assert.ok(browser, 'browser was not launched')
}

function shotPath(name) {
  return path.join(SHOTS, name)
}

/** Fetch JSON from the API with the admin key, failing with a readable message. */
async function apiGet(pathAndQuery) {
  const url = BASE + pathAndQuery
  let res
  try {
    res = await fetch(url, {
      headers: { Authorization: `Bearer ${KEY}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    })
  } catch (e) {
    throw new Error(`cannot reach ${url}: ${e instanceof Error ? e.message : e}`)
  }
  const text = await res.text()
  assert.equal(res.status, 200, `GET ${url} returned HTTP ${res.status}: ${text.slice(0, 300)}`)
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`GET ${url} did not return JSON: ${text.slice(0, 300)}`)
  }
}

/** HTTP status of an authenticated GET (for probing, e.g. 404). */
async function apiStatus(pathAndQuery) {
  const res = await fetch(BASE + pathAndQuery, {
    headers: { Authorization: `Bearer ${KEY}` },
    signal: AbortSignal.timeout(10_000),
  })
  await res.arrayBuffer()
  return res.status
}

// GB 32100-2015 unified social credit code check characters (the server validates both).
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

function orgCheck(body8) {
  let sum = 0
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i]
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

function finalCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * USCC_WEIGHTS[i]
  return USCC_CHARSET[(31 - (sum % 31)) % 31]
}

/** A well-formed USCC (valid check characters) that the server does not hold. */
async function unknownUscc(template) {
  for (let d = 0; d < 10; d++) {
    const body8 = template.slice(8, 15) + String(d)
    const first17 = template.slice(0, 8) + body8 + orgCheck(body8)
    const uscc = first17 + finalCheck(first17)
    if (uscc === template) continue
    if ((await apiStatus('/api/v1/enterprises/' + uscc)) === 404) return uscc
  }
  throw new Error(`could not derive an unknown USCC from ${template}`)
}

/** The server limits q to 100 bytes of UTF-8: cut long names on a character boundary. */
function searchTermFor(name) {
  let term = ''
  for (const ch of name) {
    if (Buffer.byteLength(term + ch) > 100) break
    term += ch
  }
  return term
}

/**
 * Runs fn with a fresh browser context and page; on failure saves a screenshot
 * (failure-<name>.png) before rethrowing; always closes the context.
 */
async function withPage(name, fn) {
  requireSetup()
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT)
  page.setDefaultNavigationTimeout(STEP_TIMEOUT)
  const pageErrors = []
  page.on('pageerror', (err) => pageErrors.push(err.message))
  try {
    await fn(page)
    assert.deepEqual(pageErrors, [], `uncaught errors in the page: ${pageErrors.join(' | ')}`)
  } catch (err) {
    const file = shotPath(`failure-${name}.png`)
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).catch(() => {})
    if (err instanceof Error) err.message += `\n  (page URL: ${page.url()}; screenshot: ${file})`
    throw err
  } finally {
    await context.close().catch(() => {})
  }
}

function pathnameIs(expected) {
  return (url) => new URL(url).pathname === expected
}

/** Logs in through the UI and waits for the enterprise list. */
async function login(page, key) {
  await page.goto(BASE + '/login')
  await page.getByTestId('login-key').fill(key)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(pathnameIs('/enterprises')).catch((e) => {
    throw new Error(`login with RONGXIN_API_KEY did not reach /enterprises (${e.message.split('\n')[0]})`)
  })
}

describe('rongxin web portal', () => {
  before(
    async () => {
      try {
        const missing = []
        if (!BASE) missing.push('RONGXIN_URL (e.g. http://127.0.0.1:18080)')
        if (!KEY) missing.push('RONGXIN_API_KEY (an admin API key)')
        if (missing.length) throw new Error(`missing environment variable(s): ${missing.join(', ')}`)
        assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`)
        fs.mkdirSync(SHOTS, { recursive: true })
        browser = await chromium.launch({
          executablePath: CHROMIUM,
          headless: true,
          args: CHROMIUM_ARGS,
          timeout: 20_000,
        })
      } catch (err) {
        setupError = err instanceof Error ? err : new Error(String(err))
        setupError.message = `e2e setup failed: ${setupError.message}`
      }
    },
    { timeout: TEST_TIMEOUT },
  )

  after(async () => {
    if (browser) await browser.close().catch(() => {})
    browser = undefined
  })

  test('admin logs in, searches an enterprise by name and opens its detail page', { timeout: TEST_TIMEOUT }, async () => {
    requireSetup()
    const page0 = await apiGet('/api/v1/enterprises?limit=5')
    assert.ok(Array.isArray(page0.items), 'GET /api/v1/enterprises: "items" is not an array')
    assert.ok(page0.items.length > 0, 'GET /api/v1/enterprises returned no enterprises: seed the server first')
    const { uscc, name } = page0.items[0]
    assert.ok(uscc && name, `first enterprise lacks uscc/name: ${JSON.stringify(page0.items[0])}`)
    const term = searchTermFor(name)

    await withPage('search', async (page) => {
      // Protected pages send an anonymous visitor to the login page.
      await page.goto(BASE + '/enterprises')
      await page.waitForURL(pathnameIs('/login')).catch(() => {
        throw new Error(`unauthenticated visit to /enterprises was not redirected to /login`)
      })

      await login(page, KEY)
      await page.getByTestId('header-role').waitFor({ state: 'visible' })

      // Search by the name.
      await page.getByTestId('search-input').fill(term)
      await page.getByTestId('search-submit').click()
      await page.waitForURL((u) => new URL(u).searchParams.get('q') === term)

      // Wait until the table shows only the search results (every row matches the name).
      await page
        .waitForFunction(
          (n) => {
            const rows = [...document.querySelectorAll('[data-testid="enterprise-row"]')]
            return rows.length > 0 && rows.every((r) => (r.textContent || '').includes(n))
          },
          term,
          { timeout: STEP_TIMEOUT },
        )
        .catch(async () => {
          const err = await page.getByTestId('list-error').innerText({ timeout: 1_000 }).catch(() => '')
          throw new Error(`searching for "${term}" did not show only matching rows${err ? ': ' + err : ''}`)
        })
      const row = page.locator(`[data-testid="enterprise-row"][data-uscc="${uscc}"]`)
      assert.equal(await row.count(), 1, `row for ${uscc} not found in the search results for "${term}"`)
      const rowText = await row.innerText()
      assert.ok(rowText.includes(name), `row ${uscc} does not show the name "${name}": ${rowText}`)
      assert.ok(/万元/.test(rowText), `row ${uscc} does not show registered capital in 万元: ${rowText}`)
      await page.screenshot({ path: shotPath('portal-list.png'), fullPage: true })

      // Open the detail page by clicking the row.
      await row.locator('td').first().click()
      await page.waitForURL(pathnameIs('/enterprises/' + encodeURIComponent(uscc)))
      const detail = page.getByTestId('enterprise-detail')
      await detail.waitFor({ state: 'visible' })
      const detailText = await detail.innerText()
      assert.ok(detailText.includes(uscc), `detail page does not show USCC ${uscc}`)
      assert.ok(detailText.includes(name), `detail page does not show name "${name}"`)
      assert.equal((await page.getByTestId('detail-uscc').innerText()).trim(), uscc)
      assert.equal((await page.getByTestId('detail-name').innerText()).trim(), name)
      await page.screenshot({ path: shotPath('portal-detail.png'), fullPage: true })

      // The back link returns to the same search.
      await page.getByTestId('back-link').click()
      await page.waitForURL((u) => new URL(u).pathname === '/enterprises' && new URL(u).searchParams.get('q') === term)
      await page.locator(`[data-testid="enterprise-row"][data-uscc="${uscc}"]`).waitFor({ state: 'visible' })
    })
  })

  test('a wrong API key shows an error and stays on /login', { timeout: TEST_TIMEOUT }, async () => {
    await withPage('wrong-key', async (page) => {
      await page.goto(BASE + '/login')
      await page.getByTestId('login-key').fill('wrong-' + Date.now().toString(36))
      await page.getByTestId('login-submit').click()
      const error = page.getByTestId('login-error')
      await error.waitFor({ state: 'visible' }).catch(() => {
        throw new Error('no login error was shown for a wrong key')
      })
      assert.ok((await error.innerText()).trim().length > 0, 'the login error is empty')
      assert.equal(new URL(page.url()).pathname, '/login', 'a wrong key left the login page')
      const stored = await page.evaluate(() => sessionStorage.length)
      assert.equal(stored, 0, 'a wrong key was stored in sessionStorage')
      await page.screenshot({ path: shotPath('portal-login-error.png') })
    })
  })

  test('unknown USCC shows "not found"; language switch; logout', { timeout: TEST_TIMEOUT }, async () => {
    requireSetup()
    const page0 = await apiGet('/api/v1/enterprises?limit=1')
    assert.ok(page0.items?.length > 0, 'GET /api/v1/enterprises returned no enterprises: seed the server first')
    const missing = await unknownUscc(page0.items[0].uscc)

    await withPage('misc', async (page) => {
      await login(page, KEY)

      await page.goto(BASE + '/enterprises/' + missing)
      const notFound = page.getByTestId('detail-not-found')
      await notFound.waitFor({ state: 'visible' }).catch(() => {
        throw new Error(`unknown USCC ${missing} did not show the not-found state (or the session was lost on reload)`)
      })
      assert.ok((await notFound.innerText()).includes('未找到该企业'), 'not-found text is not "未找到该企业"')

      // Chinese first, English on demand.
      const brand = page.getByTestId('header-brand')
      assert.ok((await brand.innerText()).includes('融资信用服务平台'), 'default UI language is not Chinese')
      await page.getByTestId('lang-switch').click()
      await page.waitForFunction(() => document.documentElement.lang === 'en')
      assert.ok((await brand.innerText()).includes('Financing Credit Service Platform'), 'English title not shown')
      assert.ok((await notFound.innerText()).includes('Enterprise not found'), 'not-found text not translated')
      await page.getByTestId('lang-switch').click()
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')

      // Logout clears the key; protected pages then redirect to /login.
      await page.getByTestId('logout').click()
      await page.waitForURL(pathnameIs('/login'))
      assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'logout left the key in sessionStorage')
      await page.goto(BASE + '/enterprises')
      await page.waitForURL(pathnameIs('/login'))
    })
  })
})
