import { randomBytes } from 'node:crypto'
import { DEFAULT_SLA_TARGETS, type RepairCategory, type TicketKind, type TicketStatus, type TicketUrgency } from '@egj/shared'
import { ticketEvents, tickets } from '../src/db/schema'
import { startClock } from '../src/modules/tickets/common/sla'
import { DEFAULT_CALENDAR, type WorkCalendarData } from '../src/modules/tickets/common/working-time'
import type { TestApp } from './harness'

// 报修 fixtures: tickets as rows (the lifecycle's endpoints are another feature's), with their clocks
// started as the report would start them.

export type TicketRow = typeof tickets.$inferInsert

export interface TicketFixture {
  kind?: TicketKind
  category?: RepairCategory | null
  urgency?: TicketUrgency
  status?: TicketStatus
  /** the reporter (required: a user id) */
  reporterUserId: number
  unitId?: number | null
  /** when the report (and its clock) started; default now */
  at?: Date
  /** the targets; default the built-in ones for the category (or `service`) and urgency */
  acceptMinutes?: number
  finishMinutes?: number
  /** the calendar the due times are computed in (default: Monday–Friday, 08:30–12:00 and 13:30–17:30) */
  calendar?: WorkCalendarData
  /** any other column (worker, firm, acceptedAt, pausedAt, finishedAt, rating, costFen, repeatOfId, …) */
  set?: Partial<TicketRow>
}

/** A fresh description each time, so a test finds its own notifications. */
export const ticketText = (what = '测试故障') => `${what} ${randomBytes(3).toString('hex')}`

/** A ticket as a row, its clock started at `at` against its targets; returns its id and description. */
export async function insertTicket(t: TestApp, o: TicketFixture): Promise<{ id: number; description: string }> {
  const kind = o.kind ?? 'repair'
  const urgency = o.urgency ?? 'normal'
  const category = kind === 'repair' ? (o.category === undefined ? 'water_power' : o.category) : null
  const fallback = DEFAULT_SLA_TARGETS.find((d) => d.category === (category ?? 'service') && d.urgency === urgency)!
  const at = o.at ?? new Date()
  const clock = startClock(o.calendar ?? DEFAULT_CALENDAR, { acceptMinutes: o.acceptMinutes ?? fallback.acceptMinutes, finishMinutes: o.finishMinutes ?? fallback.finishMinutes }, at)
  const description = o.set?.description ?? ticketText()
  const [row] = await t.database.db.insert(tickets).values({
    kind,
    category,
    urgency,
    status: o.status ?? 'submitted',
    description,
    reporterUserId: o.reporterUserId,
    unitId: o.unitId ?? null,
    place: kind === 'repair' ? '测试楼 1楼 · 大厅' : null,
    ...clock,
    createdAt: at,
    ...o.set,
  })
  await t.database.db.insert(ticketEvents).values({ ticketId: row.insertId, at, kind: 'submitted', text: '提交', actorUserId: o.reporterUserId })
  return { id: row.insertId, description }
}
