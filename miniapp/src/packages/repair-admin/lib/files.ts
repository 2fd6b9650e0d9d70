import { locationsApi, ticketsApi, XLSX } from '@egj/shared'
import { authHeader, errorFromText, fetchBytes, fileUrl } from '../../../api/client'
import { NETWORK_ERROR, openHtmlSheet, type SheetResult } from '../../../utils/files'
import { deliverFile } from '../../../utils/platform'

/*
 * Files behind the bearer token (the location-code label sheet, the statistics workbook): fetched
 * first, since a plain link cannot send the Authorization header.
 */

/** The A4 sheet of location codes: the given ones, or every active one. H5: a new tab to print; weapp: 'use-computer'. */
export function openLocationQrSheet(ids?: number[]): Promise<SheetResult> {
  const query = ids?.length ? { ids: ids.join(',') } : {}
  return openHtmlSheet('正在生成位置码…', () => fetchBytes(locationsApi.qrSheet, { query }))
}

/** 报修统计 of a month as .xlsx: saved (H5) or opened (weapp). */
export function downloadTicketStats(month: string): Promise<void> {
  return deliverFile({
    fileName: `报修统计-${month}.xlsx`,
    mime: XLSX,
    bytes: () => fetchBytes(ticketsApi.statsXlsx, { query: { month } }).then(({ bytes }) => bytes),
    url: fileUrl(ticketsApi.statsXlsx, { query: { month } }),
    header: authHeader(),
    failure: errorFromText,
    networkFailure: NETWORK_ERROR,
  })
}
