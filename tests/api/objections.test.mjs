// Objections (异议), credit repair (信用修复) and the inbox: an enterprise disputes one of its
// penalty records, the operator forwards it, the department decides, the enterprise is told in
// its inbox; repairs and revocations hide records, penalties only after their minimum display.
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { api, assertError } from './client.mjs'
import { createKey, csvText, freshUsccs, ms, pushOk, tag } from './fixtures.mjs'
import { makeUscc } from './uscc.mjs'

const PENALTY_HEADER = [
  'uscc',
  'decision_number',
  'penalty_type',
  'severity',
  'violation',
  'basis',
  'content',
  'fine_amount',
  'confiscation_amount',
  'authority',
  'decision_date',
  'publication_date',
]

/** Today in Asia/Shanghai (UTC+8 all year), YYYY-MM-DD. */
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

const penalty = (uscc, number, severity, date) => [
  uscc,
  number,
  'fine',
  severity,
  '未按规定公示年度报告',
  '《企业信息公示暂行条例》第十八条',
  '罚款',
  '5000.00',
  '0',
  '上海市市场监督管理局',
  date,
  date,
]

const REASON = '该处罚决定已被行政复议机关撤销，请核实并删除。'
const objectionsPath = (uscc) => `/api/v1/enterprises/${uscc}/objections`
const raise = (uscc, json, key) => api.post(objectionsPath(uscc), { json, key })
const inboxOf = async (key, query) => {
  const res = await api.get('/api/v1/inbox', { key, query })
  assert.equal(res.status, 200, res.text)
  return res.body
}

describe('objections, credit repair and the inbox', () => {
  let uscc, enterprise, other, provider
  const numbers = {}
  const keyOf = (name) => `decision_number=${numbers[name]}`

  before(async () => {
    ;[uscc] = await freshUsccs(1)
    enterprise = await createKey('enterprise', { uscc })
    other = await createKey('enterprise')
    provider = await createKey('data_provider')
    for (const name of ['disputed', 'confirmed', 'repairable', 'recent'])
      numbers[name] = `沪市监罚〔2024〕${tag()}号`
    await pushOk(
      'admin_penalty',
      csvText(PENALTY_HEADER, [
        penalty(uscc, numbers.disputed, 'general', '2024-01-15'),
        penalty(uscc, numbers.confirmed, 'minor', '2024-03-01'),
        penalty(uscc, numbers.repairable, 'general', '2024-02-01'),
        penalty(uscc, numbers.recent, 'serious', shanghaiToday()),
      ]),
    )
  })

  let objection
  it('marks the record under dispute at once, with its legal deadlines', async () => {
    const started = Date.now()
    const res = await raise(
      uscc,
      { category: 'admin_penalty', record_key: keyOf('disputed'), reason: REASON, evidence: '复议决定书编号 沪府复字〔2024〕1号' },
      enterprise.key,
    )
    assert.equal(res.status, 201, res.text)
    objection = res.body
    assert.equal(objection.state, 'under_dispute')
    assert.equal(objection.uscc, uscc)
    assert.equal(objection.record_key, keyOf('disputed'))
    assert.equal(objection.created_by, enterprise.id)
    assert.equal(objection.outcome, null)
    assert.equal(objection.submitted_at, objection.marked_at)
    assert.ok(Math.abs(ms(objection.submitted_at) - started) < 60_000)
    const { mark_by, forward_by, decide_by, department_decide_by } = objection.deadlines
    assert.ok(ms(objection.submitted_at) < ms(mark_by))
    assert.ok(ms(mark_by) < ms(forward_by) && ms(forward_by) < ms(decide_by))
    assert.equal(department_decide_by, null)
    // Every deadline is the end of a day in Shanghai: 15:59:59.999999 UTC.
    for (const t of [mark_by, forward_by, decide_by]) assert.match(t, /T15:59:59\.999999Z$/)
    assert.deepEqual(objection.deadline, { at: forward_by, action: 'forward_or_decide' })
    assert.equal(objection.overdue, false)
    assert.deepEqual(
      objection.timeline.map((e) => [e.seq, e.action, e.actor_role, e.actor_key_id]),
      [
        [1, 'submitted', 'enterprise', enterprise.id],
        [2, 'marked_disputed', 'enterprise', enterprise.id],
      ],
    )
  })

  it('lets the enterprise and the admin read it, nobody else', async () => {
    const own = await api.get(`/api/v1/objections/${objection.id}`, { key: enterprise.key })
    assert.equal(own.status, 200, own.text)
    assert.deepEqual(own.body.timeline, objection.timeline)
    const admin = await api.get(`/api/v1/objections/${objection.id}`)
    assert.equal(admin.status, 200, admin.text)
    assertError(await api.get(`/api/v1/objections/${objection.id}`, { key: other.key }), 403, 'permission_denied')
    const list = await api.get(objectionsPath(uscc), { key: enterprise.key })
    assert.equal(list.status, 200, list.text)
    assert.deepEqual(
      list.body.items.map((o) => o.id),
      [objection.id],
    )
    assertError(await api.get(objectionsPath(uscc), { key: other.key }), 403, 'permission_denied')
    const all = await api.get('/api/v1/objections', { query: { state: 'under_dispute', uscc } })
    assert.equal(all.status, 200, all.text)
    assert.deepEqual(
      all.body.items.map((o) => o.id),
      [objection.id],
    )
    const overdue = await api.get('/api/v1/objections', { query: { overdue: 'true', uscc } })
    assert.deepEqual(overdue.body.items, [])
    assertError(await api.get(`/api/v1/objections/${crypto.randomUUID()}`), 404, 'not_found')
  })

  it("refuses another enterprise's records, unknown records, repeats and bad input", async () => {
    const body = { category: 'admin_penalty', record_key: keyOf('confirmed'), reason: REASON }
    assertError(await raise(uscc, body, other.key), 403, 'permission_denied', [])
    const missing = await raise(uscc, { ...body, record_key: 'decision_number=没有这个文号' }, enterprise.key)
    assertError(missing, 404, 'not_found', [])
    assert.match(missing.body.error.message, /has no current admin_penalty record/)
    const unknownCategory = await raise(uscc, { ...body, category: 'horoscope' }, enterprise.key)
    assertError(unknownCategory, 404, 'not_found', [])
    assert.match(unknownCategory.body.error.message, /not in the shared catalogue/)
    const again = await raise(uscc, { ...body, record_key: keyOf('disputed') }, enterprise.key)
    assertError(again, 409, 'already_exists', [])
    assert.match(again.body.error.message, new RegExp(objection.id))
    assertError(await raise(uscc, { ...body, reason: '太短' }, enterprise.key), 400, 'invalid_argument', ['reason'])
    assertError(
      await raise(uscc, { reason: 42, colour: 'red' }, enterprise.key),
      400,
      'invalid_argument',
      ['category', 'record_key', 'reason', 'colour'],
    )
  })

  it('forwards to the department once, and tells the enterprise', async () => {
    const res = await api.post(`/api/v1/objections/${objection.id}/forward`, {
      json: { department: '上海市市场监督管理局', note: '请核查复议决定' },
    })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.body.state, 'forwarded')
    assert.equal(res.body.department, '上海市市场监督管理局')
    assert.ok(res.body.forwarded_at)
    const due = res.body.deadlines.department_decide_by
    assert.match(due, /T15:59:59\.999999Z$/)
    assert.deepEqual(res.body.deadline, { at: due, action: 'department_decide' })
    assert.deepEqual(res.body.timeline.at(-1).action, 'forwarded')
    assert.equal(res.body.timeline.at(-1).note, '请核查复议决定')
    const twice = await api.post(`/api/v1/objections/${objection.id}/forward`, { json: { department: '别处' } })
    assertError(twice, 409, 'failed_precondition', [])
    assertError(await api.post(`/api/v1/objections/${objection.id}/forward`, { json: {} }), 400, 'invalid_argument', ['department'])
    const inbox = await inboxOf(enterprise.key)
    assert.equal(inbox.items[0].kind, 'objection_forwarded')
    assert.match(inbox.items[0].body, /上海市市场监督管理局/)
    assert.equal(inbox.items[0].link, `/api/v1/objections/${objection.id}`)
    assert.equal(inbox.items[0].read_at, null)
  })

  it('lets the department decide it removed: the record is hidden and the enterprise told', async () => {
    const res = await api.post(`/api/v1/objections/${objection.id}/decide`, {
      json: { outcome: 'removed', note: '处罚决定已被复议撤销' },
      key: provider.key,
    })
    assert.equal(res.status, 200, res.text)
    assert.equal(res.body.state, 'decided')
    assert.equal(res.body.outcome, 'removed')
    assert.equal(res.body.outcome_note, '处罚决定已被复议撤销')
    assert.equal(res.body.deadline, null)
    assert.equal(res.body.overdue, false)
    assert.deepEqual(
      res.body.timeline.map((e) => e.action),
      ['submitted', 'marked_disputed', 'forwarded', 'decided'],
    )
    assert.equal(res.body.timeline.at(-1).actor_role, 'data_provider')
    // Deciding again is not a transition the state allows.
    assertError(
      await api.post(`/api/v1/objections/${objection.id}/decide`, { json: { outcome: 'confirmed' } }),
      409,
      'failed_precondition',
      [],
    )
    const hidden = await api.get(`/api/v1/enterprises/${uscc}/repairs`, { key: enterprise.key })
    assert.equal(hidden.status, 200, hidden.text)
    assert.deepEqual(
      hidden.body.items.map((r) => [r.record_key, r.reason, r.objection_id]),
      [[keyOf('disputed'), 'removed_by_objection', objection.id]],
    )

    const inbox = await inboxOf(enterprise.key)
    const decided = inbox.items[0]
    assert.equal(decided.kind, 'objection_decided')
    assert.equal(decided.title, '您的异议已处理：信息已删除')
    assert.equal(inbox.unread, 2)
    const read = await api.post(`/api/v1/inbox/${decided.id}/read`, { key: enterprise.key })
    assert.equal(read.status, 200, read.text)
    assert.ok(read.body.read_at)
    assert.equal((await inboxOf(enterprise.key)).unread, 1)
    assert.deepEqual(
      (await inboxOf(enterprise.key, { unread: 'true' })).items.map((m) => m.kind),
      ['objection_forwarded'],
    )
    // Nobody else reads or marks it.
    assertError(await api.post(`/api/v1/inbox/${decided.id}/read`, { key: other.key }), 404, 'not_found')
    assert.deepEqual((await inboxOf(other.key)).items, [])
    const bank = await createKey('institution')
    assert.deepEqual(await inboxOf(bank.key), { items: [], next_cursor: null, unread: 0 })
  })

  it('keeps data providers to forwarded objections; the admin decides directly', async () => {
    const res = await raise(
      uscc,
      { category: 'admin_penalty', record_key: keyOf('confirmed'), reason: REASON },
      enterprise.key,
    )
    assert.equal(res.status, 201, res.text)
    const id = res.body.id
    const denied = await api.post(`/api/v1/objections/${id}/decide`, { json: { outcome: 'confirmed' }, key: provider.key })
    assertError(denied, 403, 'permission_denied', [])
    assertError(
      await api.post(`/api/v1/objections/${id}/decide`, { json: { outcome: 'corrected' } }),
      400,
      'invalid_argument',
      ['note'],
    )
    assertError(
      await api.post(`/api/v1/objections/${id}/decide`, { json: { outcome: 'deleted' } }),
      400,
      'invalid_argument',
      ['outcome'],
    )
    const ok = await api.post(`/api/v1/objections/${id}/decide`, { json: { outcome: 'confirmed' } })
    assert.equal(ok.status, 200, ok.text)
    assert.equal(ok.body.outcome, 'confirmed')
    assertError(
      await api.post(`/api/v1/objections/${id}/forward`, { json: { department: '市市场监管局' } }),
      409,
      'failed_precondition',
    )
    const decidedList = await api.get(objectionsPath(uscc), { query: { state: 'decided', limit: 1 }, key: enterprise.key })
    assert.equal(decidedList.body.items.length, 1)
    assert.equal(decidedList.body.items[0].id, id)
    assert.ok(decidedList.body.next_cursor)
    const next = await api.get(objectionsPath(uscc), {
      query: { state: 'decided', limit: 1, cursor: decidedList.body.next_cursor },
      key: enterprise.key,
    })
    assert.deepEqual(
      next.body.items.map((o) => o.id),
      [objection.id],
    )
    assert.equal(next.body.next_cursor, null)
  })

  it('repairs a penalty after its minimum display period, hiding it at once', async () => {
    const body = { uscc, category: 'admin_penalty', record_key: keyOf('repairable'), kind: 'repair', note: '已整改并完成信用修复培训' }
    const res = await api.post('/api/v1/repairs', { json: body })
    assert.equal(res.status, 201, res.text)
    assert.equal(res.body.reason, 'repaired')
    assert.equal(res.body.objection_id, null)
    assert.equal(res.body.approved_at, res.body.effective_at)
    assert.ok(ms(res.body.deadline_at) > ms(res.body.approved_at))
    assert.match(res.body.deadline_at, /T15:59:59\.999999Z$/)
    assertError(await api.post('/api/v1/repairs', { json: body }), 409, 'already_exists', [])
    // A hidden record cannot be disputed any more.
    const late = await raise(uscc, { category: 'admin_penalty', record_key: keyOf('repairable'), reason: REASON }, enterprise.key)
    assertError(late, 409, 'failed_precondition')
    const inbox = await inboxOf(enterprise.key)
    assert.equal(inbox.items[0].kind, 'record_repaired')
  })

  it('refuses to repair a serious penalty within a year, but takes a revocation', async () => {
    const body = { uscc, category: 'admin_penalty', record_key: keyOf('recent'), kind: 'repair' }
    const early = await api.post('/api/v1/repairs', { json: body })
    assertError(early, 409, 'failed_precondition', ['record_key'])
    assert.match(early.body.error.message, /may be repaired from \d{4}-\d{2}-\d{2}/)
    const nextYear = String(Number(shanghaiToday().slice(0, 4)) + 1)
    assert.match(early.body.error.details[0].reason, new RegExp(`^credit repair possible from ${nextYear}-`))
    const revoked = await api.post('/api/v1/repairs', { json: { ...body, kind: 'revocation', note: '处罚决定被法院撤销' } })
    assert.equal(revoked.status, 201, revoked.text)
    assert.equal(revoked.body.reason, 'decision_revoked')
    const all = await api.get(`/api/v1/enterprises/${uscc}/repairs`)
    assert.deepEqual(
      all.body.items.map((r) => r.reason).sort(),
      ['decision_revoked', 'removed_by_objection', 'repaired'],
    )
    assertError(await api.get(`/api/v1/enterprises/${uscc}/repairs`, { key: other.key }), 403, 'permission_denied')
  })

  it('answers 404 for unknown records or enterprises and 400 for bad repair requests', async () => {
    const body = { uscc, category: 'admin_penalty', record_key: 'decision_number=不存在', kind: 'repair' }
    assertError(await api.post('/api/v1/repairs', { json: body }), 404, 'not_found')
    const [stranger] = await freshUsccs(1)
    assertError(await api.post('/api/v1/repairs', { json: { ...body, uscc: stranger } }), 404, 'not_found')
    assertError(await api.post('/api/v1/repairs', { json: { ...body, uscc: makeUscc() } }), 404, 'not_found')
    assertError(
      await api.post('/api/v1/repairs', { json: { ...body, kind: 'pardon', extra: 1 } }),
      400,
      'invalid_argument',
      ['kind', 'extra'],
    )
    assertError(await api.post('/api/v1/repairs', { json: {} }), 400, 'invalid_argument', ['uscc', 'category', 'record_key', 'kind'])
    assertError(await api.get('/api/v1/objections', { query: { overdue: 'yes', state: 'open' } }), 400, 'invalid_argument', [
      'state',
      'overdue',
    ])
    assertError(await api.get('/api/v1/inbox', { key: enterprise.key, query: { cursor: 'abc' } }), 400, 'invalid_argument', ['cursor'])
  })
})
