import type ExcelJS from 'exceljs'
import type { TicketStats } from '@egj/shared'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'

const yuan = (fen: number) => Math.round(fen) / 100
const MONEY = '#,##0.00'
const PERCENT = '0.0%'

/** 报修月度统计 as an .xlsx: 概览, 按类别, 按单位, 外协费用 (money in yuan, cells formatted as money). */
export async function statsWorkbook(stats: TicketStats): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'

  const summary = book.addWorksheet('概览')
  summary.columns = [
    { header: '指标', key: 'label', width: 30 },
    { header: '数值', key: 'value', width: 16 },
  ]
  const totalCost = stats.byFirm.reduce((n, firm) => n + firm.costFen, 0)
  const lines: [string, number | null, string?][] = [
    ['工单总数（件）', stats.total],
    ['及时接单率', stats.acceptedOnTimePercent === null ? null : stats.acceptedOnTimePercent / 100, PERCENT],
    ['及时完工率', stats.finishedOnTimePercent === null ? null : stats.finishedOnTimePercent / 100, PERCENT],
    ['平均完工用时（工作小时）', stats.averageFinishHours, '0.00'],
    ['满意率（4–5 分）', stats.satisfactionPercent === null ? null : stats.satisfactionPercent / 100, PERCENT],
    ['平均评分', stats.averageRating, '0.00'],
    ['返修率', stats.reopenRatePercent === null ? null : stats.reopenRatePercent / 100, PERCENT],
    ['重复报修（件）', stats.repeatCount],
    ['维修费用合计（元）', yuan(totalCost), MONEY],
    ['服务受理（件）', stats.serviceRequests.total],
    ['服务受理已答复（件）', stats.serviceRequests.replied],
  ]
  for (const [label, value, numFmt] of lines) {
    const row = summary.addRow({ label, value: value ?? '—' })
    if (numFmt && value !== null) row.getCell('value').numFmt = numFmt
  }

  const byCategory = book.addWorksheet('按类别')
  byCategory.columns = [
    { header: '类别', key: 'label', width: 16 },
    { header: '工单（件）', key: 'count', width: 12 },
  ]
  for (const row of stats.byCategory) byCategory.addRow(row)
  totalRow(byCategory, { B: stats.byCategory.reduce((n, row) => n + row.count, 0) })

  const byUnit = book.addWorksheet('按单位')
  byUnit.columns = [
    { header: '单位', key: 'unitName', width: 28 },
    { header: '工单（件）', key: 'count', width: 12 },
  ]
  for (const row of stats.byUnit) byUnit.addRow(row)
  totalRow(byUnit, { B: stats.byUnit.reduce((n, row) => n + row.count, 0) })

  const byFirm = book.addWorksheet('外协费用')
  byFirm.columns = [
    { header: '维修单位', key: 'firmName', width: 28 },
    { header: '完工（件）', key: 'tickets', width: 12 },
    { header: '费用（元）', key: 'cost', width: 16, style: { numFmt: MONEY } },
  ]
  for (const row of stats.byFirm) byFirm.addRow({ firmName: row.firmName, tickets: row.tickets, cost: yuan(row.costFen) })
  totalRow(byFirm, { B: stats.byFirm.reduce((n, row) => n + row.tickets, 0), C: yuan(totalCost) }, { C: MONEY })

  for (const sheet of [summary, byCategory, byUnit, byFirm]) {
    sheet.getRow(1).font = { bold: true }
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
    sheet.headerFooter.oddHeader = `&C${stats.month} 报修与服务受理统计`
  }
  return workbookBuffer(book)
}

/** The 合计 row: formulas with their values stored (previewers that do not calculate still show them). */
function totalRow(sheet: ExcelJS.Worksheet, results: Record<string, number>, formats: Record<string, string> = {}) {
  const last = sheet.rowCount
  const row = sheet.addRow(['合计'])
  row.font = { bold: true }
  for (const [letter, result] of Object.entries(results)) {
    const cell = row.getCell(letter)
    cell.value = last > 1 ? { formula: `SUM(${letter}2:${letter}${last})`, result } : 0
    if (formats[letter]) cell.numFmt = formats[letter]
  }
}
