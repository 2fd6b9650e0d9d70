import { randomUUID } from 'node:crypto'
import { inShanghai } from '@egj/shared'
import { checkLedger } from '../bff/src/modules/ledger/ledger.check'
import { createMerchant } from '../bff/test/factories'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

// a dish of this run only: a worker's database is shared with earlier runs and other specs
const DISH = `招牌红烧肉${Date.now() % 1000}`
const BOOK_PAGE = '/#/packages/meal/pages/book/index'
const today = () => inShanghai(new Date()).format('YYYY-MM-DD')

async function canteen() {
  const [[merchant]] = (await suite.t.database.pool.query("SELECT id FROM merchants WHERE name = '市级机关食堂'")) as unknown as [{ id: number }[]]
  const [[lunch]] = (await suite.t.database.pool.query("SELECT id FROM meal_periods WHERE merchant_id = ? AND name = '午餐'", [merchant.id])) as unknown as [{ id: number }[]]
  return { merchantId: merchant.id, lunchId: lunch.id }
}

/** A 电子餐券 the centre (admin) issues for a guest, as 电子餐券's own spec does. */
async function issueVoucher(): Promise<string> {
  // not 市发改委: bff's voucher tests sum that unit's postings and may share this worker's database
  const [rows] = await suite.t.database.pool.query("SELECT id FROM units WHERE name = '市机关事务管理中心'")
  const expiresOn = inShanghai(new Date(Date.now() + 3 * 86_400_000)).format('YYYY-MM-DD')
  const issued = await suite.t.http
    .post('/api/v1/meal/vouchers')
    .set('Idempotency-Key', randomUUID())
    .set('Authorization', `Bearer ${await suite.t.login('admin')}`)
    .send({ unitId: (rows as { id: number }[])[0].id, count: 1, amountFen: 3000, purpose: '来宾工作餐', expiresOn })
  expect(issued.status).toBe(201)
  return issued.body.items[0].code
}

async function book(username: string) {
  const phone = await phoneAs(suite.browser, suite.t, username)
  await phone.goto(BOOK_PAGE)
  await visibleText(phone, DISH).waitFor()
  await phone.locator(`[aria-label="加一份${DISH}"]`).filter({ visible: true }).first().click()
  await visibleText(phone, '饭卡预扣').click()
  await visibleText(phone, /合计$/).waitFor()
  return phone
}

describe('报餐: the canteen publishes, two diners book, one cancels, the other picks up', () => {
  it('the kitchen count and the ledger agree', async () => {
    const { merchantId, lunchId } = await canteen()

    // 许梅 publishes today's lunch through 食堂管理
    const manager = await phoneAs(suite.browser, suite.t, 'shitang1')
    await manager.goto('/#/packages/meal-admin/pages/kitchen/index')
    await visibleText(manager, '复制上周菜单').waitFor()
    await visibleText(manager, '午餐').click()
    await visibleText(manager, /该餐次|已发布/).waitFor()
    // start from an empty list: what was published before is withdrawn by leaving it out
    while (await manager.getByText('删除', { exact: true }).filter({ visible: true }).count()) {
      await manager.getByText('删除', { exact: true }).filter({ visible: true }).first().click()
    }
    await visibleText(manager, '添加一道菜').click()
    await visibleText(manager, '添加一道菜').click()
    const field = (placeholder: string, i: number) => manager.locator(`input[placeholder="${placeholder}"]`).filter({ visible: true }).nth(i)
    await field('如 红烧肉', 0).fill(DISH)
    await field('如 12.00', 0).fill('12')
    await field('不限', 0).fill('5')
    await field('如 红烧肉', 1).fill('米饭')
    await field('如 12.00', 1).fill('1')
    await manager.locator('.vf-chip').filter({ visible: true, hasText: /^主食$/ }).nth(1).click()
    await screenshot(manager, 'meal-kitchen-menu')
    await visibleText(manager, /^发布（2 道菜/).click()
    await visibleText(manager, '已发布 2 道菜').waitFor()

    // the spec must not depend on the hour it runs at: today's lunch takes bookings for 30 more minutes
    await suite.t.database.pool.query('UPDATE meal_menus SET cutoff_at = ? WHERE merchant_id = ? AND date = ? AND period_id = ?', [new Date(Date.now() + 30 * 60_000), merchantId, today(), lunchId])

    // 张三 books one portion, paid ahead from his 饭卡
    const zhangsan = await book('zhangsan')
    await screenshot(zhangsan, 'meal-book')
    await visibleText(zhangsan, '提交报餐').click()
    const booked = zhangsan.locator('.meal-bookings__item', { hasText: DISH }).filter({ visible: true }).first()
    await booked.waitFor()
    await screenshot(zhangsan, 'meal-bookings')
    // …and adds a bowl of rice before the cut-off (修改: the booking screen with his counts filled in)
    await booked.getByText('修改', { exact: true }).click()
    await visibleText(zhangsan, '保存修改').waitFor()
    await zhangsan.locator('[aria-label="加一份米饭"]').filter({ visible: true }).first().click()
    await visibleText(zhangsan, '¥13.00').waitFor()
    await screenshot(zhangsan, 'meal-book-change')
    await visibleText(zhangsan, '保存修改').click()
    await booked.getByText('¥13.00', { exact: true }).waitFor()

    // 李四 books too, then cancels before the cut-off
    const lisi = await book('lisi')
    await visibleText(lisi, '提交报餐').click()
    const card = lisi.locator('.meal-bookings__item', { hasText: DISH }).filter({ visible: true }).first()
    await card.getByText('取消', { exact: true }).click()
    await visibleText(lisi, '取消这份报餐？').waitFor()
    await screenshot(lisi, 'meal-bookings-cancel')
    await visibleText(lisi, '确认取消').click()
    // a cancelled booking gives its portions back: the card keeps the day, the period and the status
    await card.waitFor({ state: 'hidden' })
    await visibleText(lisi, '已取消').waitFor()

    // 李四 then books today's lunch for a guest on a 餐券 the centre issued; with a second canteen open the page offers a picker
    const voucherCode = await issueVoucher()
    await createMerchant(suite.t)
    await lisi.goto(BOOK_PAGE)
    await visibleText(lisi, DISH).waitFor()
    await lisi.locator('[aria-label="选择食堂"]').filter({ visible: true }).first().click()
    const ours = lisi.locator('.meal-book__canteen-option').filter({ visible: true, hasText: /^市级机关食堂$/ }).first()
    await ours.waitFor()
    await screenshot(lisi, 'meal-book-canteens')
    await ours.click()
    // the day after today (when on the menu): its breakfast closes the evening before, and says so
    const nextDay = lisi.locator('.meal-book__day--on + .meal-book__day').filter({ visible: true })
    if (await nextDay.count()) {
      await nextDay.first().click()
      await screenshot(lisi, 'meal-book-next-day')
      await visibleText(lisi, '今天').click()
    }
    // the guest's voucher, opened by 李四 (staff), offers to book with it: the page opens 为来宾报餐 with its code
    await lisi.goto(`/#/packages/meal/pages/voucher/index?code=${voucherCode}`)
    await visibleText(lisi, '用这张券为来宾报餐').waitFor()
    await screenshot(lisi, 'voucher-staff')
    await visibleText(lisi, '用这张券为来宾报餐').click()
    const codeField = lisi.locator('input[placeholder="20 位餐券码"]').filter({ visible: true }).first()
    await codeField.waitFor()
    expect(await codeField.inputValue()).toBe(voucherCode)
    await visibleText(lisi, DISH).waitFor()
    await lisi.locator('input[placeholder="请填写来宾姓名"]').filter({ visible: true }).first().fill('林来宾')
    await screenshot(lisi, 'meal-book-guest-form')
    await lisi.locator(`[aria-label="加一份${DISH}"]`).filter({ visible: true }).first().click()
    await visibleText(lisi, '餐券支付 · 来宾 林来宾').waitFor()
    await screenshot(lisi, 'meal-book-guest')
    await visibleText(lisi, '提交报餐').click()
    const guestCard = lisi.locator('.meal-bookings__item', { hasText: '林来宾' }).filter({ visible: true }).first()
    await guestCard.getByText('来宾', { exact: true }).waitFor()
    await guestCard.getByText('餐券支付', { exact: true }).waitFor()
    await screenshot(lisi, 'meal-bookings-guest')
    // the guest's voucher says it is booked, and no longer offers 扫码用券
    await lisi.goto(`/#/packages/meal/pages/voucher/index?code=${voucherCode}`)
    await visibleText(lisi, '来宾工作餐').waitFor()
    await visibleText(lisi, '已用于报餐').first().waitFor()
    await screenshot(lisi, 'voucher-reserved')

    // 张三 scans the window code: his booking is offered first; typing an amount asks before paying again
    await zhangsan.goto(`/q/m/${suite.t.services.qr.token('m', 1)}`) // 市级机关食堂 一楼 1号窗口
    await visibleText(zhangsan, /^您已预订 午餐/).waitFor()
    await screenshot(zhangsan, 'meal-pickup')
    for (const key of ['1', '3']) await zhangsan.locator(`[aria-label="${key}"]`).filter({ visible: true }).first().click()
    await visibleText(zhangsan, '付款 ¥13.00').click()
    await visibleText(zhangsan, '您今天已预订 午餐，是否直接取餐？').waitFor()
    await screenshot(zhangsan, 'meal-pickup-ask')
    await visibleText(zhangsan, '取餐').click()
    await visibleText(zhangsan, '支付成功').waitFor()
    await screenshot(zhangsan, 'meal-pickup-receipt')

    // 李四 picks up his guest's lunch at the window: the voucher pays, once
    await lisi.goto(`/q/m/${suite.t.services.qr.token('m', 1)}`)
    await visibleText(lisi, /来宾 林来宾，餐券支付/).waitFor()
    await screenshot(lisi, 'meal-pickup-guest')
    await visibleText(lisi, '确认取餐').click()
    await visibleText(lisi, '支付成功').waitFor()
    const voucher = await suite.t.http.get(`/api/v1/meal/vouchers/${voucherCode}`).set('Authorization', `Bearer ${await suite.t.login('visitor1')}`)
    expect(voucher.body.status).toBe('redeemed')

    // the kitchen's count: 张三's portion and the guest's (李四's own went back), both served
    const token = await suite.t.login('shitang1')
    const counts = await suite.t.http.get(`/api/v1/meal/orders/counts?merchantId=${merchantId}&date=${today()}`).set('Authorization', `Bearer ${token}`)
    const lunch = counts.body.periods.find((p: { periodId: number }) => p.periodId === lunchId)
    expect(lunch.dishes.find((d: { name: string }) => d.name === DISH)).toMatchObject({ booked: 2, portionsLimit: 5 }) // 张三's and 李四's guest's
    const mine = await suite.t.http.get(`/api/v1/meal/orders?as=mine&date=${today()}`).set('Authorization', `Bearer ${await suite.t.login('zhangsan')}`)
    expect(mine.body.items.find((o: { items: { name: string }[] }) => o.items.some((i) => i.name === DISH))).toMatchObject({ status: 'picked_up', amountFen: 1300 })
    expect(await checkLedger(suite.t.database.pool)).toEqual([])

    // the kitchen's other screens, looked at
    await manager.goto('/#/packages/meal-admin/pages/kitchen/index?tab=prep')
    await visibleText(manager, DISH).waitFor()
    await screenshot(manager, 'meal-kitchen-prep')
    await manager.goto('/#/packages/meal-admin/pages/kitchen/index?tab=waste')
    await manager.locator('input[placeholder="如 12.5"]').filter({ visible: true }).first().fill('8.5')
    await visibleText(manager, '记录').click()
    await visibleText(manager, /^已记录 8.5 公斤(、\d+ 份)?$/).waitFor() // 备餐份数 comes prefilled with the booked count
    await screenshot(manager, 'meal-kitchen-waste')

    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await admin.goto('/#/packages/meal-admin/pages/order-stats/index')
    await visibleText(admin, '市级机关食堂').waitFor()
    await screenshot(admin, 'meal-order-stats')
  }, 240_000)
})
