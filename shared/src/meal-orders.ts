import { z } from './zod'
import { CalendarDate, CalendarMonth } from './time'
import { requiredLine, singleLine } from './text'

// 智慧食堂 报餐 (issue 23): weekly menus, bookings before the cut-off, the kitchen's count, waste.

export const DishTag = z.enum(['meat', 'veg', 'staple', 'soup'])
export type DishTag = z.infer<typeof DishTag>
export const DISH_TAG_LABELS: Record<DishTag, string> = { meat: '荤', veg: '素', staple: '主食', soup: '汤' }

/** The eight kinds of allergen GB 7718-2011 asks food labels to name, as the canteen marks its dishes. */
export const ALLERGENS = ['含麸质谷物', '甲壳类', '鱼类', '蛋类', '花生', '大豆', '乳制品', '坚果'] as const
export const Allergen = z.enum(ALLERGENS)
/** An allergen as a line of text shows it: the names without the label's leading 含 (含麸质谷物 → 麸质谷物). */
export const allergenName = (allergen: string) => allergen.replace(/^含/, '')
/** 「过敏原：麸质谷物、花生」, or '' for a dish without allergens. */
export const allergensText = (allergens: readonly string[]) => (allergens.length ? `过敏原：${allergens.map(allergenName).join('、')}` : '')

const Id = z.coerce.number().int().positive().max(2 ** 31 - 1)
const Fen = z.number().int().min(0).max(100_000)

/** The canteens that publish menus, with their meal periods; `managed`: the caller is one of its 食堂管理员. */
export const Canteens = z.object({
  items: z.array(z.object({ id: z.number().int(), name: z.string(), managed: z.boolean(), periods: z.array(z.object({ id: z.number().int(), name: z.string() })) })),
})
export type Canteens = z.infer<typeof Canteens>

export const MenuQuery = z.object({ merchantId: Id, from: CalendarDate, to: CalendarDate })

export const MenuDish = z.object({
  id: z.number().int(),
  name: z.string(),
  photoUrl: z.string().nullable(),
  priceFen: z.number().int(),
  tag: DishTag,
  allergens: z.array(Allergen),
  /** portions still bookable; null when the kitchen set no limit */
  left: z.number().int().nullable(),
  portionsLimit: z.number().int().nullable(),
})
export type MenuDish = z.infer<typeof MenuDish>

export const MenuPeriod = z.object({
  periodId: z.number().int(),
  name: z.string(),
  /** bookings close at (ISO 8601 UTC); null: this period takes no bookings */
  cutoffAt: z.string().nullable(),
  dishes: z.array(MenuDish),
})
export type MenuPeriod = z.infer<typeof MenuPeriod>
export const MenuDay = z.object({ date: z.string(), periods: z.array(MenuPeriod) })
export const Menus = z.object({ days: z.array(MenuDay) })
export type Menus = z.infer<typeof Menus>

export const MenuPathParams = z.object({ merchantId: Id, date: CalendarDate, periodId: Id })

export const MenuDishInput = z.object({
  /** an existing dish of this menu to keep (its bookings keep it); omitted for a new dish */
  id: Id.optional(),
  name: requiredLine('菜名', 40),
  photoUrl: z.string().url().max(300).optional(),
  priceFen: Fen.refine((fen) => fen > 0, '价格须大于 0'),
  tag: DishTag,
  portionsLimit: z.number().int().min(1).max(10_000).nullable().optional(),
  allergens: z.array(Allergen).max(ALLERGENS.length).default([]),
})

export const MenuReplace = z.object({
  dishes: z.array(MenuDishInput).max(60),
  /** this day's cut-off if not the period's rule (ISO 8601) */
  cutoffAt: z.string().datetime({ offset: true }).optional(),
})

export const MenuCopyWeek = z.object({ merchantId: Id, fromWeek: CalendarDate, toWeek: CalendarDate })
export const MenuCopyResult = z.object({ menus: z.number().int(), dishes: z.number().int() })
export type MenuCopyResult = z.infer<typeof MenuCopyResult>

export const OrderItemInput = z.object({ dishId: Id, qty: z.number().int().min(1).max(20) })
/** hold: 饭卡预扣, charged at pick-up; on_pickup: the 饭卡 pays at pick-up; voucher: a guest's 餐券 (with `voucherCode`), redeemed at pick-up */
export const OrderPay = z.enum(['hold', 'on_pickup', 'voucher'])

export const OrderCreate = z.object({
  merchantId: Id,
  date: CalendarDate,
  periodId: Id,
  items: z.array(OrderItemInput).min(1, '请至少选择一个菜').max(30),
  pay: OrderPay,
  /**
   * 为来宾报餐: the guest's 电子餐券 (the 20-character code of its link). The booking is the guest's
   * and billed to the voucher, whatever `pay` says; the voucher is reserved to it until pick-up.
   */
  voucherCode: z.string().trim().regex(/^[A-Za-z0-9]{20}$/, '餐券码应为 20 位字母或数字').optional(),
  /** the guest's name (with a voucher: the voucher's holder when left out) */
  guestName: singleLine().max(64).optional(),
})
export const OrderUpdate = z.object({ items: z.array(OrderItemInput).min(1, '请至少选择一个菜').max(30) })

export const OrderStatus = z.enum(['booked', 'picked_up', 'cancelled', 'no_show'])
export const ORDER_STATUS_LABELS = { booked: '已预订', picked_up: '已取餐', cancelled: '已取消', no_show: '未取餐' } as const

export const Order = z.object({
  id: z.number().int(),
  status: OrderStatus,
  merchantId: z.number().int(),
  merchantName: z.string(),
  date: z.string(),
  periodId: z.number().int(),
  periodName: z.string(),
  cutoffAt: z.string().nullable(),
  pay: z.enum(['hold', 'on_pickup', 'voucher']),
  amountFen: z.number().int(),
  guestName: z.string().nullable(),
  diner: z.object({ id: z.number().int(), name: z.string(), unitName: z.string().nullable() }),
  items: z.array(z.object({ dishId: z.number().int(), name: z.string(), qty: z.number().int(), priceFen: z.number().int() })),
  paymentId: z.number().int().nullable(),
  createdAt: z.string(),
})
export type Order = z.infer<typeof Order>

export const OrderListQuery = z.object({ as: z.enum(['mine', 'kitchen']).default('mine'), date: CalendarDate.optional(), merchantId: Id.optional() })
export const OrderList = z.object({ items: z.array(Order) })
export type OrderList = z.infer<typeof OrderList>

export const OrderPickup = z.object({ code: z.string().trim().min(1).max(1000).describe('the window code scanned at pick-up') })

export const CountsQuery = z.object({ merchantId: Id, date: CalendarDate })
export const Counts = z.object({
  date: z.string(),
  periods: z.array(
    z.object({
      periodId: z.number().int(),
      name: z.string(),
      cutoffAt: z.string().nullable(),
      orders: z.number().int(),
      dishes: z.array(z.object({ dishId: z.number().int(), name: z.string(), booked: z.number().int(), portionsLimit: z.number().int().nullable(), byUnit: z.array(z.object({ unitName: z.string(), booked: z.number().int() })) })),
    }),
  ),
})

/** The most portions one period of one canteen can plausibly cook (a bound against typos, not a rule). */
export const MAX_PORTIONS_COOKED = 20_000
export const WasteRecord = z.object({
  merchantId: Id,
  date: CalendarDate,
  periodId: Id,
  kg: z.number().min(0).max(10_000).multipleOf(0.01),
  portionsCooked: z.number().int().min(0).max(MAX_PORTIONS_COOKED).optional().describe('备餐份数: portions the kitchen cooked for this period (leave out when not counted)'),
})
export const Waste = WasteRecord.extend({ portionsCooked: z.number().int().nullable(), recordedAt: z.string() })
export type Waste = z.infer<typeof Waste>

export const OrderStatsQuery = z.object({ month: CalendarMonth })
export type Counts = z.infer<typeof Counts>

export const OrderStats = z.object({
  month: z.string(),
  canteens: z.array(
    z.object({
      merchantId: z.number().int(),
      merchantName: z.string(),
      /** bookings not cancelled: served + noShow + open */
      booked: z.number().int(),
      served: z.number().int(),
      noShow: z.number().int(),
      /** booked, not yet picked up nor closed (a period still to come or still being served) */
      open: z.number().int(),
      cancelled: z.number().int(),
      /** periods of the month with a published menu, up to today */
      periods: z.number().int(),
      /** of those, the periods for which the kitchen recorded portions cooked */
      portionsRecordedPeriods: z.number().int(),
      /** portions cooked as the kitchen recorded them; null when no period was recorded */
      portionsCooked: z.number().int().nullable(),
      /** portions booked (not cancelled) in the periods whose cooked portions were recorded */
      portionsBookedRecorded: z.number().int(),
      /** portions booked (not cancelled) over the whole month */
      portionsBooked: z.number().int(),
      /** periods for which the kitchen weighed the waste */
      wasteRecordedPeriods: z.number().int(),
      wasteKg: z.number(),
      /** bookings picked up in the periods whose waste was weighed */
      servedInWastePeriods: z.number().int(),
      /** waste grams ÷ servedInWastePeriods; null when nothing to divide */
      wastePerDinerG: z.number().int().nullable(),
      /** what the month's bookings were charged (pick-ups and no-shows), less refunds */
      revenueFen: z.number().int(),
    }),
  ),
})
export type OrderStats = z.infer<typeof OrderStats>
