import type { Role } from '../org'
import type { contract } from './index'

// Who may call each endpoint of the contract, kept beside it. `bff/test/access-matrix.test.ts`
// calls every entry as every demo account and with no token and holds the BFF to this table; an
// entry without a row here does not compile (and fails that test).
//
// Not exported from `shared/src/index.ts` nor from the contract's index: the mini-app has no use
// for it, and it must not grow the weapp main package.

type Contract = typeof contract

/** `domain.name` of every entry in the contract, e.g. `mealPayments.pay`. */
export type ContractEntryName = { [D in keyof Contract & string]: `${D}.${keyof Contract[D] & string}` }[keyof Contract & string]

/**
 * Someone by their relation to the one object the request names (never a role): the payer of a
 * payment, the host of a visit, the approvers of the unit a car request belongs to, …
 */
export const RELATIONS = [
  /** the user a notification was sent to */
  'recipient',
  /** who paid a meal payment */
  'payer',
  /** cashier (or 食堂管理员) of the payment's / window's / statement's merchant (`merchant_staff`) */
  'merchant-staff',
  /** the visitor who booked or accepted the visit */
  'visit-visitor',
  /** the staff member being visited */
  'visit-host',
  /** an approver of the host's unit, once the visit was escalated (the host did not answer in time) */
  'escalated-approver',
  /** who asked for the car (of a trip: who asked for that trip's car) */
  'requester',
  /** an approver of the unit the object belongs to (the requester's, the organiser's; a trip's: its request's; a 督办's: the supervised unit's) */
  'unit-approver',
  /** the driver a car request was dispatched to */
  'assigned-driver',
  /** the driver of the trip */
  'trip-driver',
  /** who booked the room */
  'organiser',
  /** a 单位管理员 of the person's unit */
  'unit-admin',
  /** a 资产管理员 of the unit owning the object's asset (of a stocktake: of its unit; of a transfer: the giving unit) */
  'asset-keeper',
  /** who borrows the asset (a loan) */
  'borrower',
  /** a 资产管理员 of the unit that asked for the asset in a transfer (the receiving unit) */
  'transfer-requester',
  /** a 资产管理员 of either unit of a transfer (giving or receiving) */
  'transfer-keeper',
  /** who reported the ticket (报修人, or who asked a 服务受理) */
  'reporter',
  /** the 维修人员 the ticket is assigned to now */
  'ticket-worker',
  /** who booked the meal (报餐) */
  'diner',
  /** a 食堂管理员 of the booked canteen (`merchant_staff`) */
  'canteen-manager',
] as const
export type Relation = (typeof RELATIONS)[number]

/** A role (any such object) or a relation (only their own). */
export type Party = Role | Relation

/** The kinds of object a request names by id (or, for a statement, by merchant and day). */
export type ObjectKind =
  | 'notification'
  | 'payment'
  | 'window'
  | 'statement'
  | 'voucher'
  | 'visit'
  | 'invitation'
  | 'vehicleRequest'
  | 'trip'
  | 'vehicle'
  | 'roomBooking'
  | 'person'
  | 'asset'
  | 'assetStocktake'
  | 'assetTransfer'
  | 'assetLoan'
  | 'ticket'
  | 'supervision'
  | 'mealOrder'

export type ObjectAccess =
  | {
      kind: ObjectKind
      /** who may do this to the object */
      by: readonly Party[]
      /** who sees the object (its read answers them) but may not do this: told so, 403 with a domain code */
      known?: readonly Party[]
      // everyone else gets 404, exactly as the object's read answers them: nothing may reveal that
      // an object they cannot see exists (ids are sequential). There is no "403 to everyone else".
    }
  | {
      kind: ObjectKind
      /** the unguessable code in a link or on a sticker is the key: whoever holds it may */
      by: 'link'
    }

export interface Access {
  /** who gets past the route: anyone, any signed-in user, or a user with one of these roles */
  who: 'public' | 'signed-in' | readonly Role[]
  /** the request names one object that belongs to someone: the rule the service applies to it */
  object?: ObjectAccess
  /** why, where the rule is not obvious (or the product says otherwise) */
  note?: string
}

/** Rooms are for staff: every signed-in role but a visitor's (`ROOM_USERS` in the BFF) — a 领导 is staff too. */
const ROOM_USERS = ['staff', 'approver', 'cashier', 'guard', 'dispatcher', 'driver', 'meeting_service', 'settlement', 'admin', 'unit_admin', 'asset_keeper', 'repair_dispatcher', 'repair_worker', 'leader', 'canteen_manager'] as const satisfies readonly Role[]
const GATE = ['guard', 'admin'] as const satisfies readonly Role[]
/** 公物仓 is for staff: every signed-in role but a visitor's (`ASSET_USERS` in the BFF); its keepers and the centre manage it. */
const ASSET_USERS = ROOM_USERS
const ASSET_MANAGERS = ['asset_keeper', 'admin'] as const satisfies readonly Role[]
const ASSET_HOLDERS = ['asset-keeper', 'admin'] as const

const PAYMENT_READERS = ['payer', 'merchant-staff', 'settlement', 'admin'] as const
const VISIT_READERS = ['visit-visitor', 'visit-host', 'escalated-approver', 'guard', 'admin'] as const
const REQUEST_READERS = ['requester', 'unit-approver', 'assigned-driver', 'dispatcher', 'admin'] as const
const BOOKING_READERS = ['organiser', 'unit-approver', 'meeting_service', 'admin'] as const
/** 公物仓 调剂: the two units' 资产管理员 and the centre */
const TRANSFER_READERS = ['transfer-keeper', 'admin'] as const
/** 公物仓 借用: any staff member borrows (a keeper for their unit); the borrower, the owning unit's keeper and the centre read */
const LOAN_BORROWERS = ['staff', 'asset_keeper'] as const satisfies readonly Role[]
const LOAN_USERS = ['staff', 'asset_keeper', 'admin'] as const satisfies readonly Role[]
const LOAN_READERS = ['borrower', 'asset-keeper', 'admin'] as const
/** 报修 and 服务受理: every signed-in role but a visitor's reports (`TICKET_USERS` in the BFF) */
const TICKET_USERS = ROOM_USERS
const TICKET_DISPATCH = ['repair_dispatcher', 'admin'] as const satisfies readonly Role[]
/** a ticket is read by its reporter, the worker holding it, the dispatchers (报修 only) and the centre */
/** 驾驶舱: the centre, leaders (read-only) and a unit's approver */
const COCKPIT_READERS = ['admin', 'leader', 'approver'] as const satisfies readonly Role[]
const COCKPIT_SCOPE = 'admin and leader: 全市 or any unitId; an approver: their own unit only (no unitId → theirs; another unitId → 403 COCKPIT_UNIT_FORBIDDEN)'
const TICKET_READERS = ['reporter', 'ticket-worker', 'repair_dispatcher', 'admin'] as const
/** the reporter's own steps: those who read the ticket are told TICKET_NOT_REPORTER */
const REPORTER_STEP = { kind: 'ticket', by: ['reporter'], known: ['ticket-worker', 'repair_dispatcher', 'admin'] } as const
/** the holding worker's steps: another worker gets 404, as for a missing ticket */
const WORKER_STEP = { kind: 'ticket', by: ['ticket-worker'] } as const
/** the 报修调度员 and the centre keep the locations */
const LOCATION_KEEPERS = ['repair_dispatcher', 'admin'] as const satisfies readonly Role[]
const CALENDAR_READERS = ['repair_dispatcher', 'repair_worker', 'admin'] as const satisfies readonly Role[]
/** 督办: the centre and the leaders read every unit's, a unit's approvers their own unit's */
const SUPERVISION_USERS = ['admin', 'leader', 'approver'] as const satisfies readonly Role[]
const SUPERVISION_READERS = ['admin', 'leader', 'unit-approver'] as const

export const ACCESS = {
  // --- sign-in ----------------------------------------------------------------------------------
  'auth.devLogin': { who: 'public', note: 'only with DEV_LOGIN=true; 404 otherwise' },
  'auth.devAccounts': { who: 'public', note: 'only with DEV_LOGIN=true; 404 otherwise' },
  'auth.wechatLogin': { who: 'public' },
  'auth.wechatBind': { who: 'signed-in', note: 'a WeChat visitor proves a staff mobile to become that staff member' },
  'auth.dingtalkLogin': { who: 'public' },
  'auth.zzdLogin': { who: 'public' },
  'wechat.subscribeTemplates': { who: 'signed-in' },
  'wechat.recordSubscriptions': { who: 'signed-in', note: 'only the caller’s own; ids outside the configured templates are ignored' },
  'auth.logout': { who: 'signed-in' },
  'auth.me': { who: 'signed-in' },
  'org.units': { who: 'signed-in' },

  // --- 人员与权限, 留痕 ----------------------------------------------------------------------------
  'orgUnits.list': { who: ['admin', 'unit_admin'], note: 'a 单位管理员 gets their own unit only' },
  'orgUnits.create': { who: ['admin'] },
  'orgUnits.update': { who: ['admin'] },
  'orgUnits.remove': { who: ['admin'] },
  'orgPeople.list': { who: ['admin', 'unit_admin'], note: 'a 单位管理员 finds their own unit’s people only' },
  'orgPeople.get': { who: ['admin', 'unit_admin'], object: { kind: 'person', by: ['admin', 'unit-admin'] } },
  'orgPeople.create': { who: ['admin', 'unit_admin'], note: 'a 单位管理员 adds people to their own unit only (else 404 as for a missing unit)' },
  'orgPeople.update': { who: ['admin', 'unit_admin'], object: { kind: 'person', by: ['admin', 'unit-admin'] } },
  'orgPeople.setRoles': {
    who: ['admin', 'unit_admin'],
    object: { kind: 'person', by: ['admin', 'unit-admin'] },
    note: 'a 单位管理员 grants and takes away only 机关干部 / 单位审批人 / 单位管理员 (403 ORG_ROLE_ABOVE_OWN otherwise)',
  },
  'orgPeople.deactivate': { who: ['admin', 'unit_admin'], object: { kind: 'person', by: ['admin', 'unit-admin'] } },
  'orgPeople.reactivate': { who: ['admin', 'unit_admin'], object: { kind: 'person', by: ['admin', 'unit-admin'] } },
  'orgPeople.resetWechat': { who: ['admin', 'unit_admin'], object: { kind: 'person', by: ['admin', 'unit-admin'] } },
  'audit.list': { who: ['admin'] },
  'audit.export': { who: ['admin'] },
  'directorySync.last': { who: ['admin'] },
  'directorySync.run': { who: ['admin'] },
  'directorySync.apply': { who: ['admin'] },
  'orgImport.template': { who: ['admin', 'unit_admin'] },
  'orgImport.run': { who: ['admin', 'unit_admin'], note: 'a 单位管理员’s rows must name their own unit (a row error otherwise)' },
  'orgImport.export': { who: ['admin', 'unit_admin'], note: 'a 单位管理员 exports their own unit only' },

  // --- inbox, home, codes -----------------------------------------------------------------------
  'notifications.list': { who: 'signed-in', note: 'only the caller’s own' },
  'notifications.readAll': { who: 'signed-in', note: 'only the caller’s own' },
  'notifications.read': { who: 'signed-in', object: { kind: 'notification', by: ['recipient'] } },
  'todos.list': { who: 'signed-in', note: 'each module answers for the caller only' },
  'qr.resolve': { who: 'public', note: 'checks a code’s signature; says what it is, nothing about anyone' },

  // --- 公务餐: paying ------------------------------------------------------------------------------
  'mealPayments.resolveWindow': { who: 'signed-in' },
  'mealPayments.account': { who: 'signed-in', note: 'the caller’s own 饭卡' },
  'mealPayments.movements': { who: 'signed-in', note: 'the caller’s own 饭卡' },
  'mealPayments.pay': { who: 'signed-in', note: 'officials from elsewhere and visitors pay by WeChat Pay' },
  'mealPayments.list': { who: 'signed-in', note: 'the caller’s own payments' },
  'mealPayments.get': { who: 'signed-in', object: { kind: 'payment', by: PAYMENT_READERS } },
  'mealPayments.resume': { who: 'signed-in', object: { kind: 'payment', by: ['payer'] } },
  'mealPayments.cancel': { who: 'signed-in', object: { kind: 'payment', by: ['payer'] } },
  'mealPayments.topup': { who: 'signed-in', note: 'the caller’s own 饭卡' },
  'mealPayments.wechatNotify': { who: 'public', note: 'WeChat Pay’s signature is the key: a bad one is 401 WECHATPAY_SIGNATURE_INVALID' },
  'mealRefunds.create': {
    who: ['cashier', 'admin'],
    object: { kind: 'payment', by: ['merchant-staff', 'admin'] },
    note: 'a cashier refunds their own merchant’s payments the same day; admin any, any day',
  },
  'mealFeed.feed': { who: ['cashier'], note: 'the payments of the cashier’s own merchants' },

  // --- 公务餐: vouchers, merchants, subsidies -------------------------------------------------------
  'mealVouchers.issue': { who: ['admin'], note: 'PRODUCT: “a unit can issue vouchers … billed to the unit”; the centre’s admin issues them on the unit’s behalf' },
  'mealVouchers.listOfUnit': { who: ['admin', 'settlement'], note: 'codes masked for the settlement clerk' },
  'mealVouchers.get': { who: 'signed-in', object: { kind: 'voucher', by: 'link' } },
  'mealMerchants.list': { who: ['admin', 'settlement'] },
  'mealMerchants.create': { who: ['admin'] },
  'mealMerchants.update': { who: ['admin'] },
  'mealMerchants.createWindow': { who: ['admin'] },
  'mealMerchants.updateWindow': { who: ['admin'] },
  'mealMerchants.replacePeriods': { who: ['admin'] },
  'mealMerchants.windowQrPng': { who: ['admin', 'cashier'], object: { kind: 'window', by: ['merchant-staff', 'admin'] } },
  'mealMerchants.qrSheet': { who: ['admin'] },
  'mealSubsidies.run': { who: ['admin'] },

  // --- 公务餐: settlement ----------------------------------------------------------------------------
  'mealSettlement.daily': {
    who: ['cashier', 'settlement', 'admin'],
    object: { kind: 'statement', by: ['merchant-staff', 'settlement', 'admin'] },
    note: 'another merchant’s cashier gets 404, as for a merchant that does not exist',
  },
  'mealSettlement.review': { who: ['cashier', 'admin'], object: { kind: 'statement', by: ['merchant-staff', 'admin'], known: ['settlement'] }, note: 'the settlement clerk reads, never confirms' },
  'mealSettlement.confirmAll': { who: ['cashier', 'admin'], object: { kind: 'statement', by: ['merchant-staff', 'admin'], known: ['settlement'] } },
  'mealSettlement.monthly': { who: ['settlement', 'admin'] },
  'mealMenus.canteens': { who: 'signed-in' },
  'mealMenus.list': { who: 'signed-in' },
  'mealMenus.replace': { who: ['canteen_manager', 'admin'], note: 'a 食堂管理员 only for their own canteen (merchant_staff): another canteen is 403' },
  'mealMenus.copyWeek': { who: ['canteen_manager', 'admin'], note: 'a 食堂管理员 only for their own canteen: another canteen is 403' },
  'mealOrders.create': { who: ['staff'], note: 'the caller books for themselves (or names a guest); paid from their own 饭卡' },
  'mealOrders.list': { who: 'signed-in', note: 'as=mine: the caller’s own; as=kitchen: a 食堂管理员 of that canteen or admin, anyone else 403' },
  'mealOrders.counts': { who: ['canteen_manager', 'admin'], note: 'a 食堂管理员 of that canteen: another canteen is 404' },
  'mealOrders.prepSheet': { who: ['canteen_manager', 'admin'], note: 'a 食堂管理员 of that canteen: another canteen is 404' },
  'mealOrders.stats': { who: ['admin', 'leader'] },
  'mealOrders.statsXlsx': { who: ['admin', 'leader'] },
  'mealOrders.get': { who: 'signed-in', object: { kind: 'mealOrder', by: ['diner', 'canteen-manager', 'admin'] } },
  'mealOrders.update': { who: ['staff'], object: { kind: 'mealOrder', by: ['diner'], known: ['canteen-manager'] } },
  'mealOrders.cancel': { who: ['staff'], object: { kind: 'mealOrder', by: ['diner'], known: ['canteen-manager'] } },
  'mealOrders.pickup': { who: ['staff'], object: { kind: 'mealOrder', by: ['diner'], known: ['canteen-manager'] } },
  'mealOrders.waste': { who: ['canteen_manager', 'admin'], note: 'a 食堂管理员 of that canteen: another canteen is 404' },
  'mealSettlement.reconciliation': { who: ['settlement', 'admin'] },

  // --- 访客预约 -------------------------------------------------------------------------------------
  'visits.create': { who: 'signed-in' },
  'visits.list': { who: 'signed-in', note: 'as visitor: mine; as host: mine and those escalated to my unit' },
  'visits.hosts': { who: 'signed-in', note: 'names and units only, by name within a unit' },
  'visits.profile': { who: 'signed-in', note: 'the caller’s own earlier details, masked' },
  'visits.get': { who: 'signed-in', object: { kind: 'visit', by: VISIT_READERS } },
  'visits.approve': { who: 'signed-in', object: { kind: 'visit', by: ['visit-host', 'escalated-approver'], known: ['visit-visitor', 'guard', 'admin'] } },
  'visits.reject': { who: 'signed-in', object: { kind: 'visit', by: ['visit-host', 'escalated-approver'], known: ['visit-visitor', 'guard', 'admin'] } },
  'visits.cancel': { who: 'signed-in', object: { kind: 'visit', by: ['visit-visitor', 'visit-host'], known: ['escalated-approver', 'guard', 'admin'] } },
  'visits.pii': { who: 'signed-in', object: { kind: 'visit', by: ['visit-host', 'guard', 'admin'], known: ['visit-visitor', 'escalated-approver'] }, note: 'every view is logged' },
  'visitInvitations.create': { who: ['staff'] },
  'visitInvitations.view': { who: 'public', object: { kind: 'invitation', by: 'link' } },
  'visitInvitations.accept': { who: 'signed-in', object: { kind: 'invitation', by: 'link' }, note: 'the first to complete it becomes the visitor; anyone after is told VISIT_INVITATION_USED' },
  'visitPasses.pass': { who: 'signed-in', object: { kind: 'visit', by: ['visit-visitor'] }, note: 'not the host, not a guard, not an admin' },
  'visitAdmin.blocklist': { who: ['admin'] },
  'visitAdmin.block': { who: ['admin'] },
  'visitAdmin.unblock': { who: ['admin'] },
  'visitAdmin.piiAudit': { who: ['admin'] },
  'visitAdmin.stats': { who: ['admin'] },
  'visitAdmin.statsXlsx': { who: ['admin'] },
  'gate.scan': { who: GATE, note: 'the gate is the guard’s; an admin may stand in' },
  'gate.expected': { who: GATE },
  'gate.onSite': { who: GATE },
  'gate.walkIn': { who: ['guard'], note: 'unlike the rest of the gate, an admin may not stand in' },
  'gate.checkIn': { who: GATE },
  'gate.checkOut': { who: GATE },

  // --- 一车一码 -------------------------------------------------------------------------------------
  'vehicleRequests.create': { who: ['staff'], note: 'billed to the requester’s unit' },
  'vehicleRequests.list': { who: 'signed-in', note: 'as requester: mine; as approver: my unit’s (approvers only); as dispatcher: dispatchers and admin only' },
  'vehicleRequests.get': { who: 'signed-in', object: { kind: 'vehicleRequest', by: REQUEST_READERS } },
  'vehicleRequests.approve': {
    who: ['approver'],
    object: { kind: 'vehicleRequest', by: ['unit-approver'], known: ['requester', 'assigned-driver', 'dispatcher', 'admin'] },
    note: 'those who see the request are told VEHICLE_NOT_APPROVER; an approver of another unit gets 404, as from its GET',
  },
  'vehicleRequests.reject': { who: ['approver'], object: { kind: 'vehicleRequest', by: ['unit-approver'], known: ['requester', 'assigned-driver', 'dispatcher', 'admin'] } },
  'vehicleRequests.cancel': { who: 'signed-in', object: { kind: 'vehicleRequest', by: ['requester'], known: ['unit-approver', 'assigned-driver', 'dispatcher', 'admin'] } },
  'vehicleRequests.rate': { who: 'signed-in', object: { kind: 'vehicleRequest', by: ['requester'], known: ['unit-approver', 'assigned-driver', 'dispatcher', 'admin'] } },
  'dispatch.board': { who: ['dispatcher', 'admin'] },
  'dispatch.options': { who: ['dispatcher', 'admin'] },
  'dispatch.dispatch': { who: ['dispatcher'] },
  'trips.scan': { who: 'signed-in', note: 'the dispatched driver sees the task; anyone else sees the car and is logged' },
  'trips.start': { who: 'signed-in', note: 'only the dispatched driver: anyone else is told TRIP_NOT_YOUR_TASK' },
  'trips.finish': {
    who: 'signed-in',
    object: { kind: 'trip', by: ['trip-driver'], known: ['requester', 'unit-approver', 'dispatcher', 'admin'] },
    note: 'a trip is read through its request: those who see the request are told TRIP_NOT_YOUR_TASK; anyone else gets 404',
  },
  'publicVehicles.get': { who: 'public', object: { kind: 'vehicle', by: 'link' }, note: '亮身份: no personal data' },
  'publicVehicles.report': { who: 'public', object: { kind: 'vehicle', by: 'link' }, note: 'rate-limited by device and IP' },
  'vehicleAdmin.vehicles': { who: ['admin', 'dispatcher'] },
  'vehicleAdmin.createVehicle': { who: ['admin'] },
  'vehicleAdmin.updateVehicle': { who: ['admin'] },
  'vehicleAdmin.vehicleQrPng': { who: ['admin'] },
  'vehicleAdmin.qrSheet': { who: ['admin'] },
  'vehicleAdmin.drivers': { who: ['admin', 'dispatcher'] },
  'vehicleAdmin.createDriver': { who: ['admin'] },
  'vehicleAdmin.updateDriver': { who: ['admin'] },
  'vehicleAdmin.reports': { who: ['admin'] },
  'vehicleAdmin.reportPhoto': { who: ['admin'] },
  'vehicleAdmin.resolveReport': { who: ['admin'] },
  'vehicleAdmin.stats': { who: ['admin'] },
  'vehicleAdmin.statsXlsx': { who: ['admin'] },

  // --- 会议室 ---------------------------------------------------------------------------------------
  'rooms.day': { who: ROOM_USERS, note: 'busy slots show the organiser’s unit, never services or names' },
  'rooms.door': { who: ROOM_USERS, note: 'a meeting’s services only to those who may read the booking' },
  'rooms.checkIn': { who: ROOM_USERS, note: 'the caller’s own booking in that room' },
  'roomBookings.create': { who: ROOM_USERS },
  'roomBookings.list': { who: ROOM_USERS, note: 'as organiser: mine; as approver: those of my unit waiting (admin: all)' },
  'roomBookings.get': { who: ROOM_USERS, object: { kind: 'roomBooking', by: BOOKING_READERS } },
  'roomBookings.ics': { who: ROOM_USERS, object: { kind: 'roomBooking', by: BOOKING_READERS } },
  'roomBookings.nameplates': { who: ROOM_USERS, object: { kind: 'roomBooking', by: BOOKING_READERS } },
  'roomBookings.update': {
    who: ROOM_USERS,
    object: { kind: 'roomBooking', by: ['organiser', 'admin'], known: ['unit-approver', 'meeting_service'] },
    note: 'those who read the booking are told ROOM_NOT_ORGANISER; anyone else gets 404, as from its GET',
  },
  'roomBookings.cancel': { who: ROOM_USERS, object: { kind: 'roomBooking', by: ['organiser', 'admin'], known: ['unit-approver', 'meeting_service'] } },
  'roomBookings.end': { who: ROOM_USERS, object: { kind: 'roomBooking', by: ['organiser', 'admin'], known: ['unit-approver', 'meeting_service'] } },
  'roomBookings.approve': { who: ['approver', 'admin'], object: { kind: 'roomBooking', by: ['unit-approver', 'admin'] }, note: 'the approvers of the organiser’s unit, as for cars and visits' },
  'roomBookings.reject': { who: ['approver', 'admin'], object: { kind: 'roomBooking', by: ['unit-approver', 'admin'] } },
  'meetingService.tasks': { who: ['meeting_service', 'admin'] },
  'meetingService.done': { who: ['meeting_service', 'admin'] },
  'roomAdmin.rooms': { who: ['admin'] },
  'roomAdmin.create': { who: ['admin'] },
  'roomAdmin.update': { who: ['admin'] },
  'roomAdmin.qrPng': { who: ['admin'] },
  'roomAdmin.qrSheet': { who: ['admin'] },
  'roomAdmin.stats': { who: ['admin'] },
  'roomAdmin.statsXlsx': { who: ['admin'] },

  // --- 公物仓 ---------------------------------------------------------------------------------------
  'assets.list': { who: ASSET_USERS, note: 'every unit browses the warehouse (every status but 已报废 unless asked)' },
  'assets.get': { who: ASSET_USERS, note: 'any asset and its history; what the caller may do comes in `can`' },
  'assets.create': { who: ASSET_MANAGERS, note: 'registered to the caller’s own unit (the centre’s admin: the centre’s)' },
  'assets.update': { who: ASSET_MANAGERS, object: { kind: 'asset', by: ASSET_HOLDERS }, note: 'another unit’s keeper gets 404, as for a missing asset' },
  'assets.addPhoto': { who: ASSET_MANAGERS, object: { kind: 'asset', by: ASSET_HOLDERS } },
  'assets.removePhoto': { who: ASSET_MANAGERS, object: { kind: 'asset', by: ASSET_HOLDERS } },
  'assets.photo': { who: 'public', object: { kind: 'asset', by: 'link' }, note: 'the signed address is the key (an <image> sends no token)' },
  'assets.scan': { who: ASSET_USERS, note: 'the asset for anyone; hand-over and return only for its keeper, the stocktake only for a keeper' },
  'assets.qrPng': { who: ASSET_MANAGERS, object: { kind: 'asset', by: ASSET_HOLDERS } },
  'assets.qrSheet': { who: ASSET_MANAGERS, note: 'the caller’s unit’s assets; an id of an asset they do not keep is 404' },
  'assets.dispose': { who: ASSET_MANAGERS, object: { kind: 'asset', by: ASSET_HOLDERS } },
  'assetDisposals.list': { who: ['admin'] },
  'assetDisposals.approve': { who: ['admin'] },
  'assetDisposals.reject': { who: ['admin'] },
  'assetPurchases.check': { who: ASSET_MANAGERS, note: 'searches other units’ idle assets; every search is logged as a numbered 凭证 of the caller’s unit' },
  'assetPurchases.create': { who: ASSET_MANAGERS, note: 'for the caller’s unit, on a 凭证 of that unit' },
  'assetPurchases.list': { who: ASSET_MANAGERS, note: 'a keeper: their unit’s; admin: all' },
  'assetStocktakes.create': { who: ['asset_keeper'], note: 'of the caller’s own unit' },
  'assetStocktakes.list': { who: ASSET_MANAGERS, note: 'a keeper: their unit’s; admin: all' },
  'assetStocktakes.get': { who: ASSET_MANAGERS, object: { kind: 'assetStocktake', by: ASSET_HOLDERS } },
  'assetStocktakes.scans': { who: ['asset_keeper'], object: { kind: 'assetStocktake', by: ['asset-keeper'] } },
  'assetStocktakes.finish': { who: ['asset_keeper'], object: { kind: 'assetStocktake', by: ['asset-keeper'] } },
  'assetStocktakes.xlsx': { who: ASSET_MANAGERS, object: { kind: 'assetStocktake', by: ASSET_HOLDERS } },
  'assetStats.stats': { who: ['admin'] },
  'assetStats.statsXlsx': { who: ['admin'] },
  // 调剂、借用
  'assetTransfers.create': { who: ['asset_keeper'], note: 'for the caller’s own unit, an idle asset of another unit' },
  'assetTransfers.list': { who: ASSET_MANAGERS, note: 'mine / todo: the caller’s unit’s (the centre: to approve); all: the centre only (403 otherwise)' },
  'assetTransfers.get': { who: ASSET_MANAGERS, object: { kind: 'assetTransfer', by: TRANSFER_READERS } },
  'assetTransfers.slip': { who: ASSET_MANAGERS, object: { kind: 'assetTransfer', by: TRANSFER_READERS } },
  'assetTransfers.agree': { who: ['asset_keeper'], object: { kind: 'assetTransfer', by: ['asset-keeper'], known: ['transfer-keeper'] }, note: 'the asking unit’s keeper is told ASSET_NOT_KEEPER' },
  'assetTransfers.approve': { who: ['admin'], object: { kind: 'assetTransfer', by: ['admin'] } },
  'assetTransfers.receive': { who: ['asset_keeper'], object: { kind: 'assetTransfer', by: ['transfer-requester'], known: ['transfer-keeper'] }, note: 'the giving unit’s keeper is told ASSET_NOT_KEEPER' },
  'assetTransfers.reject': {
    who: ASSET_MANAGERS,
    object: { kind: 'assetTransfer', by: TRANSFER_READERS },
    note: 'only whoever decides the current step (giving keeper, centre, receiving keeper); the other parties are told 409 ASSET_TRANSFER_STATE (it waits for someone else)',
  },
  'assetTransfers.cancel': { who: ['asset_keeper'], object: { kind: 'assetTransfer', by: ['transfer-requester'], known: ['transfer-keeper'] } },
  'assetLoans.create': { who: LOAN_BORROWERS },
  'assetLoans.list': { who: LOAN_USERS, note: 'mine: the caller’s loans; todo / unit: the caller’s unit’s assets (keeper; the centre: every unit), 403 otherwise' },
  'assetLoans.overdue': { who: ['admin'] },
  'assetLoans.get': { who: LOAN_USERS, object: { kind: 'assetLoan', by: LOAN_READERS } },
  'assetLoans.approve': { who: ['asset_keeper', 'admin'], object: { kind: 'assetLoan', by: ['asset-keeper', 'admin'], known: ['borrower'] } },
  'assetLoans.reject': { who: ['asset_keeper', 'admin'], object: { kind: 'assetLoan', by: ['asset-keeper', 'admin'], known: ['borrower'] } },
  'assetLoans.cancel': { who: LOAN_BORROWERS, object: { kind: 'assetLoan', by: ['borrower'], known: ['asset-keeper'] }, note: 'the owning unit’s keeper is told ASSET_NOT_BORROWER' },
  'assetLoans.handOver': { who: ['asset_keeper'], object: { kind: 'assetLoan', by: ['asset-keeper'], known: ['borrower'] }, note: 'by scanning the asset’s code (ASSET_CODE_MISMATCH for another one)' },
  'assetLoans.return': { who: ['asset_keeper'], object: { kind: 'assetLoan', by: ['asset-keeper'], known: ['borrower'] } },

  // --- 报修 and 服务受理 ------------------------------------------------------------------------------
  'tickets.create': { who: TICKET_USERS, note: 'the reporter is the caller; a code must be a room, asset or location code' },
  'tickets.list': { who: TICKET_USERS, note: 'mine: anyone; dispatch: repair_dispatcher / admin; worker: repair_worker (their own); admin: admin (403 otherwise)' },
  'tickets.place': { who: TICKET_USERS, note: 'a scanned code: the place and the open tickets there (no names)' },
  'tickets.assignees': { who: TICKET_DISPATCH },
  'tickets.get': { who: TICKET_USERS, object: { kind: 'ticket', by: TICKET_READERS }, note: 'a dispatcher reads 报修 only; 服务受理 are the reporter’s and the centre’s' },
  'tickets.addInfo': { who: TICKET_USERS, object: REPORTER_STEP },
  'tickets.cancel': { who: TICKET_USERS, object: REPORTER_STEP },
  'tickets.confirm': { who: TICKET_USERS, object: REPORTER_STEP },
  'tickets.reopen': { who: TICKET_USERS, object: REPORTER_STEP },
  'tickets.assign': { who: TICKET_DISPATCH, object: { kind: 'ticket', by: TICKET_DISPATCH } },
  'tickets.accept': { who: ['repair_worker'], object: WORKER_STEP, note: 'the worker it is assigned to; two taps racing: one 200, the rest 409 TICKET_STATE' },
  'tickets.start': { who: ['repair_worker'], object: WORKER_STEP },
  'tickets.pause': { who: ['repair_worker'], object: WORKER_STEP },
  'tickets.resume': { who: ['repair_worker'], object: WORKER_STEP },
  'tickets.finish': { who: ['repair_worker'], object: WORKER_STEP },
  'tickets.reply': { who: ['admin'], object: { kind: 'ticket', by: ['admin'] }, note: '服务受理 only (a 报修 ticket: 409 TICKET_NOT_SERVICE_REQUEST)' },
  'tickets.photo': { who: 'public', object: { kind: 'ticket', by: 'link' }, note: 'the signed address is the key (an <image> sends no token)' },
  'tickets.stats': { who: ['admin'] },
  'tickets.statsXlsx': { who: ['admin'] },
  'firmTickets.get': { who: 'public', object: { kind: 'ticket', by: 'link' }, note: 'the 定点维修单位 has no account: the signed link (ticket, assignment, expiry) is the key; 410 once finished, reassigned or expired' },
  'firmTickets.accept': { who: 'public', object: { kind: 'ticket', by: 'link' } },
  'firmTickets.finish': { who: 'public', object: { kind: 'ticket', by: 'link' } },
  // --- 报修: locations, 定点维修单位, the working calendar ---------------------------------------------
  'locations.list': { who: TICKET_USERS, note: 'anyone on staff picks where the fault is; inactive ones only when asked' },
  'locations.create': { who: LOCATION_KEEPERS },
  'locations.update': { who: LOCATION_KEEPERS, note: 'master data kept by any 报修调度员 and the centre (no owner); audited' },
  'locations.qrSheet': { who: LOCATION_KEEPERS },
  'repairFirms.list': { who: LOCATION_KEEPERS, note: 'the dispatcher picks a firm to dispatch to; the mobile is masked' },
  'repairFirms.create': { who: ['admin'] },
  'repairFirms.update': { who: ['admin'], note: 'audited, the mobile masked' },
  'workCalendar.get': { who: CALENDAR_READERS },
  'workCalendar.setHours': { who: ['admin'] },
  'workCalendar.setDay': { who: ['admin'] },
  'workCalendar.clearDay': { who: ['admin'] },
  'workCalendar.setTargets': { who: ['admin'], note: 'new tickets only: a ticket keeps the targets it was given' },
  // --- 驾驶舱 ------------------------------------------------------------------------------------------
  'cockpit.today': { who: COCKPIT_READERS, note: COCKPIT_SCOPE },
  'cockpit.trend': { who: COCKPIT_READERS, note: COCKPIT_SCOPE },
  'cockpit.breakdown': { who: COCKPIT_READERS, note: `${COCKPIT_SCOPE}; by canteen: 公务餐 indicators only (422 COCKPIT_NO_MERCHANT_BREAKDOWN)` },
  'cockpit.records': { who: COCKPIT_READERS, note: `${COCKPIT_SCOPE}; a record links to its own page only where the caller may open it` },
  'cockpit.lights': { who: COCKPIT_READERS, note: COCKPIT_SCOPE },
  'cockpit.settings': { who: COCKPIT_READERS },
  'cockpit.setThresholds': { who: ['admin'], note: 'audited, with the reason; re-lights today at once (a unit turning red gets its 督办)' },
  // --- 督办 ----------------------------------------------------------------------------------------
  'supervision.list': { who: SUPERVISION_USERS, note: "an approver sees their own unit's only (another unitId: 403 COCKPIT_UNIT_FORBIDDEN)" },
  'supervision.get': { who: SUPERVISION_USERS, object: { kind: 'supervision', by: SUPERVISION_READERS } },
  'supervision.reply': { who: SUPERVISION_USERS, object: { kind: 'supervision', by: ['unit-approver'], known: ['admin', 'leader'] }, note: 'the centre and the leaders read it: 403 SUPERVISION_NOT_UNIT_APPROVER' },
  'supervision.close': { who: ['admin'], object: { kind: 'supervision', by: ['admin'] }, note: 'audited; a leader reads, never writes' },
  'supervision.return': { who: ['admin'], object: { kind: 'supervision', by: ['admin'] }, note: 'audited, with the reason' },
} as const satisfies Record<ContractEntryName, Access>
