import type { AssetStocktake } from '@egj/shared'
import { ASSET_STATUS_LABELS, inShanghai } from '@egj/shared'
import { newWorkbook, workbookBuffer } from '../../../lib/xlsx'
import type { AssetLinks } from '../common/asset.presenter'
import type { StocktakeAsset, StocktakeRow } from './stocktakes.repo'

type Line = AssetStocktake['found'][number]

/** What a finished stocktake keeps (asset_stocktakes.result): the lists as they were when it ended. */
export interface StocktakeLists {
  expected: number
  scanned: number
  found: Line[]
  missing: Line[]
  foreign: Line[]
  onLoan: Line[]
}

export const presentLine = (asset: StocktakeAsset, links: AssetLinks): Line => ({
  id: asset.id,
  name: asset.name,
  shortCode: links.short(asset.id),
  location: asset.location,
  unitName: asset.unitName,
  status: asset.status,
})

export function presentStocktake(row: StocktakeRow, lists: StocktakeLists): AssetStocktake {
  return { ...presentStocktakeHead(row, lists.expected, lists.scanned), found: lists.found, missing: lists.missing, foreign: lists.foreign, onLoan: lists.onLoan }
}

export function presentStocktakeHead(row: StocktakeRow, expected: number, scanned: number) {
  const { stocktake } = row
  return {
    id: stocktake.id,
    unitId: stocktake.unitId,
    unitName: row.unitName,
    status: stocktake.status,
    startedBy: row.startedBy,
    startedAt: stocktake.startedAt.toISOString(),
    finishedAt: stocktake.finishedAt?.toISOString() ?? null,
    expected,
    scanned,
  }
}

/** 盘点结果 as an .xlsx: 盘到 / 盘亏 / 外单位资产 / 借出中, one asset a row. */
export async function stocktakeWorkbook(stocktake: AssetStocktake): Promise<Buffer> {
  const book = newWorkbook()
  book.creator = 'e管家'
  const when = `${inShanghai(stocktake.startedAt).format('YYYY-MM-DD HH:mm')}${stocktake.finishedAt ? ` 至 ${inShanghai(stocktake.finishedAt).format('YYYY-MM-DD HH:mm')}` : '（进行中）'}`
  const sheets: [string, Line[]][] = [
    ['盘到', stocktake.found],
    ['盘亏', stocktake.missing],
    ['外单位资产', stocktake.foreign],
    ['借出中', stocktake.onLoan],
  ]
  for (const [name, lines] of sheets) {
    const sheet = book.addWorksheet(name)
    sheet.columns = [
      { header: '编号', key: 'shortCode', width: 16 },
      { header: '资产名称', key: 'name', width: 26 },
      { header: '存放地点', key: 'location', width: 20 },
      { header: '所属单位', key: 'unitName', width: 24 },
      { header: '状态', key: 'status', width: 12 },
    ]
    for (const line of lines) sheet.addRow({ ...line, status: ASSET_STATUS_LABELS[line.status] })
    sheet.getRow(1).font = { bold: true }
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
    sheet.headerFooter.oddHeader = `&C${stocktake.unitName} 资产盘点 ${when}`
  }
  return workbookBuffer(book)
}
