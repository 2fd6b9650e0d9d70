import { randomUUID } from 'node:crypto'
import type { Page } from 'playwright-core'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

async function balance(username: string): Promise<number> {
  const response = await suite.t.http.get('/api/v1/meal/account').set('Authorization', `Bearer ${await suite.t.login(username)}`)
  return response.body.totalFen
}

/**
 * Taps 付款's follow-ups until 支付成功. This worker's database is shared with other specs (bff and
 * e2e): the diner may already hold a 报餐 booking here, have paid at this window within 2 minutes,
 * or be over this 餐次's 公务 standard. The page then asks first, and the diner answers as a person
 * would: pay anyway, pay again, confirm.
 */
async function payAnsweringQuestions(phone: Page): Promise<void> {
  const paid = visibleText(phone, '支付成功')
  const answers = ['仍要另付', '确认再付一笔', '确认支付'].map((text) => visibleText(phone, text))
  try {
    for (let asked = 0; asked < answers.length; asked++) {
      await paid.or(answers[0]).or(answers[1]).or(answers[2]).first().waitFor()
      if (await paid.isVisible()) break
      for (const answer of answers) if (await answer.isVisible()) await answer.click()
    }
    await paid.waitFor()
  } catch (error) {
    // what the diner was looking at instead says why (a question nobody answered, a stuck spinner)
    throw new Error(`没有看到 支付成功；页面上是：${(await phone.locator('body').innerText()).slice(0, 800)}`, { cause: error })
  }
}

describe('公务餐 on two phones', () => {
  it("张三 pays 15.00 as 公务 at a window; 收银员's feed shows it within 2 s; his balance drops by exactly 15.00", async () => {
    const before = await balance('zhangsan')
    const cashier = await phoneAs(suite.browser, suite.t, 'cashier1')
    await cashier.goto('/#/packages/meal/pages/cashier/index')
    await visibleText(cashier, /^今日 \d+ 笔/).waitFor()

    const diner = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await diner.goto(`/q/m/${suite.t.services.qr.token('m', 1)}`) // 市级机关食堂 一楼 1号窗口
    await visibleText(diner, '已验证').waitFor()
    await visibleText(diner, /公务餐标准/).waitFor()
    for (const key of ['1', '5']) await diner.locator(`[aria-label="${key}"]`).filter({ visible: true }).first().click()
    await diner.locator('.meal-pay__official .nut-switch').filter({ visible: true }).first().click()
    await visibleText(diner, '付款 ¥15.00').click()
    await payAnsweringQuestions(diner)
    const paidAt = Date.now()
    await visibleText(diner, '¥15.00', false).waitFor()
    await visibleText(diner, '公务餐', false).waitFor()
    await screenshot(diner, 'meal-receipt')

    await visibleText(cashier, /15\.00/, false).waitFor({ timeout: 2000 })
    expect(Date.now() - paidAt).toBeLessThan(2000)
    await screenshot(cashier, 'meal-cashier-feed')
    expect(await balance('zhangsan')).toBe(before - 1500)
  }, 90_000) // two phones on a 2-core box running the whole suite: 7 s alone, once over 30 s in a full run (the 2 s feed bound is asserted on its own)
})

describe('电子餐券', () => {
  it('a visitor opens the voucher link, scans a window code and pays with the voucher', async () => {
    // not 市发改委: bff's voucher test sums that unit's postings and may share this worker's database
    const [rows] = await suite.t.database.pool.query("SELECT id FROM units WHERE name = '市机关事务管理中心'")
    const expiresOn = new Date(Date.now() + 3 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10)
    const issued = await suite.t.http
      .post('/api/v1/meal/vouchers')
      .set('Idempotency-Key', randomUUID())
      .set('Authorization', `Bearer ${await suite.t.login('admin')}`)
      .send({ unitId: (rows as { id: number }[])[0].id, count: 1, amountFen: 3000, purpose: '全市机关事务工作会议 用餐', holderNames: ['林访客'], expiresOn })
    const voucher = issued.body.items[0]

    const phone = await phoneAs(suite.browser, suite.t, 'visitor1')
    await phone.goto(`/#/packages/meal/pages/voucher/index?code=${voucher.code}`)
    await visibleText(phone, '全市机关事务工作会议 用餐').waitFor()
    await screenshot(phone, 'voucher')
    await visibleText(phone, '扫码用券').click()
    // no camera in this browser: the scanner's manual entry takes the window code's link
    await phone.getByRole('textbox', { name: /手动输入/ }).filter({ visible: true }).first().fill(suite.t.services.qr.url('m', 2)) // 一楼 2号窗口
    await visibleText(phone, '确定').click()
    await visibleText(phone, '电子餐券').waitFor()
    for (const key of ['2', '5']) await phone.locator(`[aria-label="${key}"]`).filter({ visible: true }).first().click()
    await screenshot(phone, 'voucher-pay')
    await visibleText(phone, '付款 ¥25.00').click()
    await payAnsweringQuestions(phone)
    await screenshot(phone, 'voucher-receipt')

    const after = await suite.t.http.get(`/api/v1/meal/vouchers/${voucher.code}`).set('Authorization', `Bearer ${await suite.t.login('visitor1')}`)
    expect(after.body.status).toBe('redeemed')
  }, 90_000)
})
