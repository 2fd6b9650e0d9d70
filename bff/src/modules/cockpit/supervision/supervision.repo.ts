import { and, asc, count, desc, eq, getTableColumns, lt, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { SupervisionEventKind, SupervisionStatus } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { supervisionEvents, supervisions, units, userRoles, users } from '../../../db/schema'

export type SupervisionRecord = typeof supervisions.$inferSelect
export type SupervisionRow = SupervisionRecord & { unitName: string }

/** A new 督办; a second not-closed one for the same indicator and unit fails on the unique index (1062). */
export async function insertSupervision(tx: Tx, row: typeof supervisions.$inferInsert): Promise<number> {
  const [result] = await tx.insert(supervisions).values(row)
  return result.insertId
}

export async function insertEvent(tx: Tx, event: typeof supervisionEvents.$inferInsert): Promise<void> {
  await tx.insert(supervisionEvents).values(event)
}

export async function unitNameOf(db: DbOrTx, unitId: number): Promise<string | null> {
  const [row] = await db.select({ name: units.name }).from(units).where(eq(units.id, unitId))
  return row?.name ?? null
}

/** Active people holding a role, in one unit (its approvers) or anywhere (the centre's admins). */
export async function peopleWithRole(db: DbOrTx, role: 'approver' | 'admin', unitId?: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(and(eq(users.status, 'active'), unitId === undefined ? undefined : eq(users.unitId, unitId)))
  return rows.map((row) => row.id)
}

/** The row every state change starts from: locked until the transaction ends. */
export async function lockSupervision(tx: Tx, id: number): Promise<SupervisionRecord | null> {
  const [row] = await tx.select().from(supervisions).where(eq(supervisions.id, id)).for('update')
  return row ?? null
}

export async function updateSupervision(tx: Tx, id: number, set: Partial<typeof supervisions.$inferInsert>): Promise<void> {
  await tx.update(supervisions).set(set).where(eq(supervisions.id, id))
}

const rowColumns = { ...getTableColumns(supervisions), unitName: units.name }

export async function supervisionById(db: DbOrTx, id: number): Promise<SupervisionRow | null> {
  const [row] = await db.select(rowColumns).from(supervisions).innerJoin(units, eq(units.id, supervisions.unitId)).where(eq(supervisions.id, id))
  return row ?? null
}

/** Newest first, `limit` rows before `beforeId`; a unit's only when `unitId` is given. */
export async function listSupervisions(db: DbOrTx, filter: { unitId?: number; status?: SupervisionStatus; beforeId?: number }, limit: number): Promise<SupervisionRow[]> {
  return db
    .select(rowColumns)
    .from(supervisions)
    .innerJoin(units, eq(units.id, supervisions.unitId))
    .where(
      and(
        filter.unitId === undefined ? undefined : eq(supervisions.unitId, filter.unitId),
        filter.status ? eq(supervisions.status, filter.status) : undefined,
        filter.beforeId === undefined ? undefined : lt(supervisions.id, filter.beforeId),
      ),
    )
    .orderBy(desc(supervisions.id))
    .limit(limit)
}

const actors = alias(users, 'actors')

export async function eventsOf(db: DbOrTx, supervisionId: number): Promise<{ kind: SupervisionEventKind; at: Date; actorName: string | null; text: string | null }[]> {
  return db
    .select({ kind: supervisionEvents.kind, at: supervisionEvents.at, actorName: actors.name, text: supervisionEvents.text })
    .from(supervisionEvents)
    .leftJoin(actors, eq(actors.id, supervisionEvents.actorUserId))
    .where(eq(supervisionEvents.supervisionId, supervisionId))
    .orderBy(asc(supervisionEvents.id))
}

/** A unit's items waiting for its reply, and how many of them are past their due day. */
export async function openCountOfUnit(db: DbOrTx, unitId: number, today: string): Promise<{ open: number; overdue: number }> {
  const [row] = await db
    .select({ open: count(), overdue: sql<number>`COALESCE(SUM(${supervisions.dueOn} < ${today}), 0)` })
    .from(supervisions)
    .where(and(eq(supervisions.unitId, unitId), eq(supervisions.status, 'open')))
  return { open: Number(row?.open ?? 0), overdue: Number(row?.overdue ?? 0) }
}

/** Items replied to and waiting for the centre (销号 or 退回). */
export async function repliedCount(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(supervisions).where(eq(supervisions.status, 'replied'))
  return Number(row?.n ?? 0)
}

