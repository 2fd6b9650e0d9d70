// What the drill's load needs, set up once before it starts: diners with money, a canteen window and
// its cashier, rooms, approved visits with passes, cars, drivers and approved car requests.
import { randomBytes, randomInt } from 'node:crypto'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'
import dayjs from 'dayjs'
import mysql from 'mysql2/promise'
import { connectDatabase, withTransaction } from '../src/db/client'
import { and, eq } from 'drizzle-orm'
import { mealMenuDishes, mealMenus } from '../src/db/schema'
import { EnvSchema } from '../src/env'
import { QrSigner } from '../src/lib/qr'
import { postEntry } from '../src/modules/ledger/ledger.repo'
import { ensureAccount } from '../src/modules/meal/subsidies/subsidies.repo'
import { passSecret } from '../src/modules/visits/common/pass-code'

export const DRILL_MARK = '演练'

export interface Fixtures {
  unitId: number
  hostId: number
  windowCode: string
  merchantId: number
  /** usernames, logged in by the run */
  diners: string[]
  cashier: string
  /** the cashier of a second canteen nobody pays at: their long poll waits its full time unless cut short */
  idleCashier: string
  bookers: string[]
  roomIds: number[]
  /** approved visits with their pass secrets, each scanned at most once by the load */
  passes: { id: number; secret: string }[]
  vehicleIds: number[]
  driverIds: number[]
  requestIds: number[]
  /** 公物仓: a few idle assets of the centre that borrowers race for, their keeper, the borrowers (usernames) */
  assetIds: number[]
  assetKeeper: string
  borrowers: string[]
  /** 报修: places where staff report faults, the reporters, one dispatcher and the two workers who race to accept (usernames; workers also by user id) */
  locationIds: number[]
  reporters: string[]
  repairDispatcher: string
  repairWorkers: { username: string; id: number }[]
  /**
   * 报餐: the drill canteen's menus of today and tomorrow (its one all-day period; cut-offs at the
   * end of each day), a few dishes with small portions limits so bookings race for the last ones;
   * the diners who book (usernames, not the ones who pay by amount) and the canteen's manager
   */
  meal: { periodId: number; menus: { date: string; dishes: { id: number; name: string; priceFen: number; portionsLimit: number | null }[] }[]; diners: string[]; manager: string }
}

/** The drill canteen's dishes: three with a small limit (sold-out races), the rice without. */
const DRILL_DISHES = [
  { name: '红烧肉', priceFen: 1200, tag: 'meat' as const, portionsLimit: 12 },
  { name: '清炒时蔬', priceFen: 400, tag: 'veg' as const, portionsLimit: 20 },
  { name: '番茄蛋汤', priceFen: 300, tag: 'soup' as const, portionsLimit: 6 },
  { name: '米饭', priceFen: 100, tag: 'staple' as const, portionsLimit: null },
]

const ids = async (pool: mysql.Pool, sql: string, params: unknown[] = []) => ((await pool.query(sql, params))[0] as { id: number }[]).map((row) => Number(row.id))

async function insertMany(pool: mysql.Pool, head: string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    await pool.query(`${head} VALUES ${chunk.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ')}`, chunk.flat())
  }
}

async function usersWithRole(pool: mysql.Pool, prefix: string, count: number, name: string, unitId: number, role: string): Promise<string[]> {
  const usernames = Array.from({ length: count }, (_v, i) => `${prefix}${i + 1}`)
  await insertMany(pool, 'INSERT INTO users (username, name, unit_id)', usernames.map((username, i) => [username, `${name}${i + 1}`, unitId]))
  const userIds = await ids(pool, 'SELECT id FROM users WHERE username IN (?) ORDER BY id', [usernames])
  await insertMany(pool, 'INSERT INTO user_roles (user_id, role)', userIds.map((id) => [id, role]))
  return usernames
}

export async function prepareFixtures(databaseUrl: string, publicBaseUrl: string, seconds: number): Promise<Fixtures> {
  const env = EnvSchema.parse({ DATABASE_URL: databaseUrl })
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 4, timezone: 'Z' })
  const database = connectDatabase(databaseUrl, 2)
  try {
    const [[centre]] = (await pool.query("SELECT id FROM units WHERE name = '市机关事务管理中心'")) as unknown as [{ id: number }[]]
    const unitId = Number(centre.id)
    const [hostId] = await ids(pool, "SELECT id FROM users WHERE username = 'zhangsan'")

    // 公务餐: a canteen open all day, its cashier, diners with 补贴 on their cards (through the ledger)
    const [merchant] = await pool.query("INSERT INTO merchants (name, kind, over_cap_policy, max_payment_fen) VALUES (?, 'canteen', 'warn', 100000)", [`${DRILL_MARK}食堂`])
    const merchantId = (merchant as { insertId: number }).insertId
    const [window] = await pool.query("INSERT INTO meal_windows (merchant_id, name) VALUES (?, '1号窗口')", [merchantId])
    const [period] = await pool.query("INSERT INTO meal_periods (merchant_id, name, start_minute, end_minute, official_cap_fen) VALUES (?, '全天', 0, 1440, 4000)", [merchantId])
    const periodId = (period as { insertId: number }).insertId
    const [cashier] = await usersWithRole(pool, 'drill_cashier', 1, `${DRILL_MARK}收银`, unitId, 'cashier')
    await pool.query('INSERT INTO merchant_staff (user_id, merchant_id) SELECT id, ? FROM users WHERE username = ?', [merchantId, cashier])
    const [idleMerchant] = await pool.query("INSERT INTO merchants (name, kind, over_cap_policy, max_payment_fen) VALUES (?, 'canteen', 'warn', 100000)", [`${DRILL_MARK}二食堂`])
    const [idleCashier] = await usersWithRole(pool, 'drill_idle_cashier', 1, `${DRILL_MARK}收银`, unitId, 'cashier')
    await pool.query('INSERT INTO merchant_staff (user_id, merchant_id) SELECT id, ? FROM users WHERE username = ?', [(idleMerchant as { insertId: number }).insertId, idleCashier])
    const diners = await usersWithRole(pool, 'drill_diner', 24, `${DRILL_MARK}干部`, unitId, 'staff')
    const dinerIds = await ids(pool, 'SELECT id FROM users WHERE username IN (?)', [diners])
    for (const dinerId of dinerIds) {
      await withTransaction(database.db, async (tx) => {
        await ensureAccount(tx, dinerId, unitId)
        await postEntry(tx, 'subsidy', `${DRILL_MARK}餐补`, [{ from: { account: 'unit_subsidy_funding', ownerId: unitId }, to: { account: 'meal_subsidy', ownerId: dinerId }, amountFen: 50_000_000 }])
      })
    }

    // 报餐: the canteen's manager publishes today's and tomorrow's menus of the all-day period
    // (written here as the seed writes the demo menus: the instances are not up yet), each closing
    // five minutes before its day ends; other diners than the ones who pay by amount book them
    const [mealManager] = await usersWithRole(pool, 'drill_canteen_manager', 1, `${DRILL_MARK}食堂管理员`, unitId, 'canteen_manager')
    await pool.query('INSERT INTO merchant_staff (user_id, merchant_id) SELECT id, ? FROM users WHERE username = ?', [merchantId, mealManager])
    const [managerId] = await ids(pool, 'SELECT id FROM users WHERE username = ?', [mealManager])
    const menus: Fixtures['meal']['menus'] = []
    for (const date of [0, 1].map((days) => dayjs(shanghaiDate(new Date())).add(days, 'day').format('YYYY-MM-DD'))) {
      const cutoffAt = new Date(shanghaiDayStart(date).getTime() + (24 * 60 - 5) * 60_000)
      await database.db.insert(mealMenus).values({ merchantId, date, periodId, cutoffAt, publishedBy: managerId })
      await database.db.insert(mealMenuDishes).values(DRILL_DISHES.map((dish, sort) => ({ merchantId, date, periodId, ...dish, allergens: [], sort })))
      const dishRows = await database.db.select().from(mealMenuDishes).where(and(eq(mealMenuDishes.merchantId, merchantId), eq(mealMenuDishes.date, date)))
      menus.push({ date, dishes: dishRows.map((dish) => ({ id: dish.id, name: dish.name, priceFen: dish.priceFen, portionsLimit: dish.portionsLimit })) })
    }
    const mealDiners = await usersWithRole(pool, 'drill_meal_diner', 12, `${DRILL_MARK}报餐人`, unitId, 'staff')
    for (const dinerId of await ids(pool, 'SELECT id FROM users WHERE username IN (?)', [mealDiners])) {
      await withTransaction(database.db, async (tx) => {
        await ensureAccount(tx, dinerId, unitId)
        // 补贴 then 个人: a hold takes from both once the 补贴 runs low
        await postEntry(tx, 'subsidy', `${DRILL_MARK}餐补`, [{ from: { account: 'unit_subsidy_funding', ownerId: unitId }, to: { account: 'meal_subsidy', ownerId: dinerId }, amountFen: 30_000 }])
        await postEntry(tx, 'topup', `${DRILL_MARK}充值`, [{ from: { account: 'wechat_clearing', ownerId: 0 }, to: { account: 'meal_personal', ownerId: dinerId }, amountFen: 5_000_000 }])
      })
    }

    // 会议室: few rooms, so bookers race for the same slots
    const bookers = await usersWithRole(pool, 'drill_booker', 10, `${DRILL_MARK}会务`, unitId, 'staff')
    await insertMany(
      pool,
      'INSERT INTO rooms (name, building, floor, capacity, equipment, photos, open_from_minute, open_to_minute)',
      [1, 2, 3].map((i) => [`${DRILL_MARK}会议室${i}`, '演练楼', `${i}楼`, 30, '[]', '[]', 0, 1440]),
    )
    const roomIds = await ids(pool, 'SELECT id FROM rooms WHERE name LIKE ? ORDER BY id', [`${DRILL_MARK}会议室%`])

    // 访客: approved visits with an open window and a pass each (more than the gate workers can scan)
    const visitCount = Math.max(2000, seconds * 60)
    const nonces = Array.from({ length: visitCount }, () => randomBytes(16).toString('hex'))
    const startAt = new Date(Date.now() - 3600_000)
    const endAt = new Date(Date.now() + 8 * 3600_000)
    await insertMany(
      pool,
      'INSERT INTO visits (status, source, visitor_name, id_type, id_number_hash, id_number_masked, purpose, host_user_id, host_unit_id, start_at, end_at, pass_nonce)',
      nonces.map((nonce) => ['approved', 'self', `${DRILL_MARK}访客`, 'id_card', randomBytes(32).toString('hex'), '330***********1234', `${DRILL_MARK}入园`, hostId, unitId, startAt, endAt, nonce]),
    )
    const visitRows = ((await pool.query('SELECT id, pass_nonce FROM visits WHERE purpose = ? ORDER BY id', [`${DRILL_MARK}入园`]))[0] as { id: number; pass_nonce: string }[]).map((row) => ({ id: Number(row.id), nonce: row.pass_nonce }))

    // 一车一码: a small fleet and many approved requests in overlapping windows, so dispatchers race for cars and drivers
    await insertMany(pool, 'INSERT INTO vehicles (plate_no, type, seats, energy, unit_id)', [1, 2, 3, 4].map((i) => [`浙A演${String(i).padStart(3, '0')}`, 'sedan', 5, 'fuel', unitId]))
    const vehicleIds = await ids(pool, "SELECT id FROM vehicles WHERE plate_no LIKE '浙A演%' ORDER BY id")
    const drivers = await usersWithRole(pool, 'drill_driver', 4, `${DRILL_MARK}驾驶员`, unitId, 'driver')
    await pool.query('INSERT INTO drivers (user_id, on_duty) SELECT id, 1 FROM users WHERE username IN (?)', [drivers])
    const driverIds = await ids(pool, 'SELECT d.id FROM drivers d JOIN users u ON u.id = d.user_id WHERE u.username IN (?) ORDER BY d.id', [drivers])
    const requestCount = Math.max(400, seconds * 6)
    const dayAfter = Date.now() + 2 * 86_400_000
    await insertMany(
      pool,
      'INSERT INTO vehicle_requests (status, requester_user_id, unit_id, purpose, origin, destination, start_at, end_at, passengers)',
      Array.from({ length: requestCount }, (_v, i) => {
        // windows of 2 h, two starting each hour: each overlaps five others, with four cars to go round
        const start = new Date(dayAfter + Math.floor(i / 2) * 60 * 60_000 + randomInt(0, 10) * 60_000)
        return ['approved', hostId, unitId, `${DRILL_MARK}派车`, '市政府', '高新区', start, new Date(start.getTime() + 2 * 3600_000), 2]
      }),
    )
    const requestIds = await ids(pool, 'SELECT id FROM vehicle_requests WHERE purpose = ? ORDER BY id', [`${DRILL_MARK}派车`])

    // 公物仓: three idle assets of the centre, so borrowers race for the same days; the centre's keeper decides
    await insertMany(
      pool,
      'INSERT INTO assets (unit_id, name, category, `condition`, original_value_fen, acquired_on, location, status, registered_by_user_id, listed_at)',
      [1, 2, 3].map((i) => [unitId, `${DRILL_MARK}投影仪${i}`, 'meeting_equipment', 'good', 450_000, '2024-03-01', '演练仓库', 'idle', hostId, new Date()]),
    )
    const assetIds = await ids(pool, 'SELECT id FROM assets WHERE name LIKE ? ORDER BY id', [`${DRILL_MARK}投影仪%`])
    const [assetKeeper] = await usersWithRole(pool, 'drill_keeper', 1, `${DRILL_MARK}资产管理员`, unitId, 'asset_keeper')
    const borrowers = await usersWithRole(pool, 'drill_borrower', 8, `${DRILL_MARK}借用人`, unitId, 'staff')

    // 报修: a few places (so repeat faults get linked), reporters, a dispatcher and two workers who race to accept
    await insertMany(pool, 'INSERT INTO locations (building, floor, spot)', [1, 2, 3, 4].map((i) => ['演练楼', `${i}楼`, `${DRILL_MARK}报修点${i}`]))
    const locationIds = await ids(pool, 'SELECT id FROM locations WHERE spot LIKE ? ORDER BY id', [`${DRILL_MARK}报修点%`])
    const reporters = await usersWithRole(pool, 'drill_reporter', 6, `${DRILL_MARK}报修人`, unitId, 'staff')
    const [repairDispatcher] = await usersWithRole(pool, 'drill_repair_dispatcher', 1, `${DRILL_MARK}报修调度`, unitId, 'repair_dispatcher')
    const workerNames = await usersWithRole(pool, 'drill_repair_worker', 2, `${DRILL_MARK}维修`, unitId, 'repair_worker')
    const workerRows = (await pool.query('SELECT id, username FROM users WHERE username IN (?) ORDER BY id', [workerNames]))[0] as { id: number; username: string }[]

    return {
      unitId,
      hostId,
      merchantId,
      windowCode: new QrSigner(env.QR_SECRET, publicBaseUrl).url('m', (window as { insertId: number }).insertId),
      diners,
      cashier,
      idleCashier,
      bookers,
      roomIds,
      passes: visitRows.map((visit) => ({ id: visit.id, secret: passSecret(env.VISIT_PASS_SECRET, visit.id, visit.nonce) })),
      vehicleIds,
      driverIds,
      requestIds,
      assetIds,
      assetKeeper,
      borrowers,
      locationIds,
      reporters,
      repairDispatcher,
      repairWorkers: workerRows.map((row) => ({ username: row.username, id: Number(row.id) })),
      meal: { periodId, menus, diners: mealDiners, manager: mealManager },
    }
  } finally {
    await pool.end()
    await database.close()
  }
}
