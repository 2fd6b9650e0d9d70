import type { Role } from '@egj/shared'

/*
 * Which tiles 首页 offers whom (pure: no Taro, so jest tests it; the page gives each key its icon
 * and the page it opens). A tile is offered only to someone who can use what it opens, and a
 * role's daily work comes before the services anyone has.
 */

/** Who is looking at home: null when signed out. */
export interface HomeViewer {
  roles: Role[]
  /** staff of a member unit: they have a meal account (饭卡); visitors have none */
  hasUnit: boolean
}

export type HomeTileKey =
  | 'cockpit'
  | 'supervision'
  | 'cashier'
  | 'statement'
  | 'settlement'
  | 'gate'
  | 'dispatch'
  | 'meeting-service'
  | 'meal-admin'
  | 'kitchen'
  | 'visit-admin'
  | 'vehicle-admin'
  | 'room-admin'
  | 'asset-admin'
  | 'repair-dispatch'
  | 'repair-work'
  | 'repair-admin'
  | 'org-people'
  | 'org-units'
  | 'org-import'
  | 'org-audit'
  | 'org-directory'
  | 'pay'
  | 'meal-book'
  | 'car'
  | 'room'
  | 'asset'
  | 'repair'
  | 'invite'
  | 'visit'
  | 'visits'
  | 'mine'

export interface HomeTile {
  key: HomeTileKey
  /** the title of the page it opens */
  text: string
}

const has = (viewer: HomeViewer | null, roles: Role[]) => !!viewer && roles.some((role) => viewer.roles.includes(role))

/**
 * 访客预约 / 我的来访 are for people who visit: a visitor, staff visiting another unit, and
 * whoever has not signed in yet. An account that is only a post at the centre (收银, 门岗,
 * 驾驶员, 结算 …) does not visit its own workplace, nor does a 领导 (with or without a unit).
 */
const visits = (viewer: HomeViewer | null) => !viewer || has(viewer, ['staff']) || (!viewer.hasUnit && !has(viewer, ['leader']))

/**
 * 报修 is for everyone who works here, whatever their post (a 领导 too: the BFF's TICKET_USERS are
 * every role but a visitor's); not for a visitor.
 */
const staffMember = (viewer: HomeViewer | null) => !!viewer && viewer.roles.some((role) => role !== 'visitor')

/** 驾驶舱 and 督办: the centre and leaders see the whole city; a unit's approver their own unit. */
const COCKPIT_READERS: Role[] = ['admin', 'leader', 'approver']

// in this order on screen: work tiles first (each role's own), then services
const TILES: (HomeTile & { for: (viewer: HomeViewer | null) => boolean })[] = [
  // today at a glance and the red lights being followed up: a leader's whole work, first for everyone who has it
  { key: 'cockpit', text: '驾驶舱', for: (v) => has(v, COCKPIT_READERS) },
  { key: 'supervision', text: '督办', for: (v) => has(v, COCKPIT_READERS) },
  { key: 'cashier', text: '收银台', for: (v) => has(v, ['cashier']) },
  { key: 'statement', text: '日结单', for: (v) => has(v, ['cashier', 'settlement']) },
  { key: 'settlement', text: '结算对账', for: (v) => has(v, ['settlement', 'admin']) },
  { key: 'gate', text: '门岗', for: (v) => has(v, ['guard']) },
  { key: 'dispatch', text: '派车', for: (v) => has(v, ['dispatcher']) },
  { key: 'meeting-service', text: '会务任务', for: (v) => has(v, ['meeting_service']) },
  // 报修: the dispatcher's queue and a worker's tasks are their daily work
  { key: 'repair-dispatch', text: '派单', for: (v) => has(v, ['repair_dispatcher']) },
  { key: 'repair-work', text: '维修任务', for: (v) => has(v, ['repair_worker']) },
  // the canteen's own 食堂管理 (菜单, 备餐, 厨余); the centre's 食堂管理 is the merchants' list
  { key: 'kitchen', text: '食堂管理', for: (v) => has(v, ['canteen_manager']) },
  { key: 'meal-admin', text: '食堂管理', for: (v) => has(v, ['admin']) },
  { key: 'visit-admin', text: '访客管理', for: (v) => has(v, ['admin']) },
  { key: 'vehicle-admin', text: '车辆管理', for: (v) => has(v, ['admin']) },
  { key: 'room-admin', text: '会议室管理', for: (v) => has(v, ['admin']) },
  // 公物仓: a unit's 资产管理员 keeps its assets; the centre approves transfers and 报废
  { key: 'asset-admin', text: '资产管理', for: (v) => has(v, ['asset_keeper', 'admin']) },
  // the centre: every ticket, 服务受理 to answer, locations, firms, the calendar and the month's figures
  { key: 'repair-admin', text: '报修管理', for: (v) => has(v, ['admin']) },
  // 人员与权限: a 单位管理员 keeps their own unit's people; the unit tree, the log and the directory are the centre's
  { key: 'org-people', text: '人员管理', for: (v) => has(v, ['admin', 'unit_admin']) },
  { key: 'org-units', text: '单位管理', for: (v) => has(v, ['admin']) },
  { key: 'org-import', text: '人员导入', for: (v) => has(v, ['admin', 'unit_admin']) },
  { key: 'org-audit', text: '操作留痕', for: (v) => has(v, ['admin']) },
  { key: 'org-directory', text: '通讯录同步', for: (v) => has(v, ['admin']) },
  // paying needs a meal account (a visitor pays a voucher or WeChat Pay from a scanned window code: 扫码)
  { key: 'pay', text: '扫码支付', for: (v) => !v || v.hasUnit },
  { key: 'meal-book', text: '报餐', for: (v) => has(v, ['staff']) },
  { key: 'car', text: '用车申请', for: (v) => has(v, ['staff']) },
  { key: 'room', text: '会议室预订', for: (v) => has(v, ['staff', 'approver', 'admin']) },
  // the centre reaches 调剂 to approve from the warehouse's 调剂 tab
  { key: 'asset', text: '公物仓', for: (v) => has(v, ['staff', 'asset_keeper', 'admin']) },
  { key: 'repair', text: '报修', for: staffMember },
  { key: 'invite', text: '邀请访客', for: (v) => has(v, ['staff']) },
  { key: 'visit', text: '访客预约', for: visits },
  { key: 'visits', text: '我的来访', for: visits },
  { key: 'mine', text: '我的', for: () => true },
]

/** The tiles `viewer` sees on 首页, in order. */
export function homeTiles(viewer: HomeViewer | null): HomeTile[] {
  return TILES.filter((tile) => tile.for(viewer)).map(({ key, text }) => ({ key, text }))
}
