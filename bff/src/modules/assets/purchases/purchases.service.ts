import type { AssetBuyCheck, AssetBuyCheckQuery, AssetPurchase, AssetPurchaseCreate, Parsed } from '@egj/shared'
import { ASSET_BUY_CHECK_VALID_DAYS, shanghaiDate } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { hasRole, type AuthUser } from '../../../lib/auth'
import { AppError } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { QrSigner } from '../../../lib/qr'
import { assetLinks, presentAssetItem, type AssetLinks } from '../common/asset.presenter'
import { photoIdsOf } from '../common/asset.repo'
import { buyCheckVerdict, presentPurchase } from './purchases.presenter'
import * as repo from './purchases.repo'

export interface AssetPurchaseServiceDeps {
  db: Db
  qr: QrSigner
  now?: () => Date
}

const DAY_MS = 86_400_000
/** A 凭证 lists at most this many matches (the newest listed): enough to show reuse was possible. */
const MATCHES_MAX = 50
const LIST_MAX = 200

/** The caller's unit, for a keeper or the centre (the route lets in no one else). */
function unitOf(user: AuthUser): { id: number; name: string } {
  if (!user.unit) throw new AppError('ASSET_NOT_KEEPER', undefined, '您不属于任何单位，不能办理购置')
  return user.unit
}

/**
 * 公物仓优先: before a unit buys, its keeper searches the warehouse (every search is logged as a
 * numbered 查询凭证), and a purchase is filed only on a 凭证 of the same unit and category,
 * younger than ASSET_BUY_CHECK_VALID_DAYS — with a reason when the search found assets to reuse.
 */
export class AssetPurchaseService {
  private readonly now: () => Date
  private readonly links: AssetLinks
  constructor(private readonly deps: AssetPurchaseServiceDeps) {
    this.now = deps.now ?? (() => new Date())
    this.links = assetLinks(deps.qr)
  }

  async check(user: AuthUser, query: Parsed<typeof AssetBuyCheckQuery>): Promise<AssetBuyCheck> {
    const { db } = this.deps
    const unit = unitOf(user)
    const now = this.now()
    const matches = await repo.idleElsewhere(db, unit.id, query.category, query.q, MATCHES_MAX)
    const day = shanghaiDate(now).replace(/-/g, '')
    const { receiptNo } = await withTransaction(db, (tx) =>
      repo.insertBuyCheck(tx, { unitId: unit.id, userId: user.id, category: query.category, q: query.q || null, matchIds: matches.map((row) => row.id), createdAt: now }, (id) => `CK-${day}-${String(id).padStart(4, '0')}`),
    )
    const photos = await photoIdsOf(db, matches.map((row) => row.id))
    return {
      receiptNo,
      category: query.category,
      q: query.q || null,
      checkedAt: now.toISOString(),
      validUntil: new Date(now.getTime() + ASSET_BUY_CHECK_VALID_DAYS * DAY_MS).toISOString(),
      unitName: unit.name,
      verdict: buyCheckVerdict(matches.length),
      matches: matches.map((row) => presentAssetItem(row, photos.get(row.id) ?? [], this.links)),
    }
  }

  async create(user: AuthUser, input: Parsed<typeof AssetPurchaseCreate>, idempotencyKey: string): Promise<AssetPurchase> {
    const work = async (tx: Tx) => {
      const unit = unitOf(user)
      const check = await repo.buyCheckByReceipt(tx, input.receiptNo)
      if (!check) throw new AppError('ASSET_BUY_CHECK_REQUIRED', { field: 'receiptNo' })
      if (check.unitId !== unit.id || check.category !== input.category) throw new AppError('ASSET_BUY_CHECK_MISMATCH', { field: 'receiptNo' })
      const now = this.now()
      if (now.getTime() - check.createdAt.getTime() > ASSET_BUY_CHECK_VALID_DAYS * DAY_MS) throw new AppError('ASSET_BUY_CHECK_EXPIRED', { field: 'receiptNo' })
      const whyNotReuse = input.whyNotReuse || null
      if (check.matchCount > 0 && !whyNotReuse) throw new AppError('ASSET_BUY_REASON_REQUIRED', { field: 'whyNotReuse', matches: check.matchCount })
      const id = await repo.insertPurchase(tx, {
        buyCheckId: check.id,
        unitId: unit.id,
        userId: user.id,
        category: input.category,
        name: input.name,
        quantity: input.quantity,
        budgetFen: input.budgetFen,
        whyNotReuse,
        createdAt: now,
      })
      return { id }
    }
    const present = async (id: number) => presentPurchase((await repo.purchaseById(this.deps.db, id))!)
    return (await idempotent(this.deps.db, { userId: user.id, scope: 'assets.purchase', key: idempotencyKey, body: input }, { work, present })).response
  }

  /** A keeper: their unit's purchases; the centre: every unit's. */
  async list(user: AuthUser): Promise<{ items: AssetPurchase[] }> {
    const unitId = hasRole(user, 'admin') ? null : unitOf(user).id
    return { items: (await repo.listPurchases(this.deps.db, unitId, LIST_MAX)).map(presentPurchase) }
  }
}
