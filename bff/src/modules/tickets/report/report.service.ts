import type { Parsed, TicketConfirm, TicketCreate, TicketDetail, TicketInfoAdd, TicketList, TicketListQuery, TicketPlace, TicketReopen, TodoItem } from '@egj/shared'
import { PAGES, pageUrl, REPAIR_CATEGORY_LABELS, TICKET_KIND_LABELS, TICKET_MAX_PHOTOS, TICKET_REPEAT_DAYS } from '@egj/shared'
import type { Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { hasRole, type AuthUser } from '../../../lib/auth'
import { AppError, forbidden, notFound } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { AssetCatalogService } from '../../assets/catalog/catalog.service'
import type { RoomDoorService } from '../../rooms/door/door.service'
import { loadWorkCalendar, slaTargetFor } from '../common/calendar.repo'
import { decodePhotos } from '../common/photos'
import { startClock } from '../common/sla'
import { stateError, TicketFlow, type TicketFlowDeps } from '../common/ticket-flow'
import { isReporter, STEP_FROM } from '../common/ticket.policy'
import { PHOTO_LINK_PURPOSE, presentTicketItem } from '../common/ticket.presenter'
import * as repo from '../common/ticket.repo'

export interface TicketReportServiceDeps extends TicketFlowDeps {
  /** 报修 by a room's door code: the room's name and where it is */
  rooms: Pick<RoomDoorService, 'roomPlace'>
  /** 报修 by an asset's code: the asset's name, 编号 and where it is; its 履历 */
  assets: Pick<AssetCatalogService, 'assetPlace' | 'recordRepairEvent'>
}

interface ResolvedPlace {
  ref: repo.PlaceRef
  place: string
}

const DAY = 86_400_000

/**
 * The reporter's side of 报修 and 服务受理: report (by a scanned code or a picked location, with
 * photos), my tickets and the queues, a ticket's page, adding information, cancelling before it
 * is taken, confirming with a rating or sending it back.
 */
export class TicketReportService {
  private readonly flow: TicketFlow
  constructor(private readonly deps: TicketReportServiceDeps) {
    this.flow = new TicketFlow(deps)
  }

  /** A scanned code (URL, path or typed 编号): a room, an asset or a location, still in use. */
  private async placeOfCode(code: string): Promise<ResolvedPlace> {
    const parsed = this.deps.qr.verify(code)
    const id = Number(parsed.payload[0])
    if (parsed.kind === 'l') return this.placeOfLocation(id)
    if (parsed.kind === 'r') {
      const room = Number.isSafeInteger(id) ? await this.deps.rooms.roomPlace(id) : null
      if (!room) throw notFound('房间')
      if (!room.active) throw new AppError('TICKET_PLACE_INACTIVE', undefined, '该房间已停用，请选择报修地点')
      return { ref: { roomId: room.id }, place: [[room.building, room.floor].filter(Boolean).join(' '), room.name].filter(Boolean).join(' · ') }
    }
    if (parsed.kind === 'a') {
      const asset = Number.isSafeInteger(id) ? await this.deps.assets.assetPlace(id) : null
      if (!asset) throw notFound('资产')
      if (asset.disposed) throw new AppError('TICKET_PLACE_INACTIVE', undefined, '该资产已报废，不能报修')
      return { ref: { assetId: asset.id }, place: `${asset.name}（${asset.shortCode}）${asset.location ? ` · ${asset.location}` : ''}` }
    }
    throw new AppError('TICKET_CODE_NOT_PLACE')
  }

  private async placeOfLocation(id: number): Promise<ResolvedPlace> {
    const location = Number.isSafeInteger(id) ? await repo.locationById(this.deps.db, id) : null
    if (!location) throw notFound('报修地点')
    if (!location.active) throw new AppError('TICKET_PLACE_INACTIVE')
    return { ref: { locationId: location.id }, place: `${location.building} ${location.floor} · ${location.spot}` }
  }

  /** What a scanned code names, and the tickets still open there (so nobody reports twice). */
  async place(code: string): Promise<TicketPlace> {
    const { ref, place } = await this.placeOfCode(code)
    const open = await repo.openAt(this.deps.db, ref)
    return {
      locationId: 'locationId' in ref ? ref.locationId : null,
      roomId: 'roomId' in ref ? ref.roomId : null,
      assetId: 'assetId' in ref ? ref.assetId : null,
      place,
      openTickets: open.map((t) => ({ id: t.id, category: t.category, description: t.description, status: t.status, createdAt: t.createdAt.toISOString() })),
    }
  }

  async create(user: AuthUser, input: Parsed<typeof TicketCreate>, idempotencyKey: string): Promise<TicketDetail> {
    const { db } = this.deps
    // Every rule after the key, in its transaction: a retry of an accepted report gets its first answer.
    const work = async (tx: Tx) => {
      const now = this.flow.now()
      const photos = decodePhotos(input.photos)
      const repair = input.kind === 'repair'
      const category = repair ? (input.category ?? 'other') : null
      const where = !repair ? null : input.code ? await this.placeOfCode(input.code) : await this.placeOfLocation(input.locationId!)
      const [calendar, target] = await Promise.all([loadWorkCalendar(tx), slaTargetFor(tx, category ?? 'service', input.urgency)])
      const repeatOfId = where && category ? await repo.repeatOf(tx, where.ref, category, new Date(now.getTime() - TICKET_REPEAT_DAYS * DAY)) : null
      const id = await repo.insertTicket(tx, {
        kind: input.kind,
        category,
        urgency: input.urgency,
        status: 'submitted',
        description: input.description,
        reporterUserId: user.id,
        unitId: user.unit?.id ?? null,
        locationId: where && 'locationId' in where.ref ? where.ref.locationId : null,
        roomId: where && 'roomId' in where.ref ? where.ref.roomId : null,
        assetId: where && 'assetId' in where.ref ? where.ref.assetId : null,
        place: where ? where.place.slice(0, 120) : null,
        ...startClock(calendar, target, now),
        repeatOfId,
        createdAt: now,
      })
      await repo.insertPhotos(tx, id, 'report', photos)
      const what = repair ? `报修（${REPAIR_CATEGORY_LABELS[category!]}${where ? `，${where.place}` : ''}）` : TICKET_KIND_LABELS[input.kind]
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'submitted', text: `${user.name} 提交${what}：${input.description}${repeatOfId ? `（30 天内同一地点同类报修，重复报修）` : ''}`, actorUserId: user.id })
      if (where && 'assetId' in where.ref) {
        await this.deps.assets.recordRepairEvent(tx, where.ref.assetId, { kind: 'repair_reported', text: `${user.name} 报修（${REPAIR_CATEGORY_LABELS[category!]}）：${input.description}`.slice(0, 300), at: now, actorUserId: user.id })
      }
      const unit = user.unit?.name ?? ''
      await this.flow.tell(
        tx,
        await this.flow.dispatchersOf(tx, input.kind),
        id,
        repair ? `新报修待派单${input.urgency === 'urgent' ? '（紧急）' : ''}` : `新的${TICKET_KIND_LABELS[input.kind]}待答复`,
        `${unit}${user.name}${repair ? `报修${where ? `「${where.place}」` : ''}` : `提交${TICKET_KIND_LABELS[input.kind]}`}：${input.description.slice(0, 50)}`,
      )
      return { id }
    }
    return (await idempotent(db, { userId: user.id, scope: 'tickets.create', key: idempotencyKey, body: input }, { work, present: (id) => this.flow.detail(user, id) })).response
  }

  async list(user: AuthUser, query: Parsed<typeof TicketListQuery>): Promise<TicketList> {
    const { db } = this.deps
    let filter: repo.ListFilter
    if (query.as === 'mine') filter = { view: 'mine', userId: user.id }
    else if (query.as === 'dispatch') {
      if (!hasRole(user, 'repair_dispatcher', 'admin')) throw forbidden()
      filter = { view: 'dispatch' }
    } else if (query.as === 'worker') {
      if (!hasRole(user, 'repair_worker')) throw forbidden()
      filter = { view: 'worker', userId: user.id }
    } else {
      if (!hasRole(user, 'admin')) throw forbidden()
      filter = { view: 'admin' }
    }
    const after = query.cursor ? await repo.ticketById(db, Number(query.cursor)) : undefined
    if (after === null) return { items: [], nextCursor: null }
    const status = query.status ?? (query.as === 'dispatch' ? 'open' : undefined)
    const [rows, calendar] = await Promise.all([repo.listTickets(db, filter, { status, kind: query.kind, after, limit: query.limit + 1 }), loadWorkCalendar(db)])
    const page = rows.slice(0, query.limit)
    const now = this.flow.now()
    return { items: page.map((row) => presentTicketItem(row, calendar, now)), nextCursor: rows.length > query.limit ? String(page[page.length - 1].t.id) : null }
  }

  get(user: AuthUser, id: number): Promise<TicketDetail> {
    return this.flow.detail(user, id)
  }

  /** A photo by its signed address; a wrong signature is 404 as for no photo. */
  async photo(token: string): Promise<{ type: string; bytes: Buffer }> {
    const photoId = this.deps.qr.verifyLinkToken(PHOTO_LINK_PURPOSE, token)
    const photo = photoId ? await repo.photoById(this.deps.db, photoId) : null
    if (!photo) throw notFound('照片')
    return photo
  }

  /** The reporter's own step on a ticket they see: those who read it but did not report it are told so. */
  private async reporterStep(user: AuthUser, id: number, step: (tx: Tx, t: repo.TicketRecord) => Promise<void>): Promise<TicketDetail> {
    await withTransaction(this.deps.db, async (tx) => {
      const t = await this.flow.visible(tx, user, id)
      if (!isReporter(user, t)) throw new AppError('TICKET_NOT_REPORTER')
      await step(tx, t)
    })
    return this.flow.detail(user, id)
  }

  /** 补充信息: text and photos (at most 6 added in all) while the ticket is not closed. */
  addInfo(user: AuthUser, id: number, input: Parsed<typeof TicketInfoAdd>): Promise<TicketDetail> {
    const photos = decodePhotos(input.photos)
    return this.reporterStep(user, id, async (tx, t) => {
      if (!(STEP_FROM.addInfo as readonly string[]).includes(t.status)) throw stateError(t, '补充信息')
      if ((await repo.photoCount(tx, id, 'info')) + photos.length > TICKET_MAX_PHOTOS) throw new AppError('TICKET_PHOTOS_FULL', undefined, `补充的照片最多 ${TICKET_MAX_PHOTOS} 张`)
      const now = this.flow.now()
      await repo.insertPhotos(tx, id, 'info', photos)
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'info_added', text: `${user.name} 补充：${input.text}${photos.length ? `（照片 ${photos.length} 张）` : ''}`, actorUserId: user.id })
      const to = t.workerUserId ? [t.workerUserId] : t.status === 'submitted' ? await this.flow.dispatchersOf(tx, t.kind) : []
      await this.flow.tell(tx, to, id, '报修人补充了信息', `${user.name}补充：${input.text.slice(0, 50)}`)
    })
  }

  /** Withdrawn before anyone took it (待派单 / 待接单). */
  cancel(user: AuthUser, id: number): Promise<TicketDetail> {
    return this.reporterStep(user, id, async (tx, t) => {
      const now = this.flow.now()
      if (!(await repo.advanceTicket(tx, id, STEP_FROM.cancel, { status: 'cancelled', closedAt: now }))) throw stateError(t, '撤销')
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'cancelled', text: `${user.name} 撤销了${TICKET_KIND_LABELS[t.kind]}`, actorUserId: user.id })
      if (t.workerUserId) await this.flow.tell(tx, [t.workerUserId], id, '工单已撤销', `报修人撤销了「${t.description.slice(0, 20)}」，无需处理`)
    })
  }

  /** Confirmed and rated: closed. */
  confirm(user: AuthUser, id: number, input: Parsed<typeof TicketConfirm>): Promise<TicketDetail> {
    return this.reporterStep(user, id, async (tx, t) => {
      const now = this.flow.now()
      if (!(await repo.advanceTicket(tx, id, STEP_FROM.confirm, { status: 'closed', closedAt: now, rating: input.rating, ratingComment: input.comment || null }))) throw stateError(t, '确认')
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'confirmed', text: `${user.name} 确认完成，评价 ${input.rating} 分${input.comment ? `：${input.comment}` : ''}`, actorUserId: user.id })
      if (t.workerUserId) await this.flow.tell(tx, [t.workerUserId], id, '报修人已确认', `「${t.description.slice(0, 20)}」已确认完成，评价 ${input.rating} 分`)
    })
  }

  /**
   * 未修好 / 不满意: 报修 goes back to the same holder (a firm gets a new link by SMS), 服务受理 back
   * to the centre; the clock restarts from now with the same targets.
   */
  reopen(user: AuthUser, id: number, input: Parsed<typeof TicketReopen>): Promise<TicketDetail> {
    return this.reporterStep(user, id, async (tx, t) => {
      const now = this.flow.now()
      const calendar = await loadWorkCalendar(tx)
      const repair = t.kind === 'repair'
      const clock = startClock(calendar, { acceptMinutes: t.acceptTargetMinutes, finishMinutes: t.finishTargetMinutes }, now)
      const moved = await repo.advanceTicket(tx, id, STEP_FROM.reopen, {
        ...clock,
        status: repair ? 'assigned' : 'submitted',
        finishedAt: null,
        pauseReason: null,
        reopenCount: t.reopenCount + 1,
        assignment: repair ? t.assignment + 1 : t.assignment,
      })
      if (!moved) throw stateError(t, '退回')
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'reopened', text: `${user.name} 退回重新处理：${input.reason}`, actorUserId: user.id })
      const what = `「${t.description.slice(0, 20)}」`
      if (!repair) {
        await this.flow.tell(tx, await this.flow.dispatchersOf(tx, t.kind), id, `${TICKET_KIND_LABELS[t.kind]}被退回`, `${user.name}对答复不满意：${input.reason}`)
        return
      }
      if (t.workerUserId) await this.flow.tell(tx, [t.workerUserId], id, '报修被退回，请重新处理', `${what}报修人反映未修好：${input.reason}`)
      if (t.firmId) await this.flow.smsFirm(tx, { ...t, ...clock, assignment: t.assignment + 1 }, t.firmId, now)
      await this.flow.tell(tx, await this.flow.dispatchersOf(tx, t.kind), id, '报修被退回', `${what}报修人反映未修好，已退回原维修方：${input.reason}`)
    })
  }

  /** 待办: my finished reports waiting for my confirmation. */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    const n = await repo.countWhere(this.deps.db, { reporterUserId: user.id, statuses: ['finished'] })
    return n ? [{ kind: 'tickets.confirm', title: '待确认的报修', subtitle: `${n} 个工单已处理完，请确认并评价`, count: n, url: pageUrl(PAGES.repairMine, { tab: 'finished' }), urgent: false }] : []
  }
}
