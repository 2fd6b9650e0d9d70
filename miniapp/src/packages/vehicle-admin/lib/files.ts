import { vehicleAdminApi } from '@egj/shared'
import { ApiError, authHeader, errorFromText, fetchBytes, fileUrl, utf8Decode } from '../../../api/client'
import { deliverFile, openPrintTab } from '../../../utils/platform'

/*
 * Files behind the bearer token (car codes, the printable sheet, the monthly .xlsx): fetched
 * first, since a plain <img src> or link cannot send the Authorization header.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer)
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0
    out += B64[a >> 2] + B64[((a & 3) << 4) | (b >> 4)]
    out += i + 1 < bytes.length ? B64[((b & 15) << 2) | (c >> 6)] : '='
    out += i + 2 < bytes.length ? B64[c & 63] : '='
  }
  return out
}

/** A car's code as a data URL for <Image>. */
export async function vehicleQrDataUrl(vehicleId: number): Promise<string> {
  const { bytes } = await fetchBytes(vehicleAdminApi.vehicleQrPng, { params: { id: vehicleId } })
  return `data:image/png;base64,${toBase64(bytes)}`
}

/** A report's photo as a data URL. */
export async function reportPhotoDataUrl(reportId: number): Promise<string> {
  const { bytes, header } = await fetchBytes(vehicleAdminApi.reportPhoto, { params: { id: reportId } })
  const type = header['content-type'] ?? header['Content-Type'] ?? 'image/jpeg'
  return `data:${type.split(';')[0]};base64,${toBase64(bytes)}`
}

export type SheetResult = 'opened' | 'blocked' | 'use-computer'

/** The A4 sheet of every car's code: a new tab to print (H5); weapp cannot print. */
export function openVehicleQrSheet(): Promise<SheetResult> {
  const tab = openPrintTab('正在生成车辆码…')
  if (tab === 'unsupported') return Promise.resolve('use-computer')
  if (tab === 'blocked') return Promise.resolve('blocked')
  return fetchBytes(vehicleAdminApi.qrSheet).then(
    ({ bytes }) => {
      tab.show(utf8Decode(new Uint8Array(bytes)))
      return 'opened' as const
    },
    (error: unknown) => {
      tab.close()
      throw error
    },
  )
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
    networkFailure: () => new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试'),
  })
}
