import { indicatorOf, PAGES, pageUrl, type Cockpit, type SupervisionDetail, type SupervisionItem, type Trend } from '@egj/shared'
import type { Page } from 'playwright-core'
import { insertTicket } from '../bff/test/ticket-fixtures'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

const stamp = () => Date.now().toString(36).slice(-5)
/** lisi (李四) approves for the centre; admin and lingdao1 belong to it too. */
const CENTRE = '市机关事务管理中心'
const OTHER_UNIT = '市发改委'
/** 报修超时: a ticket of the centre past its 完成时限 makes the centre's figure ≥ 1. */
const KEY = 'tickets_overdue'
const NAME = indicatorOf(KEY).name
const DEFAULTS = { yellow: indicatorOf(KEY).yellow, red: indicatorOf(KEY).red, direction: indicatorOf(KEY).direction }
/** Thresholds no figure reaches: the light is green whatever other specs left behind. */
const OUT_OF_REACH = { yellow: 9000, red: 9999 }

type Call = { status: number; body: Record<string, unknown> & { error?: { code: string } } }
async function call(username: string, method: 'get' | 'post' | 'put', path: string, body?: object): Promise<Call> {
  const request = suite.t.http[method](path).set('Authorization', `Bearer ${await suite.t.login(username)}`)
  const response = body ? await request.send(body) : await request
  return { status: response.status, body: response.body }
}
async function api<T>(username: string, path: string): Promise<T> {
  const response = await call(username, 'get', path)
  expect(response.status).toBe(200)
  return response.body as T
}
async function setThresholds(yellow: number | null, red: number | null, reason: string): Promise<void> {
  const response = await call('admin', 'put', `/api/v1/cockpit/indicators/${KEY}/thresholds`, { yellow, red, reason })
  expect(response.status).toBe(200)
}
const figureOf = (cockpit: Cockpit) => cockpit.indicators.find((i) => i.key === KEY)!
const activeItemOfCentre = async () => {
  for (const status of ['open', 'replied'] as const) {
    const list = await api<{ items: SupervisionItem[] }>('admin', `/api/v1/supervision?status=${status}&unitId=${ids.centre}`)
    const item = list.items.find((i) => i.indicatorKey === KEY)
    if (item) return item
  }
  return undefined
}
const itemAs = (username: string, id: number) => api<SupervisionDetail>(username, `/api/v1/supervision/${id}`)

// Taro's H5 input and textarea wrap the native element in a custom element carrying the same placeholder
const field = (page: Page, placeholder: string, nth = 0) => page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).filter({ visible: true }).nth(nth)
/** A NutUI button by its whole text */
const button = (page: Page, text: string) => page.locator('.nut-button').filter({ visible: true, hasText: new RegExp(`^\\s*${text}\\s*$`) }).first()
const inDialog = (page: Page, text: string) => page.locator('.egj-dialog__footer').filter({ visible: true }).getByText(text, { exact: true }).first()
const gridItem = (page: Page, text: string) => page.locator('.nut-grid-item').filter({ visible: true, hasText: new RegExp(`^${text}$`) }).first()
const todo = (page: Page, title: string) => page.locator('.home__todo').filter({ visible: true, has: page.locator('.home__todo-title', { hasText: title }) }).first()
const tile = (page: Page, name: string) => page.locator('.ck-tile').filter({ visible: true, has: page.locator('.ck-tile__name', { hasText: new RegExp(`^${name}$`) }) }).first()
const statusSays = (page: Page, text: string) => page.locator('.sv-head__status').filter({ visible: true }).getByText(text, { exact: true }).first().waitFor()
/** Waits until no sheet or dialog dims the page any more. */
const settled = (page: Page) =>
  page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.nut-overlay')).every((el) => {
      const style = getComputedStyle(el)
      return style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0 || /rgba\(.*,\s*0\)$/.test(style.backgroundColor)
    }),
  )

/** Waits until the toast (NutUI's, 2.5 s) has gone: it would sit over a screenshot. */
const toastGone = (page: Page) => page.locator('.nut-toast').filter({ visible: true }).first().waitFor({ state: 'hidden', timeout: 10_000 })

/** Opens an in-app page afresh (a hash-only goto would stay inside the running app). */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(`/#${url}`)
  await page.reload()
}

const ids = { centre: 0, other: 0, lisi: 0, ticket: 0 }
/** the centre's 报修超时 when the spec begins (≥ 1: the spec's own overdue ticket) */
let figure = 0
/** the 督办 scenario 1 opens and closes */
let itemId = 0

beforeAll(async () => {
  const [units] = (await suite.t.database.pool.query('SELECT id, name FROM units WHERE name IN (?, ?)', [CENTRE, OTHER_UNIT])) as unknown as [{ id: number; name: string }[]]
  ids.centre = units.find((u) => u.name === CENTRE)!.id
  ids.other = units.find((u) => u.name === OTHER_UNIT)!.id
  const [[lisi]] = (await suite.t.database.pool.query("SELECT id, unit_id AS unitId FROM users WHERE username = 'lisi'")) as unknown as [{ id: number; unitId: number }[]]
  expect(lisi.unitId).toBe(ids.centre)
  ids.lisi = lisi.id

  // the database is shared with the worker's other specs: start from a green light and no 督办 of
  // the centre on this indicator, whatever they left
  await setThresholds(OUT_OF_REACH.yellow, OUT_OF_REACH.red, 'e2e 准备：暂时调高阈值')
  const left = await activeItemOfCentre()
  if (left?.status === 'open') expect((await call('lisi', 'post', `/api/v1/supervision/${left.id}/reply`, { text: 'e2e 准备：已整改' })).status).toBe(200)
  if (left) expect((await call('admin', 'post', `/api/v1/supervision/${left.id}/close`)).status).toBe(200)

  // a fault lisi reported three days ago, a 1-hour 完成时限 long past; the figures counted now (the job would, within a minute)
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000)
  ids.ticket = (await insertTicket(suite.t, { reporterUserId: ids.lisi, unitId: ids.centre, at: threeDaysAgo, acceptMinutes: 30, finishMinutes: 60, set: { description: `e2e 三楼走廊灯不亮 ${stamp()}` } })).id
  await suite.t.services.cockpitRefresh.refreshToday()
  const centre = figureOf(await api<Cockpit>('admin', `/api/v1/cockpit?unitId=${ids.centre}`))
  figure = centre.value!
  expect(figure).toBeGreaterThanOrEqual(1)
  expect(centre.light).toBe('green')
}, 60_000)

describe('驾驶舱, 亮灯 and 督办 on phones', () => {
  // later specs on this worker's database see the defaults again, and not this spec's overdue ticket
  afterAll(async () => {
    if (ids.ticket) await suite.t.database.pool.query("UPDATE tickets SET status = 'cancelled' WHERE id = ?", [ids.ticket])
    await suite.t.services.cockpitRefresh.refreshToday()
    const restored = await call('admin', 'put', `/api/v1/cockpit/indicators/${KEY}/thresholds`, { ...DEFAULTS, reason: 'e2e 结束：恢复默认阈值' })
    expect(restored.status).toBe(200)
  })

  it('a threshold lowered: the centre’s 报修超时 turns red, a 督办 opens for it; lisi replies, admin returns it once, lisi replies again, admin 销号; going green closes nothing', async () => {
    // --- admin: home → 驾驶舱 (全市) → 报修超时 → 修改阈值 ---
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await open(admin, '/pages/index/index')
    await gridItem(admin, '驾驶舱').click()
    await admin.waitForURL(/cockpit\/pages\/index\/index/)
    await admin.locator('.ck-head__scope').filter({ visible: true, hasText: '全市' }).waitFor()
    await admin.locator('.ck-summary').filter({ visible: true }).waitFor()
    expect(await admin.locator('.ck-tile').filter({ visible: true }).count()).toBe(18)
    await screenshot(admin, 'cockpit-admin')
    await tile(admin, NAME).scrollIntoViewIfNeeded()
    await screenshot(admin, 'cockpit-admin-tickets')
    await tile(admin, NAME).click()
    await admin.waitForURL(new RegExp(`cockpit/pages/indicator/index\\?key=${KEY}`))
    await admin.locator('.ck-row').filter({ visible: true, hasText: CENTRE }).waitFor()

    await button(admin, '修改阈值').click()
    await admin.locator('.ck-sheet').filter({ visible: true }).waitFor()
    const reason = `e2e 按督查要求收紧报修时限考核 ${stamp()}`
    await field(admin, '留空不亮', 0).fill('1')
    await field(admin, '留空不亮', 1).fill(String(figure))
    await field(admin, '如 按第三季度督查要求收紧').fill(reason)
    await screenshot(admin, 'cockpit-thresholds-sheet')
    await admin.locator('.ck-sheet .nut-button').filter({ visible: true, hasText: '保存' }).click()
    await admin.locator('.ck-sheet').filter({ visible: true }).waitFor({ state: 'hidden' })
    await settled(admin)
    // 全市's figure is at least the centre's: red too
    await admin.locator('.ck-today').filter({ visible: true }).getByText('红灯', { exact: true }).waitFor()
    await admin.locator('.ck-row').filter({ visible: true, hasText: CENTRE }).getByText('红灯', { exact: true }).waitFor()
    await toastGone(admin)
    await screenshot(admin, 'cockpit-indicator-red')

    // the cockpit, afresh: the tile is red and counted in the strip
    await open(admin, pageUrl(PAGES.cockpit, {}))
    await tile(admin, NAME).getByText('红灯', { exact: true }).waitFor()
    expect(await tile(admin, NAME).getAttribute('class')).toContain('ck-tile--red')
    await admin.locator('.ck-summary').filter({ visible: true }).getByText(/^红灯 \d+$/).waitFor()
    await screenshot(admin, 'cockpit-admin-red')

    // a 督办 for the centre on that indicator, through the API
    const open_ = await api<{ items: SupervisionItem[] }>('admin', '/api/v1/supervision?status=open')
    const item = open_.items.find((i) => i.indicatorKey === KEY && i.unitId === ids.centre)
    expect(item).toMatchObject({ unitName: CENTRE, status: 'open', reply: null, openedValue: figure })
    itemId = item!.id
    // the change and its reason in the 操作留痕
    const audit = await api<{ items: { action: string; reason: string | null; after: Record<string, unknown> | null }[] }>('admin', `/api/v1/admin/audit?entity=cockpit_threshold&entityId=${KEY}`)
    expect(audit.items.find((e) => e.reason === reason)).toMatchObject({ action: 'cockpit_threshold.update', after: { yellow: 1, red: figure } })

    // the light going green again closes nothing: the item stays open
    await setThresholds(OUT_OF_REACH.yellow, OUT_OF_REACH.red, 'e2e：灯转绿不影响督办')
    expect(figureOf(await api<Cockpit>('admin', `/api/v1/cockpit?unitId=${ids.centre}`)).light).toBe('green')
    expect((await itemAs('admin', itemId)).status).toBe('open')

    // --- lisi: home 待办 → 督办 → reply ---
    const lisi = await phoneAs(suite.browser, suite.t, 'lisi')
    await open(lisi, '/pages/index/index')
    await todo(lisi, '督办待整改').waitFor()
    await screenshot(lisi, 'cockpit-home-lisi')
    await todo(lisi, '督办待整改').click()
    await lisi.waitForURL(/cockpit\/pages\/supervision\/index\?status=open/)
    const row = lisi.locator('.sv-row').filter({ visible: true, hasText: NAME })
    await row.waitFor()
    await screenshot(lisi, 'supervision-list-lisi')
    await row.click()
    await lisi.waitForURL(new RegExp(`supervision-detail/index\\?id=${itemId}`))
    await statusSays(lisi, '待整改')
    const replyBox = '说明原因和已采取的整改措施，如 已约谈相关人员，今后按标准安排公务接待'
    const firstReply = `e2e 已联系物业当日修复走廊照明 ${stamp()}`
    await field(lisi, replyBox).fill(firstReply)
    await screenshot(lisi, 'supervision-detail-reply-box')
    await button(lisi, '提交整改情况').click()
    await statusSays(lisi, '待销号')
    await visibleText(lisi, firstReply).waitFor()

    // --- admin: 督办 → 待销号 → the reply → 退回 ---
    await open(admin, '/pages/index/index')
    await todo(admin, '督办待销号').waitFor()
    await gridItem(admin, '督办').click()
    await admin.waitForURL(/cockpit\/pages\/supervision\/index/)
    await admin.locator('.vf-seg__item').filter({ visible: true, hasText: '待销号' }).click()
    const replied = admin.locator('.sv-row').filter({ visible: true, hasText: NAME }).filter({ hasText: CENTRE })
    await replied.waitFor()
    await screenshot(admin, 'supervision-list-replied')
    await replied.click()
    await admin.waitForURL(new RegExp(`supervision-detail/index\\?id=${itemId}`))
    await statusSays(admin, '待销号')
    await visibleText(admin, firstReply).waitFor()
    await screenshot(admin, 'supervision-detail-replied')
    await button(admin, '退回').click()
    const returnReason = '未说明今后如何避免超时，请补充'
    await field(admin, '请填写退回原因，如 未说明超标就餐的处理结果').fill(returnReason)
    await screenshot(admin, 'supervision-return-dialog')
    await inDialog(admin, '退回').click()
    await statusSays(admin, '待整改')
    await settled(admin)

    // --- lisi: the reason, then a second reply ---
    await open(lisi, pageUrl(PAGES.supervisionDetail, { id: itemId }))
    await visibleText(lisi, `管理中心已退回：${returnReason}。请重新整改后回复。`).waitFor()
    const secondReply = `e2e 已与物业约定报修 2 小时内到场，超时按合同扣款 ${stamp()}`
    await field(lisi, replyBox).fill(secondReply)
    await button(lisi, '提交整改情况').click()
    await statusSays(lisi, '待销号')

    // --- admin: 销号 ---
    await open(admin, pageUrl(PAGES.supervisionDetail, { id: itemId }))
    await visibleText(admin, secondReply).waitFor()
    await button(admin, '销号').click()
    await inDialog(admin, '销号').click()
    await statusSays(admin, '已销号')
    await settled(admin)
    expect(await admin.locator('.sv-actions').filter({ visible: true }).count()).toBe(0)
    const kinds = await admin.locator('.sv-event__kind').filter({ visible: true }).allInnerTexts()
    expect(kinds.reverse()).toEqual(['亮红灯，发起督办', '单位回复整改情况', '管理中心退回', '单位回复整改情况', '管理中心销号'])
    await toastGone(admin)
    await screenshot(admin, 'supervision-detail-closed')
    await admin.locator('.sv-event').filter({ visible: true }).last().scrollIntoViewIfNeeded()
    await screenshot(admin, 'supervision-detail-closed-timeline')
    const closed = await itemAs('admin', itemId)
    expect(closed).toMatchObject({ status: 'closed', reply: secondReply, returnedCount: 1 })
    expect(closed.events.map((e) => [e.kind, e.actorName])).toEqual([
      ['opened', null],
      ['replied', '李四'],
      ['returned', expect.any(String)],
      ['replied', '李四'],
      ['closed', expect.any(String)],
    ])
    expect(closed.events.slice(1, 4).map((e) => e.text)).toEqual([firstReply, returnReason, secondReply])

    // a recount with the light still green leaves the closed item as it was
    await suite.t.services.cockpitRefresh.refreshToday()
    expect((await itemAs('admin', itemId)).status).toBe('closed')
    expect(await activeItemOfCentre()).toBeUndefined()
  }, 300_000)

  it('lisi’s 驾驶舱 is his unit’s only; another unit is 403 COCKPIT_UNIT_FORBIDDEN; zhangsan has no 驾驶舱', async () => {
    const lisi = await phoneAs(suite.browser, suite.t, 'lisi')
    await open(lisi, '/pages/index/index')
    await gridItem(lisi, '驾驶舱').click()
    await lisi.waitForURL(/cockpit\/pages\/index\/index/)
    await lisi.locator('.ck-head__scope').filter({ visible: true, hasText: CENTRE }).waitFor()
    await visibleText(lisi, '仅看本单位').waitFor()
    // no unit picker for him
    expect(await lisi.locator('.ck-bar__picker').filter({ visible: true }).count()).toBe(0)
    await tile(lisi, NAME).getByText(String(figure), { exact: true }).waitFor()
    await screenshot(lisi, 'cockpit-lisi')

    // the same figures as the centre's through admin's unit view
    const his = await api<Cockpit>('lisi', '/api/v1/cockpit')
    expect(his).toMatchObject({ unitId: ids.centre, scopeName: CENTRE })
    const centre = await api<Cockpit>('admin', `/api/v1/cockpit?unitId=${ids.centre}`)
    expect(his.indicators.map((i) => [i.key, i.value])).toEqual(centre.indicators.map((i) => [i.key, i.value]))
    const theirs = await call('lisi', 'get', `/api/v1/cockpit?unitId=${ids.other}`)
    expect([theirs.status, theirs.body.error?.code]).toEqual([403, 'COCKPIT_UNIT_FORBIDDEN'])
    const theirTrend = await call('lisi', 'get', `/api/v1/cockpit/indicators/${KEY}/trend?days=30&unitId=${ids.other}`)
    expect([theirTrend.status, theirTrend.body.error?.code]).toEqual([403, 'COCKPIT_UNIT_FORBIDDEN'])

    // zhangsan: no tile, and the API refuses
    const zhangsan = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await open(zhangsan, '/pages/index/index')
    await gridItem(zhangsan, '报修').waitFor()
    expect(await gridItem(zhangsan, '驾驶舱').count()).toBe(0)
    expect(await gridItem(zhangsan, '督办').count()).toBe(0)
    const refused = await call('zhangsan', 'get', '/api/v1/cockpit')
    expect([refused.status, refused.body.error?.code]).toEqual([403, 'FORBIDDEN'])
  }, 180_000)

  it('an indicator: the 30-day chart drawn, 查看明细 lists as many records as the tile counts, a record opens its own page', async () => {
    const trend = await api<Trend>('admin', `/api/v1/cockpit/indicators/${KEY}/trend?days=30&unitId=${ids.centre}`)
    expect(trend.points).toHaveLength(30)
    expect(trend.points[29].value).toBe(figure)

    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await open(admin, pageUrl(PAGES.cockpit, { unitId: ids.centre }))
    await admin.locator('.ck-head__scope').filter({ visible: true, hasText: CENTRE }).waitFor()
    const shown = Number((await tile(admin, NAME).locator('.ck-tile__value').innerText()).replace(/[^\d]/g, ''))
    expect(shown).toBe(figure)
    await tile(admin, NAME).click()
    await admin.waitForURL(new RegExp(`cockpit/pages/indicator/index\\?key=${KEY}`))

    // ECharts draws on a canvas inside the chart's container: some of its pixels are not blank
    const canvas = admin.locator('.ck-chart canvas').filter({ visible: true }).first()
    await canvas.waitFor()
    await admin.waitForFunction(
      (el) => {
        const c = el as HTMLCanvasElement
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data
        if (!data) return false
        let inked = 0
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) inked++
        return inked > 500
      },
      await canvas.elementHandle(),
      { timeout: 10_000 },
    )
    await visibleText(admin, '近 30 天走势').waitFor()
    await screenshot(admin, 'cockpit-indicator')

    // 查看明细: the records behind the number
    await button(admin, '查看明细').click()
    await admin.waitForURL(/cockpit\/pages\/records\/index/)
    await admin.locator('.ck-records-head__count').filter({ visible: true, hasText: `共 ${figure} 单` }).waitFor()
    await visibleText(admin, `已显示全部 ${figure} 条`).waitFor()
    expect(await admin.locator('.ck-record').filter({ visible: true }).count()).toBe(figure)
    await screenshot(admin, 'cockpit-records')

    // the spec's own ticket opens its page
    const record = admin.locator('.ck-record').filter({ visible: true, hasText: '三楼走廊灯不亮' }).first()
    await record.click()
    await admin.waitForURL(new RegExp(`repair/pages/ticket/index\\?id=${ids.ticket}`))
    await visibleText(admin, /三楼走廊灯不亮/, false).waitFor()
  }, 180_000)

  it('lingdao1 (领导) reads 驾驶舱 and 督办 but changes nothing: no 修改阈值, no 销号 or 退回; the API refuses his writes', async () => {
    // a fresh red turn opens a second 督办 for the centre (the first is closed); lisi replies: it waits for 销号
    await setThresholds(1, figure, 'e2e：再次收紧，供领导查看')
    const item = await activeItemOfCentre()
    expect(item).toBeDefined()
    expect(item!.id).not.toBe(itemId)
    expect((await call('lisi', 'post', `/api/v1/supervision/${item!.id}/reply`, { text: 'e2e 已督促物业加快处理' })).status).toBe(200)

    const leader = await phoneAs(suite.browser, suite.t, 'lingdao1')
    await open(leader, '/pages/index/index')
    await gridItem(leader, '督办').waitFor()
    await gridItem(leader, '驾驶舱').click()
    await leader.waitForURL(/cockpit\/pages\/index\/index/)
    await leader.locator('.ck-head__scope').filter({ visible: true, hasText: '全市' }).waitFor()
    await screenshot(leader, 'cockpit-leader')
    await tile(leader, NAME).click()
    await leader.waitForURL(new RegExp(`cockpit/pages/indicator/index\\?key=${KEY}`))
    await button(leader, '查看明细').waitFor()
    expect(await button(leader, '修改阈值').count()).toBe(0)

    await open(leader, pageUrl(PAGES.supervisionDetail, { id: item!.id }))
    await statusSays(leader, '待销号')
    await visibleText(leader, 'e2e 已督促物业加快处理').waitFor()
    expect(await leader.locator('.sv-actions').filter({ visible: true }).count()).toBe(0)
    expect(await button(leader, '销号').count()).toBe(0)
    expect(await button(leader, '退回').count()).toBe(0)
    await screenshot(leader, 'supervision-detail-leader')

    const put = await call('lingdao1', 'put', `/api/v1/cockpit/indicators/${KEY}/thresholds`, { yellow: 1, red: 2, reason: '领导试改' })
    expect(put.status).toBe(403)
    expect((await call('lingdao1', 'post', `/api/v1/supervision/${item!.id}/close`)).status).toBe(403)
    expect((await call('lingdao1', 'post', `/api/v1/supervision/${item!.id}/return`, { reason: '领导试退' })).status).toBe(403)
    expect((await itemAs('admin', item!.id)).status).toBe('replied')

    // the centre closes it, as it would
    expect((await call('admin', 'post', `/api/v1/supervision/${item!.id}/close`)).status).toBe(200)
  }, 180_000)
})
