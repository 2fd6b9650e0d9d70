import { inShanghai, type TicketDetail } from '@egj/shared'
import { PNG } from 'pngjs'
import type { Page } from 'playwright-core'
import { seedTicketsDemo } from '../bff/src/db/seed/tickets-demo'
import { loadWorkCalendar } from '../bff/src/modules/tickets/common/calendar.repo'
import { workingMinutesBetween } from '../bff/src/modules/tickets/common/working-time'
import { deliverAllDue } from '../bff/test/factories'
import { useAppAndBrowser } from './app'
import { launchBrowser, phoneContext, screenshot } from './browser'
import { writeQrVideo } from './fake-camera'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

const stamp = () => Date.now().toString(36).slice(-5)
/** The demo firm's contact (bff/src/db/seed/tickets-demo.ts): its SMS land in the simulator. */
const FIRM = '城建物业维修有限公司'
const FIRM_MOBILE = '13900000088'

// the demo's places and its contracted firm (the test databases are seeded with the accounts only)
beforeAll(async () => {
  await seedTicketsDemo(suite.t.database.db, suite.t.services.pii)
})

async function api<T = Record<string, unknown>>(username: string, path: string): Promise<T> {
  const response = await suite.t.http.get(path).set('Authorization', `Bearer ${await suite.t.login(username)}`)
  expect(response.status).toBe(200)
  return response.body as T
}
const ticketAs = (username: string, id: number) => api<TicketDetail>(username, `/api/v1/tickets/${id}`)

/** A small real PNG (an orange band on grey), as a phone's photo would be. */
function photoPng(width = 96, height = 72): Buffer {
  const png = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const band = y > height / 3 && y < (2 * height) / 3
      png.data[i] = band ? 230 : 200
      png.data[i + 1] = band ? 120 : 200
      png.data[i + 2] = band ? 40 : 205
      png.data[i + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

// Taro's H5 input and textarea wrap the native element in a custom element carrying the same placeholder
const field = (page: Page, placeholder: string) => page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).filter({ visible: true }).first()
/** A NutUI button by its whole text */
const button = (page: Page, text: string) => page.locator('.nut-button').filter({ visible: true, hasText: new RegExp(`^\\s*${text}\\s*$`) }).first()
/** A button of the ticket page's action row (a sheet's button may read the same) */
const action = (page: Page, text: string) => page.locator('.rp-actions .nut-button').filter({ visible: true, hasText: new RegExp(`^\\s*${text}\\s*$`) }).first()
/** The open bottom sheet's main button */
const sheetButton = (page: Page, text: string) => page.locator('.rp-sheet__foot .nut-button').filter({ visible: true, hasText: text }).first()
/** A dialog's button (its title may read the same) */
const inDialog = (page: Page, text: string) => page.locator('.egj-dialog__footer').filter({ visible: true }).getByText(text, { exact: true }).first()
/** The ticket page's status pill */
const statusSays = (page: Page, text: string) => page.locator('.rp-head__status').filter({ visible: true }).getByText(text, { exact: true }).first().waitFor()
const todo = (page: Page, title: string) => page.locator('.home__todo').filter({ visible: true, has: page.locator('.home__todo-title', { hasText: title }) }).first()

/**
 * Waits until no sheet or dialog dims the page any more (their overlay fades out after they close;
 * a toast's own overlay is transparent and stays while the toast shows).
 */
const settled = (page: Page) =>
  page.waitForFunction(() =>
    Array.from(document.querySelectorAll('.nut-overlay')).every((el) => {
      const style = getComputedStyle(el)
      return style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0 || /rgba\(.*,\s*0\)$/.test(style.backgroundColor)
    }),
  )

/** Opens an in-app page afresh (a hash-only goto would stay inside the running app). */
async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`/#${hash}`)
  await page.reload()
}

/** Adds a photo through the page's hidden <input type=file> (a headless browser cancels it at once unless Playwright takes the chooser). */
async function addPhoto(page: Page, name: string): Promise<void> {
  const choosing = page.waitForEvent('filechooser')
  await page.locator('.rp-photos__add').filter({ visible: true }).first().click()
  const chooser = await choosing
  await chooser.element().setInputFiles({ name, mimeType: 'image/png', buffer: photoPng() })
}

const ticketIdOf = (page: Page) => Number(/ticket\/index\?id=(\d+)/.exec(page.url())?.[1])

/** The ticket 张三 reports in scenario 1 and sees through in scenario 2. */
const reported = { id: 0, description: '' }

describe('报修 and 服务受理 on phones', () => {
  it('张三 reports at a room by its door code: 报修 on the door page, the room as 报修地点, 空调暖通, a photo → 待派单 with its 时限', async () => {
    const rooms = await api<{ items: { id: number; name: string }[] }>('admin', `/api/v1/rooms?date=${inShanghai(new Date()).format('YYYY-MM-DD')}`)
    const room = rooms.items.find((r) => r.name === '第一会议室')!
    expect(room).toBeDefined()
    reported.description = `e2e 会议室空调不制冷，出风是热的 ${stamp()}`

    // the phone's camera opens the code's address: /q/r/<token> → the door page
    const zhangsan = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await zhangsan.goto(suite.t.services.qr.url('r', room.id))
    await zhangsan.waitForURL(/room\/pages\/door\/index/)
    await visibleText(zhangsan, '第一会议室').waitFor()
    await screenshot(zhangsan, 'repair-door')
    await button(zhangsan, '报修').click()

    // the report page knows the place from the code
    await zhangsan.waitForURL(/repair\/pages\/report\/index/)
    await zhangsan.locator('.rp-place__text').filter({ visible: true, hasText: '第一会议室' }).waitFor()
    await screenshot(zhangsan, 'repair-report-empty')
    await zhangsan.locator('.rp-grid__item').filter({ visible: true, hasText: '空调暖通' }).click()
    await field(zhangsan, '哪里坏了、什么情况，如 三楼东侧卫生间水龙头漏水').fill(reported.description)
    await addPhoto(zhangsan, 'aircon.png')
    await zhangsan.locator('.rp-photos__cell img').filter({ visible: true }).first().waitFor()
    await visibleText(zhangsan, '照片 1/6').waitFor()
    await screenshot(zhangsan, 'repair-report-filled')
    await button(zhangsan, '提交').click()

    // → the ticket: 待派单, with its clocks
    await zhangsan.waitForURL(/ticket\/index\?id=\d+/)
    reported.id = ticketIdOf(zhangsan)
    expect(reported.id).toBeGreaterThan(0)
    await statusSays(zhangsan, '待派单')
    await visibleText(zhangsan, '接单时限').waitFor()
    await visibleText(zhangsan, '完成时限').waitFor()
    await zhangsan.locator('.vf-info').filter({ visible: true, hasText: '报修地点' }).getByText(/第一会议室/).waitFor()
    await zhangsan.locator('.rp-photos__img').filter({ visible: true }).first().waitFor()
    await screenshot(zhangsan, 'repair-ticket-submitted')
    const ticket = await ticketAs('zhangsan', reported.id)
    expect(ticket).toMatchObject({ kind: 'repair', category: 'hvac', status: 'submitted', roomId: room.id })
    expect(ticket.photos).toHaveLength(1)
  }, 240_000)

  it('王建国 assigns from 待办 → 派单 to 赵师傅; 赵师傅 accepts, starts, pauses (等待配件: not counted), resumes and finishes with ¥85.00 and a photo; 张三 confirms with 5 stars', async () => {
    expect(reported.id).toBeGreaterThan(0)
    const { id, description } = reported

    // --- 王建国 (报修调度员): home 待办 → 派单 → the ticket → 派单 to 赵师傅 ---
    const dispatcher = await phoneAs(suite.browser, suite.t, 'baoxiu1')
    await open(dispatcher, '/pages/index/index')
    await todo(dispatcher, '待派单').waitFor()
    await screenshot(dispatcher, 'repair-home-dispatcher')
    await todo(dispatcher, '待派单').click()
    await dispatcher.waitForURL(/repair-admin\/pages\/queue\/index/)
    const row = dispatcher.locator('.ra-ticket').filter({ visible: true, hasText: description })
    await row.waitFor()
    await screenshot(dispatcher, 'repair-queue')
    await row.click()
    await dispatcher.waitForURL(new RegExp(`ticket/index\\?id=${id}`))
    await action(dispatcher, '派单').click()
    await dispatcher.locator('.rp-pick').filter({ visible: true, hasText: '赵师傅' }).click()
    await screenshot(dispatcher, 'repair-assign-sheet')
    await sheetButton(dispatcher, '确认派单').click()
    await statusSays(dispatcher, '待接单')
    await settled(dispatcher)
    await dispatcher.locator('.vf-info').filter({ visible: true, hasText: '维修人员' }).getByText('赵师傅').waitFor()
    await screenshot(dispatcher, 'repair-ticket-assigned')

    // --- 赵师傅 (维修人员): home 待办 → 维修任务 → the ticket ---
    const worker = await phoneAs(suite.browser, suite.t, 'weixiu1')
    await open(worker, '/pages/index/index')
    await todo(worker, '待接单').waitFor()
    await screenshot(worker, 'repair-home-worker')
    await worker.locator('.nut-grid-item').filter({ visible: true, hasText: '维修任务' }).click()
    await worker.waitForURL(/repair-admin\/pages\/work\/index/)
    const task = worker.locator('.ra-ticket').filter({ visible: true, hasText: description })
    await task.waitFor()
    await screenshot(worker, 'repair-work')
    await task.click()
    await worker.waitForURL(new RegExp(`ticket/index\\?id=${id}`))

    await action(worker, '接单').click()
    await statusSays(worker, '已接单')
    await action(worker, '开始维修').click()
    await statusSays(worker, '维修中')
    await screenshot(worker, 'repair-ticket-in-progress')

    // 暂停: 等待配件
    await action(worker, '暂停').click()
    await worker.locator('.rp-sheet .vf-chip').filter({ visible: true, hasText: '等待配件' }).click()
    await field(worker, '如 已订购阀芯，预计周三到货').fill('压缩机电容已订购，明天到货')
    await screenshot(worker, 'repair-pause-sheet')
    await sheetButton(worker, '暂停').click()
    await statusSays(worker, '已暂停')
    await worker.locator('.vf-info').filter({ visible: true, hasText: '暂停原因' }).getByText('等待配件').waitFor()
    await worker.locator('.rp-clocks__note').filter({ visible: true, hasText: /暂停.*不计入时限/ }).waitFor()
    const before = await ticketAs('weixiu1', id)

    // the parts take a while: the pause began 30 working minutes ago (moved back in the database, as time would)
    const calendar = await loadWorkCalendar(suite.t.database.db)
    const now = new Date()
    let back = 15
    while (workingMinutesBetween(calendar, new Date(now.getTime() - back * 60_000), now) < 30) back += 15
    await suite.t.database.pool.query('UPDATE tickets SET paused_at = paused_at - INTERVAL ? MINUTE WHERE id = ?', [back, id])
    await worker.reload()
    await statusSays(worker, '已暂停')
    const note = worker.locator('.rp-clocks__note').filter({ visible: true })
    await note.getByText(/已暂停 (\d+ 分钟|\d+ 小时( \d+ 分)?)，不计入时限/).waitFor()
    await screenshot(worker, 'repair-ticket-paused')

    // 恢复 → 完工 with a note, parts, ¥85.00 and a photo
    await action(worker, '恢复维修').click()
    await statusSays(worker, '维修中')
    const after = await ticketAs('weixiu1', id)
    expect(after.clocks.pausedMinutes).toBeGreaterThanOrEqual(30)
    // the finish clock moved on by the paused working minutes
    expect(new Date(after.clocks.finishBy).getTime()).toBeGreaterThan(new Date(before.clocks.finishBy).getTime())

    await action(worker, '完工').click()
    await field(worker, '做了什么，如 更换水龙头阀芯，已试水不漏').fill('更换压缩机启动电容，试机制冷正常')
    await field(worker, '如 阀芯 1 个').fill('启动电容 1 个')
    await field(worker, '0.00').fill('85.00')
    await addPhoto(worker, 'fixed.png')
    await worker.locator('.rp-sheet .rp-photos__cell img').filter({ visible: true }).first().waitFor()
    await screenshot(worker, 'repair-finish-sheet')
    await sheetButton(worker, '确认完工').click()
    await statusSays(worker, '待确认')
    await settled(worker)
    const result = worker.locator('.vf-card').filter({ visible: true, hasText: '维修结果' })
    await result.getByText('¥85.00', { exact: true }).waitFor()
    await result.getByText('启动电容 1 个', { exact: true }).waitFor()
    await result.scrollIntoViewIfNeeded()
    await screenshot(worker, 'repair-ticket-finished')

    // --- 张三: home 待办 待确认 → 我的报修 → the ticket → 确认修好并评价, 5 stars ---
    const reporter = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await open(reporter, '/pages/index/index')
    await todo(reporter, '待确认').waitFor()
    await screenshot(reporter, 'repair-home-reporter')
    await todo(reporter, '待确认').click()
    await reporter.waitForURL(/repair\/pages\/mine\/index\?tab=finished/)
    await reporter.locator('.vf-seg__item--on').filter({ visible: true, hasText: '待确认' }).waitFor()
    const mine = reporter.locator('.rp-row').filter({ visible: true, hasText: description })
    await mine.waitFor()
    await screenshot(reporter, 'repair-mine')
    await mine.click()
    await reporter.waitForURL(new RegExp(`ticket/index\\?id=${id}`))
    await statusSays(reporter, '待确认')
    await action(reporter, '确认修好并评价').click()
    await reporter.locator('.rp-sheet .nut-rate-item').filter({ visible: true }).nth(4).click()
    await visibleText(reporter, '5 分').waitFor()
    await field(reporter, '说说处理得怎么样').fill('赵师傅很专业，当天就修好了')
    await screenshot(reporter, 'repair-confirm-sheet')
    await sheetButton(reporter, '提交评价').click()
    await statusSays(reporter, '已完成')
    await settled(reporter)
    await visibleText(reporter, '赵师傅很专业，当天就修好了').waitFor()

    // every step in the 处理记录
    const kinds = await reporter.locator('.rp-event__kind').filter({ visible: true }).allInnerTexts()
    expect(kinds.reverse()).toEqual(['提交', '派单', '接单', '开始维修', '暂停', '恢复', '完工', '确认评价'])
    await reporter.locator('.rp-head').filter({ visible: true }).scrollIntoViewIfNeeded()
    await screenshot(reporter, 'repair-ticket-closed')
    await reporter.locator('.vf-card').filter({ visible: true, hasText: '维修结果' }).scrollIntoViewIfNeeded()
    await screenshot(reporter, 'repair-ticket-closed-result')
    await reporter.locator('.rp-event').filter({ visible: true }).last().scrollIntoViewIfNeeded()
    await screenshot(reporter, 'repair-ticket-timeline')

    const closed = await ticketAs('zhangsan', id)
    expect(closed).toMatchObject({ status: 'closed', rating: 5, costFen: 8500, parts: '启动电容 1 个', ratingComment: '赵师傅很专业，当天就修好了' })
    expect(closed.photos.map((p) => p.stage)).toEqual(['report', 'finish'])
  }, 300_000)

  it('a contracted firm: 张三 reports at the 电梯厅 by its location code; 王建国 assigns it to 城建物业维修有限公司; the SMS link opens without an account, 接单 → 完工; the link then says it has ended', async () => {
    const places = await api<{ items: { id: number; spot: string; codeUrl: string; name: string }[] }>('baoxiu1', '/api/v1/locations')
    const hall = places.items.find((l) => l.spot === '电梯厅')!
    expect(hall.codeUrl).toContain('/q/l/')
    const description = `e2e 电梯门关不严，运行时有异响 ${stamp()}`

    // --- 张三 scans the 位置码 by the lift (the phone opens /q/l/<token>) ---
    const reporter = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await reporter.goto(new URL(hall.codeUrl).pathname)
    await reporter.waitForURL(/repair\/pages\/report\/index\?token=/)
    await reporter.locator('.rp-place__text').filter({ visible: true, hasText: '电梯厅' }).waitFor()
    await reporter.locator('.rp-grid__item').filter({ visible: true, hasText: /^电梯$/ }).click()
    await field(reporter, '哪里坏了、什么情况，如 三楼东侧卫生间水龙头漏水').fill(description)
    await screenshot(reporter, 'repair-report-location')
    await button(reporter, '提交').click()
    await reporter.waitForURL(/ticket\/index\?id=\d+/)
    const id = ticketIdOf(reporter)
    await statusSays(reporter, '待派单')

    // --- 王建国 gives it to the firm: the page says the SMS went, with the link to forward ---
    const dispatcher = await phoneAs(suite.browser, suite.t, 'baoxiu1')
    await open(dispatcher, `/packages/repair/pages/ticket/index?id=${id}`)
    await action(dispatcher, '派单').click()
    await dispatcher.locator('.rp-pick').filter({ visible: true, hasText: FIRM }).click()
    await sheetButton(dispatcher, '确认派单').click()
    await visibleText(dispatcher, '已派给定点维修单位').waitFor()
    await visibleText(dispatcher, `已短信通知「${FIRM}」联系人。如对方未收到，可复制派单链接转发。`).waitFor()
    await screenshot(dispatcher, 'repair-assigned-firm-dialog')
    await inDialog(dispatcher, '知道了').click()
    await statusSays(dispatcher, '待接单')
    const linkLine = dispatcher.locator('.rp-firm-link').filter({ visible: true })
    await linkLine.getByText(/已短信通知该单位/).waitFor()
    await screenshot(dispatcher, 'repair-ticket-firm')
    const shownLink = /(http\S+)$/.exec(await linkLine.innerText())?.[1]

    // --- the SMS the firm's contact got (the notification's outbox delivered, as the job does) ---
    await deliverAllDue(suite.t)
    const sms = suite.t.smsSim.messages.filter((m) => m.mobile === FIRM_MOBILE && m.text.includes(description.slice(0, 10))).pop()
    expect(sms).toBeDefined()
    expect(sms!.text).toMatch(/^【e管家】报修派单：/)
    const link = /(http\S+)$/.exec(sms!.text)![1]
    expect(link).toBe(shownLink)

    // --- the firm's phone: a fresh browser with no session ---
    const firmContext = await phoneContext(suite.browser, suite.t.url)
    const firm = await firmContext.newPage()
    await firm.goto(link)
    await visibleText(firm, description).waitFor()
    await firm.locator('.vf-info').filter({ visible: true, hasText: '派给' }).getByText(FIRM).waitFor()
    await screenshot(firm, 'repair-firm-opened')
    await button(firm, '接单').click()
    await firm.locator('.rp-head__status').filter({ visible: true }).getByText('已接单').waitFor()
    await button(firm, '完工').click()
    await field(firm, '到场维修的师傅').fill('刘师傅')
    await field(firm, '做了什么，如 更换压缩机电容，已试机制冷正常').fill('调整层门门刀间隙，更换门滑块，试运行正常')
    await screenshot(firm, 'repair-firm-finish-sheet')
    await sheetButton(firm, '提交完工').click()
    await visibleText(firm, '已提交完工').waitFor()
    await settled(firm)
    await screenshot(firm, 'repair-firm-finished')
    expect(await ticketAs('zhangsan', id)).toMatchObject({ status: 'finished', firm: { name: FIRM } })

    // the link has done its work: it says so (410), not a generic error
    await firm.goto('about:blank')
    await firm.goto(link)
    await visibleText(firm, '链接已失效：工单已完工或已改派').waitFor()
    await screenshot(firm, 'repair-firm-link-ended')
    expect((await suite.t.http.get(`/api/v1/firm-tickets/${encodeURIComponent(decodeURIComponent(/token=([^&]+)/.exec(link)![1]))}`)).status).toBe(410)
    await firmContext.close()
  }, 240_000)

  it('服务受理: 张三 files a 投诉 (no place); the centre answers it from 报修管理 → 服务受理; 张三 reads the reply and rates it', async () => {
    const text = `e2e 食堂午餐排队太久，希望增开窗口 ${stamp()}`
    const asker = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await open(asker, '/pages/index/index')
    await asker.locator('.nut-grid-item').filter({ visible: true, hasText: /^报修$/ }).click()
    await asker.waitForURL(/repair\/pages\/report\/index/)
    await asker.locator('.vf-seg__item').filter({ visible: true, hasText: '投诉' }).click()
    await field(asker, '请写下具体情况，我们会尽快答复').fill(text)
    expect(await asker.locator('.rp-place').filter({ visible: true }).count()).toBe(0)
    await screenshot(asker, 'repair-complaint-form')
    await button(asker, '提交').click()
    await asker.waitForURL(/ticket\/index\?id=\d+/)
    const id = ticketIdOf(asker)
    await statusSays(asker, '待答复')
    // nobody 接单s a 投诉: the centre 受理s and 答复s it; whoever raised it is its 提出人
    await visibleText(asker, '受理时限').waitFor()
    await visibleText(asker, '答复时限').waitFor()
    await asker.locator('.vf-info').filter({ visible: true, hasText: '提出人' }).getByText(/张三/).waitFor()
    await screenshot(asker, 'repair-complaint-submitted')

    // --- the centre: home 报修管理 → 服务受理 → the 投诉 → 答复 ---
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await open(admin, '/pages/index/index')
    await todo(admin, '服务受理待答复').waitFor()
    await admin.locator('.nut-grid-item').filter({ visible: true, hasText: '报修管理' }).click()
    await admin.waitForURL(/repair-admin\/pages\/queue\/index/)
    await admin.locator('.ra-tab').filter({ visible: true, hasText: '服务受理' }).click()
    const row = admin.locator('.ra-ticket').filter({ visible: true, hasText: text })
    await row.waitFor()
    await screenshot(admin, 'repair-queue-service')
    await row.click()
    await admin.waitForURL(new RegExp(`ticket/index\\?id=${id}`))
    await action(admin, '答复').click()
    await field(admin, '答复内容，提交后通知提出人并请其评价').fill('已协调食堂自下周一起午餐高峰增开 2 个窗口，感谢您的建议。')
    await screenshot(admin, 'repair-reply-sheet')
    await sheetButton(admin, '提交答复').click()
    await statusSays(admin, '已答复，待评价')
    await settled(admin)
    await screenshot(admin, 'repair-ticket-replied')

    // --- 张三 reads it and rates it ---
    await open(asker, `/packages/repair/pages/ticket/index?id=${id}`)
    await statusSays(asker, '已答复，待评价')
    await visibleText(asker, '已协调食堂自下周一起午餐高峰增开 2 个窗口，感谢您的建议。').waitFor()
    await screenshot(asker, 'repair-complaint-replied')
    await action(asker, '确认并评价').click()
    await asker.locator('.rp-sheet .nut-rate-item').filter({ visible: true }).nth(3).click()
    await visibleText(asker, '4 分').waitFor()
    await sheetButton(asker, '提交评价').click()
    await statusSays(asker, '已完成')
    await settled(asker)
    await screenshot(asker, 'repair-complaint-closed')
    expect(await ticketAs('zhangsan', id)).toMatchObject({ kind: 'complaint', status: 'closed', rating: 4, place: null })
  }, 240_000)

  it('the centre’s pages: 报修地点 (add one, a duplicate is said under 位置, print its code), 维修单位, 工作日历与时限 (2026’s 国庆节 and 调休), 报修统计 with 导出 Excel', async () => {
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    const spot = `e2e 配电间 ${stamp()}`

    // --- 报修地点: add one ---
    await open(admin, '/packages/repair-admin/pages/locations/index')
    await button(admin, '新增地点').waitFor()
    await visibleText(admin, '行政中心A座').waitFor()
    await screenshot(admin, 'repair-locations')
    const addOne = async () => {
      await button(admin, '新增地点').click()
      await field(admin, '如 行政中心A座').fill('行政中心B座')
      await field(admin, '如 5楼、B1').fill('B1')
      await field(admin, '如 东侧卫生间').fill(spot)
      await button(admin, '新增并生成位置码').click()
    }
    await addOne()
    const created = admin.locator('.rl-row').filter({ visible: true, hasText: spot })
    await created.waitFor()
    const shortCode = /编号 (\S+)/.exec(await created.locator('.rl-row__code').innerText())![1]
    expect(shortCode).toMatch(/^L\d+-[0-9A-Z]{6}$/)

    // the same again: said under 位置, nothing added
    await addOne()
    const error = admin.locator('.vf-row').filter({ visible: true, hasText: '位置' }).locator('.vf-row__error')
    await error.waitFor()
    expect(await error.innerText()).toMatch(/已有|已存在|重复/)
    await screenshot(admin, 'repair-location-duplicate')
    await admin.locator('.nut-popup .nut-popup-title-right, .nut-popup-close').filter({ visible: true }).first().click()
    await button(admin, '新增并生成位置码').waitFor({ state: 'hidden' })
    expect(await admin.locator('.rl-row').filter({ visible: true, hasText: spot }).count()).toBe(1)

    // print its code: the A4 sheet opens in a new tab
    const opened = admin.context().waitForEvent('page')
    await created.locator('.ra-action').getByText('打印', { exact: true }).click()
    const sheet = await opened
    await sheet.waitForURL(/^blob:/)
    await sheet.getByText('扫码报修').first().waitFor()
    await sheet.getByText(shortCode).first().waitFor()
    await sheet.getByText(spot).first().waitFor()
    await screenshot(sheet, 'repair-location-sheet')
    await sheet.close()

    // --- 维修单位 ---
    await admin.locator('.ra-nav__item').filter({ visible: true, hasText: '维修单位' }).click()
    await admin.waitForURL(/repair-admin\/pages\/firms\/index/)
    await visibleText(admin, FIRM).waitFor()
    await screenshot(admin, 'repair-firms')

    // --- 工作日历与时限: 2026's 国庆节 days and the 调休 Saturdays ---
    await admin.locator('.ra-nav__item').filter({ visible: true, hasText: '日历时限' }).click()
    await admin.waitForURL(/repair-admin\/pages\/sla\/index/)
    await visibleText(admin, '工作日与工作时间').waitFor()
    await screenshot(admin, 'repair-sla')
    if (inShanghai(new Date()).year() !== 2026) {
      await admin.locator('.rs-year').filter({ visible: true }).click()
      await admin.locator('.weui-picker__item, .taro-picker__item').filter({ visible: true, hasText: '2026年' }).first().click()
      await admin.locator('.weui-picker__action, .taro-picker__action').filter({ visible: true }).getByText('确定', { exact: true }).click()
    }
    const national = admin.locator('.rs-date').filter({ visible: true, hasText: '国庆节' })
    for (const day of ['10月1日 周四', '10月7日 周三']) await national.filter({ hasText: day }).getByText('休', { exact: true }).waitFor()
    const shifted = admin.locator('.rs-date').filter({ visible: true, hasText: '国庆节调休' })
    await shifted.filter({ hasText: '10月10日 周六' }).getByText('班', { exact: true }).waitFor()
    await shifted.filter({ hasText: '9月20日 周日' }).getByText('班', { exact: true }).waitFor()
    await national.filter({ hasText: '10月1日' }).scrollIntoViewIfNeeded()
    await screenshot(admin, 'repair-sla-holidays')
    await admin.locator('.rs-row').filter({ visible: true, hasText: '电梯' }).first().scrollIntoViewIfNeeded()
    await screenshot(admin, 'repair-sla-targets')

    // --- 报修统计: this month, with the tickets above; 导出 Excel ---
    await admin.locator('.ra-nav__item').filter({ visible: true, hasText: '统计' }).click()
    await admin.waitForURL(/repair-admin\/pages\/stats\/index/)
    await visibleText(admin, '本月工单（含服务受理）').waitFor()
    const total = Number(await admin.locator('.rst__hero-value').filter({ visible: true }).first().innerText())
    expect(total).toBeGreaterThanOrEqual(3)
    await admin.locator('.rst__bar-row').filter({ visible: true, hasText: '空调暖通' }).waitFor()
    await admin.locator('.rst__bar-row').filter({ visible: true, hasText: '电梯' }).waitFor()
    await admin.locator('.rst__row').filter({ visible: true, hasText: FIRM }).waitFor()
    await screenshot(admin, 'repair-stats')
    await admin.locator('.rst__row').filter({ visible: true, hasText: FIRM }).scrollIntoViewIfNeeded()
    await screenshot(admin, 'repair-stats-lower')
    const downloading = admin.waitForEvent('download')
    await button(admin, '导出 Excel').click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe(`报修统计-${inShanghai(new Date()).format('YYYY-MM')}.xlsx`)
    const stream = await download.createReadStream()
    const first = await new Promise<Buffer>((resolve, reject) => {
      stream.once('data', (chunk) => resolve(Buffer.from(chunk)))
      stream.once('error', reject)
    })
    expect(first.subarray(0, 2).toString('latin1')).toBe('PK')
  }, 240_000)

  it('the in-app scanner: 扫码 on home reads a 位置码 from the camera and opens 报修 with the place filled in', async () => {
    const places = await api<{ items: { spot: string; codeUrl: string }[] }>('baoxiu1', '/api/v1/locations')
    const tea = places.items.find((l) => l.spot === '茶水间')!
    // Chromium's fake camera plays a video of the printed code
    const camera = await launchBrowser({ fakeCameraFile: writeQrVideo(tea.codeUrl) })
    try {
      const page = await phoneAs(camera, suite.t, 'zhangsan')
      await page.context().grantPermissions(['camera'], { origin: suite.t.url })
      await open(page, '/pages/index/index')
      await button(page, '扫码').click()
      await page.waitForURL(/repair\/pages\/report\/index\?token=/, { timeout: 20_000 })
      await page.locator('.rp-place__text').filter({ visible: true, hasText: '行政中心B座 3楼 · 茶水间' }).waitFor()
      await screenshot(page, 'repair-scanned-location')
    } finally {
      await camera.close()
    }
  }, 120_000)
})
