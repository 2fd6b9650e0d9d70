import { and, eq } from 'drizzle-orm'
import { exceljs } from '../../../lib/xlsx'
import { mealMenuDishes, mealMenus, mealOrderItems, mealOrders, mealWaste } from '../../../db/schema'
import { startTestApp, type TestApp } from '../../../../test/harness'
import { createCanteenWithManager, createDiner, createUser } from '../../../../test/factories'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
// a month long past: the canteen is this spec's own, so its rows there are all ours
const MONTH = '2024-02'
const CHINESE = /[\u4e00-\u9fa5]/

/** A published menu of one dish on a day of MONTH, and bookings of it: [status, portions]. */
async function dayOf(merchantId: number, periodId: number, managerId: number, dinerId: number, date: string, bookings: ['booked' | 'picked_up' | 'no_show' | 'cancelled', number][]) {
  const db = t.database.db
  await db.insert(mealMenus).values({ merchantId, date, periodId, cutoffAt: new Date(`${date}T09:30:00+08:00`), publishedBy: managerId })
  const [dish] = await db.insert(mealMenuDishes).values({ merchantId, date, periodId, name: '红烧肉', priceFen: 1200, tag: 'meat', allergens: [] })
  for (const [status, qty] of bookings) {
    const [order] = await db.insert(mealOrders).values({ userId: dinerId, merchantId, date, periodId, status, pay: 'on_pickup', amountFen: 1200 * qty })
    await db.insert(mealOrderItems).values({ orderId: order.insertId, dishId: dish.insertId, qty, priceFen: 1200 })
  }
}

const recordWaste = (token: string, body: object) => t.http.post('/api/v1/meal/waste').set(auth(token)).send(body)

describe('报餐 monthly statistics: what the kitchen recorded, compared with the periods it recorded', () => {
  it('counts cooked portions and waste per diner over the recorded periods only, and says how many were recorded; the .xlsx has the same row', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const diner = await createDiner(t)
    const admin = await createUser(t, ['admin'])
    const { merchantId } = canteen
    await dayOf(merchantId, periodId, manager.userId, diner.userId, `${MONTH}-05`, [['picked_up', 2], ['no_show', 1], ['cancelled', 3]])
    await dayOf(merchantId, periodId, manager.userId, diner.userId, `${MONTH}-06`, [['picked_up', 1], ['picked_up', 1]])
    await dayOf(merchantId, periodId, manager.userId, diner.userId, `${MONTH}-07`, [['picked_up', 4]])

    // the 5th: weighed and counted; the 6th: only weighed; the 7th: nothing recorded
    const first = await recordWaste(manager.token, { merchantId, date: `${MONTH}-05`, periodId, kg: 1.5, portionsCooked: 5 })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ kg: 1.5, portionsCooked: 5 })
    expect((await recordWaste(manager.token, { merchantId, date: `${MONTH}-06`, periodId, kg: 0.5 })).body).toMatchObject({ kg: 0.5, portionsCooked: null })

    const stats = async () => {
      const res = await t.http.get(`/api/v1/meal/orders/stats?month=${MONTH}`).set(auth(admin.token))
      expect(res.status).toBe(200)
      return res.body.canteens.find((c: { merchantId: number }) => c.merchantId === merchantId)
    }
    expect(await stats()).toMatchObject({
      booked: 5,
      served: 4,
      noShow: 1,
      open: 0,
      cancelled: 1,
      periods: 3,
      portionsRecordedPeriods: 1,
      portionsCooked: 5,
      portionsBookedRecorded: 3, // the 5th: 2 served + 1 no-show; the cancelled 3 are not booked
      portionsBooked: 9,
      wasteRecordedPeriods: 2,
      wasteKg: 2,
      servedInWastePeriods: 3, // 1 on the 5th, 2 on the 6th; the 7th's 1 was never weighed
      wastePerDinerG: 667,
      revenueFen: 0, // nothing was charged: the bookings were paid at the window
    })

    // the 6th counted later; the 5th weighed again without a count keeps its count
    await recordWaste(manager.token, { merchantId, date: `${MONTH}-06`, periodId, kg: 0.5, portionsCooked: 2 })
    await recordWaste(manager.token, { merchantId, date: `${MONTH}-05`, periodId, kg: 1 })
    const after = await stats()
    expect(after).toMatchObject({ portionsRecordedPeriods: 2, portionsCooked: 7, portionsBookedRecorded: 5, wasteKg: 1.5, wastePerDinerG: 500 })

    const xlsx = await t.http.get(`/api/v1/meal/orders/stats.xlsx?month=${MONTH}`).set(auth(admin.token)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => done(null, Buffer.concat(chunks)))
    })
    expect(xlsx.status).toBe(200)
    const book = new (exceljs().Workbook)()
    await book.xlsx.load(xlsx.body)
    const sheet = book.worksheets[0]
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual(['食堂', '预订（人次）', '就餐', '未取餐', '待取餐', '已取消', '餐次', '已登记备餐餐次', '备餐份数', '同餐次预订份数', '本月预订份数', '已称厨余餐次', '厨余（公斤）', '人均浪费（克）', '收入（元）'])
    expect(sheet.getRow(1).getCell(14).note).toBeTruthy()
    let row: unknown[] = []
    sheet.eachRow((r) => {
      if (r.getCell(1).value === after.merchantName) row = (r.values as unknown[]).slice(1)
    })
    expect(row).toEqual([after.merchantName, 5, 4, 1, 0, 1, 3, 2, 7, 5, 9, 2, 1.5, 500, 0])
    expect(book.getWorksheet('说明')).toBeTruthy()

    // only the centre reads the statistics
    expect((await t.http.get(`/api/v1/meal/orders/stats?month=${MONTH}`).set(auth(manager.token))).status).toBe(403)
  })

  it('a month with nothing recorded says so instead of inventing cooked portions', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const diner = await createDiner(t)
    const admin = await createUser(t, ['admin'])
    await dayOf(canteen.merchantId, periodId, manager.userId, diner.userId, `${MONTH}-12`, [['picked_up', 2]])
    const res = await t.http.get(`/api/v1/meal/orders/stats?month=${MONTH}`).set(auth(admin.token))
    expect(res.body.canteens.find((c: { merchantId: number }) => c.merchantId === canteen.merchantId)).toMatchObject({
      periods: 1,
      portionsRecordedPeriods: 0,
      portionsCooked: null,
      portionsBookedRecorded: 0,
      portionsBooked: 2,
      wasteRecordedPeriods: 0,
      wastePerDinerG: null,
    })
  })

  it('refuses portions that are negative, fractional, absurd or not a number, and another canteen, in Chinese, writing nothing', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const other = await createCanteenWithManager(t)
    const date = `${MONTH}-20`
    const body = { merchantId: canteen.merchantId, date, periodId, kg: 2 }
    for (const portionsCooked of [-1, 2.5, 1_000_000, '十份']) {
      const res = await recordWaste(manager.token, { ...body, portionsCooked })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('VALIDATION_FAILED')
      expect(res.body.error.message).toMatch(CHINESE)
    }
    // 许梅 of another canteen cannot write this one's waste (nor tell that it exists)
    const foreign = await recordWaste(other.manager.token, { ...body, portionsCooked: 10 })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.message).toMatch(CHINESE)
    // a period of another canteen, under this canteen's id
    const mixed = await recordWaste(manager.token, { ...body, periodId: other.periodId, portionsCooked: 10 })
    expect(mixed.status).toBe(404)
    expect(mixed.body.error.message).toMatch(CHINESE)
    const rows = await t.database.db.select().from(mealWaste).where(and(eq(mealWaste.merchantId, canteen.merchantId), eq(mealWaste.date, date)))
    expect(rows).toEqual([])
    // the plain shape of before still works
    expect((await recordWaste(manager.token, body)).status).toBe(200)
  })
})
