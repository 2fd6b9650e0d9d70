import { indicatorOf, type SupervisionDetail, type SupervisionEventKind, type SupervisionItem } from '@egj/shared'
import type { SupervisionRow } from './supervision.repo'

const iso = (at: Date | null) => (at ? at.toISOString() : null)

/** Past its due day and still waiting for the unit (a replied item waits for the centre, not the unit). */
export const isOverdue = (row: Pick<SupervisionRow, 'status' | 'dueOn'>, today: string) => row.status === 'open' && today > row.dueOn

export function presentSupervision(row: SupervisionRow, today: string): SupervisionItem {
  return {
    id: row.id,
    indicatorKey: row.indicatorKey as SupervisionItem['indicatorKey'],
    indicatorName: indicatorOf(row.indicatorKey as SupervisionItem['indicatorKey'])?.name ?? row.indicatorKey,
    unitId: row.unitId,
    unitName: row.unitName,
    openedAt: row.openedAt.toISOString(),
    openedDate: row.openedDay,
    openedValue: row.openedValue,
    dueOn: row.dueOn,
    overdue: isOverdue(row, today),
    status: row.status,
    reply: row.reply,
    repliedAt: iso(row.repliedAt),
    returnReason: row.returnReason,
    returnedCount: row.returnedCount,
    closedAt: iso(row.closedAt),
  }
}

export function presentSupervisionDetail(
  row: SupervisionRow,
  events: { kind: SupervisionEventKind; at: Date; actorName: string | null; text: string | null }[],
  can: SupervisionDetail['can'],
  today: string,
): SupervisionDetail {
  return { ...presentSupervision(row, today), events: events.map((e) => ({ kind: e.kind, at: e.at.toISOString(), actorName: e.actorName, text: e.text })), can }
}

/** 3件, 12.5%, 1200.00元: a figure with its unit, as messages name it. */
export function figureText(value: number | null, unit: string): string {
  return value === null ? '无数据' : `${value}${unit === '%' ? '%' : ` ${unit}`}`
}
