// End-to-end test of the financing marketplace (融资撮合) in the portal, through headless Chromium:
// an institution creates a product with an eligibility rule (checked in the rule editor) and
// lists it; an enterprise publishes a demand, sees the product matched with its explanation
// (and a near miss with the condition it fails) and applies in one click; the institution
// accepts, reviews, approves with an offer, signs and disburses; the enterprise sees every step
// on the timeline and the loan's schedule; the operator's statistics page draws its charts.
//
//   RONGXIN_URL=http://127.0.0.1:18080 RONGXIN_API_KEY=<admin key> node --test e2e/market.test.mjs
//
// Env: as portal.test.mjs. Everything it needs (an institution, an enterprise, their keys, a
// second product for the near miss) it makes through the API, with random names, so it runs
// against any seeded server any number of times. The tests run in order and build on each other.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { KEY, api, browserSuite, confirmBox, freshUscc, login, openNav, pathnameIs, shot, tag } from './support.mjs'

const TEST_TIMEOUT = 90_000

const { setup, close, withPage } = browserSuite({ viewport: { width: 1440, height: 1000 } })
/** What before() and the earlier tests made: institution, keys, uscc, product ids, application id. */
const world = {}

/** Types into an Element Plus number input (the test id is on its wrapper) and leaves it. */
async function fillNumber(page, testid, value) {
  const input = page.getByTestId(testid).locator('input')
  await input.fill(String(value))
  await input.blur()
}

/** In the open application drawer: starts a decision, submits its form, waits for the new state. */
async function decide(page, to, fill) {
  const drawer = page.getByTestId('application-drawer')
  await drawer.getByTestId('decide-' + to).click()
  await drawer.locator(`[data-testid="decision-form"][data-to="${to}"]`).waitFor({ state: 'visible' })
  if (fill) await fill(drawer)
  await drawer.getByTestId('decision-submit').click()
  await drawer.locator(`[data-testid="application-state"][data-state="${to}"]`).waitFor({ state: 'visible' })
}

describe('the financing marketplace in the portal', () => {
  before(
    () =>
      setup(async () => {
        const t = tag()
        world.tag = t
        world.institution = await api('POST', '/api/v1/institutions', {
          body: { id: `e2e-mkt-${t.toLowerCase()}`, name: `撮合E2E${t}银行`, kind: 'bank' },
        })
        world.uscc = freshUscc()
        await api('POST', '/api/v1/enterprises', {
          body: { uscc: world.uscc, name: `上海撮合测试${t}有限公司`, district: '310115', industry: 'C39', size: 'small',
            registration_date: '2018-06-01', registered_capital_fen: 500_000_000 },
        })
        world.institutionKey = (await api('POST', '/api/v1/keys', { body: { role: 'institution', institution_id: world.institution.id, label: `e2e market ${t}` } })).key
        world.enterpriseKey = (await api('POST', '/api/v1/keys', { body: { role: 'enterprise', uscc: world.uscc, label: `e2e market ${t}` } })).key
        world.productName = `小微信用贷${t}`
        world.purpose = `采购原材料${t}`
        // The near miss: the enterprise, new to the platform, has no composite grade yet.
        world.nearName = `科创积分贷${t}`
        world.near = await api('POST', '/api/v1/market/products', {
          key: world.institutionKey,
          body: { name: world.nearName, type: 'credit_loan', amount_min_fen: 10_000_000, amount_max_fen: 500_000_000,
            term_min_months: 6, term_max_months: 36, rate_min_bp: 350, rate_max_bp: 600, repayment_methods: ['equal_principal'],
            eligibility: 'size in ["small", "micro"]\nand composite_grade >= "A"', policy_tags: ['sci_tech'], status: 'listed' },
        })
      }),
    { timeout: TEST_TIMEOUT },
  )
  after(() => close())

  test('the institution writes a product with an eligibility rule, checks it and lists it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage('market-product', async (page) => {
      await login(page, world.institutionKey)
      assert.equal(await page.getByTestId('nav-finance').count(), 0, 'an institution sees 融资服务 in the menu')
      await openNav(page, 'nav-lending', '/lending/products', 'lending-products-page')
      await page.getByTestId('product-new').click()
      const form = page.getByTestId('product-form')
      await form.waitFor({ state: 'visible' })
      await page.getByTestId('product-form-name').fill(world.productName)
      await fillNumber(page, 'product-form-amount-min', 100000)
      await fillNumber(page, 'product-form-amount-max', 3000000)
      await fillNumber(page, 'product-form-rate-min', 3.85)
      await fillNumber(page, 'product-form-rate-max', 7.2)
      await page.getByTestId('product-form-methods').getByText('先息后本').click()
      await page.getByTestId('product-form-policy').getByText('首贷').click()

      // The attribute list comes from the server; a wrong comparison is refused with its position.
      await page.locator('[data-testid="rule-attribute"][data-name="years_operating"]').waitFor({ state: 'visible' })
      await page.getByTestId('rule-source').fill('size in ["small", "micro"]\nand years_operating >= "两年"')
      await page.getByTestId('rule-check').click()
      const err = page.getByTestId('rule-error').first()
      await err.waitFor({ state: 'visible' })
      assert.equal(await err.getAttribute('data-line'), '2')
      assert.match(await err.innerText(), /第 2 行第 \d+ 列/)

      await page.getByTestId('rule-source').fill('size in ["small", "micro"]\nand years_operating >= 2')
      await page.getByTestId('rule-check').click()
      await page.getByTestId('rule-ok').waitFor({ state: 'visible' })
      assert.equal(await page.getByTestId('rule-condition').count(), 2)
      assert.match(await page.getByTestId('rule-ok').innerText(), /规则有效，共 2 个条件/)
      await shot(page, 'market-product-form.png')

      await page.getByTestId('product-form-submit').click()
      await form.waitFor({ state: 'hidden' })
      const row = page.locator('[data-testid="product-table"] tr.el-table__row', { hasText: world.productName })
      await row.waitFor({ state: 'visible' })
      assert.match(await row.innerText(), /已上架/)
      assert.match(await row.innerText(), /100,000\.00 – 3,000,000\.00/)
      assert.match(await row.innerText(), /3\.85% – 7\.20%/)
      await shot(page, 'market-products.png')

      const mine = await api('GET', `/api/v1/market/products?institution_id=${world.institution.id}`, { key: world.institutionKey })
      const product = mine.items.find((p) => p.name === world.productName)
      assert.ok(product, 'the product is stored')
      assert.equal(product.status, 'listed')
      assert.equal(product.amount_min_fen, 10_000_000)
      assert.equal(product.rate_max_bp, 720)
      assert.deepEqual(product.repayment_methods.sort(), ['equal_instalment', 'interest_only'])

      // Revised in place: the form opens with the stored terms, the status stays.
      await row.getByTestId('product-edit').click()
      await form.waitFor({ state: 'visible' })
      assert.equal(await page.getByTestId('product-form-name').inputValue(), world.productName)
      assert.equal(await page.getByTestId('product-form-status').count(), 0, 'no status choice when revising')
      await fillNumber(page, 'product-form-rate-max', 7.5)
      await page.getByTestId('product-form-submit').click()
      await form.waitFor({ state: 'hidden' })
      await page.waitForFunction(
        (name) => [...document.querySelectorAll('[data-testid="product-table"] tr.el-table__row')].some((r) => r.textContent.includes(name) && r.textContent.includes('7.50%')),
        world.productName,
      )
      const revised = await api('GET', `/api/v1/market/products/${product.id}`, { key: world.institutionKey })
      assert.equal(revised.rate_max_bp, 750)
      assert.equal(revised.status, 'listed')
      assert.equal(revised.eligibility, product.eligibility)
      world.product = revised
    })
  })

  test('the enterprise publishes a demand, sees why the product matches, and applies in one click', { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(world.product, 'the product test did not run')
    await withPage('market-match', async (page) => {
      await login(page, world.enterpriseKey)
      assert.equal(await page.getByTestId('nav-lending').count(), 0, 'an enterprise sees 机构中台 in the menu')
      await openNav(page, 'nav-finance', '/finance/match', 'finance-match-page')
      await fillNumber(page, 'demand-amount', 500000)
      await fillNumber(page, 'demand-term', 12)
      await page.getByTestId('demand-purpose').fill(world.purpose)
      await page.getByTestId('demand-urgency').getByText('紧急').click()
      await page.getByTestId('demand-submit').click()

      const panel = page.getByTestId('match-panel')
      await panel.waitFor({ state: 'visible' })
      assert.match(await panel.innerText(), /500,000\.00 元，12 个月/)
      const card = page.locator(`[data-testid="match-eligible"][data-product-id="${world.product.id}"]`)
      await card.waitFor({ state: 'visible' })
      assert.match(await card.innerText(), new RegExp(world.institution.name))
      assert.match(await card.getByTestId('match-likelihood').innerText(), /%$/)

      // 为什么匹配: every condition met, each with the enterprise's current value.
      await card.getByTestId('match-why').locator('.el-collapse-item__header').click()
      const conditions = card.getByTestId('match-condition')
      await conditions.first().waitFor({ state: 'visible' })
      const kinds = await conditions.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-result')}`))
      assert.deepEqual(kinds, ['amount:met', 'term:met', 'rule:met', 'rule:met'])
      const years = conditions.filter({ hasText: 'years_operating >= 2' })
      assert.match(await years.innerText(), /满足/)
      assert.match(await years.innerText(), /成立年限 = [\d.]+ 年/)
      assert.match(await conditions.filter({ hasText: 'size in' }).innerText(), /企业规模 = 小型 \(small\)/)
      assert.match(await conditions.first().innerText(), /金额 100,000\.00–3,000,000\.00 元.*申请金额 = 500,000\.00 元/s)

      // The near miss names the one condition it fails, and that the platform has no data for it.
      const near = page.locator(`[data-testid="match-near"][data-product-id="${world.near.id}"]`)
      await near.waitFor({ state: 'visible' })
      const failing = near.getByTestId('match-condition')
      assert.equal(await failing.count(), 1)
      assert.equal(await failing.getAttribute('data-result'), 'no_data')
      assert.match(await failing.innerText(), /composite_grade >= "A"/)
      assert.match(await failing.innerText(), /无数据/)
      await shot(page, 'market-match.png')

      // 一键申请 with the confirmation naming the scoped authorization.
      await card.getByTestId('match-select').click()
      assert.match(await page.getByTestId('apply-count').innerText(), /已选择 1 个产品/)
      await page.getByTestId('apply-submit').click()
      const confirmation = await confirmBox(page)
      assert.match(confirmation, new RegExp(world.productName))
      assert.match(confirmation, /为每家机构分别创建一份授权/)
      await page.waitForURL(pathnameIs('/finance/applications'))
      const drawer = page.getByTestId('application-drawer')
      await drawer.getByTestId('application-detail').waitFor({ state: 'visible' })
      assert.equal(await drawer.getByTestId('application-state').getAttribute('data-state'), 'submitted')
      assert.match(await drawer.getByTestId('application-product').innerText(), new RegExp(world.productName))
      await drawer.getByTestId('move-withdrawn').waitFor({ state: 'visible' })

      const apps = await api('GET', `/api/v1/market/applications?product_id=${world.product.id}`, { key: world.enterpriseKey })
      assert.equal(apps.items.length, 1)
      world.application = apps.items[0]
      assert.equal(world.application.amount_fen, 50_000_000)
      assert.equal(world.application.term_months, 12)
      const auths = await api('GET', `/api/v1/enterprises/${world.uscc}/authorizations`, { key: world.enterpriseKey })
      const auth = auths.items.find((a) => a.id === world.application.authorization_id)
      assert.equal(auth.institution_id, world.institution.id)
      assert.equal(auth.purpose, 'loan_application')
    })
  })

  test('the institution accepts, reviews, approves with an offer, signs, disburses and records a repayment', { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(world.application, 'the application test did not run')
    await withPage('market-decide', async (page) => {
      await login(page, world.institutionKey)
      await openNav(page, 'nav-lending', '/lending/products', 'lending-products-page')

      // The demand is a lead, desensitized: no name, no USCC.
      await openNav(page, 'lending-tab-leads', '/lending/leads', 'lending-leads-page')
      const lead = page.locator('[data-testid="lead-table"] tr.el-table__row', { hasText: world.purpose })
      await lead.waitFor({ state: 'visible' })
      assert.doesNotMatch(await lead.innerText(), new RegExp(world.uscc))
      assert.match(await lead.innerText(), /小型/)

      await openNav(page, 'lending-tab-applications', '/lending/applications', 'lending-applications-page')
      const row = page.locator('[data-testid="queue-table"] tr.el-table__row', { hasText: world.uscc })
      await row.waitFor({ state: 'visible' })
      assert.match(await row.innerText(), /已提交/)
      await row.getByTestId('queue-open').click()

      await decide(page, 'accepted')
      await decide(page, 'under_review')
      await decide(page, 'approved', async (drawer) => {
        assert.match(await drawer.getByTestId('offer-amount').locator('input').inputValue(), /^500,000\.00$/)
        await fillNumber(page, 'offer-rate', 5.2)
        await fillNumber(page, 'offer-amount', 450000)
        await drawer.getByTestId('decision-note').fill('同意授信，按月等额本息')
      })
      const drawer = page.getByTestId('application-drawer')
      assert.match(await drawer.getByTestId('application-offer').innerText(), /450,000\.00 元 · 12 个月 · 年利率 5\.20% · 等额本息/)
      await decide(page, 'contract_signed')
      await decide(page, 'disbursed')
      await shot(page, 'market-decided.png')

      const app = await api('GET', `/api/v1/market/applications/${world.application.id}`, { key: world.institutionKey })
      assert.equal(app.state, 'disbursed')
      assert.deepEqual(app.offer, { amount_fen: 45_000_000, term_months: 12, annual_rate_bp: 520, method: 'equal_instalment' })

      await page.keyboard.press('Escape')
      await openNav(page, 'lending-tab-loans', '/lending/loans', 'lending-loans-page')
      const loan = page.locator('[data-testid="loan-table"] tr.el-table__row', { hasText: world.uscc })
      await loan.waitFor({ state: 'visible' })
      assert.match(await loan.innerText(), /450,000\.00/)
      assert.match(await loan.innerText(), /正常/)
      await loan.click()
      const loanDrawer = page.getByTestId('loan-drawer')
      const schedule = loanDrawer.locator('[data-testid="loan-schedule"] tr.el-table__row')
      await schedule.nth(11).waitFor({ state: 'visible' })
      assert.equal(await schedule.count(), 12)

      // A repayment, prefilled with the next instalment, lowers the outstanding principal.
      const before = await loanDrawer.getByTestId('loan-outstanding').innerText()
      assert.equal(before, '450,000.00')
      await loanDrawer.getByTestId('repayment-submit').click()
      await loanDrawer.locator('[data-testid="loan-repayments"] tr.el-table__row').first().waitFor({ state: 'visible' })
      await page.waitForFunction(() => document.querySelector('[data-testid="loan-drawer"] [data-testid="loan-outstanding"]')?.textContent !== '450,000.00')
      const stored = await api('GET', `/api/v1/market/loans/${world.application.id}`, { key: world.institutionKey })
      assert.equal(stored.repayments.length, 1)
      assert.equal(stored.repayments[0].amount_fen, stored.schedule[0].total_fen)
    })
  })

  test('the institution registers an IP pledge, finds it by its number and releases it', { timeout: TEST_TIMEOUT }, async () => {
    await withPage('market-pledge', async (page) => {
      const number = 'ZL' + String(randomInt(0, 1e12)).padStart(12, '0') + '.' + randomInt(0, 10)
      await login(page, world.institutionKey)
      await openNav(page, 'nav-lending', '/lending/products', 'lending-products-page')
      await openNav(page, 'lending-tab-pledges', '/lending/pledges', 'lending-pledges-page')
      await page.getByTestId('pledge-new').click()
      await page.getByTestId('pledge-form').waitFor({ state: 'visible' })
      await page.getByTestId('pledge-form-uscc').fill(world.uscc)
      await page.getByTestId('pledge-form-owner').fill(`上海撮合测试${world.tag}有限公司`)
      await page.getByTestId('pledge-form-item-number').fill(number)
      await page.getByTestId('pledge-form-item-title').fill('一种电池管理方法')
      await fillNumber(page, 'pledge-form-valuation', 1200000)
      await page.getByTestId('pledge-form-valuer').fill('上海某资产评估有限公司')
      await fillNumber(page, 'pledge-form-secured', 450000)
      await page.getByTestId('pledge-form-submit').click()
      await page.getByTestId('pledge-form').waitFor({ state: 'hidden' })
      const row = page.locator('[data-testid="pledge-table"] > .el-table__inner-wrapper tr.el-table__row', { hasText: world.uscc }).first()
      await row.waitFor({ state: 'visible' })
      assert.match(await row.innerText(), /1,200,000\.00/)
      assert.match(await row.innerText(), /已登记/)

      await page.getByTestId('pledge-query').fill(number)
      await page.getByTestId('pledge-search').click()
      await page.locator('[data-testid="pledge-found"] tr.el-table__row', { hasText: world.uscc }).waitFor({ state: 'visible' })

      await row.getByTestId('pledge-release').click()
      await confirmBox(page)
      await row.getByTestId('pledge-status').filter({ hasText: '已解除' }).waitFor({ state: 'visible' })
      await shot(page, 'market-pledges.png')
    })
  })

  test('the enterprise sees every step on the timeline and the loan', { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(world.application, 'the application test did not run')
    await withPage('market-timeline', async (page) => {
      await login(page, world.enterpriseKey)
      await openNav(page, 'nav-finance', '/finance/match', 'finance-match-page')
      await openNav(page, 'finance-tab-applications', '/finance/applications', 'finance-applications-page')
      const row = page.locator('[data-testid="my-application-table"] tr.el-table__row', { hasText: world.productName })
      await row.waitFor({ state: 'visible' })
      // The repayment the lender recorded moved the loan on to repaying (the platform's step).
      assert.match(await row.innerText(), /还款中/)
      await row.getByTestId('my-application-open').click()
      const drawer = page.getByTestId('application-drawer')
      const steps = drawer.getByTestId('timeline-step')
      await steps.first().waitFor({ state: 'visible' })
      // Newest first.
      const order = await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-to')))
      assert.deepEqual(order, ['repaying', 'disbursed', 'contract_signed', 'approved', 'under_review', 'accepted', 'submitted'])
      const text = await drawer.getByTestId('application-timeline').innerText()
      for (const label of ['提交申请', '已受理', '审查中', '已批准', '已签约', '已放款', '还款中', '同意授信，按月等额本息', '一键申请', '平台（自动）'])
        assert.match(text, new RegExp(label))
      assert.match(text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/)
      assert.equal(await drawer.getByTestId('enterprise-actions').count(), 0, 'a disbursed application offers the enterprise no move')
      await drawer.getByTestId('loan-detail').waitFor({ state: 'visible' })
      assert.equal(await drawer.locator('[data-testid="loan-schedule"] tr.el-table__row').count(), 12)
      await shot(page, 'market-timeline.png')

      await page.keyboard.press('Escape')
      await page.getByTestId('tab-loans').click()
      const loan = page.locator('[data-testid="my-loan-table"] tr.el-table__row', { hasText: world.productName })
      await loan.waitFor({ state: 'visible' })
      assert.match(await loan.innerText(), /450,000\.00/)

      // The pledge of its patent the lender registered and released, as the enterprise sees it.
      await openNav(page, 'finance-tab-pledges', '/finance/pledges', 'finance-pledges-page')
      const pledge = page.locator('[data-testid="my-pledge-table"] > .el-table__inner-wrapper tr.el-table__row').first()
      await pledge.waitFor({ state: 'visible' })
      assert.match(await pledge.innerText(), /ZYDJ-/)
      assert.match(await pledge.innerText(), /已解除/)
    })
  })

  test('the operator charts the marketplace and lists SLA breaches', { timeout: TEST_TIMEOUT }, async () => {
    await withPage('market-stats', async (page) => {
      await login(page, KEY)
      await openNav(page, 'nav-market-stats', '/market/stats', 'market-stats-page')
      await page.locator('[data-testid="chart-applications"] canvas').first().waitFor({ state: 'visible' })
      await page.locator('[data-testid="chart-disbursed"] canvas').first().waitFor({ state: 'visible' })
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="stats-applications"]')?.textContent?.replace(/[^0-9]/g, '') || 0) >= 1)
      assert.match(await page.getByTestId('stats-table').innerText(), /浦东新区/)
      await page.getByTestId('breached-table').waitFor({ state: 'visible' })

      await page.getByTestId('stats-by-product_type').click()
      await page.getByTestId('stats-key').filter({ hasText: '信用贷款' }).first().waitFor({ state: 'visible' })
      await shot(page, 'market-stats.png')

      await page.getByTestId('lang-switch').click()
      await page.getByRole('heading', { name: 'Financing statistics' }).waitFor({ state: 'visible' })
      await page.getByTestId('stats-key').filter({ hasText: 'Credit loan' }).first().waitFor({ state: 'visible' })
    })
  })
})
