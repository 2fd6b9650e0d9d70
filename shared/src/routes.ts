/*
 * Every page of the mini-app, as data (ARCHITECTURE.md point 15): its path and the query
 * parameters it reads. The mini-app's navigation and every link the BFF writes (notifications,
 * 待办, payment return pages, QR landings) are built from this table with `pageUrl`, so a link
 * names a page that exists and carries what that page needs: a missing or mistyped parameter does
 * not compile. `bff/test/page-routes.test.ts` holds the table to `miniapp/src/app.config.ts`, both
 * ways, and reads back the links the BFF writes. (Hand-typed links once sent every room
 * notification to a page that did not exist.)
 */

/** One query parameter: how its text reads back (undefined: not a valid value). */
export interface QueryParam<T = unknown, Optional extends boolean = boolean> {
  readonly read: (text: string) => T | undefined
  readonly optional: Optional
}

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key)

const required = <T>(read: (text: string) => T | undefined): QueryParam<T, false> => ({ read, optional: false })

/** The kinds of query parameter pages read (required; wrap in `optional()` when a link may leave one out). */
export const param = {
  /** a row id: a positive integer */
  id: required((text) => (/^[1-9]\d*$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined)),
  /** a calendar day, YYYY-MM-DD (Asia/Shanghai) */
  date: required((text) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined)),
  /** a clock time, HH:mm */
  time: required((text) => (/^\d{2}:\d{2}$/.test(text) ? text : undefined)),
  /** text that is not empty: a token, a code, a path */
  text: required((text) => (text ? text : undefined)),
  /** one of a few words */
  oneOf: <const T extends string>(...values: T[]) => required((text) => values.find((value) => value === text)),
}

/** The same parameter, which a link may leave out. */
export const optional = <T>(p: QueryParam<T, false>): QueryParam<T, true> => ({ read: p.read, optional: true })

type QuerySpec = Record<string, QueryParam>
export interface PageRoute<Q extends QuerySpec = QuerySpec> {
  /** the page's path as the mini-app's router knows it (app.config.ts, with a leading slash) */
  readonly path: string
  readonly query: Q
}

const page = <const Q extends QuerySpec = Record<never, QueryParam>>(path: string, query?: Q): PageRoute<Q> => ({ path, query: query ?? ({} as Q) })

/** Every page, main package first, then the subpackages in app.config.ts's order. */
export const PAGES = {
  home: page('/pages/index/index'),
  mine: page('/pages/mine/index'),
  /** `redirect`: the in-app page to return to after signing in; `ended=1`: the server ended the session (停用, expired) */
  login: page('/pages/login/index', { redirect: optional(param.text), ended: optional(param.oneOf('1')) }),
  /** where a scanned code lands from outside the app: `code` from the BFF's /q/ redirect, `q` from WeChat's "scan a plain link" */
  scan: page('/pages/scan/index', { code: optional(param.text), q: optional(param.text) }),

  mealPay: page('/packages/meal/pages/pay/index', { token: param.text }),
  mealReceipt: page('/packages/meal/pages/receipt/index', { id: param.id }),
  /** `topup=1` opens the top-up form */
  mealAccount: page('/packages/meal/pages/account/index', { topup: optional(param.oneOf('1')) }),
  mealCashier: page('/packages/meal/pages/cashier/index'),
  mealVoucher: page('/packages/meal/pages/voucher/index', { code: param.text }),
  /** 报餐: the canteen's menus of this week and next; `id`: the booking to change (修改) */
  /** `id`: 修改 that booking; `voucher`: 为来宾报餐 on that 餐券 (from the voucher's page) */
  mealBook: page('/packages/meal/pages/book/index', { id: optional(param.id), voucher: optional(param.text) }),
  mealBookings: page('/packages/meal/pages/bookings/index'),

  vehicleCar: page('/packages/vehicle/pages/car/index', { token: param.text }),
  vehicleList: page('/packages/vehicle/pages/list/index', { tab: optional(param.oneOf('requester', 'approver')) }),
  /** the new-request form (a request itself is `vehicleRequest`) */
  vehicleRequestForm: page('/packages/vehicle/pages/request/index'),
  vehicleRequest: page('/packages/vehicle/pages/detail/index', { id: param.id }),

  dispatchBoard: page('/packages/dispatch/pages/board/index', { date: optional(param.date) }),

  vehicleAdmin: page('/packages/vehicle-admin/pages/vehicles/index'),
  vehicleDrivers: page('/packages/vehicle-admin/pages/drivers/index'),
  vehicleReports: page('/packages/vehicle-admin/pages/reports/index'),
  vehicleStats: page('/packages/vehicle-admin/pages/stats/index'),

  roomDoor: page('/packages/room/pages/door/index', { token: param.text }),
  roomFind: page('/packages/room/pages/find/index', { date: optional(param.date) }),
  roomBook: page('/packages/room/pages/book/index', { roomId: param.id, date: param.date, start: optional(param.time) }),
  /** 我的预订, or 待我审批 with `as=approver` */
  roomMine: page('/packages/room/pages/mine/index', { as: optional(param.oneOf('organiser', 'approver')) }),
  roomBooking: page('/packages/room/pages/detail/index', { id: param.id }),

  meetingTasks: page('/packages/meeting-service/pages/tasks/index', { date: optional(param.date) }),

  roomAdmin: page('/packages/room-admin/pages/rooms/index'),
  /** one room's settings; without `id` a new room */
  roomAdminEdit: page('/packages/room-admin/pages/room/index', { id: optional(param.id) }),
  roomStats: page('/packages/room-admin/pages/stats/index'),

  /** a visit's pass (`id`), or the landing for a scanned 访客码 (`token`) */
  visitPass: page('/packages/visit/pages/pass/index', { id: optional(param.id), token: optional(param.text) }),
  visitBook: page('/packages/visit/pages/book/index'),
  visitList: page('/packages/visit/pages/list/index', { tab: optional(param.oneOf('approve', 'host', 'visitor')) }),
  visitDetail: page('/packages/visit/pages/detail/index', { id: param.id }),
  /** the host's invitation form; with `token` the visitor's side of an invitation */
  visitInvite: page('/packages/visit/pages/invite/index', { token: optional(param.text) }),
  visitAccept: page('/packages/visit/pages/accept/index', { token: param.text }),

  /** `content`: a pass scanned elsewhere (the home 扫码 button), checked on arrival */
  gateScan: page('/packages/gate/pages/scan/index', { content: optional(param.text) }),
  gateExpected: page('/packages/gate/pages/expected/index'),
  gateOnSite: page('/packages/gate/pages/on-site/index'),
  gateWalkIn: page('/packages/gate/pages/walk-in/index'),

  visitBlocklist: page('/packages/visit-admin/pages/blocklist/index'),
  visitStats: page('/packages/visit-admin/pages/stats/index'),
  visitPiiAudit: page('/packages/visit-admin/pages/pii-audit/index'),

  inbox: page('/packages/inbox/pages/index/index'),
  scanner: page('/packages/scanner/pages/index/index'),
  /** 页面不存在, naming the `path` that was asked for */
  notFound: page('/packages/common/pages/not-found/index', { path: optional(param.text) }),
  /** 浙政钉 signed the person in but no staff record is theirs: who can fix it; `redirect` goes back through login */
  zzdUnbound: page('/packages/common/pages/zzd-unbound/index', { redirect: optional(param.text) }),

  mealMerchants: page('/packages/meal-admin/pages/merchants/index'),
  mealMerchant: page('/packages/meal-admin/pages/merchant/index', { id: param.id }),
  mealSubsidy: page('/packages/meal-admin/pages/subsidy/index'),
  mealVouchers: page('/packages/meal-admin/pages/vouchers/index'),
  mealStatement: page('/packages/meal-admin/pages/statement/index', { merchantId: optional(param.id), date: optional(param.date) }),
  mealSettlement: page('/packages/meal-admin/pages/settlement/index'),
  /** 食堂管理 (canteen_manager): 菜单, 备餐, 厨余 */
  mealKitchen: page('/packages/meal-admin/pages/kitchen/index', { tab: optional(param.oneOf('menu', 'prep', 'waste')) }),
  mealOrderStats: page('/packages/meal-admin/pages/order-stats/index'),

  /** 人员管理; `unitId`: only that unit's people (from 单位管理) */
  orgPeople: page('/packages/org-admin/pages/people/index', { unitId: optional(param.id) }),
  orgPerson: page('/packages/org-admin/pages/person/index', { id: param.id }),
  orgUnits: page('/packages/org-admin/pages/units/index'),
  orgImport: page('/packages/org-admin/pages/import/index'),
  /** 操作留痕; `entity` + `entityId`: one record's changes (a person's page links here) */
  orgAudit: page('/packages/org-admin/pages/audit/index', { entity: optional(param.text), entityId: optional(param.text) }),
  orgDirectory: page('/packages/org-admin/pages/directory/index'),

  /** 公物仓 (every staff member): browse idle assets */
  assetWarehouse: page('/packages/asset/pages/warehouse/index', { category: optional(param.text), q: optional(param.text) }),
  assetDetail: page('/packages/asset/pages/detail/index', { id: param.id }),
  /** where a scanned asset code lands: the asset, and hand-over / return / 盘点 when the scanner can */
  assetCode: page('/packages/asset/pages/code/index', { token: param.text }),
  /** `start` / `end`: the days to ask for (default tomorrow to the day after) */
  assetBorrow: page('/packages/asset/pages/borrow/index', { assetId: param.id, start: optional(param.date), end: optional(param.date) }),
  /** 我的借用 / 待我处理 (keeper) */
  assetLoans: page('/packages/asset/pages/loans/index', { view: optional(param.oneOf('mine', 'todo', 'unit')) }),
  assetLoan: page('/packages/asset/pages/loan/index', { id: param.id }),
  assetTransfers: page('/packages/asset/pages/transfers/index', { view: optional(param.oneOf('mine', 'todo', 'all')) }),
  assetTransfer: page('/packages/asset/pages/transfer/index', { id: param.id }),

  /** 资产管理 (a unit's 资产管理员; the centre): the unit's assets */
  assetAdmin: page('/packages/asset-admin/pages/assets/index'),
  /** register (no id) or edit an asset, its photos and code */
  assetEdit: page('/packages/asset-admin/pages/edit/index', { id: optional(param.id) }),
  /** 公物仓优先: search before buying, the 查询凭证, purchase records */
  assetBuyCheck: page('/packages/asset-admin/pages/buy-check/index'),
  assetStocktake: page('/packages/asset-admin/pages/stocktake/index', { id: optional(param.id) }),
  /** the centre: monthly figures, 有借不还, 报废 approvals */
  assetStats: page('/packages/asset-admin/pages/stats/index'),
  assetOverdue: page('/packages/asset-admin/pages/overdue/index'),
  assetDisposals: page('/packages/asset-admin/pages/disposals/index'),

  /** 报修 / 服务受理 (every staff member). `token`: a location code (/q/l/); `code`: a scanned room or asset code */
  repairReport: page('/packages/repair/pages/report/index', {
    token: optional(param.text),
    code: optional(param.text),
    kind: optional(param.oneOf('repair', 'suggestion', 'complaint', 'question')),
  }),
  /** my tickets; `tab` the list it opens on (待确认 from home's 待办) */
  repairMine: page('/packages/repair/pages/mine/index', { tab: optional(param.oneOf('open', 'finished', 'closed')) }),
  /** one ticket, for everyone who may see it: the reporter, the dispatcher, the worker, the centre */
  repairTicket: page('/packages/repair/pages/ticket/index', { id: param.id }),
  /** a contracted firm's page, opened from the SMS link without an account */
  repairFirmTicket: page('/packages/repair/pages/firm/index', { token: param.text }),

  /** 派单 (repair dispatcher; the centre: 服务受理 too) */
  repairQueue: page('/packages/repair-admin/pages/queue/index', { view: optional(param.oneOf('dispatch', 'service', 'all')) }),
  /** a repair worker's tickets */
  repairWork: page('/packages/repair-admin/pages/work/index'),
  repairLocations: page('/packages/repair-admin/pages/locations/index'),
  repairFirms: page('/packages/repair-admin/pages/firms/index'),
  /** working calendar and SLA targets */
  repairSla: page('/packages/repair-admin/pages/sla/index'),
  repairStats: page('/packages/repair-admin/pages/stats/index'),

  /** 驾驶舱 (admin, leader; a unit's approver: their unit). `unitId`: one unit's figures; `date`: a past day */
  cockpit: page('/packages/cockpit/pages/index/index', { unitId: optional(param.id), date: optional(param.date) }),
  /** one indicator: its 30-day trend, breakdown, thresholds and light history (`key`: an IndicatorKey) */
  cockpitIndicator: page('/packages/cockpit/pages/indicator/index', { key: param.text, unitId: optional(param.id), date: optional(param.date) }),
  /** the records behind an indicator's number (an indicator's listPath) */
  cockpitRecords: page('/packages/cockpit/pages/records/index', { key: param.text, date: param.date, unitId: optional(param.id) }),
  /** 督办 list; `status` the tab it opens on */
  supervisionList: page('/packages/cockpit/pages/supervision/index', { status: optional(param.oneOf('open', 'replied', 'closed')) }),
  /** one 督办: reply (the unit's approver), 销号 / 退回 (the centre) */
  supervisionDetail: page('/packages/cockpit/pages/supervision-detail/index', { id: param.id }),
}
export type PageName = keyof typeof PAGES

type ValueOf<P> = P extends QueryParam<infer T> ? T : never
/** What a link to `R` carries: its required parameters, and the optional ones marked `?`. */
export type PageParams<R extends PageRoute> = {
  [K in keyof R['query'] as R['query'][K]['optional'] extends true ? never : K]: ValueOf<R['query'][K]>
} & {
  [K in keyof R['query'] as R['query'][K]['optional'] extends true ? K : never]?: ValueOf<R['query'][K]>
}

/**
 * A query value, URL-encoded except for `:` (allowed in a query): WeChat and Taro's H5 router hand
 * a page its query as written, so a time reads `start=10:00`, not `10%3A00`. Pages that take free
 * text (tokens, codes, paths) decode it with `decodeParam`.
 */
const encodeQueryValue = (value: string) => encodeURIComponent(value).replace(/%3A/gi, ':')

/**
 * The in-app URL of a page: `pageUrl(PAGES.roomBooking, { id: 12 })` →
 * `/packages/room/pages/detail/index?id=12`. Values are URL-encoded; those left undefined are left out.
 */
export function pageUrl<R extends PageRoute>(route: R, ...[query]: Partial<PageParams<R>> extends PageParams<R> ? [query?: PageParams<R>] : [query: PageParams<R>]): string {
  const values = (query ?? {}) as Record<string, unknown>
  const pairs = Object.keys(route.query)
    .filter((key) => values[key] !== undefined)
    .map((key) => `${key}=${encodeQueryValue(String(values[key]))}`)
  return pairs.length ? `${route.path}?${pairs.join('&')}` : route.path
}

/** A page URL as a web address of the H5 build (hash router): `https://host/#/packages/…`. */
export function h5Url(baseUrl: string, url: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/#${url}`
}

export type ReadPageUrl = { name: PageName; query: Record<string, unknown> } | { problem: string }

/**
 * Reads a link back against the table: the page it opens and its query, or what is wrong with it
 * (no such page, a parameter the page does not read, a value it cannot read, a required one
 * missing). Takes an in-app URL or an H5 web address (`…/#/packages/…`).
 */
export function readPageUrl(url: string): ReadPageUrl {
  const inApp = url.includes('#') ? url.slice(url.indexOf('#') + 1) : url
  const [path, search = ''] = inApp.split(/\?(.*)/s)
  const found = (Object.keys(PAGES) as PageName[]).find((name) => PAGES[name].path === path)
  if (!found) return { problem: `${path} is not a page of the mini-app` }
  const spec: QuerySpec = PAGES[found].query
  const query: Record<string, unknown> = {}
  for (const pair of search ? search.split('&') : []) {
    const [key, raw = ''] = pair.split(/=(.*)/s)
    if (!has(spec, key)) return { problem: `${found} does not read ?${key}` }
    if (has(query, key)) return { problem: `${found}: ?${key} given twice` }
    let text: string
    try {
      text = decodeURIComponent(raw)
    } catch {
      return { problem: `${found}: ?${key} is not URL-encoded` }
    }
    const value = spec[key].read(text)
    if (value === undefined) return { problem: `${found}: ?${key}=${raw} is not a valid value` }
    query[key] = value
  }
  const missing = Object.keys(spec).find((key) => !spec[key].optional && !has(query, key))
  if (missing) return { problem: `${found} needs ?${missing}` }
  return { name: found, query }
}
