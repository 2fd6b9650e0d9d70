import dayjs from 'dayjs'
import { and, eq, inArray } from 'drizzle-orm'
import { shanghaiDate } from '@egj/shared'
import { withTransaction, type Db } from '../client'
import { locations, tickets, users } from '../schema'
import { CockpitRefreshService } from '../../modules/cockpit/refresh/refresh.service'

/**
 * 驾驶舱 demo: faults past their 时限 so the cockpit shows lights — one of 市机关事务管理中心 (蒋文涛)
 * and one of 市发改委 (王五) make their 报修超时 yellow, nothing red: lowering the red threshold to 1
 * (修改阈值) turns them red and opens a 督办 for each, the centre's answered by its approver 李四.
 * The last 29 days counted, so the trends are not empty. Idempotent: a ticket is added only while no
 * open one with its text exists (a closed one is history).
 */
const OVERDUE = [
  { reporter: 'zichan1', description: '驾驶舱演示：三楼会议室空调不制冷', hoursAgo: 30 },
  { reporter: 'wangwu', description: '驾驶舱演示：档案室门锁损坏', hoursAgo: 26 },
]

export async function seedCockpitDemo(db: Db): Promise<void> {
  await withTransaction(db, async (tx) => {
    const [place] = await tx.select({ id: locations.id }).from(locations).limit(1)
    for (const demo of OVERDUE) {
      const [open] = await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.description, demo.description), inArray(tickets.status, ['submitted', 'assigned', 'accepted', 'in_progress', 'paused'])))
      if (open) continue
      const [reporter] = await tx.select({ id: users.id, unitId: users.unitId }).from(users).where(eq(users.username, demo.reporter))
      if (!reporter) continue
      const created = new Date(Date.now() - demo.hoursAgo * 3600_000)
      const minutes = (m: number) => new Date(created.getTime() + m * 60_000)
      await tx.insert(tickets).values({
        kind: 'repair',
        category: 'water_power',
        urgency: 'normal',
        status: 'submitted',
        description: demo.description,
        reporterUserId: reporter.id,
        unitId: reporter.unitId,
        locationId: place?.id ?? null,
        place: '机关大院 1号楼',
        clockStartedAt: created,
        acceptTargetMinutes: 60,
        finishTargetMinutes: 480,
        acceptBy: minutes(60),
        finishBy: minutes(480),
        createdAt: created,
      })
    }
  })
  // the trend: the 29 days before today (today is counted by the app, which opens the 督办 of its red lights)
  const today = shanghaiDate(new Date())
  const refresh = new CockpitRefreshService({ db, supervision: { openOnRed: async () => {} } })
  await refresh.backfill(dayjs(today).subtract(29, 'day').format('YYYY-MM-DD'), dayjs(today).subtract(1, 'day').format('YYYY-MM-DD'))
}
