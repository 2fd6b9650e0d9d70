import { randomBytes } from 'node:crypto'
import { PAGES, pageUrl, shanghaiDate, type IndicatorKey } from '@egj/shared'
import { withTransaction } from '../../../db/client'
import { units } from '../../../db/schema'
import { outcomes } from '../../../../test/factories'
import { bearer, startTestApp, type TestApp } from '../../../../test/harness'
import { createUserOfUnit } from '../../../../test/vehicle-fleet'

let t: TestApp
let admin: string
let leader: string
let zhangsan: string
beforeAll(async () => {
  t = await startTestApp()
  ;[admin, leader, zhangsan] = await Promise.all([t.login('admin'), t.login('lingdao1'), t.login('zhangsan')])
})
afterAll(() => t.close())

type Row = Record<string, unknown>
const rows = async <T = Row>(sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params))[0] as T[]

/** A unit of its own (tests of this worker share the database), with an approver. */
async function unitWithApprover() {
  const name = `督办测试局${randomBytes(3).toString('hex')}`
  const [unit] = await t.database.db.insert(units).values({ name })
  const approver = await createUserOfUnit(t, name, ['staff', 'approver'], '督办审批人')
  return { unitId: unit.insertId, unitName: name, approver }
}

async function openOnRed(unitId: number, indicatorKey: IndicatorKey = 'loans_overdue', at = new Date(), value: number | null = 3) {
  await withTransaction(t.database.db, (tx) => t.services.cockpitSupervision.openOnRed(tx, { indicatorKey, unitId, day: shanghaiDate(at), value, at }))
  const [row] = await rows<{ id: number }>('SELECT id FROM supervisions WHERE unit_id = ? AND indicator_key = ? ORDER BY id DESC LIMIT 1', [unitId, indicatorKey])
  return row?.id
}

const get = (token: string, id: number) => t.http.get(`/api/v1/supervision/${id}`).set(bearer(token))
const post = (token: string, id: number, step: 'reply' | 'close' | 'return', body: object = {}) => t.http.post(`/api/v1/supervision/${id}/${step}`).set(bearer(token)).send(body)
const show = (response: { status: number; body?: { error?: { code?: string } } }) => (response.body?.error?.code ? `${response.status} ${response.body.error.code}` : String(response.status))
const notificationsOf = (userId: number, link: string) => rows<{ title: string; body: string }>('SELECT title, body FROM notifications WHERE user_id = ? AND link = ? ORDER BY id', [userId, link])
const adminIds = async () => (await rows<{ id: number }>("SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'admin' WHERE u.status = 'active'")).map((r) => r.id)

describe('督办 lifecycle', () => {
  it('opens on red, the unit replies, the centre returns it, the unit replies again, the centre closes it — with events, notifications and audit rows', async () => {
    const { unitId, unitName, approver } = await unitWithApprover()
    const id = (await openOnRed(unitId))!
    const link = pageUrl(PAGES.supervisionDetail, { id })
    expect(link).toBe(`/packages/cockpit/pages/supervision-detail/index?id=${id}`)

    // opened: the unit's approver is told, with the item's page
    const [told] = await notificationsOf(approver.userId, link)
    expect(told.title).toBe(`督办：${unitName} 借用逾期未还 亮红灯`)
    expect(told.body).toMatch(/已亮红灯。请于 \d{1,2}月\d{1,2}日前回复整改情况。/)
    const opened = await get(approver.token, id)
    expect(opened.status).toBe(200)
    expect(opened.body).toMatchObject({ id, indicatorKey: 'loans_overdue', indicatorName: '借用逾期未还', unitId, unitName, status: 'open', openedValue: 3, overdue: false, reply: null, can: { reply: true, close: false, return: false } })
    const listed = await t.http.get('/api/v1/supervision').query({ status: 'open' }).set(bearer(approver.token))
    expect(listed.status).toBe(200)
    expect(listed.body.items.map((i: { id: number }) => i.id)).toContain(id)

    // replied: the centre's admins are told
    const replied = await post(approver.token, id, 'reply', { text: '  已催还全部逾期资产  ' })
    expect(show(replied)).toBe('200')
    expect(replied.body).toMatchObject({ status: 'replied', reply: '已催还全部逾期资产', can: { reply: false, close: false, return: false } })
    for (const adminId of await adminIds()) expect(await notificationsOf(adminId, link)).toEqual([{ title: `督办已回复：${unitName} 借用逾期未还`, body: '督办审批人：已催还全部逾期资产' }])
    expect((await get(admin, id)).body.can).toEqual({ reply: false, close: true, return: true })

    // returned: open again, the approver told why
    const returned = await post(admin, id, 'return', { reason: '仍有一件未归还' })
    expect(show(returned)).toBe('200')
    expect(returned.body).toMatchObject({ status: 'open', returnReason: '仍有一件未归还', returnedCount: 1 })
    expect((await notificationsOf(approver.userId, link)).map((n) => n.title)).toEqual([`督办：${unitName} 借用逾期未还 亮红灯`, `督办被退回：${unitName} 借用逾期未还`])

    expect(show(await post(approver.token, id, 'reply', { text: '已全部归还' }))).toBe('200')
    const closed = await post(admin, id, 'close')
    expect(show(closed)).toBe('200')
    expect(closed.body).toMatchObject({ status: 'closed', reply: '已全部归还', can: { reply: false, close: false, return: false } })
    expect(closed.body.closedAt).toEqual(expect.any(String))
    expect(closed.body.events.map((e: { kind: string; actorName: string | null; text: string | null }) => [e.kind, e.actorName, e.text])).toEqual([
      ['opened', null, expect.stringContaining('借用逾期未还 3 件')],
      ['replied', '督办审批人', '已催还全部逾期资产'],
      ['returned', '系统管理员', '仍有一件未归还'],
      ['replied', '督办审批人', '已全部归还'],
      ['closed', '系统管理员', null],
    ])
    expect((await notificationsOf(approver.userId, link)).map((n) => n.title)).toEqual([`督办：${unitName} 借用逾期未还 亮红灯`, `督办被退回：${unitName} 借用逾期未还`, `督办已销号：${unitName} 借用逾期未还`])
    const [row] = await rows('SELECT active, status, closed_by_user_id AS closedBy FROM supervisions WHERE id = ?', [id])
    expect(row).toMatchObject({ active: null, status: 'closed' })
    expect(await rows('SELECT action, reason FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id', ['supervision', String(id)])).toEqual([
      { action: 'supervision.return', reason: '仍有一件未归还' },
      { action: 'supervision.close', reason: '已全部归还' },
    ])

    // closing twice answers the closed item; a reply to it is refused
    expect(show(await post(admin, id, 'close'))).toBe('200')
    expect(show(await post(approver.token, id, 'reply', { text: '再回复' }))).toBe('409 SUPERVISION_NOT_OPEN')
    expect(show(await post(admin, id, 'return', { reason: '再退回' }))).toBe('409 SUPERVISION_NOT_REPLIED')
    expect(await rows('SELECT id FROM supervision_events WHERE supervision_id = ?', [id])).toHaveLength(5)
  })

  it('keeps one item per indicator and unit until it is closed; a red light after that opens a new one', async () => {
    const { unitId, approver } = await unitWithApprover()
    const first = (await openOnRed(unitId, 'tickets_overdue'))!
    expect(await openOnRed(unitId, 'tickets_overdue')).toBe(first)
    expect(await rows('SELECT id FROM supervisions WHERE unit_id = ? AND indicator_key = ?', [unitId, 'tickets_overdue'])).toHaveLength(1)
    expect(await rows('SELECT id FROM supervision_events WHERE supervision_id = ?', [first])).toHaveLength(1)
    expect(await notificationsOf(approver.userId, pageUrl(PAGES.supervisionDetail, { id: first }))).toHaveLength(1)
    // another indicator of the same unit is its own item
    expect(await openOnRed(unitId, 'visits_overstaying')).not.toBe(first)

    // replied is not closed: still one
    expect(show(await post(approver.token, first, 'reply', { text: '已派人处理' }))).toBe('200')
    expect(await openOnRed(unitId, 'tickets_overdue')).toBe(first)
    expect(show(await post(admin, first, 'close'))).toBe('200')
    const second = await openOnRed(unitId, 'tickets_overdue')
    expect(second).toBeGreaterThan(first)
    expect(await rows('SELECT status FROM supervisions WHERE unit_id = ? AND indicator_key = ? ORDER BY id', [unitId, 'tickets_overdue'])).toEqual([{ status: 'closed' }, { status: 'open' }])
  })

  it('is due 3 working days after the day it opened, skipping a weekend and a 法定节假日 of the calendar', async () => {
    const { unitId } = await unitWithApprover()
    // Friday 2098-03-07; Monday the 10th a holiday: Tue 11, Wed 12, Thu 13
    await t.database.pool.query("INSERT INTO work_calendar_days (day, kind, name) VALUES ('2098-03-10', 'holiday', '测试假日') ON DUPLICATE KEY UPDATE kind = 'holiday'")
    try {
      const id = await openOnRed(unitId, 'room_no_show_pct', new Date('2098-03-07T10:00:00+08:00'), 25)
      expect(await rows('SELECT opened_day AS openedDay, due_on AS dueOn FROM supervisions WHERE id = ?', [id])).toEqual([{ openedDay: '2098-03-07', dueOn: '2098-03-13' }])
    } finally {
      await t.database.pool.query("DELETE FROM work_calendar_days WHERE day = '2098-03-10'")
    }
  })
})

describe('who may do what', () => {
  it('lets the unit approver reply; another unit approver gets 404 as for none; zhangsan 403; the leader reads only; admin decides', async () => {
    const { unitId, approver } = await unitWithApprover()
    const id = (await openOnRed(unitId, 'car_private_reports'))!
    const other = await createUserOfUnit(t, '市财政局', ['staff', 'approver'], '财政局审批人')

    // another unit's approver: as for an item that does not exist
    const none = await get(other.token, 999_999_999)
    expect(show(none)).toBe('404 NOT_FOUND')
    for (const answer of [await get(other.token, id), await post(other.token, id, 'reply', { text: '越权回复' })]) expect([answer.status, answer.body.error.message]).toEqual([404, none.body.error.message])
    const otherList = await t.http.get('/api/v1/supervision').set(bearer(other.token))
    expect(otherList.body.items.map((i: { unitId: number }) => i.unitId).every((u: number) => u !== unitId)).toBe(true)
    expect(show(await t.http.get('/api/v1/supervision').query({ unitId }).set(bearer(other.token)))).toBe('403 COCKPIT_UNIT_FORBIDDEN')

    // not a reader at all
    expect(show(await t.http.get('/api/v1/supervision').set(bearer(zhangsan)))).toBe('403 FORBIDDEN')
    expect(show(await get(zhangsan, id))).toBe('403 FORBIDDEN')

    // the leader reads every unit's, never writes
    const byLeader = await t.http.get('/api/v1/supervision').query({ unitId }).set(bearer(leader))
    expect(byLeader.body.items.map((i: { id: number }) => i.id)).toEqual([id])
    expect((await get(leader, id)).body.can).toEqual({ reply: false, close: false, return: false })
    expect(show(await post(leader, id, 'reply', { text: '领导回复' }))).toBe('403 SUPERVISION_NOT_UNIT_APPROVER')
    expect(show(await post(leader, id, 'close'))).toBe('403 FORBIDDEN')
    expect(show(await post(leader, id, 'return', { reason: '领导退回' }))).toBe('403 FORBIDDEN')

    // the centre reads and decides, but the unit replies
    expect(show(await post(admin, id, 'reply', { text: '管理员代回复' }))).toBe('403 SUPERVISION_NOT_UNIT_APPROVER')
    expect(show(await post(admin, id, 'close'))).toBe('409 SUPERVISION_NOT_REPLIED')
    expect(show(await post(approver.token, id, 'close'))).toBe('403 FORBIDDEN')
    expect(await rows('SELECT status FROM supervisions WHERE id = ?', [id])).toEqual([{ status: 'open' }])
    expect(show(await post(approver.token, id, 'reply', { text: '已处理举报' }))).toBe('200')
  })

  it('refuses an empty or blank reply or reason with a Chinese message, and writes nothing', async () => {
    const { unitId, approver } = await unitWithApprover()
    const id = (await openOnRed(unitId, 'meal_over_cap'))!
    for (const text of ['', '   ', '\u200b']) {
      const answer = await post(approver.token, id, 'reply', { text })
      expect(show(answer)).toBe('400 VALIDATION_FAILED')
      expect(answer.body.error.details.issues).toEqual([expect.objectContaining({ path: 'text', message: '请填写整改情况' })])
    }
    expect(show(await post(approver.token, id, 'reply', {}))).toBe('400 VALIDATION_FAILED')
    expect(show(await post(approver.token, id, 'reply', { text: '长'.repeat(501) }))).toBe('400 VALIDATION_FAILED')
    expect(show(await post(approver.token, id, 'reply', { text: '已整改' }))).toBe('200')
    const blank = await post(admin, id, 'return', { reason: '  ' })
    expect(show(blank)).toBe('400 VALIDATION_FAILED')
    expect(blank.body.error.details.issues).toEqual([expect.objectContaining({ path: 'reason', message: '请填写退回原因' })])
    expect(await rows('SELECT status, returned_count AS returnedCount FROM supervisions WHERE id = ?', [id])).toEqual([{ status: 'replied', returnedCount: 0 }])
    expect(await rows('SELECT kind FROM supervision_events WHERE supervision_id = ? ORDER BY id', [id])).toEqual([{ kind: 'opened' }, { kind: 'replied' }])
  })
})

describe('待办', () => {
  const todos = async (token: string) => (await t.http.get('/api/v1/todos').set(bearer(token))).body.items as { kind: string; title: string; subtitle: string; count: number; url: string; urgent: boolean }[]

  it("shows the approver their unit's open items (urgent once one is overdue) and the centre the replies waiting for 销号", async () => {
    const { unitId, approver } = await unitWithApprover()
    expect((await todos(approver.token)).filter((i) => i.kind.startsWith('supervision'))).toEqual([])
    const first = (await openOnRed(unitId, 'visits_unapproved'))!
    await openOnRed(unitId, 'car_requests_waiting')
    expect((await todos(approver.token)).find((i) => i.kind === 'supervision.reply')).toEqual({
      kind: 'supervision.reply',
      title: '督办待整改',
      subtitle: '2 项督办待回复整改情况',
      count: 2,
      url: '/packages/cockpit/pages/supervision/index?status=open',
      urgent: false,
    })
    await t.database.pool.query("UPDATE supervisions SET due_on = '2000-01-03' WHERE id = ?", [first])
    expect((await todos(approver.token)).find((i) => i.kind === 'supervision.reply')).toMatchObject({ subtitle: '2 项督办待回复整改情况，其中 1 项已逾期', urgent: true })
    expect((await get(approver.token, first)).body.overdue).toBe(true)

    expect(show(await post(approver.token, first, 'reply', { text: '已审批完' }))).toBe('200')
    expect((await todos(approver.token)).find((i) => i.kind === 'supervision.reply')).toMatchObject({ count: 1, urgent: false })
    // a replied item waits for the centre, not the unit: never overdue
    expect((await get(approver.token, first)).body.overdue).toBe(false)
    const forAdmin = (await todos(admin)).find((i) => i.kind === 'supervision.close')!
    expect(forAdmin).toMatchObject({ title: '督办待销号', url: '/packages/cockpit/pages/supervision/index?status=replied', urgent: false })
    expect(forAdmin.count).toBeGreaterThanOrEqual(1)
    expect((await todos(leader)).filter((i) => i.kind.startsWith('supervision'))).toEqual([])
  })
})

describe('races (each change locks the row)', () => {
  it('8 identical replies at once: all answered with the item, one replied event', async () => {
    const { unitId, approver } = await unitWithApprover()
    const id = (await openOnRed(unitId, 'visits_overstaying'))!
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(approver.token, id, 'reply', { text: '已联系访客离开' })))
    expect(outcomes(answers)).toEqual({ '200': 8 })
    expect(await rows("SELECT id FROM supervision_events WHERE supervision_id = ? AND kind = 'replied'", [id])).toHaveLength(1)
  })

  it('8 different replies at once: one wins, the rest 409', async () => {
    const { unitId, approver } = await unitWithApprover()
    const id = (await openOnRed(unitId, 'meal_over_cap'))!
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post(approver.token, id, 'reply', { text: `回复 ${i}` })))
    expect(outcomes(answers)).toEqual({ '200': 1, '409 SUPERVISION_NOT_OPEN': 7 })
    expect(await rows("SELECT id FROM supervision_events WHERE supervision_id = ? AND kind = 'replied'", [id])).toHaveLength(1)
  })

  it('close and return at once: one wins, the other 409', async () => {
    const { unitId, approver } = await unitWithApprover()
    const id = (await openOnRed(unitId, 'tickets_overdue'))!
    expect(show(await post(approver.token, id, 'reply', { text: '已修好' }))).toBe('200')
    const answers = await Promise.all([post(admin, id, 'close'), post(admin, id, 'return', { reason: '请补充照片' })])
    expect(outcomes(answers)).toEqual({ '200': 1, '409 SUPERVISION_NOT_REPLIED': 1 })
    expect(await rows("SELECT kind FROM supervision_events WHERE supervision_id = ? AND kind IN ('closed', 'returned')", [id])).toHaveLength(1)
  })
})
