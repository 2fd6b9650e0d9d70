import { and, eq } from 'drizzle-orm'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'
import type { PiiVault } from '../../lib/pii'
import { idNumberIndex, sealIdNumber, sealMobile } from '../../modules/visits/common/visit-rules'
import type { Db } from '../client'
import { withTransaction } from '../client'
import { users, visitBlocklist, visits } from '../schema'

const PAST_PURPOSE = '演示：上次来访'
// fictional numbers with valid check digits (GB 11643), used only by the demo
const DEMO_VISITOR_ID = '330106199003078518'
const DEMO_BLOCKED_ID = '110101198001010053'

/**
 * 访客预约 demo (idempotent): visitor1's earlier visit to 李四 (so 再次预约 offers the details) and
 * one block-list entry. Nothing pending: the demo's own bookings start from a clean 待办.
 */
export async function seedVisitsDemo(db: Db, pii: PiiVault): Promise<void> {
  await withTransaction(db, async (tx) => {
    const [visitor] = await tx.select({ id: users.id }).from(users).where(eq(users.username, 'visitor1'))
    const [host] = await tx.select({ id: users.id, unitId: users.unitId }).from(users).where(eq(users.username, 'lisi'))
    const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.username, 'admin'))
    if (!visitor || !host || !admin) return
    const [past] = await tx.select({ id: visits.id }).from(visits).where(and(eq(visits.visitorUserId, visitor.id), eq(visits.purpose, PAST_PURPOSE)))
    if (!past) {
      const day = shanghaiDayStart(shanghaiDate(new Date(Date.now() - 7 * 86_400_000)))
      const at = (hours: number) => new Date(day.getTime() + hours * 3_600_000)
      await tx.insert(visits).values({
        status: 'checked_out',
        source: 'self',
        visitorUserId: visitor.id,
        visitorName: '林访客',
        ...sealMobile(pii, '13912345678'),
        idType: 'id_card',
        ...sealIdNumber(pii, DEMO_VISITOR_ID),
        company: '杭州某科技有限公司',
        purpose: PAST_PURPOSE,
        hostUserId: host.id,
        hostUnitId: host.unitId,
        startAt: at(9),
        endAt: at(11),
        plateNo: '浙A12345',
        decidedByUserId: host.id,
        decidedAt: at(8),
        checkedInAt: at(9.1),
        checkedOutAt: at(10.5),
        createdByUserId: visitor.id,
        createdAt: at(7),
      })
    }
    const hash = idNumberIndex(pii, DEMO_BLOCKED_ID)
    const [blocked] = await tx.select({ id: visitBlocklist.id }).from(visitBlocklist).where(eq(visitBlocklist.idNumberHash, hash))
    if (!blocked) {
      await tx.insert(visitBlocklist).values({ idType: 'id_card', idNumberHash: hash, idNumberMasked: sealIdNumber(pii, DEMO_BLOCKED_ID).idNumberMasked, name: '演示黑名单', reason: '演示数据', createdByUserId: admin.id })
    }
  })
}
