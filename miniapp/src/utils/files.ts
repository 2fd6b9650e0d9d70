import { ApiError, utf8Decode } from '../api/client'
import { openPrintTab } from './platform'

/*
 * Files behind the bearer token (QR codes, printable sheets, workbooks) for the admin pages of
 * every module: a plain <img src> or link cannot send the Authorization header, so each is
 * fetched first. What differs between H5 and weapp lives in utils/platform.ts.
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

/** A fetched image as a data URL for <Image>. */
export const imageDataUrl = (bytes: ArrayBuffer, type = 'image/png') => `data:${type};base64,${toBase64(bytes)}`

export type SheetResult = 'opened' | 'blocked' | 'use-computer'

/**
 * A printable HTML sheet (QR codes, nameplates). H5: a new tab to print, opened inside the tap,
 * before the fetch, so no pop-up blocker stops it. weapp cannot print: 'use-computer'.
 */
export function openHtmlSheet(loadingTitle: string, load: () => Promise<{ bytes: ArrayBuffer }>): Promise<SheetResult> {
  const tab = openPrintTab(loadingTitle)
  if (tab === 'unsupported') return Promise.resolve('use-computer')
  if (tab === 'blocked') return Promise.resolve('blocked')
  return load().then(
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

/** A download that never reached the BFF. */
export const NETWORK_ERROR = () => new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
