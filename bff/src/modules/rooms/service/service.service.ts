import type { MeetingTask, MeetingTaskList, TodoItem } from '@egj/shared'
import { PAGES, pageUrl, shanghaiDate, shanghaiDayStart } from '@egj/shared'
import type { Db } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { notFound } from '../../../lib/errors'
import { bookingRows, bookingRowsStarting } from '../common/booking-rows.repo'
import { DAY_MS } from '../common/rules'
import { presentTasks, taskOf, tasksOf } from './service.presenter'
import * as repo from './service.repo'

export interface MeetingServiceDeps {
  db: Db
  now?: () => Date
}

/** Statuses 会务 works for: a confirmed meeting, and one that ended (its tasks stay on the day's list). */
const SERVED = ['confirmed', 'ended'] as const

/** 会务: the day's tasks derived from bookings; only whether each is done is stored. */
export class MeetingService {
  private readonly now: () => Date
  constructor(private readonly deps: MeetingServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async tasks(date: string): Promise<MeetingTaskList> {
    const from = shanghaiDayStart(date)
    const bookings = await bookingRowsStarting(this.deps.db, from, new Date(from.getTime() + DAY_MS), { statuses: [...SERVED] })
    const done = await repo.doneOf(this.deps.db, bookings.map((row) => row.booking.id))
    return { date, items: presentTasks(bookings, done) }
  }

  async done(user: AuthUser, id: number): Promise<MeetingTask> {
    const { bookingId, kind } = taskOf(id)
    const [row] = await bookingRows(this.deps.db, { ids: [bookingId] })
    if (!row || !kind || !SERVED.includes(row.booking.status as (typeof SERVED)[number]) || !tasksOf(row).some((task) => task.kind === kind)) throw notFound('任务')
    await repo.markDone(this.deps.db, { bookingId, kind, doneByUserId: user.id, doneAt: this.now() })
    const done = await repo.doneOf(this.deps.db, [bookingId])
    return presentTasks([row], done).find((task) => task.id === id)!
  }

  /** 待办 of 会务: today's tasks not done yet; urgent when one is due within 30 minutes. */
  async todos(user: AuthUser): Promise<TodoItem[]> {
    if (!user.roles.includes('meeting_service')) return []
    const now = this.now()
    const { items } = await this.tasks(shanghaiDate(now))
    const open = items.filter((task) => !task.done && task.booking.endAt > now.toISOString())
    if (!open.length) return []
    const soon = open.filter((task) => new Date(task.dueAt).getTime() <= now.getTime() + 30 * 60_000)
    return [{ kind: 'room.tasks', title: '会务任务', subtitle: `今天还有 ${open.length} 项待完成${soon.length ? `，${soon.length} 项即将到时` : ''}`, count: open.length, url: pageUrl(PAGES.meetingTasks), urgent: soon.length > 0 }]
  }
}
