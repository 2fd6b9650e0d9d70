import { ASSET_LIFE_YEARS, shanghaiDate, type AssetCategory, type AssetListItem } from '@egj/shared'
import type { QrSigner } from '../../../lib/qr'
import type { AssetRow } from './asset.repo'

/** Where an asset's code and photos live: every presenter of an asset gets these from its service. */
export interface AssetLinks {
  /** the printed code's URL (`/q/a/<token>`): one for the asset's life */
  url(assetId: number): string
  /** the typable 编号 under the QR, e.g. A12-7KQ4PX */
  short(assetId: number): string
  /** a photo's signed address: an <image> loads it without a token */
  photo(photoId: number): string
}

export const PHOTO_LINK_PURPOSE = 'asset-photo'

export function assetLinks(qr: QrSigner): AssetLinks {
  return {
    url: (id) => qr.url('a', id),
    short: (id) => qr.shortCode('a', id),
    photo: (photoId) => qr.publicUrl(`/api/v1/asset-photos/${qr.linkToken(PHOTO_LINK_PURPOSE, photoId)}`),
  }
}

/**
 * Straight-line residual value today: the original value written down over the category's life
 * (ASSET_LIFE_YEARS), by whole months since it was acquired, never below zero.
 */
export function residualValueFen(asset: { originalValueFen: number; acquiredOn: string; category: AssetCategory }, at: Date): number {
  const today = shanghaiDate(at)
  const months = (Number(today.slice(0, 4)) - Number(asset.acquiredOn.slice(0, 4))) * 12 + (Number(today.slice(5, 7)) - Number(asset.acquiredOn.slice(5, 7)))
  const lifeMonths = ASSET_LIFE_YEARS[asset.category] * 12
  return Math.max(0, Math.round((asset.originalValueFen * (lifeMonths - Math.max(0, months))) / lifeMonths))
}

/** An asset as lists show it. */
export function presentAssetItem(row: AssetRow, photoIds: number[], links: AssetLinks): AssetListItem {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    condition: row.condition,
    unitId: row.unitId,
    unitName: row.unitName,
    status: row.status,
    photoUrls: photoIds.map((photoId) => links.photo(photoId)),
    code: links.url(row.id),
    shortCode: links.short(row.id),
    brand: row.brand,
    model: row.model,
    location: row.location,
    originalValueFen: row.originalValueFen,
  }
}
