import type ExcelJS from 'exceljs'

/**
 * What a spreadsheet may take for a formula: text starting with = + - @ (or a TAB or CR before
 * one). Stored as text it is inert, until someone edits the cell or saves the sheet as CSV —
 * then `=HYPERLINK(…)` in a room's or a driver's name is live (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** Text as a cell should hold it: a leading `'` when it would read as a formula (OWASP's advice). */
export function cellText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/**
 * exceljs, loaded by the first export or upload, not at boot: with the zip and stream libraries
 * under it, it was the biggest single import of a compiled BFF's start. require(), not import():
 * Node's own import() of this CommonJS package (under tsx, in the build) sees no named exports.
 */
export function exceljs(): typeof import('exceljs') {
  return require('exceljs')
}

export function newWorkbook(): ExcelJS.Workbook {
  return new (exceljs().Workbook)()
}

/**
 * The workbook as .xlsx bytes, every text cell through `cellText` first: names, titles and
 * purposes come from users, and one pass over the finished book cannot forget a column.
 * Numbers (a negative amount too) and formulas are left as they are.
 */
export async function workbookBuffer(book: ExcelJS.Workbook): Promise<Buffer> {
  book.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.value = cellText(cell.value)
      })
    })
  })
  return Buffer.from(await book.xlsx.writeBuffer())
}
