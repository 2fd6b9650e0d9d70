import type { BlocklistEntry, Parsed, PiiAuditList, VisitStats } from '@egj/shared'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'
import type { BlocklistRow, listPiiAccess } from './admin.repo'

export function presentBlocklistEntry(row: BlocklistRow): Parsed<typeof BlocklistEntry> {
  return { id: row.id, idType: row.idType, idNumberMasked: row.idNumberMasked, name: row.name, reason: row.reason, createdAt: row.createdAt.toISOString(), createdBy: row.createdByName }
}

export function presentPiiAudit(rows: Awaited<ReturnType<typeof listPiiAccess>>, limit: number): Parsed<typeof PiiAuditList> {
  const page = rows.slice(0, limit)
  return {
    items: page.map((row) => ({ id: row.id, viewer: row.viewer, visitId: row.visitId, visitorName: row.visitorName, reason: row.reason, viewedAt: row.viewedAt.toISOString() })),
    nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
  }
}

/** Every hour 0–23 appears, with 0 where nobody checked in: a peak is only visible against the quiet hours. */
export function presentStats(
  month: string,
  totals: { visits: number; visitors: number; checkedIn: number },
  byUnit: { unitName: string | null; visits: number }[],
  byHour: { hour: number; checkIns: number }[],
): VisitStats {
  return {
    month,
    ...totals,
    byUnit: byUnit.map((row) => ({ unitName: row.unitName ?? '（未知单位）', visits: row.visits })),
    byHour: Array.from({ length: 24 }, (_v, hour) => ({ hour, checkIns: byHour.find((row) => row.hour === hour)?.checkIns ?? 0 })),
  }
}

const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00`

/** 月度访客统计 as an .xlsx: a summary, visits by host unit, check-ins by hour. */
export async function statsWorkbook(stats: VisitStats): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  const bold = { font: { bold: true } }

  const summary = book.addWorksheet('汇总')
  summary.columns = [
    { header: '项目', key: 'label', width: 16 },
    { header: stats.month, key: 'value', width: 12 },
  ]
  summary.addRows([
    { label: '来访（次）', value: stats.visits },
    { label: '访客（人，含同行）', value: stats.visitors },
    { label: '已入园（次）', value: stats.checkedIn },
    { label: '被访单位（个）', value: stats.byUnit.length },
  ])
  summary.getRow(1).font = bold.font

  const units = book.addWorksheet('按被访单位')
  units.columns = [
    { header: '被访单位', key: 'unitName', width: 28 },
    { header: '来访（次）', key: 'visits', width: 12 },
  ]
  units.addRows(stats.byUnit)
  units.addRow({ unitName: '合计', visits: stats.visits }).font = bold.font
  units.getRow(1).font = bold.font

  const hours = book.addWorksheet('入园时段')
  hours.columns = [
    { header: '时段', key: 'hour', width: 16 },
    { header: '入园（次）', key: 'checkIns', width: 12 },
  ]
  hours.addRows(stats.byHour.map((row) => ({ hour: hourLabel(row.hour), checkIns: row.checkIns })))
  hours.getRow(1).font = bold.font

  return workbookBuffer(book)
}
