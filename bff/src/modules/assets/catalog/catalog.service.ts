import type { AssetCreate, AssetDetail, AssetDisposal, AssetDisposalCreate, AssetList, AssetListQuery, AssetScan, AssetUpdate, Parsed } from '@egj/shared'
import { ASSET_CATEGORY_LABELS, ASSET_CONDITION_LABELS, ASSET_MAX_PHOTOS, PAGES, pageUrl, shanghaiDate } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { hasRole, type Actor, type AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import { sniffPhotoType } from '../../../lib/image-bytes'
import type { QrSigner } from '../../../lib/qr'
import { qrCodePng } from '../../../lib/qr-sheet.presenter'
import { changedFields, type AuditService } from '../../audit/audit.service'
import type { NotificationService } from '../../notifications/notifications.service'
import { openStocktakeIdOf, openTransferOf } from '../common/asset-holds.repo'
import { peopleWithRole } from '../common/asset-people.repo'
import { managesAsset } from '../common/asset.policy'
import { assetLinks, PHOTO_LINK_PURPOSE, presentAssetItem, type AssetLinks } from '../common/asset.presenter'
import { assetById, historyOf, holdingLoansOf, lockAsset, photoIdsOf, recordAssetEvent, type AssetRecord, type AssetRow } from '../common/asset.repo'
import { presentDisposal } from '../common/disposal.presenter'
import { disposalById } from '../common/disposal.repo'
import { presentAssetDetail, presentAssetQrSheet } from './catalog.presenter'
import * as repo from './catalog.repo'

export interface AssetCatalogServiceDeps {
  db: Db
  qr: QrSigner
  /** 修改留痕: registering and editing an asset (master data) records its row in the same transaction */
  audit: AuditService
  notifications: NotificationService
  now?: () => Date
}

const PAGE = 20
/** A sheet of one unit's codes holds at most this many (newest first); more are printed by ids. */
const SHEET_MAX = 1000

/** The fields of an asset a keeper edits, as the audit row and the history show them. */
const assetFields = (asset: Pick<AssetRecord, 'name' | 'category' | 'brand' | 'model' | 'condition' | 'location' | 'status'>) => ({
  name: asset.name,
  category: asset.category,
  brand: asset.brand,
  model: asset.model,
  condition: asset.condition,
  location: asset.location,
  status: asset.status,
})
type AssetFields = ReturnType<typeof assetFields>

const FIELD_LABELS: Record<Exclude<keyof AssetFields, 'status'>, string> = { name: '名称', category: '类别', brand: '品牌', model: '规格型号', condition: '状况', location: '存放地点' }

/** One field's change for people: 存放地点「3楼」→「5楼」. */
function describeChange(field: Exclude<keyof AssetFields, 'status'>, before: unknown, after: unknown): string {
  const show = (value: unknown) =>
    value === null || value === undefined || value === '' ? '（空）'
    : field === 'category' ? ASSET_CATEGORY_LABELS[value as keyof typeof ASSET_CATEGORY_LABELS]
    : field === 'condition' ? ASSET_CONDITION_LABELS[value as keyof typeof ASSET_CONDITION_LABELS]
    : String(value)
  return `${FIELD_LABELS[field]}「${show(before)}」→「${show(after)}」`
}

/** `''` typed into an optional field clears it. */
const orNull = (text: string | undefined) => (text === undefined ? undefined : text || null)

/**
 * 公物仓's catalog: the warehouse list and an asset's page, registering and editing (with photos
 * checked by their bytes), its code (PNG, A4 labels, the scan) and asking for 报废.
 */
export class AssetCatalogService {
  private readonly now: () => Date
  private readonly links: AssetLinks
  constructor(private readonly deps: AssetCatalogServiceDeps) {
    this.now = deps.now ?? (() => new Date())
    this.links = assetLinks(deps.qr)
  }

  /** The asset a typed 编号 or a scanned code names, or null when the text is not a genuine asset code. */
  private codeIdOf(text: string): number | null {
    try {
      const id = Number(this.deps.qr.verify(text, 'a').payload[0])
      return Number.isSafeInteger(id) && id > 0 ? id : null
    } catch {
      return null
    }
  }

  async list(user: AuthUser, query: Parsed<typeof AssetListQuery>): Promise<AssetList> {
    if (query.mine && !user.unit) return { items: [], nextCursor: null }
    const filter: repo.AssetFilter = {
      status: query.status,
      category: query.category,
      unitId: query.mine ? user.unit!.id : query.unitId,
      beforeId: query.cursor ? Number(query.cursor) : undefined,
    }
    if (query.q) {
      const codeId = this.codeIdOf(query.q)
      // a code finds its asset whatever its status (a disposed one too, unless a status is asked for)
      if (codeId) Object.assign(filter, { id: codeId, anyStatus: true })
      else filter.text = query.q
    }
    const rows = await repo.listAssets(this.deps.db, filter, PAGE + 1)
    const page = rows.slice(0, PAGE)
    const photos = await photoIdsOf(this.deps.db, page.map((row) => row.id))
    return { items: page.map((row) => presentAssetItem(row, photos.get(row.id) ?? [], this.links)), nextCursor: rows.length > PAGE ? String(page[page.length - 1].id) : null }
  }

  async get(user: AuthUser, id: number): Promise<AssetDetail> {
    const { db } = this.deps
    const row = await assetById(db, id)
    if (!row) throw notFound('资产')
    const now = this.now()
    const [photos, history, taken, openTransferId, openDisposalId] = await Promise.all([
      photoIdsOf(db, [id]),
      historyOf(db, id),
      holdingLoansOf(db, id, shanghaiDate(now)),
      openTransferOf(db, id),
      repo.pendingDisposalIdOf(db, id),
    ])
    const manages = managesAsset(user, row)
    const live = row.status !== 'disposed'
    const can = {
      edit: manages && live,
      dispose: manages && live && row.status !== 'on_loan' && !openDisposalId,
      borrow: hasRole(user, 'staff', 'asset_keeper') && (row.status === 'idle' || row.status === 'on_loan') && !openTransferId,
      requestTransfer: hasRole(user, 'asset_keeper') && !!user.unit && user.unit.id !== row.unitId && row.status === 'idle' && !openTransferId,
    }
    return presentAssetDetail({ row, photoIds: photos.get(id) ?? [], history, taken, openTransferId, openDisposalId, can }, this.links, now)
  }

  /** Registers an asset to the caller's unit (a keeper's; the centre's for its admin), listed at once when `idle`. */
  async create(actor: Actor, input: Parsed<typeof AssetCreate>, idempotencyKey: string): Promise<AssetDetail> {
    const work = async (tx: Tx) => {
      const unit = actor.unit
      if (!unit || !(hasRole(actor, 'asset_keeper') || hasRole(actor, 'admin'))) throw new AppError('ASSET_NOT_KEEPER')
      const now = this.now()
      if (input.acquiredOn > shanghaiDate(now)) {
        throw new AppError('VALIDATION_FAILED', { in: 'body', issues: [{ path: 'acquiredOn', message: '取得日期不能晚于今天' }] }, '取得日期不能晚于今天')
      }
      const values: repo.NewAsset = {
        unitId: unit.id,
        name: input.name,
        category: input.category,
        brand: input.brand || null,
        model: input.model || null,
        condition: input.condition,
        originalValueFen: input.originalValueFen,
        acquiredOn: input.acquiredOn,
        location: input.location,
        status: input.idle ? 'idle' : 'in_use',
        registeredByUserId: actor.id,
        listedAt: input.idle ? now : null,
      }
      const id = await repo.insertAsset(tx, values)
      await recordAssetEvent(tx, { assetId: id, at: now, kind: 'registered', text: `${actor.name} 登记入账，归属${unit.name}`, actorUserId: actor.id, unitId: unit.id })
      if (input.idle) await recordAssetEvent(tx, { assetId: id, at: now, kind: 'listed', text: '设为闲置，进入公物仓', actorUserId: actor.id, unitId: unit.id })
      await this.deps.audit.record(tx, actor, {
        action: 'asset.create',
        entity: 'asset',
        entityId: id,
        after: { ...assetFields(values), originalValueFen: values.originalValueFen, acquiredOn: values.acquiredOn, unitId: unit.id },
      })
      return { id }
    }
    const { response } = await idempotent(this.deps.db, { userId: actor.id, scope: 'assets.create', key: idempotencyKey, body: input }, { work, present: (id) => this.get(actor, id) })
    return response
  }

  /**
   * The owner unit's keeper (or the centre) edits an asset or moves it between 闲置 and 在用. The
   * row is locked, so two keepers' "before" never clash; only what changed is written, to the
   * history and to the 留痕.
   */
  async update(actor: Actor, id: number, { reason, ...input }: Parsed<typeof AssetUpdate>): Promise<AssetDetail> {
    await withTransaction(this.deps.db, async (tx) => {
      const asset = await lockAsset(tx, id)
      if (!asset || !managesAsset(actor, asset)) throw notFound('资产')
      if (asset.status === 'disposed') throw new AppError('ASSET_DISPOSED')
      const wanted = { ...input, brand: orNull(input.brand), model: orNull(input.model) }
      const change = changedFields(assetFields(asset), wanted)
      if (!change) return
      const now = this.now()
      const statusChanged = 'status' in change.after
      if (statusChanged) {
        if (asset.status === 'on_loan') throw new AppError('ASSET_ON_LOAN')
        if (wanted.status === 'in_use' && (await openTransferOf(tx, id))) throw new AppError('ASSET_IN_TRANSFER', undefined, '该资产正在调剂中，调剂结束前不能设为在用')
      }
      await repo.updateAsset(tx, id, { ...(change.after as repo.AssetChanges), ...(wanted.status === 'idle' && statusChanged ? { listedAt: now } : {}) }, now)
      const event = { assetId: id, at: now, actorUserId: actor.id, unitId: asset.unitId }
      const fields = Object.keys(change.after).filter((key): key is Exclude<keyof AssetFields, 'status'> => key !== 'status')
      if (fields.length) {
        const text = `${actor.name} 修改：${fields.map((field) => describeChange(field, change.before[field], change.after[field])).join('；')}${reason ? `（原因：${reason}）` : ''}`
        await recordAssetEvent(tx, { ...event, kind: 'updated', text })
      }
      if (statusChanged) {
        await recordAssetEvent(tx, wanted.status === 'idle' ? { ...event, kind: 'listed', text: '设为闲置，进入公物仓' } : { ...event, kind: 'unlisted', text: '设为在用，移出公物仓' })
      }
      await this.deps.audit.record(tx, actor, { action: 'asset.update', entity: 'asset', entityId: id, ...change, reason })
    })
    return this.get(actor, id)
  }

  /** A photo, checked by its bytes: JPEG or PNG, as declared; at most ASSET_MAX_PHOTOS, counted under the asset's lock. */
  async addPhoto(actor: Actor, id: number, bytes: Buffer, declaredType: string): Promise<AssetDetail> {
    await withTransaction(this.deps.db, async (tx) => {
      const asset = await lockAsset(tx, id)
      if (!asset || !managesAsset(actor, asset)) throw notFound('资产')
      if (asset.status === 'disposed') throw new AppError('ASSET_DISPOSED')
      const type = sniffPhotoType(bytes)
      const declared = declaredType.split(';')[0].trim().toLowerCase()
      if (!type || type !== declared) throw new AppError('ASSET_PHOTO_INVALID', { declared, actual: type })
      if ((await repo.photoCount(tx, id)) >= ASSET_MAX_PHOTOS) throw new AppError('ASSET_PHOTOS_FULL')
      const photoId = await repo.insertPhoto(tx, { assetId: id, type, bytes })
      await this.deps.audit.record(tx, actor, { action: 'asset.photo.add', entity: 'asset', entityId: id, after: { photoId, type, bytes: bytes.length } })
    })
    return this.get(actor, id)
  }

  async removePhoto(actor: Actor, id: number, photoId: number): Promise<AssetDetail> {
    await withTransaction(this.deps.db, async (tx) => {
      const asset = await lockAsset(tx, id)
      if (!asset || !managesAsset(actor, asset)) throw notFound('资产')
      if (asset.status === 'disposed') throw new AppError('ASSET_DISPOSED')
      if (!(await repo.deletePhoto(tx, id, photoId))) throw notFound('照片')
      await this.deps.audit.record(tx, actor, { action: 'asset.photo.remove', entity: 'asset', entityId: id, before: { photoId } })
    })
    return this.get(actor, id)
  }

  /** A photo by its signed address (an <image> sends no token); a wrong signature is 404 as for no photo. */
  async photo(token: string): Promise<{ type: string; bytes: Buffer }> {
    const photoId = this.deps.qr.verifyLinkToken(PHOTO_LINK_PURPOSE, token)
    const photo = photoId ? await repo.photoById(this.deps.db, photoId) : null
    if (!photo) throw notFound('照片')
    return photo
  }

  /** A scanned asset code: the asset for anyone; hand-over and return for its keeper; the stocktake for a keeper. */
  async scan(user: AuthUser, code: string): Promise<AssetScan> {
    const { db } = this.deps
    const id = Number(this.deps.qr.verify(code, 'a').payload[0])
    const row = Number.isSafeInteger(id) ? await assetById(db, id) : null
    if (!row) throw notFound('资产')
    const manages = managesAsset(user, row)
    const [photos, handOverLoanId, returnLoanId, stocktakeId] = await Promise.all([
      photoIdsOf(db, [row.id]),
      manages ? repo.handOverLoanIdOf(db, row.id, shanghaiDate(this.now())) : null,
      manages ? repo.onLoanLoanIdOf(db, row.id) : null,
      hasRole(user, 'asset_keeper') && user.unit ? openStocktakeIdOf(db, user.unit.id) : null,
    ])
    return { asset: presentAssetItem(row, photos.get(row.id) ?? [], this.links), handOverLoanId, returnLoanId, stocktakeId }
  }

  /** An asset for another module (报修: the place an asset code names): name, 编号, where it is; or null. */
  async assetPlace(assetId: number): Promise<{ id: number; name: string; shortCode: string; location: string | null; disposed: boolean } | null> {
    const row = await assetById(this.deps.db, assetId)
    return row ? { id: row.id, name: row.name, shortCode: this.links.short(row.id), location: row.location, disposed: row.status === 'disposed' } : null
  }

  /**
   * A repair in the asset's 履历 (报修), in the caller's transaction: reported, repaired. The owner
   * at the time is the asset's unit.
   */
  async recordRepairEvent(tx: Tx, assetId: number, event: { kind: 'repair_reported' | 'repaired'; text: string; at: Date; actorUserId: number | null }): Promise<void> {
    const row = await assetById(tx, assetId)
    if (!row) return
    await recordAssetEvent(tx, { assetId, at: event.at, kind: event.kind, text: event.text, actorUserId: event.actorUserId, unitId: row.unitId })
  }

  /** An asset the caller looks after (its keeper, the centre), else 404 as for no asset. */
  private async managed(user: AuthUser, id: number): Promise<AssetRow> {
    const row = await assetById(this.deps.db, id)
    if (!row || !managesAsset(user, row)) throw notFound('资产')
    return row
  }

  async qrPng(user: AuthUser, id: number): Promise<Buffer> {
    const row = await this.managed(user, id)
    return qrCodePng(this.links.url(row.id))
  }

  /** The A4 label sheet: these assets (each one the caller's to look after), or every asset of the caller's unit not disposed. */
  async qrSheet(user: AuthUser, ids: string | undefined): Promise<string> {
    let rows: AssetRow[]
    if (ids) {
      const wanted = [...new Set(ids.split(',').map(Number))]
      rows = await repo.assetsByIds(this.deps.db, wanted)
      if (rows.length !== wanted.length || rows.some((row) => !managesAsset(user, row))) throw notFound('资产')
    } else {
      rows = user.unit ? await repo.listAssets(this.deps.db, { unitId: user.unit.id }, SHEET_MAX) : []
    }
    return presentAssetQrSheet(rows, this.links)
  }

  /**
   * 报废 asked by the owner's keeper (or the centre) with a reason; the centre decides. Refused
   * while the asset is out or booked (the loans would be left without an asset), or already asked.
   */
  async dispose(user: AuthUser, id: number, input: Parsed<typeof AssetDisposalCreate>): Promise<AssetDisposal> {
    const { db } = this.deps
    const disposalId = await withTransaction(db, async (tx) => {
      const asset = await lockAsset(tx, id)
      if (!asset || !managesAsset(user, asset)) throw notFound('资产')
      if (asset.status === 'disposed') throw new AppError('ASSET_DISPOSED')
      if (await repo.pendingDisposalIdOf(tx, id)) throw new AppError('ASSET_DISPOSAL_PENDING')
      if (asset.status === 'on_loan') throw new AppError('ASSET_ON_LOAN', undefined, '该资产正在借出，归还后才能申请报废')
      if ((await repo.waitingLoanCount(tx, id)) > 0) throw new AppError('ASSET_HAS_LOANS')
      const now = this.now()
      const disposalId = await repo.insertDisposal(tx, { assetId: id, requestedByUserId: user.id, reason: input.reason })
      await recordAssetEvent(tx, { assetId: id, at: now, kind: 'disposal_requested', text: `${user.name} 申请报废：${input.reason}`, actorUserId: user.id, unitId: asset.unitId })
      const unit = await repo.unitName(tx, asset.unitId)
      for (const adminId of await peopleWithRole(tx, 'admin')) {
        await this.deps.notifications.notify(tx, adminId, { title: '资产报废待审批', body: `${unit}申请报废「${asset.name}」：${input.reason}`, link: pageUrl(PAGES.assetDisposals) })
      }
      return disposalId
    })
    return presentDisposal((await disposalById(db, disposalId))!)
  }
}
