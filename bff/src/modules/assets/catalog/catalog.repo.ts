import { and, asc, count, desc, eq, inArray, like, lt, lte, ne, or, type SQL } from 'drizzle-orm'
import type { AssetCategory, AssetCondition, AssetStatus } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { assetDisposals, assetLoans, assetPhotos, assets, units } from '../../../db/schema'
import { assetWithUnit, type AssetRow } from '../common/asset.repo'

export interface AssetFilter {
  /** one status; undefined: every status but disposed (unless `anyStatus`) */
  status?: AssetStatus
  anyStatus?: boolean
  category?: AssetCategory
  unitId?: number
  /** name, brand or model contains it */
  text?: string
  /** exactly this asset (a typed or scanned code) */
  id?: number
  beforeId?: number
}

/** `%`, `_` and `\` typed by someone are letters, not patterns. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The warehouse and a keeper's own list, newest first (by id), `limit` rows. */
export async function listAssets(db: DbOrTx, filter: AssetFilter, limit: number): Promise<AssetRow[]> {
  const where: (SQL | undefined)[] = [
    filter.status ? eq(assets.status, filter.status) : filter.anyStatus ? undefined : ne(assets.status, 'disposed'),
    filter.category ? eq(assets.category, filter.category) : undefined,
    filter.unitId ? eq(assets.unitId, filter.unitId) : undefined,
    filter.id ? eq(assets.id, filter.id) : undefined,
    filter.text ? or(like(assets.name, contains(filter.text)), like(assets.brand, contains(filter.text)), like(assets.model, contains(filter.text))) : undefined,
    filter.beforeId ? lt(assets.id, filter.beforeId) : undefined,
  ]
  return db
    .select(assetWithUnit)
    .from(assets)
    .innerJoin(units, eq(units.id, assets.unitId))
    .where(and(...where))
    .orderBy(desc(assets.id))
    .limit(limit)
}

export async function assetsByIds(db: DbOrTx, ids: number[]): Promise<AssetRow[]> {
  if (!ids.length) return []
  return db.select(assetWithUnit).from(assets).innerJoin(units, eq(units.id, assets.unitId)).where(inArray(assets.id, ids)).orderBy(asc(assets.id))
}

export interface NewAsset {
  unitId: number
  name: string
  category: AssetCategory
  brand: string | null
  model: string | null
  condition: AssetCondition
  originalValueFen: number
  acquiredOn: string
  location: string
  status: 'idle' | 'in_use'
  registeredByUserId: number
  listedAt: Date | null
}

export async function insertAsset(tx: Tx, values: NewAsset): Promise<number> {
  const [result] = await tx.insert(assets).values(values)
  return result.insertId
}

export type AssetChanges = Partial<Pick<NewAsset, 'name' | 'category' | 'brand' | 'model' | 'condition' | 'location' | 'status' | 'listedAt'>>

export async function updateAsset(tx: Tx, id: number, changes: AssetChanges, at: Date): Promise<void> {
  await tx
    .update(assets)
    .set({ ...changes, updatedAt: at })
    .where(eq(assets.id, id))
}

export async function unitName(db: DbOrTx, unitId: number): Promise<string> {
  const [row] = await db.select({ name: units.name }).from(units).where(eq(units.id, unitId))
  return row?.name ?? ''
}

/** A 报废 of this asset waiting for the centre, if any. */
export async function pendingDisposalIdOf(db: DbOrTx, assetId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: assetDisposals.id })
    .from(assetDisposals)
    .where(and(eq(assetDisposals.assetId, assetId), eq(assetDisposals.status, 'pending')))
    .limit(1)
  return row?.id ?? null
}

export async function insertDisposal(tx: Tx, values: { assetId: number; requestedByUserId: number; reason: string }): Promise<number> {
  const [result] = await tx.insert(assetDisposals).values({ ...values, status: 'pending' })
  return result.insertId
}

/** Loans of this asset waiting for approval or approved (not yet handed over): they hold days. */
export async function waitingLoanCount(db: DbOrTx, assetId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(assetLoans)
    .where(and(eq(assetLoans.assetId, assetId), inArray(assetLoans.status, ['pending', 'approved'])))
  return row.n
}

/** An approved loan of this asset whose first day has come (the keeper hands it over now), earliest first. */
export async function handOverLoanIdOf(db: DbOrTx, assetId: number, today: string): Promise<number | null> {
  const [row] = await db
    .select({ id: assetLoans.id })
    .from(assetLoans)
    .where(and(eq(assetLoans.assetId, assetId), eq(assetLoans.status, 'approved'), lte(assetLoans.startDate, today)))
    .orderBy(asc(assetLoans.startDate))
    .limit(1)
  return row?.id ?? null
}

/** The loan of this asset that is out now. */
export async function onLoanLoanIdOf(db: DbOrTx, assetId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: assetLoans.id })
    .from(assetLoans)
    .where(and(eq(assetLoans.assetId, assetId), eq(assetLoans.status, 'on_loan')))
    .limit(1)
  return row?.id ?? null
}

// --- photos -------------------------------------------------------------------------------------------

export async function photoCount(tx: Tx, assetId: number): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(assetPhotos).where(eq(assetPhotos.assetId, assetId))
  return row.n
}

export async function insertPhoto(tx: Tx, values: { assetId: number; type: string; bytes: Buffer }): Promise<number> {
  const [result] = await tx.insert(assetPhotos).values(values)
  return result.insertId
}

/** Deletes the photo if it is this asset's; false when it is not there. */
export async function deletePhoto(tx: Tx, assetId: number, photoId: number): Promise<boolean> {
  const [result] = await tx.delete(assetPhotos).where(and(eq(assetPhotos.id, photoId), eq(assetPhotos.assetId, assetId)))
  return result.affectedRows === 1
}

export async function photoById(db: DbOrTx, id: number): Promise<{ type: string; bytes: Buffer } | null> {
  const [row] = await db.select({ type: assetPhotos.type, bytes: assetPhotos.bytes }).from(assetPhotos).where(eq(assetPhotos.id, id))
  return row ?? null
}
