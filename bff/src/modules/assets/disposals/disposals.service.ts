import type { AssetDisposal, AssetDisposalListQuery, AssetDisposalReject, Parsed, TodoItem } from '@egj/shared'
import { PAGES, pageUrl } from '@egj/shared'
import type { Db } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { hasRole, type Actor, type AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { AuditService } from '../../audit/audit.service'
import type { NotificationService } from '../../notifications/notifications.service'
import type { AssetLoanService } from '../loans/loans.service'
import { lockAsset, recordAssetEvent } from '../common/asset.repo'
import { presentDisposal } from '../common/disposal.presenter'
import { disposalById, listDisposals } from '../common/disposal.repo'
import * as repo from './disposals.repo'

export interface AssetDisposalServiceDeps {
  db: Db
  notifications: NotificationService
  /** 修改留痕: an approved 报废 changes the asset (master data) */
  audit: AuditService
  /** the asset's waiting loans end through the loans' own cancellation (days freed, borrowers told) */
  loans: Pick<AssetLoanService, 'cancelForDisposal'>
  now?: () => Date
}

const LIST_MAX = 200

/** 报废 as the centre decides it: the asset leaves the warehouse for good and keeps its history. */
export class AssetDisposalService {
  private readonly now: () => Date
  constructor(private readonly deps: AssetDisposalServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async list(query: Parsed<typeof AssetDisposalListQuery>): Promise<{ items: AssetDisposal[] }> {
    return { items: (await listDisposals(this.deps.db, query.status, LIST_MAX)).map(presentDisposal) }
  }

  /**
   * Approves a pending 报废 once (racing approvals: one wins, the other is told ASSET_DISPOSAL_STATE).
   * The asset's waiting loans are cancelled (their days freed, the borrowers told) and its
   * transfers in progress too; an asset out on loan must come back first.
   */
  async approve(actor: Actor, id: number): Promise<AssetDisposal> {
    const { db, notifications } = this.deps
    await withTransaction(db, async (tx) => {
      const found = await repo.disposalExists(tx, id)
      if (!found) throw notFound('报废申请')
      // the asset first, as every change of an asset does: two approvals queue here
      const asset = await lockAsset(tx, found.assetId)
      if (!asset) throw notFound('资产')
      const now = this.now()
      if (!(await repo.decideDisposal(tx, id, { status: 'approved', decidedByUserId: actor.id, decidedAt: now }))) throw new AppError('ASSET_DISPOSAL_STATE')
      if (asset.status === 'on_loan') throw new AppError('ASSET_ON_LOAN', undefined, '该资产正在借出，归还后才能报废')
      await repo.markDisposed(tx, asset.id, now)
      await this.deps.loans.cancelForDisposal(tx, asset, now)
      const transfers = await repo.lockOpenTransfers(tx, asset.id)
      await repo.cancelTransfers(tx, transfers.map((transfer) => transfer.id), now)
      for (const transfer of transfers) {
        await notifications.notify(tx, transfer.requestedByUserId, { title: '调剂已取消', body: `「${asset.name}」已报废，调剂申请已取消`, link: pageUrl(PAGES.assetTransfer, { id: transfer.id }) })
      }
      await recordAssetEvent(tx, { assetId: asset.id, at: now, kind: 'disposed', text: `管理中心同意报废（${actor.name}），移出公物仓`, actorUserId: actor.id, unitId: asset.unitId })
      await notifications.notify(tx, found.requestedByUserId, { title: '报废申请已通过', body: `「${asset.name}」已报废，履历仍可查看`, link: pageUrl(PAGES.assetDetail, { id: asset.id }) })
      await this.deps.audit.record(tx, actor, { action: 'asset.dispose', entity: 'asset', entityId: asset.id, before: { status: asset.status }, after: { status: 'disposed', disposalId: id } })
    })
    return presentDisposal((await disposalById(db, id))!)
  }

  async reject(actor: Actor, id: number, input: Parsed<typeof AssetDisposalReject>): Promise<AssetDisposal> {
    const { db } = this.deps
    await withTransaction(db, async (tx) => {
      const found = await repo.disposalExists(tx, id)
      if (!found) throw notFound('报废申请')
      const asset = await lockAsset(tx, found.assetId)
      if (!asset) throw notFound('资产')
      const now = this.now()
      if (!(await repo.decideDisposal(tx, id, { status: 'rejected', decidedByUserId: actor.id, decidedAt: now, rejectReason: input.reason }))) throw new AppError('ASSET_DISPOSAL_STATE')
      await recordAssetEvent(tx, { assetId: asset.id, at: now, kind: 'disposal_rejected', text: `管理中心不同意报废：${input.reason}`, actorUserId: actor.id, unitId: asset.unitId })
      await this.deps.notifications.notify(tx, found.requestedByUserId, { title: '报废申请未通过', body: `「${asset.name}」：${input.reason}`, link: pageUrl(PAGES.assetDetail, { id: asset.id }) })
    })
    return presentDisposal((await disposalById(db, id))!)
  }

  /** 待办: the centre's 报废 waiting for a decision (one indexed count). */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    if (!hasRole(user, 'admin')) return []
    const count = await repo.pendingCount(this.deps.db)
    return count ? [{ kind: 'asset.disposal', title: '资产报废待审批', subtitle: `${count} 件资产申请报废`, count, url: pageUrl(PAGES.assetDisposals), urgent: false }] : []
  }
}
