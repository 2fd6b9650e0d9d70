import { and, count, desc, eq, inArray, ne } from 'drizzle-orm'
import type { AssetStatus } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { assets, assetStocktakes, assetStocktakeScans, units, users } from '../../../db/schema'

export type StocktakeRecord = typeof assetStocktakes.$inferSelect
export type StocktakeRow = { stocktake: StocktakeRecord; unitName: string; startedBy: string }

/** An asset as a stocktake lists it. */
export interface StocktakeAsset {
  id: number
  name: string
  location: string
  status: AssetStatus
  unitName: string
}

const stocktakeColumns = { stocktake: assetStocktakes, unitName: units.name, startedBy: users.name }

function stocktakesQuery(db: DbOrTx) {
  return db.select(stocktakeColumns).from(assetStocktakes).innerJoin(units, eq(units.id, assetStocktakes.unitId)).innerJoin(users, eq(users.id, assetStocktakes.startedByUserId))
}

/** Starts a stocktake: a second open one of the unit fails on the unique `open_unit_id` (duplicate key). */
export async function insertStocktake(db: DbOrTx, values: { unitId: number; startedByUserId: number; startedAt: Date }): Promise<number> {
  const [result] = await db.insert(assetStocktakes).values({ ...values, openUnitId: values.unitId, status: 'open' })
  return result.insertId
}

export async function stocktakeById(db: DbOrTx, id: number): Promise<StocktakeRow | null> {
  const [row] = await stocktakesQuery(db).where(eq(assetStocktakes.id, id))
  return row ?? null
}

/** Locks the stocktake: scans and finishing queue on it, so a finished stocktake takes no more scans. */
export async function lockStocktake(tx: Tx, id: number): Promise<StocktakeRecord | null> {
  const [row] = await tx.select().from(assetStocktakes).where(eq(assetStocktakes.id, id)).for('update')
  return row ?? null
}

/** Newest first: one unit's, or every unit's (unitId null). */
export async function listStocktakes(db: DbOrTx, unitId: number | null, limit: number): Promise<StocktakeRow[]> {
  return stocktakesQuery(db)
    .where(unitId === null ? undefined : eq(assetStocktakes.unitId, unitId))
    .orderBy(desc(assetStocktakes.id))
    .limit(limit)
}

/** Scans counted so far, by stocktake. */
export async function scanCounts(db: DbOrTx, stocktakeIds: number[]): Promise<Map<number, number>> {
  if (!stocktakeIds.length) return new Map()
  const rows = await db
    .select({ stocktakeId: assetStocktakeScans.stocktakeId, n: count() })
    .from(assetStocktakeScans)
    .where(inArray(assetStocktakeScans.stocktakeId, stocktakeIds))
    .groupBy(assetStocktakeScans.stocktakeId)
  return new Map(rows.map((row) => [row.stocktakeId, row.n]))
}

/** The unit's assets a stocktake expects to find: every one not disposed. */
export async function expectedAssets(db: DbOrTx, unitId: number): Promise<StocktakeAsset[]> {
  return db
    .select({ id: assets.id, name: assets.name, location: assets.location, status: assets.status, unitName: units.name })
    .from(assets)
    .innerJoin(units, eq(units.id, assets.unitId))
    .where(and(eq(assets.unitId, unitId), ne(assets.status, 'disposed')))
    .orderBy(assets.id)
}

export async function expectedCounts(db: DbOrTx, unitIds: number[]): Promise<Map<number, number>> {
  if (!unitIds.length) return new Map()
  const rows = await db
    .select({ unitId: assets.unitId, n: count() })
    .from(assets)
    .where(and(inArray(assets.unitId, unitIds), ne(assets.status, 'disposed')))
    .groupBy(assets.unitId)
  return new Map(rows.map((row) => [row.unitId, row.n]))
}

/** What this stocktake has scanned, in the order scanned. */
export async function scannedAssets(db: DbOrTx, stocktakeId: number): Promise<(StocktakeAsset & { otherUnit: boolean })[]> {
  return db
    .select({ id: assets.id, name: assets.name, location: assets.location, status: assets.status, unitName: units.name, otherUnit: assetStocktakeScans.otherUnit })
    .from(assetStocktakeScans)
    .innerJoin(assets, eq(assets.id, assetStocktakeScans.assetId))
    .innerJoin(units, eq(units.id, assets.unitId))
    .where(eq(assetStocktakeScans.stocktakeId, stocktakeId))
    .orderBy(assetStocktakeScans.scannedAt, assetStocktakeScans.assetId)
}

/** The assets among these ids that exist, with their unit. */
export async function assetUnits(db: DbOrTx, ids: number[]): Promise<{ id: number; unitId: number }[]> {
  if (!ids.length) return []
  return db.select({ id: assets.id, unitId: assets.unitId }).from(assets).where(inArray(assets.id, ids))
}

/** Of these assets, those the stocktake already counted. */
export async function alreadyScanned(tx: Tx, stocktakeId: number, assetIds: number[]): Promise<Set<number>> {
  if (!assetIds.length) return new Set()
  const rows = await tx
    .select({ assetId: assetStocktakeScans.assetId })
    .from(assetStocktakeScans)
    .where(and(eq(assetStocktakeScans.stocktakeId, stocktakeId), inArray(assetStocktakeScans.assetId, assetIds)))
  return new Set(rows.map((row) => row.assetId))
}

/** Counts each asset once (the key (stocktake, asset); a repeat is ignored). */
export async function insertScans(tx: Tx, rows: { stocktakeId: number; assetId: number; otherUnit: boolean; scannedByUserId: number; scannedAt: Date }[]): Promise<void> {
  if (!rows.length) return
  await tx.insert(assetStocktakeScans).ignore().values(rows)
}

/** Finishes an open stocktake once, keeping what it found; false when it was already finished. */
export async function finishStocktake(tx: Tx, id: number, at: Date, result: Record<string, unknown>): Promise<boolean> {
  const [done] = await tx
    .update(assetStocktakes)
    .set({ status: 'finished', finishedAt: at, openUnitId: null, result })
    .where(and(eq(assetStocktakes.id, id), eq(assetStocktakes.status, 'open')))
  return done.affectedRows === 1
}
