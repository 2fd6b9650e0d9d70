import { randomUUID } from 'node:crypto'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

/** What a diner, a cashier and a settlement clerk see of the money after issue 7's fixes. */
const suite = useAppAndBrowser()
const as = async (username: string) => ({ Authorization: `Bearer ${await suite.t.login(username)}` })
// 二楼 风味窗口: not the window meal.e2e pays at as 张三 (a payment here within 2 minutes would
// make that spec's payment a "possible duplicate" when both share a worker's database)
const code = () => suite.t.services.qr.url('m', 3)

describe('公务餐 money on screen', () => {
  beforeAll(() => suite.t.paySim.stop())

  it('an unpaid WeChat order says 待支付 with 重新支付 / 取消订单, shows no 电子凭证, and 取消订单 closes it at once', async () => {
    const pending = (await suite.t.http.post('/api/v1/meal/payments').set(await as('wangwu')).set('Idempotency-Key', randomUUID()).send({ code: code(), amountFen: 2300, method: 'wechat', payChannel: 'h5', confirm: true })).body
    const phone = await phoneAs(suite.browser, suite.t, 'wangwu')
    await phone.goto(`/#/packages/meal/pages/receipt/index?id=${pending.id}`)
    await visibleText(phone, '重新支付').waitFor({ timeout: 15_000 })
    expect(await phone.getByText('电子凭证').filter({ visible: true }).count()).toBe(0)
    await screenshot(phone, 'receipt-pending')
    await visibleText(phone, '取消订单').click()
    await phone.getByText('取消订单').filter({ visible: true }).last().click() // the dialog's red button
    await visibleText(phone, '订单已关闭').waitFor()
    const [orders] = await suite.t.database.pool.query('SELECT wechat_out_trade_no AS no, status FROM meal_payments WHERE id = ?', [pending.id])
    const order = (orders as { no: string; status: string }[])[0]
    expect([order.status, suite.t.paySim.orders.get(order.no)?.state]).toEqual(['closed', 'CLOSED'])
  })

  it('我的饭卡 lists every movement: 餐补, 充值, 消费 and 退款', async () => {
    const paid = (await suite.t.http.post('/api/v1/meal/payments').set(await as('zhangsan')).set('Idempotency-Key', randomUUID()).send({ code: code(), amountFen: 1500, method: 'account', confirm: true })).body
    await suite.t.http.post(`/api/v1/meal/payments/${paid.id}/refunds`).set(await as('cashier1')).set('Idempotency-Key', randomUUID()).send({ amountFen: 300, reason: '少打一份菜' })
    const phone = await phoneAs(suite.browser, suite.t, 'zhangsan')
    await phone.goto('/#/packages/meal/pages/account/index')
    await visibleText(phone, '饭卡明细').waitFor()
    await visibleText(phone, '退款：少打一份菜').waitFor()
    await visibleText(phone, '+¥3.00').waitFor()
    await visibleText(phone, /餐补$/).waitFor() // the seeded monthly subsidy
    await screenshot(phone, 'account-movements')
  })

  it('the cashier sees a voucher meal as 餐券（issuing unit）beside the diner; 全部确认 confirms the day in one tap', async () => {
    const [rows] = await suite.t.database.pool.query("SELECT id FROM units WHERE name = '市财政局'")
    const expiresOn = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
    const voucher = (await suite.t.http.post('/api/v1/meal/vouchers').set(await as('admin')).set('Idempotency-Key', randomUUID()).send({ unitId: (rows as { id: number }[])[0].id, count: 1, amountFen: 3000, purpose: '会议用餐', expiresOn })).body.items[0]
    await suite.t.http.post('/api/v1/meal/payments').set(await as('visitor1')).set('Idempotency-Key', randomUUID()).send({ code: code(), amountFen: 2500, method: 'voucher', voucherCode: voucher.code, confirm: true })
    const cashier = await phoneAs(suite.browser, suite.t, 'cashier1')
    await cashier.goto('/#/packages/meal/pages/cashier/index')
    await visibleText(cashier, /餐券（市财政局）/).waitFor()
    await screenshot(cashier, 'cashier-voucher')

    await cashier.goto('/#/packages/meal-admin/pages/statement/index')
    await visibleText(cashier, '全部确认').click()
    await visibleText(cashier, /^全部确认 \d+ 笔$/).click()
    await visibleText(cashier, '待确认 0').waitFor()
    await screenshot(cashier, 'statement-confirmed')
  })
})
