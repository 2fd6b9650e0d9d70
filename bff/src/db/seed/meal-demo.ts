import { and, eq } from 'drizzle-orm'
import { inShanghai } from '@egj/shared'
import type { Db } from '../client'
import { withTransaction } from '../client'
import { mealAccounts, mealPeriods, mealWindows, merchantStaff, merchants, subsidyRuns, units, users } from '../schema'
import { postEntry } from '../../modules/ledger/ledger.repo'
import { staffOfUnit } from '../../modules/org/org.repo'
import { ensureAccount, insertSubsidyRun } from '../../modules/meal/subsidies/subsidies.repo'
import { seedMenuDemo } from './menu-demo'

const h = (hours: number, minutes = 0) => hours * 60 + minutes

/**
 * Demo canteens. Periods cover the whole day so the demo (and acceptance checks) can pay a
 * 公务 meal at any hour; caps follow 伙食补助 100 元/天: breakfast 20%, other meals 40%.
 */
const DEMO_MERCHANTS = [
  {
    name: '市级机关食堂',
    kind: 'canteen' as const,
    overCapPolicy: 'warn' as const,
    windows: ['一楼 1号窗口', '一楼 2号窗口', '二楼 风味窗口'],
    periods: [
      // 报餐 cut-offs: breakfast by 20:00 the day before, lunch by 09:30, dinner by 15:00 (issue 23)
      { name: '早餐', startMinute: h(0), endMinute: h(10), officialCapFen: 2000, bookingCutoffMinute: -h(4) },
      { name: '午餐', startMinute: h(10), endMinute: h(16), officialCapFen: 4000, bookingCutoffMinute: h(9, 30) },
      { name: '晚餐', startMinute: h(16), endMinute: h(24), officialCapFen: 4000, bookingCutoffMinute: h(15) },
    ],
    cashiers: ['cashier1'],
    managers: ['shitang1'],
  },
  {
    name: '东港渔家乐（定点用餐点）',
    kind: 'designated' as const,
    overCapPolicy: 'refuse' as const,
    windows: ['收银台'],
    periods: [
      { name: '午餐', startMinute: h(0), endMinute: h(15), officialCapFen: 4000 },
      { name: '晚餐', startMinute: h(15), endMinute: h(24), officialCapFen: 4000 },
    ],
    cashiers: [],
    managers: [],
  },
]

/** Idempotent: merchants, windows, periods, cashiers; this month's subsidy and 张三's top-up; the canteen's menus of this week and next. */
export async function seedMealDemo(db: Db): Promise<void> {
  await seedCanteens(db)
  await seedMenuDemo(db)
}

async function seedCanteens(db: Db): Promise<void> {
  await withTransaction(db, async (tx) => {
    for (const demo of DEMO_MERCHANTS) {
      const [existing] = await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.name, demo.name))
      if (existing) continue
      const [merchant] = await tx.insert(merchants).values({ name: demo.name, kind: demo.kind, overCapPolicy: demo.overCapPolicy })
      await tx.insert(mealWindows).values(demo.windows.map((name) => ({ merchantId: merchant.insertId, name })))
      await tx.insert(mealPeriods).values(demo.periods.map((period) => ({ ...period, merchantId: merchant.insertId })))
      for (const username of [...demo.cashiers, ...demo.managers]) {
        const [cashier] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username))
        if (cashier) await tx.insert(merchantStaff).values({ userId: cashier.id, merchantId: merchant.insertId })
      }
    }

    const [centre] = await tx.select({ id: units.id }).from(units).where(eq(units.name, '市机关事务管理中心'))
    const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.username, 'admin'))
    if (!centre || !admin) return
    const month = inShanghai(new Date()).format('YYYY-MM')
    const [ran] = await tx.select({ id: subsidyRuns.id }).from(subsidyRuns).where(and(eq(subsidyRuns.unitId, centre.id), eq(subsidyRuns.month, month)))
    if (ran) return
    const staff = await staffOfUnit(tx, centre.id)
    for (const userId of staff) await ensureAccount(tx, userId, centre.id)
    const perPerson = 30_000
    const entryId = await postEntry(
      tx,
      'subsidy',
      `${month} 餐补`,
      staff.map((userId) => ({ from: { account: 'unit_subsidy_funding' as const, ownerId: centre.id }, to: { account: 'meal_subsidy' as const, ownerId: userId }, amountFen: perPerson })),
    )
    await insertSubsidyRun(tx, { unitId: centre.id, month, amountPerPersonFen: perPerson, people: staff.length, entryId, createdBy: admin.id })

    // 张三 topped up 100 元 of his own money once (through WeChat Pay in real life).
    const [zhangsan] = await tx.select({ id: users.id }).from(users).innerJoin(mealAccounts, eq(mealAccounts.userId, users.id)).where(eq(users.username, 'zhangsan'))
    if (zhangsan) {
      await postEntry(tx, 'topup', '演示：饭卡充值', [{ from: { account: 'wechat_clearing', ownerId: 0 }, to: { account: 'meal_personal', ownerId: zhangsan.id }, amountFen: 10_000 }])
    }
  })
}
