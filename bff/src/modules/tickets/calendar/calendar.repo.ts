import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import { DEFAULT_WORK_SPANS, DEFAULT_WORK_WEEKDAYS, type SlaTarget, type WorkDayKind } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { slaTargets, workCalendarDays, workHours } from '../../../db/schema'

const HOURS_ID = 1

export interface HoursRow {
  weekdays: number[]
  spans: { start: number; end: number }[]
}

/** The week and hours (the defaults while the centre has set nothing). */
export async function readHours(db: DbOrTx): Promise<HoursRow> {
  const [row] = await db.select().from(workHours).where(eq(workHours.id, HOURS_ID))
  return row ? { weekdays: row.weekdays, spans: row.spans } : { weekdays: DEFAULT_WORK_WEEKDAYS, spans: DEFAULT_WORK_SPANS }
}

/** The hours row, locked until the transaction ends (written with the defaults first if there is none yet). */
export async function lockHours(tx: Tx): Promise<HoursRow> {
  await tx
    .insert(workHours)
    .values({ id: HOURS_ID, weekdays: DEFAULT_WORK_WEEKDAYS, spans: DEFAULT_WORK_SPANS })
    .onDuplicateKeyUpdate({ set: { id: sql`id` } })
  const [row] = await tx.select().from(workHours).where(eq(workHours.id, HOURS_ID)).for('update')
  return { weekdays: row.weekdays, spans: row.spans }
}

export async function writeHours(tx: Tx, hours: HoursRow): Promise<void> {
  await tx.update(workHours).set(hours).where(eq(workHours.id, HOURS_ID))
}

export interface DayRow {
  date: string
  kind: WorkDayKind
  name: string
}

/** The special days of [from, to] (calendar dates), in order. */
export async function daysBetween(db: DbOrTx, from: string, to: string): Promise<DayRow[]> {
  const rows = await db
    .select()
    .from(workCalendarDays)
    .where(and(gte(workCalendarDays.day, from), lte(workCalendarDays.day, to)))
    .orderBy(asc(workCalendarDays.day))
  return rows.map((row) => ({ date: row.day, kind: row.kind, name: row.name }))
}

/** The day's row, locked (or the gap where it would be) until the transaction ends. */
export async function lockDay(tx: Tx, date: string): Promise<DayRow | null> {
  const [row] = await tx.select().from(workCalendarDays).where(eq(workCalendarDays.day, date)).for('update')
  return row ? { date: row.day, kind: row.kind, name: row.name } : null
}

export async function upsertDay(tx: Tx, day: DayRow): Promise<void> {
  await tx
    .insert(workCalendarDays)
    .values({ day: day.date, kind: day.kind, name: day.name })
    .onDuplicateKeyUpdate({ set: { kind: day.kind, name: day.name } })
}

export async function deleteDay(tx: Tx, date: string): Promise<void> {
  await tx.delete(workCalendarDays).where(eq(workCalendarDays.day, date))
}

/** Every stored target row, locked until the transaction ends (two admins' changes one after the other). */
export async function lockTargets(tx: Tx): Promise<void> {
  await tx.select().from(slaTargets).for('update')
}

export async function upsertTarget(tx: Tx, target: SlaTarget): Promise<void> {
  await tx
    .insert(slaTargets)
    .values(target)
    .onDuplicateKeyUpdate({ set: { acceptMinutes: target.acceptMinutes, finishMinutes: target.finishMinutes } })
}
