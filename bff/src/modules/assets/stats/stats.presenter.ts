import type { AssetStats } from '@egj/shared'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'

const yuan = (fen: number) => Math.round(fen) / 100
const money = { numFmt: '#,##0.00' }

/** 公物仓月度统计 as an .xlsx: the month's figures, then one row a unit with a 合计 row. */
export async function statsWorkbook(stats: AssetStats): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  const summary = book.addWorksheet('月度概况')
  summary.columns = [
    { header: '指标', key: 'label', width: 30 },
    { header: '数值', key: 'value', width: 16 },
  ]
  const rows: [string, number, boolean?][] = [
    ['入仓资产（件）', stats.listed],
    ['完成调剂（次）', stats.transfersDone],
    ['交付借用（次）', stats.loansDone],
    ['调剂借用资产原值（元）', yuan(stats.reusedOriginalFen), true],
    ['调剂借用资产净值（元）', yuan(stats.reusedResidualFen), true],
    ['当前逾期未还（件）', stats.overdueNow],
    ['当前闲置可调剂（件）', stats.idleNow],
    ['购置申请（件）', stats.purchases],
    ['购置前查询（次）', stats.checks],
    ['查询到可调剂资产（次）', stats.checksWithMatches],
  ]
  for (const [label, value, isMoney] of rows) {
    const row = summary.addRow({ label, value })
    if (isMoney) row.getCell('value').numFmt = money.numFmt
  }

  const byUnit = book.addWorksheet('按单位')
  byUnit.columns = [
    { header: '单位', key: 'unitName', width: 24 },
    { header: '入仓（件）', key: 'listed', width: 12 },
    { header: '调入（次）', key: 'transfersIn', width: 12 },
    { header: '调出（次）', key: 'transfersOut', width: 12 },
    { header: '借出（次）', key: 'loansOut', width: 12 },
    { header: '调剂借用原值（元）', key: 'reused', width: 20, style: money },
  ]
  for (const unit of stats.byUnit) byUnit.addRow({ ...unit, reused: yuan(unit.reusedOriginalFen) })
  const last = byUnit.rowCount
  const total = byUnit.addRow({ unitName: '合计' })
  total.font = { bold: true }
  const sum = (key: 'listed' | 'transfersIn' | 'transfersOut' | 'loansOut' | 'reusedOriginalFen') => stats.byUnit.reduce((n, unit) => n + unit[key], 0)
  const cols: [string, number][] = [
    ['B', sum('listed')],
    ['C', sum('transfersIn')],
    ['D', sum('transfersOut')],
    ['E', sum('loansOut')],
    ['F', yuan(sum('reusedOriginalFen'))],
  ]
  for (const [letter, result] of cols) total.getCell(letter).value = last > 1 ? { formula: `SUM(${letter}2:${letter}${last})`, result } : 0
  for (const sheet of [summary, byUnit]) {
    sheet.getRow(1).font = { bold: true }
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
    sheet.headerFooter.oddHeader = `&C${stats.month} 公物仓统计`
  }
  return workbookBuffer(book)
}
