import { shanghaiDate } from '@egj/shared'
import { startTestApp, type TestApp } from '../../../test/harness'
import { createCanteenWithManager, createDiner, idempotencyKey } from '../../../test/factories'
import { checkLedger, checkMealHolds, type LedgerViolation } from './ledger.check'

// `pnpm ledger:check` proves the 报餐 holds (issue 23): a diner's meal_hold balance is the sum of
// the holds of their open bookings, each hold booking agrees with its hold entry, a closed booking
// holds nothing, a picked-up one has exactly its payment. The worker's database is shared: every
// assertion looks only at this spec's diners and bookings, and each tampering is undone at once.

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const auth = (token: string) => ({ authorization: `Bearer ${token}` })
const HOLD_BALANCE = '报餐预扣余额等于其未取餐的预扣报餐之和'
const HOLD_ENTRY = '每份预扣报餐与其预扣分录一致'
const PICKED_UP = '已取餐的报餐恰有一笔金额相符的付款'

async function bookings() {
  const { canteen, manager, periodId } = await createCanteenWithManager(t)
  const period = { id: periodId }
  const today = shanghaiDate(new Date())
  const menu = await t.http
    .put(`/api/v1/meal/menus/${canteen.merchantId}/${today}/${period.id}`)
    .set(auth(manager.token))
    .set('idempotency-key', idempotencyKey())
    .send({ dishes: [{ name: '红烧肉', priceFen: 1200, tag: 'meat', portionsLimit: 20 }, { name: '米饭', priceFen: 100, tag: 'staple' }], cutoffAt: new Date(Date.now() + 10 * 60_000).toISOString() })
  expect(menu.status).toBe(200)
  const [pork, rice] = menu.body.dishes as { id: number }[]
  // 补贴 1,000 and 个人 5,000: a 2,500 hold takes both
  const diner = await createDiner(t, { subsidyFen: 1_000, personalFen: 5_000 })
  const book = async (items: { dishId: number; qty: number }[], pay: 'hold' | 'on_pickup') => {
    const answer = await t.http.post('/api/v1/meal/orders').set(auth(diner.token)).set('idempotency-key', idempotencyKey()).send({ merchantId: canteen.merchantId, date: today, periodId: period.id, items, pay })
    expect(answer.status).toBe(201)
    return answer.body.id as number
  }
  const open = await book([{ dishId: pork.id, qty: 2 }, { dishId: rice.id, qty: 1 }], 'hold')
  const cancelled = await book([{ dishId: pork.id, qty: 1 }], 'hold')
  const pickedUp = await book([{ dishId: rice.id, qty: 3 }], 'hold')
  const paidAtWindow = await book([{ dishId: rice.id, qty: 1 }], 'on_pickup')
  expect((await t.http.post(`/api/v1/meal/orders/${cancelled}/cancel`).set(auth(diner.token))).status).toBe(200)
  for (const id of [pickedUp, paidAtWindow]) {
    expect((await t.http.post(`/api/v1/meal/orders/${id}/pickup`).set(auth(diner.token)).set('idempotency-key', idempotencyKey()).send({ code: canteen.code })).status).toBe(200)
  }
  return { diner, open, cancelled, pickedUp, paidAtWindow }
}

/** The violations about this diner or these bookings only (the database is shared with other specs). */
async function about(userId: number, orderIds: number[]): Promise<LedgerViolation[]> {
  return (await checkLedger(t.database.pool)).filter((v) => Number(v.detail.user_id) === userId || orderIds.includes(Number(v.detail.order_id)))
}

async function tampered(sql: string, params: unknown[], undo: string, undoParams: unknown[]): Promise<LedgerViolation[]> {
  await t.database.pool.query(sql, params)
  try {
    return await checkMealHolds(t.database.pool)
  } finally {
    await t.database.pool.query(undo, undoParams)
  }
}

describe('ledger:check — 报餐 holds', () => {
  it('is clean after booking, changing, cancelling and picking up, and a diner’s hold account holds exactly the open bookings', async () => {
    const { diner, open, cancelled, pickedUp, paidAtWindow } = await bookings()
    expect((await t.http.patch(`/api/v1/meal/orders/${open}`).set(auth(diner.token)).send({ items: [{ dishId: (await dishOf(open)).dishId, qty: 1 }] })).status).toBe(200)
    expect(await about(diner.userId, [open, cancelled, pickedUp, paidAtWindow])).toEqual([])
    const [[held]] = (await t.database.pool.query("SELECT COALESCE(SUM(amount_fen), 0) AS fen FROM postings WHERE account = 'meal_hold' AND owner_id = ?", [diner.userId])) as unknown as [{ fen: string }[]]
    expect(Number(held.fen)).toBe(1_200)
  })

  it('names the diner, the bookings and the amounts when a booking’s hold columns were altered by SQL', async () => {
    const { diner, open } = await bookings()
    // the split moved from 补贴 to 个人 (the total still matches: only the entry can tell)
    const violations = await tampered('UPDATE meal_orders SET hold_subsidy_fen = hold_subsidy_fen - 100, hold_personal_fen = hold_personal_fen + 100 WHERE id = ?', [open], 'UPDATE meal_orders SET hold_subsidy_fen = hold_subsidy_fen + 100, hold_personal_fen = hold_personal_fen - 100 WHERE id = ?', [open])
    const mine = violations.filter((v) => Number(v.detail.order_id) === open)
    expect(mine.map((v) => v.rule)).toEqual([expect.stringContaining(HOLD_ENTRY)])
    expect(mine[0].message).toBe(`用户 ${diner.userId} 的报餐 #${open}（booked，2500 分）：记录预扣补贴 900 分、个人 1600 分，预扣分录 #${mine[0].detail.hold_entry_id} 转入预扣 2500 分、补贴 -1000 分、个人 -1500 分`)
  })

  it('catches a closed booking that still holds money: cancelled by SQL, its hold never released', async () => {
    const { diner, open, cancelled, pickedUp } = await bookings()
    const violations = await tampered("UPDATE meal_orders SET status = 'cancelled' WHERE id = ?", [open], "UPDATE meal_orders SET status = 'booked' WHERE id = ?", [open])
    const mine = violations.filter((v) => Number(v.detail.user_id) === diner.userId)
    expect(mine.map((v) => v.rule)).toEqual([expect.stringContaining(HOLD_BALANCE)])
    const closed = [open, cancelled, pickedUp].sort((a, b) => b - a).map((id) => `#${id}`).join('、')
    expect(mine[0].message).toBe(`用户 ${diner.userId}：预扣账户余额 2500 分，未取餐的预扣报餐合计 0 分（未取餐：无；已结束：${closed}）`)
  })

  it('catches a stray line on a diner’s hold account', async () => {
    const { diner, open } = await bookings()
    const [entry] = (await t.database.pool.query("INSERT INTO journal_entries (kind, memo) VALUES ('meal_hold', '测试：凭空预扣')")) as unknown as [{ insertId: number }]
    const violations = await tampered(
      "INSERT INTO postings (entry_id, account, owner_id, amount_fen) VALUES (?, 'wechat_clearing', 0, -300), (?, 'meal_hold', ?, 300)",
      [entry.insertId, entry.insertId, diner.userId],
      'DELETE FROM postings WHERE entry_id = ?',
      [entry.insertId],
    ).finally(() => t.database.pool.query('DELETE FROM journal_entries WHERE id = ?', [entry.insertId]))
    const mine = violations.filter((v) => Number(v.detail.user_id) === diner.userId)
    expect(mine.map((v) => v.message)).toEqual([expect.stringMatching(new RegExp(`^用户 ${diner.userId}：预扣账户余额 2800 分，未取餐的预扣报餐合计 2500 分（未取餐：#${open}；`))])
  })

  it('catches a picked-up booking whose payment is missing or of another amount', async () => {
    const { diner, pickedUp, paidAtWindow } = await bookings()
    const paymentOf = async (id: number) => ((await t.database.pool.query('SELECT payment_id FROM meal_orders WHERE id = ?', [id])) as unknown as [{ payment_id: number }[]])[0][0]
    const row = await paymentOf(pickedUp)
    const own = await paymentOf(paidAtWindow)
    const unpaid = await tampered('UPDATE meal_orders SET payment_id = NULL WHERE id = ?', [pickedUp], 'UPDATE meal_orders SET payment_id = ? WHERE id = ?', [row.payment_id, pickedUp])
    expect(unpaid.filter((v) => Number(v.detail.order_id) === pickedUp).map((v) => v.message)).toEqual([`用户 ${diner.userId} 的报餐 #${pickedUp}（picked_up，300 分）：已取餐却没有付款`])
    const twice = await tampered('UPDATE meal_orders SET payment_id = ? WHERE id = ?', [row.payment_id, paidAtWindow], 'UPDATE meal_orders SET payment_id = ? WHERE id = ?', [own.payment_id, paidAtWindow])
    expect(twice.filter((v) => Number(v.detail.order_id) === paidAtWindow || Number(v.detail.payment_id) === row.payment_id).map((v) => v.rule)).toEqual(
      expect.arrayContaining([expect.stringContaining(PICKED_UP), expect.stringContaining('一笔付款至多结算一份报餐')]),
    )
  })
})

async function dishOf(orderId: number): Promise<{ dishId: number }> {
  const [[item]] = (await t.database.pool.query('SELECT dish_id FROM meal_order_items WHERE order_id = ? ORDER BY dish_id LIMIT 1', [orderId])) as unknown as [{ dish_id: number }[]]
  return { dishId: Number(item.dish_id) }
}
