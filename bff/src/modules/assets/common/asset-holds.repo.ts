import { and, eq, inArray, sql } from 'drizzle-orm'
import type { AssetStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { assetStocktakes, assetTransfers } from '../../../db/schema'

/** What stops an asset from being lent or transferred: a transfer in progress. */
export async function openTransferOf(db: DbOrTx, assetId: number): Promise<number | null> {
  const [row] = await db
    .select({ id: assetTransfers.id })
    .from(assetTransfers)
    .where(and(eq(assetTransfers.assetId, assetId), inArray(assetTransfers.status, ['pending_owner', 'pending_centre', 'pending_receipt'])))
    .limit(1)
  return row?.id ?? null
}

/** The unit's stocktake in progress (the unique `open_unit_id` allows one). */
export async function openStocktakeIdOf(db: DbOrTx, unitId: number): Promise<number | null> {
  const [row] = await db.select({ id: assetStocktakes.id }).from(assetStocktakes).where(eq(assetStocktakes.openUnitId, unitId))
  return row?.id ?? null
}

/**
 * The asset row under a shared lock (MariaDB: LOCK IN SHARE MODE; drizzle writes FOR SHARE, which
 * it refuses): loan requests for one asset do not queue behind each other (the days' primary key
 * decides between them), but a transfer, a hand-over or a 报废 (FOR UPDATE) waits for them, and
 * they for it — so a loan and a transfer of the same asset cannot both pass their checks.
 */
export async function shareLockAsset(tx: DbOrTx, id: number): Promise<{ id: number; unitId: number; status: AssetStatus } | null> {
  const [rows] = (await tx.execute(sql`SELECT id, unit_id AS unitId, status FROM assets WHERE id = ${id} LOCK IN SHARE MODE`)) as unknown as [{ id: number; unitId: number; status: AssetStatus }[]]
  const row = rows[0]
  return row ? { id: Number(row.id), unitId: Number(row.unitId), status: row.status } : null
}
