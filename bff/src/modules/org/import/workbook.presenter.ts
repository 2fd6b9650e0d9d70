import { inflateRawSync } from 'node:zlib'
import type ExcelJS from 'exceljs'
import type JSZip from 'jszip'
import { STAFF_COLUMNS, STAFF_IMPORT_MAX_ROWS } from '@egj/shared'
import { AppError } from '../../../lib/errors'
import { exceljs } from '../../../lib/xlsx'

// Reading an uploaded staff workbook, safe against hostile files: the zip's central directory is
// read (jszip) and every entry inflated here under a hard cap BEFORE exceljs sees the bytes, so a
// zip bomb, a file that is no workbook or a sheet of 100,000 rows is refused without exceljs
// building anything. exceljs then reads the same entries through the same central directory.

/** What all entries of the zip may inflate to, together: a full 20,000-row sheet is about 12 MB. */
export const MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
/** Deflate compresses a legitimate sheet 5–30 times; past this an entry of any size is a bomb. */
const MAX_RATIO = 200
/** Entries smaller than this are never refused for their ratio (a tiny file of spaces compresses well). */
const RATIO_FLOOR_BYTES = 1024 * 1024

/** One data row of the sheet: its row number (the header is row 1) and its six cells as text (untrimmed). */
export interface SheetRow {
  row: number
  cells: string[]
}

interface CompressedEntry {
  compressedSize: number
  uncompressedSize: number
  compression: { magic: string }
  compressedContent: Uint8Array
}

const notWorkbook = () => new AppError('ORG_IMPORT_NOT_WORKBOOK')
const tooLarge = () => new AppError('ORG_IMPORT_TOO_LARGE')

/** Every file entry of the zip, inflated under the declared sizes and the caps; throws the 4xx for what is not a safe .xlsx. */
export async function unzipSafely(file: Buffer): Promise<Map<string, Buffer>> {
  // PK\3\4: a zip starting with a local file header (an .xlsx always does; an .xls, a CSV or a PDF does not)
  if (file.length < 30 || file.readUInt32LE(0) !== 0x04034b50) throw notWorkbook()
  // jszip and exceljs load with the first upload, not at boot (see exceljs())
  const jszip: typeof JSZip = require('jszip')
  let zip: JSZip
  try {
    zip = await jszip.loadAsync(file, { checkCRC32: false })
  } catch {
    throw notWorkbook()
  }
  const entries = Object.values(zip.files).filter((entry) => !entry.dir)
  // jszip's CompressedObject: the central directory's sizes, not yet inflated (its typings leave it out)
  const compressed = (entry: JSZip.JSZipObject) => (entry as unknown as { _data: CompressedEntry })._data
  let declared = 0
  for (const entry of entries) {
    const data = compressed(entry)
    if (!data || typeof data.uncompressedSize !== 'number') throw notWorkbook()
    declared += data.uncompressedSize
    if (declared > MAX_UNZIPPED_BYTES) throw tooLarge()
    if (data.uncompressedSize > RATIO_FLOOR_BYTES && data.uncompressedSize > MAX_RATIO * Math.max(1, data.compressedSize)) throw tooLarge()
  }
  if (!zip.files['xl/workbook.xml']) throw notWorkbook()

  // Inflate each entry with a hard cap at its declared size: a header that lies about its size is
  // caught while inflating, after at most that many bytes, not after gigabytes.
  const out = new Map<string, Buffer>()
  for (const entry of entries) {
    const data = compressed(entry)
    const content = Buffer.from(data.compressedContent.buffer, data.compressedContent.byteOffset, data.compressedContent.byteLength)
    let inflated: Buffer
    if (data.compression.magic === '\x00\x00') inflated = content
    else if (data.compression.magic === '\x08\x00') {
      try {
        inflated = inflateRawSync(content, { maxOutputLength: Math.max(1, data.uncompressedSize) })
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge()
        throw notWorkbook()
      }
    } else throw notWorkbook()
    if (inflated.length !== data.uncompressedSize) throw notWorkbook()
    out.set(entry.name, inflated)
  }
  return out
}

/**
 * An upper bound on the rows with content in a worksheet's XML, counted without parsing it:
 * every `<row …>` that is not empty (`<row …/>`). Cheap on 50 MB, and exceljs never sees a
 * sheet with 100,000 rows.
 */
function rowsIn(xml: string): number {
  let count = 0
  for (const match of xml.matchAll(/<(?:\w+:)?row\b[^>]*?(\/?)>/g)) if (!match[1]) count++
  return count
}

/** Formats what a cell holds as the text a person sees in it; formulas are refused before this. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  // a mobile typed as a number: 13800000001 (never in exponent form below 1e21)
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue)
  if ('error' in value) return String(value.error)
  return ''
}

/** The export writes text that a spreadsheet could take for a formula with a leading `'` (lib/xlsx.ts): read it back without. */
const unquoted = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text)

const columnName = (column: number) => STAFF_COLUMNS[column - 1] ?? `第 ${column} 列`
const normalHeader = (text: string) => text.replace(/\s+/g, '')

/**
 * The staff rows of an uploaded workbook (its first sheet), or a 4xx: not a workbook (400), a zip
 * bomb or too many rows (413), other columns than the template's, a formula, no rows (422).
 */
export async function readStaffWorkbook(file: Buffer): Promise<SheetRow[]> {
  const entries = await unzipSafely(file)
  let sheets = 0
  for (const [name, xml] of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue
    sheets++
    // the first sheet holds the header and the rows; no sheet may hold more than that many
    if (rowsIn(xml.toString('utf8')) > STAFF_IMPORT_MAX_ROWS + 1) throw new AppError('ORG_IMPORT_TOO_MANY_ROWS', { maxRows: STAFF_IMPORT_MAX_ROWS })
  }
  if (!sheets) throw notWorkbook()

  const { Workbook, ValueType } = exceljs()
  const book = new Workbook()
  try {
    await book.xlsx.load(file as unknown as ArrayBuffer)
  } catch {
    throw notWorkbook()
  }
  const sheet = book.worksheets[0]
  if (!sheet) throw new AppError('ORG_IMPORT_EMPTY')

  const rows: SheetRow[] = []
  let header: string[] = []
  let formula: { row: number; column: number } | null = null
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (formula) return
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (!formula && cell.type === ValueType.Formula) formula = { row: rowNumber, column }
    })
    if (formula) return
    const width = Math.max(row.cellCount, STAFF_COLUMNS.length)
    const cells = Array.from({ length: width }, (_v, i) => unquoted(cellText(row.getCell(i + 1).value)))
    if (rowNumber === 1) header = cells
    else if (cells.slice(0, STAFF_COLUMNS.length).some((text) => text.trim() !== '')) rows.push({ row: rowNumber, cells: cells.slice(0, STAFF_COLUMNS.length) })
  })
  if (rows.length > STAFF_IMPORT_MAX_ROWS) throw new AppError('ORG_IMPORT_TOO_MANY_ROWS', { maxRows: STAFF_IMPORT_MAX_ROWS })

  const found = header.map(normalHeader)
  while (found.length && found[found.length - 1] === '') found.pop()
  if (!found.length && !rows.length && !formula) throw new AppError('ORG_IMPORT_EMPTY')
  if (found.length !== STAFF_COLUMNS.length || STAFF_COLUMNS.some((column, i) => normalHeader(column) !== found[i]))
    throw new AppError('ORG_IMPORT_WRONG_COLUMNS', { expected: STAFF_COLUMNS, found: header.map((text) => text.trim()) }, `表头与模板不一致：第一行应依次为 ${STAFF_COLUMNS.join('、')}，请下载模板后按模板填写`)
  const first = formula as { row: number; column: number } | null
  if (first) throw new AppError('ORG_IMPORT_FORMULA', { row: first.row, column: columnName(first.column) }, `第 ${first.row} 行 ${columnName(first.column)} 是公式：请复制后“粘贴为数值”再导入`)
  if (!rows.length) throw new AppError('ORG_IMPORT_EMPTY')
  return rows
}
