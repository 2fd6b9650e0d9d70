import { roomAdminApi } from '@egj/shared'
import { authHeader, errorFromText, fetchBytes, fileUrl, utf8Decode } from '../../../api/client'
import { deliverFile, openPrintTab } from '../../../utils/platform'
import { NETWORK_ERROR, type SheetResult } from '../../../utils/rooms'

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Bytes → base64, the same on every platform. */
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

/** A room's door code as a data URL for <Image> (the PNG is behind the bearer token). */
export async function doorQrDataUrl(roomId: number): Promise<string> {
  const { bytes } = await fetchBytes(roomAdminApi.qrPng, { params: { id: roomId } })
  return `data:image/png;base64,${toBase64(bytes)}`
}

/** The A4 sheet of every room's door code: a new tab to print (H5); weapp: 'use-computer'. */
export function openDoorSheet(): Promise<SheetResult> {
  const tab = openPrintTab('正在生成门牌码…')
  if (tab === 'unsupported') return Promise.resolve('use-computer')
  if (tab === 'blocked') return Promise.resolve('blocked')
  return fetchBytes(roomAdminApi.qrSheet).then(
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
