import { assetDisposalsApi, assetPurchasesApi, assetStatsApi, assetStocktakesApi, assetsApi } from './assets'
import { authApi, wechatApi } from './auth'
import type { Endpoint } from './define'
import { mealMenusApi, mealOrdersApi } from './meal-orders'
import { mealFeedApi, mealMerchantsApi, mealPaymentsApi, mealRefundsApi, mealSettlementApi, mealSubsidiesApi, mealVouchersApi } from './meal'
import { notificationsApi } from './notifications'
import { orgApi } from './org'
import { assetLoansApi, assetTransfersApi } from './assets'
import { auditApi, directorySyncApi, orgImportApi, orgPeopleApi, orgUnitsApi } from './org-admin'
import { qrApi } from './qr'
import { firmTicketsApi, ticketsApi } from './tickets'
import { meetingServiceApi, roomAdminApi, roomBookingsApi, roomsApi } from './rooms'
import { dispatchApi, publicVehiclesApi, tripsApi, vehicleAdminApi, vehicleRequestsApi } from './vehicles'
import { gateApi, todosApi, visitAdminApi, visitInvitationsApi, visitPassesApi, visitsApi } from './visits'

export * from './define'
export * from './common'
export { XLSX } from './org-admin'
// 公物仓: each domain object joins `contract` below once its routes exist (an entry not implemented stops the BFF)
export { assetsApi, assetDisposalsApi, assetTransfersApi, assetLoansApi, assetPurchasesApi, assetStocktakesApi, assetStatsApi } from './assets'
// 报修 and 服务受理: join `contract` with their routes
export { ticketsApi, firmTicketsApi, locationsApi, repairFirmsApi, workCalendarApi } from './tickets'
import { locationsApi, repairFirmsApi, workCalendarApi } from './tickets'
// 驾驶舱 and 督办: join `contract` with their routes
export { cockpitApi, supervisionApi } from './cockpit'
import { cockpitApi, supervisionApi } from './cockpit'
export { authApi, wechatApi, orgApi, orgUnitsApi, orgPeopleApi, orgImportApi, auditApi, directorySyncApi, notificationsApi, qrApi, mealPaymentsApi, mealRefundsApi, mealFeedApi, mealVouchersApi, mealMerchantsApi, mealSubsidiesApi, mealSettlementApi, mealMenusApi, mealOrdersApi, visitsApi, visitInvitationsApi, visitPassesApi, gateApi, visitAdminApi, todosApi, vehicleRequestsApi, dispatchApi, tripsApi, publicVehiclesApi, vehicleAdminApi, roomsApi, roomBookingsApi, meetingServiceApi, roomAdminApi }

/**
 * Every endpoint of the BFF, by domain and name. The BFF must implement each exactly once
 * (checked when the app is built); the mini-app imports the domain objects it calls.
 */
export const contract = {
  auth: authApi,
  wechat: wechatApi,
  org: orgApi,
  orgUnits: orgUnitsApi,
  orgPeople: orgPeopleApi,
  audit: auditApi,
  directorySync: directorySyncApi,
  orgImport: orgImportApi,
  notifications: notificationsApi,
  qr: qrApi,
  mealPayments: mealPaymentsApi,
  mealRefunds: mealRefundsApi,
  mealFeed: mealFeedApi,
  mealVouchers: mealVouchersApi,
  mealMerchants: mealMerchantsApi,
  mealSubsidies: mealSubsidiesApi,
  mealSettlement: mealSettlementApi,
  mealMenus: mealMenusApi,
  mealOrders: mealOrdersApi,
  todos: todosApi,
  visits: visitsApi,
  visitInvitations: visitInvitationsApi,
  visitAdmin: visitAdminApi,
  visitPasses: visitPassesApi,
  gate: gateApi,
  vehicleRequests: vehicleRequestsApi,
  dispatch: dispatchApi,
  trips: tripsApi,
  publicVehicles: publicVehiclesApi,
  vehicleAdmin: vehicleAdminApi,
  rooms: roomsApi,
  roomBookings: roomBookingsApi,
  meetingService: meetingServiceApi,
  roomAdmin: roomAdminApi,
  // 公物仓 (catalog, 报废, 购置前查询, 盘点, 统计)
  assets: assetsApi,
  assetDisposals: assetDisposalsApi,
  assetPurchases: assetPurchasesApi,
  assetStocktakes: assetStocktakesApi,
  assetStats: assetStatsApi,
  assetTransfers: assetTransfersApi,
  assetLoans: assetLoansApi,
  // 报修 and 服务受理
  tickets: ticketsApi,
  firmTickets: firmTicketsApi,
  // 报修 and 服务受理 (locations and their codes, 定点维修单位, the working calendar and targets)
  locations: locationsApi,
  repairFirms: repairFirmsApi,
  workCalendar: workCalendarApi,
  // 驾驶舱 (figures, trends, records, lights, thresholds)
  cockpit: cockpitApi,
  // 督办
  supervision: supervisionApi,
} satisfies Record<string, Record<string, Endpoint>>

/** `meal.pay`-style names for every entry, for coverage checks and error messages. */
export function contractEntries(): { name: string; endpoint: Endpoint }[] {
  return Object.entries(contract).flatMap(([domain, entries]) => Object.entries(entries as Record<string, Endpoint>).map(([name, endpoint]) => ({ name: `${domain}.${name}`, endpoint })))
}
