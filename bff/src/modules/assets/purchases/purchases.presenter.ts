import type { AssetPurchase } from '@egj/shared'
import type { PurchaseRow } from './purchases.repo'

export function presentPurchase(row: PurchaseRow): AssetPurchase {
  const { purchase } = row
  return {
    id: purchase.id,
    receiptNo: row.receiptNo,
    unitName: row.unitName,
    category: purchase.category,
    name: purchase.name,
    quantity: purchase.quantity,
    budgetFen: purchase.budgetFen,
    whyNotReuse: purchase.whyNotReuse,
    createdBy: row.createdBy,
    createdAt: purchase.createdAt.toISOString(),
  }
}

/** What the 凭证 says: nothing to reuse, or how many. */
export const buyCheckVerdict = (matches: number) => (matches ? `公物仓有 ${matches} 件可调剂资产` : '公物仓无可调剂资产')
