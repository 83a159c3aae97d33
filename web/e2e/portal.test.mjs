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
//   RONGXIN_BIN, RONGXIN_DB  optional: the rongxin binary and the server's database URL. When both
//                    are set, the quality test loads its tax rows with `rongxin ingest` (a file
//                    batch); otherwise it pushes them over the API (POST /api/v1/ingest/tax).
//   RONGXIN_CATALOG  catalogue directory for `rongxin ingest` (default: <repo>/data/catalog)
//   RONGXIN_LAB_DATA directory holding german_credit_weka.csv for the model lab test
//                    (default: $RONGXIN_SHARED_DATA, else <repo>/../shared/data)
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { BASE, KEY, STEP_TIMEOUT, browserSuite, call, finalCheck, login, orgCheck, pathnameIs, shotPath } from './support.mjs'

const RX_BIN = process.env.RONGXIN_BIN || ''
const RX_DB = process.env.RONGXIN_DB || ''
const RX_CATALOG = process.env.RONGXIN_CATALOG || path.resolve(import.meta.dirname, '../../data/catalog')
const LAB_DATA = process.env.RONGXIN_LAB_DATA || process.env.RONGXIN_SHARED_DATA || path.resolve(import.meta.dirname, '../../../shared/data')
const TEST_TIMEOUT = 30_000 // one whole test
const LONG_TEST_TIMEOUT = 60_000 // a test that walks several pages
const RUN_TIMEOUT = 90_000 // a batch evaluation of every enterprise
const API_TIMEOUT = 10_000 // one API call made by the test itself

const { setup, close, requireSetup, withPage } = browserSuite()

/** Fetch JSON from the API with the admin key, failing with a readable message. */
async function apiGet(pathAndQuery) {
  const url = BASE + pathAndQuery
  const res = await call('GET', pathAndQuery, { timeout: API_TIMEOUT }).catch((e) => {
    throw new Error(`cannot reach ${url}: ${e instanceof Error ? e.message : e}`)
  })
  assert.equal(res.status, 200, `GET ${url} returned HTTP ${res.status}: ${res.text.slice(0, 300)}`)
  try {
    return JSON.parse(res.text)
  } catch {
    throw new Error(`GET ${url} did not return JSON: ${res.text.slice(0, 300)}`)
  }
}

/** Sends a body with the admin key; returns the parsed JSON answer (or null for 204). */
async function apiSend(method, pathAndQuery, body, contentType = 'application/json') {
  const res = await call(method, pathAndQuery, { body, contentType, timeout: API_TIMEOUT })
  assert.ok(res.ok, `${method} ${BASE + pathAndQuery} returned HTTP ${res.status}: ${res.text.slice(0, 300)}`)
  return res.body
}

/** HTTP status of an authenticated GET (for probing, e.g. 404). */
async function apiStatus(pathAndQuery) {
  return (await call('GET', pathAndQuery, { timeout: API_TIMEOUT })).status
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

/** "YYYY-MM-DD HH:mm:ss" in Beijing time, as the portal shows operational times. */
function beijingTime(iso) {
  const part = {}
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
  for (const p of fmt.formatToParts(new Date(iso))) part[p.type] = p.value
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`
}

const BAD_PERIOD = '2026-13'

/**
 * Loads a small tax batch (two valid rows, one with an impossible period) about enterprises
 * the server holds, so that quality figures and a quarantine exist. Re-running is harmless:
 * the valid rows then count as duplicates. Returns the ingest summary of the batch.
 */
async function loadTaxBatch() {
  const page0 = await apiGet('/api/v1/enterprises?limit=3')
  assert.ok(
    page0.items?.length >= 3,
    'GET /api/v1/enterprises returned fewer than 3 enterprises: seed the server first',
  )
  const [a, b, c] = page0.items.map((e) => e.uscc)
  const csv =
    [
      'uscc,period,tax_type,tax_payable_amount,tax_paid_amount,arrears_amount,sales_revenue_amount,declared_on_time',
      `${a},2026-09,vat,12800.50,12800.50,0,96000.00,true`,
      `${b},2026-09,corporate_income,5000,4000,1000,,false`,
      `${c},${BAD_PERIOD},vat,10,10,0,,true`,
    ].join('\n') + '\n'

  let summary
  let channel
  if (RX_BIN && RX_DB) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rongxin-e2e-'))
    const file = path.join(dir, 'tax-e2e.csv')
    try {
      fs.writeFileSync(file, csv)
      const args = ['ingest', '--db', RX_DB, '--category', 'tax', '--catalog', RX_CATALOG, file]
      const { stdout } = await promisify(execFile)(RX_BIN, args, { timeout: 30_000 }).catch((e) => {
        throw new Error(`rongxin ingest failed: ${e.stderr || e.message}`)
      })
      const out = JSON.parse(stdout)
      assert.equal(out.batches?.length, 1, `rongxin ingest reported no batch: ${stdout}`)
      summary = out.batches[0]
      channel = 'file'
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  } else {
    summary = await apiSend('POST', '/api/v1/ingest/tax?source_name=tax-e2e.csv', csv, 'text/csv; charset=utf-8')
    channel = 'push'
  }
  assert.equal(summary.rows, 3, `tax batch: expected 3 rows, got ${JSON.stringify(summary)}`)
  assert.equal(summary.rejected, 1, `tax batch: expected 1 rejected row, got ${JSON.stringify(summary)}`)
  assert.ok(summary.batch_id, `tax batch: no batch_id in ${JSON.stringify(summary)}`)
  return { ...summary, channel }
}

/** Waits until the ECharts canvas inside `selector` has painted (axes, labels, bars at least). */
async function waitForChart(page, selector, what) {
  await page.locator(selector + ' canvas').first().waitFor({ state: 'visible' }).catch(() => {
    throw new Error(`${what}: no canvas`)
  })
  await page
    .waitForFunction(
      (sel) => {
        const c = document.querySelector(sel + ' canvas')
        if (!c || !c.width || !c.height) return false
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
        let painted = 0
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) painted++
        return painted > 500
      },
      selector,
      { timeout: STEP_TIMEOUT },
    )
    .catch(() => {
      throw new Error(`${what}: the canvas stays blank`)
    })
}

/** A score as the portal prints it in zh-CN (up to two decimals, grouped). */
const zhNumber = (v) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(v)

describe('rongxin web portal', () => {
  before(() => setup(), { timeout: TEST_TIMEOUT })
  after(() => close())

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

  test('admin opens the shared catalogue: categories, a category\'s fields, versions and a diff', { timeout: LONG_TEST_TIMEOUT }, async () => {
    requireSetup()
    const catalog = await apiGet('/api/v1/catalog')
    const tax = catalog.categories?.find((c) => c.id === 'tax')
    assert.ok(tax, 'GET /api/v1/catalog has no "tax" category')
    const versions = (await apiGet('/api/v1/catalog/versions')).items
    assert.ok(versions?.length > 0, 'GET /api/v1/catalog/versions lists no version')
    const newest = versions.reduce((a, b) => (b.version > a.version ? b : a))

    // A browser in another time zone still shows Beijing time.
    await withPage(
      'catalog',
      async (page) => {
        await login(page, KEY)
        await page.getByTestId('nav-catalog').click()
        await page.waitForURL(pathnameIs('/catalog'))

        const table = page.getByTestId('category-table')
        await table.getByText('纳税信息', { exact: true }).waitFor({ state: 'visible' })
        const tableText = await table.innerText()
        assert.ok(tableText.includes('国家税务总局上海市税务局'), 'the tax department is not listed')
        assert.equal(
          await page.getByTestId('category-id').count(),
          catalog.categories.length,
          'the table does not list every category of GET /api/v1/catalog',
        )
        assert.ok(tableText.includes('物理归集'), 'collection mode "stored" is not shown as 物理归集')
        assert.ok(tableText.includes('每月'), 'frequency "monthly" is not shown as 每月')
        const versionTag = (await page.getByTestId('catalog-version').innerText()).trim()
        assert.ok(versionTag.includes('v' + catalog.version), `version tag "${versionTag}" lacks v${catalog.version}`)
        assert.equal((await page.getByTestId('catalog-name').innerText()).trim(), catalog.name)

        // Clicking the tax row expands its fields.
        await page.getByTestId('category-id').filter({ hasText: /^tax$/ }).click()
        const fields = page.getByTestId('category-fields-tax')
        await fields.waitFor({ state: 'visible' })
        const fieldsText = await fields.innerText()
        for (const f of tax.fields) {
          assert.ok(fieldsText.includes(f.label), `tax field "${f.name}" does not show its label "${f.label}"`)
        }
        for (const tag of ['公开', '受限', '商业秘密']) {
          assert.ok(fieldsText.includes(tag), `sensitivity tag ${tag} missing from the tax fields`)
        }
        assert.ok(fieldsText.includes('corporate_income'), 'enum values of tax_type are not listed')
        await page.screenshot({ path: shotPath('portal-catalog.png'), fullPage: true })

        // Versions tab: every version, creation time in Beijing time; compare two versions.
        await page.getByRole('tab', { name: '版本' }).click()
        const vtable = page.getByTestId('version-table')
        await vtable.getByTestId('version-number').first().waitFor({ state: 'visible' })
        assert.equal(await vtable.getByTestId('version-number').count(), versions.length, 'not every version is listed')
        const vtext = await vtable.innerText()
        const created = beijingTime(newest.created_at)
        assert.ok(vtext.includes(created), `v${newest.version} does not show its creation time ${created}`)
        assert.ok(vtext.includes(newest.content_hash.slice(0, 12)), 'the content hash prefix is not shown')

        await page.getByTestId('diff-compare').click()
        const diff = page.getByTestId('catalog-diff')
        await diff.waitFor({ state: 'visible' })
        const diffText = await diff.innerText()
        if (versions.length === 1) {
          assert.ok(diffText.includes('两个版本内容相同'), `v1 → v1 is not reported identical: ${diffText}`)
        } else {
          const summary = /新增分类 \d+ · 删除分类 \d+ · 变更分类 \d+/
          assert.ok(summary.test(diffText), `no diff summary: ${diffText}`)
        }
        await page.screenshot({ path: shotPath('portal-catalog-versions.png'), fullPage: true })
      },
      { timezoneId: 'Europe/London' },
    )
  })

  test('admin opens data quality: charts, per-category figures, batches and a quarantine download', { timeout: LONG_TEST_TIMEOUT }, async () => {
    requireSetup()
    const batch = await loadTaxBatch()
    const quality = await apiGet('/api/v1/quality')
    const tax = quality.categories.find((c) => c.category === 'tax')
    assert.ok(
      tax && tax.records > 0 && tax.rejected > 0,
      `GET /api/v1/quality: no tax records or rejects: ${JSON.stringify(tax)}`,
    )

    await withPage('quality', async (page) => {
      await login(page, KEY)
      await page.getByTestId('nav-quality').click()
      await page.waitForURL(pathnameIs('/quality'))

      // Both charts draw on their canvas.
      for (const chart of ['coverage-chart', 'rejects-chart']) await waitForChart(page, `[data-testid="${chart}"]`, chart)

      // The per-category table, with the tax figures of the API.
      const row = page.locator('[data-testid="quality-table"] tr.el-table__row', {
        has: page.locator('[data-testid="quality-category"][data-category="tax"]'),
      })
      await row.waitFor({ state: 'visible' })
      const rowText = await row.innerText()
      assert.ok(rowText.includes('纳税信息'), `tax row does not show 纳税信息: ${rowText}`)
      assert.ok(rowText.includes(tax.last_period), `tax row does not show the last period ${tax.last_period}`)
      assert.ok(rowText.includes(tax.rows.toLocaleString('zh-CN')), `tax row does not show ${tax.rows} rows received`)
      await row.click()
      const detail = page.getByTestId('quality-detail-tax')
      await detail.waitFor({ state: 'visible' })
      const detailText = await detail.innerText()
      for (const p of tax.providers) {
        assert.ok(detailText.includes(p.provider), `provider ${p.provider} missing from the tax breakdown`)
      }
      assert.ok(detailText.includes('must be a period'), 'the period reject reason is not listed')

      // The batch just loaded, with its channel, and its quarantine as a CSV download.
      const link = page.locator(`[data-testid="download-rejects"][data-batch-id="${batch.batch_id}"]`)
      await link.waitFor({ state: 'visible' }).catch(() => {
        throw new Error(`batch ${batch.batch_id} has no 下载隔离数据 link`)
      })
      const batchRow = page.locator('[data-testid="batch-table"] tr.el-table__row', { has: link })
      const batchText = await batchRow.innerText()
      const channel = batch.channel === 'file' ? '文件' : '推送'
      assert.ok(batchText.includes(channel), `batch channel not shown as ${channel}: ${batchText}`)
      assert.ok(batchText.includes('已完成'), `batch status not shown as 已完成: ${batchText}`)
      await page.screenshot({ path: shotPath('portal-quality.png'), fullPage: true })

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
      assert.ok(download.suggestedFilename().endsWith('.csv'), `download is named ${download.suggestedFilename()}`)
      const csv = fs.readFileSync(await download.path(), 'utf8')
      const lines = csv.trim().split(/\r?\n/)
      assert.equal(lines[0], 'row_number,field,value,reason', `quarantine header: ${lines[0]}`)
      assert.equal(lines.length, 2, `quarantine should hold the one bad row: ${csv}`)
      assert.ok(lines[1].includes('period') && lines[1].includes(BAD_PERIOD), `quarantine row: ${lines[1]}`)
    })
  })

  test('admin evaluates every enterprise from 评价批次, reads 评价模型 and an enterprise\'s 信用评价', { timeout: LONG_TEST_TIMEOUT + RUN_TIMEOUT }, async () => {
    requireSetup()
    const AS_OF = '2026-10'
    const model = await apiGet('/api/v1/credit/model')
    const library = await apiGet('/api/v1/credit/indicators')
    const page0 = await apiGet('/api/v1/enterprises?limit=100')
    // A month's evaluation covers the enterprises registered by its last day.
    const evaluated = page0.items?.find((e) => e.registration_date <= `${AS_OF}-31`)
    assert.ok(evaluated, 'GET /api/v1/enterprises returned no enterprise registered by the month: seed the server first')
    const { uscc } = evaluated
    // An enterprise registered after the run has no evaluation: the section shows its empty state.
    const fresh = await unknownUscc(uscc)

    await withPage('credit', async (page) => {
      await login(page, KEY)

      // 评价批次: start a run for the month from the form and wait for it to finish.
      await page.getByTestId('nav-credit-runs').click()
      await page.waitForURL(pathnameIs('/credit/runs'))
      await page.getByTestId('credit-runs-page').waitFor({ state: 'visible' })
      const before = (await apiGet('/api/v1/credit/runs?limit=1')).items[0]?.id
      const monthInput = page.locator('[data-testid="credit-runs-page"] .el-date-editor input')
      await monthInput.fill(AS_OF)
      await monthInput.press('Enter')
      assert.equal(await monthInput.inputValue(), AS_OF, 'the month picker did not take the month typed')
      await page.getByTestId('run-start').click()

      let run
      const deadline = Date.now() + RUN_TIMEOUT
      for (;;) {
        run = (await apiGet('/api/v1/credit/runs?limit=1')).items[0]
        if (run && run.id !== before && run.status !== 'running') break
        assert.ok(Date.now() < deadline, `the run started from the page did not finish: ${JSON.stringify(run)}`)
        await new Promise((r) => setTimeout(r, 500))
      }
      assert.equal(run.status, 'done', `run ${run.id} ${run.status}`)
      assert.equal(run.as_of, AS_OF, 'the run is not for the month picked in the form')
      assert.ok(run.enterprises > 0, 'the run evaluated no enterprise')

      // The page polls by itself: the new run shows as 已完成 and the chart is its distribution.
      const status = page.locator(`[data-testid="run-table"] tr.el-table__row`, {
        has: page.locator(`[data-testid="run-id"][data-run-id="${run.id}"]`),
      }).getByTestId('run-status')
      await page.waitForFunction(
        (id) =>
          document.querySelector(`[data-testid="grade-chart"]`)?.getAttribute('data-run-id') === id,
        run.id,
        { timeout: STEP_TIMEOUT },
      ).catch(() => {
        throw new Error(`the grade chart does not show run ${run.id} once it finished`)
      })
      assert.equal((await status.innerText()).trim(), '已完成', 'the finished run is not shown as 已完成')
      const rowText = await page.locator('[data-testid="run-table"] tr.el-table__row').first().innerText()
      for (const [grade, n] of Object.entries(run.grades))
        assert.ok(rowText.includes(`${grade} ${n.toLocaleString('zh-CN')}`), `grade ${grade}: ${n} not in "${rowText}"`)
      assert.equal((await page.getByTestId('chart-run-month').innerText()).trim(), AS_OF)
      await waitForChart(page, '[data-testid="grade-chart"]', 'grade distribution chart')
      await page.screenshot({ path: shotPath('portal-credit-runs.png'), fullPage: true })

      // 评价模型: grades, the weights chart, every factor with its bands, the library by category.
      await page.getByTestId('nav-credit-model').click()
      await page.waitForURL(pathnameIs('/credit/model'))
      await page.getByTestId('model-factor').first().waitFor({ state: 'visible' })
      await waitForChart(page, '[data-testid="credit-weights-chart"]', 'factor weights chart')
      assert.equal(await page.getByTestId('model-factor').count(), model.factors.length, 'not every factor is listed')
      const bands = model.factors.reduce((n, f) => n + f.bands.length, 0)
      assert.equal(await page.getByTestId('model-band').count(), bands, 'not every band is listed')
      const gradesText = await page.getByTestId('credit-grades').innerText()
      for (const g of model.grades) assert.ok(gradesText.includes(g.grade), `grade ${g.grade} missing`)
      assert.ok(
        (await page.getByTestId('credit-model-version').innerText()).includes(model.version),
        'the model version is not shown',
      )
      await page.screenshot({ path: shotPath('portal-credit-model.png'), fullPage: true })
      await page.getByRole('tab', { name: '指标库' }).click()
      const taxGroup = page.getByTestId('indicator-group-tax')
      await taxGroup.waitFor({ state: 'visible' })
      assert.ok((await taxGroup.innerText()).includes('近12个月实缴税额'), 'the tax group lacks 近12个月实缴税额')
      assert.ok((await taxGroup.innerText()).includes('纳税'), 'the tax group is not titled 纳税')
      assert.equal(await page.getByTestId('library-indicator').count(), library.items.length, 'not every indicator is listed')

      // 信用评价 on the enterprise's page, with the figures of the API.
      const evaluation = await apiGet(`/api/v1/enterprises/${uscc}/evaluation?as_of=${AS_OF}`)
      await page.goto(BASE + '/enterprises/' + uscc)
      const section = page.getByTestId('credit-evaluation')
      await section.getByTestId('credit-score').waitFor({ state: 'visible' }).catch(() => {
        throw new Error(`the detail page of ${uscc} shows no credit score`)
      })
      assert.equal((await page.getByTestId('credit-score').innerText()).trim(), zhNumber(evaluation.score))
      assert.equal((await page.getByTestId('credit-grade').innerText()).trim(), evaluation.grade)
      assert.ok((await page.getByTestId('credit-as-of').innerText()).includes(evaluation.as_of), 'as_of not shown')
      assert.ok(
        (await page.getByTestId('credit-model-version').innerText()).includes(evaluation.model_version),
        'model version not shown',
      )
      const rows = page.getByTestId('factor-row')
      assert.equal(await rows.count(), evaluation.factors.length, 'not every factor is in the table')
      assert.equal(
        await rows.first().getAttribute('data-indicator'),
        evaluation.factors[0].indicator,
        'the factor losing most points is not first',
      )
      const first = evaluation.factors[0]
      const scoreCell = (await page.getByTestId('factor-score').first().innerText()).trim()
      assert.equal(scoreCell, `${zhNumber(Math.round(first.score * 10) / 10)} / ${zhNumber(Math.round(first.max_score * 10) / 10)}`)
      if (first.band === 'missing')
        assert.ok((await page.locator('[data-testid="credit-factors"] tr.el-table__row').first().innerText()).includes('缺失'))
      await waitForChart(page, '[data-testid="credit-trend-chart"]', 'score trend chart')
      await waitForChart(page, '[data-testid="credit-gauge"]', 'score gauge')

      // The full indicator list is collapsed until asked for.
      const names = page.getByTestId('indicator-name')
      assert.equal(await names.filter({ visible: true }).count(), 0, 'the indicator list is not collapsed')
      await page.getByTestId('credit-indicators').getByText(`全部指标（${evaluation.indicators.length} 项）`).click()
      await names.first().waitFor({ state: 'visible' })
      assert.equal(await names.count(), evaluation.indicators.length, 'not every indicator is listed')
      await page.screenshot({ path: shotPath('portal-credit-detail.png'), fullPage: true })

      // An enterprise registered after the run: a friendly empty state, not an error.
      await apiSend(
        'POST',
        '/api/v1/enterprises',
        JSON.stringify({
          uscc: fresh,
          name: `上海评价测试${Date.now().toString(36)}有限公司`,
          district: '310115',
          industry: 'I65',
          size: 'small',
          registration_date: '2024-01-15',
          registered_capital_fen: 100_000_000,
        }),
      )
      await page.goto(BASE + '/enterprises/' + fresh)
      const empty = page.getByTestId('credit-empty')
      await empty.waitFor({ state: 'visible' }).catch(() => {
        throw new Error(`an enterprise without evaluation does not show the empty state`)
      })
      assert.ok((await empty.innerText()).includes('暂无信用评价'), 'the empty state does not say 暂无信用评价')
      assert.equal(await page.getByTestId('credit-error').count(), 0, 'a missing evaluation is shown as an error')
    })
  })

  test('admin imports German credit in 样本库, fits a scorecard in 模型库 and reads its details against the API', { timeout: LONG_TEST_TIMEOUT }, async () => {
    requireSetup()
    const csvPath = path.join(LAB_DATA, 'german_credit_weka.csv')
    assert.ok(fs.existsSync(csvPath), `${csvPath} is missing (set RONGXIN_LAB_DATA)`)
    const stamp = Date.now().toString(36)
    const sampleName = `e2e_german_${stamp}`
    const modelName = `e2e_scorecard_${stamp}`
    // Not `general`: its champion is what evaluation runs apply.
    const SCENARIO = 'shipping'

    await withPage('lab', async (page) => {
      await login(page, KEY)
      await page.getByTestId('nav-lab').click()
      await page.waitForURL(pathnameIs('/lab/samples'))
      await page.getByTestId('lab-samples-page').waitFor({ state: 'visible' })
      assert.ok((await page.getByTestId('lab-odds').innerText()).includes('好:坏'), 'the odds convention is not stated')

      // A target column the file lacks: the server's verdict is shown and nothing is listed.
      await page.getByTestId('sample-file').setInputFiles(csvPath)
      assert.ok((await page.getByTestId('sample-file-name').innerText()).includes('german_credit_weka.csv'), 'the chosen file is not shown')
      await page.getByTestId('sample-name').fill(sampleName)
      await page.getByTestId('sample-target').fill('klass')
      await page.getByTestId('sample-bad').fill('bad')
      await page.getByTestId('sample-submit').click()
      const rejected = page.getByTestId('sample-error')
      await rejected.waitFor({ state: 'visible' }).catch(() => {
        throw new Error('an import naming a missing target column shows no error')
      })
      assert.ok((await rejected.innerText()).includes('"klass"'), `the error does not name the column: ${await rejected.innerText()}`)
      const listed = (await apiGet('/api/v1/lab/samples')).items.filter((s) => s.name === sampleName)
      assert.deepEqual(listed, [], 'a rejected sample was stored')

      // The right target: imported, listed with its rows and bad rate.
      await page.getByTestId('sample-target').fill('class')
      await page.getByTestId('sample-submit').click()
      const row = page.locator('[data-testid="sample-table"] tr.el-table__row', {
        has: page.getByTestId('sample-row-name').getByText(sampleName, { exact: true }),
      })
      await row.waitFor({ state: 'visible' }).catch(() => {
        throw new Error(`the imported sample ${sampleName} is not listed`)
      })
      assert.equal(await rejected.count(), 0, 'the error stays after a successful import')
      const sample = (await apiGet('/api/v1/lab/samples')).items.find((s) => s.name === sampleName)
      assert.ok(sample, `GET /api/v1/lab/samples does not list ${sampleName}`)
      assert.equal(sample.rows, 1000)
      assert.equal(sample.bad, 300)
      assert.equal(sample.sha256, '38b6dbf6fb4b0311a3ffc005730f42623128591fb36473ab3c22d270c0467632')
      assert.equal((await row.getByTestId('sample-rows').innerText()).trim(), '1,000')
      assert.equal((await row.getByTestId('sample-bad-rate').innerText()).trim(), '30.0%')
      assert.equal((await row.getByTestId('sample-version').innerText()).trim(), 'v1')
      await page.screenshot({ path: shotPath('portal-lab-samples.png'), fullPage: true })

      // 模型库: fit a scorecard with 5-fold CV on it, in the shipping scenario.
      await page.getByTestId('lab-tab-models').click()
      await page.waitForURL(pathnameIs('/lab/models'))
      await page.getByTestId('fit-form').waitFor({ state: 'visible' })
      await page.getByTestId('fit-sample').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: `${sampleName} v1` }).click()
      await page.getByTestId('fit-name').fill(modelName)
      await page.getByTestId('fit-scenario').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: '航运' }).click()
      assert.equal(await page.locator('[data-testid="fit-cv"] input, input[data-testid="fit-cv"]').first().inputValue(), '5', 'CV folds do not default to 5')
      await page.getByTestId('fit-submit').click()
      await page.waitForURL((url) => /^\/lab\/models\/[0-9a-f-]{36}$/.test(new URL(url).pathname), { timeout: STEP_TIMEOUT }).catch(() => {
        throw new Error('fitting did not open the new model')
      })
      const id = new URL(page.url()).pathname.split('/').pop()
      const model = await apiGet(`/api/v1/lab/models/${id}`)
      assert.equal(model.name, modelName)
      assert.equal(model.scenario, SCENARIO)
      assert.equal(model.algorithm, 'scorecard')
      assert.equal(model.sample_id, sample.id)
      assert.equal(model.role, 'challenger')
      assert.ok(model.cv_auc >= 0.782, `CV AUC ${model.cv_auc}`)

      // The details, with the API's figures, and every chart painted.
      await page.getByTestId('detail-auc').waitFor({ state: 'visible' })
      const text = async (id) => (await page.getByTestId(id).innerText()).trim()
      assert.equal(await text('detail-auc'), model.report.auc.toFixed(3))
      assert.equal(await text('detail-ks'), model.report.ks.toFixed(3))
      assert.equal(await text('detail-gini'), model.report.gini.toFixed(3))
      assert.equal(await text('detail-cv-auc'), model.cv_auc.toFixed(3))
      assert.equal(await text('detail-rows'), '1,000')
      assert.ok((await text('detail-name')).includes(modelName))
      assert.equal(await page.getByTestId('detail-role').getAttribute('data-role'), 'challenger')
      assert.equal((await text('detail-role')), '挑战者')
      assert.equal(await page.getByTestId('detail-scenario').getAttribute('data-scenario'), SCENARIO)
      assert.ok((await text('detail-sample')).includes(sampleName))
      const odds = await text('detail-odds')
      assert.ok(odds.includes('好:坏') && odds.includes('good:bad') && odds.includes('分数越高，风险越低'), `odds: ${odds}`)
      assert.equal(Number(await page.getByTestId('roc-chart').getAttribute('data-points')), model.report.roc.length)
      assert.equal(Number(await page.getByTestId('ks-chart').getAttribute('data-points')), model.report.ks_curve.length)
      assert.equal(Number(await page.getByTestId('distribution-chart').getAttribute('data-bins')), model.report.score_distribution.length)
      await waitForChart(page, '[data-testid="roc-chart"]', 'ROC chart')
      await waitForChart(page, '[data-testid="ks-chart"]', 'KS chart')
      await waitForChart(page, '[data-testid="distribution-chart"]', 'score distribution chart')
      await waitForChart(page, '[data-testid="calibration-chart"]', 'calibration chart')

      // Every variable, strongest first, with its CSI alarm; the first one's bins and points open.
      assert.equal(await page.getByTestId('lab-variable').count(), model.variables.length, 'not every variable is listed')
      const strongest = [...model.variables].sort((a, b) => b.iv - a.iv)[0]
      assert.equal(await page.getByTestId('lab-variable').first().getAttribute('data-variable'), strongest.name)
      const first = page.getByTestId('lab-variable').first()
      assert.equal(await first.getByTestId('variable-bin').count(), strongest.bins.length, `${strongest.name}: not every bin`)
      const points = await first.getByTestId('bin-points').allInnerTexts()
      assert.deepEqual(points.map((p) => p.trim()), strongest.bins.map((b) => b.points.toFixed(2)), `${strongest.name}: points`)
      assert.equal(
        await first.getByTestId('variable-alarm').getAttribute('data-alarm'),
        model.report.csi[strongest.name].alarm,
      )
      await page.waitForTimeout(1500) // the curves' drawing animation, for the screenshot
      await page.screenshot({ path: shotPath('portal-lab-model.png'), fullPage: true })

      // Back in 模型库 the new model is listed as a challenger with its CV AUC.
      await page.getByTestId('lab-tab-models').click()
      const modelRow = page.locator('[data-testid="model-table"] tr.el-table__row', {
        has: page.locator(`[data-testid="model-link"][data-model-id="${id}"]`),
      })
      await modelRow.waitFor({ state: 'visible' })
      assert.equal((await modelRow.getByTestId('model-cv-auc').innerText()).trim(), model.cv_auc.toFixed(3))
      assert.equal(await modelRow.getByTestId('model-role').getAttribute('data-role'), 'challenger')
      await page.screenshot({ path: shotPath('portal-lab-models.png'), fullPage: true })
    })
  })

  test('the admin pages are neither in the menu nor reachable for a data provider', { timeout: TEST_TIMEOUT }, async () => {
    requireSetup()
    const body = JSON.stringify({ role: 'data_provider', label: 'e2e menu check' })
    const issued = await apiSend('POST', '/api/v1/keys', body)
    try {
      await withPage('roles', async (page) => {
        await login(page, issued.key)
        await page.getByTestId('nav-enterprises').waitFor({ state: 'visible' })
        assert.equal(await page.getByTestId('nav-catalog').count(), 0, 'a data provider sees 共享清单 in the menu')
        assert.equal(await page.getByTestId('nav-quality').count(), 0, 'a data provider sees 数据质量 in the menu')
        assert.equal(await page.getByTestId('nav-credit-model').count(), 0, 'a data provider sees 评价模型 in the menu')
        assert.equal(await page.getByTestId('nav-credit-runs').count(), 0, 'a data provider sees 评价批次 in the menu')
        assert.equal(await page.getByTestId('nav-lab').count(), 0, 'a data provider sees 模型实验室 in the menu')
        await page.goto(BASE + '/quality')
        await page.getByTestId('page-forbidden').waitFor({ state: 'visible' }).catch(() => {
          throw new Error('a data provider opening /quality was not refused')
        })
        const refusal = await page.getByTestId('page-forbidden').innerText()
        assert.ok(refusal.includes('系统管理员'), `the refusal does not name the admin role: ${refusal}`)
        assert.equal(await page.getByTestId('quality-page').count(), 0, 'the quality page rendered for a data provider')
        await page.goto(BASE + '/credit/runs')
        await page.getByTestId('page-forbidden').waitFor({ state: 'visible' }).catch(() => {
          throw new Error('a data provider opening /credit/runs was not refused')
        })
        assert.equal(await page.getByTestId('credit-runs-page').count(), 0, 'the runs page rendered for a data provider')
        await page.goto(BASE + '/lab/models')
        await page.getByTestId('page-forbidden').waitFor({ state: 'visible' }).catch(() => {
          throw new Error('a data provider opening /lab/models was not refused')
        })
        assert.equal(await page.getByTestId('lab-page').count(), 0, 'the model lab rendered for a data provider')
      })
    } finally {
      await apiSend('DELETE', '/api/v1/keys/' + encodeURIComponent(issued.id)).catch(() => {})
    }
  })
})
