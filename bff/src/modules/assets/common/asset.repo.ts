import { and, asc, desc, eq, getTableColumns, gte, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { assetEvents, assetLoanDays, assetLoans, assetPhotos, assets, units } from '../../../db/schema'

export type AssetRecord = typeof assets.$inferSelect
export type AssetRow = AssetRecord & { unitName: string }

/** an asset's columns and its unit's name: every read that shows an asset */
export const assetWithUnit = { ...getTableColumns(assets), unitName: units.name }

/** One asset with its unit's name, or null. */
export async function assetById(db: DbOrTx, id: number): Promise<AssetRow | null> {
  const [row] = await db.select(assetWithUnit).from(assets).innerJoin(units, eq(units.id, assets.unitId)).where(eq(assets.id, id))
  return row ?? null
}

/** The asset row, locked for the caller's transaction (every state change of an asset goes through this). */
export async function lockAsset(tx: DbOrTx, id: number): Promise<AssetRecord | null> {
  const [row] = await tx.select().from(assets).where(eq(assets.id, id)).for('update')
  return row ?? null
}

/** Photo ids by asset, oldest first. */
export async function photoIdsOf(db: DbOrTx, assetIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>()
  if (assetIds.length === 0) return out
  const rows = await db.select({ id: assetPhotos.id, assetId: assetPhotos.assetId }).from(assetPhotos).where(inArray(assetPhotos.assetId, assetIds)).orderBy(asc(assetPhotos.id))
  for (const row of rows) out.set(row.assetId, [...(out.get(row.assetId) ?? []), row.id])
  return out
}

export interface AssetEventRecord {
  assetId: number
  at: Date
  /** registered, listed, unlisted, updated, transfer_* and transferred, loan_requested / _approved / _rejected / _cancelled, loaned, returned, damaged, disposal_requested, disposed, stocktake_found */
  kind: string
  /** one line for people, in Chinese */
  text: string
  actorUserId?: number | null
  /** the owner at the time */
  unitId?: number | null
  originalValueFen?: number | null
  residualValueFen?: number | null
}

/** 履历: one row, in the caller's transaction (never outside the change it records). */
export async function recordAssetEvent(tx: DbOrTx, event: AssetEventRecord): Promise<void> {
  await tx.insert(assetEvents).values({
    assetId: event.assetId,
    at: event.at,
    kind: event.kind,
    text: event.text.slice(0, 300),
    actorUserId: event.actorUserId ?? null,
    unitId: event.unitId ?? null,
    originalValueFen: event.originalValueFen ?? null,
    residualValueFen: event.residualValueFen ?? null,
  })
}

/** The asset's history, newest first. */
export async function historyOf(db: DbOrTx, assetId: number, limit = 100) {
  return db.select({ at: assetEvents.at, kind: assetEvents.kind, text: assetEvents.text }).from(assetEvents).where(eq(assetEvents.assetId, assetId)).orderBy(desc(assetEvents.id)).limit(limit)
}

/** The loans holding days of this asset from `fromDay` on (pending, approved, out), by start. */
export async function holdingLoansOf(db: DbOrTx, assetId: number, fromDay: string) {
  const loanIds = db.selectDistinct({ loanId: assetLoanDays.loanId }).from(assetLoanDays).where(and(eq(assetLoanDays.assetId, assetId), gte(assetLoanDays.day, fromDay)))
  return db
    .select({ id: assetLoans.id, startDate: assetLoans.startDate, endDate: assetLoans.endDate, status: assetLoans.status })
    .from(assetLoans)
    .where(inArray(assetLoans.id, loanIds))
    .orderBy(asc(assetLoans.startDate))
}
