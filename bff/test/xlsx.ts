import ExcelJS from 'exceljs'
import type { Test } from 'supertest'

/** Text a spreadsheet would take for a formula once edited (`=HYPERLINK`, as the review tried): a name users may type. */
export const FORMULA_TEXT = '=HYPERLINK("//evil.cn","点我")'

/** Downloads an .xlsx and reads it back as a spreadsheet program would. */
export async function downloadWorkbook(request: Test): Promise<ExcelJS.Workbook> {
  const response = await request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = []
    res.on('data', (chunk: Buffer) => chunks.push(chunk))
    res.on('end', () => done(null, Buffer.concat(chunks)))
  })
  if (response.status !== 200) throw new Error(`expected an .xlsx, got ${response.status} ${String(response.body)}`)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(response.body as ArrayBuffer)
  return book
}

/** The values of the sheet's row whose first cell is `first` (column A first), or undefined. */
export function rowStarting(sheet: ExcelJS.Worksheet, first: string): unknown[] | undefined {
  for (let n = 1; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n)
    if (row.getCell(1).value === first) return (row.values as unknown[]).slice(1)
  }
  return undefined
}
