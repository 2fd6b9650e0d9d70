import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { withTransaction } from '../src/db/client'
import { mealPeriods, mealWindows, merchantStaff, merchants, units, userRoles, users } from '../src/db/schema'
import { postEntry } from '../src/modules/ledger/ledger.repo'
import { ensureAccount } from '../src/modules/meal/subsidies/subsidies.repo'
import type { Role } from '@egj/shared'
import type { TestApp } from './harness'

const suffix = () => randomBytes(4).toString('hex')

export interface TestMerchant {
  merchantId: number
  windowId: number
  /** the window's printed code URL */
  code: string
}

/** A merchant with one window and, unless `noPeriod`, a meal period open all day. */
export async function createMerchant(
  t: TestApp,
  options: { capFen?: number | null; overCapPolicy?: 'warn' | 'refuse'; maxPaymentFen?: number; noPeriod?: boolean; kind?: 'canteen' | 'designated' } = {},
): Promise<TestMerchant> {
  const db = t.database.db
  const [merchant] = await db.insert(merchants).values({
    name: `测试食堂 ${suffix()}`,
    kind: options.kind ?? 'canteen',
    overCapPolicy: options.overCapPolicy ?? 'warn',
    maxPaymentFen: options.maxPaymentFen ?? 100_000,
  })
  const [window] = await db.insert(mealWindows).values({ merchantId: merchant.insertId, name: '1号窗口' })
  if (!options.noPeriod) {
    await db.insert(mealPeriods).values({ merchantId: merchant.insertId, name: '午餐', startMinute: 0, endMinute: 1440, officialCapFen: options.capFen === undefined ? 4000 : options.capFen })
  }
  return { merchantId: merchant.insertId, windowId: window.insertId, code: t.services.qr.url('m', window.insertId) }
}

async function centreId(t: TestApp): Promise<number> {
  const [unit] = await t.database.db.select({ id: units.id }).from(units).where(eq(units.name, '市机关事务管理中心'))
  return unit.id
}

export async function createUser(t: TestApp, roles: Role[], options: { unit?: boolean; name?: string } = {}): Promise<{ userId: number; username: string; token: string }> {
  const username = `u_${suffix()}`
  const unitId = options.unit === false ? null : await centreId(t)
  const [user] = await t.database.db.insert(users).values({ username, name: options.name ?? '测试用户', unitId })
  await t.database.db.insert(userRoles).values(roles.map((role) => ({ userId: user.insertId, role })))
  return { userId: user.insertId, username, token: await t.login(username) }
}

/** A staff member with a meal account holding the given 补贴 and 个人 balances (through the ledger). */
export async function createDiner(t: TestApp, balances: { subsidyFen?: number; personalFen?: number } = {}) {
  const diner = await createUser(t, ['staff'], { name: '测试干部' })
  const unitId = await centreId(t)
  await withTransaction(t.database.db, async (tx) => {
    await ensureAccount(tx, diner.userId, unitId)
    if (balances.subsidyFen) {
      await postEntry(tx, 'subsidy', '测试餐补', [{ from: { account: 'unit_subsidy_funding', ownerId: unitId }, to: { account: 'meal_subsidy', ownerId: diner.userId }, amountFen: balances.subsidyFen }])
    }
    if (balances.personalFen) {
      await postEntry(tx, 'topup', '测试充值', [{ from: { account: 'wechat_clearing', ownerId: 0 }, to: { account: 'meal_personal', ownerId: diner.userId }, amountFen: balances.personalFen }])
    }
  })
  return diner
}

export async function createCashier(t: TestApp, merchantId: number) {
  const cashier = await createUser(t, ['cashier'], { name: '测试收银' })
  await t.database.db.insert(merchantStaff).values({ userId: cashier.userId, merchantId })
  return cashier
}

export const idempotencyKey = () => `test-${randomBytes(8).toString('hex')}`

/**
 * Counts answers by status and error code, e.g. `{ '201': 1, '409 MEAL_SUBSIDY_ALREADY_RUN': 7 }`,
 * so a race test asserts every outcome exactly (a stray 500 cannot hide among the 409s).
 */
export function outcomes(responses: { status: number; body?: { error?: { code?: string } } }[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const response of responses) {
    const key = response.body?.error?.code ? `${response.status} ${response.body.error.code}` : String(response.status)
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/**
 * Runs the push delivery job until nothing is left due. The job sends the 50 oldest due pushes a
 * run; a worker's database holds the pushes other spec files left (every demo person has a 浙政钉
 * account), so one run may never reach the message a test looks for.
 */
export async function deliverAllDue(t: { services: { notifications: { deliverDue(): Promise<{ sent: number; failed: number }> } } }): Promise<void> {
  for (let run = 0; run < 200; run++) {
    const { sent, failed } = await t.services.notifications.deliverDue()
    if (sent + failed === 0) return
  }
}

/** A canteen of its own (one 餐次) with its 食堂管理员 (canteen_manager, tied through merchant_staff). */
export async function createCanteenWithManager(t: TestApp): Promise<{ canteen: TestMerchant; manager: Awaited<ReturnType<typeof createUser>>; periodId: number }> {
  const canteen = await createMerchant(t)
  const manager = await createUser(t, ['staff', 'canteen_manager'], { name: '测试食堂管理员' })
  await t.database.db.insert(merchantStaff).values({ userId: manager.userId, merchantId: canteen.merchantId })
  const [period] = (await t.database.pool.query('SELECT id FROM meal_periods WHERE merchant_id = ?', [canteen.merchantId]))[0] as { id: number }[]
  return { canteen, manager, periodId: period.id }
}
