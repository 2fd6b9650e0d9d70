import Taro from '@tarojs/taro'
import { mealMerchantsApi, mealSettlementApi } from '@egj/shared'
import { ApiError, authHeader, errorFromText, fetchBytes, fileUrl, utf8Decode } from '../../../api/client'
import { deliverFile, openPrintTab } from '../../../utils/platform'

/*
 * Files behind the bearer token (window QR codes, the printable sheet, the monthly .xlsx): a plain
 * <img src> or link cannot send the Authorization header, so each is fetched first. What differs
 * between H5 and weapp lives in utils/platform.ts.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Bytes → base64, the same on every platform (Taro's H5 arrayBufferToBase64 expects a typed array, weapp's a buffer). */
export function toBase64(buffer: ArrayBuffer): string {
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

/** A window's code as a data URL for <Image>. */
export async function windowQrDataUrl(windowId: number): Promise<string> {
  const { bytes } = await fetchBytes(mealMerchantsApi.windowQrPng, { params: { id: windowId } })
  return `data:image/png;base64,${toBase64(bytes)}`
}

export type SheetResult = 'opened' | 'blocked' | 'use-computer'

/**
 * The A4 sheet of all a merchant's window codes. H5: opened in a new tab to print (the tab is
 * opened inside the tap, before the fetch, so the browser does not block it as a pop-up).
 * weapp cannot print: 'use-computer'.
 */
export function openQrSheet(merchantId: number): Promise<SheetResult> {
  const tab = openPrintTab('正在生成窗口码…')
  if (tab === 'unsupported') return Promise.resolve('use-computer')
  if (tab === 'blocked') return Promise.resolve('blocked')
  return fetchBytes(mealMerchantsApi.qrSheet, { params: { id: merchantId } }).then(
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

/** Saves (H5) or opens (weapp) the monthly settlement workbook. */
export function downloadSettlement(month: string, by: 'merchant' | 'unit'): Promise<void> {
  return deliverFile({
    fileName: `公务餐结算-${month}-${by === 'merchant' ? '按商户' : '按单位'}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: () => fetchBytes(mealSettlementApi.monthly, { query: { month, by } }).then(({ bytes }) => bytes),
    url: fileUrl(mealSettlementApi.monthly, { query: { month, by } }),
    header: authHeader(),
    failure: errorFromText,
    networkFailure: () => new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试'),
  })
}

/** Copies text, with the platform's own "copied" toast. */
export function copyText(text: string): Promise<void> {
  return Taro.setClipboardData({ data: text }).then(() => undefined)
}
