import type { Parsed, SupervisionDetail, SupervisionItem, SupervisionListQuery, SupervisionReply, SupervisionReturn, TodoItem } from '@egj/shared'
import { indicatorOf, PAGES, pageUrl, shanghaiDate, SUPERVISION_DUE_WORKING_DAYS } from '@egj/shared'
import type { CockpitAnswers } from '../common/answer-cache'
import { isDuplicateKey, withTransaction, type Db, type Tx } from '../../../db/client'
import { hasRole, type Actor, type AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { AuditService } from '../../audit/audit.service'
import type { NotificationService } from '../../notifications/notifications.service'
import type { TicketCalendarService } from '../../tickets/calendar/calendar.service'
import type { RedLight, SupervisionOpener } from '../common/red-light'
import { approvesForUnit, decidesSupervision, seesEveryUnit, seesSupervision } from './supervision.policy'
import { figureText, presentSupervision, presentSupervisionDetail } from './supervision.presenter'
import * as repo from './supervision.repo'

export interface SupervisionServiceDeps {
  db: Db
  notifications: NotificationService
  /** 销号 and 退回 are recorded in the audit log, in their transaction */
  audit: AuditService
  /** the working calendar of 报修: a 督办 is due SUPERVISION_DUE_WORKING_DAYS working days after it opens */
  calendar: Pick<TicketCalendarService, 'workingDaysAfter'>
  /** the cockpit's kept answers (they count open 督办): forgotten after each change */
  answers?: Pick<CockpitAnswers, 'clear'>
  now?: () => Date
}

const PAGE_SIZE = 20
/** notifications.title holds 100 characters, body 500 */
/** 12月7日, as every page says a day */
const dayText = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * 督办: a unit's red light becomes an item for that unit (one not closed per indicator and unit);
 * the unit's approver replies with what was done (整改), the centre closes it (销号) or sends it
 * back (退回). Every change locks the item's row and writes its event, its notifications (outbox)
 * and, for the centre's decisions, its audit row in one transaction.
 */
export class SupervisionService implements SupervisionOpener {
  private readonly now: () => Date
  constructor(private readonly deps: SupervisionServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  private today(): string {
    return shanghaiDate(this.now())
  }

  /**
   * Opens an item for the unit whose light just turned red, in the refresh's transaction; nothing
   * when one for this indicator and unit is not closed yet (the unique index says so).
   */
  async openOnRed(tx: Tx, red: RedLight): Promise<void> {
    // 全市 (unit 0) is not a unit: the figures side names the unit with the largest figure
    if (red.unitId <= 0) return
    const unitName = await repo.unitNameOf(tx, red.unitId)
    if (!unitName) return
    const indicator = indicatorOf(red.indicatorKey)
    const dueOn = await this.deps.calendar.workingDaysAfter(shanghaiDate(red.at), SUPERVISION_DUE_WORKING_DAYS, tx)
    let id: number
    try {
      id = await repo.insertSupervision(tx, { indicatorKey: red.indicatorKey, unitId: red.unitId, status: 'open', active: 1, openedAt: red.at, openedDay: red.day, openedValue: red.value, dueOn })
    } catch (error) {
      // one is open (or replied) already: the unit is on it
      if (isDuplicateKey(error)) return
      throw error
    }
    const figure = figureText(red.value, indicator.unit)
    await repo.insertEvent(tx, { supervisionId: id, kind: 'opened', at: red.at, actorUserId: null, text: `${dayText(red.day)} ${indicator.name} ${figure}` })
    await this.tell(tx, await repo.peopleWithRole(tx, 'approver', red.unitId), id, {
      title: `督办：${unitName} ${indicator.name} 亮红灯`,
      body: `${unitName}「${indicator.name}」${dayText(red.day)}为 ${figure}，已亮红灯。请于 ${dayText(dueOn)}前回复整改情况。`,
    })
  }

  async list(user: AuthUser, query: Parsed<typeof SupervisionListQuery>): Promise<{ items: SupervisionItem[]; nextCursor: string | null }> {
    let unitId = query.unitId
    if (!seesEveryUnit(user)) {
      // an approver: their own unit only
      if (!user.unit) return { items: [], nextCursor: null }
      if (unitId !== undefined && unitId !== user.unit.id) throw new AppError('COCKPIT_UNIT_FORBIDDEN')
      unitId = user.unit.id
    }
    const rows = await repo.listSupervisions(this.deps.db, { unitId, status: query.status, beforeId: query.cursor ? Number(query.cursor) : undefined }, PAGE_SIZE + 1)
    const today = this.today()
    const page = rows.slice(0, PAGE_SIZE)
    return { items: page.map((row) => presentSupervision(row, today)), nextCursor: rows.length > PAGE_SIZE ? String(page[page.length - 1].id) : null }
  }

  async get(user: AuthUser, id: number): Promise<SupervisionDetail> {
    const row = await repo.supervisionById(this.deps.db, id)
    if (!row || !seesSupervision(user, row)) throw notFound('督办')
    return this.detail(user, id)
  }

  /**
   * 整改: the unit's approver says what was done; only an open item (待整改). The same reply by the
   * same person again (a lost answer retried) gets the item back, not a 409.
   */
  async reply(user: AuthUser, id: number, input: Parsed<typeof SupervisionReply>): Promise<SupervisionDetail> {
    await withTransaction(this.deps.db, async (tx) => {
      const row = await this.lockVisible(tx, user, id)
      if (!approvesForUnit(user, row.unitId)) throw new AppError('SUPERVISION_NOT_UNIT_APPROVER')
      if (row.status !== 'open') {
        if (row.reply === input.text && row.repliedByUserId === user.id) return
        throw new AppError('SUPERVISION_NOT_OPEN')
      }
      const at = this.now()
      await repo.updateSupervision(tx, id, { status: 'replied', reply: input.text, repliedByUserId: user.id, repliedAt: at })
      await repo.insertEvent(tx, { supervisionId: id, kind: 'replied', at, actorUserId: user.id, text: input.text })
      const { name, unitName } = await this.names(tx, row)
      await this.tell(tx, await repo.peopleWithRole(tx, 'admin'), id, { title: `督办已回复：${unitName} ${name}`, body: `${user.name}：${input.text}` })
    })
    this.deps.answers?.clear()
    return this.detail(user, id)
  }

  /** 销号: the centre accepts the reply. Closing a closed item answers it as it is. */
  async close(actor: Actor, id: number): Promise<SupervisionDetail> {
    await withTransaction(this.deps.db, async (tx) => {
      const row = await this.lockVisible(tx, actor, id)
      if (row.status === 'closed') return
      if (row.status !== 'replied') throw new AppError('SUPERVISION_NOT_REPLIED')
      const at = this.now()
      await repo.updateSupervision(tx, id, { status: 'closed', active: null, closedByUserId: actor.id, closedAt: at })
      await repo.insertEvent(tx, { supervisionId: id, kind: 'closed', at, actorUserId: actor.id, text: null })
      await this.deps.audit.record(tx, actor, { action: 'supervision.close', entity: 'supervision', entityId: id, before: { status: 'replied' }, after: { status: 'closed' }, reason: row.reply })
      const { name, unitName } = await this.names(tx, row)
      await this.tell(tx, await repo.peopleWithRole(tx, 'approver', row.unitId), id, { title: `督办已销号：${unitName} ${name}`, body: `管理中心已对「${name}」督办销号。` })
    })
    this.deps.answers?.clear()
    return this.detail(actor, id)
  }

  /** 退回: the centre sends the reply back; the item is open (待整改) again. */
  async return(actor: Actor, id: number, input: Parsed<typeof SupervisionReturn>): Promise<SupervisionDetail> {
    await withTransaction(this.deps.db, async (tx) => {
      const row = await this.lockVisible(tx, actor, id)
      if (row.status !== 'replied') throw new AppError('SUPERVISION_NOT_REPLIED')
      const at = this.now()
      await repo.updateSupervision(tx, id, { status: 'open', returnReason: input.reason, returnedCount: row.returnedCount + 1 })
      await repo.insertEvent(tx, { supervisionId: id, kind: 'returned', at, actorUserId: actor.id, text: input.reason })
      await this.deps.audit.record(tx, actor, { action: 'supervision.return', entity: 'supervision', entityId: id, before: { status: 'replied' }, after: { status: 'open' }, reason: input.reason })
      const { name, unitName } = await this.names(tx, row)
      await this.tell(tx, await repo.peopleWithRole(tx, 'approver', row.unitId), id, { title: `督办被退回：${unitName} ${name}`, body: `管理中心退回了整改情况：${input.reason}。请重新整改并回复。` })
    })
    this.deps.answers?.clear()
    return this.detail(actor, id)
  }

  /** 待办: an approver's unit items waiting for its reply; the centre's replies waiting for 销号. */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    const { db } = this.deps
    const items: TodoItem[] = []
    if (hasRole(user, 'approver') && user.unit) {
      const { open, overdue } = await repo.openCountOfUnit(db, user.unit.id, this.today())
      if (open)
        items.push({
          kind: 'supervision.reply',
          title: '督办待整改',
          subtitle: `${open} 项督办待回复整改情况${overdue ? `，其中 ${overdue} 项已逾期` : ''}`,
          count: open,
          url: pageUrl(PAGES.supervisionList, { status: 'open' }),
          urgent: overdue > 0,
        })
    }
    if (hasRole(user, 'admin')) {
      const replied = await repo.repliedCount(db)
      if (replied) items.push({ kind: 'supervision.close', title: '督办待销号', subtitle: `${replied} 项督办单位已回复，待销号或退回`, count: replied, url: pageUrl(PAGES.supervisionList, { status: 'replied' }), urgent: false })
    }
    return items
  }

  /** The row, locked; 404 to whoever may not see it, exactly as for a missing one. */
  private async lockVisible(tx: Tx, user: AuthUser, id: number): Promise<repo.SupervisionRecord> {
    const row = await repo.lockSupervision(tx, id)
    if (!row || !seesSupervision(user, row)) throw notFound('督办')
    return row
  }

  private async detail(user: AuthUser, id: number): Promise<SupervisionDetail> {
    const { db } = this.deps
    const [row, events] = await Promise.all([repo.supervisionById(db, id), repo.eventsOf(db, id)])
    if (!row) throw notFound('督办')
    const can = {
      reply: row.status === 'open' && approvesForUnit(user, row.unitId),
      close: row.status === 'replied' && decidesSupervision(user),
      return: row.status === 'replied' && decidesSupervision(user),
    }
    return presentSupervisionDetail(row, events, can, this.today())
  }

  private async names(tx: Tx, row: repo.SupervisionRecord): Promise<{ name: string; unitName: string }> {
    return { name: indicatorOf(row.indicatorKey as RedLight['indicatorKey']).name, unitName: (await repo.unitNameOf(tx, row.unitId)) ?? '' }
  }

  private async tell(tx: Tx, userIds: number[], id: number, message: { title: string; body: string }): Promise<void> {
    const link = pageUrl(PAGES.supervisionDetail, { id })
    for (const userId of userIds) await this.deps.notifications.notify(tx, userId, { title: clip(message.title, 100), body: clip(message.body, 500), link })
  }
}
