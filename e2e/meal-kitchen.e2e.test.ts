import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { inShanghai } from '@egj/shared'
import { useAppAndBrowser } from './app'
import { screenshot } from './browser'
import { phoneAs } from './session'
import { visibleText } from './visible'

const suite = useAppAndBrowser()

// dishes of this run only: a worker's database is shared with earlier runs and other specs
const RUN = Date.now() % 10_000
const COPIED = `外婆红烧肉${RUN}`
const KITCHEN = '/#/packages/meal-admin/pages/kitchen/index'
const day = (n = 0) => inShanghai(new Date()).add(n, 'day').format('YYYY-MM-DD')
const mondayAfter = (weeks: number) => {
  const now = inShanghai(new Date())
  return now.subtract((now.day() + 6) % 7, 'day').add(weeks * 7, 'day').format('YYYY-MM-DD')
}
const plusDays = (date: string, n: number) => inShanghai(`${date}T12:00:00+08:00`).add(n, 'day').format('YYYY-MM-DD')

interface CountsBody { periods: { periodId: number; name: string; dishes: { dishId: number; name: string; booked: number }[] }[] }

async function canteen() {
  const [[merchant]] = (await suite.t.database.pool.query("SELECT id FROM merchants WHERE name = '市级机关食堂'")) as unknown as [{ id: number }[]]
  const [[lunch]] = (await suite.t.database.pool.query("SELECT id FROM meal_periods WHERE merchant_id = ? AND name = '午餐'", [merchant.id])) as unknown as [{ id: number }[]]
  return { merchantId: merchant.id, lunchId: lunch.id }
}

const api = async (username: string) => {
  const token = await suite.t.login(username)
  return {
    get: (url: string) => suite.t.http.get(url).set('Authorization', `Bearer ${token}`),
    put: (url: string, body: object) => suite.t.http.put(url).set('Authorization', `Bearer ${token}`).set('idempotency-key', randomUUID()).send(body),
    post: (url: string, body: object) => suite.t.http.post(url).set('Authorization', `Bearer ${token}`).set('idempotency-key', randomUUID()).send(body),
  }
}

describe('食堂管理: the kitchen’s buttons as 许梅 taps them, and the centre’s export', () => {
  it('复制上周菜单, 打印备餐单, 餐后登记 and 导出 Excel each do what the screen says', async () => {
    const { merchantId, lunchId } = await canteen()
    const kitchen = await api('shitang1')

    // ── 复制上周菜单: a week far enough ahead that no one books it; its previous week has a lunch
    const target = mondayAfter(4)
    const source = plusDays(target, -7)
    const pool = suite.t.database.pool
    // an earlier run copied into the target week: take back what no one booked, so this run copies again
    await pool.query(
      'DELETE d FROM meal_menu_dishes d WHERE d.merchant_id = ? AND d.date BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM meal_order_items i WHERE i.dish_id = d.id)',
      [merchantId, target, plusDays(target, 6)],
    )
    await pool.query(
      'DELETE m FROM meal_menus m WHERE m.merchant_id = ? AND m.date BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM meal_menu_dishes d WHERE d.merchant_id = m.merchant_id AND d.date = m.date AND d.period_id = m.period_id)',
      [merchantId, target, plusDays(target, 6)],
    )
    const published = await kitchen.put(`/api/v1/meal/menus/${merchantId}/${source}/${lunchId}`, {
      dishes: [
        { name: COPIED, priceFen: 1300, tag: 'meat', portionsLimit: 60 },
        { name: '米饭', priceFen: 100, tag: 'staple' },
      ],
    })
    expect(published.status).toBe(200)

    const manager = await phoneAs(suite.browser, suite.t, 'shitang1')
    await manager.goto(`${KITCHEN}?tab=menu&date=${target}`)
    await visibleText(manager, '复制上周菜单').click()
    await visibleText(manager, /^把 .* 那一周的菜单复制到/).waitFor()
    await screenshot(manager, 'meal-kitchen-copy-ask')
    await visibleText(manager, '复制').click()
    await visibleText(manager, /^已复制 \d+ 个餐次、\d+ 道菜$/).waitFor()
    await visibleText(manager, '午餐').click()
    await visibleText(manager, '已发布 2 道菜').waitFor()
    const names = await manager.locator('input[placeholder="如 红烧肉"]').filter({ visible: true }).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
    expect(names).toEqual([COPIED, '米饭'])
    await screenshot(manager, 'meal-kitchen-copied')
    const copied = await kitchen.get(`/api/v1/meal/menus?merchantId=${merchantId}&from=${target}&to=${target}`)
    const copiedLunch = copied.body.days[0].periods.find((p: { periodId: number }) => p.periodId === lunchId)
    expect(copiedLunch.dishes.map((d: { name: string; priceFen: number; left: number | null }) => [d.name, d.priceFen, d.left])).toEqual([[COPIED, 1300, 60], ['米饭', 100, null]])

    // ── 打印备餐单 for tomorrow, with 张三's booking of tomorrow's lunch in it
    const tomorrow = day(1)
    let menu = (await kitchen.get(`/api/v1/meal/menus?merchantId=${merchantId}&from=${tomorrow}&to=${tomorrow}`)).body.days[0].periods.find((p: { periodId: number }) => p.periodId === lunchId)
    if (!menu) menu = (await kitchen.put(`/api/v1/meal/menus/${merchantId}/${tomorrow}/${lunchId}`, { dishes: [{ name: `家常豆腐${RUN}`, priceFen: 600, tag: 'veg' }] })).body
    const zhangsan = await api('zhangsan')
    const dish = menu.dishes[0]
    const booking = await zhangsan.post('/api/v1/meal/orders', { merchantId, date: tomorrow, periodId: lunchId, items: [{ dishId: dish.id, qty: 2 }], pay: 'on_pickup' })
    expect(booking.status).toBe(201)
    try {
      await manager.goto(`${KITCHEN}?tab=prep`)
      await visibleText(manager, '明天').click()
      await visibleText(manager, dish.name).waitFor()
      await screenshot(manager, 'meal-kitchen-prep-tomorrow')
      const counts = (await kitchen.get(`/api/v1/meal/orders/counts?merchantId=${merchantId}&date=${tomorrow}`)).body as CountsBody
      const lunch = counts.periods.find((p) => p.periodId === lunchId)!
      expect(lunch.dishes.find((d) => d.dishId === dish.id)!.booked).toBeGreaterThanOrEqual(2)

      const opening = manager.context().waitForEvent('page')
      await visibleText(manager, '打印备餐单').click()
      const sheet = await opening
      await sheet.waitForURL(/^blob:/)
      await sheet.getByText('备餐单', { exact: false }).first().waitFor()
      await sheet.setViewportSize({ width: 794, height: 1123 })
      await screenshot(sheet, 'meal-kitchen-prep-sheet')
      const rows = await sheet.locator('section', { hasText: '午餐' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).slice(0, 2).map((td) => td.textContent ?? '')))
      expect(rows).toEqual(lunch.dishes.map((d) => [d.name, String(d.booked)]))
      await sheet.close()
    } finally {
      // the booking was only there to be counted: 张三 cancels it before the cut-off
      expect((await zhangsan.post(`/api/v1/meal/orders/${booking.body.id}/cancel`, {})).status).toBe(200)
    }

    // ── 餐后登记: today's lunch, 备餐份数 prefilled with what was booked
    const todayCounts = (await kitchen.get(`/api/v1/meal/orders/counts?merchantId=${merchantId}&date=${day()}`)).body as CountsBody
    const todayLunch = todayCounts.periods.find((p) => p.periodId === lunchId)
    const bookedToday = todayLunch ? todayLunch.dishes.reduce((sum, d) => sum + d.booked, 0) : null
    await manager.goto(`${KITCHEN}?tab=waste`)
    await visibleText(manager, '餐后登记').waitFor()
    await visibleText(manager, '午餐').click()
    const portions = manager.locator('input[placeholder="实际做了多少份"]').filter({ visible: true }).first()
    await visibleText(manager, bookedToday === null ? /^该餐次未发布菜单/ : `已按预订 ${bookedToday} 份预填，请改为实际做的份数`).waitFor()
    expect(await portions.inputValue()).toBe(bookedToday === null ? '' : String(bookedToday))
    await screenshot(manager, 'meal-kitchen-waste-prefilled')
    await manager.locator('input[placeholder="如 12.5"]').filter({ visible: true }).first().fill('6.2')
    await portions.fill('120')
    await visibleText(manager, '记录').click()
    await visibleText(manager, '已记录 6.2 公斤、120 份').waitFor()
    await screenshot(manager, 'meal-kitchen-waste-recorded')
    const [[waste]] = (await pool.query('SELECT kg, portions_cooked AS portions FROM meal_waste WHERE merchant_id = ? AND date = ? AND period_id = ?', [merchantId, day(), lunchId])) as unknown as [{ kg: string; portions: number }[]]
    expect([Number(waste.kg), waste.portions]).toEqual([6.2, 120])

    // ── 报餐统计 and 导出 Excel as the centre
    const month = day().slice(0, 7)
    const stats = (await (await api('admin')).get(`/api/v1/meal/orders/stats?month=${month}`)).body.canteens.find((c: { merchantId: number }) => c.merchantId === merchantId)
    expect(stats.portionsCooked).toBeGreaterThanOrEqual(120)
    const admin = await phoneAs(suite.browser, suite.t, 'admin')
    await admin.goto('/#/packages/meal-admin/pages/order-stats/index')
    const card = admin.locator('.vf-card', { hasText: '市级机关食堂' }).filter({ visible: true }).first()
    await visibleText(admin, '市级机关食堂').waitFor()
    await screenshot(admin, 'meal-kitchen-order-stats')
    const text = await card.innerText()
    for (const shown of [`${stats.booked} 人次`, `${stats.portionsCooked} / ${stats.portionsBookedRecorded} 份`, `已登记 ${stats.portionsRecordedPeriods}/${stats.periods} 餐次`, `${stats.wasteKg} 公斤`]) expect(text).toContain(shown)

    const downloading = admin.waitForEvent('download')
    await visibleText(admin, '导出 Excel').click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe(`报餐统计-${month}.xlsx`)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(await download.path())
    const sheet = book.worksheets[0]
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['食堂', '预订（人次）', '就餐', '未取餐', '待取餐', '已取消', '餐次', '已登记备餐餐次', '备餐份数', '同餐次预订份数', '本月预订份数', '已称厨余餐次', '厨余（公斤）', '人均浪费（克）', '收入（元）'])
    let row: unknown[] = []
    sheet.eachRow((r) => {
      if (r.getCell(1).value === '市级机关食堂') row = (r.values as unknown[]).slice(1)
    })
    expect(row).toEqual([
      '市级机关食堂',
      stats.booked,
      stats.served,
      stats.noShow,
      stats.open,
      stats.cancelled,
      stats.periods,
      stats.portionsRecordedPeriods,
      stats.portionsCooked,
      stats.portionsBookedRecorded,
      stats.portionsBooked,
      stats.wasteRecordedPeriods,
      stats.wasteKg,
      stats.wastePerDinerG ?? '—',
      stats.revenueFen / 100,
    ])
  }, 240_000)
})
