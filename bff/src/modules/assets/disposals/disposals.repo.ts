import { and, count, eq, inArray } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../../db/client'
import { assetDisposals, assets, assetTransfers } from '../../../db/schema'

/** Decides a pending 报废 once: false when it is no longer pending (decided by someone else first). */
export async function decideDisposal(tx: Tx, id: number, decision: { status: 'approved' | 'rejected'; decidedByUserId: number; decidedAt: Date; rejectReason?: string }): Promise<boolean> {
  const [result] = await tx
    .update(assetDisposals)
    .set({ status: decision.status, decidedByUserId: decision.decidedByUserId, decidedAt: decision.decidedAt, rejectReason: decision.rejectReason ?? null })
    .where(and(eq(assetDisposals.id, id), eq(assetDisposals.status, 'pending')))
  return result.affectedRows === 1
}

export async function disposalExists(tx: Tx, id: number): Promise<{ assetId: number; requestedByUserId: number } | null> {
  const [row] = await tx.select({ assetId: assetDisposals.assetId, requestedByUserId: assetDisposals.requestedByUserId }).from(assetDisposals).where(eq(assetDisposals.id, id))
  return row ?? null
}

export async function markDisposed(tx: Tx, assetId: number, at: Date): Promise<void> {
  await tx.update(assets).set({ status: 'disposed', listedAt: null, updatedAt: at }).where(eq(assets.id, assetId))
}

/** The asset's transfers still in progress, locked: 报废 cancels them. */
export async function lockOpenTransfers(tx: Tx, assetId: number): Promise<{ id: number; requestedByUserId: number }[]> {
  return tx
    .select({ id: assetTransfers.id, requestedByUserId: assetTransfers.requestedByUserId })
    .from(assetTransfers)
    .where(and(eq(assetTransfers.assetId, assetId), inArray(assetTransfers.status, ['pending_owner', 'pending_centre', 'pending_receipt'])))
    .for('update')
}

export async function cancelTransfers(tx: Tx, transferIds: number[], at: Date): Promise<void> {
  if (!transferIds.length) return
  await tx.update(assetTransfers).set({ status: 'cancelled', cancelledAt: at }).where(inArray(assetTransfers.id, transferIds))
}

/** 报废 waiting for the centre (its 待办). */
export async function pendingCount(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(assetDisposals).where(eq(assetDisposals.status, 'pending'))
  return row?.n ?? 0
}
