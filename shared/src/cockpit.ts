import { INDICATOR_KEYS, LIGHTS, SUPERVISION_EVENT_KINDS, SUPERVISION_STATUSES, THRESHOLD_DIRECTIONS } from './cockpit-values'
import { Cursor, IdNumber } from './ids'
import { reasonText } from './text'
import { CalendarDate } from './time'
import { z } from './zod'

// 驾驶舱: today's indicators with their lights, trends and the records behind each number; 督办: a red
// light becomes a tracked item for the unit that made it red, until the centre closes it.

export * from './cockpit-values'

export const IndicatorKeySchema = z.enum(INDICATOR_KEYS, { error: '没有这个指标' })
export const LightSchema = z.enum(LIGHTS)
export const ThresholdDirectionSchema = z.enum(THRESHOLD_DIRECTIONS)
export const SupervisionStatusSchema = z.enum(SUPERVISION_STATUSES)

const UnitIdQuery = IdNumber.optional()

export const ThresholdsSchema = z.object({
  /** null: this step never lights */
  yellow: z.number().nullable(),
  red: z.number().nullable(),
  direction: ThresholdDirectionSchema,
})

export const CockpitQuery = z.object({
  /** a day (Asia/Shanghai); today when left out */
  date: CalendarDate.optional(),
  /** one unit's figures; the whole city when left out (a unit's approver always sees their own unit) */
  unitId: UnitIdQuery,
})

export const Indicator = z.object({
  key: IndicatorKeySchema,
  group: z.string(),
  name: z.string(),
  /** null when the figure cannot be had for this scope (e.g. a rate with nothing to divide by) */
  value: z.number().nullable(),
  /** 笔, 元, 人, %, … */
  unit: z.string(),
  light: LightSchema,
  thresholds: ThresholdsSchema,
  /** the mini-app page listing the records this number counts (pageUrl of PAGES.cockpitRecords) */
  listPath: z.string(),
})
export type Indicator = z.infer<typeof Indicator>

export const Cockpit = z.object({
  date: z.string(),
  unitId: z.number().int().nullable(),
  /** 全市 or the unit's name */
  scopeName: z.string(),
  /** when the figures were last counted (ISO); null for a day never counted */
  refreshedAt: z.string().nullable(),
  indicators: z.array(Indicator),
  /** open 督办 in this scope: 待整改 and 待销号 */
  supervision: z.object({ open: z.number().int(), replied: z.number().int(), overdue: z.number().int() }),
})
export type Cockpit = z.infer<typeof Cockpit>

export const IndicatorKeyParam = z.object({ key: IndicatorKeySchema })

export const TrendQuery = z.object({
  days: z.coerce.number().int('天数须为整数').min(2, '至少 2 天').max(366, '最多 366 天').default(30),
  /** the last day of the trend; today when left out */
  to: CalendarDate.optional(),
  unitId: UnitIdQuery,
})
export const TrendPoint = z.object({ date: z.string(), value: z.number().nullable(), light: LightSchema })
export const Trend = z.object({
  key: IndicatorKeySchema,
  name: z.string(),
  unit: z.string(),
  thresholds: ThresholdsSchema,
  /** oldest first, one per day; a day never counted has value null and a green light */
  points: z.array(TrendPoint),
})
export type Trend = z.infer<typeof Trend>

export const BreakdownQuery = z.object({
  date: CalendarDate.optional(),
  unitId: UnitIdQuery,
  /** by unit (every indicator) or by canteen (公务餐 indicators only) */
  by: z.enum(['unit', 'merchant']).default('unit'),
})
export const Breakdown = z.object({
  key: IndicatorKeySchema,
  by: z.enum(['unit', 'merchant']),
  /** largest first; light by the thresholds (a unit's own figure) */
  groups: z.array(z.object({ id: z.number().int().nullable(), name: z.string(), value: z.number().nullable(), light: LightSchema })),
})
export type Breakdown = z.infer<typeof Breakdown>

export const RecordsQuery = z.object({
  date: CalendarDate.optional(),
  unitId: UnitIdQuery,
  cursor: Cursor.optional(),
})
/** One record behind a number: a payment, a visit, a car request, a booking, a ticket, a loan. */
export const CockpitRecord = z.object({
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string().nullable(),
  /** the time that puts it in the count (ISO) */
  at: z.string().nullable(),
  unitName: z.string().nullable(),
  /** its figure when it adds more than 1 (元, 公里, minutes), else null */
  amount: z.string().nullable(),
  /** the record's own page when the caller may open it, else null */
  url: z.string().nullable(),
})
export const CockpitRecords = z.object({
  key: IndicatorKeySchema,
  name: z.string(),
  date: z.string(),
  scopeName: z.string(),
  /** the same number the tile shows */
  value: z.number().nullable(),
  items: z.array(CockpitRecord),
  nextCursor: z.string().nullable(),
})
export type CockpitRecords = z.infer<typeof CockpitRecords>

const thresholdValue = z.number({ error: '阈值须为数字' }).min(0, '阈值不能为负数').max(1_000_000_000, '阈值过大').nullable()
export const ThresholdsUpdate = z.object({
  yellow: thresholdValue,
  red: thresholdValue,
  /** left out: unchanged */
  direction: ThresholdDirectionSchema.optional(),
  reason: reasonText('修改原因', 200),
})
export const IndicatorSettings = z.object({
  key: IndicatorKeySchema,
  name: z.string(),
  thresholds: ThresholdsSchema,
  /** who changed them last and why; null while the defaults are in force */
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  reason: z.string().nullable(),
})
export type IndicatorSettings = z.infer<typeof IndicatorSettings>

export const LightHistoryQuery = z.object({ unitId: UnitIdQuery })
/** Each change of an indicator's light in a scope, newest first. */
export const LightHistory = z.object({
  items: z.array(z.object({ at: z.string(), date: z.string(), from: LightSchema, to: LightSchema, value: z.number().nullable() })),
})

// --- 督办 ----------------------------------------------------------------------------------------

export const SupervisionListQuery = z.object({
  status: SupervisionStatusSchema.optional(),
  unitId: UnitIdQuery,
  cursor: Cursor.optional(),
})
export const SupervisionItem = z.object({
  id: z.number().int(),
  indicatorKey: IndicatorKeySchema,
  indicatorName: z.string(),
  unitId: z.number().int(),
  unitName: z.string(),
  /** ISO */
  openedAt: z.string(),
  /** the day the value went red, and the value */
  openedDate: z.string(),
  openedValue: z.number().nullable(),
  /** YYYY-MM-DD: the unit must reply by then (working days) */
  dueOn: z.string(),
  /** open and past dueOn */
  overdue: z.boolean(),
  status: SupervisionStatusSchema,
  /** the unit's last reply (整改情况) */
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  /** why the centre sent the last reply back */
  returnReason: z.string().nullable(),
  returnedCount: z.number().int(),
  closedAt: z.string().nullable(),
})
export type SupervisionItem = z.infer<typeof SupervisionItem>
export const SupervisionList = z.object({ items: z.array(SupervisionItem), nextCursor: z.string().nullable() })

export const SupervisionDetail = SupervisionItem.extend({
  events: z.array(z.object({ kind: z.enum(SUPERVISION_EVENT_KINDS), at: z.string(), actorName: z.string().nullable(), text: z.string().nullable() })),
  /** what the caller may do now */
  can: z.object({ reply: z.boolean(), close: z.boolean(), return: z.boolean() }),
})
export type SupervisionDetail = z.infer<typeof SupervisionDetail>

export const SupervisionReply = z.object({ text: reasonText('整改情况', 500) })
export const SupervisionReturn = z.object({ reason: reasonText('退回原因', 200) })
