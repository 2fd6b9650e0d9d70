import path from 'node:path'
import fs from 'node:fs'
import { PAGES, readPageUrl, type PageName } from '@egj/shared'
import { randomBytes } from 'node:crypto'
import { units } from '../src/db/schema'
import { bearer, startTestApp, type TestApp } from './harness'
import { createCashier, createDiner, createMerchant, createUser, idempotencyKey } from './factories'
import { at, book as bookRoom, createRoom, dayFromNow } from './room-fixtures'
import { createUserOfUnit, hoursFromNow } from './vehicle-fleet'
import { insertDispatched, insertDriver, insertVehicle, minutesFromNow } from './vehicle-trips'
import { bookedVisit, inMinutes, mobile } from './visit-fixtures'
import { insertAsset, createUnit, shanghaiDay } from './asset-fixtures'

// ARCHITECTURE.md point 15: page paths are data (shared/src/routes.ts). The table matches the
// mini-app's app.config.ts, and every link the BFF writes opens a page of it with what it needs.

interface AppConfig {
  pages: string[]
  subPackages: { root: string; pages: string[] }[]
}

/** miniapp/src/app.config.ts as Taro reads it: run with its build-time global stubbed. */
function appConfig(): AppConfig {
  const global = globalThis as { defineAppConfig?: (config: AppConfig) => AppConfig }
  global.defineAppConfig = (config) => config
  try {
    return require(path.resolve(__dirname, '../../miniapp/src/app.config.ts')).default
  } finally {
    delete global.defineAppConfig
  }
}

describe('the route table', () => {
  it('names every page of app.config.ts, and only those', () => {
    const config = appConfig()
    const configured = [...config.pages.map((page) => `/${page}`), ...config.subPackages.flatMap((sub) => sub.pages.map((page) => `/${sub.root}/${page}`))]
    expect(configured).toHaveLength(90)
    expect(Object.values(PAGES).map((route) => route.path).sort()).toEqual([...configured].sort())
  })
})

describe('links the BFF writes', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(() => t.close())

  const post = (token: string, url: string, body: object = {}) => t.http.post(url).set(bearer(token)).set('Idempotency-Key', idempotencyKey()).send(body)
  const DEMO_USERS = ['zhangsan', 'lisi', 'wangwu', 'cashier1', 'guard1', 'dispatcher1', 'driver1', 'huiwu1', 'settle1', 'admin', 'visitor1']
  /** the 待办 of every demo user and of the given ones (tokens) */
  async function todoUrls(tokens: string[]): Promise<{ kind: string; url: string }[]> {
    const out: { kind: string; url: string }[] = []
    for (const token of [...(await Promise.all(DEMO_USERS.map((name) => t.login(name)))), ...tokens]) {
      const response = await t.http.get('/api/v1/todos').set(bearer(token))
      expect(response.status).toBe(200)
      out.push(...response.body.items.map((item: { kind: string; url: string }) => ({ kind: item.kind, url: item.url })))
    }
    return out
  }

  it('notifications, 待办, invitation and voucher links and QR landings each open a page of the table with its parameters', async () => {
    const [[{ lastId }]] = (await t.database.pool.query('SELECT COALESCE(MAX(id), 0) AS lastId FROM notifications')) as unknown as [{ lastId: number }[]]
    // people of its own (other tests of this worker count the demo users' visits, vouchers …)
    const staff = await createUser(t, ['staff'], { name: '链接甲' })
    const approver = await createUser(t, ['staff', 'approver'], { name: '链接乙' })
    const guard = await createUser(t, ['guard'])
    const visitor = await createUser(t, ['visitor'], { unit: false })
    const admin = await t.login('admin')
    const links: { from: string; url: string }[] = []

    // 会议室: staff books a hall that needs approval twice; the unit's approver rejects one and approves the other
    const hall = await createRoom(t, { requiresApproval: true })
    const day = dayFromNow(3)
    const first = await bookRoom(t, staff.token, { roomId: hall.id, startAt: at(day, '09:00'), endAt: at(day, '10:00'), title: '链接测试一', attendeeCount: 5 })
    const second = await bookRoom(t, staff.token, { roomId: hall.id, startAt: at(day, '14:00'), endAt: at(day, '15:00'), title: '链接测试二', attendeeCount: 5 })
    expect([first.status, second.status]).toEqual([201, 201])

    // 用车: staff asks for a car (the approver is told), and a dispatched car's driver sets off (staff is told)
    const request = await post(staff.token, '/api/v1/vehicle-requests', { purpose: '链接测试', origin: '市政府东门', destination: '高新区管委会', startAt: hoursFromNow(24).toISOString(), endAt: hoursFromNow(27).toISOString(), passengers: 2, vehicleType: 'sedan' })
    expect(request.status).toBe(201)
    const car = await insertVehicle(t)
    const driver = await insertDriver(t)
    await insertDispatched(t, { vehicleId: car.vehicleId, driverId: driver.driverId, startAt: minutesFromNow(10), endAt: minutesFromNow(70), requesterUserId: staff.userId })
    expect((await post(driver.token, '/api/v1/trips/start', { code: car.code, odometerKm: 10_010 })).status).toBe(201)

    // 访客: a visitor asks to visit staff (staff is told); staff invites someone
    const visit = await bookedVisit(t, { hostId: staff.userId, token: visitor.token, overrides: { startAt: inMinutes(10), endAt: inMinutes(120) } })
    const invited = await post(staff.token, '/api/v1/visits/invitations', { visitorName: '周来宾', mobile: mobile(), startAt: inMinutes(60), endAt: inMinutes(240), purpose: '座谈' })
    expect(invited.status).toBe(201)
    links.push({ from: 'inviteUrl', url: invited.body.inviteUrl })

    // 公物仓: staff asks to borrow an asset of a unit of its own (its keeper is told); another unit's keeper asks for one by 调剂
    const assetUnit = await createUnit(t)
    const giver = await createUserOfUnit(t, assetUnit.name, ['staff', 'asset_keeper'])
    const taker = await createUserOfUnit(t, (await createUnit(t)).name, ['staff', 'asset_keeper'])
    const loan = await post(staff.token, '/api/v1/asset-loans', { assetId: (await insertAsset(t, { unitId: assetUnit.id })).id, startDate: shanghaiDay(0), endDate: shanghaiDay(1), purpose: '链接测试' })
    const transfer = await post(taker.token, '/api/v1/asset-transfers', { assetId: (await insertAsset(t, { unitId: assetUnit.id })).id, reason: '链接测试' })
    expect([loan.status, transfer.status]).toEqual([201, 201])

    // 待办 while things wait: the approver's, staff's visitor, the keepers'
    const everyone = [staff.token, approver.token, guard.token, visitor.token, driver.token, giver.token, taker.token]
    const waiting = await todoUrls(everyone)

    expect((await t.http.post(`/api/v1/room-bookings/${first.body.id}/reject`).set(bearer(approver.token)).send({ reason: '礼堂检修' })).status).toBe(200)
    expect((await t.http.post(`/api/v1/room-bookings/${second.body.id}/approve`).set(bearer(approver.token))).status).toBe(200)
    expect((await t.http.post(`/api/v1/vehicle-requests/${request.body.id}/approve`).set(bearer(approver.token))).status).toBe(200)
    expect((await t.http.post(`/api/v1/visits/${visit.id}/approve`).set(bearer(staff.token))).status).toBe(200)
    expect((await t.http.post(`/api/v1/gate/visits/${visit.id}/check-in`).set(bearer(guard.token))).status).toBe(200)
    expect((await t.http.post(`/api/v1/asset-loans/${loan.body.id}/approve`).set(bearer(giver.token))).status).toBe(200)
    expect((await t.http.post(`/api/v1/asset-transfers/${transfer.body.id}/agree`).set(bearer(giver.token))).status).toBe(200)

    // 食堂: a refund (the diner is told), a voucher's link
    const shop = await createMerchant(t)
    const cashier = await createCashier(t, shop.merchantId)
    const diner = await createDiner(t, { personalFen: 2000 })
    const paid = await post(diner.token, '/api/v1/meal/payments', { code: shop.code, amountFen: 1500, method: 'account', confirm: true })
    expect((await post(cashier.token, `/api/v1/meal/payments/${paid.body.id}/refunds`, { amountFen: 500, reason: '菜品问题' })).status).toBe(201)
    const [unit] = await t.database.db.insert(units).values({ name: `链接测试单位 ${randomBytes(3).toString('hex')}` })
    const vouchers = await post(admin, '/api/v1/meal/vouchers', { unitId: unit.insertId, count: 1, amountFen: 2000, purpose: '会议用餐', expiresOn: dayFromNow(3) })
    expect(vouchers.status).toBe(201)
    links.push({ from: 'voucher link', url: vouchers.body.items[0].link })

    // codes: a code URL opened in a browser, one that does not parse, a scanned code resolved
    for (const code of [`/q/m/${t.services.qr.token('m', shop.windowId)}`, '/q/m/only-one-part']) {
      const landing = await t.http.get(code)
      expect(landing.status).toBe(302)
      links.push({ from: `redirect ${code}`, url: landing.headers.location })
    }
    const resolved = await t.http.get('/api/v1/qr/resolve').query({ code: car.code }).set(bearer(staff.token))
    links.push({ from: 'qr resolve', url: resolved.body.path })

    const [told] = (await t.database.pool.query('SELECT title, link FROM notifications WHERE id > ? AND link IS NOT NULL', [lastId])) as unknown as [{ title: string; link: string }[]]
    links.push(...told.map((row) => ({ from: `notification ${row.title}`, url: row.link })))
    links.push(...[...waiting, ...(await todoUrls(everyone))].map((item) => ({ from: `待办 ${item.kind}`, url: item.url })))

    const read = links.map((link) => ({ ...link, read: readPageUrl(link.url) }))
    expect(read.filter((link) => 'problem' in link.read).map((link) => `${link.from}: ${link.url}`)).toEqual([])
    const opened = new Set(read.flatMap((link) => ('name' in link.read ? [link.read.name] : [])))
    // what this run is sure to have written (待办 that depend on the hour may add more)
    const sure: PageName[] = ['roomBooking', 'roomMine', 'vehicleRequest', 'vehicleList', 'dispatchBoard', 'visitDetail', 'visitList', 'visitInvite', 'mealReceipt', 'mealVoucher', 'mealPay', 'vehicleCar', 'scan', 'assetLoan', 'assetLoans', 'assetTransfer', 'assetTransfers']
    expect([...opened].filter((name) => sure.includes(name)).sort()).toEqual([...sure].sort())
    // the room links, exactly (they once pointed to pages that did not exist)
    expect(told.filter((row) => row.title.startsWith('会议室预订')).map((row) => [row.title, row.link])).toEqual([
      ['会议室预订未通过', `/packages/room/pages/detail/index?id=${first.body.id}`],
      ['会议室预订已通过', `/packages/room/pages/detail/index?id=${second.body.id}`],
    ])
    expect(waiting).toContainEqual({ kind: 'room.approve', url: '/packages/room/pages/mine/index?as=approver' })
  })
})

describe('messages sent before the route table', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp()
  })
  afterAll(() => t.close())

  it('open real pages after migration 0017: the dead room links and the trip links to the request form are rewritten in place', async () => {
    const { userId } = await createUser(t, ['staff'])
    const dead = [
      '/packages/room/pages/booking/index?id=41',
      '/packages/room/pages/approvals/index',
      '/packages/room/pages/tasks/index',
      '/packages/vehicle/pages/request/index?id=7',
    ]
    const [first] = (await t.database.pool.query(
      `INSERT INTO notifications (user_id, title, body, link) VALUES ${dead.map(() => '(?, ?, ?, ?)').join(', ')}`,
      dead.flatMap((link) => [userId, '旧消息', '旧消息', link]),
    )) as unknown as [{ insertId: number }]
    const sql = fs.readFileSync(path.resolve(__dirname, '../drizzle/0017_fix_dead_page_links.sql'), 'utf8')
    for (const statement of sql.split('--> statement-breakpoint')) await t.database.pool.query(statement)

    const [rows] = (await t.database.pool.query('SELECT link FROM notifications WHERE id >= ? AND user_id = ? ORDER BY id', [first.insertId, userId])) as unknown as [{ link: string }[]]
    expect(rows.map((row) => row.link)).toEqual([
      '/packages/room/pages/detail/index?id=41',
      '/packages/room/pages/mine/index?as=approver',
      '/packages/meeting-service/pages/tasks/index',
      '/packages/vehicle/pages/detail/index?id=7',
    ])
    for (const { link } of rows) expect(readPageUrl(link)).not.toHaveProperty('problem')
  })
})
