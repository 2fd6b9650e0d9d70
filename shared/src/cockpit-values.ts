/*
 * The plain values of the 驾驶舱 (indicators, lights) and 督办 (no schemas), re-exported by cockpit.ts:
 * pages need the lists and labels, not the schemas (see org-admin-values.ts for why).
 */

export const LIGHTS = ['green', 'yellow', 'red'] as const
export type Light = (typeof LIGHTS)[number]
export const LIGHT_LABELS: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' }

/** Which way is bad: a count of overdue loans is bad when high; a use rate could be bad when low. */
export const THRESHOLD_DIRECTIONS = ['higher_is_bad', 'lower_is_bad'] as const
export type ThresholdDirection = (typeof THRESHOLD_DIRECTIONS)[number]
export const THRESHOLD_DIRECTION_LABELS: Record<ThresholdDirection, string> = { higher_is_bad: '越高越差', lower_is_bad: '越低越差' }

/** The modules the tiles are grouped by, in the order the cockpit shows them. */
export const COCKPIT_GROUPS = ['meal', 'visits', 'vehicles', 'rooms', 'tickets', 'assets'] as const
export type CockpitGroup = (typeof COCKPIT_GROUPS)[number]
export const COCKPIT_GROUP_LABELS: Record<CockpitGroup, string> = { meal: '公务餐', visits: '访客', vehicles: '公务用车', rooms: '会议室', tickets: '报修', assets: '公物仓' }

/**
 * Every indicator. `kind`: a `flow` counts what happened during the day (payments, km); a `stock`
 * counts what stands at a moment (visitors inside, loans overdue) — for today at the last refresh,
 * for a past day at its end. `unitOf` says which unit a record belongs to: a red light of that
 * unit opens its 督办. Thresholds here are the defaults; the centre changes them (audited).
 * `yellow`/`red` null: the indicator is shown, never lit (always green).
 */
export const INDICATORS = [
  { key: 'meal_payments', group: 'meal', name: '公务餐就餐', unit: '笔', kind: 'flow', unitOf: '就餐人所在单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'meal_amount', group: 'meal', name: '公务餐金额', unit: '元', kind: 'flow', unitOf: '就餐人所在单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'meal_over_cap', group: 'meal', name: '公务餐超标', unit: '笔', kind: 'flow', unitOf: '就餐人所在单位', yellow: 1, red: 3, direction: 'higher_is_bad' },
  { key: 'visits_expected', group: 'visits', name: '今日预约访客', unit: '人', kind: 'flow', unitOf: '被访人所在单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'visits_inside', group: 'visits', name: '在园访客', unit: '人', kind: 'stock', unitOf: '被访人所在单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'visits_overstaying', group: 'visits', name: '逾时未离访客', unit: '人', kind: 'stock', unitOf: '被访人所在单位', yellow: 1, red: 3, direction: 'higher_is_bad' },
  { key: 'visits_unapproved', group: 'visits', name: '超时未审批访客', unit: '人', kind: 'stock', unitOf: '被访人所在单位', yellow: 1, red: 3, direction: 'higher_is_bad' },
  { key: 'car_tasks_running', group: 'vehicles', name: '执行中用车', unit: '单', kind: 'stock', unitOf: '用车单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'car_requests_waiting', group: 'vehicles', name: '等待超 2 小时用车', unit: '单', kind: 'stock', unitOf: '用车单位', yellow: 1, red: 3, direction: 'higher_is_bad' },
  { key: 'car_km_today', group: 'vehicles', name: '行驶里程', unit: '公里', kind: 'flow', unitOf: '用车单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'car_private_reports', group: 'vehicles', name: '私用举报未处理', unit: '条', kind: 'stock', unitOf: '车辆所属单位', yellow: 1, red: 2, direction: 'higher_is_bad' },
  { key: 'meetings_now', group: 'rooms', name: '进行中会议', unit: '场', kind: 'stock', unitOf: '预订人所在单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'meetings_today', group: 'rooms', name: '今日会议', unit: '场', kind: 'flow', unitOf: '预订人所在单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'room_use_pct', group: 'rooms', name: '会议室使用率', unit: '%', kind: 'flow', unitOf: '预订人所在单位', yellow: null, red: null, direction: 'lower_is_bad' },
  { key: 'room_no_show_pct', group: 'rooms', name: '会议室爽约率', unit: '%', kind: 'flow', unitOf: '预订人所在单位', yellow: 10, red: 20, direction: 'higher_is_bad' },
  { key: 'tickets_open', group: 'tickets', name: '未完成报修', unit: '单', kind: 'stock', unitOf: '报修人所在单位', yellow: null, red: null, direction: 'higher_is_bad' },
  { key: 'tickets_overdue', group: 'tickets', name: '报修超时', unit: '单', kind: 'stock', unitOf: '报修人所在单位', yellow: 1, red: 3, direction: 'higher_is_bad' },
  { key: 'loans_overdue', group: 'assets', name: '借用逾期未还', unit: '件', kind: 'stock', unitOf: '借用人所在单位', yellow: 1, red: 2, direction: 'higher_is_bad' },
] as const satisfies readonly {
  key: string
  group: CockpitGroup
  name: string
  unit: string
  kind: 'flow' | 'stock'
  unitOf: string
  yellow: number | null
  red: number | null
  direction: ThresholdDirection
}[]

export type IndicatorKey = (typeof INDICATORS)[number]['key']
export const INDICATOR_KEYS = INDICATORS.map((i) => i.key) as unknown as readonly [IndicatorKey, ...IndicatorKey[]]
export type IndicatorDefinition = (typeof INDICATORS)[number]
export const indicatorOf = (key: IndicatorKey): IndicatorDefinition => INDICATORS.find((i) => i.key === key)!

/** The thresholds in force for one indicator. */
export interface Thresholds {
  yellow: number | null
  red: number | null
  direction: ThresholdDirection
}

/**
 * The light of a value: red at or past `red`, yellow at or past `yellow` (past = above when higher
 * is bad, below when lower is bad). A threshold left empty never lights.
 */
export function lightOf(value: number, t: Thresholds): Light {
  const reached = (limit: number | null) => limit !== null && (t.direction === 'higher_is_bad' ? value >= limit : value <= limit)
  if (reached(t.red)) return 'red'
  if (reached(t.yellow)) return 'yellow'
  return 'green'
}

/** yellow must come before red in the bad direction (or either be empty). */
export function thresholdsInOrder(t: Thresholds): boolean {
  if (t.yellow === null || t.red === null) return true
  return t.direction === 'higher_is_bad' ? t.yellow <= t.red : t.yellow >= t.red
}

/**
 * 督办: open (待整改) → replied (已回复, the unit said what it did) → closed (已销号 by the centre),
 * or back to open when the centre returns the reply (退回).
 */
export const SUPERVISION_STATUSES = ['open', 'replied', 'closed'] as const
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number]
export const SUPERVISION_STATUS_LABELS: Record<SupervisionStatus, string> = { open: '待整改', replied: '待销号', closed: '已销号' }

export const SUPERVISION_EVENT_KINDS = ['opened', 'replied', 'returned', 'closed'] as const
export type SupervisionEventKind = (typeof SUPERVISION_EVENT_KINDS)[number]
export const SUPERVISION_EVENT_LABELS: Record<SupervisionEventKind, string> = { opened: '亮红灯，发起督办', replied: '单位回复整改情况', returned: '管理中心退回', closed: '管理中心销号' }

/** A 督办 is due this many working days after it opens (the working calendar of 报修). */
export const SUPERVISION_DUE_WORKING_DAYS = 3
