import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

describe('canteen office work on a phone', () => {
  it('admin reaches 食堂管理 from 我的 and sees the demo canteen with its windows', async () => {
    const page = await phoneAs(suite.browser, suite.t, 'admin')
    await visibleText(page, '食堂管理').click()
    await visibleText(page, '市级机关食堂', false).waitFor()
    await screenshot(page, 'admin-merchants')
    await visibleText(page, '市级机关食堂', false).click()
    await visibleText(page, '一楼 1号窗口', false).waitFor()
    await screenshot(page, 'admin-merchant')
  })

  it('the settlement clerk opens 结算对账 and the cashier confirms a line of today’s 日结单', async () => {
    const clerk = await phoneAs(suite.browser, suite.t, 'settle1')
    await visibleText(clerk, '结算对账').click()
    await visibleText(clerk, '按商户导出 Excel', false).waitFor()
    await screenshot(clerk, 'settlement')
    await visibleText(clerk, '开始对账').click()
    await visibleText(clerk, /对账结果$/).waitFor()
    await visibleText(clerk, '我方').waitFor()
    await screenshot(clerk, 'settlement-reconciled')

    // a payment today at the demo canteen, then its cashier reviews the statement
    const token = await suite.t.login('lisi')
    await suite.t.http.post('/api/v1/meal/payments').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', `e2e-${Date.now()}`).send({ code: suite.t.services.qr.url('m', 3), amountFen: 1200, method: 'account', confirm: true })
    const cashier = await phoneAs(suite.browser, suite.t, 'cashier1')
    await visibleText(cashier, '日结单').click()
    await visibleText(cashier, '确认').waitFor()
    await visibleText(cashier, '确认').click()
    await visibleText(cashier, '已确认', false).waitFor()
    await screenshot(cashier, 'statement-cashier')
  })
})
