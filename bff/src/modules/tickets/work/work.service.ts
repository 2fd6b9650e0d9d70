import type { Parsed, TicketAssign, TicketAssignees, TicketDetail, TicketFinish, TicketPause, TicketStatus, TodoItem } from '@egj/shared'
import { PAGES, pageUrl, RepairCategorySchema, TICKET_PAUSE_REASON_LABELS } from '@egj/shared'
import type { Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import { hasRole, type AuthUser } from '../../../lib/auth'
import { AppError } from '../../../lib/errors'
import { loadWorkCalendar } from '../common/calendar.repo'
import { decodePhotos } from '../common/photos'
import { resumeClock } from '../common/sla'
import { stateError, TicketFlow, type TicketFlowDeps } from '../common/ticket-flow'
import { holds, STEP_FROM } from '../common/ticket.policy'
import * as repo from '../common/ticket.repo'

export type TicketWorkServiceDeps = TicketFlowDeps

/**
 * The dispatcher's, the worker's and the centre's side: who can take a ticket, 派单 / 改派, and the
 * holder's steps (accept, start, pause, resume, finish), each a conditional update on the locked
 * ticket; the centre's reply to 服务受理.
 */
export class TicketWorkService {
  private readonly flow: TicketFlow
  constructor(private readonly deps: TicketWorkServiceDeps) {
    this.flow = new TicketFlow(deps)
  }

  async assignees(): Promise<TicketAssignees> {
    const { db } = this.deps
    const [workers, firms] = await Promise.all([repo.workersWithLoad(db), repo.firmsWithLoad(db)])
    return {
      workers: workers.map((w) => ({ id: w.id, name: w.name, openCount: w.openCount })),
      firms: firms.map((f) => ({ id: f.id, name: f.name, categories: f.categories.filter((c) => RepairCategorySchema.safeParse(c).success) as TicketAssignees['firms'][number]['categories'], openCount: f.openCount })),
    }
  }

  /** A step on a ticket, then the ticket as the caller now sees it. */
  private async step(user: AuthUser, id: number, work: (tx: Tx, t: repo.TicketRecord) => Promise<void>): Promise<TicketDetail> {
    await withTransaction(this.deps.db, async (tx) => work(tx, await this.flow.visible(tx, user, id)))
    return this.flow.detail(user, id)
  }

  /**
   * A holder's step: the worker the ticket is assigned to (those who read it otherwise are told so).
   * A step the ticket has already taken answers the ticket as it is, writing nothing: a second tap,
   * or the same request replayed by the proxy after its instance died having committed it, must not
   * tell the worker "refused" about what they did.
   */
  private holderStep(user: AuthUser, id: number, reaches: TicketStatus, work: (tx: Tx, t: repo.TicketRecord, now: Date) => Promise<void>): Promise<TicketDetail> {
    return this.step(user, id, async (tx, t) => {
      if (!holds(user, t)) throw new AppError('TICKET_NOT_HOLDER')
      if (t.status === reaches) return
      await work(tx, t, this.flow.now())
    })
  }

  /**
   * 派单 / 改派 to an active worker or an active firm: the ticket is 待接单 again by the new holder,
   * its assignment bumped (a firm's old link dies); the clock runs on (a paused ticket's pause ends).
   */
  assign(user: AuthUser, id: number, input: Parsed<typeof TicketAssign>): Promise<TicketDetail> {
    return this.step(user, id, async (tx, t) => {
      if (t.kind !== 'repair') throw new AppError('TICKET_STATE', { status: t.status }, '意见建议、投诉、咨询由管理中心直接答复，不派单')
      const now = this.flow.now()
      let holder: { workerUserId: number | null; firmId: number | null; name: string }
      if (input.workerId !== undefined) {
        const worker = await repo.activeWorker(tx, input.workerId)
        if (!worker) throw new AppError('TICKET_ASSIGNEE_INVALID', undefined, '该人员不是在岗的维修人员')
        holder = { workerUserId: worker.id, firmId: null, name: worker.name }
      } else {
        const firm = await repo.firmById(tx, input.firmId!)
        if (!firm || !firm.active) throw new AppError('TICKET_ASSIGNEE_INVALID', undefined, '该定点维修单位不存在或已停用')
        holder = { workerUserId: null, firmId: firm.id, name: firm.name }
      }
      const resumed = t.status === 'paused' ? resumeClock(await loadWorkCalendar(tx), t, now) : {}
      const assignment = t.assignment + 1
      const moved = await repo.advanceTicket(tx, id, STEP_FROM.assign, { ...resumed, status: 'assigned', workerUserId: holder.workerUserId, firmId: holder.firmId, assignment, acceptedAt: null, pauseReason: null })
      if (!moved) throw stateError(t, '派单')
      const again = t.workerUserId !== null || t.firmId !== null
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'assigned', text: `${user.name} ${again ? '改派' : '派单'}给 ${holder.name}`, actorUserId: user.id })
      const what = `「${t.place ? `${t.place} ` : ''}${t.description.slice(0, 20)}」`
      if (holder.workerUserId) await this.flow.tell(tx, [holder.workerUserId], id, t.urgency === 'urgent' ? '新派单（紧急），请接单' : '新派单，请接单', `${what}派给您，请尽快接单`)
      if (holder.firmId) await this.flow.smsFirm(tx, { ...t, ...resumed, assignment }, holder.firmId, now)
      if (t.workerUserId && t.workerUserId !== holder.workerUserId) await this.flow.tell(tx, [t.workerUserId], id, '工单已改派', `${what}已改派给 ${holder.name}，您无需再处理`)
    })
  }

  /** 接单: the holder, once (two taps or two phones racing: one wins, the rest are told it moved on). */
  accept(user: AuthUser, id: number): Promise<TicketDetail> {
    return this.holderStep(user, id, 'accepted', async (tx, t, now) => {
      if (!(await repo.advanceTicket(tx, id, STEP_FROM.accept, { status: 'accepted', acceptedAt: now }, { workerUserId: user.id, assignment: t.assignment }))) throw stateError(t, '接单')
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'accepted', text: `${user.name} 接单`, actorUserId: user.id })
      await this.flow.tell(tx, [t.reporterUserId], id, '报修已接单', `您报修的「${t.description.slice(0, 20)}」已由${user.name}接单`)
    })
  }

  start(user: AuthUser, id: number): Promise<TicketDetail> {
    return this.holderStep(user, id, 'in_progress', async (tx, t, now) => {
      if (!(await repo.advanceTicket(tx, id, STEP_FROM.start, { status: 'in_progress' }, { workerUserId: user.id }))) throw stateError(t, '开始维修')
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'started', text: `${user.name} 开始维修`, actorUserId: user.id })
    })
  }

  /** Paused (waiting for parts, the reporter, outsourcing): the paused working time does not count. */
  pause(user: AuthUser, id: number, input: Parsed<typeof TicketPause>): Promise<TicketDetail> {
    return this.holderStep(user, id, 'paused', async (tx, t, now) => {
      if (!(await repo.advanceTicket(tx, id, STEP_FROM.pause, { status: 'paused', pausedAt: now, pauseReason: input.reason }, { workerUserId: user.id }))) throw stateError(t, '暂停')
      const why = `${TICKET_PAUSE_REASON_LABELS[input.reason]}${input.note ? `：${input.note}` : ''}`
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'paused', text: `${user.name} 暂停（${why}）`, actorUserId: user.id })
      if (input.reason === 'reporter') await this.flow.tell(tx, [t.reporterUserId], id, '维修等待您的回复', `「${t.description.slice(0, 20)}」维修暂停，等待报修人：${input.note ?? '请联系维修人员或补充信息'}`)
    })
  }

  resume(user: AuthUser, id: number): Promise<TicketDetail> {
    return this.holderStep(user, id, 'in_progress', async (tx, t, now) => {
      const clock = resumeClock(await loadWorkCalendar(tx), t, now)
      if (!(await repo.advanceTicket(tx, id, STEP_FROM.resume, { ...clock, status: 'in_progress', pauseReason: null }, { workerUserId: user.id }))) throw stateError(t, '恢复维修')
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'resumed', text: `${user.name} 恢复维修`, actorUserId: user.id })
    })
  }

  finish(user: AuthUser, id: number, input: Parsed<typeof TicketFinish>): Promise<TicketDetail> {
    const photos = decodePhotos(input.photos)
    return this.holderStep(user, id, 'finished', (tx, t) => this.flow.finish(tx, t, input, photos, { userId: user.id, name: user.name, workerUserId: user.id }))
  }

  /** The centre answers a 服务受理 (意见建议、投诉、咨询): answered, the asker confirms or sends it back. */
  reply(user: AuthUser, id: number, text: string): Promise<TicketDetail> {
    return this.step(user, id, async (tx, t) => {
      if (t.kind === 'repair') throw new AppError('TICKET_NOT_SERVICE_REQUEST')
      const now = this.flow.now()
      if (!(await repo.advanceTicket(tx, id, STEP_FROM.reply, { status: 'finished', finishedAt: now, reply: text }))) throw stateError(t, '答复')
      await repo.insertEvent(tx, { ticketId: id, at: now, kind: 'replied', text: `${user.name} 答复：${text}`, actorUserId: user.id })
      await this.flow.tell(tx, [t.reporterUserId], id, '管理中心已答复', `您提交的「${t.description.slice(0, 20)}」已答复，请查看并评价`)
    })
  }

  /**
   * 待办: a dispatcher's 待派单 (urgent when any is past a due time); a worker's 待接单 and 进行中;
   * the centre's 服务受理 waiting for an answer.
   */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    const { db } = this.deps
    const items: TodoItem[] = []
    if (hasRole(user, 'repair_dispatcher', 'admin')) {
      const { n, late } = await repo.waitingForDispatch(db, this.flow.now())
      if (n) items.push({ kind: 'tickets.dispatch', title: '待派单', subtitle: `${n} 个报修等待派单${late ? `，其中 ${late} 个已超时` : ''}`, count: n, url: pageUrl(PAGES.repairQueue, { view: 'dispatch' }), urgent: late > 0 })
    }
    if (hasRole(user, 'repair_worker')) {
      const [toAccept, working] = await Promise.all([
        repo.countWhere(db, { workerUserId: user.id, statuses: ['assigned'] }),
        repo.countWhere(db, { workerUserId: user.id, statuses: ['accepted', 'in_progress', 'paused'] }),
      ])
      if (toAccept) items.push({ kind: 'tickets.accept', title: '待接单', subtitle: `${toAccept} 个报修派给您，请接单`, count: toAccept, url: pageUrl(PAGES.repairWork), urgent: false })
      if (working) items.push({ kind: 'tickets.working', title: '维修进行中', subtitle: `${working} 个报修正在处理`, count: working, url: pageUrl(PAGES.repairWork), urgent: false })
    }
    if (hasRole(user, 'admin')) {
      const n = await repo.countWhere(db, { statuses: ['submitted'], repair: false })
      if (n) items.push({ kind: 'tickets.reply', title: '服务受理待答复', subtitle: `${n} 条意见建议、投诉或咨询等待答复`, count: n, url: pageUrl(PAGES.repairQueue, { view: 'service' }), urgent: false })
    }
    return items
  }

  /**
   * Someone leaving (their deactivation's transaction): the open tickets they hold go back to
   * 待派单, with an event, and the dispatchers are told.
   */
  async handOverLeaversTickets(tx: Tx, leaver: { id: number; name: string }): Promise<{ kind: string; count: number; message: string } | null> {
    const held = await repo.lockOpenHeldBy(tx, leaver.id)
    if (!held.length) return null
    const now = this.flow.now()
    const calendar = await loadWorkCalendar(tx)
    for (const t of held) {
      const resumed = t.status === 'paused' ? resumeClock(calendar, t, now) : {}
      await repo.advanceTicket(tx, t.id, [t.status], { ...resumed, status: 'submitted', workerUserId: null, assignment: t.assignment + 1, acceptedAt: null, pauseReason: null })
      await repo.insertEvent(tx, { ticketId: t.id, at: now, kind: 'assigned', text: `${leaver.name} 已离岗，工单退回待派单` })
      await this.flow.tell(tx, await this.flow.dispatchersOf(tx, t.kind), t.id, '工单退回待派单（维修人员离岗）', `${leaver.name}已离岗，「${t.description.slice(0, 20)}」退回待派单，请重新派单`)
    }
    return { kind: 'tickets', count: held.length, message: `${held.length} 个未完成的报修工单已退回待派单，已通知报修调度员重新派单` }
  }
}
