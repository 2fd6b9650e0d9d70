import { vehicleAdminApi } from '@egj/shared'
import { authHeader, errorFromText, fetchBytes, fileUrl } from '../../../api/client'
import { imageDataUrl, NETWORK_ERROR, openHtmlSheet, type SheetResult } from '../../../utils/files'
import { deliverFile } from '../../../utils/platform'

/*
 * Files behind the bearer token (car codes, the printable sheet, the monthly .xlsx): fetched
 * first, since a plain <img src> or link cannot send the Authorization header.
 */


/** A car's code as a data URL for <Image>. */
export async function vehicleQrDataUrl(vehicleId: number): Promise<string> {
  const { bytes } = await fetchBytes(vehicleAdminApi.vehicleQrPng, { params: { id: vehicleId } })
  return imageDataUrl(bytes)
}

/** A report's photo as a data URL. */
export async function reportPhotoDataUrl(reportId: number): Promise<string> {
  const { bytes, header } = await fetchBytes(vehicleAdminApi.reportPhoto, { params: { id: reportId } })
  const type = header['content-type'] ?? header['Content-Type'] ?? 'image/jpeg'
  return imageDataUrl(bytes, type.split(';')[0])
}

/** The A4 sheet of every car's code: a new tab to print (H5); weapp cannot print. */
export function openVehicleQrSheet(): Promise<SheetResult> {
  return openHtmlSheet('正在生成车辆码…', () => fetchBytes(vehicleAdminApi.qrSheet))
}

/** Saves (H5) or opens (weapp) the month's statistics workbook. */
export function downloadVehicleStats(month: string): Promise<void> {
  return deliverFile({
    fileName: `公务用车统计-${month}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: () => fetchBytes(vehicleAdminApi.statsXlsx, { query: { month } }).then(({ bytes }) => bytes),
    url: fileUrl(vehicleAdminApi.statsXlsx, { query: { month } }),
    header: authHeader(),
    failure: errorFromText,
    networkFailure: NETWORK_ERROR,
  })
}
