import type { Counts, OrderStats, OrderStatsQuery, Order, OrderCreate, OrderList, OrderListQuery, OrderPickup, OrderUpdate, Parsed, Waste, WasteRecord, CountsQuery } from '@egj/shared'
import { inShanghai, shanghaiDate, shanghaiMinuteOfDay } from '@egj/shared'
import dayjs from 'dayjs'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { idempotent } from '../../../lib/idempotency'
import { hasRole, type AuthUser } from '../../../lib/auth'
import { AppError, forbidden, notFound } from '../../../lib/errors'
import type { LedgerService } from '../../ledger/ledger.service'
import * as payments from '../common/payment-row.repo'
import * as accounts from '../common/account.repo'
import type { PaymentService } from '../payments/payments.service'
import type { VoucherService } from '../vouchers/vouchers.service'
import * as menus from '../common/menu.repo'
import * as repo from './orders.repo'
import { presentOrder } from './orders.presenter'
import { prepSheetHtml, statsWorkbook } from './orders-report.presenter'

export interface OrderServiceDeps {
  db: Db
  ledger: LedgerService
  /** resolves the window code scanned at pick-up */
  payments: Pick<PaymentService, 'resolveWindow'>
  /** a guest's 餐券: reserved at booking, redeemed at pick-up, freed by a cancel */
  vouchers: Pick<VoucherService, 'lockForBooking' | 'reserve' | 'recheckBooking' | 'releaseBooking' | 'redeemBooking'>
  now?: () => Date
}

type Line = { dishId: number; qty: number }

/** The same dish twice in one booking is one line with both counts. */
function mergeLines(items: Line[]): Line[] {
  const byDish = new Map<number, number>()
  for (const item of items) byDish.set(item.dishId, (byDish.get(item.dishId) ?? 0) + item.qty)
  // dish rows are always locked in id order, so two bookings never wait on each other crosswise
  return [...byDish].map(([dishId, qty]) => ({ dishId, qty })).sort((a, b) => a.dishId - b.dishId)
}

/**
 * 智慧食堂 报餐: staff book a period's dishes before its cut-off, paying by a hold on their 饭卡
 * (moved to their meal_hold account, charged at pick-up) or at pick-up; the kitchen cooks to the count.
 */
export class OrderService {
  private readonly now: () => Date
  constructor(private readonly deps: OrderServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async create(user: AuthUser, input: Parsed<typeof OrderCreate>, idempotencyKey: string): Promise<Order> {
    const { db } = this.deps
    const { voucherCode } = input
    if (input.pay === 'voucher' && !voucherCode) throw new AppError('VALIDATION_FAILED', { field: 'voucherCode' }, '请填写来宾的餐券码')
    const pay = voucherCode ? 'voucher' : input.pay
    const work = async (tx: Tx) => {
      const now = this.now()
      const menu = await menus.findMenu(tx, input.merchantId, input.date, input.periodId)
      if (!menu) throw new AppError('MEAL_MENU_NOT_PUBLISHED')
      if (now >= menu.cutoffAt) throw new AppError('MEAL_ORDER_CUTOFF_PASSED')
      const { amountFen, lines } = await this.takeDishes(tx, input.merchantId, input.date, input.periodId, input.items)
      // a guest's voucher: locked, checked and reserved to this booking; no money moves until pick-up
      const voucher = voucherCode ? await this.deps.vouchers.lockForBooking(tx, voucherCode, amountFen, input.date, now) : null
      const guestName = input.guestName ?? voucher?.holderName ?? null
      if (voucher && !guestName) throw new AppError('VALIDATION_FAILED', { field: 'guestName' }, '请填写来宾姓名')
      const hold = pay === 'hold' ? await this.hold(tx, user.id, amountFen, `报餐预扣 ${input.date}`) : null
      const id = await repo.insertOrder(tx, {
        userId: user.id,
        guestName,
        voucherId: voucher?.id ?? null,
        merchantId: input.merchantId,
        date: input.date,
        periodId: input.periodId,
        pay,
        amountFen,
        holdSubsidyFen: hold?.subsidyFen ?? 0,
        holdPersonalFen: hold?.personalFen ?? 0,
        holdEntryId: hold?.entryId ?? null,
        createdAt: now,
      })
      await repo.insertItems(tx, lines.map((line) => ({ ...line, orderId: id })))
      if (voucher) await this.deps.vouchers.reserve(tx, voucher.id, id)
      return { id, response: await this.present(tx, id) }
    }
    return (await idempotent(db, { userId: user.id, scope: 'meal.order', key: idempotencyKey, body: input }, { work })).response
  }

  async list(user: AuthUser, query: Parsed<typeof OrderListQuery>): Promise<OrderList> {
    const { db } = this.deps
    const rows = query.as === 'mine' ? await repo.ordersOfUser(db, user.id, query.date) : await repo.ordersOfKitchen(db, await this.kitchensOf(user, query.merchantId), query.date ?? shanghaiDate(this.now()))
    const items = await repo.itemsOf(db, rows.map((row) => row.order.id))
    const cutoffs = await this.cutoffsOf(db, rows)
    return { items: rows.map((row) => presentOrder(row, items, cutoffs.get(row.order.id) ?? null)) }
  }

  async get(user: AuthUser, id: number): Promise<Order> {
    const row = await repo.findOrder(this.deps.db, id)
    if (!row || !(row.order.userId === user.id || (await this.mayRunKitchen(user, row.order.merchantId)))) throw notFound('报餐')
    return this.present(this.deps.db, id)
  }

  /** Changes the dishes before the cut-off: the old portions and hold are released, the new ones taken, in one transaction. */
  async update(user: AuthUser, id: number, input: Parsed<typeof OrderUpdate>): Promise<Order> {
    return withTransaction(this.deps.db, async (tx) => {
      const order = await this.lockOwnBooked(tx, user, id)
      await this.releaseAll(tx, order, '报餐修改，退回预扣')
      const { amountFen, lines } = await this.takeDishes(tx, order.merchantId, order.date, order.periodId, input.items)
      const hold = order.pay === 'hold' ? await this.hold(tx, user.id, amountFen, `报餐预扣 ${order.date}（修改）`) : null
      if (order.pay === 'voucher' && order.voucherId) await this.deps.vouchers.recheckBooking(tx, order.voucherId, id, amountFen)
      await repo.insertItems(tx, lines.map((line) => ({ ...line, orderId: id })))
      await repo.updateOrder(tx, id, { amountFen, holdSubsidyFen: hold?.subsidyFen ?? 0, holdPersonalFen: hold?.personalFen ?? 0, holdEntryId: hold?.entryId ?? null })
      return this.present(tx, id)
    })
  }

  /** Cancels before the cut-off: the portions go back on the menu and the hold back to the 饭卡 at once. */
  async cancel(user: AuthUser, id: number): Promise<Order> {
    return withTransaction(this.deps.db, async (tx) => {
      const order = await this.lockOwnBooked(tx, user, id)
      await this.releaseAll(tx, order, '取消报餐，退回预扣')
      await this.releaseVoucher(tx, order)
      await repo.updateOrder(tx, id, { status: 'cancelled', closedAt: this.now() })
      return this.present(tx, id)
    })
  }

  /** Pick-up at a window of the booked canteen, on the booked day: the hold becomes the payment in one entry (or the 饭卡 pays now). */
  async pickup(user: AuthUser, id: number, input: Parsed<typeof OrderPickup>, idempotencyKey: string): Promise<Order> {
    const { db } = this.deps
    const target = await this.deps.payments.resolveWindow(input.code)
    const work = async (tx: Tx) => {
      const now = this.now()
      const order = await repo.lockOrder(tx, id)
      if (!order) throw notFound('报餐')
      await this.mustBeDiner(user, order)
      if (order.status !== 'booked') throw new AppError('MEAL_ORDER_STATE')
      if (order.merchantId !== target.merchant.id) throw new AppError('MEAL_ORDER_WRONG_CANTEEN')
      if (order.date !== shanghaiDate(now)) throw new AppError('MEAL_ORDER_NOT_TODAY')
      const paymentId = await this.charge(tx, order, target, `${target.merchant.name} ${target.window.name} 报餐取餐`, now)
      await repo.updateOrder(tx, id, { status: 'picked_up', paymentId, closedAt: now })
      return { id, response: await this.present(tx, id) }
    }
    return (await idempotent(db, { userId: user.id, scope: `meal.order-pickup:${id}`, key: idempotencyKey, body: input }, { work })).response
  }

  /** The kitchen's count: portions booked per dish and period on a day, by unit. */
  async counts(user: AuthUser, query: Parsed<typeof CountsQuery>): Promise<Counts> {
    const { db } = this.deps
    if (!(await this.mayRunKitchen(user, query.merchantId))) throw notFound('食堂')
    const [periods, menuRows, dishes, counts] = await Promise.all([menus.periodsOf(db, query.merchantId), menus.menusBetween(db, query.merchantId, query.date, query.date), menus.dishesBetween(db, query.merchantId, query.date, query.date), repo.countsOf(db, query.merchantId, query.date)])
    return {
      date: query.date,
      periods: periods.flatMap((period) => {
        const menu = menuRows.find((m) => m.periodId === period.id)
        if (!menu) return []
        const ofPeriod = counts.filter((c) => c.periodId === period.id)
        return [
          {
            periodId: period.id,
            name: period.name,
            cutoffAt: menu.cutoffAt.toISOString(),
            orders: ofPeriod.reduce((sum, c) => sum + c.orders, 0),
            dishes: dishes
              .filter((dish) => dish.periodId === period.id)
              .map((dish) => {
                const byUnit = ofPeriod.filter((c) => c.dishId === dish.id).map((c) => ({ unitName: c.unitName ?? '来宾', booked: c.qty }))
                return { dishId: dish.id, name: dish.name, booked: byUnit.reduce((sum, u) => sum + u.booked, 0), portionsLimit: dish.portionsLimit, byUnit }
              }),
          },
        ]
      }),
    }
  }

  async recordWaste(user: AuthUser, input: Parsed<typeof WasteRecord>): Promise<Waste> {
    const { db } = this.deps
    if (!(await this.mayRunKitchen(user, input.merchantId))) throw notFound('食堂')
    if (!(await menus.periodsOf(db, input.merchantId)).some((p) => p.id === input.periodId)) throw notFound('餐次')
    if (input.date > shanghaiDate(this.now())) throw new AppError('VALIDATION_FAILED', { field: 'date' }, '不能记录未来日期的厨余')
    await repo.upsertWaste(db, { ...input, recordedBy: user.id })
    const saved = await repo.findWaste(db, input.merchantId, input.date, input.periodId)
    return { merchantId: input.merchantId, date: input.date, periodId: input.periodId, kg: Number(saved?.kg ?? input.kg), portionsCooked: saved?.portionsCooked ?? null, recordedAt: (saved?.recordedAt ?? this.now()).toISOString() }
  }

  /**
   * 月度报餐统计 per canteen: booked vs served vs no-show, portions cooked vs booked, waste per diner,
   * revenue. Cooked portions and waste are what the kitchen recorded, compared with the bookings of
   * the periods it recorded them for; a period it did not record is counted as not recorded, never guessed.
   */
  async stats(query: Parsed<typeof OrderStatsQuery>): Promise<OrderStats> {
    const from = `${query.month}-01`
    const to = dayjs(from).add(1, 'month').format('YYYY-MM-DD')
    const { orders, periods, menus: menuPeriods, waste } = await repo.monthStats(this.deps.db, from, to, shanghaiDate(this.now()))
    const ids = [...new Set([...orders.map((o) => o.merchantId), ...menuPeriods.map((m) => m.merchantId), ...waste.map((w) => w.merchantId)])].sort((a, b) => a - b)
    const names = await menus.merchantNames(this.deps.db, ids)
    const key = (row: { date: string; periodId: number }) => `${row.date}/${row.periodId}`
    return {
      month: query.month,
      canteens: ids.map((merchantId) => {
        const o = orders.find((row) => row.merchantId === merchantId)
        const byPeriod = new Map(periods.filter((p) => p.merchantId === merchantId).map((p) => [key(p), p]))
        const recorded = waste.filter((w) => w.merchantId === merchantId)
        const cooked = recorded.filter((w) => w.portionsCooked !== null)
        const wasteKg = Math.round(recorded.reduce((sum, w) => sum + w.kg, 0) * 100) / 100
        const servedInWastePeriods = recorded.reduce((sum, w) => sum + (byPeriod.get(key(w))?.served ?? 0), 0)
        // periods served so far: a published menu up to today, and any period the kitchen recorded
        const periodKeys = new Set([...menuPeriods.filter((m) => m.merchantId === merchantId).map(key), ...recorded.map(key)])
        return {
          merchantId,
          merchantName: names.get(merchantId) ?? '',
          booked: o?.booked ?? 0,
          served: o?.served ?? 0,
          noShow: o?.noShow ?? 0,
          open: o?.open ?? 0,
          cancelled: o?.cancelled ?? 0,
          periods: periodKeys.size,
          portionsRecordedPeriods: cooked.length,
          portionsCooked: cooked.length ? cooked.reduce((sum, w) => sum + (w.portionsCooked ?? 0), 0) : null,
          portionsBookedRecorded: cooked.reduce((sum, w) => sum + (byPeriod.get(key(w))?.portionsBooked ?? 0), 0),
          portionsBooked: [...byPeriod.values()].reduce((sum, p) => sum + p.portionsBooked, 0),
          wasteRecordedPeriods: recorded.length,
          wasteKg,
          servedInWastePeriods,
          wastePerDinerG: servedInWastePeriods ? Math.round((wasteKg * 1000) / servedInWastePeriods) : null,
          revenueFen: o?.revenueFen ?? 0,
        }
      }),
    }
  }

  async statsWorkbook(query: Parsed<typeof OrderStatsQuery>): Promise<Buffer> {
    return statsWorkbook(await this.stats(query))
  }

  async prepSheet(user: AuthUser, query: Parsed<typeof CountsQuery>): Promise<string> {
    const counts = await this.counts(user, query)
    const merchant = await menus.findMerchant(this.deps.db, query.merchantId)
    return prepSheetHtml(merchant?.name ?? '', counts, inShanghai(this.now()).format('YYYY-MM-DD HH:mm'))
  }

  /**
   * The no-show job: a booking still open when its period has ended is charged (the hold becomes
   * the payment, at the canteen's first window) or released, by the canteen's rule, and counted as
   * a no-show. One transaction per booking; a booking picked up or cancelled meanwhile is left alone.
   */
  async closeOverdue(limit = 200): Promise<number> {
    const { db } = this.deps
    const now = this.now()
    const today = shanghaiDate(now)
    const minute = shanghaiMinuteOfDay(now)
    const due = (await repo.overdueOrders(db, today, limit)).filter((o) => o.date < today || o.endMinute <= minute)
    for (const candidate of due) {
      await withTransaction(db, async (tx) => {
        const order = await repo.lockOrder(tx, candidate.id)
        if (!order || order.status !== 'booked') return
        let paymentId: number | null = null
        // a hold or a guest's voucher is charged or released by the rule; a booking to pay at pick-up has nothing to charge
        if (order.pay !== 'on_pickup' && candidate.noShowRule === 'charge') {
          const at = await repo.firstWindowOf(tx, order.merchantId)
          paymentId = await this.charge(tx, order, at, `报餐未取餐（按食堂规则扣款）${order.date}`, now)
        } else {
          await this.releaseHold(tx, order, '报餐未取餐，退回预扣')
          await this.releaseVoucher(tx, order)
        }
        await repo.updateOrder(tx, order.id, { status: 'no_show', paymentId, closedAt: now })
      })
    }
    return due.length
  }

  // ——— pieces ———

  private async takeDishes(tx: Tx, merchantId: number, date: string, periodId: number, items: Line[]) {
    const lines = mergeLines(items)
    const dishes = await repo.dishesForBooking(tx, merchantId, date, periodId, lines.map((line) => line.dishId))
    let amountFen = 0
    const out: { dishId: number; qty: number; priceFen: number }[] = []
    for (const line of lines) {
      const dish = dishes.find((d) => d.id === line.dishId)
      if (!dish || dish.status !== 'active') throw new AppError('MEAL_DISH_NOT_ON_MENU')
      if (!(await repo.takePortions(tx, dish.id, line.qty))) throw new AppError('MEAL_DISH_SOLD_OUT', { dishId: dish.id }, `「${dish.name}」已订完，请重新选择`)
      amountFen += dish.priceFen * line.qty
      out.push({ ...line, priceFen: dish.priceFen })
    }
    return { amountFen, lines: out }
  }

  /** Moves `amountFen` from the diner's 饭卡 (补贴 first) to their meal_hold account. */
  private async hold(tx: Tx, userId: number, amountFen: number, memo: string) {
    const account = await accounts.lockAccount(tx, userId)
    if (!account) throw new AppError('MEAL_NO_ACCOUNT')
    if (account.subsidyFen + account.personalFen < amountFen) throw new AppError('MEAL_INSUFFICIENT_BALANCE')
    const subsidyFen = Math.min(account.subsidyFen, amountFen)
    const personalFen = amountFen - subsidyFen
    const to = { account: 'meal_hold' as const, ownerId: userId }
    const entryId = await this.deps.ledger.post(tx, 'meal_hold', memo, [
      { from: { account: 'meal_subsidy', ownerId: userId }, to, amountFen: subsidyFen },
      { from: { account: 'meal_personal', ownerId: userId }, to, amountFen: personalFen },
    ])
    return { subsidyFen, personalFen, entryId }
  }

  /** Gives back exactly what the booking holds, to the sub-balances it came from. */
  private async releaseHold(tx: Tx, order: repo.OrderRow, memo: string): Promise<void> {
    if (order.pay !== 'hold' || order.amountFen === 0) return
    const from = { account: 'meal_hold' as const, ownerId: order.userId }
    await this.deps.ledger.post(tx, 'meal_hold_release', memo, [
      { from, to: { account: 'meal_subsidy', ownerId: order.userId }, amountFen: order.holdSubsidyFen },
      { from, to: { account: 'meal_personal', ownerId: order.userId }, amountFen: order.holdPersonalFen },
    ])
  }

  private async releaseAll(tx: Tx, order: repo.OrderRow, memo: string): Promise<void> {
    const items = await repo.itemsOf(tx, [order.id])
    for (const item of [...items].sort((a, b) => a.dishId - b.dishId)) await repo.releasePortions(tx, item.dishId, item.qty)
    await repo.deleteItems(tx, order.id)
    await this.releaseHold(tx, order, memo)
  }

  /** A guest's booking cancelled or released: its voucher is free again. */
  private async releaseVoucher(tx: Tx, order: repo.OrderRow): Promise<void> {
    if (order.pay === 'voucher' && order.voucherId) await this.deps.vouchers.releaseBooking(tx, order.voucherId, order.id)
  }

  /** The booking's payment: its hold to the canteen in one entry, the guest's voucher as at a window, or (paid at pick-up) the 饭卡 now. */
  private async charge(tx: Tx, order: repo.OrderRow, at: { merchant: { id: number; name: string }; window: { id: number; name: string } }, memo: string, now: Date): Promise<number> {
    const windowId = at.window.id
    const [period] = (await menus.periodsOf(tx, order.merchantId)).filter((p) => p.id === order.periodId)
    const unitId = await repo.unitOf(tx, order.userId)
    if (order.pay === 'voucher') {
      if (!order.voucherId) throw new Error(`voucher booking ${order.id} has no voucher`)
      return this.deps.vouchers.redeemBooking(tx, order.voucherId, order.id, { userId: order.userId, unitId }, order.amountFen, { ...at, period: period?.name ?? null, now })
    }
    const to = { account: 'merchant_receivable' as const, ownerId: order.merchantId }
    let split = { subsidyFen: order.holdSubsidyFen, personalFen: order.holdPersonalFen }
    let entryId: number
    if (order.pay === 'hold') {
      entryId = await this.deps.ledger.post(tx, 'payment', memo, [{ from: { account: 'meal_hold', ownerId: order.userId }, to, amountFen: order.amountFen }])
    } else {
      const account = await accounts.lockAccount(tx, order.userId)
      if (!account) throw new AppError('MEAL_NO_ACCOUNT')
      if (account.subsidyFen + account.personalFen < order.amountFen) throw new AppError('MEAL_INSUFFICIENT_BALANCE')
      split = { subsidyFen: Math.min(account.subsidyFen, order.amountFen), personalFen: order.amountFen - Math.min(account.subsidyFen, order.amountFen) }
      entryId = await this.deps.ledger.post(tx, 'payment', memo, [
        { from: { account: 'meal_subsidy', ownerId: order.userId }, to, amountFen: split.subsidyFen },
        { from: { account: 'meal_personal', ownerId: order.userId }, to, amountFen: split.personalFen },
      ])
    }
    const paymentId = await payments.insertPayment(tx, { payerUserId: order.userId, payerUnitId: unitId, merchantId: order.merchantId, windowId, periodName: period?.name ?? null, method: 'account', official: false, amountFen: order.amountFen, ...split, refundedFen: 0, status: 'paid', entryId, paidAt: now, createdAt: now })
    await payments.insertFeedEvent(tx, { merchantId: order.merchantId, windowId, paymentId, kind: 'paid', amountFen: order.amountFen, createdAt: now })
    return paymentId
  }

  private async lockOwnBooked(tx: Tx, user: AuthUser, id: number): Promise<repo.OrderRow> {
    const order = await repo.lockOrder(tx, id)
    if (!order) throw notFound('报餐')
    await this.mustBeDiner(user, order)
    if (order.status !== 'booked') throw new AppError('MEAL_ORDER_STATE')
    const menu = await menus.findMenu(tx, order.merchantId, order.date, order.periodId)
    if (!menu || this.now() >= menu.cutoffAt) throw new AppError('MEAL_ORDER_CUTOFF_PASSED')
    return order
  }

  private async present(db: Db | Tx, id: number): Promise<Order> {
    const row = await repo.findOrder(db, id)
    if (!row) throw notFound('报餐')
    const menu = await menus.findMenu(db, row.order.merchantId, row.order.date, row.order.periodId)
    return presentOrder(row, await repo.itemsOf(db, [id]), menu?.cutoffAt ?? null)
  }

  private async cutoffsOf(db: Db, rows: { order: repo.OrderRow }[]): Promise<Map<number, Date>> {
    // one read per distinct menu, not per booking (a kitchen's day lists hundreds of bookings of a few menus)
    const byMenu = new Map<string, Promise<Date | null>>()
    const out = new Map<number, Date>()
    for (const { order } of rows) {
      const key = `${order.merchantId}|${order.date}|${order.periodId}`
      if (!byMenu.has(key)) byMenu.set(key, menus.findMenu(db, order.merchantId, order.date, order.periodId).then((menu) => menu?.cutoffAt ?? null))
      const cutoffAt = await byMenu.get(key)!
      if (cutoffAt) out.set(order.id, cutoffAt)
    }
    return out
  }

  /** Only who booked it changes a booking; its canteen's manager, who sees it, is told so (403), anyone else 404. */
  private async mustBeDiner(user: AuthUser, order: repo.OrderRow): Promise<void> {
    if (order.userId === user.id) return
    if (await this.mayRunKitchen(user, order.merchantId)) throw forbidden()
    throw notFound('报餐')
  }

  private async mayRunKitchen(user: AuthUser, merchantId: number): Promise<boolean> {
    if (hasRole(user, 'admin')) return true
    return hasRole(user, 'canteen_manager') && (await payments.merchantsOfStaff(this.deps.db, user.id)).includes(merchantId)
  }

  private async kitchensOf(user: AuthUser, merchantId: number | undefined): Promise<number[]> {
    if (merchantId !== undefined) {
      if (!(await this.mayRunKitchen(user, merchantId))) throw forbidden()
      return [merchantId]
    }
    if (!hasRole(user, 'canteen_manager', 'admin')) throw forbidden()
    return payments.merchantsOfStaff(this.deps.db, user.id)
  }
}

