import { roomAdminApi } from '@egj/shared'
import { authHeader, errorFromText, fetchBytes, fileUrl } from '../../../api/client'
import { imageDataUrl, NETWORK_ERROR, openHtmlSheet, type SheetResult } from '../../../utils/files'
import { deliverFile } from '../../../utils/platform'


/** A room's door code as a data URL for <Image> (the PNG is behind the bearer token). */
export async function doorQrDataUrl(roomId: number): Promise<string> {
  const { bytes } = await fetchBytes(roomAdminApi.qrPng, { params: { id: roomId } })
  return imageDataUrl(bytes)
}

/** The A4 sheet of every room's door code: a new tab to print (H5); weapp: 'use-computer'. */
export function openDoorSheet(): Promise<SheetResult> {
  return openHtmlSheet('正在生成门牌码…', () => fetchBytes(roomAdminApi.qrSheet))
}

/** Saves (H5) or opens (weapp) the month's statistics workbook. */
export function downloadStats(month: string): Promise<void> {
  return deliverFile({
    fileName: `会议室统计-${month}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: () => fetchBytes(roomAdminApi.statsXlsx, { query: { month } }).then(({ bytes }) => bytes),
    url: fileUrl(roomAdminApi.statsXlsx, { query: { month } }),
    header: authHeader(),
    failure: errorFromText,
    networkFailure: NETWORK_ERROR,
  })
}
