import type { Canteens, MenuCopyResult, MenuCopyWeek, MenuPathParams, MenuPeriod, MenuQuery, MenuReplace, Menus, Parsed } from '@egj/shared'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'
import dayjs from 'dayjs'
import type { Db, Tx } from '../../../db/client'
import { idempotent } from '../../../lib/idempotency'
import { hasRole, type AuthUser } from '../../../lib/auth'
import { AppError, forbidden, notFound } from '../../../lib/errors'
import * as staff from '../common/payment-row.repo'
import * as repo from '../common/menu.repo'
import { presentMenuPeriod } from './menus.presenter'

/** a menu query spans at most five weeks (a month view) */
const MAX_DAYS = 35

export interface MenuServiceDeps {
  db: Db
  now?: () => Date
}

const daysFrom = (from: string, count: number) => Array.from({ length: count }, (_v, i) => dayjs(from).add(i, 'day').format('YYYY-MM-DD'))

/** When bookings of a period close on a day: the period's rule, or until the meal starts when it has none. */
export function cutoffFor(period: repo.PeriodRow, date: string): Date {
  return new Date(shanghaiDayStart(date).getTime() + (period.bookingCutoffMinute ?? period.startMinute) * 60_000)
}

/** 智慧食堂 菜单: a canteen publishes each day's menu per period; everyone signed in reads it. */
export class MenuService {
  private readonly now: () => Date
  constructor(private readonly deps: MenuServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  /** The pages need a canteen's id before anything else: the active canteens, the caller's own marked. */
  async canteens(user: AuthUser): Promise<Canteens> {
    const [rows, managed] = await Promise.all([repo.activeCanteens(this.deps.db), hasRole(user, 'canteen_manager') ? staff.merchantsOfStaff(this.deps.db, user.id) : ([] as number[])])
    const periods = await repo.periodsOfMerchants(this.deps.db, rows.map((row) => row.id))
    return {
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        managed: managed.includes(row.id),
        periods: periods.filter((period) => period.merchantId === row.id).map((period) => ({ id: period.id, name: period.name })),
      })),
    }
  }

  async list(query: Parsed<typeof MenuQuery>): Promise<Menus> {
    const { db } = this.deps
    const days = dayjs(query.to).diff(dayjs(query.from), 'day') + 1
    if (days < 1) throw new AppError('VALIDATION_FAILED', { field: 'to' }, '结束日期不能早于开始日期')
    if (days > MAX_DAYS) throw new AppError('VALIDATION_FAILED', { field: 'to' }, `一次最多查询 ${MAX_DAYS} 天的菜单`)
    const merchant = await repo.findMerchant(db, query.merchantId)
    if (!merchant || merchant.kind !== 'canteen') throw notFound('食堂')
    const [periods, menus, dishes] = await Promise.all([repo.periodsOf(db, merchant.id), repo.menusBetween(db, merchant.id, query.from, query.to), repo.dishesBetween(db, merchant.id, query.from, query.to)])
    return {
      days: daysFrom(query.from, days).map((date) => ({
        date,
        periods: periods.flatMap((period) => {
          const menu = menus.find((m) => m.date === date && m.periodId === period.id)
          return menu ? [presentMenuPeriod(period, menu, dishes.filter((dish) => dish.date === date && dish.periodId === period.id))] : []
        }),
      })),
    }
  }

  /**
   * Publishes (or changes) one day's menu of one period. A dish someone booked is never deleted:
   * left out of the new list it is withdrawn (its bookings keep it), and its portions cannot drop
   * below what is already booked.
   */
  async replace(user: AuthUser, params: Parsed<typeof MenuPathParams>, input: Parsed<typeof MenuReplace>, idempotencyKey: string): Promise<MenuPeriod> {
    const { db } = this.deps
    const period = await this.periodOfManagedCanteen(user, params.merchantId, params.periodId)
    const work = async (tx: Tx) => {
      if (params.date < shanghaiDate(this.now())) throw new AppError('VALIDATION_FAILED', { field: 'date' }, '不能修改过去日期的菜单')
      const cutoffAt = input.cutoffAt ? new Date(input.cutoffAt) : cutoffFor(period, params.date)
      const periodEnds = new Date(shanghaiDayStart(params.date).getTime() + period.endMinute * 60_000)
      if (cutoffAt >= periodEnds) throw new AppError('VALIDATION_FAILED', { field: 'cutoffAt' }, '报餐截止时间须早于该餐次结束')
      // the menu row first: publishing the same menu twice at once is serialised on it
      await repo.upsertMenu(tx, { merchantId: params.merchantId, date: params.date, periodId: params.periodId, cutoffAt, publishedBy: user.id })
      const existing = await repo.dishesOfMenu(tx, params.merchantId, params.date, params.periodId)
      const kept = new Set<number>()
      for (const [sort, dish] of input.dishes.entries()) {
        const values = { name: dish.name, photoUrl: dish.photoUrl ?? null, priceFen: dish.priceFen, tag: dish.tag, portionsLimit: dish.portionsLimit ?? null, allergens: dish.allergens, sort, status: 'active' as const }
        if (dish.id === undefined) {
          await repo.insertDish(tx, { ...values, merchantId: params.merchantId, date: params.date, periodId: params.periodId })
          continue
        }
        const current = existing.find((row) => row.id === dish.id)
        if (!current) throw new AppError('VALIDATION_FAILED', { field: `dishes.${sort}.id` }, '该菜不在这份菜单上')
        if (values.portionsLimit !== null && values.portionsLimit < current.booked) throw new AppError('VALIDATION_FAILED', { field: `dishes.${sort}.portionsLimit` }, `「${dish.name}」已预订 ${current.booked} 份，份数不能更少`)
        kept.add(current.id)
        await repo.updateDish(tx, current.id, values)
      }
      const dropped = existing.filter((row) => !kept.has(row.id) && row.status === 'active')
      const booked = await repo.dishesWithOrders(tx, dropped.map((row) => row.id))
      for (const row of dropped.filter((r) => booked.has(r.id))) await repo.updateDish(tx, row.id, { status: 'withdrawn' })
      await repo.deleteDishes(tx, dropped.filter((r) => !booked.has(r.id)).map((r) => r.id))
      const menu = await repo.findMenu(tx, params.merchantId, params.date, params.periodId)
      return { id: params.periodId, response: presentMenuPeriod(period, menu!, await repo.dishesOfMenu(tx, params.merchantId, params.date, params.periodId)) }
    }
    return (await idempotent(db, { userId: user.id, scope: `meal.menu:${params.merchantId}:${params.date}:${params.periodId}`, key: idempotencyKey, body: input }, { work })).response
  }

  /** Copies every menu of one week (Monday `fromWeek`) to the week of Monday `toWeek`; days already published there are left alone. */
  async copyWeek(user: AuthUser, input: Parsed<typeof MenuCopyWeek>, idempotencyKey: string): Promise<MenuCopyResult> {
    const { db } = this.deps
    for (const [field, day] of [['fromWeek', input.fromWeek], ['toWeek', input.toWeek]] as const) {
      if (dayjs(day).day() !== 1) throw new AppError('VALIDATION_FAILED', { field }, '请选择一周的星期一')
    }
    if (input.fromWeek === input.toWeek) throw new AppError('VALIDATION_FAILED', { field: 'toWeek' }, '不能复制到同一周')
    await this.periodOfManagedCanteen(user, input.merchantId)
    const periods = await repo.periodsOf(db, input.merchantId)
    const work = async (tx: Tx) => {
      const today = shanghaiDate(this.now())
      const shift = dayjs(input.toWeek).diff(dayjs(input.fromWeek), 'day')
      const fromEnd = dayjs(input.fromWeek).add(6, 'day').format('YYYY-MM-DD')
      const toEnd = dayjs(input.toWeek).add(6, 'day').format('YYYY-MM-DD')
      const [sources, sourceDishes, taken] = await Promise.all([repo.menusBetween(tx, input.merchantId, input.fromWeek, fromEnd), repo.dishesBetween(tx, input.merchantId, input.fromWeek, fromEnd), repo.menusBetween(tx, input.merchantId, input.toWeek, toEnd)])
      let menus = 0
      let dishes = 0
      for (const source of sources) {
        const date = dayjs(source.date).add(shift, 'day').format('YYYY-MM-DD')
        const period = periods.find((p) => p.id === source.periodId)
        if (!period || date < today || taken.some((t) => t.date === date && t.periodId === source.periodId)) continue
        await repo.upsertMenu(tx, { merchantId: input.merchantId, date, periodId: source.periodId, cutoffAt: cutoffFor(period, date), publishedBy: user.id })
        menus++
        for (const dish of sourceDishes.filter((d) => d.date === source.date && d.periodId === source.periodId)) {
          await repo.insertDish(tx, { merchantId: input.merchantId, date, periodId: dish.periodId, name: dish.name, photoUrl: dish.photoUrl, priceFen: dish.priceFen, tag: dish.tag, portionsLimit: dish.portionsLimit, allergens: dish.allergens, sort: dish.sort })
          dishes++
        }
      }
      return { id: menus, response: { menus, dishes } }
    }
    return (await idempotent(db, { userId: user.id, scope: `meal.menu-copy:${input.merchantId}`, key: idempotencyKey, body: input }, { work })).response
  }

  /** The canteen (and, given, its period) the user manages: a 食堂管理员 of it, or an admin. */
  private async periodOfManagedCanteen(user: AuthUser, merchantId: number, periodId?: number): Promise<repo.PeriodRow> {
    const { db } = this.deps
    const merchant = await repo.findMerchant(db, merchantId)
    if (!merchant || merchant.kind !== 'canteen') throw notFound('食堂')
    if (!hasRole(user, 'admin') && !(await staff.merchantsOfStaff(db, user.id)).includes(merchantId)) throw forbidden()
    const periods = await repo.periodsOf(db, merchantId)
    const period = periodId === undefined ? periods[0] : periods.find((p) => p.id === periodId)
    if (!period) throw notFound('餐次')
    return period
  }
}

