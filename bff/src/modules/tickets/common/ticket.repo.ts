import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import { TICKET_OPEN_STATUSES, type RepairCategory, type Role, type TicketEventKind, type TicketKind, type TicketStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { locations, repairFirms, ticketEvents, ticketPhotos, tickets, units, userRoles, users } from '../../../db/schema'

// 报修 and 服务受理: the ticket's rows, shared by the reporter's, the workers' and the firm's features.

const worker = alias(users, 'worker')
const actor = alias(users, 'actor')

export type TicketRecord = typeof tickets.$inferSelect
export type TicketInsert = typeof tickets.$inferInsert

/** A ticket with the names it shows: reporter and unit, the worker or firm holding it. */
export interface TicketRow {
  t: TicketRecord
  reporterName: string
  unitName: string | null
  workerName: string | null
  firmName: string | null
}

const rowColumns = { t: tickets, reporterName: users.name, unitName: units.name, workerName: worker.name, firmName: repairFirms.name }

function rowsQuery(db: DbOrTx) {
  return db
    .select(rowColumns)
    .from(tickets)
    .innerJoin(users, eq(users.id, tickets.reporterUserId))
    .leftJoin(units, eq(units.id, tickets.unitId))
    .leftJoin(worker, eq(worker.id, tickets.workerUserId))
    .leftJoin(repairFirms, eq(repairFirms.id, tickets.firmId))
}

export async function ticketRowById(db: DbOrTx, id: number): Promise<TicketRow | null> {
  const [row] = await rowsQuery(db).where(eq(tickets.id, id))
  return row ?? null
}

/** The ticket, locked for the caller's transaction (every step of a ticket goes through this). */
export async function lockTicket(tx: DbOrTx, id: number): Promise<TicketRecord | null> {
  const [row] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update')
  return row ?? null
}

export async function insertTicket(tx: DbOrTx, values: TicketInsert): Promise<number> {
  const [result] = await tx.insert(tickets).values(values)
  return result.insertId
}

/**
 * One step: the update lands only while the ticket is still in one of `from` (and, for a holder's
 * step, still theirs): true when it did. Two racing steps: one true, the other false.
 */
export async function advanceTicket(tx: DbOrTx, id: number, from: readonly TicketStatus[], set: Partial<TicketInsert>, where: { workerUserId?: number; assignment?: number } = {}): Promise<boolean> {
  const [result] = await tx
    .update(tickets)
    .set(set)
    .where(
      and(
        eq(tickets.id, id),
        inArray(tickets.status, [...from]),
        where.workerUserId === undefined ? undefined : eq(tickets.workerUserId, where.workerUserId),
        where.assignment === undefined ? undefined : eq(tickets.assignment, where.assignment),
      ),
    )
  return result.affectedRows === 1
}

export async function insertEvent(tx: DbOrTx, event: { ticketId: number; at: Date; kind: TicketEventKind; text: string; actorUserId?: number | null; actorName?: string | null }): Promise<void> {
  await tx.insert(ticketEvents).values({ ticketId: event.ticketId, at: event.at, kind: event.kind, text: event.text.slice(0, 600), actorUserId: event.actorUserId ?? null, actorName: event.actorName?.slice(0, 50) ?? null })
}

/** The history, oldest first, with who did each step (a user, or the firm's name). */
export async function eventsOf(db: DbOrTx, ticketId: number) {
  return db
    .select({ at: ticketEvents.at, kind: ticketEvents.kind, text: ticketEvents.text, userName: actor.name, actorName: ticketEvents.actorName })
    .from(ticketEvents)
    .leftJoin(actor, eq(actor.id, ticketEvents.actorUserId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.id))
}

/** When the ticket was last (re)assigned: a firm's link expires counted from then. */
export async function lastAssignedAt(db: DbOrTx, ticketId: number): Promise<Date | null> {
  const [row] = await db
    .select({ at: ticketEvents.at })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), inArray(ticketEvents.kind, ['assigned', 'reopened'])))
    .orderBy(desc(ticketEvents.id))
    .limit(1)
  return row?.at ?? null
}

export type PhotoStage = 'report' | 'info' | 'finish'

export async function insertPhotos(tx: DbOrTx, ticketId: number, stage: PhotoStage, photos: { type: string; bytes: Buffer }[]): Promise<void> {
  for (const photo of photos) await tx.insert(ticketPhotos).values({ ticketId, stage, type: photo.type, bytes: photo.bytes })
}

export async function photosOf(db: DbOrTx, ticketId: number): Promise<{ id: number; stage: PhotoStage }[]> {
  return db.select({ id: ticketPhotos.id, stage: ticketPhotos.stage }).from(ticketPhotos).where(eq(ticketPhotos.ticketId, ticketId)).orderBy(asc(ticketPhotos.id))
}

export async function photoCount(db: DbOrTx, ticketId: number, stage: PhotoStage): Promise<number> {
  const [row] = await db.select({ n: count() }).from(ticketPhotos).where(and(eq(ticketPhotos.ticketId, ticketId), eq(ticketPhotos.stage, stage)))
  return row.n
}

export async function photoById(db: DbOrTx, id: number): Promise<{ type: string; bytes: Buffer } | null> {
  const [row] = await db.select({ type: ticketPhotos.type, bytes: ticketPhotos.bytes }).from(ticketPhotos).where(eq(ticketPhotos.id, id))
  return row ?? null
}

export type PlaceRef = { locationId: number } | { roomId: number } | { assetId: number }

const placeColumn = (place: PlaceRef) => ('locationId' in place ? eq(tickets.locationId, place.locationId) : 'roomId' in place ? eq(tickets.roomId, place.roomId) : eq(tickets.assetId, place.assetId))

/** The latest ticket at the same place and of the same category since `since` (not cancelled): a 重复报修. */
export async function repeatOf(db: DbOrTx, place: PlaceRef, category: RepairCategory, since: Date): Promise<number | null> {
  const [row] = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(placeColumn(place), eq(tickets.category, category), gte(tickets.createdAt, since), ne(tickets.status, 'cancelled')))
    .orderBy(desc(tickets.id))
    .limit(1)
  return row?.id ?? null
}

/** Tickets still open at a place (so a reporter sees 已有人报修 first). */
export async function openAt(db: DbOrTx, place: PlaceRef, limit = 20) {
  return db
    .select({ id: tickets.id, category: tickets.category, description: tickets.description, status: tickets.status, createdAt: tickets.createdAt })
    .from(tickets)
    .where(and(placeColumn(place), inArray(tickets.status, [...TICKET_OPEN_STATUSES])))
    .orderBy(desc(tickets.id))
    .limit(limit)
}

export async function locationById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(locations).where(eq(locations.id, id))
  return row ?? null
}

export async function firmById(db: DbOrTx, id: number) {
  const [row] = await db.select().from(repairFirms).where(eq(repairFirms.id, id))
  return row ?? null
}

/** Active users with this role. */
export async function peopleWithRole(db: DbOrTx, role: Role): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(eq(users.status, 'active'))
  return rows.map((row) => row.id)
}

/** An active 维修人员, or null. */
export async function activeWorker(db: DbOrTx, userId: number): Promise<{ id: number; name: string } | null> {
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'repair_worker')))
    .where(and(eq(users.id, userId), eq(users.status, 'active')))
  return row ?? null
}

const isOpen = inArray(tickets.status, [...TICKET_OPEN_STATUSES])

/** Active 维修人员 with how many open tickets each holds. */
export async function workersWithLoad(db: DbOrTx) {
  const open = db.select({ workerUserId: tickets.workerUserId, n: count().as('n') }).from(tickets).where(and(isOpen, isNotNull(tickets.workerUserId))).groupBy(tickets.workerUserId).as('open')
  return db
    .select({ id: users.id, name: users.name, openCount: sql<number>`coalesce(${open.n}, 0)`.mapWith(Number) })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'repair_worker')))
    .leftJoin(open, eq(open.workerUserId, users.id))
    .where(eq(users.status, 'active'))
    .orderBy(asc(users.id))
}

/** Active firms with how many open tickets each holds. */
export async function firmsWithLoad(db: DbOrTx) {
  const open = db.select({ firmId: tickets.firmId, n: count().as('n') }).from(tickets).where(and(isOpen, isNotNull(tickets.firmId))).groupBy(tickets.firmId).as('open')
  return db
    .select({ id: repairFirms.id, name: repairFirms.name, categories: repairFirms.categories, openCount: sql<number>`coalesce(${open.n}, 0)`.mapWith(Number) })
    .from(repairFirms)
    .leftJoin(open, eq(open.firmId, repairFirms.id))
    .where(eq(repairFirms.active, true))
    .orderBy(asc(repairFirms.id))
}

export type ListFilter =
  | { view: 'mine'; userId: number }
  | { view: 'dispatch' }
  | { view: 'worker'; userId: number }
  | { view: 'admin' }

export interface ListOptions {
  status?: TicketStatus | 'open'
  kind?: TicketKind | 'service'
  /** the last item of the previous page */
  after?: TicketRecord
  limit: number
}

/** `open` first (0), then the rest (1): the worker's list. */
const openRank = sql<number>`(case when ${tickets.status} in (${sql.join(
  TICKET_OPEN_STATUSES.map((s) => sql`${s}`),
  sql`, `,
)}) then 0 else 1 end)`

/**
 * A page of tickets. mine / admin: newest first (by id). dispatch: by due time (finishBy, then id).
 * worker: open first, then by due time. The cursor is the last item's id; its sort key is read
 * from its row, so a page never repeats or skips a ticket.
 */
export async function listTickets(db: DbOrTx, filter: ListFilter, options: ListOptions): Promise<TicketRow[]> {
  const where: (SQL | undefined)[] = []
  if (filter.view === 'mine') where.push(eq(tickets.reporterUserId, filter.userId))
  if (filter.view === 'dispatch') where.push(eq(tickets.kind, 'repair'))
  if (filter.view === 'worker') where.push(eq(tickets.workerUserId, filter.userId))
  if (options.status === 'open') where.push(isOpen)
  else if (options.status) where.push(eq(tickets.status, options.status))
  if (options.kind === 'service') where.push(ne(tickets.kind, 'repair'))
  else if (options.kind) where.push(eq(tickets.kind, options.kind))
  const after = options.after
  let order: SQL[]
  if (filter.view === 'dispatch') {
    if (after) where.push(or(gt(tickets.finishBy, after.finishBy), and(eq(tickets.finishBy, after.finishBy), gt(tickets.id, after.id))))
    order = [asc(tickets.finishBy), asc(tickets.id)]
  } else if (filter.view === 'worker') {
    if (after) {
      const rank = (TICKET_OPEN_STATUSES as readonly TicketStatus[]).includes(after.status) ? 0 : 1
      where.push(
        or(
          sql`${openRank} > ${rank}`,
          and(sql`${openRank} = ${rank}`, or(gt(tickets.finishBy, after.finishBy), and(eq(tickets.finishBy, after.finishBy), gt(tickets.id, after.id)))),
        ),
      )
    }
    order = [asc(openRank), asc(tickets.finishBy), asc(tickets.id)]
  } else {
    if (after) where.push(lt(tickets.id, after.id))
    order = [desc(tickets.id)]
  }
  return rowsQuery(db)
    .where(and(...where))
    .orderBy(...order)
    .limit(options.limit)
}

export async function ticketById(db: DbOrTx, id: number): Promise<TicketRecord | null> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id))
  return row ?? null
}

/** 待办 counts, one indexed read each. */
export async function countWhere(db: DbOrTx, where: { reporterUserId?: number; workerUserId?: number; statuses: readonly TicketStatus[]; repair?: boolean }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tickets)
    .where(
      and(
        inArray(tickets.status, [...where.statuses]),
        where.reporterUserId === undefined ? undefined : eq(tickets.reporterUserId, where.reporterUserId),
        where.workerUserId === undefined ? undefined : eq(tickets.workerUserId, where.workerUserId),
        where.repair === undefined ? undefined : where.repair ? eq(tickets.kind, 'repair') : ne(tickets.kind, 'repair'),
      ),
    )
  return row.n
}

/** Waiting for dispatch, and how many of them are past a due time. */
export async function waitingForDispatch(db: DbOrTx, now: Date): Promise<{ n: number; late: number }> {
  const [row] = await db
    .select({ n: count(), late: sql<number>`coalesce(sum(case when ${tickets.acceptBy} < ${now} or ${tickets.finishBy} < ${now} then 1 else 0 end), 0)`.mapWith(Number) })
    .from(tickets)
    .where(and(eq(tickets.status, 'submitted'), eq(tickets.kind, 'repair')))
  return { n: row.n, late: row.late }
}

/** A leaving worker's open tickets, locked. */
export async function lockOpenHeldBy(tx: DbOrTx, userId: number): Promise<TicketRecord[]> {
  return tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.workerUserId, userId), isOpen))
    .for('update')
}

