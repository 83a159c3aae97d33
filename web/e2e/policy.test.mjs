// End-to-end test of the policy pages (政策导航与政策找人, issue 8) in the portal, through headless
// Chromium: the operator writes a 免申即享 policy in the TOML editor (a wrong attribute is refused
// with its line, the caret put there; a change to a version in force is refused on save) and runs
// the matching in full; the enterprise the policy fits sees it as 可享受 with its estimate, a
// nearly-eligible policy with the condition it fails and its current value, confirms the first
// (已确认享受), opts out of a kind of notification, and follows the inbox message to the policy
// on the map; the operator sees the policy's counts in 政策找人, by policy and by district.
//
//   RONGXIN_URL=http://127.0.0.1:18080 RONGXIN_API_KEY=<admin key> node --test e2e/policy.test.mjs
//
// Env: as portal.test.mjs. What it needs (an enterprise, its key, the nearly-eligible policy) it
// makes through the API with random names. Both policies are fenced to the test's enterprise by a
// registered capital no other enterprise has (a random band of 1 万元), so a full run notifies it
// alone, and the test runs against any seeded server any number of times. The tests run in
// order and build on each other.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { KEY, api, browserSuite, call, confirmBox, freshUscc, login, openNav, pathnameIs, shot, tag } from './support.mjs'

const TEST_TIMEOUT = 120_000
const RUN_TIMEOUT = 90_000 // a full matching run of every enterprise against every policy

const { setup, close, withPage } = browserSuite({ viewport: { width: 1440, height: 1000 } })
/** What before() and the earlier tests made: tag, uscc, key, capital band, the two policies. */
const world = {}

/** The eligibility fence: small or micro, and the enterprise's own registered capital (万元). */
const fence = (capital) => `size in ["small", "micro"]\nand registered_capital >= ${capital - 0.5}\nand registered_capital <= ${capital + 0.5}`

/** The 免申即享 policy the operator writes in the editor (`attribute` lets the test misspell one). */
function grantSource(id, title, capital, attribute = 'size') {
  return `# 示例政策（非真实法规文本）— e2e
id = "${id}"
example = true
title = "${title}"
title_en = "E2E first-loan grant (example)"
issuer = "上海市财政局（示例）"
level = "municipal"
kind = "first_loan"
summary = "对符合条件的小微企业直接给予首贷补贴，无需申请。"
materials = []
contact = "市融资信用服务中心 021-00000000（示例）"

[apply]
mode = "no_application"

[[versions]]
version = 1
valid_from = 2024-01-01
eligibility = '''
${fence(capital).replace('size', attribute)}
'''
[versions.benefit]
text = "一次性补贴 8 万元"
fixed = 8
`
}

/** The 快申快享 policy saved through the API: the same fence and 30 years in operation (it fails). */
function nearSource(id, title, capital) {
  return `# 示例政策（非真实法规文本）— e2e
id = "${id}"
example = true
title = "${title}"
issuer = "浦东新区科技和经济委员会（示例）"
level = "district"
district = "浦东新区"
kind = "sci_tech"
summary = "对经营满三十年的科技型中小企业贷款给予风险补偿。"
materials = ["营业执照", "贷款合同"]
contact = "浦东新区企业服务中心 021-00000000（示例）"

[apply]
mode = "quick_apply"
item_code = "310115000000-E2E-${id.slice(-8).toUpperCase()}"
link = "https://zwdt.sh.gov.cn/govPortals/example/${id}"

[[versions]]
version = 1
valid_from = 2024-01-01
eligibility = '''
${fence(capital)}
and years_operating >= 30
'''
[versions.benefit]
text = "按贷款本金的2%给予风险补偿"
`
}

describe('policy navigation and policy outreach in the portal', () => {
  before(
    () =>
      setup(async () => {
        const t = tag()
        world.tag = t
        world.capital = 20_000 + randomInt(1, 9_000) // 万元
        world.uscc = freshUscc()
        await api('POST', '/api/v1/enterprises', {
          body: { uscc: world.uscc, name: `上海政策测试${t}有限公司`, district: '310115', industry: 'C39', size: 'small',
            registration_date: '2018-06-01', registered_capital_fen: world.capital * 1_000_000 },
        })
        world.enterpriseKey = (await api('POST', '/api/v1/keys', { body: { role: 'enterprise', uscc: world.uscc, label: `e2e policy ${t}` } })).key
        world.grant = { id: `e2e-grant-${t.toLowerCase()}`, title: `E2E首贷免申即享${t}（示例）` }
        world.near = { id: `e2e-near-${t.toLowerCase()}`, title: `E2E科技信贷风险补偿${t}（示例）` }
        world.near.source = nearSource(world.near.id, world.near.title, world.capital)
        await api('PUT', `/api/v1/policies/${world.near.id}`, { body: { source: world.near.source } })
      }),
    { timeout: TEST_TIMEOUT },
  )
  after(() => close())

  test('the operator writes a policy in the TOML editor, checks it, saves it and runs the matching', { timeout: TEST_TIMEOUT }, async () => {
    await withPage('policy-admin', async (page) => {
      await login(page, KEY)
      assert.equal(await page.getByTestId('nav-policies').count(), 0, 'the operator has no 政策导航 in the menu')
      await openNav(page, 'nav-admin-policies', '/admin/policies', 'admin-policies-page')
      await page.locator('[data-testid="policy-table"] tr.el-table__row', { hasText: world.near.id }).waitFor({ state: 'visible' })

      await page.getByTestId('policy-new').click()
      const editor = page.getByTestId('policy-source')
      await editor.waitFor({ state: 'visible' })
      assert.match(await editor.inputValue(), /example = true/, 'a new policy starts from the template')

      // A misspelt attribute: 校验 names its line, marks it, and selects that line.
      const wrong = grantSource(world.grant.id, world.grant.title, world.capital, 'sise')
      const wrongLine = wrong.split('\n').findIndex((l) => l.startsWith('sise')) + 1
      await editor.fill(wrong)
      await page.getByTestId('policy-check').click()
      const err = page.getByTestId('policy-error').first()
      await err.waitFor({ state: 'visible' })
      assert.equal(await err.getAttribute('data-line'), String(wrongLine))
      assert.match(await err.innerText(), new RegExp(`第 ${wrongLine} 行第 \\d+ 列`))
      assert.match(await err.innerText(), /sise/)
      const selected = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd))
      assert.match(selected, /^sise in/, 'the caret is on the line of the first error')
      await shot(page, 'policy-editor-error.png')

      await editor.fill(grantSource(world.grant.id, world.grant.title, world.capital))
      await page.getByTestId('policy-check').click()
      await page.getByTestId('policy-check-ok').waitFor({ state: 'visible' })
      await page.getByTestId('policy-save').click()
      await page.getByTestId('policy-editor').waitFor({ state: 'hidden' })
      const row = page.locator('[data-testid="policy-table"] tr.el-table__row', { hasText: world.grant.id })
      await row.waitFor({ state: 'visible' })
      assert.match(await row.innerText(), new RegExp(world.grant.title))
      assert.match(await row.innerText(), /首贷支持/)
      assert.equal(await row.getByTestId('policy-row-mode').innerText(), '免申即享')
      assert.equal(await row.getByTestId('policy-row-status').getAttribute('data-status'), 'active')

      const stored = await api('GET', `/api/v1/policies/${world.grant.id}`)
      assert.equal(stored.kind, 'first_loan')
      assert.equal(stored.apply.mode, 'no_application')
      assert.equal(stored.versions.length, 1)
      assert.equal(await row.getByTestId('policy-row-revision').innerText(), String(stored.revision))

      // A version in force keeps its benefit: the save is refused, its details shown, nothing stored.
      await row.getByTestId('policy-edit').click()
      await page.waitForFunction(() => /fixed = 8/.test(document.querySelector('[data-testid="policy-source"]')?.value ?? ''))
      await editor.fill((await editor.inputValue()).replace('fixed = 8', 'fixed = 9'))
      await page.getByTestId('policy-save').click()
      const refused = page.getByTestId('policy-save-error')
      await refused.waitFor({ state: 'visible' })
      assert.match(await refused.innerText(), /未做任何修改/)
      const versionLine = (await editor.inputValue()).split('\n').findIndex((l) => l.startsWith('version = 1')) + 1
      const problem = page.getByTestId('policy-error').first()
      assert.equal(await problem.getAttribute('data-line'), String(versionLine), 'the problem is placed at the version')
      assert.match(await problem.innerText(), /versions\[0\]\.benefit/)
      assert.match(await problem.innerText(), /version 1 .*benefit cannot change/, 'the refusal names the version in force')
      await shot(page, 'policy-editor-refused.png')
      const unchanged = await api('GET', `/api/v1/policies/${world.grant.id}`)
      assert.equal(unchanged.revision, stored.revision, 'a refused save stores nothing')
      await page.keyboard.press('Escape')

      // 政策找人: a full run; the enterprise is newly eligible for the policy written above. The
      // server's own pass (at start and every minute) may get there first: a policy changed, so
      // its incremental pass runs in full and notifies. Either way some run since the save did.
      await openNav(page, 'nav-policy-stats', '/admin/policy-stats', 'policy-stats-page')
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/policies/run', { timeout: RUN_TIMEOUT })
      await page.getByTestId('policy-run-full').click()
      const ran = await (await answer).json()
      assert.equal(ran.mode, 'full', JSON.stringify(ran))
      await page.getByTestId('run-summary').filter({ hasText: '刚刚完成全量运行' }).waitFor({ state: 'visible', timeout: RUN_TIMEOUT })
      assert.equal((await page.getByTestId('run-enterprises').innerText()).replace(/\D/g, ''), String(ran.enterprises))
      assert.equal((await page.getByTestId('run-notified').innerText()).replace(/\D/g, ''), String(ran.notified))
      assert.ok(ran.enterprises >= 300 && ran.policies >= 2, JSON.stringify(ran))
      const runs = (await api('GET', '/api/v1/policies/runs')).runs
      assert.ok(runs.some((r) => r.id === ran.id && r.mode === 'full'), 'the run is listed')
      const since = runs.filter((r) => r.started_at >= stored.updated_at)
      assert.ok(since.some((r) => r.newly_eligible >= 1 && r.notified >= 1), JSON.stringify(since))
      world.ran = true
    })
  })

  test('the enterprise sees the map, confirms a 免申即享 policy and follows the inbox message', { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(world.ran, 'the operator test did not run')
    await withPage('policy-map', async (page) => {
      await login(page, world.enterpriseKey)
      assert.equal(await page.getByTestId('nav-admin-policies').count(), 0, 'an enterprise has no 政策管理 in the menu')
      await openNav(page, 'nav-policies', '/policies', 'policies-page')

      // 可享受 with its estimate and the 确认享受 button.
      const grant = page.locator(`[data-testid="policy-card"][data-policy-id="${world.grant.id}"]`)
      await grant.waitFor({ state: 'visible' })
      assert.equal(await grant.getAttribute('data-status'), 'eligible')
      assert.equal(await grant.getByTestId('policy-status').innerText(), '可享受')
      assert.equal(await grant.getByTestId('policy-estimate').innerText(), '约 8 万元')
      assert.equal(await grant.getByTestId('policy-mode').innerText(), '免申即享')
      assert.ok(Number(await page.getByTestId('policy-count-eligible').innerText()) >= 1)

      // 差一点: the one condition it fails, with the enterprise's current value; how to apply.
      const near = page.locator(`[data-testid="policy-card"][data-policy-id="${world.near.id}"]`)
      await near.waitFor({ state: 'visible' })
      assert.equal(await near.getAttribute('data-status'), 'nearly_eligible')
      assert.equal(await near.getByTestId('policy-status').innerText(), '差一点')
      const failing = near.getByTestId('policy-failing').getByTestId('match-condition')
      assert.equal(await failing.count(), 1)
      assert.equal(await failing.getAttribute('data-result'), 'not_met')
      assert.match(await failing.innerText(), /years_operating >= 30/)
      assert.match(await failing.innerText(), /成立年限 = [\d.]+ 年/)
      assert.equal(await near.getByTestId('policy-estimate').count(), 0, 'a text-only benefit has no estimate')
      assert.match(await near.getByTestId('policy-item-code').innerText(), /^310115000000-E2E-/)
      assert.equal(await near.getByTestId('policy-link').getAttribute('href'), `https://zwdt.sh.gov.cn/govPortals/example/${world.near.id}`)
      await near.getByTestId('policy-go-apply').waitFor({ state: 'visible' })
      await shot(page, 'policy-map.png')

      // The counts filter by status, the tabs by kind.
      await page.getByTestId('policy-count-nearly_eligible').click()
      await grant.waitFor({ state: 'detached' })
      await near.waitFor({ state: 'visible' })
      await page.getByTestId('policy-count-all').click()
      await page.locator('#tab-first_loan').click()
      await grant.waitFor({ state: 'visible' })
      assert.equal(await near.count(), 0, 'the 科技信贷 policy is not under 首贷支持')
      await page.locator('#tab-all').click()

      // 确认享受: confirmed with the date; a second confirmation is refused.
      await grant.getByTestId('policy-confirm').click()
      assert.match(await confirmBox(page), new RegExp(world.grant.title))
      await grant.getByTestId('policy-granted').waitFor({ state: 'visible' })
      assert.match(await grant.getByTestId('policy-granted').innerText(), /^已确认享受 · \d{4}-\d{2}-\d{2}$/)
      assert.equal(await grant.getByTestId('policy-confirm').count(), 0)
      const map = await api('GET', `/api/v1/enterprises/${world.uscc}/policy-map`, { key: world.enterpriseKey })
      assert.ok(map.policies.find((p) => p.id === world.grant.id).granted_at, 'the grant is stored')
      const again = await call('POST', `/api/v1/enterprises/${world.uscc}/policies/${world.grant.id}/confirm`, { key: world.enterpriseKey })
      assert.equal(again.status, 409)

      // 通知设置: no more messages about guarantees.
      await page.getByTestId('policy-prefs-open').click()
      const prefs = page.getByTestId('policy-prefs')
      const guarantee = prefs.locator('[data-kind="guarantee"]')
      await guarantee.waitFor({ state: 'visible' })
      await page.waitForFunction(() => document.querySelector('[data-testid="policy-prefs"] [data-kind="guarantee"]')?.classList.contains('is-checked'))
      await guarantee.click()
      await page.getByTestId('policy-prefs-save').click()
      await page.getByTestId('policy-prefs-kinds').waitFor({ state: 'hidden' })
      const saved = await api('GET', `/api/v1/enterprises/${world.uscc}/policy-preferences`, { key: world.enterpriseKey })
      assert.deepEqual(saved.opted_out_kinds, ['guarantee'])

      // The run's message links to the policy on the map, opened and scrolled to.
      await openNav(page, 'nav-inbox', '/inbox', 'inbox-page')
      const open = page.locator(`[data-testid="inbox-open"][href="/policies?focus=${world.grant.id}"]`).first()
      await open.waitFor({ state: 'visible' })
      assert.equal(await open.innerText(), '查看政策')
      await open.click()
      await page.waitForURL(pathnameIs('/policies'))
      const focused = page.locator(`[data-testid="policy-card"][data-policy-id="${world.grant.id}"][data-focused="true"]`)
      await focused.waitFor({ state: 'visible' })
      await focused.getByTestId('policy-conditions').waitFor({ state: 'visible' })
      assert.equal(await focused.getByTestId('policy-conditions').getByTestId('match-condition').count(), 3)
      assert.match(await focused.getByTestId('policy-granted').innerText(), /已确认享受/)
      await shot(page, 'policy-focus.png')
      world.granted = true
    })
  })

  test("the operator sees the policy's counts in 政策找人, by policy and by district", { timeout: TEST_TIMEOUT }, async () => {
    assert.ok(world.granted, 'the enterprise test did not run')
    await withPage('policy-stats', async (page) => {
      await login(page, KEY)
      await openNav(page, 'nav-policy-stats', '/admin/policy-stats', 'policy-stats-page')
      await page.locator('[data-testid="chart-policies"] canvas').first().waitFor({ state: 'visible' })
      const row = page.locator('[data-testid="policy-stats-table"] tr.el-table__row', { hasText: world.grant.title })
      await row.waitFor({ state: 'visible' })
      assert.equal(await row.getByTestId('stats-eligible').innerText(), '1')
      assert.equal(await row.getByTestId('stats-notified').innerText(), '1')
      assert.equal(await row.getByTestId('stats-granted').innerText(), '1')
      assert.equal(await row.getByTestId('stats-take-up').innerText(), '100.0%')
      const nearRow = page.locator('[data-testid="policy-stats-table"] tr.el-table__row', { hasText: world.near.title })
      assert.equal(await nearRow.getByTestId('stats-eligible').innerText(), '0')
      assert.match(await page.getByTestId('policy-runs').innerText(), /全量/)

      // The chosen policy by district, then by industry section.
      await row.click()
      await page.locator('[data-testid="chart-groups"] canvas').first().waitFor({ state: 'visible' })
      const district = page.locator('[data-testid="group-table"] tr.el-table__row', { hasText: '浦东新区' })
      await district.waitFor({ state: 'visible' })
      assert.match(await district.innerText(), /浦东新区\s+1\s+1\s+0\s+1/)
      await page.getByTestId('group-by-industry').click()
      await page.locator('[data-testid="group-key"]', { hasText: /^C / }).waitFor({ state: 'visible' })
      await shot(page, 'policy-stats.png')

      await page.getByTestId('lang-switch').click()
      await page.getByRole('heading', { name: 'Policy outreach' }).waitFor({ state: 'visible' })
      await page.locator('[data-testid="group-key"]', { hasText: /^C Manufacturing/ }).waitFor({ state: 'visible' })
    })
  })
})
