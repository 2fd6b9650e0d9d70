import { eq, sql } from 'drizzle-orm'
import dayjs from 'dayjs'
import { shanghaiDate } from '@egj/shared'
import { mealAccounts, mealMenuDishes, mealOrders, mealPayments, postings } from '../../../db/schema'
import { checkLedger, checkMealHolds } from '../../ledger/ledger.check'
import { startTestApp, type TestApp } from '../../../../test/harness'
import { createCanteenWithManager, createDiner, createMerchant, idempotencyKey, outcomes, type TestMerchant } from '../../../../test/factories'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const today = () => shanghaiDate(new Date())
const tomorrow = () => dayjs(today()).add(1, 'day').format('YYYY-MM-DD')
const auth = (token: string) => ({ authorization: `Bearer ${token}` })

async function publish(token: string, canteen: TestMerchant, periodId: number, date: string, dishes: object[], cutoffAt?: string) {
  return t.http
    .put(`/api/v1/meal/menus/${canteen.merchantId}/${date}/${periodId}`)
    .set(auth(token))
    .set('idempotency-key', idempotencyKey())
    .send({ dishes, ...(cutoffAt ? { cutoffAt } : {}) })
}

const book = (token: string, body: object, key = idempotencyKey()) => t.http.post('/api/v1/meal/orders').set(auth(token)).set('idempotency-key', key).send(body)

async function balance(userId: number) {
  const [row] = await t.database.db.select().from(mealAccounts).where(eq(mealAccounts.userId, userId))
  return row.subsidyFen + row.personalFen
}

async function heldBy(userId: number) {
  const [row] = await t.database.db.select({ fen: sql<string>`COALESCE(SUM(${postings.amountFen}), 0)` }).from(postings).where(sql`${postings.account} = 'meal_hold' AND ${postings.ownerId} = ${userId}`)
  return Number(row.fen)
}

describe('报餐 menus', () => {
  it('the canteens list tells a page where to book and which canteen the caller manages, with its periods', async () => {
    const { canteen, manager } = await createCanteenWithManager(t)
    const diner = await createDiner(t, { subsidyFen: 0 })
    const find = async (token: string) => (await t.http.get('/api/v1/meal/canteens').set(auth(token))).body.items.find((c: { id: number }) => c.id === canteen.merchantId)
    const asManager = await find(manager.token)
    expect(asManager).toMatchObject({ managed: true })
    expect(asManager.periods.length).toBeGreaterThan(0)
    expect(await find(diner.token)).toMatchObject({ managed: false })
    expect((await t.http.get('/api/v1/meal/canteens')).status).toBe(401)
  })

  it('the canteen manager publishes a day’s menu and everyone signed in reads it with portions left; other canteens’ managers and staff may not', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const published = await publish(manager.token, canteen, periodId, tomorrow(), [
      { name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 20 },
      { name: '米饭', priceFen: 100, tag: 'staple', allergens: [] },
    ])
    expect(published.status).toBe(200)
    expect(published.body.dishes.map((d: { name: string; left: number | null }) => [d.name, d.left])).toEqual([['红烧肉', 20], ['米饭', null]])

    const diner = await createDiner(t, { subsidyFen: 10_000 })
    const menus = await t.http.get(`/api/v1/meal/menus?merchantId=${canteen.merchantId}&from=${today()}&to=${tomorrow()}`).set(auth(diner.token))
    expect(menus.status).toBe(200)
    expect(menus.body.days.map((d: { periods: unknown[] }) => d.periods.length)).toEqual([0, 1])
    expect(menus.body.days[1].periods[0].dishes[0]).toMatchObject({ name: '红烧肉', priceFen: 1200, tag: 'meat', left: 20 })

    const other = await createCanteenWithManager(t)
    expect((await publish(other.manager.token, canteen, periodId, tomorrow(), [{ name: '青菜', priceFen: 300, tag: 'veg' }])).status).toBe(403)
    expect((await publish(diner.token, canteen, periodId, tomorrow(), [{ name: '青菜', priceFen: 300, tag: 'veg' }])).status).toBe(403)
  })

  it('a dish someone booked is withdrawn, not deleted, when left off the menu, and its portions cannot drop below what is booked', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const first = await publish(manager.token, canteen, periodId, tomorrow(), [{ name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 10 }, { name: '青菜', priceFen: 300, tag: 'veg' }])
    const [pork, greens] = first.body.dishes
    const diner = await createDiner(t, { subsidyFen: 10_000 })
    expect((await book(diner.token, { merchantId: canteen.merchantId, date: tomorrow(), periodId, items: [{ dishId: pork.id, qty: 3 }], pay: 'hold' })).status).toBe(201)

    const tooFew = await publish(manager.token, canteen, periodId, tomorrow(), [{ id: pork.id, name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 2 }])
    expect(tooFew.status).toBe(400)
    expect(tooFew.body.error.message).toContain('已预订 3 份')

    const without = await publish(manager.token, canteen, periodId, tomorrow(), [{ name: '番茄炒蛋', priceFen: 600, tag: 'veg' }])
    expect(without.status).toBe(200)
    expect(without.body.dishes.map((d: { name: string }) => d.name)).toEqual(['番茄炒蛋'])
    const rows = await t.database.db.select().from(mealMenuDishes).where(eq(mealMenuDishes.merchantId, canteen.merchantId))
    expect(rows.find((r) => r.id === pork.id)).toMatchObject({ status: 'withdrawn', booked: 3 })
    expect(rows.find((r) => r.id === greens.id)).toBeUndefined()
  })
})

describe('报餐 bookings', () => {
  it('30 diners racing for the last 5 portions: exactly 5 bookings, the rest sold out with nothing held', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const menu = await publish(manager.token, canteen, periodId, tomorrow(), [{ name: '清蒸鲈鱼', priceFen: 1500, tag: 'meat', portionsLimit: 5 }])
    const fish = menu.body.dishes[0]
    const diners = await Promise.all(Array.from({ length: 30 }, () => createDiner(t, { subsidyFen: 5_000 })))
    const answers = await Promise.all(diners.map((d) => book(d.token, { merchantId: canteen.merchantId, date: tomorrow(), periodId, items: [{ dishId: fish.id, qty: 1 }], pay: 'hold' })))
    expect(outcomes(answers)).toEqual({ '201': 5, '409 MEAL_DISH_SOLD_OUT': 25 })
    const [dish] = await t.database.db.select().from(mealMenuDishes).where(eq(mealMenuDishes.id, fish.id))
    expect(dish.booked).toBe(5)
    const winners = diners.filter((_d, i) => answers[i].status === 201)
    for (const w of winners) expect([await balance(w.userId), await heldBy(w.userId)]).toEqual([3_500, 1_500])
    for (const l of diners.filter((_d, i) => answers[i].status !== 201)) expect([await balance(l.userId), await heldBy(l.userId)]).toEqual([5_000, 0])
    expect(await checkLedger(t.database.pool)).toEqual([])
  })

  it('cancelling before the cut-off gives back exactly the hold and the portions; a second cancel is refused', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const menu = await publish(manager.token, canteen, periodId, tomorrow(), [{ name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 10 }, { name: '米饭', priceFen: 100, tag: 'staple' }])
    const [pork, rice] = menu.body.dishes
    const diner = await createDiner(t, { subsidyFen: 1_000, personalFen: 2_000 })
    const booked = await book(diner.token, { merchantId: canteen.merchantId, date: tomorrow(), periodId, items: [{ dishId: pork.id, qty: 2 }, { dishId: rice.id, qty: 1 }], pay: 'hold' })
    expect(booked.status).toBe(201)
    expect(booked.body).toMatchObject({ status: 'booked', amountFen: 2_500 })
    expect([await balance(diner.userId), await heldBy(diner.userId)]).toEqual([500, 2_500])

    const cancelled = await t.http.post(`/api/v1/meal/orders/${booked.body.id}/cancel`).set(auth(diner.token))
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    const [account] = await t.database.db.select().from(mealAccounts).where(eq(mealAccounts.userId, diner.userId))
    expect([account.subsidyFen, account.personalFen, await heldBy(diner.userId)]).toEqual([1_000, 2_000, 0])
    const [dish] = await t.database.db.select().from(mealMenuDishes).where(eq(mealMenuDishes.id, pork.id))
    expect(dish.booked).toBe(0)
    const again = await t.http.post(`/api/v1/meal/orders/${booked.body.id}/cancel`).set(auth(diner.token))
    expect([again.status, again.body.error.code]).toEqual([409, 'MEAL_ORDER_STATE'])
  })

  it('refuses after the cut-off, without the balance, and for a dish not on the menu — taking nothing', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const past = await publish(manager.token, canteen, periodId, today(), [{ name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 10 }], new Date(Date.now() - 60_000).toISOString())
    const open = await publish(manager.token, canteen, periodId, tomorrow(), [{ name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 10 }])
    const poor = await createDiner(t, { subsidyFen: 500 })
    const late = await book(poor.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: past.body.dishes[0].id, qty: 1 }], pay: 'on_pickup' })
    expect([late.status, late.body.error.code]).toEqual([409, 'MEAL_ORDER_CUTOFF_PASSED'])
    const broke = await book(poor.token, { merchantId: canteen.merchantId, date: tomorrow(), periodId, items: [{ dishId: open.body.dishes[0].id, qty: 1 }], pay: 'hold' })
    expect([broke.status, broke.body.error.code]).toEqual([409, 'MEAL_INSUFFICIENT_BALANCE'])
    const wrong = await book(poor.token, { merchantId: canteen.merchantId, date: tomorrow(), periodId, items: [{ dishId: past.body.dishes[0].id, qty: 1 }], pay: 'on_pickup' })
    expect([wrong.status, wrong.body.error.code]).toEqual([422, 'MEAL_DISH_NOT_ON_MENU'])
    const [dish] = await t.database.db.select().from(mealMenuDishes).where(eq(mealMenuDishes.id, open.body.dishes[0].id))
    expect(dish.booked).toBe(0)
    expect(await balance(poor.userId)).toBe(500)
  })

  it('pick-up at the booked canteen turns the hold into one payment; a replay answers the same; a second pick-up is refused', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const menu = await publish(manager.token, canteen, periodId, today(), [{ name: '红烧肉', priceFen: 1200, tag: 'meat' }], new Date(Date.now() + 10 * 60_000).toISOString())
    const diner = await createDiner(t, { subsidyFen: 5_000 })
    const booked = await book(diner.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: menu.body.dishes[0].id, qty: 1 }], pay: 'hold' })
    const elsewhere = await createMerchant(t)
    const wrong = await t.http.post(`/api/v1/meal/orders/${booked.body.id}/pickup`).set(auth(diner.token)).set('idempotency-key', idempotencyKey()).send({ code: elsewhere.code })
    expect([wrong.status, wrong.body.error.code]).toEqual([409, 'MEAL_ORDER_WRONG_CANTEEN'])

    const key = idempotencyKey()
    const [first, replay] = await Promise.all([0, 1].map(() => t.http.post(`/api/v1/meal/orders/${booked.body.id}/pickup`).set(auth(diner.token)).set('idempotency-key', key).send({ code: canteen.code })))
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ status: 'picked_up' })
    expect(replay.body).toEqual(first.body)
    const paid = await t.database.db.select().from(mealPayments).where(eq(mealPayments.payerUserId, diner.userId))
    expect(paid.map((p) => [p.amountFen, p.status, p.windowId])).toEqual([[1200, 'paid', canteen.windowId]])
    expect([await balance(diner.userId), await heldBy(diner.userId)]).toEqual([3_800, 0])
    const again = await t.http.post(`/api/v1/meal/orders/${booked.body.id}/pickup`).set(auth(diner.token)).set('idempotency-key', idempotencyKey()).send({ code: canteen.code })
    expect([again.status, again.body.error.code]).toEqual([409, 'MEAL_ORDER_STATE'])
    expect(await checkLedger(t.database.pool)).toEqual([])
  })

  it('a change, a cancel and a pick-up racing for one booking: one consistent outcome, the ledger clean', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const menu = await publish(manager.token, canteen, periodId, today(), [{ name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 50 }, { name: '米饭', priceFen: 100, tag: 'staple' }], new Date(Date.now() + 10 * 60_000).toISOString())
    const [pork, rice] = menu.body.dishes
    for (let round = 0; round < 5; round++) {
      const diner = await createDiner(t, { subsidyFen: 10_000 })
      const booked = await book(diner.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: pork.id, qty: 1 }], pay: 'hold' })
      const id = booked.body.id
      const answers = await Promise.all([
        t.http.post(`/api/v1/meal/orders/${id}/cancel`).set(auth(diner.token)),
        t.http.post(`/api/v1/meal/orders/${id}/pickup`).set(auth(diner.token)).set('idempotency-key', idempotencyKey()).send({ code: canteen.code }),
        t.http.patch(`/api/v1/meal/orders/${id}`).set(auth(diner.token)).send({ items: [{ dishId: pork.id, qty: 2 }, { dishId: rice.id, qty: 1 }] }),
      ])
      const [order] = await t.database.db.select().from(mealOrders).where(eq(mealOrders.id, id))
      const paid = await t.database.db.select().from(mealPayments).where(eq(mealPayments.payerUserId, diner.userId))
      // the cancel and the pick-up cannot both win; whichever did decides the money
      expect(answers[0].status === 200 && answers[1].status === 200).toBe(false)
      if (order.status === 'cancelled') expect([await balance(diner.userId), await heldBy(diner.userId), paid.length]).toEqual([10_000, 0, 0])
      else {
        expect(order.status).toBe('picked_up')
        expect([await balance(diner.userId), await heldBy(diner.userId), paid.map((p) => p.amountFen)]).toEqual([10_000 - order.amountFen, 0, [order.amountFen]])
      }
      for (const answer of answers) expect([200, 409]).toContain(answer.status)
    }
    const [dish] = await t.database.db.select().from(mealMenuDishes).where(eq(mealMenuDishes.id, pork.id))
    const [live] = (await t.database.pool.query("SELECT COALESCE(SUM(i.qty), 0) AS n FROM meal_order_items i JOIN meal_orders o ON o.id = i.order_id WHERE i.dish_id = ? AND o.status <> 'cancelled'", [pork.id]))[0] as { n: string }[]
    expect(dish.booked).toBe(Number(live.n))
    expect(await checkLedger(t.database.pool)).toEqual([])
  })

  it('the kitchen counts portions per dish and unit; a booking not picked up by the end of its period is charged as a no-show', async () => {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const menu = await publish(manager.token, canteen, periodId, today(), [{ name: '红烧肉', priceFen: 1200, tag: 'meat' }], new Date(Date.now() + 10 * 60_000).toISOString())
    const diner = await createDiner(t, { subsidyFen: 5_000 })
    const booked = await book(diner.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: menu.body.dishes[0].id, qty: 2 }], pay: 'hold' })
    const counts = await t.http.get(`/api/v1/meal/orders/counts?merchantId=${canteen.merchantId}&date=${today()}`).set(auth(manager.token))
    expect(counts.status).toBe(200)
    expect(counts.body.periods[0].dishes[0]).toMatchObject({ name: '红烧肉', booked: 2, byUnit: [{ unitName: '市机关事务管理中心', booked: 2 }] })
    expect((await t.http.get(`/api/v1/meal/orders/counts?merchantId=${canteen.merchantId}&date=${today()}`).set(auth(diner.token))).status).toBe(403)

    // the period is over: yesterday's booking still open
    await t.database.db.update(mealOrders).set({ date: dayjs(today()).subtract(1, 'day').format('YYYY-MM-DD') }).where(eq(mealOrders.id, booked.body.id))
    await t.services.mealOrders.closeOverdue()
    const [order] = await t.database.db.select().from(mealOrders).where(eq(mealOrders.id, booked.body.id))
    expect(order.status).toBe('no_show')
    expect(order.paymentId).not.toBeNull()
    expect([await balance(diner.userId), await heldBy(diner.userId)]).toEqual([2_600, 0])
    expect(await checkLedger(t.database.pool)).toEqual([])

    const waste = await t.http.post('/api/v1/meal/waste').set(auth(manager.token)).send({ merchantId: canteen.merchantId, date: today(), periodId, kg: 3.5 })
    expect(waste.status).toBe(200)
  })
})

describe('报餐 for a guest on a 餐券', () => {
  let admin: string
  let unitId: number
  beforeAll(async () => {
    admin = await t.login('admin')
    const [rows] = await t.database.pool.query("SELECT id FROM units WHERE name = '市发改委'")
    unitId = (rows as { id: number }[])[0].id
  })

  async function issueVoucher(amountFen: number, holderName?: string): Promise<string> {
    const expiresOn = dayjs(today()).add(3, 'day').format('YYYY-MM-DD')
    const issued = await t.http
      .post('/api/v1/meal/vouchers')
      .set(auth(admin))
      .set('idempotency-key', idempotencyKey())
      .send({ unitId, count: 1, amountFen, purpose: '来宾报餐测试', expiresOn, ...(holderName ? { holderNames: [holderName] } : {}) })
    expect(issued.status).toBe(201)
    return issued.body.items[0].code
  }
  const voucherRow = async (code: string) => {
    const [rows] = await t.database.pool.query('SELECT status, reserved_order_id AS reservedOrderId, payment_id AS paymentId FROM meal_vouchers WHERE code_hash = SHA2(?, 256)', [code])
    return (rows as { status: string; reservedOrderId: number | null; paymentId: number | null }[])[0]
  }
  const funding = async () => {
    const [rows] = await t.database.pool.query("SELECT COALESCE(SUM(amount_fen), 0) AS fen FROM postings WHERE account = 'unit_voucher_funding' AND owner_id = ?", [unitId])
    return Number((rows as { fen: string }[])[0].fen)
  }
  const payAtWindow = (token: string, code: string, amountFen: number, voucherCode: string) =>
    t.http.post('/api/v1/meal/payments').set(auth(token)).set('idempotency-key', idempotencyKey()).send({ code, amountFen, method: 'voucher', voucherCode, confirm: true })

  async function todaysMenu(portionsLimit?: number) {
    const { canteen, manager, periodId } = await createCanteenWithManager(t)
    const menu = await publish(manager.token, canteen, periodId, today(), [{ name: '红烧肉', priceFen: 1200, tag: 'meat', ...(portionsLimit ? { portionsLimit } : {}) }, { name: '米饭', priceFen: 100, tag: 'staple' }], new Date(Date.now() + 10 * 60_000).toISOString())
    const [pork, rice] = menu.body.dishes as { id: number }[]
    return { canteen, manager, periodId, pork, rice }
  }

  it('a staff member books for a guest with a voucher; the voucher is reserved (no window, no second booking), and pick-up redeems it once', async () => {
    const { canteen, periodId, pork, rice } = await todaysMenu()
    const code = await issueVoucher(3000)
    const booker = await createDiner(t, { subsidyFen: 5_000 })
    const before = await funding()
    const firstKey = idempotencyKey()
    const guestBooking = { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: pork.id, qty: 1 }, { dishId: rice.id, qty: 2 }], pay: 'voucher', voucherCode: code, guestName: '李来宾' }
    const booked = await book(booker.token, guestBooking, firstKey)
    expect(booked.status).toBe(201)
    expect(booked.body).toMatchObject({ status: 'booked', pay: 'voucher', amountFen: 1400, guestName: '李来宾', diner: { id: booker.userId } })
    expect(await voucherRow(code)).toMatchObject({ status: 'issued', reservedOrderId: booked.body.id })
    expect((await t.http.get(`/api/v1/meal/vouchers/${code}`).set(auth(booker.token))).body).toMatchObject({ status: 'issued', reserved: true })
    expect([await balance(booker.userId), await heldBy(booker.userId), await funding()]).toEqual([5_000, 0, before]) // no money moves at booking

    // the booker sees it among his bookings, as the guest's
    const mine = await t.http.get(`/api/v1/meal/orders?as=mine&date=${today()}`).set(auth(booker.token))
    expect(mine.body.items.find((o: { id: number }) => o.id === booked.body.id)).toMatchObject({ guestName: '李来宾', pay: 'voucher' })

    // reserved: it cannot pay at a window, nor back another booking
    const visitor = await createDiner(t)
    const atWindow = await payAtWindow(visitor.token, canteen.code, 1000, code)
    expect([atWindow.status, atWindow.body.error.code]).toEqual([409, 'MEAL_VOUCHER_RESERVED'])
    const second = await book(visitor.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: rice.id, qty: 1 }], pay: 'on_pickup', voucherCode: code, guestName: '王来宾' })
    expect([second.status, second.body.error.code]).toEqual([409, 'MEAL_VOUCHER_RESERVED'])
    // the booker's own retry (same key), which the reservation would now refuse, answers the first booking
    const retried = await book(booker.token, guestBooking, firstKey)
    expect([retried.status, retried.body]).toEqual([201, booked.body])
    expect(await voucherRow(code)).toMatchObject({ status: 'issued', reservedOrderId: booked.body.id })

    // a change must still fit the voucher
    const tooMuch = await t.http.patch(`/api/v1/meal/orders/${booked.body.id}`).set(auth(booker.token)).send({ items: [{ dishId: pork.id, qty: 3 }] })
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([409, 'MEAL_VOUCHER_NOT_ENOUGH'])
    const changed = await t.http.patch(`/api/v1/meal/orders/${booked.body.id}`).set(auth(booker.token)).send({ items: [{ dishId: pork.id, qty: 2 }] })
    expect([changed.status, changed.body.amountFen]).toEqual([200, 2400])

    // ledger:check holds the reservation: a booked guest's meal whose voucher lost it is named
    const ownViolations = async () => (await checkMealHolds(t.database.pool)).filter((v) => Number(v.detail.order_id) === booked.body.id)
    expect(await ownViolations()).toEqual([])
    await t.database.pool.query('UPDATE meal_vouchers SET reserved_order_id = NULL WHERE reserved_order_id = ?', [booked.body.id])
    const unreserved = await ownViolations()
    await t.database.pool.query("UPDATE meal_vouchers SET reserved_order_id = ? WHERE code_hash = SHA2(?, 256)", [booked.body.id, code])
    expect(unreserved.map((v) => v.rule)).toEqual([expect.stringContaining('来宾餐券报餐')])

    const picked = await t.http.post(`/api/v1/meal/orders/${booked.body.id}/pickup`).set(auth(booker.token)).set('idempotency-key', idempotencyKey()).send({ code: canteen.code })
    expect(picked.status).toBe(200)
    expect(picked.body).toMatchObject({ status: 'picked_up', paymentId: expect.any(Number) })
    expect(await ownViolations()).toEqual([])
    const [payment] = await t.database.db.select().from(mealPayments).where(eq(mealPayments.id, picked.body.paymentId))
    expect(payment).toMatchObject({ method: 'voucher', amountFen: 2400, payerUserId: booker.userId, voucherUnitId: unitId, status: 'paid' })
    expect(await voucherRow(code)).toMatchObject({ status: 'redeemed', paymentId: picked.body.paymentId })
    // the voucher paid once: the meal to the canteen, the rest back to the unit; the booker's 饭卡 untouched
    expect([await balance(booker.userId), await heldBy(booker.userId), await funding()]).toEqual([5_000, 0, before + 600])
    const again = await payAtWindow(visitor.token, canteen.code, 100, code)
    expect([again.status, again.body.error.code]).toEqual([409, 'MEAL_VOUCHER_INVALID'])
    expect(await checkLedger(t.database.pool)).toEqual([])
  })

  it('refuses a voucher too small, unknown, or expiring before the meal — taking no portions', async () => {
    const { canteen, manager, periodId, pork } = await todaysMenu(10)
    const small = await issueVoucher(1000)
    const booker = await createDiner(t)
    const tooSmall = await book(booker.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: pork.id, qty: 1 }], pay: 'voucher', voucherCode: small, guestName: '李来宾' })
    expect([tooSmall.status, tooSmall.body.error.code]).toEqual([409, 'MEAL_VOUCHER_NOT_ENOUGH'])
    expect(tooSmall.body.error.message).toContain('¥10.00')
    const unknown = await book(booker.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: pork.id, qty: 1 }], pay: 'voucher', voucherCode: 'A'.repeat(20), guestName: '李来宾' })
    expect([unknown.status, unknown.body.error.code]).toEqual([409, 'MEAL_VOUCHER_INVALID'])
    const noName = await book(booker.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: pork.id, qty: 1 }], pay: 'voucher', voucherCode: await issueVoucher(3000) })
    expect([noName.status, noName.body.error.details]).toEqual([400, { field: 'guestName' }])
    const noCode = await book(booker.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: pork.id, qty: 1 }], pay: 'voucher' })
    expect([noCode.status, noCode.body.error.details]).toEqual([400, { field: 'voucherCode' }])
    // a meal after the voucher's last day
    const later = dayjs(today()).add(5, 'day').format('YYYY-MM-DD')
    const laterMenu = await publish(manager.token, canteen, periodId, later, [{ name: '青菜', priceFen: 300, tag: 'veg' }])
    const tooLate = await book(booker.token, { merchantId: canteen.merchantId, date: later, periodId, items: [{ dishId: laterMenu.body.dishes[0].id, qty: 1 }], pay: 'voucher', voucherCode: await issueVoucher(3000), guestName: '李来宾' })
    expect([tooLate.status, tooLate.body.error.code]).toEqual([409, 'MEAL_VOUCHER_INVALID'])
    expect(tooLate.body.error.message).toContain('有效期到')
    const [dish] = await t.database.db.select().from(mealMenuDishes).where(eq(mealMenuDishes.id, pork.id))
    expect(dish.booked).toBe(0)
    expect(await voucherRow(small)).toMatchObject({ status: 'issued', reservedOrderId: null })
  })

  it('a holder named on the voucher is the guest when no name is typed; cancelling frees the voucher for the window', async () => {
    const { canteen, periodId, rice } = await todaysMenu()
    const code = await issueVoucher(2000, '赵参会')
    const booker = await createDiner(t)
    const booked = await book(booker.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: rice.id, qty: 1 }], pay: 'on_pickup', voucherCode: code })
    expect(booked.status).toBe(201)
    expect(booked.body).toMatchObject({ pay: 'voucher', guestName: '赵参会' })
    const cancelled = await t.http.post(`/api/v1/meal/orders/${booked.body.id}/cancel`).set(auth(booker.token))
    expect(cancelled.body.status).toBe('cancelled')
    expect(await voucherRow(code)).toMatchObject({ status: 'issued', reservedOrderId: null })
    expect((await t.http.get(`/api/v1/meal/vouchers/${code}`).set(auth(booker.token))).body).toMatchObject({ status: 'issued', reserved: false })
    const visitor = await createDiner(t)
    expect((await payAtWindow(visitor.token, canteen.code, 1500, code)).status).toBe(201)
    expect(await checkLedger(t.database.pool)).toEqual([])
  })

  it('ten bookings racing for one voucher: exactly one wins, the others take no portions', async () => {
    const { canteen, periodId, pork } = await todaysMenu(50)
    const code = await issueVoucher(3000)
    const bookers = await Promise.all(Array.from({ length: 10 }, () => createDiner(t)))
    const answers = await Promise.all(bookers.map((b, i) => book(b.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: pork.id, qty: 1 }], pay: 'voucher', voucherCode: code, guestName: `来宾${i}` })))
    expect(outcomes(answers)).toEqual({ '201': 1, '409 MEAL_VOUCHER_RESERVED': 9 })
    const winner = answers.find((a) => a.status === 201)!
    expect(await voucherRow(code)).toMatchObject({ reservedOrderId: winner.body.id })
    const [dish] = await t.database.db.select().from(mealMenuDishes).where(eq(mealMenuDishes.id, pork.id))
    expect(dish.booked).toBe(1)
    expect(await checkLedger(t.database.pool)).toEqual([])
  })

  it('a guest who does not come: the canteen’s rule charges the voucher, or releases it (and it expires back to the unit later)', async () => {
    const { canteen, periodId, rice } = await todaysMenu()
    const yesterday = dayjs(today()).subtract(1, 'day').format('YYYY-MM-DD')
    const booker = await createDiner(t)
    const charged = await issueVoucher(2000)
    const released = await issueVoucher(2000)
    const first = await book(booker.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: rice.id, qty: 3 }], pay: 'voucher', voucherCode: charged, guestName: '甲' })
    const second = await book(booker.token, { merchantId: canteen.merchantId, date: today(), periodId, items: [{ dishId: rice.id, qty: 1 }], pay: 'voucher', voucherCode: released, guestName: '乙' })
    // the period is over
    await t.database.db.update(mealOrders).set({ date: yesterday }).where(eq(mealOrders.id, first.body.id))
    await t.services.mealOrders.closeOverdue()
    expect((await t.database.db.select().from(mealOrders).where(eq(mealOrders.id, first.body.id)))[0]).toMatchObject({ status: 'no_show', paymentId: expect.any(Number) })
    expect(await voucherRow(charged)).toMatchObject({ status: 'redeemed' })

    await t.database.pool.query("UPDATE meal_periods SET no_show_rule = 'release' WHERE id = ?", [periodId])
    await t.database.db.update(mealOrders).set({ date: yesterday }).where(eq(mealOrders.id, second.body.id))
    // expired meanwhile: the expiry job leaves a reserved voucher to its booking
    await t.database.pool.query('UPDATE meal_vouchers SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE WHERE code_hash = SHA2(?, 256)', [released])
    await t.services.mealVouchers.expireDue()
    expect(await voucherRow(released)).toMatchObject({ status: 'issued' })
    await t.services.mealOrders.closeOverdue()
    expect((await t.database.db.select().from(mealOrders).where(eq(mealOrders.id, second.body.id)))[0]).toMatchObject({ status: 'no_show', paymentId: null })
    expect(await voucherRow(released)).toMatchObject({ status: 'issued', reservedOrderId: null })
    await t.services.mealVouchers.expireDue()
    expect(await voucherRow(released)).toMatchObject({ status: 'expired' })
    expect(await checkLedger(t.database.pool)).toEqual([])
  })
})
