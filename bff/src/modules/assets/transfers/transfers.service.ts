import type { AssetTransfer, AssetTransferCreate, AssetTransferList, AssetTransferListQuery, AssetTransferStatus, Parsed, TodoItem } from '@egj/shared'
import { PAGES, pageUrl, shanghaiDate } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { hasRole, type AuthUser } from '../../../lib/auth'
import { AppError, forbidden, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { QrSigner } from '../../../lib/qr'
import type { NotificationService } from '../../notifications/notifications.service'
import { peopleWithRole } from '../common/asset-people.repo'
import { isCentre } from '../common/asset.policy'
import { residualValueFen } from '../common/asset.presenter'
import { holdingLoansOf, lockAsset, recordAssetEvent } from '../common/asset.repo'
import { openTransferOf } from '../common/asset-holds.repo'
import { decidesStep, isOpen, mayAgree, mayCancel, mayReceive, seesTransfer } from './transfers.policy'
import { CENTRE_NAME, presentSlip, presentTransfer, waitingForText } from './transfers.presenter'
import * as repo from './transfers.repo'

export interface AssetTransferServiceDeps {
  db: Db
  qr: QrSigner
  notifications: NotificationService
  now?: () => Date
}

const PAGE_SIZE = 20

/** 调拨单号: DB-<year of receipt>-<id, 5 digits> (unique with the id; the year is read off the slip). */
export const slipNumber = (id: number, at: Date) => `DB-${shanghaiDate(at).slice(0, 4)}-${String(id).padStart(5, '0')}`

/**
 * 调剂: a unit's keeper asks for another unit's idle asset → the giving keeper agrees → the centre
 * approves → the receiving keeper confirms receipt, and ownership moves with a numbered 调拨单.
 * Every step is one conditional update on the status (racing deciders: one wins), with its 履历
 * event and its notifications in the same transaction.
 */
export class AssetTransferService {
  private readonly now: () => Date
  constructor(private readonly deps: AssetTransferServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async create(user: AuthUser, input: Parsed<typeof AssetTransferCreate>, idempotencyKey: string): Promise<AssetTransfer> {
    const { db } = this.deps
    const now = this.now()
    // Every rule after the key, in its transaction: a retry of an accepted request gets its first answer.
    const work = async (tx: Tx) => {
      const unitId = user.unit?.id
      if (!unitId || !hasRole(user, 'asset_keeper')) throw new AppError('ASSET_NOT_KEEPER', undefined, '只有单位的资产管理员可以为本单位申请调剂')
      // the asset row is the lock two units racing for it queue on: the second then sees the first's transfer
      const asset = await lockAsset(tx, input.assetId)
      if (!asset) throw notFound('资产')
      if (asset.unitId === unitId) throw new AppError('ASSET_TRANSFER_OWN_UNIT')
      if (asset.status === 'on_loan') throw new AppError('ASSET_ON_LOAN')
      if (asset.status === 'disposed') throw new AppError('ASSET_DISPOSED')
      if (asset.status !== 'idle') throw new AppError('ASSET_NOT_IDLE')
      if (await openTransferOf(tx, asset.id)) throw new AppError('ASSET_IN_TRANSFER')
      const waiting = (await holdingLoansOf(tx, asset.id, shanghaiDate(now))).filter((loan) => loan.status === 'pending' || loan.status === 'approved')
      if (waiting.length) throw new AppError('ASSET_HAS_LOANS', { loans: waiting.map((loan) => ({ startDate: loan.startDate, endDate: loan.endDate })) })
      const id = await repo.insertTransfer(tx, { assetId: asset.id, fromUnitId: asset.unitId, toUnitId: unitId, requestedByUserId: user.id, reason: input.reason, status: 'pending_owner', createdAt: now })
      await recordAssetEvent(tx, { assetId: asset.id, at: now, kind: 'transfer_requested', text: `${user.unit!.name}申请调剂：${input.reason}`, actorUserId: user.id, unitId: asset.unitId })
      const row = (await repo.transferRowById(tx, id))!
      await this.tell(tx, await peopleWithRole(tx, 'asset_keeper', asset.unitId), id, '调剂申请待您同意', `${row.toUnitName}申请调剂您单位的闲置资产「${row.asset.name}」：${input.reason}`)
      return { id, response: presentTransfer(row, user, now) }
    }
    return (await idempotent(db, { userId: user.id, scope: 'assets.transfer', key: idempotencyKey, body: input }, { work })).response
  }

  async list(user: AuthUser, query: Parsed<typeof AssetTransferListQuery>): Promise<AssetTransferList> {
    const centre = isCentre(user)
    const unitId = hasRole(user, 'asset_keeper') ? (user.unit?.id ?? null) : null
    if (query.view === 'all' && !centre) throw forbidden()
    // mine: my unit's requests and its assets' (the centre, without a unit of its own to keep: every transfer)
    if (query.view === 'mine' && unitId === null && !centre) return { items: [], nextCursor: null }
    const filter: repo.TransferFilter = query.view === 'todo' ? { view: 'waiting', unitId, centre } : { view: 'unit', unitId: query.view === 'all' ? null : unitId }
    const rows = await repo.transferRows(this.deps.db, filter, query.status, query.cursor ? Number(query.cursor) : undefined, PAGE_SIZE + 1)
    const page = rows.slice(0, PAGE_SIZE)
    const now = this.now()
    return { items: page.map((row) => presentTransfer(row, user, now)), nextCursor: rows.length > PAGE_SIZE ? String(page[page.length - 1].transfer.id) : null }
  }

  async get(user: AuthUser, id: number): Promise<AssetTransfer> {
    return presentTransfer(await this.visible(this.deps.db, user, id), user, this.now())
  }

  async slip(user: AuthUser, id: number): Promise<string> {
    const row = await this.visible(this.deps.db, user, id)
    return presentSlip(row, this.deps.qr.shortCode('a', row.asset.id), this.now())
  }

  /** The transfer, if the caller is one of its parties; anyone else: 404, exactly as for a missing id. */
  private async visible(db: Db | Tx, user: AuthUser, id: number) {
    const row = await repo.transferRowById(db, id)
    if (!row || !seesTransfer(user, row.transfer)) throw notFound('调剂单')
    return row
  }

  /** The giving unit's keeper agrees: on to the centre. */
  async agree(user: AuthUser, id: number): Promise<AssetTransfer> {
    return this.step(user, id, {
      may: mayAgree,
      refusal: (row) => `只有${row.fromUnitName}的资产管理员可以同意调出`,
      from: 'pending_owner',
      to: 'pending_centre',
      set: (now) => ({ agreedByUserId: user.id, agreedAt: now }),
      event: { kind: 'transfer_agreed', text: (row) => `${row.fromUnitName}同意调出至${row.toUnitName}` },
      notify: async (tx, row) => {
        await this.tell(tx, await peopleWithRole(tx, 'admin'), id, '调剂申请待审批', `${row.fromUnitName}已同意将「${row.asset.name}」调剂给${row.toUnitName}，请审批。`)
        await this.tell(tx, [row.transfer.requestedByUserId], id, '调剂进度：原单位已同意', `「${row.asset.name}」：${row.fromUnitName}已同意调出，等待${CENTRE_NAME}审批。`)
      },
    })
  }

  /** The centre approves: on to the receiving keeper. */
  async approve(user: AuthUser, id: number): Promise<AssetTransfer> {
    return this.step(user, id, {
      may: (who) => isCentre(who),
      refusal: () => `只有${CENTRE_NAME}可以审批调剂`,
      from: 'pending_centre',
      to: 'pending_receipt',
      set: (now) => ({ approvedByUserId: user.id, approvedAt: now }),
      event: { kind: 'transfer_approved', text: (row) => `${CENTRE_NAME}批准调剂至${row.toUnitName}` },
      notify: async (tx, row) => {
        const receivers = await peopleWithRole(tx, 'asset_keeper', row.transfer.toUnitId)
        await this.tell(tx, [...receivers, row.transfer.requestedByUserId], id, '调剂已批准，请接收', `「${row.asset.name}」的调剂已获批准，请到${row.fromUnitName}领取后在 e管家 确认接收。`)
      },
    })
  }

  /**
   * The receiving keeper confirms receipt: the asset becomes the receiving unit's (in use there),
   * the 调拨单 gets its number and the values it shows are fixed now.
   */
  async receive(user: AuthUser, id: number): Promise<AssetTransfer> {
    const now = this.now()
    return this.step(user, id, {
      may: mayReceive,
      refusal: (row) => `只有${row.toUnitName}的资产管理员可以确认接收`,
      from: 'pending_receipt',
      to: 'done',
      before: async (tx, row) => {
        const asset = await lockAsset(tx, row.asset.id)
        if (!asset) throw notFound('资产')
        if (asset.status === 'disposed') throw new AppError('ASSET_DISPOSED')
        if (asset.status === 'on_loan') throw new AppError('ASSET_ON_LOAN')
        if (asset.unitId !== row.transfer.fromUnitId) throw new AppError('ASSET_TRANSFERRED')
        const values = { originalValueFen: asset.originalValueFen, residualValueFen: residualValueFen(asset, now) }
        return { receivedByUserId: user.id, receivedAt: now, slipNo: slipNumber(id, now), ...values }
      },
      set: () => ({}),
      after: async (tx, row, set) => {
        await repo.moveAsset(tx, row.asset.id, row.transfer.toUnitId, now)
        // the monthly 节约价值 reads exactly this event: the receiving unit and the values moved
        await recordAssetEvent(tx, {
          assetId: row.asset.id,
          at: now,
          kind: 'transferred',
          text: `由${row.fromUnitName}调剂至${row.toUnitName}（调拨单 ${set.slipNo}）`,
          actorUserId: user.id,
          unitId: row.transfer.toUnitId,
          originalValueFen: set.originalValueFen ?? null,
          residualValueFen: set.residualValueFen ?? null,
        })
      },
      notify: async (tx, row) => {
        const givers = await peopleWithRole(tx, 'asset_keeper', row.transfer.fromUnitId)
        await this.tell(tx, [...givers, row.transfer.requestedByUserId].filter((userId) => userId !== user.id), id, '调剂已完成', `「${row.asset.name}」已由${row.toUnitName}确认接收，归属已变更，调拨单已生成。`)
      },
    })
  }

  /** Whoever decides the current step refuses, with a reason. */
  async reject(user: AuthUser, id: number, reason: string): Promise<AssetTransfer> {
    const now = this.now()
    return this.inTransaction(user, async (tx) => {
      const row = await this.visible(tx, user, id)
      const status = row.transfer.status
      if (!isOpen(status)) throw new AppError('ASSET_TRANSFER_STATE')
      // a party of the transfer whose step it is not (any more, or yet): the transfer is elsewhere
      if (!decidesStep(user, row.transfer)) throw new AppError('ASSET_TRANSFER_STATE', undefined, `调剂单现在由${waitingForText(row)}处理`)
      if (!(await repo.advanceTransfer(tx, id, status, { status: 'rejected', rejectedByUserId: user.id, rejectedAt: now, rejectReason: reason }))) throw new AppError('ASSET_TRANSFER_STATE')
      await recordAssetEvent(tx, { assetId: row.asset.id, at: now, kind: 'transfer_rejected', text: `调剂至${row.toUnitName}未通过：${reason}`, actorUserId: user.id, unitId: row.transfer.fromUnitId })
      const givers = status === 'pending_owner' ? [] : await peopleWithRole(tx, 'asset_keeper', row.transfer.fromUnitId)
      await this.tell(tx, [row.transfer.requestedByUserId, ...givers].filter((userId) => userId !== user.id), id, '调剂未通过', `「${row.asset.name}」调剂至${row.toUnitName}未通过：${reason}`)
      return id
    })
  }

  /** The asking unit's keeper withdraws the request before it is received. */
  async cancel(user: AuthUser, id: number): Promise<AssetTransfer> {
    const now = this.now()
    return this.inTransaction(user, async (tx) => {
      const row = await this.visible(tx, user, id)
      if (!mayCancel(user, row.transfer)) throw new AppError('ASSET_NOT_KEEPER', undefined, `只有${row.toUnitName}的资产管理员可以撤回调剂申请`)
      const status = row.transfer.status
      if (!isOpen(status)) throw new AppError('ASSET_TRANSFER_STATE')
      if (!(await repo.advanceTransfer(tx, id, status, { status: 'cancelled', cancelledAt: now }))) throw new AppError('ASSET_TRANSFER_STATE')
      await recordAssetEvent(tx, { assetId: row.asset.id, at: now, kind: 'transfer_cancelled', text: `${row.toUnitName}撤回了调剂申请`, actorUserId: user.id, unitId: row.transfer.fromUnitId })
      const deciders =
        status === 'pending_owner' ? await peopleWithRole(tx, 'asset_keeper', row.transfer.fromUnitId)
        : status === 'pending_centre' ? await peopleWithRole(tx, 'admin')
        : []
      await this.tell(tx, [...deciders, row.transfer.requestedByUserId].filter((userId) => userId !== user.id), id, '调剂申请已撤回', `${row.toUnitName}撤回了「${row.asset.name}」的调剂申请。`)
      return id
    })
  }

  /**
   * One step: the caller must see the transfer (else 404), be its party for this step (else 403),
   * and the transfer must still be at `from` — checked by the UPDATE itself, so of racing deciders
   * exactly one moves it and the rest get 409 ASSET_TRANSFER_STATE.
   */
  private async step(
    user: AuthUser,
    id: number,
    s: {
      may: (user: AuthUser, t: repo.TransferRecord) => boolean
      refusal: (row: repo.TransferRow) => string
      from: AssetTransferStatus
      to: AssetTransferStatus
      set: (now: Date) => Partial<repo.TransferRecord>
      before?: (tx: Tx, row: repo.TransferRow) => Promise<Partial<repo.TransferRecord>>
      after?: (tx: Tx, row: repo.TransferRow, set: Partial<repo.TransferRecord>) => Promise<void>
      event?: { kind: string; text: (row: repo.TransferRow) => string }
      notify: (tx: Tx, row: repo.TransferRow) => Promise<void>
    },
  ): Promise<AssetTransfer> {
    const now = this.now()
    return this.inTransaction(user, async (tx) => {
      const row = await this.visible(tx, user, id)
      if (!s.may(user, row.transfer)) throw new AppError('ASSET_NOT_KEEPER', undefined, s.refusal(row))
      if (row.transfer.status !== s.from) throw new AppError('ASSET_TRANSFER_STATE')
      const set = { ...s.set(now), ...(s.before ? await s.before(tx, row) : {}) }
      if (!(await repo.advanceTransfer(tx, id, s.from, { ...set, status: s.to }))) throw new AppError('ASSET_TRANSFER_STATE')
      if (s.event) await recordAssetEvent(tx, { assetId: row.asset.id, at: now, kind: s.event.kind, text: s.event.text(row), actorUserId: user.id, unitId: row.transfer.fromUnitId })
      if (s.after) await s.after(tx, row, set)
      await s.notify(tx, row)
      return id
    })
  }

  /** Runs a step and answers with the transfer as it now stands. */
  private async inTransaction(user: AuthUser, work: (tx: Tx) => Promise<number>): Promise<AssetTransfer> {
    const id = await withTransaction(this.deps.db, work)
    return presentTransfer((await repo.transferRowById(this.deps.db, id))!, user, this.now())
  }

  private async tell(tx: Tx, userIds: number[], id: number, title: string, body: string): Promise<void> {
    for (const userId of [...new Set(userIds)]) await this.deps.notifications.notify(tx, userId, { title, body, link: pageUrl(PAGES.assetTransfer, { id }) })
  }

  /**
   * 待办: transfers waiting for this keeper (to agree, to receive) and, for the centre, to approve.
   * Indexed counts only: it runs on every home load.
   */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    const { db } = this.deps
    let count = 0
    if (hasRole(user, 'asset_keeper') && user.unit) count += await repo.countWaitingForKeeper(db, user.unit.id)
    if (isCentre(user)) count += await repo.countWaitingForCentre(db)
    if (!count) return []
    return [{ kind: 'asset.transfer', title: '资产调剂待处理', subtitle: `${count} 个调剂单等您处理`, count, url: pageUrl(PAGES.assetTransfers, { view: 'todo' }), urgent: false }]
  }
}
