import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { useAppAndBrowser } from './app'
import { phoneContext, screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

describe('no dead ends in the mini-app (H5)', () => {
  it('a signed-in user with the network down is told so on home, never shown 登录 / 立即登录', async () => {
    const context = await phoneContext(suite.browser, suite.t.url)
    const token = await suite.t.login('zhangsan')
    await context.addInitScript((value) => localStorage.setItem('egj.token', JSON.stringify({ data: value })), token)
    await context.route('**/api/**', (route) => route.abort())
    const page = await context.newPage()
    await page.goto('/')
    await visibleText(page, /网络连接失败/).waitFor()
    await visibleText(page, '消息').waitFor()
    expect(await visibleText(page, '立即登录').count()).toBe(0)
    expect(await visibleText(page, '登录').count()).toBe(0)
    await screenshot(page, 'home-offline')
    await context.close()
  })

  it('an unknown page path says 页面不存在 with a way home', async () => {
    const page = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await page.goto('/#/packages/nope/index')
    await visibleText(page, '页面不存在', false).waitFor()
    await visibleText(page, '返回首页').click()
    await visibleText(page, '常用服务').waitFor()
    await page.context().close()
  })

  it('an H5 sub-page has a way back; the grid label is the title of the page it opens', async () => {
    const page = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await page.goto('/')
    await visibleText(page, '用车申请').click()
    await visibleText(page, '申请用车').first().waitFor()
    // the router sets the title just after the page shows
    await page.waitForFunction(() => document.title === '用车申请', undefined, { timeout: 5000 })
    await visibleText(page, '用车申请', false).waitFor()
    await visibleText(page, '返回').click()
    await visibleText(page, '访客预约').click()
    await visibleText(page, '提交后由被访人审批，通过后凭手机通行码入园').waitFor()
    await page.waitForFunction(() => document.title === '访客预约', undefined, { timeout: 5000 })
    await page.context().close()
  })

  it('邀请访客 asks who you are before the form: signed out → 去登录, a cashier → 需要「机关干部」角色', async () => {
    const guest = await (await phoneContext(suite.browser, suite.t.url)).newPage()
    await guest.goto('/#/packages/visit/pages/invite/index')
    await visibleText(guest, '请先登录').waitFor()
    await visibleText(guest, '去登录').waitFor()
    expect(await visibleText(guest, '生成邀请链接').count()).toBe(0)
    await screenshot(guest, 'visit-invite-guest')
    await guest.context().close()
    const cashier = await phoneAs(suite.browser, suite.t, 'cashier1')
    await cashier.goto('/#/packages/visit/pages/invite/index')
    await visibleText(cashier, '需要「机关干部」角色').waitFor()
    await visibleText(cashier, '请联系单位管理员开通').waitFor()
    expect(await visibleText(cashier, '生成邀请链接').count()).toBe(0)
    await cashier.context().close()
  })

  it('login: an empty name is said under the field, a refused sign-in in the page\'s dialog (not a toast)', async () => {
    const page = await (await phoneContext(suite.browser, suite.t.url)).newPage()
    await page.goto('/#/pages/login/index')
    await visibleText(page, '输入用户名登录').waitFor()
    await visibleText(page, '登录').click()
    await visibleText(page, '请输入用户名').waitFor()
    await page.locator('input[placeholder="用户名"]').filter({ visible: true }).first().fill('nobody-here')
    expect(await visibleText(page, '请输入用户名').count()).toBe(0)
    await visibleText(page, '登录').click()
    await visibleText(page, '登录未完成').waitFor()
    expect(await page.locator('.nut-toast').filter({ visible: true }).count()).toBe(0)
    await screenshot(page, 'login-refused')
    await visibleText(page, '知道了').click()
    await page.context().close()
  })

  it("a visitor's 我的 offers no 我的饭卡, but leads back to a voucher they opened", async () => {
    const [rows] = await suite.t.database.pool.query("SELECT id FROM units WHERE name = '市财政局'")
    const expiresOn = new Date(Date.now() + 3 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10)
    const issued = await suite.t.http
      .post('/api/v1/meal/vouchers')
      .set('Idempotency-Key', randomUUID())
      .set('Authorization', `Bearer ${await suite.t.login('admin')}`)
      .send({ unitId: (rows as { id: number }[])[0].id, count: 1, amountFen: 2000, purpose: '财政业务培训 午餐', holderNames: ['林访客'], expiresOn })
    const page = await phoneAs(suite.browser, suite.t, 'visitor1')
    expect(await visibleText(page, '我的饭卡').count()).toBe(0)
    await page.goto(`/#/packages/meal/pages/voucher/index?code=${issued.body.items[0].code}`)
    await visibleText(page, '财政业务培训 午餐').waitFor()
    await page.goto('/#/pages/mine/index')
    await visibleText(page, '电子餐券 ¥20.00').click()
    await visibleText(page, '扫码用券').waitFor()
    await page.context().close()
  })
})

describe('what every page load asks for is there', () => {
  it('/favicon.ico is served (browsers ask for it on every load) and index.html names it; loading home meets no 404', async () => {
    const icon = await suite.t.http.get('/favicon.ico')
    expect([icon.status, icon.headers['content-type']]).toEqual([200, 'image/vnd.microsoft.icon'])
    expect((await suite.t.http.get('/')).text).toContain('<link rel="icon" href="/favicon.ico">')
    const page = await (await phoneContext(suite.browser, suite.t.url)).newPage()
    const missing: string[] = []
    page.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url())
    })
    await page.goto('/')
    await visibleText(page, '常用服务').waitFor()
    expect(missing).toEqual([])
    await page.context().close()
  })
})

/** Home as `username` sees it: the tiles under 常用服务, in order, by their visible labels. */
async function homeAs(username: string): Promise<{ page: Page; tiles: string[] }> {
  const page = await phoneAs(suite.browser, suite.t, username)
  await page.goto('/')
  await visibleText(page, '常用服务').waitFor()
  const tiles = page.locator('.home__grid .nut-grid-item').filter({ visible: true })
  await tiles.first().waitFor()
  return { page, tiles: (await tiles.allInnerTexts()).map((text) => text.trim()) }
}

describe('首页 by role: each role sees its own work first, and only what it can use', () => {
  it('cashier1 gets 收银台 and 日结单 first, and no 访客预约 / 我的来访 (but 报修, as everyone who works here); 收银台 opens the live feed', async () => {
    const { page, tiles } = await homeAs('cashier1')
    expect(tiles).toEqual(['收银台', '日结单', '扫码支付', '报修', '我的'])
    await screenshot(page, 'home-cashier')
    await visibleText(page, '收银台').click()
    await visibleText(page, /^今日 \d+ 笔/).waitFor()
    await page.context().close()
  })

  it('guard1 gets 门岗 first, and no 访客预约 / 我的来访 (but 报修: a guard sees a broken barrier first)', async () => {
    const { page, tiles } = await homeAs('guard1')
    expect(tiles).toEqual(['门岗', '扫码支付', '报修', '我的'])
    await screenshot(page, 'home-guard')
    await page.context().close()
  })

  it('visitor1 (no meal account) gets 访客预约 and 我的来访, and no 扫码支付 nor 报修; the 扫码 button stays', async () => {
    const { page, tiles } = await homeAs('visitor1')
    expect(tiles).toEqual(['访客预约', '我的来访', '我的'])
    expect(await visibleText(page, '扫码支付').count()).toBe(0)
    await visibleText(page, '扫码').waitFor()
    await screenshot(page, 'home-visitor')
    await page.context().close()
  })
})
