// The model lab over HTTP: the sample library (CSV import checked as a whole before anything is
// stored, versions per name, byte-exact download) and the model registry (a scorecard fitted with
// cross-validation on German credit, an xgboost model on credit_data with its missing values,
// details with curves and bins, model card, model file, champion and challengers per scenario),
// with the errors and roles of every route.
//
// Real data: $RONGXIN_SHARED_DATA (scripts/shared-data.sh), else ../shared/data next to the repository (see its README for the checksums and the
// scikit-learn reference AUCs). Models are fitted in the `shipping` and `trade` scenarios only:
// the `general` champion is what evaluation runs apply, so this suite never touches it.
import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { SOURCE_DIR, api, assertError, reasonFor } from './client.mjs'
import { createKey, tag } from './fixtures.mjs'

const DATA = process.env.RONGXIN_SHARED_DATA || join(SOURCE_DIR, '..', 'shared', 'data')
const GERMAN = readFileSync(join(DATA, 'german_credit_weka.csv'))
const CREDIT_DATA = readFileSync(join(DATA, 'credit_data_modeldata.csv'))
// ../shared/data/README.md
const GERMAN_SHA256 = '38b6dbf6fb4b0311a3ffc005730f42623128591fb36473ab3c22d270c0467632'
const CREDIT_DATA_SHA256 = '9ba0c2326900ca6cc90cee6e43930bd691f07574f154d70807d5cb8f313e3217'
// scikit-learn LogisticRegression, 5-fold CV AUC on german_credit (README), less 0.01.
const GERMAN_MIN_CV_AUC = 0.792 - 0.01
const NON_ADMIN = ['data_provider', 'enterprise', 'institution', 'service_agency', 'node']
// The scenario this suite may crown champions in (nobody else uses it).
const SCENARIO = 'shipping'

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex')

/** POST /lab/samples with a CSV body; `type` is the Content-Type. */
const importSample = (body, query, { type = 'text/csv', key } = {}) =>
  api.post('/api/v1/lab/samples', { body, query, headers: { 'content-type': type }, key })

/** Imports and asserts 201; returns the sample. */
async function importOk(body, query) {
  const res = await importSample(body, query)
  assert.equal(res.status, 201, res.text)
  return res.body
}

/** Fits and asserts 201; returns the model. */
async function fitOk(input) {
  const res = await api.post('/api/v1/lab/models', { json: input })
  assert.equal(res.status, 201, res.text)
  return res.body
}

async function samplesNamed(name) {
  const res = await api.get('/api/v1/lab/samples')
  assert.equal(res.status, 200, res.text)
  return res.body.items.filter((s) => s.name === name)
}

async function models() {
  const res = await api.get('/api/v1/lab/models')
  assert.equal(res.status, 200, res.text)
  return res.body.items
}

async function modelDetail(id) {
  const res = await api.get(`/api/v1/lab/models/${id}`)
  assert.equal(res.status, 200, res.text)
  return res.body
}

const sum = (xs) => xs.reduce((a, b) => a + b, 0)

describe('lab: sample library', () => {
  let adminKeyId
  before(async () => {
    const me = await api.get('/api/v1/me')
    assert.equal(me.status, 200, me.text)
    adminKeyId = me.body.key_id
  })

  it('imports German credit: counts, checksum, versions per name, byte-exact download', async () => {
    const name = `german_credit_${tag()}`
    const query = { name, target: 'class', bad: 'bad', description: 'UCI German credit (weka)' }
    const v1 = await importOk(GERMAN, query)
    assert.equal(v1.name, name)
    assert.equal(v1.version, 1)
    assert.equal(v1.source, 'import')
    assert.equal(v1.description, 'UCI German credit (weka)')
    assert.equal(v1.target, 'class')
    assert.equal(v1.bad_value, 'bad')
    assert.equal(v1.rows, 1000)
    assert.equal(v1.bad, 300)
    assert.equal(v1.columns, 20, 'every column but the target is a feature')
    assert.equal(v1.sha256, GERMAN_SHA256)
    assert.equal(v1.created_by, adminKeyId)

    const v2 = await importOk(GERMAN, { name, target: 'class', bad: 'bad' })
    assert.equal(v2.version, 2, 'the same name again is the next version')
    assert.notEqual(v2.id, v1.id)
    assert.equal(v2.description, '')
    assert.equal(v2.sha256, GERMAN_SHA256)

    const listed = await samplesNamed(name)
    assert.deepEqual(
      listed.map((s) => [s.id, s.version]),
      [
        [v2.id, 2],
        [v1.id, 1],
      ],
      'both versions listed, newest first',
    )
    assert.deepEqual(listed[1], v1, 'the list shows the sample as the import answered it')

    const csv = await api.get(`/api/v1/lab/samples/${v1.id}/csv`)
    assert.equal(csv.status, 200, csv.text)
    assert.match(csv.headers.get('content-type'), /^text\/csv/)
    assert.equal(csv.headers.get('content-disposition'), `attachment; filename="${name}-v1.csv"`)
    assert.ok(Buffer.from(csv.text, 'utf8').equals(GERMAN), 'the download is not the upload byte for byte')
    assert.equal(sha256(Buffer.from(csv.text, 'utf8')), v1.sha256)
  })

  it('imports credit_data with quoted cells and missing values as empty fields', async () => {
    const s = await importOk(CREDIT_DATA, { name: `credit_data_${tag()}`, target: 'Status', bad: 'bad' })
    assert.equal(s.rows, 4454)
    assert.equal(s.bad, 1254)
    assert.equal(s.columns, 13)
    assert.equal(s.sha256, CREDIT_DATA_SHA256)
  })

  it('rejects a bad CSV as a whole with 400 naming the row or column, and stores nothing', async () => {
    const header = 'age,income,class'
    const cases = [
      { what: 'a ragged row', csv: `${header}\n30,100,good\n41,200\n50,300,bad\n`, message: /row 3\b/ },
      { what: 'a row with a cell too many', csv: `${header}\n30,100,good\n41,200,bad\n50,300,bad,9\n`, message: /row 4\b/ },
      { what: 'no target column', csv: `age,income,status\n30,100,good\n41,200,bad\n`, message: /"class"/ },
      { what: 'bad rows only', csv: `${header}\n30,100,bad\n41,200,bad\n`, message: /column "class" has only one class/ },
      { what: 'no bad row', csv: `${header}\n30,100,good\n41,200,poor\n`, message: /"bad" never appears in column "class"/ },
      { what: 'a repeated column', csv: `age,age,class\n30,31,good\n41,42,bad\n`, message: /"age" appears twice/ },
      { what: 'a header only', csv: `${header}\n`, message: /no data rows/ },
      { what: 'an empty body', csv: '', message: /empty/ },
    ]
    const names = []
    for (const c of cases) {
      const name = `bad_csv_${tag()}`
      names.push(name)
      const res = await importSample(c.csv, { name, target: 'class', bad: 'bad' })
      assertError(res, 400, 'invalid_argument')
      assert.match(res.body.error.message, c.message, `${c.what}: ${res.text}`)
    }
    const all = (await api.get('/api/v1/lab/samples')).body.items
    assert.deepEqual(
      all.filter((s) => names.includes(s.name)),
      [],
      'a rejected sample was stored',
    )
  })

  it('wants name, target and bad (400 listing each), text/csv (415), at most max_push_bytes (413)', async () => {
    const res = await importSample(GERMAN, { description: 'no name' })
    assertError(res, 400, 'invalid_argument', ['name', 'target', 'bad'])
    assert.match(reasonFor(res, 'target'), /target column/)

    const name = `media_${tag()}`
    for (const type of ['application/json', 'text/plain', 'application/x-ndjson']) {
      const wrong = await importSample(GERMAN, { name, target: 'class', bad: 'bad' }, { type })
      assertError(wrong, 415, 'unsupported_media_type', ['content-type'])
    }
    const charset = await importSample(GERMAN, { name, target: 'class', bad: 'bad' }, { type: 'text/csv; charset=utf-8' })
    assert.equal(charset.status, 201, charset.text)

    const big = await importSample(Buffer.alloc(16 * 1024 * 1024 + 1, 0x20), {
      name: `${name}_big`,
      target: 'class',
      bad: 'bad',
    })
    assert.equal(big.status, 413, big.text)
    assert.ok(['payload_too_large', 'resource_exhausted'].includes(big.body.error.code), big.text)

    assert.deepEqual((await samplesNamed(name)).map((s) => s.version), [1], 'only the text/csv import was stored')
    assert.deepEqual(await samplesNamed(`${name}_big`), [])
  })

  it('answers 404 for the CSV of an unknown sample', async () => {
    assertError(await api.get(`/api/v1/lab/samples/${randomUUID()}/csv`), 404, 'not_found')
    assertError(await api.get('/api/v1/lab/samples/not-an-id/csv'), 404, 'not_found')
  })
})

describe('lab: model registry', () => {
  let adminKeyId
  let german // sample
  let creditData // sample
  let card // the scorecard fitted on German credit (challenger)
  before(async () => {
    adminKeyId = (await api.get('/api/v1/me')).body.key_id
    german = await importOk(GERMAN, { name: `german_credit_${tag()}`, target: 'class', bad: 'bad' })
    creditData = await importOk(CREDIT_DATA, { name: `credit_data_${tag()}`, target: 'Status', bad: 'bad' })
  })

  it('fits a scorecard with 5-fold CV on German credit, at least scikit-learn less 0.01', async () => {
    const name = `german_scorecard_${tag()}`
    card = await fitOk({ sample_id: german.id, name, scenario: SCENARIO, algorithm: 'scorecard', cv_folds: 5 })
    assert.equal(card.name, name)
    assert.equal(card.version, 1)
    assert.equal(card.scenario, SCENARIO)
    assert.equal(card.algorithm, 'scorecard')
    assert.equal(card.sample_id, german.id)
    assert.equal(card.role, 'challenger', 'a fit is a challenger unless asked otherwise')
    assert.equal(card.odds_convention, 'good:bad')
    assert.equal(card.author, adminKeyId)
    assert.ok(card.cv_auc >= GERMAN_MIN_CV_AUC, `CV AUC ${card.cv_auc} < ${GERMAN_MIN_CV_AUC}`)
    assert.ok(card.auc >= card.cv_auc - 0.02 && card.auc < 0.95, `training AUC ${card.auc}, CV AUC ${card.cv_auc}`)
    assert.ok(card.ks > 0.3 && card.ks < 0.8, `KS ${card.ks}`)
    const listed = (await models()).find((m) => m.id === card.id)
    assert.deepEqual(listed, card, 'the list shows the model as the fit answered it')

    const again = await fitOk({ sample_id: german.id, name, scenario: SCENARIO, cv_folds: 0 })
    assert.equal(again.version, 2, 'the same name again is the next version')
    assert.equal(again.algorithm, 'scorecard', 'scorecard is the default algorithm')
    assert.equal(again.cv_auc, null, 'no CV, no CV AUC')
    assert.equal(again.auc, card.auc, 'the same sample fits the same scorecard')
  })

  it('details a scorecard: ROC from (0,0) to (1,1), KS curve, distribution, calibration, bins with points', async () => {
    assert.ok(card, 'the scorecard fit failed')
    const d = await modelDetail(card.id)
    for (const k of ['id', 'name', 'version', 'scenario', 'algorithm', 'sample_id', 'role', 'auc', 'ks', 'cv_auc'])
      assert.deepEqual(d[k], card[k], k)
    const r = d.report
    assert.equal(r.algorithm, 'scorecard')
    assert.equal(r.odds_convention, 'good:bad')
    assert.equal(r.rows, 1000)
    assert.equal(r.bad, 300)
    assert.equal(r.auc, d.auc)
    assert.equal(r.ks, d.ks)
    assert.ok(Math.abs(r.gini - (2 * r.auc - 1)) < 1e-9, `gini ${r.gini} vs AUC ${r.auc}`)

    assert.deepEqual(r.roc[0], [0, 0], 'the ROC curve starts at (0,0)')
    assert.deepEqual(r.roc.at(-1), [1, 1], 'the ROC curve ends at (1,1)')
    assert.ok(r.roc.length >= 20 && r.roc.length <= 202, `${r.roc.length} ROC points`)
    for (let i = 1; i < r.roc.length; i++)
      assert.ok(r.roc[i][0] >= r.roc[i - 1][0] && r.roc[i][1] >= r.roc[i - 1][1], `ROC not monotone at ${i}`)
    // Trapezoids under the plotted ROC: the AUC, up to the thinning to ~200 points.
    let area = 0
    for (let i = 1; i < r.roc.length; i++)
      area += ((r.roc[i][0] - r.roc[i - 1][0]) * (r.roc[i][1] + r.roc[i - 1][1])) / 2
    assert.ok(Math.abs(area - r.auc) < 0.01, `area under the plotted ROC ${area} vs AUC ${r.auc}`)
    assert.equal(r.ks_curve.length, r.roc.length)
    const ksMax = Math.max(...r.ks_curve.map((p) => p[1]))
    assert.ok(ksMax <= r.ks + 1e-9 && ksMax > r.ks - 0.03, `KS curve peak ${ksMax} vs KS ${r.ks}`)

    assert.equal(r.distribution_of, 'score')
    assert.equal(r.score_distribution.length, 20)
    assert.equal(sum(r.score_distribution.map((b) => b.good)), 700)
    assert.equal(sum(r.score_distribution.map((b) => b.bad)), 300)
    // Higher score = lower risk: the bad rows score lower on average.
    const mean = (k) =>
      sum(r.score_distribution.map((b) => ((b.from + b.to) / 2) * b[k])) / sum(r.score_distribution.map((b) => b[k]))
    assert.ok(mean('bad') < mean('good'), `mean score of bad ${mean('bad')} >= of good ${mean('good')}`)
    assert.ok(Number.isFinite(r.ks_at_score), 'a scorecard reports the score where KS is reached')

    assert.equal(sum(r.calibration.map((c) => c.count)), 1000)
    const c = r.confusion
    assert.equal(c.true_bad + c.false_good, 300)
    assert.equal(c.false_bad + c.true_good, 700)

    assert.ok(d.variables.length >= 3, `${d.variables.length} variables`)
    for (const v of d.variables) {
      assert.equal(sum(v.bins.map((b) => b.good)), 700, `${v.name}: good rows over its bins`)
      assert.equal(sum(v.bins.map((b) => b.bad)), 300, `${v.name}: bad rows over its bins`)
      for (const b of v.bins) assert.ok(Number.isFinite(b.points) && Number.isFinite(b.woe), `${v.name} ${b.label}`)
      assert.ok(r.csi[v.name], `no CSI for ${v.name}`)
    }
    const checking = d.variables.find((v) => v.name === 'checking_status')
    assert.ok(checking && checking.iv > 0.3, `checking_status, the strongest variable, IV ${checking?.iv}`)
    // WOE is ln(%good/%bad): the bins with the best odds score the most points.
    const byWoe = [...checking.bins].sort((a, b) => a.woe - b.woe)
    assert.ok(byWoe.at(-1).points > byWoe[0].points, 'higher WOE (more good) does not earn more points')
  })

  it('serves the model card (HTML) and the model file (JSON attachment)', async () => {
    assert.ok(card, 'the scorecard fit failed')
    const html = await api.get(`/api/v1/lab/models/${card.id}/card`)
    assert.equal(html.status, 200, html.text)
    assert.match(html.headers.get('content-type'), /^text\/html/)
    assert.ok(html.text.includes(card.name), 'the card does not name the model')
    assert.ok(html.text.includes('good:bad'), 'the card does not state the odds convention')
    assert.ok(html.text.includes(german.name), 'the card does not name the sample')

    const file = await api.get(`/api/v1/lab/models/${card.id}/file`)
    assert.equal(file.status, 200, file.text)
    assert.equal(file.headers.get('content-disposition'), `attachment; filename="${card.name}-v1.json"`)
    const m = file.body
    assert.equal(m.format, 'rongxin-model')
    assert.equal(m.algorithm, 'scorecard')
    assert.equal(m.odds_convention, 'good:bad')
    assert.equal(m.target, 'class')
    assert.equal(m.bad_value, 'bad')
    assert.equal(m.training.cv_folds, 5)
    assert.ok(Math.abs(m.training.cv_auc - card.cv_auc) < 1e-12)
    assert.deepEqual(
      m.variables.map((v) => v.name),
      (await modelDetail(card.id)).variables.map((v) => v.name),
    )
  })

  it('fits xgboost on credit_data (missing values) with a PD distribution and no variables', async () => {
    const name = `credit_xgb_${tag()}`
    const m = await fitOk({ sample_id: creditData.id, name, scenario: 'trade', algorithm: 'xgboost', cv_folds: 0 })
    assert.equal(m.algorithm, 'xgboost')
    assert.equal(m.cv_auc, null)
    assert.ok(m.auc > 0.8, `xgboost AUC ${m.auc} on its own sample`)
    const d = await modelDetail(m.id)
    assert.equal(d.report.distribution_of, 'pd')
    assert.equal(d.report.rows, 4454)
    assert.equal(sum(d.report.score_distribution.map((b) => b.bad)), 1254)
    assert.deepEqual(d.variables, [])
    assert.equal(d.report.csi, undefined)
    assert.deepEqual(d.report.roc[0], [0, 0])
    assert.deepEqual(d.report.roc.at(-1), [1, 1])
    const file = await api.get(`/api/v1/lab/models/${m.id}/file`)
    assert.equal(file.status, 200, file.text)
    assert.equal(file.body.algorithm, 'xgboost')
    assert.ok(file.body.xgboost, 'the xgboost file has no booster')
    const html = await api.get(`/api/v1/lab/models/${m.id}/card`)
    assert.equal(html.status, 200, html.text)
    assert.ok(html.text.includes(name) && html.text.includes('good:bad'))
  })

  it(`keeps one champion per scenario: promote swaps champion and challenger (${SCENARIO} only)`, async () => {
    const generalBefore = (await models()).filter((m) => m.scenario === 'general' && m.role === 'champion')
    const name = `ship_${tag()}`
    const a = await fitOk({ sample_id: german.id, name: `${name}_a`, scenario: SCENARIO, cv_folds: 0, role: 'champion' })
    assert.equal(a.role, 'champion')
    const b = await fitOk({ sample_id: german.id, name: `${name}_b`, scenario: SCENARIO, cv_folds: 0 })
    assert.equal(b.role, 'challenger')
    let ship = (await models()).filter((m) => m.scenario === SCENARIO && m.role === 'champion')
    assert.deepEqual(ship.map((m) => m.id), [a.id], `one champion in ${SCENARIO}`)

    const promoted = await api.post(`/api/v1/lab/models/${b.id}/promote`)
    assert.equal(promoted.status, 200, promoted.text)
    assert.equal(promoted.body.id, b.id)
    assert.equal(promoted.body.role, 'champion')
    assert.equal((await modelDetail(a.id)).role, 'challenger', 'the previous champion is now a challenger')
    ship = (await models()).filter((m) => m.scenario === SCENARIO && m.role === 'champion')
    assert.deepEqual(ship.map((m) => m.id), [b.id])

    const again = await api.post(`/api/v1/lab/models/${b.id}/promote`)
    assert.equal(again.status, 200, again.text)
    assert.equal(again.body.role, 'champion', 'promoting the champion keeps it champion')
    assert.equal((await modelDetail(a.id)).role, 'challenger')

    // The scorecard of the first test, in the same scenario, was never champion; other scenarios
    // are untouched.
    assert.equal((await modelDetail(card.id)).role, 'challenger')
    const generalAfter = (await models()).filter((m) => m.scenario === 'general' && m.role === 'champion')
    assert.deepEqual(generalAfter, generalBefore, 'the general champion changed')
  })

  it('rejects bad fit requests with 400 listing the fields, 404 for an unknown sample, and registers nothing', async () => {
    const name = `bad_fit_${tag()}`
    let res = await api.post('/api/v1/lab/models', {
      json: { sample_id: german.id, name, algorithm: 'svm', cv_folds: 1, role: 'boss', scenario: SCENARIO },
    })
    assertError(res, 400, 'invalid_argument', ['cv_folds', 'role', 'algorithm'])
    res = await api.post('/api/v1/lab/models', { json: { sample_id: german.id, name, cv_folds: 21, scenario: SCENARIO } })
    assertError(res, 400, 'invalid_argument', ['cv_folds'])
    res = await api.post('/api/v1/lab/models', { json: { sample_id: german.id, name, scenario: 'moon' } })
    assertError(res, 400, 'invalid_argument', ['scenario'])
    res = await api.post('/api/v1/lab/models', { json: { sample_id: german.id, scenario: SCENARIO } })
    assertError(res, 400, 'invalid_argument', ['name'])
    res = await api.post('/api/v1/lab/models', { json: { name, scenario: SCENARIO } })
    assertError(res, 400, 'invalid_argument', ['sample_id'])
    res = await api.post('/api/v1/lab/models', { json: { sample_id: german.id, name, scenario: SCENARIO, seed: 1 } })
    assertError(res, 400, 'invalid_argument')
    assert.ok(res.body.error.details.some((d) => d.field === 'seed'), res.text)
    res = await api.post('/api/v1/lab/models', { json: { sample_id: german.id, name, scenario: SCENARIO, cv_folds: '5' } })
    assertError(res, 400, 'invalid_argument', ['cv_folds'])
    res = await api.post('/api/v1/lab/models', {
      body: JSON.stringify({ sample_id: german.id, name }),
      headers: { 'content-type': 'text/plain' },
    })
    assertError(res, 415, 'unsupported_media_type')
    res = await api.post('/api/v1/lab/models', { json: { sample_id: randomUUID(), name, scenario: SCENARIO } })
    assertError(res, 404, 'not_found')
    assert.deepEqual((await models()).filter((m) => m.name === name), [], 'a rejected fit was registered')
  })

  it('measures stability on another sample: PSI of scores and CSI per variable, with alarms', async () => {
    const same = await api.get(`/api/v1/lab/models/${card.id}/stability`, { query: { sample_id: german.id } })
    assert.equal(same.status, 200, same.text)
    assert.equal(same.body.baseline_sample_id, german.id)
    assert.ok(Math.abs(same.body.psi) < 1e-9, same.text)
    assert.equal(same.body.psi_alarm, 'stable')
    assert.ok(Object.keys(same.body.csi).length > 0)
    // A riskier population: every bad application and only the first 50 good ones.
    const lines = GERMAN.toString('utf8').trimEnd().split('\n')
    let good = 0
    const shifted = [lines[0], ...lines.slice(1).filter((l) => l.endsWith(',bad') || (l.endsWith(',good') && good++ < 50))]
    const later = await importOk(Buffer.from(shifted.join('\n') + '\n'), {
      name: `german_later_${tag()}`,
      target: 'class',
      bad: 'bad',
    })
    const moved = await api.get(`/api/v1/lab/models/${card.id}/stability`, { query: { sample_id: later.id } })
    assert.equal(moved.status, 200, moved.text)
    assert.equal(moved.body.rows, 350)
    assert.ok(moved.body.psi >= 0.25, moved.text)
    assert.equal(moved.body.psi_alarm, 'act')
    assert.ok(Object.values(moved.body.csi).some((v) => v.alarm !== 'stable'), moved.text)
    assertError(await api.get(`/api/v1/lab/models/${card.id}/stability`), 400, 'invalid_argument', ['sample_id'])
    assertError(
      await api.get(`/api/v1/lab/models/${card.id}/stability`, { query: { sample_id: randomUUID() } }),
      404,
      'not_found',
    )
  })

  it('answers 404 for an unknown model on every model route', async () => {
    const id = randomUUID()
    for (const path of [`/api/v1/lab/models/${id}`, `/api/v1/lab/models/${id}/card`, `/api/v1/lab/models/${id}/file`])
      assertError(await api.get(path), 404, 'not_found')
    assertError(await api.post(`/api/v1/lab/models/${id}/promote`), 404, 'not_found')
  })
})

describe('lab: roles', () => {
  it('refuses every lab route to every role but admin (403), storing nothing', async () => {
    const sample = await importOk(GERMAN, { name: `roles_${tag()}`, target: 'class', bad: 'bad' })
    const before = (await api.get('/api/v1/lab/models')).body.items.length
    const name = `roles_${tag()}`
    const model = (await api.get('/api/v1/lab/models')).body.items[0]
    const modelId = model?.id ?? randomUUID()
    for (const role of NON_ADMIN) {
      const { key } = await createKey(role)
      const calls = [
        ['GET /api/v1/lab/samples', () => api.get('/api/v1/lab/samples', { key })],
        [
          'POST /api/v1/lab/samples',
          () => importSample(GERMAN, { name, target: 'class', bad: 'bad' }, { key }),
        ],
        ['GET /api/v1/lab/samples/{id}/csv', () => api.get(`/api/v1/lab/samples/${sample.id}/csv`, { key })],
        ['GET /api/v1/lab/models', () => api.get('/api/v1/lab/models', { key })],
        [
          'POST /api/v1/lab/models',
          () => api.post('/api/v1/lab/models', { json: { sample_id: sample.id, name, scenario: SCENARIO }, key }),
        ],
        ['GET /api/v1/lab/models/{id}', () => api.get(`/api/v1/lab/models/${modelId}`, { key })],
        ['GET /api/v1/lab/models/{id}/card', () => api.get(`/api/v1/lab/models/${modelId}/card`, { key })],
        ['GET /api/v1/lab/models/{id}/file', () => api.get(`/api/v1/lab/models/${modelId}/file`, { key })],
        [
          'GET /api/v1/lab/models/{id}/stability',
          () => api.get(`/api/v1/lab/models/${modelId}/stability`, { query: { sample_id: sample.id }, key }),
        ],
        ['POST /api/v1/lab/models/{id}/promote', () => api.post(`/api/v1/lab/models/${modelId}/promote`, { key })],
      ]
      for (const [route, call] of calls) {
        const res = await call()
        assertError(res, 403, 'permission_denied', [])
        assert.equal(res.body.error.message.startsWith(`role ${role} may not call ${route}`), true, `${role}: ${res.text}`)
      }
    }
    assert.deepEqual(await samplesNamed(name), [])
    const after = (await api.get('/api/v1/lab/models')).body.items
    assert.equal(after.filter((m) => m.name === name).length, 0)
    if (model) assert.equal(after.find((m) => m.id === model.id).role, model.role, 'a refused promote changed a role')
    assert.ok(after.length >= before)
  })
})
