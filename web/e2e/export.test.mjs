// End-to-end test of the single export (唯一出口) in the portal, driven through headless Chromium:
// an enterprise grants an institution its tax data, the institution queries it in clear, the
// enterprise revokes, and the institution's next query is refused with the reason in words.
// Reports issued over the API are checked on the public /verify page, and the enterprise checks
// in its browser that the audit ledger holds the accesses.
//
//   RONGXIN_URL=http://127.0.0.1:18080 RONGXIN_API_KEY=<admin key> node --test e2e/export.test.mjs
//
// Env: as portal.test.mjs (RONGXIN_URL, RONGXIN_API_KEY, SCREENSHOT_DIR, CHROMIUM_PATH). Everything
// this file needs (an institution, an enterprise, their keys, one tax record) it makes itself
// through the API, with random names, so it runs against any seeded server, any number of times.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { SHOTS, api, browserSuite, freshUscc, login, openNav, pathnameIs, tag } from './support.mjs'

const TEST_TIMEOUT = 60_000
const LONG_TEST_TIMEOUT = 120_000

const { setup, close, withPage } = browserSuite()
/** What before() made: {institution, enterpriseKey, institutionKey, uscc, name}. */
const world = {}

/** Logs out with the header button and waits for the login page. */
async function logout(page) {
  await page.getByTestId('logout').click()
  await page.waitForURL(pathnameIs('/login'))
}

/** Picks an option of an Element Plus select by its visible text. */
async function pick(page, selectTestid, text) {
  await page.getByTestId(selectTestid).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

/** The institution queries the enterprise's USCC in the authorized view (the form's default). */
async function queryAuthorized(page) {
  await openNav(page, 'nav-query', '/query', 'query-page')
  await page.getByTestId('query-usccs').fill(world.uscc)
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/queries') && r.request().method() === 'POST')
  await page.getByTestId('query-submit').click()
  return answered
}

describe('the single export in the portal', () => {
  before(
    () =>
      setup(async () => {
        const t = tag()
        world.institution = await api('POST', '/api/v1/institutions', {
          body: { id: `e2e-bank-${t.toLowerCase()}`, name: `示例银行E2E${t}分行`, kind: 'bank' },
        })
        world.uscc = freshUscc()
        world.name = `上海导出测试${t}科技有限公司`
        await api('POST', '/api/v1/enterprises', {
          body: {
            uscc: world.uscc,
            name: world.name,
            district: '310115',
            industry: 'I65',
            size: 'small',
            registration_date: '2020-03-01',
            registered_capital_fen: 500_000_000,
          },
        })
        world.enterpriseKey = (await api('POST', '/api/v1/keys', { body: { role: 'enterprise', uscc: world.uscc, label: `e2e export ${t}` } })).key
        world.institutionKey = (
          await api('POST', '/api/v1/keys', { body: { role: 'institution', institution_id: world.institution.id, label: `e2e export ${t}` } })
        ).key
        const provider = await api('POST', '/api/v1/keys', { body: { role: 'data_provider', label: `e2e export ${t}` } })
        const csv =
          'uscc,period,tax_type,tax_payable_amount,tax_paid_amount,arrears_amount,sales_revenue_amount,declared_on_time\n' +
          `${world.uscc},2026-09,vat,12345.00,12345.00,0.00,987654.00,true\n`
        const batch = await api('POST', `/api/v1/ingest/tax?source_name=e2e-export-${t}.csv`, {
          body: csv,
          contentType: 'text/csv; charset=utf-8',
          key: provider.key,
        })
        assert.equal(batch.accepted, 1, `the tax row was not accepted: ${JSON.stringify(batch)}`)
        await api('DELETE', '/api/v1/keys/' + encodeURIComponent(provider.id))
      }),
    { timeout: TEST_TIMEOUT },
  )
  after(() => close())

  test('grant → query → revoke → denied', { timeout: LONG_TEST_TIMEOUT }, async () => {
    await withPage('export-consent', async (page) => {
      const institutionName = world.institution.name
      const authRow = page.locator('[data-testid="auth-table"] tr.el-table__row', { hasText: institutionName })

      // The enterprise grants the institution its tax data for a loan application.
      await login(page, world.enterpriseKey)
      assert.equal(await page.getByTestId('nav-query').count(), 0, 'an enterprise sees 信息查询 in the menu')
      await openNav(page, 'nav-my-authorizations', '/my/authorizations', 'my-authorizations-page')
      await pick(page, 'grant-institution', institutionName)
      await pick(page, 'grant-categories', '纳税信息')
      await page.keyboard.press('Escape')
      const granted = page.waitForResponse((r) => r.url().includes('/authorizations') && r.request().method() === 'POST')
      await page.getByTestId('grant-submit').click()
      assert.equal((await granted).status(), 201, 'the grant was not accepted')
      await authRow.getByTestId('auth-state').and(page.locator('[data-state="active"]')).waitFor({ state: 'visible' })
      assert.equal((await authRow.getByTestId('auth-state').innerText()).trim(), '有效')
      assert.ok((await authRow.innerText()).includes('纳税信息'), 'the granted category is not listed')

      // Its signature checks out.
      await authRow.getByTestId('auth-signature').click()
      await page.getByTestId('auth-verify').click()
      const verdict = page.getByTestId('auth-verify-result')
      await verdict.waitFor({ state: 'visible' })
      assert.equal(await verdict.getAttribute('data-valid'), 'true', 'the signature did not verify')
      await page.keyboard.press('Escape')
      await page.screenshot({ path: path.join(SHOTS, 'export-authorizations.png'), fullPage: true })
      await logout(page)

      // The institution queries in the authorized view and sees the record in clear.
      await login(page, world.institutionKey)
      assert.equal(await page.getByTestId('nav-my-authorizations').count(), 0, 'an institution sees 我的授权 in the menu')
      const answered = await queryAuthorized(page)
      assert.equal(answered.status(), 200, `the authorized query failed: ${await answered.text()}`)
      const answer = page.locator(`[data-testid="query-answer"][data-uscc="${world.uscc}"]`)
      await answer.waitFor({ state: 'visible' })
      assert.equal(await answer.getAttribute('data-view'), 'authorized')
      const tax = answer.locator('[data-testid="query-category"][data-category="tax"]')
      await tax.waitFor({ state: 'visible' })
      const revenue = tax.locator('[data-testid="query-cell"][data-field="sales_revenue_amount"]')
      assert.equal((await revenue.innerText()).trim(), '987,654.00 元', 'the trade secret is not shown in clear')
      assert.equal(await tax.getByTestId('masked').count(), 0, 'an authorized field is marked 已脱敏')
      await page.screenshot({ path: path.join(SHOTS, 'export-query.png'), fullPage: true })
      await logout(page)

      // The enterprise revokes, after confirming.
      await login(page, world.enterpriseKey)
      await openNav(page, 'nav-my-authorizations', '/my/authorizations', 'my-authorizations-page')
      await authRow.getByTestId('auth-revoke').click()
      const revoked = page.waitForResponse((r) => r.url().endsWith('/revoke'))
      await page.locator('.el-message-box__btns .el-button--primary').click()
      assert.equal((await revoked).status(), 200, 'the revocation failed')
      await authRow.getByTestId('auth-state').and(page.locator('[data-state="revoked"]')).waitFor({ state: 'visible' })
      assert.equal((await authRow.getByTestId('auth-state').innerText()).trim(), '已撤销')
      assert.equal(await authRow.getByTestId('auth-revoke').count(), 0, 'a revoked authorization can still be revoked')
      await logout(page)

      // The institution's next query is refused, the reason in words.
      await login(page, world.institutionKey)
      const refused = await queryAuthorized(page)
      assert.equal(refused.status(), 403, 'a query after revocation was not refused')
      const refusal = page.getByTestId('query-refusal')
      await refusal.waitFor({ state: 'visible' })
      assert.equal(await refusal.getAttribute('data-reason'), 'authorization_revoked')
      assert.ok((await refusal.innerText()).includes('企业已撤销授权'), `the refusal does not say 企业已撤销授权: ${await refusal.innerText()}`)
      assert.equal(await page.getByTestId('query-answer').count(), 0, 'data is shown after revocation')
      await page.screenshot({ path: path.join(SHOTS, 'export-refused.png'), fullPage: true })
      await logout(page)

      // The enterprise sees both accesses in its history, the refusal with its reason.
      await login(page, world.enterpriseKey)
      await openNav(page, 'nav-my-accesses', '/my/accesses', 'access-history-page')
      const denied = page.locator('[data-testid="access-table"] tr.el-table__row', {
        has: page.locator('[data-testid="access-outcome"][data-reason="authorization_revoked"]'),
      })
      await denied.first().waitFor({ state: 'visible' })
      assert.ok((await denied.first().innerText()).includes('企业已撤销授权'), 'the refusal reason is not in words')
      assert.ok((await denied.first().innerText()).includes(institutionName), 'the institution is not named')
      assert.ok(
        (await page.locator('[data-testid="access-outcome"][data-reason="allowed"]').count()) >= 1,
        'the allowed query is not in the history',
      )
    })
  })

  test('the enterprise checks in its browser that the ledger holds the accesses', { timeout: TEST_TIMEOUT }, async () => {
    // The first test's query and grant are entries once sequenced (within a second).
    await withPage('export-ledger', async (page) => {
      await login(page, world.enterpriseKey)
      await openNav(page, 'nav-my-ledger', '/my/ledger', 'my-ledger-page')
      const query = page.locator('[data-testid="ledger-table"] tr.el-table__row', {
        has: page.locator('[data-testid="ledger-action"][data-action="query"]'),
      })
      for (let i = 0; i < 20 && (await query.count()) === 0; i++) {
        await page.waitForTimeout(250)
        await page.getByRole('button', { name: '刷新' }).click()
      }
      await query.first().waitFor({ state: 'visible' })
      assert.ok((await query.first().innerText()).includes(world.institution.name), 'the querying institution is not named')
      const grant = page.locator('[data-testid="ledger-action"][data-action="authorization_grant"]')
      assert.ok((await grant.count()) >= 1, 'the grant is not in the ledger')
      // The proof is checked by WebCrypto in the page against the signed head.
      await query.first().getByTestId('ledger-check').click()
      const ok = query.first().getByTestId('ledger-check-ok')
      await ok.waitFor({ state: 'visible' })
      assert.match(await ok.innerText(), /已核验：包含于签名树头（\d+ 条）/)
      // The first visit remembers the signed head; the next proves the ledger only grew since.
      const continuity = page.getByTestId('ledger-continuity')
      await continuity.waitFor({ state: 'visible' })
      assert.equal(await continuity.getAttribute('data-state'), 'first')
      await page.reload()
      await page.getByTestId('my-ledger-page').waitFor({ state: 'visible' })
      await continuity.and(page.locator('[data-state="ok"]')).waitFor({ state: 'visible' })
      assert.ok((await continuity.innerText()).includes('只增未改'), 'the continuity check is not reported in words')
      await page.screenshot({ path: path.join(SHOTS, 'export-ledger.png'), fullPage: true })
    })
  })

  test('the enterprise issues its own report; the public /verify page checks a report', { timeout: TEST_TIMEOUT }, async () => {
    const report = await api('POST', '/api/v1/reports', {
      body: { uscc: world.uscc, purpose: 'credit_review', view: 'desensitized' },
      key: world.institutionKey,
    })
    await withPage('export-report', async (page) => {
      // 我的信用报告: every section, the number and the code.
      await login(page, world.enterpriseKey)
      await openNav(page, 'nav-my-report', '/my/report', 'my-report-page')
      await page.getByTestId('issue-self-report').click()
      const doc = page.getByTestId('credit-report')
      await doc.waitFor({ state: 'visible' })
      const number = (await doc.getByTestId('report-number').innerText()).trim()
      assert.match(number, /^RXR-\d{8}-[0-9A-Z]{10}$/)
      assert.ok((await doc.getByTestId('report-code').innerText()).trim().length > 0, 'no verification code')
      const text = await doc.innerText()
      for (const section of ['登记信息', '综合评价', '评分卡', '指标趋势', '记录汇总', '不良记录', '自报信息', '说明'])
        assert.ok(text.includes(section), `the report lacks the section ${section}`)
      assert.ok(text.includes(world.name), 'the report does not name the enterprise')
      // The institution's report about the enterprise is listed too.
      await page.getByTestId('my-report-list').getByText(report.report_number).waitFor({ state: 'visible' })
      await page.screenshot({ path: path.join(SHOTS, 'export-my-report.png'), fullPage: true })
      await logout(page)

      // 报告核验, reached from the login page without a key.
      await page.getByTestId('login-verify-link').click()
      await page.waitForURL(pathnameIs('/verify'))
      await page.getByTestId('verify-number').fill(report.report_number)
      await page.getByTestId('verify-code').fill(report.verification_code)
      await page.getByTestId('verify-submit').click()
      const result = page.getByTestId('verify-result')
      await result.waitFor({ state: 'visible' })
      assert.equal(await result.getAttribute('data-valid'), 'true', 'a genuine report did not verify')
      assert.equal((await page.getByTestId('verify-enterprise').innerText()).trim(), world.name)
      assert.equal((await page.getByTestId('verify-institution').innerText()).trim(), world.institution.name)
      assert.ok((await result.innerText()).includes('报告真实有效'))
      await page.screenshot({ path: path.join(SHOTS, 'export-verify.png'), fullPage: true })

      // A wrong code reveals nothing.
      await page.getByTestId('verify-code').fill('AAAA-AAAA-AAAA')
      await page.getByTestId('verify-submit').click()
      await page.locator('[data-testid="verify-result"][data-valid="false"]').waitFor({ state: 'visible' })
      assert.ok((await page.getByTestId('verify-result').innerText()).includes('核验未通过'))
      assert.equal(await page.getByTestId('verify-enterprise').count(), 0, 'an invalid code shows the enterprise')
    })
  })
})
