import { and, count, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { assetBuyChecks, assetEvents, assetLoans, assetPurchases, assets, assetTransfers, units } from '../../../db/schema'

/** The kinds of history the monthly figures count (written by the catalog, transfers at receipt, loans at hand-over). */
export const COUNTED_KINDS = ['listed', 'transferred', 'loaned'] as const
export type CountedKind = (typeof COUNTED_KINDS)[number]

export interface EventFigure {
  kind: CountedKind
  unitId: number | null
  n: number
  originalFen: number
  residualFen: number
}

/** listed / transferred / loaned events in [from, to), by kind and by the unit recorded on them. */
export async function eventFigures(db: DbOrTx, from: Date, to: Date): Promise<EventFigure[]> {
  const rows = await db
    .select({
      kind: assetEvents.kind,
      unitId: assetEvents.unitId,
      n: count(),
      originalFen: sql<string>`coalesce(sum(${assetEvents.originalValueFen}), 0)`,
      residualFen: sql<string>`coalesce(sum(${assetEvents.residualValueFen}), 0)`,
    })
    .from(assetEvents)
    .where(and(inArray(assetEvents.kind, [...COUNTED_KINDS]), gte(assetEvents.at, from), lt(assetEvents.at, to)))
    .groupBy(assetEvents.kind, assetEvents.unitId)
  return rows.map((row) => ({ kind: row.kind as CountedKind, unitId: row.unitId, n: row.n, originalFen: Number(row.originalFen), residualFen: Number(row.residualFen) }))
}

/** Transfers received in [from, to), by the unit that gave the asset up. */
export async function transfersOutByUnit(db: DbOrTx, from: Date, to: Date): Promise<Map<number, number>> {
  const rows = await db
    .select({ unitId: assetTransfers.fromUnitId, n: count() })
    .from(assetTransfers)
    .where(and(eq(assetTransfers.status, 'done'), gte(assetTransfers.receivedAt, from), lt(assetTransfers.receivedAt, to)))
    .groupBy(assetTransfers.fromUnitId)
  return new Map(rows.map((row) => [row.unitId, row.n]))
}

/** Loans out now past their last day. */
export async function overdueCount(db: DbOrTx, today: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(assetLoans)
    .where(and(eq(assetLoans.status, 'on_loan'), lt(assetLoans.endDate, today)))
  return row.n
}

export async function idleCount(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(assets).where(eq(assets.status, 'idle'))
  return row.n
}

export async function purchaseCount(db: DbOrTx, from: Date, to: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(assetPurchases)
    .where(and(gte(assetPurchases.createdAt, from), lt(assetPurchases.createdAt, to)))
  return row.n
}

export async function checkCounts(db: DbOrTx, from: Date, to: Date): Promise<{ checks: number; withMatches: number }> {
  const inMonth = and(gte(assetBuyChecks.createdAt, from), lt(assetBuyChecks.createdAt, to))
  const [[all], [found]] = await Promise.all([
    db.select({ n: count() }).from(assetBuyChecks).where(inMonth),
    db
      .select({ n: count() })
      .from(assetBuyChecks)
      .where(and(inMonth, gt(assetBuyChecks.matchCount, 0))),
  ])
  return { checks: all.n, withMatches: found.n }
}

export async function unitNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map()
  const rows = await db.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids))
  return new Map(rows.map((row) => [row.id, row.name]))
}
