/// <reference types="jest" />
import type { TicketListItem } from '@egj/shared'
import { deadlineText, dueOf, dueTag } from './due'
import { inQueueTab, workSectionOf, workSections } from './lists'

const item = (patch: Partial<TicketListItem>): TicketListItem => ({
  id: 1,
  no: 'BX20261207-0001',
  kind: 'repair',
  category: 'water_power',
  urgency: 'normal',
  status: 'submitted',
  statusLabel: '待派单',
  description: '卫生间水龙头漏水',
  place: '行政中心A座 5楼 · 东侧卫生间',
  reporter: { id: 2, name: '张三', unitName: '市财政局' },
  holderName: null,
  // reported 08:00, to accept by 10:00, to finish by 16:00 (Shanghai, 2026-12-07)
  createdAt: '2026-12-07T00:00:00Z',
  acceptBy: '2026-12-07T02:00:00Z',
  finishBy: '2026-12-07T08:00:00Z',
  breached: false,
  repeatOfId: null,
  reopenCount: 0,
  ...patch,
})
const at = (iso: string) => new Date(iso)

describe('dueOf', () => {
  it('is on time before 75 % of the way to the deadline', () => {
    expect(dueOf(item({}), at('2026-12-07T01:00:00Z'))).toEqual({ level: 'ok', which: 'finish', deadline: '2026-12-07T08:00:00Z' })
  })
  it('warns at 75 % of the time to accept while nobody has accepted', () => {
    const due = dueOf(item({}), at('2026-12-07T01:30:00Z'))
    expect(due).toMatchObject({ level: 'soon', which: 'accept' })
    expect(dueTag(due)).toEqual({ text: '即将超时', tone: 'orange' })
  })
  it('is over once past the deadline to accept, still waiting', () => {
    const due = dueOf(item({ status: 'assigned' }), at('2026-12-07T02:00:00Z'))
    expect(due).toMatchObject({ level: 'over', which: 'accept' })
    expect(dueTag(due)).toEqual({ text: '接单超时', tone: 'red' })
  })
  it('judges an accepted ticket by its finish clock only', () => {
    expect(dueOf(item({ status: 'in_progress' }), at('2026-12-07T03:00:00Z')).level).toBe('ok')
    expect(dueOf(item({ status: 'in_progress' }), at('2026-12-07T06:00:00Z')).level).toBe('soon')
    const over = dueOf(item({ status: 'accepted' }), at('2026-12-07T08:00:01Z'))
    expect(over).toMatchObject({ level: 'over', which: 'finish' })
    expect(dueTag(over)).toEqual({ text: '已超时', tone: 'red' })
  })
  it('does not warn while paused (the clock stands still), but a passed deadline is over', () => {
    expect(dueOf(item({ status: 'paused' }), at('2026-12-07T07:00:00Z')).level).toBe('ok')
    expect(dueOf(item({ status: 'paused' }), at('2026-12-07T09:00:00Z')).level).toBe('over')
  })
  it('takes the BFF’s breached as over', () => {
    expect(dueOf(item({ status: 'in_progress', breached: true }), at('2026-12-07T01:00:00Z')).level).toBe('over')
  })
  it('is none once the work is done', () => {
    for (const status of ['finished', 'closed', 'cancelled'] as const) {
      const due = dueOf(item({ status, breached: true }), at('2026-12-08T00:00:00Z'))
      expect(due.level).toBe('none')
      expect(dueTag(due)).toBeNull()
    }
  })
  it('writes the deadline in Shanghai time with its verb', () => {
    const now = at('2026-12-07T01:00:00Z')
    expect(deadlineText(dueOf(item({ status: 'accepted' }), now), now)).toBe('12月7日 16:00 前完成')
    expect(deadlineText(dueOf(item({}), at('2026-12-07T01:45:00Z')), now)).toBe('12月7日 10:00 前接单')
  })
})

describe('queue tabs and work sections', () => {
  const now = at('2026-12-07T03:00:00Z') // 11:00
  it('puts waiting, handled and overdue rows in their tabs', () => {
    const waiting = item({})
    const late = item({ status: 'in_progress', finishBy: '2026-12-07T02:30:00Z' })
    const working = item({ status: 'assigned', acceptBy: '2026-12-07T05:00:00Z' })
    expect([waiting, late, working].filter((i) => inQueueTab('waiting', i, now))).toEqual([waiting])
    expect([waiting, late, working].filter((i) => inQueueTab('working', i, now))).toEqual([late, working])
    // the waiting one is past its 10:00 accept deadline too
    expect([waiting, late, working].filter((i) => inQueueTab('overdue', i, now))).toEqual([waiting, late])
    expect([waiting, late, working].filter((i) => inQueueTab('open', i, now))).toHaveLength(3)
  })
  it('sorts a worker’s tickets into 今日, 进行中 and 已完工', () => {
    const toAccept = item({ status: 'assigned', finishBy: '2026-12-09T08:00:00Z' })
    const dueToday = item({ status: 'in_progress' })
    // 23:30 Shanghai today is still today
    const dueTonight = item({ status: 'accepted', finishBy: '2026-12-07T15:30:00Z' })
    const overdue = item({ status: 'paused', finishBy: '2026-12-04T08:00:00Z' })
    const later = item({ status: 'in_progress', finishBy: '2026-12-07T16:30:00Z' })
    const done = item({ status: 'finished' })
    const closed = item({ status: 'closed' })
    const cancelled = item({ status: 'cancelled' })
    expect(workSectionOf(dueTonight, now)).toBe('today')
    expect(workSectionOf(later, now)).toBe('doing')
    expect(workSectionOf(cancelled, now)).toBeNull()
    expect(workSections([toAccept, dueToday, later, overdue, done, closed, cancelled], now)).toEqual({ today: [toAccept, dueToday, overdue], doing: [later], done: [done, closed] })
  })
})
