// Helpers shared by the browser end-to-end tests (web/e2e/*.test.mjs). Not a test file itself:
// `node --test e2e/` only runs files named like tests (*.test.mjs), so this one is only imported.
//
// Env (read here for every test file; the files document what else they read):
//   RONGXIN_URL      base URL of a running rongxin server that serves the built portal (required)
//   RONGXIN_API_KEY  an admin API key (required)
//   SCREENSHOT_DIR   where PNGs are written (default: <tmpdir>/rongxin-screenshots)
//   CHROMIUM_PATH    browser binary (default: /usr/bin/chromium); no browser is ever downloaded
import assert from 'node:assert/strict'
import { randomBytes, randomInt } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

export const BASE = (process.env.RONGXIN_URL || '').replace(/\/+$/, '')
export const KEY = process.env.RONGXIN_API_KEY || ''
export const SHOTS = process.env.SCREENSHOT_DIR || path.join(os.tmpdir(), 'rongxin-screenshots')
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
export const STEP_TIMEOUT = 15_000 // one UI step (navigation, wait for an element)

/** Where a screenshot named `name` is written. */
export function shotPath(name) {
  return path.join(SHOTS, name)
}

/** A random tag for the names of what a test makes, so it can run any number of times. */
export const tag = () => randomBytes(4).toString('hex').toUpperCase()

/**
 * Calls the API with `key` (default the admin key); returns {status, ok, text, body}, where body
 * is the parsed JSON (null when empty), parsed when first read. A body that is not a string is
 * sent as JSON. Does not judge the status: see api().
 */
export async function call(method, pathAndQuery, { body, contentType = 'application/json', key = KEY, timeout = 15_000 } = {}) {
  const res = await fetch(BASE + pathAndQuery, {
    method,
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeout),
  })
  const text = await res.text()
  return {
    status: res.status,
    ok: res.ok,
    text,
    get body() {
      return text ? JSON.parse(text) : null
    },
  }
}

/** As call(), but fails on a non-2xx answer and returns the parsed body (null when empty). */
export async function api(method, pathAndQuery, opts) {
  const res = await call(method, pathAndQuery, opts)
  assert.ok(res.ok, `${method} ${pathAndQuery} returned HTTP ${res.status}: ${res.text.slice(0, 300)}`)
  return res.body
}

// GB 32100-2015 unified social credit code check characters (the server validates both).
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
export const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

/** The check character of an 8-character organization code body (GB 11714). */
export function orgCheck(body8) {
  let sum = 0
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i]
  const c = 11 - (sum % 11)
  return c === 10 ? 'X' : c === 11 ? '0' : String(c)
}

/** The 18th (check) character of a USCC from its first 17. */
export function finalCheck(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * USCC_WEIGHTS[i]
  return USCC_CHARSET[(31 - (sum % 31)) % 31]
}

/** A valid USCC with a random organization code body (collisions: about 1 in 10^8). */
export function freshUscc() {
  const body8 = String(randomInt(0, 100_000_000)).padStart(8, '0')
  const first17 = '91310115' + body8 + orgCheck(body8)
  return first17 + finalCheck(first17)
}

export const pathnameIs = (expected) => (url) => new URL(url).pathname === expected

/** Logs in through the login page and waits for the landing page (the enterprise list). */
export async function login(page, key) {
  await page.goto(BASE + '/login')
  await page.getByTestId('login-key').fill(key)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(pathnameIs('/enterprises')).catch((e) => {
    throw new Error(`login did not reach /enterprises (${e.message.split('\n')[0]})`)
  })
  await page.getByTestId('header-role').waitFor({ state: 'visible' })
}

/** A full-page screenshot (in SHOTS) once drawers, collapses and charts have finished animating. */
export async function shot(page, name) {
  await page.waitForTimeout(800)
  await page.screenshot({ path: shotPath(name), fullPage: true, timeout: 10_000 })
}

/** Answers the Element Plus confirmation box with its primary button, returning its text. */
export async function confirmBox(page) {
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  const text = await box.innerText()
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
  return text
}

/** Opens a menu entry (or a section tab) and waits for its page. */
export async function openNav(page, testid, pathname, pageTestid) {
  await page.getByTestId(testid).click()
  await page.waitForURL(pathnameIs(pathname))
  await page.getByTestId(pageTestid).waitFor({ state: 'visible' })
}

/**
 * One test file's browser: setup() for its before() hook, withPage() for its tests, close() for
 * its after() hook. Each file makes its own (a file's tests share one browser, files do not).
 * `viewport` is the size of every page.
 */
export function browserSuite({ viewport = { width: 1440, height: 900 } } = {}) {
  /** @type {import('playwright-core').Browser | undefined} */
  let browser
  /** Error from the before() hook, reported by every test (so each one fails with the reason). */
  let setupError

  /** Throws the setup error, if any; asserts the browser is up. */
  function requireSetup() {
    if (setupError) throw setupError
    assert.ok(browser, 'browser was not launched')
  }

  /**
   * The body of before(): checks the environment, runs `prepare` (what the file makes through
   * the API first, if anything), then launches Chromium. Never throws: a failure is kept and
   * every test then fails with it (see requireSetup).
   */
  async function setup(prepare) {
    try {
      const missing = []
      if (!BASE) missing.push('RONGXIN_URL (e.g. http://127.0.0.1:18080)')
      if (!KEY) missing.push('RONGXIN_API_KEY (an admin API key)')
      if (missing.length) throw new Error(`missing environment variable(s): ${missing.join(', ')}`)
      assert.ok(fs.existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH)`)
      fs.mkdirSync(SHOTS, { recursive: true })
      if (prepare) await prepare()
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 20_000 })
    } catch (err) {
      setupError = err instanceof Error ? err : new Error(String(err))
      setupError.message = `e2e setup failed: ${setupError.message}`
    }
  }

  async function close() {
    if (browser) await browser.close().catch(() => {})
    browser = undefined
  }

  /**
   * Runs fn with a fresh browser context and page; on failure saves a screenshot
   * (failure-<name>.png) before rethrowing; uncaught errors in the page fail the test;
   * always closes the context.
   */
  async function withPage(name, fn, { timezoneId = 'Asia/Shanghai' } = {}) {
    requireSetup()
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId })
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

  return { setup, close, requireSetup, withPage }
}
