// End-to-end test of real-time use monitoring (实时监控) in the portal, through headless Chromium:
// an institution is refused again and again over the API; the operator's dashboard shows the
// traffic in its charts, refreshes itself when more arrives, and lists the denials alert, whose
// evidence the operator opens, acknowledges and resolves; the institution sees its own usage.
//
//   RONGXIN_URL=http://127.0.0.1:18080 RONGXIN_API_KEY=<admin key> node --test e2e/monitor.test.mjs
//
// Env: as portal.test.mjs. Everything it needs it makes through the API, with random names.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { KEY, api, browserSuite, call, freshUscc, login, pathnameIs, tag } from './support.mjs'

const TEST_TIMEOUT = 90_000
// Twice the default threshold (5 per key in 10 minutes) less one: at least 5 in one window.
const DENIALS = 9

const { setup, close, withPage } = browserSuite({ viewport: { width: 1440, height: 1000 } })
const world = {}

/** One refused query: the institution has no authorization from the enterprise. */
async function deniedQuery() {
  const res = await call('POST', '/api/v1/queries', {
    key: world.institutionKey,
    body: { uscc: world.uscc, categories: ['tax'], purpose: 'loan_application' },
  })
  assert.equal(res.status, 403, res.text)
}

/** The number shown in a stat card ("1,234" -> 1234). */
async function statValue(page, testid) {
  const text = await page.getByTestId(testid).innerText()
  return Number(text.replace(/[^0-9]/g, ''))
}

describe('live monitoring in the portal', () => {
  before(
    () =>
      setup(async () => {
        const t = tag()
        world.institution = await api('POST', '/api/v1/institutions', {
          body: { id: `e2e-mon-${t.toLowerCase()}`, name: `监控E2E${t}银行`, kind: 'bank' },
        })
        world.uscc = freshUscc()
        await api('POST', '/api/v1/enterprises', {
          body: { uscc: world.uscc, name: `上海监控测试${t}有限公司`, district: '310115', industry: 'I65', size: 'small',
            registration_date: '2020-03-01', registered_capital_fen: 100_000_000 },
        })
        const key = await api('POST', '/api/v1/keys', { body: { role: 'institution', institution_id: world.institution.id, label: `e2e monitor ${t}` } })
        world.institutionKey = key.key
        world.institutionKeyId = key.id
        for (let i = 0; i < DENIALS; i++) await deniedQuery()
      }),
    { timeout: TEST_TIMEOUT },
  )
  after(() => close())

  test('the dashboard charts the traffic, refreshes itself and handles the alert', { timeout: TEST_TIMEOUT }, async () => {
    await withPage('monitor-dashboard', async (page) => {
      await login(page, KEY)
      await page.getByTestId('nav-monitor').click()
      await page.waitForURL(pathnameIs('/monitor'))
      await page.getByTestId('monitor-page').waitFor({ state: 'visible' })
      for (const chart of ['chart-volume', 'chart-institutions', 'chart-categories', 'chart-denials'])
        await page.locator(`[data-testid="${chart}"] canvas`).first().waitFor({ state: 'visible' })
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="stat-denied"]')?.textContent?.replace(/[^0-9]/g, '') || 0) > 0)

      // More refusals arrive; the page, refreshing itself (on by default), shows them unasked.
      assert.match(await page.getByTestId('monitor-live').getAttribute('class'), /is-checked/)
      const before = await statValue(page, 'stat-denied')
      await deniedQuery()
      await deniedQuery()
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="stat-denied"]')?.textContent?.replace(/[^0-9]/g, '') || 0) >= n,
        before + 2,
        { timeout: 20_000 },
      )

      // The alert: repeated denials by this institution's key.
      const row = page.locator('[data-testid="alert-table"] tr.el-table__row', { hasText: world.institution.id }).filter({ hasText: '反复被拒绝' })
      await row.first().waitFor({ state: 'visible', timeout: 20_000 })
      await row.first().getByTestId('alert-open').click()
      const detail = page.locator('.el-drawer').getByTestId('alert-detail')
      await detail.waitFor({ state: 'visible' })
      assert.match(await detail.innerText(), new RegExp(world.institutionKeyId))
      const evidence = detail.locator('[data-testid="alert-evidence"] tr.el-table__row')
      await evidence.nth(4).waitFor({ state: 'visible' })
      assert.ok((await evidence.count()) >= 5)

      await page.getByTestId('alert-note').fill('正在联系机构核实')
      await page.getByTestId('alert-acknowledge').click()
      await page.getByTestId('alert-detail-state').filter({ hasText: '已确认' }).waitFor()
      await page.getByTestId('alert-note').fill('机构系统配置错误，已修复')
      await page.getByTestId('alert-resolve').click()
      await page.getByTestId('alert-detail-state').filter({ hasText: '已处理' }).waitFor()
      assert.match(await page.getByTestId('alert-resolve-note').innerText(), /机构系统配置错误，已修复/)

      const alerts = await api('GET', `/api/v1/monitor/alerts?rule=denials&institution_id=${world.institution.id}`)
      assert.equal(alerts.items[0].state, 'resolved')
      assert.equal(alerts.items[0].resolve_note, '机构系统配置错误，已修复')
    })
  })

  test('the institution sees its own usage', { timeout: TEST_TIMEOUT }, async () => {
    await withPage('monitor-my-usage', async (page) => {
      await login(page, world.institutionKey)
      assert.equal(await page.getByTestId('nav-monitor').count(), 0, 'an institution sees 实时监控 in the menu')
      await page.getByTestId('nav-my-usage').click()
      await page.waitForURL(pathnameIs('/my/usage'))
      await page.getByTestId('my-usage-page').waitFor({ state: 'visible' })
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="usage-denied"]')?.textContent?.replace(/[^0-9]/g, '') || 0) >= n, DENIALS + 2)
      assert.match(await page.getByTestId('usage-reasons').innerText(), /授权/)
    })
  })
})
