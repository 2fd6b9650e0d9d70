import { inShanghai } from '@egj/shared'
import type { Page } from 'playwright-core'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

const ROOM = '第一会议室'
const TITLE = '季度工作例会'

interface DayRoom {
  id: number
  name: string
  busy: { startAt: string; endAt: string; status: string }[]
}

async function roomsOn(date: string, token: string): Promise<DayRoom[]> {
  const response = await suite.t.http.get(`/api/v1/rooms?date=${date}`).set('Authorization', `Bearer ${token}`)
  expect(response.status).toBe(200)
  return response.body.items
}

/**
 * A future day on which the room (第一会议室 unless told) is free 10:00–12:30, so the spec holds
 * whenever it runs and whatever other specs (or earlier runs) booked in this worker's database.
 */
async function freeDay(token: string, name = ROOM): Promise<{ date: string; roomId: number }> {
  const today = inShanghai(new Date())
  for (let offset = 7; offset < 55; offset++) {
    const date = today.add(offset, 'day').format('YYYY-MM-DD')
    const room = (await roomsOn(date, token)).find((r) => r.name === name)
    if (!room) throw new Error(`${name} is not seeded`)
    const from = new Date(`${date}T10:00:00+08:00`).getTime()
    const to = new Date(`${date}T12:30:00+08:00`).getTime()
    const taken = room.busy.some((b) => (b.status === 'confirmed' || b.status === 'pending_approval') && new Date(b.startAt).getTime() < to && new Date(b.endAt).getTime() > from)
    if (!taken) return { date, roomId: room.id }
  }
  throw new Error(`no free morning for ${name} in the next 55 days`)
}

/**
 * The test clock: the room services take `now` from their deps (bff/src/modules/rooms/*.service.ts);
 * the harness has no clock of its own yet, so the spec sets theirs. `null` goes back to real time.
 */
function setRoomsClock(at: Date | null): void {
  const now = at ? () => new Date(at.getTime()) : () => new Date()
  for (const service of [suite.t.services.roomBookings, suite.t.services.roomDoor]) Object.assign(service, { now })
}

/** A switch in the booking form's row labelled `label`. */
async function toggle(page: Page, label: string): Promise<void> {
  await page.locator('.vf-row').filter({ visible: true }).filter({ has: page.getByText(label, { exact: true }) }).first().locator('.nut-switch').click()
}

describe('会议室预订 on phones', () => {
  afterAll(() => setRoomsClock(null))

  it('张三 books 第一会议室 10:00–11:00 with tea and nameplates; 会务 sees the names; 李四 is offered another slot and takes it in one tap; 张三 checks in at the door at 10:05', async () => {
    const zhangsanToken = await suite.t.login('zhangsan')
    const { date, roomId } = await freeDay(zhangsanToken)
    const [month, day] = [Number(date.slice(5, 7)), Number(date.slice(8, 10))]

    // 张三: home → 会议室预订 → the day → tap 10:00 on the room's timeline
    const zhangsan = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await zhangsan.goto('/#/pages/index/index')
    await visibleText(zhangsan, '会议室预订').click()
    await visibleText(zhangsan, ROOM).waitFor()
    await zhangsan.goto(`/#/packages/room/pages/find/index?date=${date}`)
    await visibleText(zhangsan, `${month}月${day}日`, false).waitFor()
    await visibleText(zhangsan, ROOM).waitFor()
    await screenshot(zhangsan, 'room-find')
    const card = zhangsan.locator('.room-card').filter({ visible: true }).filter({ hasText: ROOM }).first()
    await card.locator('.rt__cell').nth(4).click() // 08:00 + 4 half hours = 10:00

    await visibleText(zhangsan, '确认预订').waitFor()
    await visibleText(zhangsan, '10:00').waitFor()
    await visibleText(zhangsan, '11:00').waitFor()
    await screenshot(zhangsan, 'room-book-top')
    await zhangsan.locator('input[placeholder="如 季度工作例会"]').filter({ visible: true }).first().fill(TITLE)
    await zhangsan.locator('input[placeholder="人数"]').filter({ visible: true }).first().fill('12')
    // every tap target at least 44 px high: a switch answers 22 px above and below its middle (it
    // is drawn 24 px high), so 茶水 is switched on by a tap just above it; the 份数 inputs
    const tea = zhangsan.locator('.vf-row').filter({ visible: true }).filter({ has: zhangsan.getByText('茶水', { exact: true }) }).first().locator('.nut-switch')
    await tea.scrollIntoViewIfNeeded()
    const sw = (await tea.boundingBox())!
    const middle = { x: sw.x + sw.width / 2, y: sw.y + sw.height / 2 }
    const switchAt = (y: number) => zhangsan.evaluate(([x, at]) => !!document.elementFromPoint(x, at)?.closest('.nut-switch'), [middle.x, y])
    expect([await switchAt(middle.y - 22), await switchAt(middle.y + 22)]).toEqual([true, true])
    await zhangsan.mouse.click(middle.x, middle.y - 20)
    await visibleText(zhangsan, '茶水杯数').waitFor()
    const servings = zhangsan.locator('.room-book__meal-input').filter({ visible: true })
    expect(await servings.count()).toBe(3)
    for (const input of await servings.all()) expect((await input.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await toggle(zhangsan, '桌签')
    await zhangsan.locator('.room-book__names textarea').filter({ visible: true }).first().fill('张三\n李四\n王五')
    await visibleText(zhangsan, '桌签姓名（3）').waitFor()
    await screenshot(zhangsan, 'room-book')
    await visibleText(zhangsan, '确认预订').click()
    await visibleText(zhangsan, '已预订').waitFor()
    await visibleText(zhangsan, TITLE).waitFor()
    await visibleText(zhangsan, /张三、李四、王五/, false).waitFor()
    await screenshot(zhangsan, 'room-booking-detail')

    // 会务 (吴芳): the day's tasks show the nameplate names and the tea
    const huiwu = await phoneAs(suite.browser, suite.t, 'huiwu1')
    await huiwu.goto('/#/pages/index/index')
    await visibleText(huiwu, '会务任务').click()
    await visibleText(huiwu, '前一天', false).waitFor()
    await huiwu.goto(`/#/packages/meeting-service/pages/tasks/index?date=${date}`)
    await visibleText(huiwu, TITLE).waitFor()
    await visibleText(huiwu, /张三、李四、王五/, false).waitFor()
    await visibleText(huiwu, /茶水/, false).waitFor()
    // the head count on one line, level with the organiser (not wrapped alone under it)
    const organiser = (await visibleText(huiwu, /^预订人 /).boundingBox())!
    const headCount = (await visibleText(huiwu, '12 人').boundingBox())!
    expect([headCount.y, headCount.height]).toEqual([organiser.y, organiser.height])
    await screenshot(huiwu, 'meeting-tasks')

    // 李四 tries 10:30–11:30: who is in the way, and free slots to take in one tap
    const lisi = await phoneAs(suite.browser, suite.t, 'lisi')
    await lisi.goto(`/#/packages/room/pages/book/index?roomId=${roomId}&date=${date}&start=10:30`)
    await visibleText(lisi, '确认预订').waitFor()
    await visibleText(lisi, '11:30').waitFor()
    await lisi.locator('input[placeholder="如 季度工作例会"]').filter({ visible: true }).first().fill('预算评审会')
    await lisi.locator('input[placeholder="人数"]').filter({ visible: true }).first().fill('8')
    await visibleText(lisi, '确认预订').click()
    await visibleText(lisi, '该时段已被占用').waitFor()
    await visibleText(lisi, new RegExp(`${TITLE}.*市机关事务管理中心`), false).waitFor()
    const suggestion = lisi.locator('.conflict__suggestion').filter({ visible: true }).first()
    await suggestion.waitFor()
    await screenshot(lisi, 'room-conflict')
    const offered = (await suggestion.innerText()).trim()
    await suggestion.click()
    await visibleText(lisi, '已预订').waitFor()
    await visibleText(lisi, '预算评审会').waitFor()
    await screenshot(lisi, 'room-suggested-booked')
    const booked = await suite.t.http.get('/api/v1/room-bookings?as=organiser').set('Authorization', `Bearer ${await suite.t.login('lisi')}`)
    const mine = (booked.body.items as { title: string; room: { name: string }; startAt: string }[]).find((b) => b.title === '预算评审会' && b.startAt.startsWith(date.slice(0, 4)))
    expect(mine).toBeDefined()
    expect(offered).toContain(mine!.room.name)

    // 10:05 on the meeting's day (test clock, server and phone): 张三 scans the door code and checks in
    const at = new Date(`${date}T10:05:00+08:00`)
    setRoomsClock(at)
    await zhangsan.clock.setFixedTime(at)
    await zhangsan.goto(suite.t.services.qr.url('r', roomId))
    await visibleText(zhangsan, ROOM).waitFor()
    await visibleText(zhangsan, '签到').waitFor()
    await visibleText(zhangsan, TITLE).waitFor()
    await screenshot(zhangsan, 'room-door')
    await visibleText(zhangsan, '签到').click()
    await visibleText(zhangsan, '已签到').waitFor()
    await visibleText(zhangsan, '提前结束会议').waitFor()
    await screenshot(zhangsan, 'room-door-checked-in')

    const list = await suite.t.http.get('/api/v1/room-bookings?as=organiser').set('Authorization', `Bearer ${zhangsanToken}`)
    const meeting = (list.body.items as { title: string; startAt: string; checkedInAt: string | null }[]).find((b) => b.title === TITLE && new Date(b.startAt).getTime() === new Date(`${date}T10:00:00+08:00`).getTime())
    expect(meeting?.checkedInAt).toBeTruthy()
  }, 180_000)
})

describe('会议室审批 from 待办', () => {
  it('张三 books 大会议厅 (需审批); 李四 taps 会议室待审批 in home’s 待办, lands on 待我审批 (a real page), opens it and approves; 张三 opens the 已通过 message on the booking’s page', async () => {
    const HALL = '大会议厅'
    const title = `审批链接测试 ${Date.now() % 100_000}`
    const { date, roomId } = await freeDay(await suite.t.login('zhangsan'), HALL)

    // 张三 books the hall: it waits for approval
    const zhangsan = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await zhangsan.goto(`/#/packages/room/pages/book/index?roomId=${roomId}&date=${date}&start=10:00`)
    await visibleText(zhangsan, '提交申请').waitFor()
    await zhangsan.locator('input[placeholder="如 季度工作例会"]').filter({ visible: true }).first().fill(title)
    await zhangsan.locator('input[placeholder="人数"]').filter({ visible: true }).first().fill('60')
    await visibleText(zhangsan, '提交申请').click()
    await visibleText(zhangsan, '待审批').waitFor()
    await visibleText(zhangsan, title).waitFor()

    // 李四: home → 待办 → 会议室待审批 → 待我审批 lists it (not 页面不存在) → the booking → 同意
    const lisi = await phoneAs(suite.browser, suite.t, 'lisi')
    await lisi.goto('/#/pages/index/index')
    await visibleText(lisi, '会议室待审批').click()
    await visibleText(lisi, title).waitFor()
    expect(lisi.url()).toContain('/packages/room/pages/mine/index?as=approver')
    expect(await lisi.getByText('页面不存在').filter({ visible: true }).count()).toBe(0)
    await lisi.waitForFunction(() => document.title === '会议室审批')
    await screenshot(lisi, 'room-approvals-from-todo')
    await visibleText(lisi, title).click()
    await visibleText(lisi, '同意').waitFor()
    await screenshot(lisi, 'room-approval-detail')
    await visibleText(lisi, '同意').click()
    await visibleText(lisi, '已预订').waitFor()
    await screenshot(lisi, 'room-approved')
    const decided = await suite.t.http.get('/api/v1/room-bookings?as=organiser').set('Authorization', `Bearer ${await suite.t.login('zhangsan')}`)
    expect((decided.body.items as { title: string; status: string; decidedBy: string | null }[]).filter((b) => b.title === title).map((b) => [b.status, b.decidedBy])).toEqual([['confirmed', '李四']])

    // 张三: 消息 → 会议室预订已通过 → the booking's own page
    await zhangsan.goto('/#/packages/inbox/pages/index/index')
    await zhangsan.locator('.inbox__item').filter({ visible: true }).filter({ hasText: title }).first().click()
    await visibleText(zhangsan, title).waitFor()
    await visibleText(zhangsan, '已预订').waitFor()
    expect(zhangsan.url()).toContain('/packages/room/pages/detail/index?id=')
    await screenshot(zhangsan, 'room-approved-from-inbox')
  }, 120_000)
})

describe('会议室管理 on a phone', () => {
  it('admin reaches 会议室管理 from home, sees the rooms, a door code and the month’s statistics', async () => {
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await admin.goto('/#/pages/index/index')
    await visibleText(admin, '会议室管理').click()
    await visibleText(admin, ROOM).waitFor()
    await screenshot(admin, 'room-admin')
    await admin.locator('.room-admin__room').filter({ visible: true }).filter({ hasText: ROOM }).first().locator('.room-admin__action').first().click()
    await visibleText(admin, /^手输码 R\d+-/, false).waitFor()
    await admin.locator('.room-admin__qr-img').filter({ visible: true }).first().waitFor()
    await screenshot(admin, 'room-admin-door-code')
    await admin.locator('.nut-popup-title-right').filter({ visible: true }).first().click()
    await visibleText(admin, '月度统计').click()
    await visibleText(admin, '导出 Excel').waitFor()
    await visibleText(admin, ROOM).waitFor()
    await screenshot(admin, 'room-stats')
  }, 90_000)
})
