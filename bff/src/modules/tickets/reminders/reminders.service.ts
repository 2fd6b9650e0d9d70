import { inShanghai, PAGES, pageUrl, TICKET_KIND_LABELS, TICKET_OPEN_STATUSES, TICKET_SLA_STEPS, type TicketClocks, type TicketSlaLevel } from '@egj/shared'
import { withTransaction, type Db, type Tx } from '../../../db/client'
import type { JobRunner } from '../../../lib/jobs'
import type { Logger } from '../../../lib/logger'
import type { NotificationService } from '../../notifications/notifications.service'
import { loadWorkCalendar } from '../common/calendar.repo'
import { clocksOf } from '../common/sla'
import * as repo from './reminders.repo'

export interface TicketReminderServiceDeps {
  db: Db
  notifications: NotificationService
  log: Logger
  now?: () => Date
}

/** How often the job looks: a step goes within a minute of falling due, and once. */
export const SLA_REMINDERS_EVERY_MS = 60_000
/** Open tickets looked at per run, soonest due first. */
const BATCH = 2000

type Clock = 'accept' | 'finish'
interface Step {
  clock: Clock
  level: TicketSlaLevel
  percent: number
}

const OPEN: readonly string[] = TICKET_OPEN_STATUSES

/**
 * The steps due now on a ticket's clocks: the accept clock while a 报修 waits to be accepted
 * (待派单 / 待接单), the finish clock while the ticket is open and not paused (a paused clock does
 * not advance, so it reminds no one). 服务受理 has no acceptance: its clock is the reply.
 */
export function dueSteps(row: Pick<repo.ReminderTicket, 'kind' | 'status' | 'acceptedAt' | 'acceptTargetMinutes' | 'finishTargetMinutes'>, clocks: TicketClocks): Step[] {
  if (!OPEN.includes(row.status)) return []
  const steps: Step[] = []
  const reached = (used: number, target: number, percent: number) => used * 100 >= target * percent
  if (row.kind === 'repair' && !row.acceptedAt && (row.status === 'submitted' || row.status === 'assigned'))
    for (const s of TICKET_SLA_STEPS) if (reached(clocks.acceptUsedMinutes, row.acceptTargetMinutes, s.percent)) steps.push({ clock: 'accept', ...s })
  if (row.status !== 'paused') for (const s of TICKET_SLA_STEPS) if (reached(clocks.finishUsedMinutes, row.finishTargetMinutes, s.percent)) steps.push({ clock: 'finish', ...s })
  return steps
}

const stepKey = (step: Pick<Step, 'clock' | 'level'>) => `${step.clock}:${step.level}`
const dueText = (at: Date) => inShanghai(at).format('M月D日 HH:mm')
const shorten = (text: string, max = 30) => (text.length > max ? `${text.slice(0, max)}…` : text)

/**
 * The SLA reminders (a job, every minute, under the lease): at 75 % of a target the holder is
 * reminded (the worker; an unassigned ticket's or a firm's: the 报修调度员; 服务受理: the centre),
 * at 100 % the dispatchers (event 超时提醒), at 200 % the centre's admins (event 超时上报). Each
 * step goes once per clock start (a reopening starts a new cycle): one transaction per ticket and
 * step locks the ticket, re-checks the step is still due, inserts its `ticket_reminders` row
 * (INSERT IGNORE) and only then notifies — a rerun after a crash, or on another instance, does
 * only what is left.
 */
export class TicketReminderService {
  private readonly now: () => Date
  constructor(private readonly deps: TicketReminderServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  registerJobs(jobs: Pick<JobRunner, 'register'>): void {
    jobs.register('tickets.sla-reminders', SLA_REMINDERS_EVERY_MS, () => this.sendReminders())
  }

  async sendReminders(limit = BATCH): Promise<number> {
    const { db } = this.deps
    const now = this.now()
    const calendar = await loadWorkCalendar(db)
    const candidates = await repo.openTickets(db, limit)
    const sent = await repo.sentReminders(
      db,
      candidates.map((c) => c.id),
    )
    let count = 0
    for (const candidate of candidates) {
      const already = new Set((sent.get(candidate.id) ?? []).filter((s) => s.cycle === candidate.reopenCount).map((s) => s.key))
      for (const step of dueSteps(candidate, clocksOf(calendar, candidate, now)).filter((s) => !already.has(stepKey(s)))) {
        const done = await withTransaction(db, async (tx) => {
          const row = await repo.lockTicket(tx, candidate.id)
          if (!row) return false
          const clocks = clocksOf(calendar, row, now)
          if (!dueSteps(row, clocks).some((s) => stepKey(s) === stepKey(step))) return false
          if (!(await repo.markSent(tx, { ticketId: row.id, clock: step.clock, level: step.level, cycle: row.reopenCount, sentAt: now }))) return false
          await this.remind(tx, row, step, clocks, now)
          return true
        })
        if (done) count++
      }
    }
    if (count) this.deps.log.info({ sent: count }, 'ticket SLA reminders sent')
    return count
  }

  private async remind(tx: Tx, row: repo.ReminderTicket, step: Step, clocks: TicketClocks, now: Date): Promise<void> {
    const repair = row.kind === 'repair'
    const kindLabel = TICKET_KIND_LABELS[row.kind]
    const clockName = step.clock === 'accept' ? '接单' : repair ? '完工' : '答复'
    const what = `${kindLabel}「${shorten(row.description)}」${row.place ? `（${row.place}）` : ''}`
    const due = dueText(new Date(step.clock === 'accept' ? clocks.acceptBy : clocks.finishBy))
    const link = pageUrl(PAGES.repairTicket, { id: row.id })
    const [dispatchers, admins] = await Promise.all([repo.usersWithRole(tx, 'repair_dispatcher'), repo.usersWithRole(tx, 'admin')])
    const holderText =
      row.workerUserId ? `维修人员：${(await repo.userName(tx, row.workerUserId)) ?? ''}`
      : row.firmId ? `定点维修单位：${(await repo.firmName(tx, row.firmId)) ?? ''}`
      : repair ? '尚未派单'
      : '尚未答复'
    const tell = async (userIds: number[], title: string, body: string) => {
      for (const userId of [...new Set(userIds)]) await this.deps.notifications.notify(tx, userId, { title, body, link })
    }
    // who is reminded: the holder; past the target the dispatchers (服务受理: the centre); past twice the centre
    const centre = admins
    const dispatch = repair && dispatchers.length ? dispatchers : centre
    if (step.level === 'warn') {
      const holder = repair && row.workerUserId ? [row.workerUserId] : dispatch
      const ask = !repair ? '请尽快答复' : row.workerUserId ? (step.clock === 'accept' ? '请尽快接单' : '请抓紧完工') : row.firmId ? '请督促定点维修单位处理' : '请尽快派单'
      await tell(holder, `${kindLabel}${clockName}时限将到`, `${what}的${clockName}时限已用去 ${step.percent}%，将于 ${due} 到期（按工作时间计），${ask}。`)
      return
    }
    if (step.level === 'breach') {
      await tell(dispatch, `${kindLabel}${clockName}超时`, `${what}已超过${clockName}时限（${due}），${holderText}，请督促处理。`)
      await repo.insertEvent(tx, { ticketId: row.id, at: now, kind: 'reminded', text: `${clockName}超时（应于 ${due} 前${clockName}），已提醒${repair ? '报修调度员' : '管理中心'}`, actorUserId: null, actorName: '系统' })
      return
    }
    await tell(centre, `${kindLabel}严重超时`, `${what}的${clockName}用时已达时限的 2 倍（应于 ${due} 前${clockName}），${holderText}。`)
    await repo.insertEvent(tx, { ticketId: row.id, at: now, kind: 'escalated', text: `${clockName}用时已达时限的 2 倍，已上报管理中心`, actorUserId: null, actorName: '系统' })
  }
}
