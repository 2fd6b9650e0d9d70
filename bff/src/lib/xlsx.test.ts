import ExcelJS from 'exceljs'
import { cellText, workbookBuffer } from './xlsx'

describe('text cells that a spreadsheet would read as a formula', () => {
  it('get a leading apostrophe (= + - @, TAB, CR); other text, numbers and formulas stay as they are', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('表')
    const texts = ['=HYPERLINK("https://evil.example","点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '会议室 =1', ' =1', '']
    for (const text of texts) sheet.addRow([text, -12.5])
    sheet.addRow(['合计', { formula: 'SUM(B1:B9)', result: -112.5 }])
    const read = new ExcelJS.Workbook()
    await read.xlsx.load((await workbookBuffer(book)) as unknown as ArrayBuffer)
    const back = read.getWorksheet('表')!
    const column = (n: number) => Array.from({ length: back.rowCount }, (_v, i) => back.getRow(i + 1).getCell(n).value)
    expect(column(1)).toEqual([
      '\'=HYPERLINK("https://evil.example","点我")',
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1+1",
      "'\n=1+1", // (XML reads a bare CR back as LF)
      '会议室 =1',
      ' =1',
      '',
      '合计',
    ])
    expect(column(2)).toEqual([...texts.map(() => -12.5), { formula: 'SUM(B1:B9)', result: -112.5 }]) // a negative amount stays a number
  })

  it('cellText leaves a number written as text alone only when it cannot start a formula', () => {
    expect([cellText('12.50'), cellText('-12.50'), cellText('')]).toEqual(['12.50', "'-12.50", ''])
  })
})
