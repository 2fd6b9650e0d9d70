import { DEFAULT_SLA_TARGETS, DEFAULT_WORK_SPANS, DEFAULT_WORK_WEEKDAYS, type SlaTarget, type TicketUrgency, type WorkDayKind } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { slaTargets, workCalendarDays, workHours } from '../../../db/schema'
import type { WorkCalendarData } from './working-time'

/** The working calendar: the week and hours (defaults until the centre sets them) and the special days. */
export async function loadWorkCalendar(db: DbOrTx): Promise<WorkCalendarData> {
  const [hours] = await db.select().from(workHours).limit(1)
  const days = await db.select().from(workCalendarDays)
  return {
    weekdays: new Set(hours?.weekdays ?? DEFAULT_WORK_WEEKDAYS),
    spans: [...(hours?.spans ?? DEFAULT_WORK_SPANS)].sort((a, b) => a.start - b.start),
    days: new Map(days.map((row) => [row.day, row.kind as WorkDayKind])),
  }
}

/** Every target: the centre's where set, the defaults otherwise. */
export async function loadSlaTargets(db: DbOrTx): Promise<SlaTarget[]> {
  const rows = await db.select().from(slaTargets)
  return DEFAULT_SLA_TARGETS.map((fallback) => {
    const row = rows.find((r) => r.category === fallback.category && r.urgency === fallback.urgency)
    return row ? { category: fallback.category, urgency: fallback.urgency, acceptMinutes: row.acceptMinutes, finishMinutes: row.finishMinutes } : { ...fallback }
  })
}

/** The target for one kind of work (`service` for 服务受理). */
export async function slaTargetFor(db: DbOrTx, category: SlaTarget['category'], urgency: TicketUrgency): Promise<SlaTarget> {
  const targets = await loadSlaTargets(db)
  return targets.find((t) => t.category === category && t.urgency === urgency)!
}
