import type { Location } from '@egj/shared'
import { qrLabelSheet } from '../../../lib/qr-sheet.presenter'
import type { LocationRow } from './locations.repo'

export interface LocationCodes {
  url: (id: number) => string
  short: (id: number) => string
}

/** 行政中心A座 5楼 · 东侧卫生间 */
export const locationName = (row: Pick<LocationRow, 'building' | 'floor' | 'spot'>) => `${row.building} ${row.floor} · ${row.spot}`

export function presentLocation(row: LocationRow, codes: LocationCodes): Location {
  return { id: row.id, building: row.building, floor: row.floor, spot: row.spot, name: locationName(row), active: row.active, codeUrl: codes.url(row.id), shortCode: codes.short(row.id) }
}

/** What the audit row shows of a location. */
export const auditedLocation = (row: Pick<LocationRow, 'building' | 'floor' | 'spot' | 'active'>) => ({ building: row.building, floor: row.floor, spot: row.spot, active: row.active })

/** A printable A4 sheet of location codes: the spot, building and floor, the QR, the 编号 and 「扫码报修」. */
export function presentLocationSheet(items: Location[]): Promise<string> {
  return qrLabelSheet({
    title: '报修位置码',
    heading: '扫码报修',
    hint: '发现设施故障，用微信或 e管家 扫码报修；无法扫码时在 e管家 扫码页输入编号',
    empty: '没有可打印的报修地点',
    labels: items.map((item) => ({ url: item.codeUrl, title: item.spot, subtitle: `${item.building} ${item.floor}`, shortCode: item.shortCode })),
  })
}
