import { randomUUID } from 'node:crypto'
import { and, desc, eq, like, ne, or } from 'drizzle-orm'
import type { AssetCategory } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { assetBuyChecks, assetPurchases, assets, units, users } from '../../../db/schema'
import { assetWithUnit, type AssetRow } from '../common/asset.repo'

const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** Idle assets of the category in other units' hands (what could be reused instead of bought), newest listed first. */
export async function idleElsewhere(db: DbOrTx, unitId: number, category: AssetCategory, q: string | undefined, limit: number): Promise<AssetRow[]> {
  return db
    .select(assetWithUnit)
    .from(assets)
    .innerJoin(units, eq(units.id, assets.unitId))
    .where(
      and(
        eq(assets.status, 'idle'),
        eq(assets.category, category),
        ne(assets.unitId, unitId),
        q ? or(like(assets.name, contains(q)), like(assets.brand, contains(q)), like(assets.model, contains(q))) : undefined,
      ),
    )
    .orderBy(desc(assets.listedAt), desc(assets.id))
    .limit(limit)
}

/**
 * Logs a search as a numbered 查询凭证: inserted under a placeholder, then numbered from its id
 * (`CK-YYYYMMDD-NNNN`, the Asia/Shanghai day), in the caller's transaction.
 */
export async function insertBuyCheck(
  tx: Tx,
  values: { unitId: number; userId: number; category: AssetCategory; q: string | null; matchIds: number[]; createdAt: Date },
  receiptNo: (id: number) => string,
): Promise<{ id: number; receiptNo: string }> {
  const [result] = await tx.insert(assetBuyChecks).values({ ...values, matchCount: values.matchIds.length, receiptNo: `CK-${randomUUID().slice(0, 20)}` })
  const number = receiptNo(result.insertId)
  await tx.update(assetBuyChecks).set({ receiptNo: number }).where(eq(assetBuyChecks.id, result.insertId))
  return { id: result.insertId, receiptNo: number }
}

export async function buyCheckByReceipt(db: DbOrTx, receiptNo: string) {
  const [row] = await db.select().from(assetBuyChecks).where(eq(assetBuyChecks.receiptNo, receiptNo))
  return row ?? null
}

export async function insertPurchase(
  tx: Tx,
  values: { buyCheckId: number; unitId: number; userId: number; category: AssetCategory; name: string; quantity: number; budgetFen: number; whyNotReuse: string | null; createdAt: Date },
): Promise<number> {
  const [result] = await tx.insert(assetPurchases).values(values)
  return result.insertId
}

const purchaseColumns = { purchase: assetPurchases, receiptNo: assetBuyChecks.receiptNo, unitName: units.name, createdBy: users.name }
export type PurchaseRow = { purchase: typeof assetPurchases.$inferSelect; receiptNo: string; unitName: string; createdBy: string }

function purchasesQuery(db: DbOrTx) {
  return db
    .select(purchaseColumns)
    .from(assetPurchases)
    .innerJoin(assetBuyChecks, eq(assetBuyChecks.id, assetPurchases.buyCheckId))
    .innerJoin(units, eq(units.id, assetPurchases.unitId))
    .innerJoin(users, eq(users.id, assetPurchases.userId))
}

export async function purchaseById(db: DbOrTx, id: number): Promise<PurchaseRow | null> {
  const [row] = await purchasesQuery(db).where(eq(assetPurchases.id, id))
  return row ?? null
}

/** Newest first: one unit's, or every unit's (unitId null). */
export async function listPurchases(db: DbOrTx, unitId: number | null, limit: number): Promise<PurchaseRow[]> {
  return purchasesQuery(db)
    .where(unitId === null ? undefined : eq(assetPurchases.unitId, unitId))
    .orderBy(desc(assetPurchases.id))
    .limit(limit)
}
