import type { Parsed, TodoItem, VehicleRate, VehicleReject, VehicleRequest, VehicleRequestCreate, VehicleRequestCreated, VehicleRequestList, VehicleRequestListQuery } from '@egj/shared'
import { inShanghai, PAGES, pageUrl, shanghaiDate, shanghaiDayStart, VEHICLE_REQUEST_MAX_AHEAD_DAYS } from '@egj/shared'
import type { z } from 'zod'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { NotificationService } from '../../notifications/notifications.service'
import { change, changes, fmt } from '../common/history'
import { recordHistory } from '../common/history.repo'
import { findRequestRow, lockRequest, updateRequest, type VehicleRequestRecord } from '../common/request-row.repo'
import { canSeeRequest, isApproverOf } from '../common/request.policy'
import { presentRequestRows, viewRequest } from '../common/request-view'
import * as repo from './requests.repo'

/** A start this much in the past is still "now" (the form was filled in a minute ago). */
const PAST_SLACK_MS = 5 * 60_000
const DAY_MS = 24 * 3600_000

export interface VehicleRequestServiceDeps {
  db: Db
  notifications: NotificationService
  now?: () => Date
}

/** 用车申请: staff ask, their unit's approver decides, the requester may cancel and rate. */
export class VehicleRequestService {
  private readonly now: () => Date
  constructor(private readonly deps: VehicleRequestServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async create(user: AuthUser, input: Parsed<typeof VehicleRequestCreate>, idempotencyKey: string): Promise<z.infer<typeof VehicleRequestCreated>> {
    const { db, notifications } = this.deps
    const now = this.now().getTime()
    // Every rule after the key, in its transaction: a retry of a request that was accepted gets the
    // first answer, even once its start has passed.
    const work = async (tx: Tx) => {
      const unit = user.unit
      if (!unit) throw new AppError('FORBIDDEN', undefined, '只有单位工作人员可以申请用车')
      if (input.startAt.getTime() < now - PAST_SLACK_MS) throw new AppError('VEHICLE_WINDOW_PAST')
      if (input.startAt.getTime() > now + VEHICLE_REQUEST_MAX_AHEAD_DAYS * DAY_MS) throw new AppError('VEHICLE_WINDOW_TOO_FAR')
      const id = await repo.insertRequest(tx, {
        status: 'pending_approval',
        requesterUserId: user.id,
        unitId: unit.id,
        purpose: input.purpose,
        origin: input.origin,
        destination: input.destination,
        startAt: input.startAt,
        endAt: input.endAt,
        passengers: input.passengers,
        vehicleType: input.vehicleType ?? null,
        note: input.note || null,
      })
      await recordHistory(tx, { requestId: id, byUserId: user.id, action: 'created', changes: [change('status', null, fmt.status('pending_approval'))] })
      for (const approverId of await repo.usersWithRole(tx, 'approver', unit.id)) {
        if (approverId === user.id) continue // an approver does not approve their own request
        await notifications.notify(tx, approverId, {
          title: '用车申请待审批',
          body: `${user.name}申请用车：${input.purpose}，${fmt.window(input.startAt, input.endAt)}，${input.origin} → ${input.destination}`,
          link: pageUrl(PAGES.vehicleRequest, { id }),
        })
      }
      return { id, response: { id, status: 'pending_approval' as const } }
    }
    return (await idempotent(db, { userId: user.id, scope: 'vehicle.request', key: idempotencyKey, body: input }, { work })).response
  }

  async list(user: AuthUser, query: Parsed<typeof VehicleRequestListQuery>): Promise<VehicleRequestList> {
    const { db } = this.deps
    const before = query.cursor ? Number(query.cursor) : undefined
    const limit = query.limit + 1
    let rows
    if (query.as === 'approver') {
      if (!hasRole(user, 'approver') || !user.unit) throw new AppError('FORBIDDEN', undefined, '只有单位审批人可以查看待审批的用车')
      rows = await repo.listOfUnit(db, user.unit.id, query.status, before, limit)
    } else if (query.as === 'dispatcher') {
      if (!hasRole(user, 'dispatcher', 'admin')) throw new AppError('FORBIDDEN', undefined, '只有调度员可以查看派车列表')
      rows = await repo.listForDispatch(db, query.status, before, limit)
    } else {
      rows = await repo.listOfRequester(db, user.id, query.status, before, limit)
    }
    const page = rows.slice(0, query.limit)
    return { items: await presentRequestRows(db, user, page), nextCursor: rows.length > query.limit ? String(page[page.length - 1].request.id) : null }
  }

  async get(user: AuthUser, id: number): Promise<VehicleRequest> {
    return (await viewRequest(this.deps.db, user, id)) ?? notFoundRequest()
  }

  approve(user: AuthUser, id: number): Promise<VehicleRequest> {
    return this.decide(user, id, 'approved')
  }

  reject(user: AuthUser, id: number, input: Parsed<typeof VehicleReject>): Promise<VehicleRequest> {
    return this.decide(user, id, 'rejected', input.reason)
  }

  /** 审批: the row is locked, so two approvers tapping at once decide it once. */
  private async decide(user: AuthUser, id: number, decision: 'approved' | 'rejected', reason?: string): Promise<VehicleRequest> {
    const { db, notifications } = this.deps
    await withTransaction(db, async (tx) => {
      // an approver of another unit may not see the request: 404, as its GET answers them
      const request = await this.lockVisible(tx, user, id)
      if (!isApproverOf(user, request.unitId)) throw new AppError('VEHICLE_NOT_APPROVER')
      if (request.status !== 'pending_approval') throw new AppError('VEHICLE_REQUEST_NOT_PENDING')
      const now = this.now()
      await updateRequest(tx, id, { status: decision, decidedByUserId: user.id, decidedAt: now, rejectReason: reason ?? null })
      await recordHistory(tx, { requestId: id, byUserId: user.id, action: decision, changes: [change('status', fmt.status(request.status), fmt.status(decision))], reason, at: now })
      const when = fmt.window(request.startAt, request.endAt)
      if (decision === 'approved') {
        await notifications.notify(tx, request.requesterUserId, { title: '用车申请已同意', body: `${request.purpose}（${when}）已由${user.name}同意，等待派车`, link: pageUrl(PAGES.vehicleRequest, { id }) })
        for (const dispatcherId of await repo.usersWithRole(tx, 'dispatcher')) {
          await notifications.notify(tx, dispatcherId, { title: '有新的待派车申请', body: `${request.purpose}，${when}，${request.passengers} 人，${request.origin} → ${request.destination}`, link: pageUrl(PAGES.vehicleRequest, { id }) })
        }
      } else {
        await notifications.notify(tx, request.requesterUserId, { title: '用车申请被驳回', body: `${request.purpose}（${when}）被驳回：${reason}`, link: pageUrl(PAGES.vehicleRequest, { id }) })
      }
    })
    return this.get(user, id)
  }

  /** 取消: the requester, before the trip starts; the car and driver are free again (only dispatched / running requests hold them). */
  async cancel(user: AuthUser, id: number): Promise<VehicleRequest> {
    const { db, notifications } = this.deps
    await withTransaction(db, async (tx) => {
      const request = await this.lockVisible(tx, user, id)
      if (request.requesterUserId !== user.id) throw new AppError('FORBIDDEN', undefined, '只有申请人可以取消用车')
      // trips/start locks this row too and moves it to in_progress: a started trip cannot be cancelled
      if (!['pending_approval', 'approved', 'dispatched'].includes(request.status)) throw new AppError('VEHICLE_CANNOT_CANCEL')
      const now = this.now()
      await updateRequest(tx, id, { status: 'cancelled', cancelledAt: now })
      await recordHistory(tx, { requestId: id, byUserId: user.id, action: 'cancelled', changes: [change('status', fmt.status(request.status), fmt.status('cancelled'))], at: now })
      if (request.status === 'dispatched') {
        const row = (await findRequestRow(tx, id))!
        if (row.driver?.userId) {
          await notifications.notify(tx, row.driver.userId, { title: '出车任务已取消', body: `${fmt.window(request.startAt, request.endAt)} ${row.vehicle?.plateNo ?? ''} 的任务已由申请人取消`, link: pageUrl(PAGES.vehicleRequest, { id }) })
        }
      }
    })
    return this.get(user, id)
  }

  /** 评价: the requester, once, after the trip. */
  async rate(user: AuthUser, id: number, input: Parsed<typeof VehicleRate>): Promise<VehicleRequest> {
    await withTransaction(this.deps.db, async (tx) => {
      const request = await this.lockVisible(tx, user, id)
      if (request.requesterUserId !== user.id) throw new AppError('FORBIDDEN', undefined, '只有申请人可以评价')
      if (request.status !== 'completed' || request.ratingStars !== null) throw new AppError('VEHICLE_CANNOT_RATE')
      await updateRequest(tx, id, { ratingStars: input.stars, ratingComment: input.comment || null })
      await recordHistory(tx, { requestId: id, byUserId: user.id, action: 'rated', changes: changes(change('rating', null, fmt.stars(input.stars))), reason: input.comment || null, at: this.now() })
    })
    return this.get(user, id)
  }

  /** 待办 on home: requests to approve (approver), to dispatch (dispatcher), my trips today (driver), my car today (requester). */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    const { db } = this.deps
    const items: TodoItem[] = []
    if (hasRole(user, 'approver') && user.unit) {
      const waiting = await repo.countByStatus(db, 'pending_approval', user.unit.id)
      if (waiting) items.push({ kind: 'vehicle.approve', title: '用车待审批', subtitle: `${waiting} 个用车申请等您审批`, count: waiting, url: pageUrl(PAGES.vehicleList, { tab: 'approver' }), urgent: true })
    }
    if (hasRole(user, 'dispatcher')) {
      const waiting = await repo.countByStatus(db, 'approved')
      if (waiting) items.push({ kind: 'vehicle.dispatch', title: '待派车', subtitle: `${waiting} 个用车申请等待派车`, count: waiting, url: pageUrl(PAGES.dispatchBoard), urgent: true })
    }
    const from = shanghaiDayStart(shanghaiDate(this.now()))
    const to = new Date(from.getTime() + DAY_MS)
    const at = (row: { request: { startAt: Date } }) => inShanghai(row.request.startAt).format('HH:mm')
    if (hasRole(user, 'driver')) {
      for (const row of await repo.committedBetween(db, { driverUserId: user.id }, from, to)) {
        const running = row.request.status === 'in_progress'
        items.push({ kind: 'vehicle.trip', title: running ? '出车中' : '今日出车任务', subtitle: `${at(row)} 起 · ${row.vehicle?.plateNo ?? ''} · ${row.request.origin} → ${row.request.destination}`, count: 1, url: pageUrl(PAGES.vehicleRequest, { id: row.request.id }), urgent: true })
      }
    }
    for (const row of await repo.committedBetween(db, { requesterUserId: user.id }, from, to)) {
      items.push({ kind: 'vehicle.today', title: '今日用车', subtitle: `${at(row)} 起 · ${row.vehicle?.plateNo ?? ''} · 驾驶员${row.driver?.name ?? ''}`, count: 1, url: pageUrl(PAGES.vehicleRequest, { id: row.request.id }), urgent: false })
    }
    return items
  }

  /** The request locked FOR UPDATE; 404 when missing or not the user's to see. */
  private async lockVisible(tx: Tx, user: AuthUser, id: number): Promise<VehicleRequestRecord> {
    const request = (await lockRequest(tx, id)) ?? notFoundRequest()
    if (request.requesterUserId === user.id) return request
    const row = await findRequestRow(tx, id)
    if (!row || !canSeeRequest(user, row)) notFoundRequest()
    return request
  }
}

function notFoundRequest(): never {
  throw notFound('用车申请')
}
