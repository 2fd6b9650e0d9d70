import { contractEntries, shanghaiDate, type Endpoint, type Role } from '@egj/shared'
import { ACCESS, type Access, type ContractEntryName, type ObjectKind, type Party, type Relation } from '../../shared/src/contract/access'
import { apiRoutes } from '../src/app'
import { withTransaction } from '../src/db/client'
import { DEMO_USERS } from '../src/db/seed/demo'
import { createCashier, createDiner, createMerchant, createUser, idempotencyKey } from './factories'
import { bearer, startTestApp, type TestApp } from './harness'
import { at, book as bookRoom, createRoom, dayFromNow } from './room-fixtures'
import { createUserOfUnit, insertRequest, unitId } from './vehicle-fleet'
import { insertDispatched, insertDriver, insertVehicle, minutesFromNow } from './vehicle-trips'
import { insertVisit } from './gate-visits'
import { book as bookVisit, bookingBody, idCard, inMinutes, mobile } from './visit-fixtures'
import { insertAsset, pngBytes, shanghaiDay } from './asset-fixtures'
import { insertFirm, insertLocation, pngBase64 } from './ticket-world'

/**
 * Every endpoint of the contract × every demo account (and no token), held to the table beside
 * the contract (`shared/src/contract/access.ts`); then every endpoint that names someone's object
 * is tried on real objects by everyone else (BOLA): 404 — word for word what an id that does not
 * exist gets — or, for those who see the object, the 403 the table allows; nothing changed, while
 * the owner and those the table names get their answer.
 */

// Printed codes are drawn by qrcode + pngjs, ~50× slower inside jest's VM than in Node (a 480 px
// code: 4.7 s here against 84 ms); the door-code sheet draws one per room of the shared database.
// Who may fetch them is the question here, so every drawing is one fixed pixel.
jest.mock('qrcode', () => {
  const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=='
  const drawing = { toBuffer: async () => Buffer.from(PIXEL, 'base64'), toDataURL: async () => `data:image/png;base64,${PIXEL}` }
  return { __esModule: true, default: drawing, ...drawing }
})

const entries = contractEntries() as { name: ContractEntryName; endpoint: Endpoint }[]
const accessOf = (name: ContractEntryName): Access => ACCESS[name]

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

// --- callers ----------------------------------------------------------------------------------

interface Caller {
  name: string
  token: string | null
  userId: number | null
  roles: readonly Role[]
  unitId: number | null
}

const ANONYMOUS: Caller = { name: '(no token)', token: null, userId: null, roles: [], unitId: null }

async function demoCallers(): Promise<Caller[]> {
  const [rows] = await t.database.pool.query('SELECT id, username, unit_id AS unitId FROM users WHERE username IN (?)', [DEMO_USERS.map((u) => u.username)])
  const byName = new Map((rows as { id: number; username: string; unitId: number | null }[]).map((row) => [row.username, row]))
  return Promise.all(
    DEMO_USERS.map(async (demo) => {
      const row = byName.get(demo.username)!
      return { name: demo.username, token: await t.login(demo.username), userId: row.id, roles: demo.roles, unitId: row.unitId }
    }),
  )
}

function caller(name: string, user: { userId: number; token: string }, roles: Role[], unitId: number | null): Caller {
  return { name, token: user.token, userId: user.userId, roles, unitId }
}

// --- requests ---------------------------------------------------------------------------------

interface Request {
  params?: Record<string, string | number>
  query?: Record<string, string | number>
  body?: unknown
  /** the body is a file of this type (an upload), not JSON */
  type?: string
}

interface Answer {
  status: number
  code?: string
  message?: string
}

function pathOf(endpoint: Endpoint, params: Record<string, string | number> = {}): string {
  return endpoint.path.replace(/:(\w+)/g, (_m, key: string) => {
    if (params[key] === undefined) throw new Error(`${endpoint.path}: no value for :${key}`)
    return encodeURIComponent(String(params[key]))
  })
}

async function send(endpoint: Endpoint, token: string | null, request: Request): Promise<Answer> {
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'
  let call = t.http[method](pathOf(endpoint, request.params))
  if (request.query) call = call.query(request.query)
  if (token) call = call.set(bearer(token))
  if (endpoint.idempotent) call = call.set('Idempotency-Key', idempotencyKey())
  if (request.type) call = call.set('Content-Type', request.type)
  const response = endpoint.method === 'GET' || endpoint.method === 'DELETE' ? await call : await call.send((request.body ?? {}) as object)
  const error = (response.body as { error?: { code?: string; message?: string } } | undefined)?.error
  return { status: response.status, code: error?.code, message: error?.message }
}

/** Runs the jobs `width` at a time (the machine has 2 cores and a shared database). */
async function inParallel<T>(jobs: (() => Promise<T>)[], width = 8): Promise<T[]> {
  const results: T[] = new Array(jobs.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(width, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++
        results[i] = await jobs[i]()
      }
    }),
  )
  return results
}

const show = (a: Answer) => (a.code ? `${a.status} ${a.code}` : String(a.status))
const showFully = (a: Answer) => (a.message ? `${show(a)} 「${a.message}」` : show(a))

// --- the route guard --------------------------------------------------------------------------

/** What the route answers before any handler runs: passes, or 401 / 403. */
function guard(access: Access, who: Caller): 'pass' | 401 | 403 {
  if (access.who === 'public') return 'pass'
  if (!who.token) return 401
  if (access.who === 'signed-in') return 'pass'
  return access.who.some((role) => who.roles.includes(role)) ? 'pass' : 403
}

/** The route's refusal, by its code (a service's own 401/403 carries a domain code). */
const refusedByGuard = (a: Answer) => (a.status === 401 && a.code === 'AUTH_REQUIRED') || (a.status === 403 && a.code === 'FORBIDDEN')

function checkGuard(expected: 401 | 403, a: Answer): string | null {
  if (expected === 401) return a.status === 401 && a.code === 'AUTH_REQUIRED' ? null : `expected 401 AUTH_REQUIRED, got ${show(a)}`
  return a.status === 403 && a.code === 'FORBIDDEN' ? null : `expected 403 FORBIDDEN, got ${show(a)}`
}

describe('the access table', () => {
  it('has one row per contract entry, and no other', () => {
    const names = entries.map((entry) => entry.name).sort()
    expect(Object.keys(ACCESS).sort()).toEqual(names)
  })

  it('says what the BFF enforces at each route (public / signed in / these roles)', () => {
    const routes = new Map(apiRoutes({ DEV_LOGIN: true }).map((route) => [route.endpoint, route]))
    const normal = (who: Access['who']) => (typeof who === 'string' ? who : [...who].sort().join(','))
    const differ = entries.flatMap(({ name, endpoint }) => {
      const route = routes.get(endpoint)!
      const enforced = route.auth !== 'required' ? 'public' : route.roles ? [...route.roles].sort().join(',') : 'signed-in'
      const table = normal(accessOf(name).who)
      return enforced === table ? [] : [`${name}: the route lets in ${enforced}, the table says ${table}`]
    })
    expect(differ).toEqual([])
  })
})

// --- every endpoint × every caller ------------------------------------------------------------

interface Fixtures {
  today: string
  month: string
  centreId: number
  windowCode: string
  demoMerchantId: number
  vehicleCode: string
  vehicleToken: string
  roomCode: string
  assetCode: string
  locationCode: string
}

interface Probe extends Request {
  /** a valid request: callers let in must get 2xx (or one of `also`) */
  ok?: boolean
  /** domain answers that are as good as 2xx for this probe (e.g. no 饭卡 yet) */
  also?: string[]
  /** run as a stand-in with the same roles and unit (the call changes the caller's own data) */
  as?: 'twin' | 'fresh-session'
}

const NO_SUCH: Record<string, string> = { id: '999999999', photoId: '999999999', code: 'ZZZZZZZZZZZZZZZZZZZZ', token: 'no-such-link-000000000' }

/** Requests the matrix makes: GETs without parameters valid (2xx expected); the rest harmless (a missing id, an empty body). */
const PROBES: Partial<Record<ContractEntryName, (f: Fixtures) => Probe>> = {
  'auth.devLogin': () => ({ body: { username: 'visitor1' }, ok: true }),
  'auth.logout': () => ({ as: 'fresh-session', ok: true }),
  'notifications.readAll': () => ({ as: 'twin', ok: true }),
  'qr.resolve': (f) => ({ query: { code: f.windowCode }, ok: true }),
  'mealPayments.resolveWindow': (f) => ({ query: { code: f.windowCode }, ok: true }),
  'mealPayments.account': () => ({ ok: true, also: ['MEAL_NO_ACCOUNT'] }),
  'mealFeed.feed': () => ({ query: { wait: 0 }, ok: true }),
  'mealVouchers.listOfUnit': (f) => ({ query: { unitId: f.centreId }, ok: true }),
  'mealSettlement.daily': (f) => ({ query: { merchantId: f.demoMerchantId, date: f.today }, ok: true }),
  'mealSettlement.monthly': (f) => ({ query: { month: f.month }, ok: true }),
  'mealMenus.list': (f) => ({ query: { merchantId: f.demoMerchantId, from: f.today, to: f.today }, ok: true }),
  'mealMenus.replace': (f) => ({ params: { merchantId: NO_SUCH.id, date: f.today, periodId: NO_SUCH.id } }),
  'mealOrders.counts': (f) => ({ query: { merchantId: f.demoMerchantId, date: f.today }, ok: true }),
  'mealOrders.prepSheet': (f) => ({ query: { merchantId: f.demoMerchantId, date: f.today }, ok: true }),
  'mealOrders.stats': (f) => ({ query: { month: f.month }, ok: true }),
  'mealOrders.statsXlsx': (f) => ({ query: { month: f.month }, ok: true }),
  'mealSettlement.reconciliation': (f) => ({ query: { date: f.today }, ok: true }),
  'visits.hosts': (f) => ({ query: { unitId: f.centreId, q: '李' }, ok: true }),
  'visitAdmin.stats': (f) => ({ query: { month: f.month }, ok: true }),
  'visitAdmin.statsXlsx': (f) => ({ query: { month: f.month }, ok: true }),
  'dispatch.board': (f) => ({ query: { date: f.today }, ok: true }),
  'trips.scan': (f) => ({ query: { code: f.vehicleCode }, ok: true }),
  'publicVehicles.get': (f) => ({ params: { token: f.vehicleToken }, ok: true }),
  'vehicleAdmin.stats': (f) => ({ query: { month: f.month }, ok: true }),
  'vehicleAdmin.statsXlsx': (f) => ({ query: { month: f.month }, ok: true }),
  'rooms.day': (f) => ({ query: { date: f.today }, ok: true }),
  'rooms.door': (f) => ({ query: { code: f.roomCode }, ok: true }),
  'meetingService.tasks': (f) => ({ query: { date: f.today }, ok: true }),
  'roomAdmin.stats': (f) => ({ query: { month: f.month }, ok: true }),
  'roomAdmin.statsXlsx': (f) => ({ query: { month: f.month }, ok: true }),
  'assets.scan': (f) => ({ query: { code: f.assetCode }, ok: true }),
  'assetPurchases.check': () => ({ query: { category: 'computer' }, ok: true }),
  'assetStats.stats': (f) => ({ query: { month: f.month }, ok: true }),
  'assetStats.statsXlsx': (f) => ({ query: { month: f.month }, ok: true }),
  // a day no test uses: the empty body is refused (400), the clearing of a day never set changes nothing
  'workCalendar.setDay': () => ({ params: { date: '2099-12-31' } }),
  'workCalendar.clearDay': () => ({ params: { date: '2099-12-31' } }),
  'tickets.place': (f) => ({ query: { code: f.locationCode }, ok: true }),
  'tickets.stats': (f) => ({ query: { month: f.month }, ok: true }),
  'tickets.statsXlsx': (f) => ({ query: { month: f.month }, ok: true }),
  'cockpit.trend': () => ({ params: { key: 'meal_payments' }, ok: true }),
  'cockpit.breakdown': () => ({ params: { key: 'meal_payments' }, ok: true }),
  'cockpit.records': () => ({ params: { key: 'meal_payments' }, ok: true }),
  'cockpit.lights': () => ({ params: { key: 'meal_payments' }, ok: true }),
  'cockpit.settings': () => ({ params: { key: 'meal_payments' }, ok: true }),
  // the empty body is refused (400): the thresholds stay as they are
  'cockpit.setThresholds': () => ({ params: { key: 'meal_payments' } }),
}

function probeOf(name: ContractEntryName, endpoint: Endpoint, f: Fixtures): Probe {
  const params = Object.fromEntries([...endpoint.path.matchAll(/:(\w+)/g)].map(([, key]) => [key, NO_SUCH[key]]))
  const given = PROBES[name]?.(f) ?? {}
  return { ok: endpoint.method === 'GET' && !endpoint.params, ...given, params: { ...params, ...given.params } }
}

describe('every endpoint × every demo account and no token', () => {
  it('answers 401 without a token, 403 without a role the table names, and a real answer to those it lets in', async () => {
    const callers = [ANONYMOUS, ...(await demoCallers())]
    const centreId = await unitId(t, '市机关事务管理中心')
    const [[staffRow]] = (await t.database.pool.query(
      "SELECT ms.merchant_id AS merchantId, w.id AS windowId FROM merchant_staff ms JOIN users u ON u.id = ms.user_id JOIN meal_windows w ON w.merchant_id = ms.merchant_id WHERE u.username = 'cashier1' LIMIT 1",
    )) as unknown as [{ merchantId: number; windowId: number }[]]
    const vehicle = await insertVehicle(t)
    const room = await createRoom(t)
    const admin = (await demoCallers()).find((c) => c.name === 'admin')!
    const asset = await insertAsset(t, { unitId: centreId, by: admin.userId! })
    const today = shanghaiDate(new Date())
    const f: Fixtures = {
      today,
      month: today.slice(0, 7),
      centreId,
      windowCode: t.services.qr.url('m', staffRow.windowId),
      demoMerchantId: staffRow.merchantId,
      vehicleCode: vehicle.code,
      vehicleToken: vehicle.token,
      roomCode: room.code,
      assetCode: asset.code,
      locationCode: (await insertLocation(t)).code,
    }
    // stand-ins for calls that change the caller's own data (the demo accounts' inboxes are other specs' fixtures)
    const twins = new Map<string, string>()
    const sessions = new Map<string, string>()
    for (const demo of DEMO_USERS) {
      const twin = demo.unit ? await createUserOfUnit(t, demo.unit, demo.roles, `${demo.name}（替身）`) : await createUser(t, demo.roles, { unit: false, name: `${demo.name}（替身）` })
      twins.set(demo.username, twin.token)
      sessions.set(demo.username, await t.login(demo.username))
    }

    const jobs = entries.flatMap(({ name, endpoint }) => {
      const access = accessOf(name)
      const probe = probeOf(name, endpoint, f)
      return callers.map((who) => async () => {
        const token = who.token && probe.as === 'twin' ? twins.get(who.name)! : who.token && probe.as === 'fresh-session' ? sessions.get(who.name)! : who.token
        const answer = await send(endpoint, token, probe)
        const expected = guard(access, who)
        let problem: string | null
        if (answer.status >= 500) problem = `5xx: ${show(answer)}`
        else if (expected !== 'pass') problem = checkGuard(expected, answer)
        else if (refusedByGuard(answer)) problem = `let in by the table, refused: ${show(answer)}`
        else if (probe.ok && !(answer.status < 300 || (answer.code && probe.also?.includes(answer.code)))) problem = `a valid request, answered ${show(answer)}`
        else problem = null
        return problem ? `${name} as ${who.name}: ${problem}` : null
      })
    })
    const problems = (await inParallel(jobs)).filter((p): p is string => p !== null)
    expect(problems).toEqual([])
    expect(jobs.length).toBe(entries.length * callers.length)
    // every entry × every demo account: ~6,000 real requests, which a loaded 2-core box needs more than the default 30 s for
  }, 120_000)
})

// --- BOLA: other people's objects ---------------------------------------------------------------

interface World {
  centreId: number
  today: string
  payer: Caller
  shopCashier: Caller
  guest: Caller
  host: Caller
  requester: Caller
  tripDriver: Caller
  organiser: Caller
  otherApprover: Caller
  /** a staff member of the centre, whose record admin and the centre's 单位管理员 manage */
  person: Caller
  merchantId: number
  windowId: number
  paymentId: number
  notificationId: number
  visitId: number
  approvedVisitId: number
  requestId: number
  tripId: number
  tripOdometerKm: number
  bookingId: number
  voucherCode: string
  invitationToken: string
  vehicleToken: string
  /** 公物仓: an asset of 市发改委 (its keeper: zichan2), one photo, and the unit's stocktake */
  assetUnitId: number
  assetId: number
  assetPhotoId: number
  assetPhotoToken: string
  assetCode: string
  stocktakeId: number
  /** 公物仓: 市发改委 (zichan2's unit) gives, the centre (zichan1's) asks */
  ndrcId: number
  transferId: number
  /** a staff member of 市发改委 borrowing an asset of the centre (zichan1 keeps it) */
  borrower: Caller
  loanId: number
  loanAssetCode: string
  /** 报修: a staff member's ticket, assigned to a worker of its own (the demo workers do not hold it), with a photo */
  ticketReporter: Caller
  ticketWorker: Caller
  ticketId: number
  ticketPhotoToken: string
  /** 报修: another ticket, given to a 定点维修单位: its link's token */
  firmToken: string
  /** 督办: an open item of the centre (lisi approves for it) */
  supervisionId: number
  /** 报餐: the payer's booking at the shop (tomorrow), and the shop's 食堂管理员 */
  mealOrderId: number
  mealDishId: number
  shopCode: string
  shopManager: Caller
}

/** The request each object endpoint makes on the world's object (valid, so only the object's rule can refuse it). */
const OBJECT_REQUESTS: Partial<Record<ContractEntryName, (w: World) => Request>> = {
  'notifications.read': (w) => ({ params: { id: w.notificationId } }),
  'mealPayments.get': (w) => ({ params: { id: w.paymentId } }),
  'mealPayments.resume': (w) => ({ params: { id: w.paymentId }, body: { payChannel: 'h5' } }),
  'mealPayments.cancel': (w) => ({ params: { id: w.paymentId } }),
  'mealRefunds.create': (w) => ({ params: { id: w.paymentId }, body: { amountFen: 100, reason: '矩阵测试退款' } }),
  'mealMerchants.windowQrPng': (w) => ({ params: { id: w.windowId } }),
  'mealSettlement.daily': (w) => ({ query: { merchantId: w.merchantId, date: w.today } }),
  'mealSettlement.review': (w) => ({ body: { merchantId: w.merchantId, date: w.today, paymentId: w.paymentId, review: 'disputed', note: '矩阵测试' } }),
  'mealSettlement.confirmAll': (w) => ({ body: { merchantId: w.merchantId, date: w.today } }),
  'mealVouchers.get': (w) => ({ params: { code: w.voucherCode } }),
  'visits.get': (w) => ({ params: { id: w.visitId } }),
  'visits.approve': (w) => ({ params: { id: w.visitId } }),
  'visits.reject': (w) => ({ params: { id: w.visitId }, body: { reason: '矩阵测试' } }),
  'visits.cancel': (w) => ({ params: { id: w.visitId } }),
  'visits.pii': (w) => ({ params: { id: w.visitId }, query: { reason: '核对身份' } }),
  'visitPasses.pass': (w) => ({ params: { id: w.approvedVisitId } }),
  'visitInvitations.view': (w) => ({ params: { token: w.invitationToken } }),
  'visitInvitations.accept': (w) => ({ params: { token: w.invitationToken }, body: { idType: 'id_card', idNumber: idCard(), companions: [] } }),
  'vehicleRequests.get': (w) => ({ params: { id: w.requestId } }),
  'vehicleRequests.approve': (w) => ({ params: { id: w.requestId } }),
  'vehicleRequests.reject': (w) => ({ params: { id: w.requestId }, body: { reason: '矩阵测试' } }),
  'vehicleRequests.cancel': (w) => ({ params: { id: w.requestId } }),
  'vehicleRequests.rate': (w) => ({ params: { id: w.requestId }, body: { stars: 5 } }),
  'trips.finish': (w) => ({ params: { id: w.tripId }, body: { odometerKm: w.tripOdometerKm } }),
  'publicVehicles.get': (w) => ({ params: { token: w.vehicleToken } }),
  'publicVehicles.report': (w) => ({ params: { token: w.vehicleToken }, body: { text: '矩阵测试：疑似私用' } }),
  'orgPeople.get': (w) => ({ params: { id: w.person.userId! } }),
  'orgPeople.update': (w) => ({ params: { id: w.person.userId! }, body: { position: '矩阵测试' } }),
  'orgPeople.setRoles': (w) => ({ params: { id: w.person.userId! }, body: { roles: ['staff', 'approver'], reason: '矩阵测试' } }),
  'orgPeople.deactivate': (w) => ({ params: { id: w.person.userId! }, body: { reason: '矩阵测试' } }),
  'orgPeople.reactivate': (w) => ({ params: { id: w.person.userId! }, body: { reason: '矩阵测试' } }),
  'orgPeople.resetWechat': (w) => ({ params: { id: w.person.userId! } }),
  'roomBookings.get': (w) => ({ params: { id: w.bookingId } }),
  'roomBookings.ics': (w) => ({ params: { id: w.bookingId } }),
  'roomBookings.nameplates': (w) => ({ params: { id: w.bookingId } }),
  'roomBookings.update': (w) => ({ params: { id: w.bookingId }, body: { title: '被改了' } }),
  'roomBookings.cancel': (w) => ({ params: { id: w.bookingId }, body: {} }),
  'roomBookings.end': (w) => ({ params: { id: w.bookingId } }),
  'roomBookings.approve': (w) => ({ params: { id: w.bookingId } }),
  'roomBookings.reject': (w) => ({ params: { id: w.bookingId }, body: { reason: '矩阵测试' } }),
  'assets.update': (w) => ({ params: { id: w.assetId }, body: { name: '被改了' } }),
  'assets.addPhoto': (w) => ({ params: { id: w.assetId }, body: pngBytes(), type: 'image/png' }),
  'assets.removePhoto': (w) => ({ params: { id: w.assetId, photoId: w.assetPhotoId } }),
  'assets.photo': (w) => ({ params: { token: w.assetPhotoToken } }),
  'assets.qrPng': (w) => ({ params: { id: w.assetId } }),
  'assets.dispose': (w) => ({ params: { id: w.assetId }, body: { reason: '矩阵测试' } }),
  'assetStocktakes.get': (w) => ({ params: { id: w.stocktakeId } }),
  'assetStocktakes.scans': (w) => ({ params: { id: w.stocktakeId }, body: { codes: [w.assetCode] } }),
  'assetStocktakes.finish': (w) => ({ params: { id: w.stocktakeId } }),
  'assetStocktakes.xlsx': (w) => ({ params: { id: w.stocktakeId } }),
  'assetTransfers.get': (w) => ({ params: { id: w.transferId } }),
  'assetTransfers.slip': (w) => ({ params: { id: w.transferId } }),
  'assetTransfers.agree': (w) => ({ params: { id: w.transferId } }),
  'assetTransfers.approve': (w) => ({ params: { id: w.transferId } }),
  'assetTransfers.receive': (w) => ({ params: { id: w.transferId } }),
  'assetTransfers.reject': (w) => ({ params: { id: w.transferId }, body: { reason: '矩阵测试' } }),
  'assetTransfers.cancel': (w) => ({ params: { id: w.transferId } }),
  'assetLoans.get': (w) => ({ params: { id: w.loanId } }),
  'assetLoans.approve': (w) => ({ params: { id: w.loanId } }),
  'assetLoans.reject': (w) => ({ params: { id: w.loanId }, body: { reason: '矩阵测试' } }),
  'assetLoans.cancel': (w) => ({ params: { id: w.loanId } }),
  'assetLoans.handOver': (w) => ({ params: { id: w.loanId }, body: { code: w.loanAssetCode } }),
  'assetLoans.return': (w) => ({ params: { id: w.loanId }, body: { code: w.loanAssetCode, condition: 'good' } }),
  'tickets.get': (w) => ({ params: { id: w.ticketId } }),
  'tickets.addInfo': (w) => ({ params: { id: w.ticketId }, body: { text: '矩阵测试' } }),
  'tickets.cancel': (w) => ({ params: { id: w.ticketId } }),
  'tickets.confirm': (w) => ({ params: { id: w.ticketId }, body: { rating: 5 } }),
  'tickets.reopen': (w) => ({ params: { id: w.ticketId }, body: { reason: '矩阵测试' } }),
  'tickets.assign': (w) => ({ params: { id: w.ticketId }, body: { workerId: w.ticketWorker.userId } }),
  'tickets.accept': (w) => ({ params: { id: w.ticketId } }),
  'tickets.start': (w) => ({ params: { id: w.ticketId } }),
  'tickets.pause': (w) => ({ params: { id: w.ticketId }, body: { reason: 'parts' } }),
  'tickets.resume': (w) => ({ params: { id: w.ticketId } }),
  'tickets.finish': (w) => ({ params: { id: w.ticketId }, body: { note: '矩阵测试' } }),
  'tickets.reply': (w) => ({ params: { id: w.ticketId }, body: { text: '矩阵测试' } }),
  'tickets.photo': (w) => ({ params: { token: w.ticketPhotoToken } }),
  'firmTickets.get': (w) => ({ params: { token: w.firmToken } }),
  'firmTickets.accept': (w) => ({ params: { token: w.firmToken } }),
  'firmTickets.finish': (w) => ({ params: { token: w.firmToken }, body: { workerName: '刘师傅', note: '矩阵测试' } }),
  'mealOrders.get': (w) => ({ params: { id: w.mealOrderId } }),
  'mealOrders.update': (w) => ({ params: { id: w.mealOrderId }, body: { items: [{ dishId: w.mealDishId, qty: 2 }] } }),
  'mealOrders.cancel': (w) => ({ params: { id: w.mealOrderId } }),
  'mealOrders.pickup': (w) => ({ params: { id: w.mealOrderId }, body: { code: w.shopCode } }),
  'supervision.get': (w) => ({ params: { id: w.supervisionId } }),
  'supervision.reply': (w) => ({ params: { id: w.supervisionId }, body: { text: '矩阵测试' } }),
  'supervision.close': (w) => ({ params: { id: w.supervisionId } }),
  'supervision.return': (w) => ({ params: { id: w.supervisionId }, body: { reason: '矩阵测试' } }),
}

/** The same request with the link's key changed by one character. */
function tampered(request: Request): Request {
  const params = Object.fromEntries(Object.entries(request.params ?? {}).map(([key, value]) => [key, `${String(value).slice(0, -1)}${String(value).endsWith('A') ? 'B' : 'A'}`]))
  return { ...request, params }
}

/** The same request naming an object that does not exist (an id nobody has; a statement of no merchant). */
function missing(request: Request): Request {
  const none = Number(NO_SUCH.id)
  const swap = <T,>(fields: T): T => (fields && typeof fields === 'object' && 'merchantId' in fields ? { ...fields, merchantId: none } : fields)
  const params = request.params && 'id' in request.params ? { ...request.params, id: none } : request.params
  return { ...request, params, query: swap(request.query), body: swap(request.body) }
}

/** The caller's relations to the world's object of this kind. */
function relationsOf(who: Caller, kind: ObjectKind, w: World): Relation[] {
  const is = (someone: Caller) => who.userId !== null && who.userId === someone.userId
  const approverOf = (unit: number) => who.roles.includes('approver') && who.unitId === unit
  const out: (Relation | false)[] = []
  if (kind === 'notification') out.push(is(w.payer) && 'recipient')
  // merchant_staff holds the canteen's cashiers and its 食堂管理员 alike
  if (kind === 'payment') out.push(is(w.payer) && 'payer', (is(w.shopCashier) || is(w.shopManager)) && 'merchant-staff')
  if (kind === 'window' || kind === 'statement') out.push(is(w.shopCashier) && 'merchant-staff')
  // the pending visit was escalated: the host unit's approvers decide too
  if (kind === 'visit') out.push(is(w.guest) && 'visit-visitor', is(w.host) && 'visit-host', approverOf(w.centreId) && 'escalated-approver')
  if (kind === 'vehicleRequest') out.push(is(w.requester) && 'requester', approverOf(w.centreId) && 'unit-approver')
  // a trip is read through its request (the requester's, in the requester's unit)
  if (kind === 'trip') out.push(is(w.tripDriver) && 'trip-driver', is(w.requester) && 'requester', approverOf(w.centreId) && 'unit-approver')
  if (kind === 'roomBooking') out.push(is(w.organiser) && 'organiser', approverOf(w.centreId) && 'unit-approver')
  if (kind === 'person') out.push(who.roles.includes('unit_admin') && who.unitId === w.centreId && 'unit-admin')
  // an asset and a stocktake are their unit's keeper's
  if (kind === 'asset' || kind === 'assetStocktake') out.push(who.roles.includes('asset_keeper') && who.unitId === w.assetUnitId && 'asset-keeper')
  // 公物仓: a 资产管理员 is a party by their unit
  const keeperOf = (unit: number) => who.roles.includes('asset_keeper') && who.unitId === unit
  if (kind === 'assetTransfer') out.push(keeperOf(w.ndrcId) && 'asset-keeper', keeperOf(w.centreId) && 'transfer-requester', (keeperOf(w.ndrcId) || keeperOf(w.centreId)) && 'transfer-keeper')
  if (kind === 'assetLoan') out.push(is(w.borrower) && 'borrower', keeperOf(w.centreId) && 'asset-keeper')
  if (kind === 'ticket') out.push(is(w.ticketReporter) && 'reporter', is(w.ticketWorker) && 'ticket-worker')
  // a 督办 is the centre's unit's: its approvers reply
  if (kind === 'supervision') out.push(approverOf(w.centreId) && 'unit-approver')
  if (kind === 'mealOrder') out.push(is(w.payer) && 'diner', is(w.shopManager) && 'canteen-manager')
  return out.filter((r): r is Relation => r !== false)
}

/** What the object's rule gives this caller (once past the route). */
function objectVerdict(access: Access, who: Caller, w: World): 'may' | 403 | 404 {
  const rule = access.object!
  if (rule.by === 'link') return 'may'
  const parties = new Set<Party>([...who.roles, ...relationsOf(who, rule.kind, w)])
  if (rule.by.some((p) => parties.has(p))) return 'may'
  if (rule.known?.some((p) => parties.has(p))) return 403
  // whoever may not see it: as if it did not exist
  return 404
}

/** Every table whose rows a refused request could have touched. */
const WATCHED = [
  'notifications',
  'meal_payments',
  'meal_orders',
  'meal_order_items',
  'meal_refunds',
  'meal_statement_reviews',
  'cashier_feed_events',
  'journal_entries',
  'postings',
  'idempotency_keys',
  'meal_vouchers',
  'visits',
  'pii_access_log',
  'vehicle_requests',
  'vehicle_request_history',
  'vehicle_trips',
  'vehicle_reports',
  'room_bookings',
  'room_slots',
  'units',
  'merchant_staff',
  'assets',
  'asset_events',
  'asset_transfers',
  'asset_loans',
  'asset_loan_days',
  // a refused admin write leaves no 留痕 either (users and user_roles: the tests add callers as they go)
  'audit_log',
  'asset_photos',
  'asset_disposals',
  'asset_stocktakes',
  'asset_stocktake_scans',
  'asset_buy_checks',
  'asset_purchases',
  'tickets',
  'ticket_events',
  'ticket_photos',
  'notification_deliveries',
  'supervisions',
  'supervision_events',
]

async function checksums(): Promise<Record<string, string>> {
  const [rows] = await t.database.pool.query(`CHECKSUM TABLE ${WATCHED.join(', ')}`)
  return Object.fromEntries((rows as { Table: string; Checksum: string }[]).map((row) => [row.Table, String(row.Checksum)]))
}

describe("other people's objects (BOLA)", () => {
  let w: World
  let callers: Caller[]
  const objectEntries = entries.filter(({ name }) => accessOf(name).object)

  beforeAll(async () => {
    const centreId = await unitId(t, '市机关事务管理中心')
    const ndrcId = await unitId(t, '市发改委')
    const today = shanghaiDate(new Date())
    const demo = await demoCallers()
    const admin = demo.find((c) => c.name === 'admin')!

    // 公务餐: a payment by a diner at a canteen of its own, with its cashier; a message for the diner
    const shop = await createMerchant(t)
    const payer = caller('payer', await createDiner(t, { subsidyFen: 10_000 }), ['staff'], centreId)
    const shopCashier = caller('shop cashier', await createCashier(t, shop.merchantId), ['cashier'], centreId)
    const paid = await t.http.post('/api/v1/meal/payments').set(bearer(payer.token!)).set('Idempotency-Key', idempotencyKey()).send({ code: shop.code, amountFen: 1200, method: 'account' })
    expect(paid.status).toBe(201)
    const notificationId = await t.services.notifications.notify(t.database.db, payer.userId!, { title: '矩阵测试消息', body: '只给付款人' })
    const issued = await t.http
      .post('/api/v1/meal/vouchers')
      .set(bearer(admin.token!))
      .set('Idempotency-Key', idempotencyKey())
      .send({ unitId: centreId, count: 1, amountFen: 1000, purpose: '矩阵测试', expiresOn: dayFromNow(3) })
    expect(issued.status).toBe(201)

    // 访客: a pending visit (escalated to the host unit's approvers), an approved one for the pass, an invitation
    const host = caller('host', await createUser(t, ['staff'], { name: '矩阵被访人' }), ['staff'], centreId)
    const guest = caller('guest', await createUser(t, ['visitor'], { unit: false, name: '矩阵访客' }), ['visitor'], null)
    const visit = await bookVisit(t, guest.token!, bookingBody(host.userId!))
    expect(visit.status).toBe(201)
    await t.database.pool.query('UPDATE visits SET escalated_at = ? WHERE id = ?', [new Date(), visit.body.id])
    const approved = await insertVisit(t, { hostUserId: host.userId!, visitorUserId: guest.userId, status: 'approved', startAt: new Date(Date.now() - 60_000), endAt: new Date(Date.now() + 3 * 3600_000) })
    const invited = await t.http
      .post('/api/v1/visits/invitations')
      .set(bearer(host.token!))
      .set('Idempotency-Key', idempotencyKey())
      .send({ visitorName: '矩阵受邀人', mobile: mobile(), startAt: inMinutes(60), endAt: inMinutes(180), purpose: '矩阵测试' })
    expect(invited.status).toBe(201)

    // 一车一码: a request waiting for the unit's approver; a trip running on a car of its own
    const requester = caller('requester', await createUser(t, ['staff'], { name: '矩阵申请人' }), ['staff'], centreId)
    const requestId = await insertRequest(t, { requesterUserId: requester.userId!, startAt: minutesFromNow(24 * 60), endAt: minutesFromNow(26 * 60), status: 'pending_approval' })
    const car = await insertVehicle(t, { odometerKm: 10_000 })
    const driver = await insertDriver(t, '矩阵驾驶员')
    const tripDriver = caller('trip driver', driver, ['driver'], centreId)
    await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, startAt: minutesFromNow(10), endAt: minutesFromNow(130), requesterUserId: requester.userId! })
    const started = await t.http.post('/api/v1/trips/start').set(bearer(driver.token)).set('Idempotency-Key', idempotencyKey()).send({ code: car.code, odometerKm: 10_000 })
    expect(started.status).toBe(201)

    // 会议室: a confirmed booking in a room of its own
    const organiser = caller('organiser', await createUser(t, ['staff'], { name: '矩阵预订人' }), ['staff'], centreId)
    const room = await createRoom(t)
    const day = dayFromNow(3)
    const booked = await bookRoom(t, organiser.token!, { roomId: room.id, startAt: at(day, '10:00'), endAt: at(day, '11:00'), title: '矩阵测试会', attendeeCount: 5 })
    expect(booked.status).toBe(201)

    // 人员: a person of the centre, and the centre's own 单位管理员 (the demo one is 发改委's)
    const person = caller('person', await createUser(t, ['staff'], { name: '矩阵人员' }), ['staff'], centreId)
    const centreUnitAdmin = caller('centre unit admin', await createUserOfUnit(t, '市机关事务管理中心', ['staff', 'unit_admin'], '中心单位管理员'), ['staff', 'unit_admin'], centreId)
    const otherApprover = caller('发改委 approver', await createUserOfUnit(t, '市发改委', ['staff', 'approver'], '发改委审批人'), ['staff', 'approver'], ndrcId)

    // 公物仓: an asset of 市发改委 with a photo, and 发改委's stocktake (zichan2 keeps both)
    const zichan2 = demo.find((c) => c.name === 'zichan2')!
    const asset = await insertAsset(t, { unitId: ndrcId, by: zichan2.userId! })
    const photo = await t.http.post(`/api/v1/assets/${asset.id}/photos`).set(bearer(zichan2.token!)).set('Content-Type', 'image/png').send(pngBytes())
    expect(photo.status).toBe(201)
    const stocktake = await t.http.post('/api/v1/asset-stocktakes').set(bearer(zichan2.token!))
    expect(stocktake.status).toBe(201)
    // 公物仓: the centre's keeper (zichan1) asks for an idle asset of 市发改委 (zichan2's); a 发改委
    // staff member asks to borrow an idle asset of the centre; a 市财政局 keeper is a party to neither
    const zichan1 = demo.find((c) => c.name === 'zichan1')!
    const transferred = await t.http
      .post('/api/v1/asset-transfers')
      .set(bearer(zichan1.token!))
      .set('Idempotency-Key', idempotencyKey())
      .send({ assetId: (await insertAsset(t, { unitId: ndrcId, name: '矩阵调剂资产' })).id, reason: '矩阵测试' })
    expect(transferred.status).toBe(201)
    const borrower = caller('borrower', await createUserOfUnit(t, '市发改委', ['staff'], '矩阵借用人'), ['staff'], ndrcId)
    const lent = await insertAsset(t, { unitId: centreId, name: '矩阵借用资产' })
    const loaned = await t.http
      .post('/api/v1/asset-loans')
      .set(bearer(borrower.token!))
      .set('Idempotency-Key', idempotencyKey())
      .send({ assetId: lent.id, startDate: shanghaiDay(0), endDate: shanghaiDay(2), purpose: '矩阵测试' })
    expect(loaned.status).toBe(201)
    const financeKeeper = caller('财政局 keeper', await createUserOfUnit(t, '市财政局', ['staff', 'asset_keeper'], '财政局资产管理员'), ['staff', 'asset_keeper'], await unitId(t, '市财政局'))
    // 报修: a staff member of the centre reports; the centre's admin gives it to a worker of its own; a second ticket goes to a firm
    const ticketReporter = caller('ticket reporter', await createUserOfUnit(t, '市机关事务管理中心', ['staff'], '矩阵报修人'), ['staff'], centreId)
    const ticketWorker = caller('ticket worker', await createUserOfUnit(t, '市机关事务管理中心', ['staff', 'repair_worker'], '矩阵维修工'), ['staff', 'repair_worker'], centreId)
    const reportAt = async (locationId: number) => {
      const reported = await t.http.post('/api/v1/tickets').set(bearer(ticketReporter.token!)).set('Idempotency-Key', idempotencyKey()).send({ kind: 'repair', category: 'water_power', locationId, description: '矩阵测试报修', photos: [pngBase64()] })
      expect(reported.status).toBe(201)
      return reported.body as { id: number; photos: { url: string }[] }
    }
    const ticket = await reportAt((await insertLocation(t)).id)
    expect((await t.http.post(`/api/v1/tickets/${ticket.id}/assign`).set(bearer(admin.token!)).send({ workerId: ticketWorker.userId })).status).toBe(200)
    const firmTicket = await reportAt((await insertLocation(t)).id)
    const toFirm = await t.http.post(`/api/v1/tickets/${firmTicket.id}/assign`).set(bearer(admin.token!)).send({ firmId: (await insertFirm(t)).id })
    expect(toFirm.status).toBe(200)
    // 督办: the centre's 借用逾期未还 light turned red (lisi is an approver of the centre)
    await withTransaction(t.database.db, (tx) => t.services.cockpitSupervision.openOnRed(tx, { indicatorKey: 'loans_overdue', unitId: centreId, day: today, value: 2, at: new Date() }))
    const [[supervision]] = (await t.database.pool.query("SELECT id FROM supervisions WHERE unit_id = ? AND indicator_key = 'loans_overdue' AND active = 1", [centreId])) as unknown as [{ id: number }[]]
    // 报餐: the shop's manager publishes tomorrow's menu; the payer books a dish of it
    const shopManager = caller('shop manager', await createUser(t, ['staff', 'canteen_manager'], { name: '矩阵食堂管理员' }), ['staff', 'canteen_manager'], centreId)
    await t.database.pool.query('INSERT INTO merchant_staff (user_id, merchant_id) VALUES (?, ?)', [shopManager.userId, shop.merchantId])
    const [[shopPeriod]] = (await t.database.pool.query('SELECT id FROM meal_periods WHERE merchant_id = ?', [shop.merchantId])) as unknown as [{ id: number }[]]
    const tomorrow = dayFromNow(1)
    const menu = await t.http.put(`/api/v1/meal/menus/${shop.merchantId}/${tomorrow}/${shopPeriod.id}`).set(bearer(shopManager.token!)).set('Idempotency-Key', idempotencyKey()).send({ dishes: [{ name: '矩阵红烧肉', priceFen: 1200, tag: 'meat' }] })
    expect(menu.status).toBe(200)
    const mealOrder = await t.http.post('/api/v1/meal/orders').set(bearer(payer.token!)).set('Idempotency-Key', idempotencyKey()).send({ merchantId: shop.merchantId, date: tomorrow, periodId: shopPeriod.id, items: [{ dishId: menu.body.dishes[0].id, qty: 1 }], pay: 'hold' })
    expect(mealOrder.status).toBe(201)
    w = {
      mealOrderId: mealOrder.body.id,
      mealDishId: menu.body.dishes[0].id,
      shopCode: shop.code,
      shopManager,
      supervisionId: supervision.id,
      ticketReporter,
      ticketWorker,
      ticketId: ticket.id,
      ticketPhotoToken: new URL(ticket.photos[0].url).pathname.split('/').pop()!,
      firmToken: decodeURIComponent(/token=([^&]+)/.exec(toFirm.body.firmLink)![1]),
      centreId,
      today,
      payer,
      shopCashier,
      guest,
      host,
      requester,
      tripDriver,
      organiser,
      otherApprover,
      merchantId: shop.merchantId,
      windowId: shop.windowId,
      paymentId: paid.body.id,
      notificationId,
      visitId: visit.body.id,
      approvedVisitId: approved.id,
      requestId,
      tripId: started.body.id,
      tripOdometerKm: 10_000,
      bookingId: booked.body.id,
      voucherCode: issued.body.items[0].code,
      invitationToken: decodeURIComponent(/token=([^&]+)/.exec(invited.body.inviteUrl)![1]),
      vehicleToken: car.token,
      person,
      assetUnitId: ndrcId,
      assetId: asset.id,
      assetPhotoId: photo.body.photos[0].id,
      assetPhotoToken: new URL(photo.body.photoUrls[0]).pathname.split('/').pop()!,
      assetCode: asset.code,
      stocktakeId: stocktake.body.id,
      ndrcId,
      transferId: transferred.body.id,
      borrower,
      loanId: loaned.body.id,
      loanAssetCode: lent.code,
    }
    callers = [ANONYMOUS, ...demo, payer, shopCashier, guest, host, requester, tripDriver, organiser, otherApprover, person, centreUnitAdmin, borrower, financeKeeper, ticketReporter, ticketWorker, shopManager]
  })

  it('names a request for every endpoint the table says addresses an object', () => {
    expect(objectEntries.filter(({ name }) => !OBJECT_REQUESTS[name]).map(({ name }) => name)).toEqual([])
  })

  it('answers everyone the table does not name 404 as for a missing object (or, if they see it, its 403), and changes nothing', async () => {
    const before = await checksums()
    const jobs = objectEntries.flatMap(({ name, endpoint }) => {
      const access = accessOf(name)
      if (access.object!.by === 'link') return []
      const request = OBJECT_REQUESTS[name]!(w)
      return callers.flatMap((who) => {
        const atRoute = guard(access, who)
        const expected = atRoute === 'pass' ? objectVerdict(access, who, w) : atRoute
        if (expected === 'may') return []
        return [
          async () => {
            const answer = await send(endpoint, who.token, request)
            if (expected === 401 || (atRoute === 403 && expected === 403)) return checkGuard(expected, answer) === null ? null : `${name} as ${who.name}: expected ${expected}, got ${show(answer)}`
            if (expected === 403) return answer.status === 403 ? null : `${name} as ${who.name}: expected 403, got ${show(answer)}`
            // 404 must tell nothing: the very answer an object that does not exist gets
            const none = await send(endpoint, who.token, missing(request))
            const same = answer.status === 404 && answer.code === 'NOT_FOUND' && none.status === 404 && answer.message === none.message
            return same ? null : `${name} as ${who.name}: expected 404 as for a missing one (${showFully(none)}), got ${showFully(answer)}`
          },
        ]
      })
    })
    const problems = (await inParallel(jobs)).filter((p): p is string => p !== null)
    expect(problems).toEqual([])
    expect(await checksums()).toEqual(before)
    expect(jobs.length).toBeGreaterThan(300)
  }, 120_000)

  it('shows each object to its owner and to those the table names', async () => {
    const jobs = objectEntries
      .filter(({ endpoint, name }) => endpoint.method === 'GET' && accessOf(name).object!.by !== 'link')
      .flatMap(({ name, endpoint }) => {
        const access = accessOf(name)
        const request = OBJECT_REQUESTS[name]!(w)
        return callers
          .filter((who) => guard(access, who) === 'pass' && objectVerdict(access, who, w) === 'may')
          .map((who) => async () => {
            const answer = await send(endpoint, who.token, request)
            return answer.status === 200 ? null : `${name} as ${who.name}: expected 200, got ${show(answer)}`
          })
      })
    const problems = (await inParallel(jobs)).filter((p): p is string => p !== null)
    expect(problems).toEqual([])
    // at least the owner of each kind read it
    expect(jobs.length).toBeGreaterThan(20)
  })

  it('takes the key in a link (voucher, invitation, car sticker) as the permission, and nothing close to it', async () => {
    const problems: string[] = []
    for (const { name, endpoint } of objectEntries.filter(({ name }) => accessOf(name).object!.by === 'link')) {
      const access = accessOf(name)
      const request = OBJECT_REQUESTS[name]!(w)
      const inside = callers.filter((who) => guard(access, who) === 'pass')
      if (endpoint.method === 'GET') {
        for (const who of inside) {
          const answer = await send(endpoint, who.token, request)
          if (answer.status !== 200) problems.push(`${name} as ${who.name} with the link: ${show(answer)}`)
        }
      }
      const forged = await send(endpoint, inside[0].token, tampered(request))
      // a car's sticker is signed: one character off is a forged code
      if (forged.status !== 404 && !(forged.status === 400 && forged.code === 'QR_FORGED')) problems.push(`${name} with a link one character off: ${show(forged)}`)
    }
    expect(problems).toEqual([])
  })

  it("keeps each approver's queue to their own unit (admin: every unit)", async () => {
    const hall = await createRoom(t, { requiresApproval: true })
    const day = dayFromNow(4)
    const pending = await bookRoom(t, w.organiser.token!, { roomId: hall.id, startAt: at(day, '14:00'), endAt: at(day, '15:00'), title: '矩阵待批', attendeeCount: 5 })
    expect(pending.body.status).toBe('pending_approval')
    const queueOf = async (who: Caller) => {
      const answer = await t.http.get('/api/v1/room-bookings').query({ as: 'approver', limit: 50 }).set(bearer(who.token!))
      return (answer.body.items as { id: number }[]).some((b) => b.id === pending.body.id)
    }
    const named = (name: string) => callers.find((c) => c.name === name)!
    expect([await queueOf(named('lisi')), await queueOf(named('admin')), await queueOf(w.otherApprover)]).toEqual([true, true, false])
  })

  it('tells those who see the object why they may not act on it (403 with its code); the rest 404 as for a missing object', async () => {
    const as = async (who: Caller, name: ContractEntryName, request = OBJECT_REQUESTS[name]!(w)) => showFully(await send(entries.find((e) => e.name === name)!.endpoint, who.token, request))
    const named = (name: string) => callers.find((c) => c.name === name)!
    const [lisi, huiwu, dispatcher, admin, wangwu, cashier1, settle] = ['lisi', 'huiwu1', 'dispatcher1', 'admin', 'wangwu', 'cashier1', 'settle1'].map(named)
    const before = await checksums()
    // a booking: its unit's approver and meeting service read it, a stranger does not
    for (const name of ['roomBookings.update', 'roomBookings.cancel', 'roomBookings.end'] as const) {
      for (const who of [lisi, huiwu]) expect(await as(who, name)).toBe('403 ROOM_NOT_ORGANISER 「只有预订人（或管理员）可以修改或取消」')
      expect(await as(wangwu, name)).toBe('404 NOT_FOUND 「预订不存在」')
      expect(await as(w.otherApprover, name)).toBe('404 NOT_FOUND 「预订不存在」')
    }
    // a trip: those who see its request are told it is not theirs; another driver, a stranger not
    for (const who of [dispatcher, admin, lisi, w.requester]) expect(await as(who, 'trips.finish')).toBe('403 TRIP_NOT_YOUR_TASK 「只有这趟行程的驾驶员可以收车」')
    for (const who of [named('driver1'), wangwu, w.otherApprover]) expect(await as(who, 'trips.finish')).toBe('404 NOT_FOUND 「行程不存在」')
    // a car request: another unit's approver does not see it
    expect(await as(w.otherApprover, 'vehicleRequests.approve')).toBe('404 NOT_FOUND 「用车申请不存在」')
    expect(await as(w.otherApprover, 'vehicleRequests.reject')).toBe('404 NOT_FOUND 「用车申请不存在」')
    // a statement: another merchant's cashier, as for a merchant that does not exist; the clerk reads but does not confirm
    for (const name of ['mealSettlement.daily', 'mealSettlement.review', 'mealSettlement.confirmAll'] as const) expect(await as(cashier1, name)).toBe('404 NOT_FOUND 「商户不存在」')
    expect(await as(settle, 'mealSettlement.daily')).toBe('200')
    // an asset: another unit's keeper, as for an asset that does not exist
    const [zichan1, zichan2, financeKeeper] = ['zichan1', 'zichan2', '财政局 keeper'].map(named)
    for (const name of ['assets.update', 'assets.dispose', 'assets.addPhoto'] as const) expect(await as(zichan1, name)).toBe('404 NOT_FOUND 「资产不存在」')
    expect(await as(zichan1, 'assetStocktakes.get')).toBe('404 NOT_FOUND 「盘点不存在」')
    // 公物仓: the asking keeper sees the transfer but does not agree for the giving unit; the 财政局 keeper sees neither object
    expect(await as(zichan1, 'assetTransfers.agree')).toBe('403 ASSET_NOT_KEEPER 「只有市发改委的资产管理员可以同意调出」')
    expect(await as(zichan2, 'assetTransfers.receive')).toBe('403 ASSET_NOT_KEEPER 「只有市机关事务管理中心的资产管理员可以确认接收」')
    expect(await as(zichan1, 'assetLoans.cancel')).toBe('403 ASSET_NOT_BORROWER 「只有借用人本人可以取消借用」')
    for (const name of ['assetTransfers.get', 'assetTransfers.agree', 'assetTransfers.receive'] as const) expect(await as(financeKeeper, name)).toBe('404 NOT_FOUND 「调剂单不存在」')
    for (const who of [financeKeeper, zichan2]) for (const name of ['assetLoans.get', 'assetLoans.approve', 'assetLoans.handOver'] as const) expect(await as(who, name)).toBe('404 NOT_FOUND 「借用单不存在」')
    const clerkAtTheTill = caller('clerk and cashier', await createUser(t, ['cashier', 'settlement']), ['cashier', 'settlement'], null)
    expect(await as(clerkAtTheTill, 'mealSettlement.confirmAll')).toBe('403 FORBIDDEN 「您没有权限进行此操作」')
    expect(await checksums()).toEqual(before)
  })

  it('lets the owner act on what others could not touch', async () => {
    const as = (who: Caller, name: ContractEntryName) => send(entries.find((e) => e.name === name)!.endpoint, who.token, OBJECT_REQUESTS[name]!(w))
    const lisi = callers.find((c) => c.name === 'lisi')!
    expect(show(await as(w.payer, 'notifications.read'))).toBe('200')
    // found, and told why not: it is paid
    expect(show(await as(w.payer, 'mealPayments.cancel'))).toBe('409 MEAL_PAYMENT_ALREADY_PAID')
    expect(show(await as(w.shopCashier, 'mealSettlement.review'))).toBe('200')
    expect(show(await as(w.shopCashier, 'mealRefunds.create'))).toBe('201')
    // the escalated approver of the host's unit answers first
    expect(show(await as(lisi, 'visits.approve'))).toBe('200')
    expect(show(await as(w.guest, 'visits.cancel'))).toBe('200')
    expect(show(await as(w.guest, 'visitPasses.pass'))).toBe('200')
    expect(show(await as(w.requester, 'vehicleRequests.cancel'))).toBe('200')
    expect(show(await as(w.tripDriver, 'trips.finish'))).toBe('200')
    expect(show(await as(w.organiser, 'roomBookings.update'))).toBe('200')
    expect(show(await as(w.organiser, 'roomBookings.cancel'))).toBe('200')
    // 公物仓: the owning unit's keeper edits the asset and scans it into the unit's stocktake
    const zichan2 = callers.find((c) => c.name === 'zichan2')!
    expect(show(await as(zichan2, 'assets.update'))).toBe('200')
    expect(show(await as(zichan2, 'assetStocktakes.scans'))).toBe('200')
    expect(show(await as(zichan2, 'assetTransfers.agree'))).toBe('200')
    expect(show(await as(w.borrower, 'assetLoans.cancel'))).toBe('200')
    // 报修: the holding worker takes it; the reporter could no longer cancel it then
    expect(show(await as(w.ticketWorker, 'tickets.accept'))).toBe('200')
    expect(show(await as(w.ticketReporter, 'tickets.cancel'))).toBe('409 TICKET_STATE')
    // 督办: the unit's approver replies (the centre and the leaders were told 403 SUPERVISION_NOT_UNIT_APPROVER)
    expect(show(await as(lisi, 'supervision.reply'))).toBe('200')
  })
})
