import type { FirmFinish, FirmTicket, Parsed } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { AppError, notFound } from '../../../lib/errors'
import { readFirmLinkToken } from '../common/firm-link'
import { decodePhotos } from '../common/photos'
import { stateError, TicketFlow, type TicketFlowDeps } from '../common/ticket-flow'
import { presentFirmTicket } from '../common/ticket.presenter'
import { STEP_FROM } from '../common/ticket.policy'
import * as repo from '../common/ticket.repo'

export type TicketFirmLinkServiceDeps = TicketFlowDeps

const DONE = ['finished', 'closed', 'cancelled']

/**
 * A 定点维修单位 works its ticket through the link in its SMS, without an account: the link is
 * signed over the ticket, the assignment and the expiry; it ends when the ticket is finished or
 * given to someone else (410 TICKET_LINK_USED) and after FIRM_LINK_VALID_DAYS (410 TICKET_LINK_EXPIRED).
 */
export class TicketFirmLinkService {
  private readonly flow: TicketFlow
  constructor(private readonly deps: TicketFirmLinkServiceDeps) {
    this.flow = new TicketFlow(deps)
  }

  /** The ticket a link names, if the link is still good (locked when `lock`). */
  private async ticketOf(db: DbOrTx, token: string, lock: boolean) {
    const link = readFirmLinkToken(this.deps.qr, token)
    const t = link ? await (lock ? repo.lockTicket(db, link.ticketId) : repo.ticketById(db, link.ticketId)) : null
    if (!link || !t) throw notFound('派单链接')
    if (t.firmId === null || t.assignment !== link.assignment || DONE.includes(t.status)) throw new AppError('TICKET_LINK_USED')
    if (this.flow.now().getTime() > link.expiresAt.getTime()) throw new AppError('TICKET_LINK_EXPIRED')
    return { t, link }
  }

  private async present(id: number, expiresAt: Date): Promise<FirmTicket> {
    const { db, qr } = this.deps
    const [row, photos] = await Promise.all([repo.ticketRowById(db, id), repo.photosOf(db, id)])
    return presentFirmTicket(row!, photos, expiresAt, qr)
  }

  async get(token: string): Promise<FirmTicket> {
    const { t, link } = await this.ticketOf(this.deps.db, token, false)
    return this.present(t.id, link.expiresAt)
  }

  private async step(token: string, work: (tx: Tx, t: repo.TicketRecord, assignment: number, firmName: string) => Promise<void>): Promise<FirmTicket> {
    const { id, expiresAt } = await withTransaction(this.deps.db, async (tx) => {
      const { t, link } = await this.ticketOf(tx, token, true)
      const firm = await repo.firmById(tx, t.firmId!)
      await work(tx, t, link.assignment, firm?.name ?? '定点维修单位')
      return { id: t.id, expiresAt: link.expiresAt }
    })
    return this.present(id, expiresAt)
  }

  accept(token: string): Promise<FirmTicket> {
    return this.step(token, async (tx, t, assignment, firmName) => {
      const now = this.flow.now()
      if (!(await repo.advanceTicket(tx, t.id, STEP_FROM.accept, { status: 'accepted', acceptedAt: now }, { assignment }))) throw stateError(t, '接单')
      await repo.insertEvent(tx, { ticketId: t.id, at: now, kind: 'accepted', text: `${firmName} 接单`, actorName: firmName })
      await this.flow.tell(tx, [t.reporterUserId], t.id, '报修已接单', `您报修的「${t.description.slice(0, 20)}」已由${firmName}接单`)
    })
  }

  finish(token: string, input: Parsed<typeof FirmFinish>): Promise<FirmTicket> {
    const photos = decodePhotos(input.photos)
    return this.step(token, (tx, t, assignment, firmName) => this.flow.finish(tx, t, input, photos, { userId: null, name: `${firmName} ${input.workerName}`, assignment }))
  }
}
