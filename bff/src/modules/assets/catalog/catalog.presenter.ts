import type { AssetDetail, AssetLoanStatus } from '@egj/shared'
import { qrLabelSheet } from '../../../lib/qr-sheet.presenter'
import { presentAssetItem, residualValueFen, type AssetLinks } from '../common/asset.presenter'
import type { AssetRow } from '../common/asset.repo'

export interface AssetDetailParts {
  row: AssetRow
  photoIds: number[]
  history: { at: Date; kind: string; text: string }[]
  taken: { startDate: string; endDate: string; status: AssetLoanStatus }[]
  openTransferId: number | null
  openDisposalId: number | null
  can: AssetDetail['can']
}

export function presentAssetDetail(parts: AssetDetailParts, links: AssetLinks, now: Date): AssetDetail {
  const { row } = parts
  return {
    ...presentAssetItem(row, parts.photoIds, links),
    acquiredOn: row.acquiredOn,
    residualValueFen: residualValueFen(row, now),
    photos: parts.photoIds.map((id) => ({ id, url: links.photo(id) })),
    history: parts.history.map((entry) => ({ at: entry.at.toISOString(), kind: entry.kind, text: entry.text })),
    takenRanges: parts.taken.map((loan) => ({ startDate: loan.startDate, endDate: loan.endDate, status: loan.status })),
    openTransferId: parts.openTransferId,
    openDisposalId: parts.openDisposalId,
    can: parts.can,
  }
}

/** A printable A4 sheet of asset codes: the asset's name, its unit, the QR and its 编号. */
export function presentAssetQrSheet(rows: AssetRow[], links: AssetLinks): Promise<string> {
  return qrLabelSheet({
    title: '资产码',
    heading: '资产码 · 公物仓',
    hint: '扫码查看资产、办理借用交付与归还、盘点；无法扫码时在 e管家 扫码页输入编号',
    empty: '没有可打印的资产',
    labels: rows.map((row) => ({ url: links.url(row.id), title: row.name, subtitle: row.unitName, shortCode: links.short(row.id) })),
  })
}
