import { inShanghai, PAGES, pageUrl, REPAIR_CATEGORY_LABELS, ticketStatusLabel, type TicketDetail, type TicketStatus } from '@egj/shared'
import type { Db, DbOrTx, Tx } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import type { NotificationService } from '../../notifications/notifications.service'
import type { AssetCatalogService } from '../../assets/catalog/catalog.service'
import { loadWorkCalendar } from './calendar.repo'
import { firmLinkToken, firmLinkUrl } from './firm-link'
import type { DecodedPhoto } from './photos'
import { canOf, dispatches, seesTicket } from './ticket.policy'
import { presentTicketDetail } from './ticket.presenter'
import * as repo from './ticket.repo'

/** What every ticket feature's service gets in its deps, to share the steps below. */
export interface TicketFlowDeps {
  db: Db
  qr: QrSigner
  notifications: NotificationService
  /** 报修 of an asset writes its 履历 through the assets module */
  assets: Pick<AssetCatalogService, 'recordRepairEvent'>
  publicBaseUrl: string
  now?: () => Date
}

/** A step refused because of the ticket's state names that state: 「工单当前为“维修中”，不能接单」. */
export function stateError(t: { kind: repo.TicketRecord['kind']; status: TicketStatus }, action: string): AppError {
  return new AppError('TICKET_STATE', { status: t.status }, `工单当前为“${ticketStatusLabel(t.kind, t.status)}”，不能${action}`)
}

/** When a finish is due, as a phone shows it: 12月7日 17:30. */
export const dueText = (at: Date) => inShanghai(at).format('M月D日 HH:mm')

/** The pieces the reporter's, the workers' and the firm's features share: reading a ticket as someone, telling people, the firm's SMS, the finish. */
export class TicketFlow {
  readonly now: () => Date
  constructor(private readonly deps: TicketFlowDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  /** The ticket, locked for the step, if the caller may see it; anyone else: 404, exactly as for a missing id. */
  async visible(tx: Tx, user: AuthUser, id: number): Promise<repo.TicketRecord> {
    const t = await repo.lockTicket(tx, id)
    if (!t || !seesTicket(user, t)) throw notFound('工单')
    return t
  }

  /** The ticket as the caller sees it now. */
  async detail(user: AuthUser, id: number): Promise<TicketDetail> {
    const { db, qr } = this.deps
    const row = await repo.ticketRowById(db, id)
    if (!row || !seesTicket(user, row.t)) throw notFound('工单')
    const [photos, events, calendar] = await Promise.all([repo.photosOf(db, id), repo.eventsOf(db, id), loadWorkCalendar(db)])
    return presentTicketDetail(row, { photos, events, can: canOf(user, row.t), firmLink: dispatches(user, row.t) ? this.firmLinkOf(row.t, events) : null }, calendar, this.now(), qr)
  }

  /** The link the firm holding the ticket was sent (rebuilt from its last assignment), for the dispatcher to forward. */
  private firmLinkOf(t: repo.TicketRecord, events: { at: Date; kind: string }[]): string | null {
    if (!t.firmId) return null
    const assigned = [...events].reverse().find((e) => e.kind === 'assigned' || e.kind === 'reopened')
    return assigned ? firmLinkUrl(this.deps.publicBaseUrl, firmLinkToken(this.deps.qr, t.id, t.assignment, assigned.at)) : null
  }

  async tell(tx: Tx, userIds: number[], ticketId: number, title: string, body: string): Promise<void> {
    for (const userId of [...new Set(userIds)]) await this.deps.notifications.notify(tx, userId, { title, body, link: pageUrl(PAGES.repairTicket, { id: ticketId }) })
  }

  /** Everyone who dispatches 报修 (服务受理: the centre). */
  async dispatchersOf(tx: DbOrTx, kind: repo.TicketRecord['kind']): Promise<number[]> {
    return kind === 'repair' ? repo.peopleWithRole(tx, 'repair_dispatcher') : repo.peopleWithRole(tx, 'admin')
  }

  /**
   * The SMS to a firm given the ticket (or given it back): its place, category, the start of the
   * description, when it is due and the signed link, through the notifications outbox.
   */
  async smsFirm(tx: Tx, t: repo.TicketRecord, firmId: number, assignedAt: Date): Promise<void> {
    const firm = await repo.firmById(tx, firmId)
    if (!firm) return
    const link = firmLinkUrl(this.deps.publicBaseUrl, firmLinkToken(this.deps.qr, t.id, t.assignment, assignedAt))
    const what = [t.place, t.category ? REPAIR_CATEGORY_LABELS[t.category] : null, t.description.slice(0, 20)].filter(Boolean).join(' ')
    const body = `【e管家】报修派单：${what}，请于 ${dueText(t.finishBy)} 前完成。接单/完工：${link}`
    await this.deps.notifications.notifyMobile(tx, firm.contactMobile, { title: '报修派单', body })
  }

  /**
   * Finished (by the holding worker, or the firm through its link): the note, parts, cost and
   * photos; the reporter is asked to confirm; an asset's 履历 records the repair. The caller has
   * locked the ticket and checked who acts; this makes the conditional step.
   */
  async finish(
    tx: Tx,
    t: repo.TicketRecord,
    input: { note: string; parts?: string; costFen?: number },
    photos: DecodedPhoto[],
    by: { userId: number | null; name: string; workerUserId?: number; assignment?: number },
  ): Promise<void> {
    const now = this.now()
    if (t.status === 'paused') throw new AppError('TICKET_STATE', { status: t.status }, '工单已暂停，请先恢复维修再完工')
    const done = await repo.advanceTicket(
      tx,
      t.id,
      ['accepted', 'in_progress'],
      { status: 'finished', finishedAt: now, finishNote: input.note, parts: input.parts ?? null, costFen: input.costFen ?? null },
      { workerUserId: by.workerUserId, assignment: by.assignment },
    )
    if (!done) throw stateError(t, '完工')
    await repo.insertPhotos(tx, t.id, 'finish', photos)
    await repo.insertEvent(tx, { ticketId: t.id, at: now, kind: 'finished', text: `${by.name} 完工：${input.note}${input.parts ? `；更换配件：${input.parts}` : ''}`, actorUserId: by.userId, actorName: by.userId ? null : by.name })
    if (t.assetId) await this.deps.assets.recordRepairEvent(tx, t.assetId, { kind: 'repaired', text: `报修 ${t.id} 已修复（${by.name}）：${input.note}`.slice(0, 300), at: now, actorUserId: by.userId })
    await this.tell(tx, [t.reporterUserId], t.id, '报修已完工，请确认', `您报修的「${t.description.slice(0, 20)}」已由${by.name}完工，请确认并评价；没修好可以退回。`)
  }
}
