import { and, count, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { AssetTransferStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { assetTransfers, assets, units, users } from '../../../db/schema'

export type TransferRecord = typeof assetTransfers.$inferSelect

const fromUnits = alias(units, 'from_units')
const toUnits = alias(units, 'to_units')
const requesters = alias(users, 'requesters')
const agreers = alias(users, 'agreers')
const approvers = alias(users, 'approvers')
const receivers = alias(users, 'receivers')
const rejecters = alias(users, 'rejecters')

/** The transfer, its asset and the names of the units and people it names: what the presenter needs. */
const transferColumns = {
  transfer: assetTransfers,
  asset: { id: assets.id, name: assets.name, category: assets.category, brand: assets.brand, model: assets.model, originalValueFen: assets.originalValueFen, acquiredOn: assets.acquiredOn },
  fromUnitName: fromUnits.name,
  toUnitName: toUnits.name,
  requestedByName: requesters.name,
  agreedByName: agreers.name,
  approvedByName: approvers.name,
  receivedByName: receivers.name,
  rejectedByName: rejecters.name,
}

function transferQuery(db: DbOrTx) {
  return db
    .select(transferColumns)
    .from(assetTransfers)
    .innerJoin(assets, eq(assets.id, assetTransfers.assetId))
    .innerJoin(fromUnits, eq(fromUnits.id, assetTransfers.fromUnitId))
    .innerJoin(toUnits, eq(toUnits.id, assetTransfers.toUnitId))
    .innerJoin(requesters, eq(requesters.id, assetTransfers.requestedByUserId))
    .leftJoin(agreers, eq(agreers.id, assetTransfers.agreedByUserId))
    .leftJoin(approvers, eq(approvers.id, assetTransfers.approvedByUserId))
    .leftJoin(receivers, eq(receivers.id, assetTransfers.receivedByUserId))
    .leftJoin(rejecters, eq(rejecters.id, assetTransfers.rejectedByUserId))
}
export type TransferRow = Awaited<ReturnType<typeof transferRowById>> & object

export async function transferRowById(db: DbOrTx, id: number) {
  const [row] = await transferQuery(db).where(eq(assetTransfers.id, id))
  return row ?? null
}

/** Which transfers a list shows. */
export type TransferFilter =
  /** a unit's, given or received; null: every transfer (the centre) */
  | { view: 'unit'; unitId: number | null }
  /** what waits for a unit's keeper (to agree, to receive) and, for the centre, to approve */
  | { view: 'waiting'; unitId: number | null; centre: boolean }

function whereOf(filter: TransferFilter): SQL | undefined {
  if (filter.view === 'unit') return filter.unitId === null ? undefined : or(eq(assetTransfers.fromUnitId, filter.unitId), eq(assetTransfers.toUnitId, filter.unitId))
  const parts = [
    filter.unitId !== null ? and(eq(assetTransfers.status, 'pending_owner'), eq(assetTransfers.fromUnitId, filter.unitId)) : undefined,
    filter.unitId !== null ? and(eq(assetTransfers.status, 'pending_receipt'), eq(assetTransfers.toUnitId, filter.unitId)) : undefined,
    filter.centre ? eq(assetTransfers.status, 'pending_centre') : undefined,
  ].filter((part): part is SQL => !!part)
  return parts.length ? or(...parts) : sql`FALSE`
}

/** Newest first, after an optional cursor (the last id seen). */
export async function transferRows(db: DbOrTx, filter: TransferFilter, status: AssetTransferStatus | undefined, beforeId: number | undefined, limit: number): Promise<TransferRow[]> {
  return transferQuery(db)
    .where(and(whereOf(filter), status ? eq(assetTransfers.status, status) : undefined, beforeId ? lt(assetTransfers.id, beforeId) : undefined))
    .orderBy(desc(assetTransfers.id))
    .limit(limit)
}

export async function findTransfer(db: DbOrTx, id: number): Promise<TransferRecord | null> {
  const [row] = await db.select().from(assetTransfers).where(eq(assetTransfers.id, id))
  return row ?? null
}

export async function insertTransfer(tx: DbOrTx, values: typeof assetTransfers.$inferInsert): Promise<number> {
  const [result] = await tx.insert(assetTransfers).values(values)
  return result.insertId
}

/** One step of the transfer: only if it is still at `from` (racing deciders: one wins, the rest change nothing). */
export async function advanceTransfer(tx: DbOrTx, id: number, from: AssetTransferStatus, set: Partial<typeof assetTransfers.$inferInsert>): Promise<boolean> {
  const [result] = await tx
    .update(assetTransfers)
    .set(set)
    .where(and(eq(assetTransfers.id, id), eq(assetTransfers.status, from)))
  return result.affectedRows === 1
}

/** Ownership moves: the asset is the receiving unit's, in use there (no longer offered in the warehouse). */
export async function moveAsset(tx: DbOrTx, assetId: number, toUnitId: number, at: Date): Promise<void> {
  await tx.update(assets).set({ unitId: toUnitId, status: 'in_use', listedAt: null, updatedAt: at }).where(eq(assets.id, assetId))
}

/** How many transfers wait for this unit's keeper (agree, receive) — two indexed counts. */
export async function countWaitingForKeeper(db: DbOrTx, unitId: number): Promise<number> {
  const [give] = await db
    .select({ n: count() })
    .from(assetTransfers)
    .where(and(eq(assetTransfers.fromUnitId, unitId), eq(assetTransfers.status, 'pending_owner')))
  const [take] = await db
    .select({ n: count() })
    .from(assetTransfers)
    .where(and(eq(assetTransfers.toUnitId, unitId), eq(assetTransfers.status, 'pending_receipt')))
  return Number(give?.n ?? 0) + Number(take?.n ?? 0)
}

/** Transfers waiting for the centre's approval (status index). */
export async function countWaitingForCentre(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(assetTransfers).where(eq(assetTransfers.status, 'pending_centre'))
  return Number(row?.n ?? 0)
}
