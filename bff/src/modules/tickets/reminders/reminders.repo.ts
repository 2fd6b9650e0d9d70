import { and, asc, eq, inArray } from 'drizzle-orm'
import { TICKET_OPEN_STATUSES, type TicketSlaLevel } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { repairFirms, ticketEvents, ticketReminders, tickets, userRoles, users } from '../../../db/schema'

/** What the job reads of a ticket: its state, holder and clock. */
const columns = {
  id: tickets.id,
  kind: tickets.kind,
  category: tickets.category,
  status: tickets.status,
  description: tickets.description,
  place: tickets.place,
  workerUserId: tickets.workerUserId,
  firmId: tickets.firmId,
  reopenCount: tickets.reopenCount,
  clockStartedAt: tickets.clockStartedAt,
  acceptTargetMinutes: tickets.acceptTargetMinutes,
  finishTargetMinutes: tickets.finishTargetMinutes,
  acceptBy: tickets.acceptBy,
  finishBy: tickets.finishBy,
  acceptedAt: tickets.acceptedAt,
  pausedAt: tickets.pausedAt,
  pausedMinutes: tickets.pausedMinutes,
  finishedAt: tickets.finishedAt,
  closedAt: tickets.closedAt,
}

export type ReminderTicket = Awaited<ReturnType<typeof openTickets>>[number]

/** Open tickets (their clocks run), soonest due first. */
export async function openTickets(db: DbOrTx, limit: number) {
  return db
    .select(columns)
    .from(tickets)
    .where(inArray(tickets.status, [...TICKET_OPEN_STATUSES]))
    .orderBy(asc(tickets.finishBy), asc(tickets.id))
    .limit(limit)
}

/** `<clock>:<level>` of the reminders already sent for these tickets' current clocks (cycle = reopen count). */
export async function sentReminders(db: DbOrTx, ticketIds: number[]): Promise<Map<number, { cycle: number; key: string }[]>> {
  const sent = new Map<number, { cycle: number; key: string }[]>()
  if (!ticketIds.length) return sent
  const rows = await db.select().from(ticketReminders).where(inArray(ticketReminders.ticketId, ticketIds))
  for (const row of rows) sent.set(row.ticketId, [...(sent.get(row.ticketId) ?? []), { cycle: row.cycle, key: `${row.clock}:${row.level}` }])
  return sent
}

/** The ticket, locked until the transaction ends (the lifecycle's steps wait; the job re-checks what it read). */
export async function lockTicket(tx: Tx, id: number): Promise<ReminderTicket | null> {
  const [row] = await tx.select(columns).from(tickets).where(eq(tickets.id, id)).for('update')
  return row ?? null
}

/** Marks a step sent for this clock start; false when it already was (a rerun, another instance). */
export async function markSent(tx: Tx, reminder: { ticketId: number; clock: 'accept' | 'finish'; level: TicketSlaLevel; cycle: number; sentAt: Date }): Promise<boolean> {
  const [result] = await tx.insert(ticketReminders).ignore().values(reminder)
  return result.affectedRows === 1
}

export async function insertEvent(tx: Tx, event: typeof ticketEvents.$inferInsert): Promise<void> {
  await tx.insert(ticketEvents).values(event)
}

/** Active users holding a role (every 报修调度员, every admin). */
export async function usersWithRole(db: DbOrTx, role: 'repair_dispatcher' | 'admin'): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(eq(users.status, 'active'))
    .orderBy(asc(users.id))
  return rows.map((row) => row.id)
}

/** The firm's name, for the dispatcher's reminder about a ticket a firm holds. */
export async function firmName(db: DbOrTx, firmId: number): Promise<string | null> {
  const [row] = await db.select({ name: repairFirms.name }).from(repairFirms).where(eq(repairFirms.id, firmId))
  return row?.name ?? null
}

/** The worker's name. */
export async function userName(db: DbOrTx, userId: number): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId))
  return row?.name ?? null
}
