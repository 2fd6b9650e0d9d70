import type ExcelJS from 'exceljs'
import { STAFF_COLUMNS } from '@egj/shared'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'

/** A person as one row of the workbook: the six columns, as text. */
export type StaffSheetRow = [name: string, mobile: string, unit: string, position: string, dingtalkUserId: string, roles: string]

/** The template's example row: recognised by its name, so it is never imported by mistake. */
export const EXAMPLE_NAME = '张三（示例）'

const WIDTHS = [12, 15, 24, 20, 22, 24]

function staffSheet(book: ExcelJS.Workbook, title: string, rows: StaffSheetRow[]): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = STAFF_COLUMNS.map((header, i) => ({ header, width: WIDTHS[i] }))
  sheet.getRow(1).font = { bold: true }
  // 手机号 as text: Excel would otherwise show a typed mobile as 1.38E+10
  sheet.getColumn(2).numFmt = '@'
  for (const row of rows) sheet.addRow(row)
  return sheet
}

/**
 * The import template: the header, one example row, and a sheet 说明 with the rules, the units a
 * row may name (全称 or 简称) and the role names.
 */
export async function templateWorkbook(example: StaffSheetRow, units: { name: string; shortName: string | null }[], roleNames: string[], rules: string[]): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  staffSheet(book, '人员', [example])
  const help = book.addWorksheet('说明')
  help.columns = [{ width: 30 }, { width: 20 }, { width: 60 }]
  help.addRow(['填写说明']).font = { bold: true }
  for (const [i, rule] of rules.entries()) help.addRow([`${i + 1}. ${rule}`])
  help.addRow([])
  help.addRow(['可填写的角色']).font = { bold: true }
  help.addRow([roleNames.join('、')])
  help.addRow([])
  help.addRow(['单位全称', '简称']).font = { bold: true }
  for (const unit of units) help.addRow([unit.name, unit.shortName ?? ''])
  return workbookBuffer(book)
}

/** The staff list with the template's columns (the import reads it back as it is). */
export async function staffWorkbook(rows: StaffSheetRow[]): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  staffSheet(book, '人员', rows)
  return workbookBuffer(book)
}
