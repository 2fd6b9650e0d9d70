import { eq } from 'drizzle-orm'
import type { RepairCategory, TicketStatus } from '@egj/shared'
import type { Db } from '../client'
import { withTransaction } from '../client'
import { locations, repairFirms, ticketEvents, tickets, users } from '../schema'
import type { PiiVault } from '../../lib/pii'
import { loadWorkCalendar, slaTargetFor } from '../../modules/tickets/common/calendar.repo'
import { startClock } from '../../modules/tickets/common/sla'

/** 报修's demo places: 行政中心A座 / B座, floors, spots (each prints a 位置码). */
const DEMO_LOCATIONS = [
  { building: '行政中心A座', floor: '1楼', spot: '大厅' },
  { building: '行政中心A座', floor: '5楼', spot: '东侧卫生间' },
  { building: '行政中心A座', floor: '5楼', spot: '第一会议室' },
  { building: '行政中心B座', floor: '3楼', spot: '茶水间' },
  { building: '行政中心B座', floor: '1楼', spot: '电梯厅' },
]

interface DemoTicket {
  description: string
  category: RepairCategory
  spot: string
  reporter: string
  status: TicketStatus
  worker?: string
  hoursAgo: number
}

const DEMO_TICKETS: DemoTicket[] = [
  { description: '东侧卫生间洗手台水龙头一直滴水', category: 'water_power', spot: '东侧卫生间', reporter: 'zhangsan', status: 'submitted', hoursAgo: 1 },
  { description: '会议室空调不制冷，开会很闷', category: 'hvac', spot: '第一会议室', reporter: 'lisi', status: 'in_progress', worker: 'weixiu1', hoursAgo: 3 },
  { description: '茶水间门锁卡住，钥匙拧不动', category: 'door_lock', spot: '茶水间', reporter: 'wangwu', status: 'finished', worker: 'weixiu2', hoursAgo: 26 },
]

/**
 * 报修's demo (idempotent): the places above, the contracted firm 城建物业维修有限公司 (刘师傅, its
 * mobile sealed; its SMS go to the simulator), and three tickets in different states — 待派单,
 * 维修中 (weixiu1), 待确认 (weixiu2). The dispatcher and workers (baoxiu1, weixiu1, weixiu2) are
 * demo accounts of their own (demo.ts).
 */
export async function seedTicketsDemo(db: Db, pii: PiiVault): Promise<void> {
  await withTransaction(db, async (tx) => {
    for (const place of DEMO_LOCATIONS) {
      const [existing] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.spot, place.spot))
      if (!existing) await tx.insert(locations).values(place)
    }
    const [firm] = await tx.select({ id: repairFirms.id }).from(repairFirms).where(eq(repairFirms.name, '城建物业维修有限公司'))
    if (!firm) {
      await tx.insert(repairFirms).values({ name: '城建物业维修有限公司', contactName: '刘师傅', contactMobile: pii.seal('13900000088'), categories: ['elevator', 'hvac', 'water_power'] })
    }
    const calendar = await loadWorkCalendar(tx)
    for (const demo of DEMO_TICKETS) {
      const [exists] = await tx.select({ id: tickets.id }).from(tickets).where(eq(tickets.description, demo.description))
      if (exists) continue
      const [reporter] = await tx.select({ id: users.id, name: users.name, unitId: users.unitId }).from(users).where(eq(users.username, demo.reporter))
      const [worker] = demo.worker ? await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.username, demo.worker)) : []
      const [place] = await tx.select().from(locations).where(eq(locations.spot, demo.spot))
      if (!reporter || !place || (demo.worker && !worker)) continue
      const created = new Date(Date.now() - demo.hoursAgo * 3600_000)
      const clock = startClock(calendar, await slaTargetFor(tx, demo.category, 'normal'), created)
      const later = (minutes: number) => new Date(created.getTime() + minutes * 60_000)
      const [row] = await tx.insert(tickets).values({
        kind: 'repair',
        category: demo.category,
        urgency: 'normal',
        status: demo.status,
        description: demo.description,
        reporterUserId: reporter.id,
        unitId: reporter.unitId,
        locationId: place.id,
        place: `${place.building} ${place.floor} · ${place.spot}`,
        workerUserId: worker?.id ?? null,
        assignment: worker ? 1 : 0,
        ...clock,
        acceptedAt: worker ? later(20) : null,
        finishedAt: demo.status === 'finished' ? later(90) : null,
        finishNote: demo.status === 'finished' ? '更换锁芯，已试开正常' : null,
        parts: demo.status === 'finished' ? '锁芯 ×1' : null,
        createdAt: created,
      })
      const id = row.insertId
      const events: { at: Date; kind: string; text: string; actorUserId: number }[] = [{ at: created, kind: 'submitted', text: `${reporter.name} 提交报修：${demo.description}`, actorUserId: reporter.id }]
      if (worker) {
        events.push({ at: later(10), kind: 'assigned', text: `王建国 派单给 ${worker.name}`, actorUserId: reporter.id }, { at: later(20), kind: 'accepted', text: `${worker.name} 接单`, actorUserId: worker.id }, { at: later(30), kind: 'started', text: `${worker.name} 开始维修`, actorUserId: worker.id })
      }
      if (demo.status === 'finished') events.push({ at: later(90), kind: 'finished', text: `${worker!.name} 完工：更换锁芯，已试开正常；更换配件：锁芯 ×1`, actorUserId: worker!.id })
      const [dispatcher] = await tx.select({ id: users.id }).from(users).where(eq(users.username, 'baoxiu1'))
      for (const event of events) await tx.insert(ticketEvents).values({ ticketId: id, ...event, actorUserId: event.kind === 'assigned' && dispatcher ? dispatcher.id : event.actorUserId })
    }
  })
}
