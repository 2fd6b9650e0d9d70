import { desc, eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { AssetDisposalStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { assetDisposals, assets, units, users } from '../../../db/schema'

// 报废 requests as the keeper's page (asking) and the centre's list (deciding) show them.

const decider = alias(users, 'disposal_decider')

const disposalColumns = {
  disposal: assetDisposals,
  assetName: assets.name,
  unitId: assets.unitId,
  unitName: units.name,
  originalValueFen: assets.originalValueFen,
  requestedBy: users.name,
  decidedBy: decider.name,
}

export type DisposalRow = { disposal: typeof assetDisposals.$inferSelect; assetName: string; unitId: number; unitName: string; originalValueFen: number; requestedBy: string; decidedBy: string | null }

function disposalsQuery(db: DbOrTx) {
  return db
    .select(disposalColumns)
    .from(assetDisposals)
    .innerJoin(assets, eq(assets.id, assetDisposals.assetId))
    .innerJoin(units, eq(units.id, assets.unitId))
    .innerJoin(users, eq(users.id, assetDisposals.requestedByUserId))
    .leftJoin(decider, eq(decider.id, assetDisposals.decidedByUserId))
}

export async function disposalById(db: DbOrTx, id: number): Promise<DisposalRow | null> {
  const [row] = await disposalsQuery(db).where(eq(assetDisposals.id, id))
  return row ?? null
}

/** Newest first; all statuses unless one is asked for. */
export async function listDisposals(db: DbOrTx, status: AssetDisposalStatus | undefined, limit: number): Promise<DisposalRow[]> {
  return disposalsQuery(db)
    .where(status ? eq(assetDisposals.status, status) : undefined)
    .orderBy(desc(assetDisposals.id))
    .limit(limit)
}
