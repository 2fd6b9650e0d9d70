import type { Browser } from 'playwright-core'
import type { TestApp } from '../bff/test/harness'
import { startAppWithH5 } from './app'
import { launchBrowser, screenshot } from './browser'
import { signedInPhone } from './session'
import { visibleText } from './visible'

let t: TestApp
let browser: Browser
beforeAll(async () => {
  t = await startAppWithH5()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function balance(username: string): Promise<number> {
  const response = await t.http.get('/api/v1/meal/account').set('Authorization', `Bearer ${await t.login(username)}`)
  return response.body.totalFen
}

describe('公务餐 on two phones', () => {
  it("张三 pays 15.00 as 公务 at a window; 收银员's feed shows it within 2 s; his balance drops by exactly 15.00", async () => {
    const before = await balance('zhangsan')
    const cashier = await signedInPhone(browser, t.url, '陈小燕')
    await cashier.goto('/#/packages/meal/pages/cashier/index')
    await visibleText(cashier, /^今日 \d+ 笔/).waitFor()

    const diner = await signedInPhone(browser, t.url, '张三')
    await diner.goto(`/q/m/${t.services.qr.token('m', 1)}`) // 市级机关食堂 一楼 1号窗口
    await visibleText(diner, '已验证').waitFor()
    await visibleText(diner, /公务餐标准/).waitFor()
    for (const key of ['1', '5']) await diner.locator(`[aria-label="${key}"]`).filter({ visible: true }).first().click()
    await diner.locator('.meal-pay__official .nut-switch').filter({ visible: true }).first().click()
    await visibleText(diner, '付款 ¥15.00').click()
    await visibleText(diner, '支付成功').waitFor()
    const paidAt = Date.now()
    await visibleText(diner, '¥15.00', false).waitFor()
    await visibleText(diner, '公务餐', false).waitFor()
    await screenshot(diner, 'meal-receipt')

    await visibleText(cashier, /15\.00/, false).waitFor({ timeout: 2000 })
    expect(Date.now() - paidAt).toBeLessThan(2000)
    await screenshot(cashier, 'meal-cashier-feed')
    expect(await balance('zhangsan')).toBe(before - 1500)
  })
})
