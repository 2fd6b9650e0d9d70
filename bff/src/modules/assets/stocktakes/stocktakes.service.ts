import type { AssetStocktake, AssetStocktakeFinished, AssetStocktakeList, AssetStocktakeScanResult, AssetStocktakeScans, Parsed } from '@egj/shared'
import type { Db, DbOrTx } from '../../../db/client'
import { isDuplicateKey, withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import { isCentre, keepsUnit } from '../common/asset.policy'
import { assetLinks, type AssetLinks } from '../common/asset.presenter'
import { recordAssetEvent } from '../common/asset.repo'
import { openStocktakeIdOf } from '../common/asset-holds.repo'
import { presentLine, presentStocktake, presentStocktakeHead, stocktakeWorkbook, type StocktakeLists } from './stocktakes.presenter'
import * as repo from './stocktakes.repo'

export interface AssetStocktakeServiceDeps {
  db: Db
  qr: QrSigner
  now?: () => Date
}

const LIST_MAX = 100

/**
 * 盘点: a keeper starts one for their unit (one open a unit, held by the unique `open_unit_id`),
 * sends the codes scanned (queued offline, sent again: each asset counts once), and ends it:
 * found / missing / found-but-registered-elsewhere / out on loan, kept as they were.
 */
export class AssetStocktakeService {
  private readonly now: () => Date
  private readonly links: AssetLinks
  constructor(private readonly deps: AssetStocktakeServiceDeps) {
    this.now = deps.now ?? (() => new Date())
    this.links = assetLinks(deps.qr)
  }

  /** Starts the caller's unit's stocktake, or answers the one already open (two parallel starts give one). */
  async create(user: AuthUser): Promise<AssetStocktake> {
    const unit = user.unit
    if (!unit) throw new AppError('ASSET_NOT_KEEPER')
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const id = await repo.insertStocktake(this.deps.db, { unitId: unit.id, startedByUserId: user.id, startedAt: this.now() })
        return this.get(user, id)
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
      const open = await openStocktakeIdOf(this.deps.db, unit.id)
      // (finished between our insert and this read: start again)
      if (open) return this.get(user, open)
    }
    throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS', undefined, '盘点正在开始或结束，请稍后再试')
  }

  /** A keeper: their unit's; the centre: every unit's. */
  async list(user: AuthUser): Promise<Parsed<typeof AssetStocktakeList>> {
    const { db } = this.deps
    const unitId = isCentre(user) ? null : (user.unit?.id ?? -1)
    const rows = await repo.listStocktakes(db, unitId, LIST_MAX)
    const open = rows.filter((row) => row.stocktake.status === 'open')
    const [scans, expected] = await Promise.all([repo.scanCounts(db, open.map((row) => row.stocktake.id)), repo.expectedCounts(db, open.map((row) => row.stocktake.unitId))])
    return {
      items: rows.map((row) => {
        const kept = row.stocktake.result as StocktakeLists | null
        return row.stocktake.status === 'finished' && kept ? presentStocktakeHead(row, kept.expected, kept.scanned) : presentStocktakeHead(row, expected.get(row.stocktake.unitId) ?? 0, scans.get(row.stocktake.id) ?? 0)
      }),
    }
  }

  /** The stocktake if the caller may read it (its unit's keeper, the centre), else 404 as for none. */
  private async visible(user: AuthUser, id: number, { write }: { write: boolean }) {
    const row = await repo.stocktakeById(this.deps.db, id)
    if (!row || !(keepsUnit(user, row.stocktake.unitId) || (!write && isCentre(user)))) throw notFound('盘点')
    return row
  }

  async get(user: AuthUser, id: number): Promise<AssetStocktake> {
    const row = await this.visible(user, id, { write: false })
    const kept = row.stocktake.result as StocktakeLists | null
    return presentStocktake(row, row.stocktake.status === 'finished' && kept ? kept : await this.lists(this.deps.db, row.stocktake.id, row.stocktake.unitId))
  }

  /** Where a stocktake stands now: scanned (own unit / another unit's), not yet scanned, out on loan. */
  private async lists(db: DbOrTx, stocktakeId: number, unitId: number): Promise<StocktakeLists> {
    const [expected, scanned] = await Promise.all([repo.expectedAssets(db, unitId), repo.scannedAssets(db, stocktakeId)])
    const seen = new Set(scanned.map((asset) => asset.id))
    const line = (asset: repo.StocktakeAsset) => presentLine(asset, this.links)
    return {
      expected: expected.length,
      scanned: scanned.length,
      found: scanned.filter((asset) => !asset.otherUnit).map(line),
      foreign: scanned.filter((asset) => asset.otherUnit).map(line),
      missing: expected.filter((asset) => !seen.has(asset.id) && asset.status !== 'on_loan').map(line),
      onLoan: expected.filter((asset) => !seen.has(asset.id) && asset.status === 'on_loan').map(line),
    }
  }

  /**
   * Codes scanned (perhaps queued offline and sent again): each asset counts once; a code that is
   * not a genuine asset code is listed in `unknown`, never an error. An asset of another unit is
   * counted as found-elsewhere; an own-unit asset's history records that it was found.
   */
  async scans(user: AuthUser, id: number, input: Parsed<typeof AssetStocktakeScans>): Promise<Parsed<typeof AssetStocktakeScanResult>> {
    const { db } = this.deps
    const { stocktake: head } = await this.visible(user, id, { write: true })
    const unknown = new Set<string>()
    const codeOf = new Map<number, string>()
    for (const code of input.codes) {
      const assetId = this.assetIdOf(code)
      if (assetId === null) unknown.add(code)
      else if (!codeOf.has(assetId)) codeOf.set(assetId, code)
    }
    const accepted = await withTransaction(db, async (tx) => {
      const stocktake = await repo.lockStocktake(tx, id)
      if (!stocktake) throw notFound('盘点')
      if (stocktake.status !== 'open') throw new AppError('ASSET_STOCKTAKE_FINISHED')
      const existing = await repo.assetUnits(tx, [...codeOf.keys()])
      const known = new Set(existing.map((asset) => asset.id))
      for (const [assetId, code] of codeOf) if (!known.has(assetId)) unknown.add(code)
      const counted = await repo.alreadyScanned(tx, id, [...known])
      const fresh = existing.filter((asset) => !counted.has(asset.id))
      const now = this.now()
      await repo.insertScans(
        tx,
        fresh.map((asset) => ({ stocktakeId: id, assetId: asset.id, otherUnit: asset.unitId !== stocktake.unitId, scannedByUserId: user.id, scannedAt: now })),
      )
      for (const asset of fresh.filter((asset) => asset.unitId === stocktake.unitId)) {
        await recordAssetEvent(tx, { assetId: asset.id, at: now, kind: 'stocktake_found', text: `盘点扫到（${user.name}）`, actorUserId: user.id, unitId: asset.unitId })
      }
      return fresh.length
    })
    const [scanned, expected] = await Promise.all([repo.scanCounts(db, [id]), repo.expectedCounts(db, [head.unitId])])
    return { accepted, unknown: [...unknown], scanned: scanned.get(id) ?? 0, expected: expected.get(head.unitId) ?? 0 }
  }

  /** The asset a scanned code names, or null when it is not a genuine asset code. */
  private assetIdOf(code: string): number | null {
    try {
      const id = Number(this.deps.qr.verify(code, 'a').payload[0])
      return Number.isSafeInteger(id) && id > 0 ? id : null
    } catch {
      return null
    }
  }

  /** Ends the stocktake once: its lists are kept as they are now (later transfers do not rewrite them). */
  async finish(user: AuthUser, id: number): Promise<Parsed<typeof AssetStocktakeFinished>> {
    await this.visible(user, id, { write: true })
    const lists = await withTransaction(this.deps.db, async (tx) => {
      const stocktake = await repo.lockStocktake(tx, id)
      if (!stocktake) throw notFound('盘点')
      if (stocktake.status !== 'open') throw new AppError('ASSET_STOCKTAKE_FINISHED')
      const lists = await this.lists(tx, id, stocktake.unitId)
      if (!(await repo.finishStocktake(tx, id, this.now(), { ...lists }))) throw new AppError('ASSET_STOCKTAKE_FINISHED')
      return lists
    })
    return { found: lists.found, missing: lists.missing, foreign: lists.foreign, onLoan: lists.onLoan }
  }

  async xlsx(user: AuthUser, id: number): Promise<Buffer> {
    return stocktakeWorkbook(await this.get(user, id))
  }
}
