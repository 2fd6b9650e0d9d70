import { and, asc, between, desc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { IndicatorKey, Light, ThresholdDirection } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { cockpitDaily, cockpitLightChanges, cockpitLights, cockpitRefreshes, cockpitThresholds, supervisions, units, users } from '../../../db/schema'

// The cockpit's own tables: daily figures, the day's refresh lock, thresholds, current lights and their history.

export interface DailyRow {
  indicatorKey: string
  unitId: number
  day: string
  value: number | null
  light: Light
}

/** Makes sure a day has its lock row (its own statement, before the count's transaction). */
export async function ensureDay(db: DbOrTx, day: string): Promise<void> {
  await db.execute(sql`INSERT IGNORE INTO cockpit_refreshes (day, computed_at) VALUES (${day}, '1970-01-01 00:00:01')`)
}

/**
 * Locks a day's count: two refreshes of a day never interleave. The row is inserted beforehand
 * (ensureDay): an INSERT IGNORE meeting the row inside the transaction would take a shared lock,
 * and two such refreshes asking for the exclusive one next would deadlock.
 */
export async function lockDay(tx: Tx, day: string): Promise<void> {
  const locked = await tx.select({ day: cockpitRefreshes.day }).from(cockpitRefreshes).where(eq(cockpitRefreshes.day, day)).for('update')
  if (locked.length) return
  await ensureDay(tx, day)
  await tx.select({ day: cockpitRefreshes.day }).from(cockpitRefreshes).where(eq(cockpitRefreshes.day, day)).for('update')
}

export async function setComputedAt(tx: Tx, day: string, at: Date): Promise<void> {
  await tx.update(cockpitRefreshes).set({ computedAt: at }).where(eq(cockpitRefreshes.day, day))
}

/** When a day was last counted (null: never; the placeholder of a lock row not yet counted reads as never). */
export async function computedAtOf(db: DbOrTx, day: string): Promise<Date | null> {
  const [row] = await db.select({ computedAt: cockpitRefreshes.computedAt }).from(cockpitRefreshes).where(eq(cockpitRefreshes.day, day))
  return row && row.computedAt.getTime() > 1000 ? row.computedAt : null
}

/** The counted days in a range (a day never counted has no figures, not zeros). */
export async function countedDays(db: DbOrTx, from: string, to: string): Promise<Set<string>> {
  const rows = await db.select({ day: cockpitRefreshes.day, computedAt: cockpitRefreshes.computedAt }).from(cockpitRefreshes).where(between(cockpitRefreshes.day, from, to))
  return new Set(rows.filter((row) => row.computedAt.getTime() > 1000).map((row) => row.day))
}

export async function dailyOfDay(db: DbOrTx, day: string): Promise<DailyRow[]> {
  return db.select().from(cockpitDaily).where(eq(cockpitDaily.day, day))
}

/** One scope's figures of a day (the day+unit index). */
export async function dailyOfScope(db: DbOrTx, day: string, unitId: number): Promise<DailyRow[]> {
  return db.select().from(cockpitDaily).where(and(eq(cockpitDaily.day, day), eq(cockpitDaily.unitId, unitId)))
}

export async function dailyOfKey(db: DbOrTx, key: IndicatorKey, day: string): Promise<DailyRow[]> {
  return db.select().from(cockpitDaily).where(and(eq(cockpitDaily.indicatorKey, key), eq(cockpitDaily.day, day)))
}

/** One indicator and scope over a range of days, oldest first (a range of the primary key). */
export async function dailyRange(db: DbOrTx, key: IndicatorKey, unitId: number, from: string, to: string): Promise<DailyRow[]> {
  return db
    .select()
    .from(cockpitDaily)
    .where(and(eq(cockpitDaily.indicatorKey, key), eq(cockpitDaily.unitId, unitId), between(cockpitDaily.day, from, to)))
    .orderBy(asc(cockpitDaily.day))
}

/** The units of an indicator's day, with their names, largest first (the breakdown by unit). */
export async function unitsOfKeyDay(db: DbOrTx, key: IndicatorKey, day: string, unitId: number | null) {
  return db
    .select({ id: cockpitDaily.unitId, name: units.name, value: cockpitDaily.value, light: cockpitDaily.light })
    .from(cockpitDaily)
    .innerJoin(units, eq(units.id, cockpitDaily.unitId))
    .where(and(eq(cockpitDaily.indicatorKey, key), eq(cockpitDaily.day, day), unitId === null ? ne(cockpitDaily.unitId, 0) : eq(cockpitDaily.unitId, unitId)))
    .orderBy(desc(cockpitDaily.value), asc(cockpitDaily.unitId))
}

/** Writes figures (insert or replace value and light). */
export async function upsertDaily(tx: Tx, rows: DailyRow[], at: Date): Promise<void> {
  if (!rows.length) return
  await tx
    .insert(cockpitDaily)
    .values(rows.map((row) => ({ indicatorKey: row.indicatorKey, unitId: row.unitId, day: row.day, value: row.value, light: row.light, computedAt: at })))
    .onDuplicateKeyUpdate({ set: { value: sql`VALUES(value)`, light: sql`VALUES(light)`, computedAt: sql`VALUES(computed_at)` } })
}

export interface ThresholdOverride {
  indicatorKey: string
  yellow: number | null
  red: number | null
  direction: ThresholdDirection
  reason: string
  updatedAt: Date
  updatedByName: string | null
}

export async function thresholdOverrides(db: DbOrTx): Promise<ThresholdOverride[]> {
  return db
    .select({
      indicatorKey: cockpitThresholds.indicatorKey,
      yellow: cockpitThresholds.yellow,
      red: cockpitThresholds.red,
      direction: cockpitThresholds.direction,
      reason: cockpitThresholds.reason,
      updatedAt: cockpitThresholds.updatedAt,
      updatedByName: users.name,
    })
    .from(cockpitThresholds)
    .leftJoin(users, eq(users.id, cockpitThresholds.updatedByUserId))
}

/** The indicator's override row under a write lock (null: the defaults are in force). */
export async function lockThresholdOverride(tx: Tx, key: IndicatorKey) {
  const [row] = await tx.select().from(cockpitThresholds).where(eq(cockpitThresholds.indicatorKey, key)).for('update')
  return row ?? null
}

export async function writeThresholdOverride(tx: Tx, row: { indicatorKey: IndicatorKey; yellow: number | null; red: number | null; direction: ThresholdDirection; reason: string; updatedByUserId: number; updatedAt: Date }) {
  await tx
    .insert(cockpitThresholds)
    .values(row)
    .onDuplicateKeyUpdate({ set: { yellow: row.yellow, red: row.red, direction: row.direction, reason: row.reason, updatedByUserId: row.updatedByUserId, updatedAt: row.updatedAt } })
}

export async function currentLights(tx: Tx, keys?: IndicatorKey[]) {
  const query = tx.select().from(cockpitLights)
  return keys ? query.where(inArray(cockpitLights.indicatorKey, keys)) : query
}

export async function setLight(tx: Tx, key: string, unitId: number, light: Light, since: Date): Promise<void> {
  await tx.insert(cockpitLights).values({ indicatorKey: key, unitId, light, since }).onDuplicateKeyUpdate({ set: { light, since } })
}

export async function recordLightChange(tx: Tx, change: { indicatorKey: string; unitId: number; day: string; fromLight: Light; toLight: Light; value: number | null; at: Date }): Promise<void> {
  await tx.insert(cockpitLightChanges).values(change)
}

export async function lightChanges(db: DbOrTx, key: IndicatorKey, unitId: number, limit: number) {
  return db
    .select()
    .from(cockpitLightChanges)
    .where(and(eq(cockpitLightChanges.indicatorKey, key), eq(cockpitLightChanges.unitId, unitId)))
    .orderBy(desc(cockpitLightChanges.id))
    .limit(limit)
}

export async function unitName(db: DbOrTx, unitId: number): Promise<string | null> {
  const [row] = await db.select({ name: units.name }).from(units).where(eq(units.id, unitId))
  return row?.name ?? null
}

/** 督办 not yet closed in a scope: open, replied, and open past their due day. */
export async function supervisionCounts(db: DbOrTx, unitId: number | null, today: string) {
  const [row] = await db
    .select({
      open: sql<string>`COALESCE(SUM(${supervisions.status} = 'open'), 0)`,
      replied: sql<string>`COALESCE(SUM(${supervisions.status} = 'replied'), 0)`,
      overdue: sql<string>`COALESCE(SUM(${supervisions.status} = 'open' AND ${supervisions.dueOn} < ${today}), 0)`,
    })
    .from(supervisions)
    .where(and(eq(supervisions.active, 1), unitId === null ? undefined : eq(supervisions.unitId, unitId)))
  return { open: Number(row?.open ?? 0), replied: Number(row?.replied ?? 0), overdue: Number(row?.overdue ?? 0) }
}
