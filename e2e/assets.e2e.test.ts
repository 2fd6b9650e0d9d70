import { randomUUID } from 'node:crypto'
import { inShanghai, type AssetCategory } from '@egj/shared'
import type { Page } from 'playwright-core'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

const day = (offset: number) => inShanghai(new Date()).add(offset, 'day').format('YYYY-MM-DD')

/**
 * An idle asset of `keeper`'s unit, registered through the API (as the keeper's phone would), so
 * the spec needs no seed data and no other spec's assets get in its way.
 */
async function registerAsset(keeper: 'zichan1' | 'zichan2', name: string, category: AssetCategory): Promise<{ id: number; token: string; shortCode: string }> {
  const token = await suite.t.login(keeper)
  const created = await suite.t.http
    .post('/api/v1/assets')
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', randomUUID())
    .send({ name, category, brand: '震旦', model: 'HY-1800', condition: 'good', originalValueFen: 380_000, acquiredOn: '2023-03-15', location: '3号楼 201 库房', idle: true })
  expect(created.status).toBe(201)
  const code = created.body.code as string
  expect(code).toContain('/q/a/')
  return { id: created.body.id, token: code.split('/q/a/')[1], shortCode: created.body.shortCode }
}

async function assetAs(username: string, id: number): Promise<{ unitName: string; status: string }> {
  const response = await suite.t.http.get(`/api/v1/assets/${id}`).set('Authorization', `Bearer ${await suite.t.login(username)}`)
  expect(response.status).toBe(200)
  return response.body
}

// Taro's H5 input and textarea wrap the native element in a custom element carrying the same placeholder
const field = (page: Page, placeholder: string) => page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).filter({ visible: true }).first()
/** A dialog's button (its title may read the same, as 同意调出 does) */
const inDialog = (page: Page, text: string) => page.locator('.egj-dialog__footer').filter({ visible: true }).getByText(text, { exact: true }).first()
const inBar = (page: Page, text: string) => page.locator('.asset-bar').filter({ visible: true }).getByText(text, { exact: true }).first()
/**
 * Opens an in-app page afresh: a goto that changes only the hash stays inside the running app (and
 * to the URL already open, does nothing), so the page is loaded again as a scan or a link would.
 */
async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`/#${hash}`)
  await page.reload()
}
const heroSays = (page: Page, text: string) => page.locator('.asset-hero').filter({ visible: true }).getByText(text, { exact: true }).first().waitFor()

describe('公物仓 on phones', () => {
  it('调剂 across two units: 韩雪 (市发改委) asks for the centre’s idle desk → 蒋文涛 agrees → admin approves → 韩雪 confirms receipt; the desk is 市发改委’s and the 调拨单 opens', async () => {
    const name = `e2e 会议桌 ${Date.now().toString(36).slice(-5)}`
    const desk = await registerAsset('zichan1', name, 'furniture')

    // --- 韩雪 (市发改委's keeper) finds it from home: 公物仓 → search → the desk ---
    const receiver = await phoneAs(suite.browser, suite.t, 'zichan2')
    await open(receiver, '/pages/index/index')
    await visibleText(receiver, '资产管理').waitFor()
    await screenshot(receiver, 'asset-home-keeper')
    await visibleText(receiver, '公物仓').click()
    await visibleText(receiver, '全部').waitFor()
    await field(receiver, '搜索名称、品牌、型号或编号').fill(name)
    await visibleText(receiver, '搜索').click()
    await receiver.locator('.asset-row').filter({ visible: true, hasText: name }).waitFor()
    await screenshot(receiver, 'asset-warehouse')
    await receiver.locator('.asset-row').filter({ visible: true, hasText: name }).click()
    await visibleText(receiver, '履历').waitFor()
    await visibleText(receiver, desk.shortCode).waitFor()
    await screenshot(receiver, 'asset-detail')

    // --- asks for it with a reason ---
    await inBar(receiver, '申请调剂').click()
    await receiver.locator('.egj-dialog textarea').filter({ visible: true }).fill('新设综合科办公，急需会议桌一张')
    await screenshot(receiver, 'asset-transfer-reason')
    await inDialog(receiver, '提交申请').click()
    await receiver.waitForURL(/transfer\/index\?id=\d+/)
    const transferId = Number(/id=(\d+)/.exec(receiver.url())?.[1])
    expect(transferId).toBeGreaterThan(0)
    await heroSays(receiver, '待原单位同意')
    await visibleText(receiver, /当前由 .+ 处理/).waitFor()
    await screenshot(receiver, 'asset-transfer-requested')

    // --- 蒋文涛 (the centre's keeper) agrees from 待我处理 ---
    const owner = await phoneAs(suite.browser, suite.t, 'zichan1')
    await open(owner, '/packages/asset/pages/transfers/index?view=todo')
    const card = owner.locator('.asset-card').filter({ visible: true, hasText: name })
    await card.waitFor()
    await screenshot(owner, 'asset-transfers-todo')
    await card.click()
    await inBar(owner, '同意调出').click()
    await inDialog(owner, '同意调出').click()
    await heroSays(owner, '待管理中心审批')

    // --- the centre approves, from the notification (消息 → 调剂申请待审批 → this transfer's page) ---
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await open(admin, '/packages/inbox/pages/index/index')
    await admin.locator('.inbox__item').filter({ visible: true }).filter({ hasText: name }).first().click()
    await admin.waitForURL(new RegExp(`transfer/index\\?id=${transferId}`))
    await inBar(admin, '审批通过').waitFor()
    await screenshot(admin, 'asset-transfer-centre')
    await inBar(admin, '审批通过').click()
    await inDialog(admin, '审批通过').click()
    await heroSays(admin, '待接收确认')

    // --- 韩雪 confirms receipt: ownership moves, the 调拨单 prints ---
    await open(receiver, `/packages/asset/pages/transfer/index?id=${transferId}`)
    await inBar(receiver, '确认接收').click()
    await inDialog(receiver, '确认接收').click()
    await heroSays(receiver, '已完成调剂')
    await visibleText(receiver, /调拨单号 /).waitFor()
    await screenshot(receiver, 'asset-transfer-done')
    expect(await assetAs('zichan2', desk.id)).toMatchObject({ unitName: '市发改委' })

    const opened = receiver.context().waitForEvent('page')
    await inBar(receiver, '打印调拨单').click()
    const slip = await opened
    await slip.waitForURL(/^blob:/)
    await slip.getByText(name).first().waitFor()
    await slip.getByText('市发改委').first().waitFor()
    await slip.getByText('市机关事务管理中心').first().waitFor()
    await screenshot(slip, 'asset-transfer-slip')
    await slip.close()

    // the desk's 履历 tells the move
    await open(receiver, `/packages/asset/pages/detail/index?id=${desk.id}`)
    await receiver.locator('.asset-head').filter({ visible: true }).getByText(/市发改委/).waitFor()
    await screenshot(receiver, 'asset-detail-transferred')
  }, 240_000)

  it('借用 with the codes scanned in the browser: 张三 borrows 市发改委’s projector today–+2, 王五’s clashing days are moved in one tap, 韩雪 approves, hands it over and takes it back at the asset code', async () => {
    const name = `e2e 投影仪 ${Date.now().toString(36).slice(-5)}`
    const projector = await registerAsset('zichan2', name, 'meeting_equipment')
    const purpose = `处务会投影 ${name.slice(-5)}`

    // --- 张三 (another unit) opens it from the warehouse and borrows it from today: hand-over can be today ---
    const borrower = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await open(borrower, '/pages/index/index')
    await visibleText(borrower, '公物仓').click()
    await field(borrower, '搜索名称、品牌、型号或编号').fill(name)
    await visibleText(borrower, '搜索').click()
    await borrower.locator('.asset-row').filter({ visible: true, hasText: name }).click()
    await inBar(borrower, '申请借用').click()
    await visibleText(borrower, '借用时间').waitFor()
    await screenshot(borrower, 'asset-borrow')
    await open(borrower, `/packages/asset/pages/borrow/index?assetId=${projector.id}&start=${day(0)}&end=${day(2)}`)
    await visibleText(borrower, '借用时间').waitFor()
    await field(borrower, '如 临时会务使用').fill(purpose)
    await visibleText(borrower, '提交申请').click()
    await borrower.waitForURL(/loan\/index\?id=\d+/)
    const loanId = Number(/id=(\d+)/.exec(borrower.url())?.[1])
    await heroSays(borrower, '待审批')
    await screenshot(borrower, 'asset-loan-requested')

    // --- 王五 asks for tomorrow–the day after (the default): taken; the nearest free days in one tap ---
    const other = await phoneAs(suite.browser, suite.t, 'wangwu')
    await open(other, `/packages/asset/pages/borrow/index?assetId=${projector.id}`)
    await visibleText(other, '借用时间').waitFor()
    await field(other, '如 临时会务使用').fill('科室培训')
    await visibleText(other, '提交申请').click()
    await visibleText(other, /^所选日期已被预约：/).waitFor()
    const moveTo = other.locator('.asset-next-free').filter({ visible: true }).getByText(/^改为 \d{2}-\d{2} 至 \d{2}-\d{2}$/)
    await moveTo.waitFor()
    await screenshot(other, 'asset-borrow-overlap')
    const [, freeStart] = /^改为 (\d{2}-\d{2}) 至/.exec(await moveTo.innerText()) ?? []
    expect([day(0), day(1), day(2)].map((d) => d.slice(5))).not.toContain(freeStart) // clear of 张三's days
    await moveTo.click()
    await other.waitForURL(/loan\/index\?id=\d+/)
    await heroSays(other, '待审批')

    // --- 韩雪 approves 张三's from 待我处理 ---
    const keeper = await phoneAs(suite.browser, suite.t, 'zichan2')
    await open(keeper, '/packages/asset/pages/loans/index?view=todo')
    const asked = keeper.locator('.asset-card').filter({ visible: true, hasText: purpose })
    await asked.waitFor()
    await screenshot(keeper, 'asset-loans-todo')
    await asked.click()
    await inBar(keeper, '同意').click()
    await inDialog(keeper, '同意').click()
    await heroSays(keeper, '已批准，待领用')
    await screenshot(keeper, 'asset-loan-approved')

    // --- 张三 hears of it: 消息 → 借用已批准 → the loan's own page ---
    await open(borrower, '/packages/inbox/pages/index/index')
    await borrower.locator('.inbox__item').filter({ visible: true }).filter({ hasText: '借用已批准' }).filter({ hasText: name }).first().click()
    await borrower.waitForURL(new RegExp(`loan/index\\?id=${loanId}`))
    await heroSays(borrower, '已批准，待领用')
    await screenshot(borrower, 'asset-loan-approved-from-inbox')

    // --- 张三 comes for it: 韩雪 scans the projector's code (opened in the browser) and hands it over ---
    await keeper.goto(`/q/a/${projector.token}`)
    await visibleText(keeper, '交付给借用人').waitFor()
    await visibleText(keeper, name).waitFor()
    await screenshot(keeper, 'asset-code-hand-over')
    await visibleText(keeper, '交付给借用人').click()
    await keeper.waitForURL(new RegExp(`loan/index\\?id=${loanId}`))
    await heroSays(keeper, '借用中')
    await screenshot(keeper, 'asset-loan-on-loan')
    expect(await assetAs('zichan2', projector.id)).toMatchObject({ status: 'on_loan' })

    // --- back in good order: scanned again, 收回 with 良好 ---
    await keeper.goto(`/q/a/${projector.token}`)
    await visibleText(keeper, '收回').click()
    await keeper.locator('.asset-return .vf-chip').filter({ visible: true, hasText: '良好' }).click()
    await field(keeper, '如 桌面有划痕、缺少电源线').fill('镜头已清洁')
    await screenshot(keeper, 'asset-code-return')
    await visibleText(keeper, '确认收回').click()
    await keeper.waitForURL(new RegExp(`loan/index\\?id=${loanId}`))
    await heroSays(keeper, '已归还')
    await visibleText(keeper, '归还时状况：良好，镜头已清洁').waitFor()
    await screenshot(keeper, 'asset-loan-returned')
    expect(await assetAs('zichan2', projector.id)).toMatchObject({ status: 'idle' })

    // --- 张三 sees it returned in 我借的 ---
    await open(borrower, '/packages/asset/pages/loans/index')
    await borrower.locator('.asset-card').filter({ visible: true, hasText: name }).getByText('已归还', { exact: true }).waitFor()
    await screenshot(borrower, 'asset-loans-mine')
  }, 240_000)
})
