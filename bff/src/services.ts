import os from 'node:os'
import { dingtalkConfigured, zzdConfigured, type Env } from './env'
import type { Database } from './db/client'
import path from 'node:path'
import { DingtalkClient } from './adapters/dingtalk'
import { ZzdClient } from './adapters/zzd'
import { WechatPayClient } from './adapters/wechatpay'
import { loadOrCreateDevKeys } from './adapters/wechatpay-keys'
import { WechatMiniProgramClient } from './adapters/wechat'
import { PiiVault } from './lib/pii'
import { JobRunner } from './lib/jobs'
import type { Logger } from './lib/logger'
import { QrSigner } from './lib/qr'
import { GuessLimiter } from './lib/guess-limit'
import { AuthService } from './modules/auth/auth.service'
import { OrgService } from './modules/org/org.service'
import { AuditService } from './modules/audit/audit.service'
import { UnitService } from './modules/org/units/units.service'
import { PeopleService } from './modules/org/people/people.service'
import { DirectoryService } from './modules/org/directory/directory.service'
import { StaffImportService } from './modules/org/import/import.service'
import { dingtalkChannel, smsChannel, wechatChannel, zzdChannel } from './modules/notifications/channels'
import { WechatSubscriptionService, wechatTemplates } from './modules/wechat/subscriptions/subscriptions.service'
import { SmsClient } from './adapters/sms'
import { NotificationService } from './modules/notifications/notifications.service'
import { LedgerService } from './modules/ledger/ledger.service'
import { wechatPayGateway } from './modules/meal/common/payment-gateway'
import { FeedService } from './modules/meal/feed/feed.service'
import { MerchantService } from './modules/meal/merchants/merchants.service'
import { PaymentService } from './modules/meal/payments/payments.service'
import { RefundService } from './modules/meal/refunds/refunds.service'
import { SettlementService } from './modules/meal/settlement/settlement.service'
import { SubsidyService } from './modules/meal/subsidies/subsidies.service'
import { VoucherService } from './modules/meal/vouchers/vouchers.service'
import { MenuService } from './modules/meal/menus/menus.service'
import { OrderService } from './modules/meal/orders/orders.service'
import { VehicleRequestService } from './modules/vehicles/requests/requests.service'
import { DispatchService } from './modules/vehicles/dispatch/dispatch.service'
import { VisitPassService } from './modules/visits/passes/passes.service'
import { GateService } from './modules/visits/gate/gate.service'
import { purgeIdempotencyKeys } from './lib/idempotency'
import { TripService } from './modules/vehicles/trips/trips.service'
import { PublicVehicleService } from './modules/vehicles/public/public.service'
import { VehicleAdminService } from './modules/vehicles/admin/admin.service'
import { VisitService } from './modules/visits/bookings/bookings.service'
import { InvitationService } from './modules/visits/invitations/invitations.service'
import { VisitAdminService } from './modules/visits/admin/admin.service'
import { TodoService } from './modules/todos/todos.service'
import { RoomBookingService } from './modules/rooms/bookings/bookings.service'
import { RoomDoorService } from './modules/rooms/door/door.service'
import { MeetingService } from './modules/rooms/service/service.service'
import { RoomAdminService } from './modules/rooms/admin/admin.service'
import { AssetCatalogService } from './modules/assets/catalog/catalog.service'
import { AssetDisposalService } from './modules/assets/disposals/disposals.service'
import { AssetPurchaseService } from './modules/assets/purchases/purchases.service'
import { AssetStocktakeService } from './modules/assets/stocktakes/stocktakes.service'
import { AssetStatsService } from './modules/assets/stats/stats.service'
import { AssetTransferService } from './modules/assets/transfers/transfers.service'
import { AssetLoanService } from './modules/assets/loans/loans.service'
import { TicketReportService } from './modules/tickets/report/report.service'
import { TicketWorkService } from './modules/tickets/work/work.service'
import { TicketFirmLinkService } from './modules/tickets/firm-link/firm-link.service'
import { TicketLocationService } from './modules/tickets/locations/locations.service'
import { TicketFirmService } from './modules/tickets/firms/firms.service'
import { TicketCalendarService } from './modules/tickets/calendar/calendar.service'
import { TicketReminderService } from './modules/tickets/reminders/reminders.service'
import { TicketStatsService } from './modules/tickets/stats/stats.service'
import { CockpitAnswers } from './modules/cockpit/common/answer-cache'
import { CockpitRefreshService } from './modules/cockpit/refresh/refresh.service'
import { CockpitReadService } from './modules/cockpit/read/read.service'
import { CockpitThresholdService } from './modules/cockpit/thresholds/thresholds.service'
import { SupervisionService } from './modules/cockpit/supervision/supervision.service'

/** Everything a route may call, built once per app from the validated env. */
export interface Services {
  env: Env
  database: Database
  log: Logger
  pii: PiiVault
  qr: QrSigner
  /** counts failed look-ups of codes and tokens per client (routes marked `guessable`) */
  guesses: GuessLimiter
  wechat: WechatMiniProgramClient
  wechatSubscriptions: WechatSubscriptionService
  dingtalk: DingtalkClient
  /** 浙政钉: sign-in and 工作通知 (null when ZZD_APP_KEY is unset) */
  zzd: ZzdClient | null
  auth: AuthService
  org: OrgService
  /** 修改留痕: every admin write to master data */
  audit: AuditService
  orgUnits: UnitService
  orgPeople: PeopleService
  /** 通讯录同步 (org/directory): 浙政钉 / 钉钉 → a diff the admin applies */
  orgDirectory: DirectoryService
  /** 人员导入导出 (Excel) */
  orgImport: StaffImportService
  notifications: NotificationService
  wechatPay: WechatPayClient
  ledger: LedgerService
  mealPayments: PaymentService
  mealRefunds: RefundService
  mealFeed: FeedService
  /** aborted when the instance starts shutting down: long polls answer at once, responses close their connection */
  stopping: AbortController
  mealVouchers: VoucherService
  mealMenus: MenuService
  mealOrders: OrderService
  mealMerchants: MerchantService
  mealSubsidies: SubsidyService
  mealSettlement: SettlementService
  vehicleRequests: VehicleRequestService
  vehicleDispatch: DispatchService
  visitPasses: VisitPassService
  visitGate: GateService
  visitBookings: VisitService
  visitInvitations: InvitationService
  visitAdmin: VisitAdminService
  todos: TodoService
  vehicleTrips: TripService
  vehiclePublic: PublicVehicleService
  vehicleAdmin: VehicleAdminService
  roomBookings: RoomBookingService
  roomDoor: RoomDoorService
  /** 会务 (rooms/service) */
  roomService: MeetingService
  roomAdmin: RoomAdminService
  /** 公物仓 (assets/catalog, disposals, purchases, stocktakes, stats) */
  assetCatalog: AssetCatalogService
  assetDisposals: AssetDisposalService
  assetPurchases: AssetPurchaseService
  assetStocktakes: AssetStocktakeService
  assetStats: AssetStatsService
  /** 公物仓 调剂 */
  assetTransfers: AssetTransferService
  /** 公物仓 借用 (and its reminders job) */
  assetLoans: AssetLoanService
  /** 报修 and 服务受理: the reporter's side, 派单 and the workers' steps, the firm's signed link */
  ticketReport: TicketReportService
  ticketWork: TicketWorkService
  ticketFirmLink: TicketFirmLinkService
  /** 报修: locations and their codes, 定点维修单位, the working calendar and SLA targets */
  ticketLocations: TicketLocationService
  ticketFirms: TicketFirmService
  ticketCalendar: TicketCalendarService
  /** 报修: the SLA reminders job (75 % the holder, 100 % the dispatchers, 200 % the centre) */
  ticketReminders: TicketReminderService
  /** 报修月度统计 (routes in tickets/stats, mounted with ticketsApi) */
  ticketStats: TicketStatsService
  /** 驾驶舱: the figures' refresh (job, backfill), the reads, the thresholds */
  cockpitRefresh: CockpitRefreshService
  cockpitRead: CockpitReadService
  cockpitThresholds: CockpitThresholdService
  /** 督办: a red light's item for its unit (opened by the cockpit's refresh through SupervisionOpener) */
  cockpitSupervision: SupervisionService
  jobs: JobRunner
}

/** WeChat Pay keys from the environment; outside production, generated dev keys shared with the simulator. */
function wechatPayKeys(env: Env) {
  if (env.WECHATPAY_MERCHANT_PRIVATE_KEY && env.WECHATPAY_MERCHANT_SERIAL && env.WECHATPAY_API_V3_KEY && env.WECHATPAY_PLATFORM_PUBLIC_KEY && env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID) {
    return {
      merchantPrivateKeyPem: env.WECHATPAY_MERCHANT_PRIVATE_KEY,
      merchantSerialNo: env.WECHATPAY_MERCHANT_SERIAL,
      apiV3Key: env.WECHATPAY_API_V3_KEY,
      platformPublicKeyPem: env.WECHATPAY_PLATFORM_PUBLIC_KEY,
      platformPublicKeyId: env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID,
    }
  }
  return loadOrCreateDevKeys(path.resolve(env.WECHATPAY_DEV_KEYS_DIR))
}

export function createServices(env: Env, database: Database, log: Logger): Services {
  const db = database.db
  const stopping = new AbortController()
  const pii = new PiiVault(env.PII_KEY, env.PII_KEYS)
  const wechat = new WechatMiniProgramClient({ apiBase: env.WECHAT_API_BASE, appId: env.WECHAT_APPID, secret: env.WECHAT_SECRET })
  const dingtalk = new DingtalkClient({ apiBase: env.DINGTALK_API_BASE, apiV1Base: env.DINGTALK_API_V1_BASE, appKey: env.DINGTALK_APPKEY, appSecret: env.DINGTALK_APPSECRET, agentId: env.DINGTALK_AGENT_ID, db, sealer: pii })
  const zzd = zzdConfigured(env) ? new ZzdClient({ apiBase: env.ZZD_API_BASE, appKey: env.ZZD_APP_KEY, appSecret: env.ZZD_APP_SECRET, tenantId: env.ZZD_TENANT_ID, timeoutMs: env.ZZD_TIMEOUT_MS, db, sealer: pii }) : null
  const sms = new SmsClient({ apiBase: env.SMS_API_BASE, accessKeyId: env.SMS_ACCESS_KEY_ID, accessKeySecret: env.SMS_ACCESS_KEY_SECRET, signName: env.SMS_SIGN_NAME, templateCode: env.SMS_TEMPLATE_CODE, timeoutMs: env.SMS_TIMEOUT_MS })
  const wechatSubscriptions = new WechatSubscriptionService({
    db,
    templates: wechatTemplates({ approval: env.WECHAT_APPROVAL_TEMPLATE_ID, trip: env.WECHAT_TRIP_TEMPLATE_ID, notice: env.WECHAT_NOTICE_TEMPLATE_ID }),
  })
  const notifications = new NotificationService({ db, channels: [wechatChannel(wechat, wechatSubscriptions), dingtalkChannel(dingtalk, env.PUBLIC_BASE_URL), smsChannel(sms, pii), ...(zzd ? [zzdChannel(zzd, env.PUBLIC_BASE_URL)] : [])], log })
  const qr = new QrSigner(env.QR_SECRET, env.PUBLIC_BASE_URL)
  const wechatPay = new WechatPayClient({
    apiBase: env.WECHATPAY_API_BASE,
    mchid: env.WECHATPAY_MCHID,
    appid: env.WECHAT_APPID,
    notifyUrl: `${env.PUBLIC_BASE_URL}/api/v1/pay/wechat/notify`,
    timeoutMs: env.WECHATPAY_TIMEOUT_MS,
    ...wechatPayKeys(env),
  })
  const auth = new AuthService({ db, wechat, dingtalk, zzd, pii, sessionTtlHours: env.SESSION_TTL_HOURS })
  const org = new OrgService({ db })
  const audit = new AuditService({ db })
  const ledger = new LedgerService({ db })
  const orgDirectory = new DirectoryService({ database, pii, audit, auth, dingtalk, log })
  const gateway = wechatPayGateway(wechatPay, env.PUBLIC_BASE_URL)
  const mealVouchers = new VoucherService({ db, ledger, org, pii, publicBaseUrl: env.PUBLIC_BASE_URL, audit })
  const mealRefunds = new RefundService({ db, gateway, ledger, notifications, log })
  const returnOrigins = [new URL(env.PUBLIC_BASE_URL).origin, ...env.CORS_ORIGINS]
  const mealPayments = new PaymentService({ db, qr, gateway, notifier: wechatPay, ledger, notifications, auth, vouchers: mealVouchers, refunds: mealRefunds, log, returnOrigins })
  const mealMenus = new MenuService({ db })
  const mealOrders = new OrderService({ db, ledger, payments: mealPayments, vouchers: mealVouchers })
  const jobs = new JobRunner(database, log, `${os.hostname()}:${process.pid}`)
  jobs.register('notifications.deliver', 5_000, () => notifications.deliverDue())
  jobs.register('meal.recover-wechat-orders', 30_000, () => mealPayments.recoverStaleOrders())
  jobs.register('meal.recover-wechat-refunds', 30_000, () => mealRefunds.recoverProcessingRefunds())
  jobs.register('meal.expire-vouchers', 600_000, () => mealVouchers.expireDue())
  // 报餐: a booking never outlives its period — charged or released by the canteen's rule
  jobs.register('meal.close-overdue-orders', 60_000, () => mealOrders.closeOverdue())
  jobs.register('idempotency.purge', 3600_000, () => purgeIdempotencyKeys(db))
  jobs.register('jobs.purge-runs', 86_400_000, () => jobs.purgeRuns())
  // 通讯录同步: read the directory nightly (the admin applies the diff), once DingTalk is set up
  if (dingtalkConfigured(env)) jobs.register('org.directory-sync', 24 * 3600_000, () => orgDirectory.scheduledRun())
  const vehicleRequests = new VehicleRequestService({ db, notifications })
  const vehicleDispatch = new DispatchService({ db, qr, notifications })
  const visitBookings = new VisitService({ db, pii, notifications, log, escalateAfterMinutes: env.VISIT_ESCALATE_AFTER_MINUTES, retentionDays: env.VISIT_PII_RETENTION_DAYS })
  visitBookings.registerJobs(jobs)
  // 待办 on home: each module adds its provider here (docs/adding-a-module.md)
  const todos = new TodoService({ log })
  todos.register('visits', (user) => visitBookings.todos(user))
  todos.register('vehicles', (user) => vehicleRequests.todos(user))
  const visitGate = new GateService({ db, notifications, log, passKey: env.VISIT_PASS_SECRET })
  jobs.register('visits.auto-check-out', 600_000, () => visitGate.autoCheckOut())
  // the gate's scan only marks a check-in/out: the host hears of it from this job, within seconds
  jobs.register('visits.tell-hosts', 5_000, () => visitGate.tellHosts())
  const roomBookings = new RoomBookingService({ db, qr, notifications, log, publicBaseUrl: env.PUBLIC_BASE_URL })
  roomBookings.registerJobs(jobs)
  const roomService = new MeetingService({ db })
  todos.register('rooms', (user) => roomBookings.todos(user))
  todos.register('meeting-service', (user) => roomService.todos(user))
  const orgPeople = new PeopleService({ db, pii, audit, auth, notifications, mealBalanceOf: (tx, userId) => mealPayments.balanceOf(tx, userId) })
  // someone leaving hands over what waits for them (docs/adding-a-module.md)
  orgPeople.onLeave('visits', (tx, leaver) => visitBookings.handOverHostedVisits(tx, leaver))
  // 公物仓: 调剂 and 借用 (the reminders job, 待办)
  const assetTransfers = new AssetTransferService({ db, qr, notifications })
  const assetLoans = new AssetLoanService({ db, qr, notifications, log, maxDays: env.ASSET_LOAN_MAX_DAYS })
  assetLoans.registerJobs(jobs)
  todos.register('asset-loans', (user) => assetLoans.todos(user))
  const assetDisposals = new AssetDisposalService({ db, notifications, audit, loans: assetLoans })
  todos.register('asset-disposals', (user) => assetDisposals.todos(user))
  orgPeople.onLeave('asset-loans', (tx, leaver) => assetLoans.handOverLeaversLoans(tx, leaver))
  todos.register('asset-transfers', (user) => assetTransfers.todos(user))
  // 报修 and 服务受理
  const assetCatalog = new AssetCatalogService({ db, qr, audit, notifications })
  const roomDoor = new RoomDoorService({ db, qr })
  const ticketFlow = { db, qr, notifications, assets: assetCatalog, publicBaseUrl: env.PUBLIC_BASE_URL }
  const ticketReport = new TicketReportService({ ...ticketFlow, rooms: roomDoor })
  const ticketWork = new TicketWorkService(ticketFlow)
  todos.register('tickets', async (user) => [...(await ticketReport.todos(user)), ...(await ticketWork.todos(user))])
  orgPeople.onLeave('tickets', (tx, leaver) => ticketWork.handOverLeaversTickets(tx, leaver))
  // 报修: the SLA reminders job
  const ticketReminders = new TicketReminderService({ db, notifications, log })
  ticketReminders.registerJobs(jobs)
  // 驾驶舱 and 督办: the refresh opens a 督办 through cockpitSupervision.openOnRed
  const ticketCalendar = new TicketCalendarService({ db, audit })
  const cockpitAnswers = new CockpitAnswers()
  const cockpitSupervision = new SupervisionService({ db, notifications, audit, calendar: ticketCalendar, answers: cockpitAnswers })
  todos.register('supervision', (user) => cockpitSupervision.todos(user))
  // 驾驶舱: today's figures every minute; a red light opens a 督办
  const cockpitRefresh = new CockpitRefreshService({ db, supervision: cockpitSupervision, answers: cockpitAnswers, log })
  cockpitRefresh.registerJobs(jobs)
  return {
    env,
    database,
    log,
    pii,
    qr,
    guesses: new GuessLimiter(database, env.FAILED_LOOKUPS_PER_10_MINUTES),
    wechat,
    wechatSubscriptions,
    dingtalk,
    zzd,
    auth,
    org,
    audit,
    orgUnits: new UnitService({ db, audit }),
    orgPeople,
    orgDirectory,
    orgImport: new StaffImportService({ db, pii, audit, auth, log }),
    notifications,
    wechatPay,
    ledger,
    mealPayments,
    mealRefunds,
    mealFeed: new FeedService({ db, stopping: stopping.signal }),
    stopping,
    mealVouchers,
    mealMenus,
    mealOrders,
    mealMerchants: new MerchantService({ db, qr, audit }),
    mealSubsidies: new SubsidyService({ db, ledger, org, audit }),
    mealSettlement: new SettlementService({ db, wechatPay }),
    vehicleRequests,
    vehicleDispatch,
    visitPasses: new VisitPassService({ db, passKey: env.VISIT_PASS_SECRET }),
    visitGate,
    visitBookings,
    visitInvitations: new InvitationService({ db, pii, notifications, publicBaseUrl: env.PUBLIC_BASE_URL }),
    visitAdmin: new VisitAdminService({ db, pii, audit }),
    todos,
    vehicleTrips: new TripService({ db, qr, notifications, maxKm: env.TRIP_MAX_KM, maxAvgKmh: env.TRIP_MAX_AVG_KMH, chargePerKmFen: env.VEHICLE_CHARGE_PER_KM_FEN }),
    vehiclePublic: new PublicVehicleService({ database, qr, reportsPerHour: env.VEHICLE_REPORTS_PER_HOUR }),
    vehicleAdmin: new VehicleAdminService({ db, qr, chargePerKmFen: env.VEHICLE_CHARGE_PER_KM_FEN, audit }),
    roomBookings,
    roomDoor,
    roomService,
    roomAdmin: new RoomAdminService({ db, qr, audit }),
    assetCatalog,
    assetDisposals,
    assetPurchases: new AssetPurchaseService({ db, qr }),
    assetStocktakes: new AssetStocktakeService({ db, qr }),
    assetStats: new AssetStatsService({ db }),
    assetTransfers,
    assetLoans,
    ticketReport,
    ticketWork,
    ticketFirmLink: new TicketFirmLinkService(ticketFlow),
    ticketLocations: new TicketLocationService({ db, qr, audit }),
    ticketFirms: new TicketFirmService({ db, pii, audit }),
    ticketCalendar,
    ticketReminders,
    ticketStats: new TicketStatsService({ db }),
    cockpitRefresh,
    cockpitRead: new CockpitReadService({ db, refresh: cockpitRefresh, answers: cockpitAnswers }),
    cockpitThresholds: new CockpitThresholdService({ db, audit, refresh: cockpitRefresh, answers: cockpitAnswers }),
    cockpitSupervision,
    jobs,
  }
}
