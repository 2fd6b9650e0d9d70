import { REPAIR_CATEGORY_LABELS, shanghaiDate, TICKET_URGENCY_LABELS, type Parsed, type SlaTarget, type SlaTargetsUpdate, type WorkCalendar, type WorkDaySet, type WorkHoursUpdate } from '@egj/shared'
import { withTransaction, type Db, type DbOrTx } from '../../../db/client'
import type { Actor } from '../../../lib/auth'
import { AppError } from '../../../lib/errors'
import { changedFields, type AuditService } from '../../audit/audit.service'
import { loadSlaTargets, loadWorkCalendar } from '../common/calendar.repo'
import { addWorkingDays } from '../common/working-time'
import * as repo from './calendar.repo'

export interface TicketCalendarServiceDeps {
  db: Db
  /** 修改留痕: the hours, each special day and each target changed record their audit row in the write's transaction */
  audit: AuditService
  now?: () => Date
}

/** 水电 · 紧急, 服务受理 · 一般: a target's name in messages. */
const targetName = (t: Pick<SlaTarget, 'category' | 'urgency'>) => `${t.category === 'service' ? '服务受理' : REPAIR_CATEGORY_LABELS[t.category]} · ${TICKET_URGENCY_LABELS[t.urgency]}`

/** 08:30 */
const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

/**
 * The working calendar the SLA clocks count in (the week, the hours of a working day, 法定节假日
 * and 调休 days as data) and the targets per category and urgency. Only the centre changes them,
 * each change audited; a ticket keeps the targets and due times it was given (changing a target
 * affects new tickets only), while the calendar is read afresh by every clock.
 */
export class TicketCalendarService {
  private readonly now: () => Date
  constructor(private readonly deps: TicketCalendarServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  /**
   * The working day `count` working days after `day`, in the calendar the SLA clocks count in (for
   * other modules: a 督办's due date). Pass the caller's transaction to read inside it.
   */
  async workingDaysAfter(day: string, count: number, db: DbOrTx = this.deps.db): Promise<string> {
    return addWorkingDays(await loadWorkCalendar(db), day, count)
  }

  /** The week, the hours, the year's special days (this Shanghai year unless asked) and every target. */
  async get(year?: number): Promise<WorkCalendar> {
    const { db } = this.deps
    const y = year ?? Number(shanghaiDate(this.now()).slice(0, 4))
    const [hours, days, targets] = await Promise.all([repo.readHours(db), repo.daysBetween(db, `${y}-01-01`, `${y}-12-31`), loadSlaTargets(db)])
    return { weekdays: [...hours.weekdays].sort((a, b) => a - b), spans: [...hours.spans].sort((a, b) => a.start - b.start), days, targets }
  }

  /** The working week and hours: spans in order and apart (touching is fine), else 422 WORK_CALENDAR_SPANS_OVERLAP. */
  async setHours(actor: Actor, input: Parsed<typeof WorkHoursUpdate>): Promise<WorkCalendar> {
    const weekdays = [...new Set(input.weekdays)].sort((a, b) => a - b)
    const spans = [...input.spans].sort((a, b) => a.start - b.start).map(({ start, end }) => ({ start, end }))
    for (let i = 1; i < spans.length; i++) {
      if (spans[i].start < spans[i - 1].end)
        throw new AppError('WORK_CALENDAR_SPANS_OVERLAP', { field: 'spans' }, `工作时间段 ${clock(spans[i - 1].start)}–${clock(spans[i - 1].end)} 与 ${clock(spans[i].start)}–${clock(spans[i].end)} 重叠`)
    }
    await withTransaction(this.deps.db, async (tx) => {
      const before = await repo.lockHours(tx)
      const change = changedFields({ weekdays: before.weekdays, spans: before.spans }, { weekdays, spans })
      if (!change) return
      await repo.writeHours(tx, { weekdays, spans })
      await this.deps.audit.record(tx, actor, { action: 'work_calendar.hours', entity: 'work_calendar', entityId: 'hours', ...change, reason: input.reason })
    })
    return this.get()
  }

  /** A 法定节假日 (off on a weekday) or a 调休 day (a weekend day worked), set or changed. */
  async setDay(actor: Actor, date: string, input: Parsed<typeof WorkDaySet>): Promise<WorkCalendar> {
    await withTransaction(this.deps.db, async (tx) => {
      const before = await repo.lockDay(tx, date)
      const after = { kind: input.kind, name: input.name }
      const change = before ? changedFields({ kind: before.kind, name: before.name }, after) : { before: null, after }
      if (!change) return
      await repo.upsertDay(tx, { date, ...after })
      await this.deps.audit.record(tx, actor, { action: before ? 'work_calendar.day_update' : 'work_calendar.day_set', entity: 'work_calendar', entityId: date, ...change })
    })
    return this.get(Number(date.slice(0, 4)))
  }

  /** The day counts by its weekday again; a day that was not set is left as it is. */
  async clearDay(actor: Actor, date: string): Promise<WorkCalendar> {
    await withTransaction(this.deps.db, async (tx) => {
      const before = await repo.lockDay(tx, date)
      if (!before) return
      await repo.deleteDay(tx, date)
      await this.deps.audit.record(tx, actor, { action: 'work_calendar.day_clear', entity: 'work_calendar', entityId: date, before: { kind: before.kind, name: before.name }, after: null })
    })
    return this.get(Number(date.slice(0, 4)))
  }

  /**
   * Targets per category and urgency (the others stay). A ticket keeps the targets it was given:
   * only tickets reported (or reopened) from now on count against the new ones.
   */
  async setTargets(actor: Actor, input: Parsed<typeof SlaTargetsUpdate>): Promise<WorkCalendar> {
    const seen = new Set<string>()
    for (const [i, item] of input.items.entries()) {
      const key = `${item.category}:${item.urgency}`
      if (seen.has(key)) throw new AppError('VALIDATION_FAILED', { field: `items.${i}` }, `「${targetName(item)}」重复设置`)
      seen.add(key)
      if (item.acceptMinutes > item.finishMinutes) throw new AppError('VALIDATION_FAILED', { field: `items.${i}.acceptMinutes` }, `「${targetName(item)}」的接单时限不能长于完工时限`)
    }
    await withTransaction(this.deps.db, async (tx) => {
      // the hours row is the calendar's lock: two admins' targets (and their "before") one after the other
      await repo.lockHours(tx)
      await repo.lockTargets(tx)
      const current = await loadSlaTargets(tx)
      const changes = input.items.flatMap((item) => {
        const was = current.find((t) => t.category === item.category && t.urgency === item.urgency)!
        const change = changedFields({ acceptMinutes: was.acceptMinutes, finishMinutes: was.finishMinutes }, { acceptMinutes: item.acceptMinutes, finishMinutes: item.finishMinutes })
        return change ? [{ item, change }] : []
      })
      for (const { item } of changes) await repo.upsertTarget(tx, { category: item.category, urgency: item.urgency, acceptMinutes: item.acceptMinutes, finishMinutes: item.finishMinutes })
      if (changes.length)
        await this.deps.audit.recordMany(
          tx,
          actor,
          changes.map(({ item, change }) => ({ action: 'sla_target.update', entity: 'sla_target', entityId: `${item.category}:${item.urgency}`, ...change, reason: input.reason })),
        )
    })
    return this.get()
  }
}
