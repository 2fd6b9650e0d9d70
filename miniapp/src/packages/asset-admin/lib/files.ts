import { assetsApi, assetStatsApi, assetStocktakesApi, XLSX } from '@egj/shared'
import { authHeader, errorFromText, fetchBytes, fileUrl } from '../../../api/client'
import { imageDataUrl, NETWORK_ERROR, openHtmlSheet, type SheetResult } from '../../../utils/files'
import { deliverFile } from '../../../utils/platform'
import { todayInShanghai } from '../../../utils/time'

/*
 * Files behind the bearer token (an asset's code, the printable label sheet, the workbooks):
 * fetched first, since a plain <image src> or link cannot send the Authorization header.
 */

/** An asset's code as a data URL for <Image>. */
export async function assetQrDataUrl(assetId: number): Promise<string> {
  const { bytes } = await fetchBytes(assetsApi.qrPng, { params: { id: assetId } })
  return imageDataUrl(bytes)
}

/** The A4 label sheet: the given assets, or every asset of the caller's unit. H5: a new tab to print; weapp: 'use-computer'. */
export function openAssetQrSheet(ids?: number[]): Promise<SheetResult> {
  const query = ids?.length ? { ids: ids.join(',') } : {}
  return openHtmlSheet('正在生成资产码…', () => fetchBytes(assetsApi.qrSheet, { query }))
}

const delivery = (fileName: string, bytes: () => Promise<ArrayBuffer>, url: string) =>
  deliverFile({ fileName, mime: XLSX, bytes, url, header: authHeader(), failure: errorFromText, networkFailure: NETWORK_ERROR })

/** 公物仓统计 of a month as .xlsx. */
export function downloadAssetStats(month: string): Promise<void> {
  return delivery(
    `公物仓统计-${month}.xlsx`,
    () => fetchBytes(assetStatsApi.statsXlsx, { query: { month } }).then(({ bytes }) => bytes),
    fileUrl(assetStatsApi.statsXlsx, { query: { month } }),
  )
}

/** A stocktake's result (盘到、盘亏、外单位、借出中) as .xlsx. */
export function downloadStocktake(id: number): Promise<void> {
  return delivery(
    `资产盘点-${todayInShanghai()}.xlsx`,
    () => fetchBytes(assetStocktakesApi.xlsx, { params: { id } }).then(({ bytes }) => bytes),
    fileUrl(assetStocktakesApi.xlsx, { params: { id } }),
  )
}
