import { inShanghai, type AuditEntry, type AuditList } from '@egj/shared'
import { newWorkbook, workbookBuffer } from '../../lib/xlsx'
import type { AuditRow } from './audit.repo'

export function presentAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId ?? null,
    actorName: row.actorName,
    ip: row.ip ?? null,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason ?? null,
  }
}

export function presentAuditList(rows: AuditRow[], limit: number): AuditList {
  const page = rows.slice(0, limit)
  return { items: page.map(presentAuditEntry), nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null }
}

const fields = (value: Record<string, unknown> | null | undefined) =>
  value ? Object.entries(value).map(([key, item]) => `${key}: ${typeof item === 'string' ? item : JSON.stringify(item)}`).join('\n') : ''

/** 操作留痕 as .xlsx: one row per change, times in Beijing time. */
export async function auditWorkbook(rows: AuditRow[]): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  const sheet = book.addWorksheet('操作留痕')
  sheet.columns = [
    { header: '时间', key: 'at', width: 20 },
    { header: '操作人', key: 'actorName', width: 14 },
    { header: 'IP', key: 'ip', width: 16 },
    { header: '操作', key: 'action', width: 18 },
    { header: '对象', key: 'entity', width: 12 },
    { header: '对象编号', key: 'entityId', width: 10 },
    { header: '修改前', key: 'before', width: 36 },
    { header: '修改后', key: 'after', width: 36 },
    { header: '原因', key: 'reason', width: 24 },
  ]
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    sheet.addRow({
      at: inShanghai(row.at).format('YYYY-MM-DD HH:mm:ss'),
      actorName: row.actorName,
      ip: row.ip ?? '',
      action: row.action,
      entity: row.entity,
      entityId: row.entityId,
      before: fields(row.before),
      after: fields(row.after),
      reason: row.reason ?? '',
    })
  }
  return workbookBuffer(book)
}
