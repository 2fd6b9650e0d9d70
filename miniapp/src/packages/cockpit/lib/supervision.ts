import {
  indicatorOf,
  inShanghai,
  PAGES,
  pageUrl,
  SUPERVISION_STATUS_LABELS,
  SUPERVISION_STATUSES,
  type IndicatorKey,
  type SupervisionItem,
  type SupervisionStatus,
} from '@egj/shared'
import type { PillTone } from '../../../components/Pill'

/*
 * What the 督办 pages (packages/cockpit/pages/supervision*) share, pure so jest tests it
 * (supervision.test.ts): their addresses, and how a due date, a figure and a status read on screen.
 */

export const supervisionPage = (id: number) => pageUrl(PAGES.supervisionDetail, { id })
/** The indicator's page on the day it went red, for the unit it went red for. */
export const indicatorPageOf = (item: Pick<SupervisionItem, 'indicatorKey' | 'unitId' | 'openedDate'>) =>
  pageUrl(PAGES.cockpitIndicator, { key: item.indicatorKey, unitId: item.unitId, date: item.openedDate })

/** The list's tabs, in the order a 督办 goes through them. */
export const SUPERVISION_TABS: { value: SupervisionStatus; label: string }[] = SUPERVISION_STATUSES.map((value) => ({ value, label: SUPERVISION_STATUS_LABELS[value] }))

export const STATUS_TONES: Record<SupervisionStatus, PillTone> = { open: 'orange', replied: 'blue', closed: 'green' }

/** "2026-12-09" → "12月9日" (another year: "2025年12月9日"). */
export function dayLabel(day: string, today: string): string {
  const d = inShanghai(`${day}T12:00:00+08:00`)
  return d.format(day.slice(0, 4) === today.slice(0, 4) ? 'M月D日' : 'YYYY年M月D日')
}

/** An instant as a day: "12月9日". */
export const dayOf = (iso: string, today: string) => dayLabel(inShanghai(iso).format('YYYY-MM-DD'), today)

/** A figure with its unit as the cockpit shows it: "5 笔", "1234.50 元", "25%"; null: "—". */
export function valueText(key: IndicatorKey, value: number | null): string {
  if (value === null) return '—'
  const { unit } = indicatorOf(key)
  if (unit === '元') return `${value.toFixed(2)} 元`
  // rates and km may come with decimals: one is enough to read
  const shown = Number.isInteger(value) ? String(value) : String(Number(value.toFixed(1)))
  return unit === '%' ? `${shown}%` : `${shown} ${unit}`
}

/** "12月6日亮红灯：5 笔" — when and at what figure it went red. */
export const redText = (item: Pick<SupervisionItem, 'indicatorKey' | 'openedDate' | 'openedValue'>, today: string) =>
  `${dayLabel(item.openedDate, today)}亮红灯：${valueText(item.indicatorKey, item.openedValue)}`

/**
 * Where the item stands against its time: the unit's due date while it is theirs to answer
 * (「12月9日前回复」, red once overdue), when it replied while the centre checks, when it was closed.
 */
export function dueLine(item: Pick<SupervisionItem, 'status' | 'dueOn' | 'overdue' | 'repliedAt' | 'closedAt'>, today: string): { text: string; late: boolean } {
  if (item.status === 'closed') return { text: item.closedAt ? `${dayOf(item.closedAt, today)}已销号` : '已销号', late: false }
  if (item.status === 'replied') return { text: item.repliedAt ? `${dayOf(item.repliedAt, today)}已回复，待管理中心销号` : '已回复，待管理中心销号', late: false }
  return { text: `${dayLabel(item.dueOn, today)}前回复`, late: isOverdue(item, today) }
}

/** 已逾期: still the unit's to answer and past the due day (the server says so; today's date decides too, for a page left open overnight). */
export const isOverdue = (item: Pick<SupervisionItem, 'status' | 'dueOn' | 'overdue'>, today: string) => item.status === 'open' && (item.overdue || item.dueOn < today)

/** 「退回 2 次」, or null when never returned. */
export const returnedText = (count: number) => (count > 0 ? `退回 ${count} 次` : null)
