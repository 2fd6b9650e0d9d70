import { inShanghai, TICKET_OPEN_STATUSES, type TicketListItem, type TicketStatus } from '@egj/shared'
import { dueOf } from './due'

// Which rows each tab of 派单 and each section of 我的维修任务 shows (the BFF sorts by due time; these keep its order).

export type QueueTab = 'waiting' | 'working' | 'overdue' | 'open' | 'service' | 'all'
export const QUEUE_TAB_LABELS: Record<QueueTab, string> = { waiting: '待派单', working: '处理中', overdue: '已超时', open: '未完成', service: '服务受理', all: '全部' }

const OPEN = TICKET_OPEN_STATUSES as readonly TicketStatus[]

/** Whether a row of the open queue belongs in the tab (the 待派单, 服务受理 and 所有工单 tabs are asked of the BFF as they are). */
export function inQueueTab(tab: QueueTab, item: TicketListItem, now: Date = new Date()): boolean {
  switch (tab) {
    case 'waiting':
      return item.status === 'submitted'
    case 'working':
      return OPEN.includes(item.status) && item.status !== 'submitted'
    case 'overdue':
      return dueOf(item, now).level === 'over'
    default:
      return true
  }
}

export type WorkSection = 'today' | 'doing' | 'done'
export const WORK_SECTION_LABELS: Record<WorkSection, string> = { today: '今日', doing: '进行中', done: '已完工' }

/**
 * 我的维修任务: 今日 — to accept, or due by the end of today (overdue included); 进行中 — the
 * rest of the open ones; 已完工 — finished (waiting for the reporter) or closed.
 */
export function workSectionOf(item: TicketListItem, now: Date = new Date()): WorkSection | null {
  if (item.status === 'finished' || item.status === 'closed') return 'done'
  if (!OPEN.includes(item.status)) return null
  if (item.status === 'assigned') return 'today'
  const today = inShanghai(now).format('YYYY-MM-DD')
  return inShanghai(item.finishBy).format('YYYY-MM-DD') <= today ? 'today' : 'doing'
}

export function workSections(items: TicketListItem[], now: Date = new Date()): Record<WorkSection, TicketListItem[]> {
  const out: Record<WorkSection, TicketListItem[]> = { today: [], doing: [], done: [] }
  for (const item of items) {
    const section = workSectionOf(item, now)
    if (section) out[section].push(item)
  }
  return out
}
