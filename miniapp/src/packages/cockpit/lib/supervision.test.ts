/// <reference types="jest" />
import type { SupervisionItem } from '@egj/shared'
import { dayLabel, dueLine, indicatorPageOf, isOverdue, redText, returnedText, supervisionPage, SUPERVISION_TABS, valueText } from './supervision'

const TODAY = '2026-12-08'
const item = (patch: Partial<SupervisionItem> = {}): SupervisionItem => ({
  id: 7,
  indicatorKey: 'meal_over_cap',
  indicatorName: '公务餐超标',
  unitId: 3,
  unitName: '市发展和改革委员会',
  openedAt: '2026-12-06T02:00:00.000Z',
  openedDate: '2026-12-06',
  openedValue: 5,
  dueOn: '2026-12-09',
  overdue: false,
  status: 'open',
  reply: null,
  repliedAt: null,
  returnReason: null,
  returnedCount: 0,
  closedAt: null,
  ...patch,
})

describe('督办 addresses', () => {
  it('opens the detail by id and the indicator on the day it went red, for that unit', () => {
    expect(supervisionPage(7)).toBe('/packages/cockpit/pages/supervision-detail/index?id=7')
    expect(indicatorPageOf(item())).toBe('/packages/cockpit/pages/indicator/index?key=meal_over_cap&unitId=3&date=2026-12-06')
  })
  it('has the tabs 待整改 / 待销号 / 已销号 in that order', () => {
    expect(SUPERVISION_TABS.map((t) => t.label)).toEqual(['待整改', '待销号', '已销号'])
  })
})

describe('days and figures', () => {
  it('writes a day without the year this year, with it another year', () => {
    expect(dayLabel('2026-12-09', TODAY)).toBe('12月9日')
    expect(dayLabel('2025-12-31', TODAY)).toBe('2025年12月31日')
  })
  it('writes a figure with its unit: counts, 元 with 2 decimals, rates with %', () => {
    expect(valueText('meal_over_cap', 5)).toBe('5 笔')
    expect(valueText('meal_amount', 1234.5)).toBe('1234.50 元')
    expect(valueText('room_no_show_pct', 23.456)).toBe('23.5%')
    expect(valueText('car_km_today', 120)).toBe('120 公里')
    expect(valueText('loans_overdue', null)).toBe('—')
  })
  it('says when it went red and at what figure', () => {
    expect(redText(item(), TODAY)).toBe('12月6日亮红灯：5 笔')
  })
})

describe('due line and 已逾期', () => {
  it('asks an open item for its reply by the due day', () => {
    expect(dueLine(item(), TODAY)).toEqual({ text: '12月9日前回复', late: false })
  })
  it('is late once the server says overdue, or once the due day has passed', () => {
    expect(dueLine(item({ overdue: true, dueOn: '2026-12-07' }), TODAY)).toEqual({ text: '12月7日前回复', late: true })
    expect(isOverdue(item({ dueOn: '2026-12-07' }), TODAY)).toBe(true)
    expect(isOverdue(item({ dueOn: TODAY }), TODAY)).toBe(false)
  })
  it('is never late once replied or closed: the unit has answered', () => {
    expect(isOverdue(item({ status: 'replied', overdue: true, dueOn: '2026-12-01' }), TODAY)).toBe(false)
    expect(dueLine(item({ status: 'replied', repliedAt: '2026-12-07T06:00:00.000Z' }), TODAY)).toEqual({ text: '12月7日已回复，待管理中心销号', late: false })
    expect(dueLine(item({ status: 'closed', closedAt: '2026-12-07T17:00:00.000Z' }), TODAY)).toEqual({ text: '12月8日已销号', late: false })
  })
  it('counts the returns only when there were some', () => {
    expect(returnedText(0)).toBeNull()
    expect(returnedText(2)).toBe('退回 2 次')
  })
})
