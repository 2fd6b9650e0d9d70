import Taro from '@tarojs/taro'

/*
 * Every `process.env.TARO_ENV` branch of the app lives in this file. Taro replaces the variable
 * at build time, so the branches for other platforms (and their dynamic imports) are dropped.
 */

export const IS_WEAPP = process.env.TARO_ENV === 'weapp'
export const IS_H5 = process.env.TARO_ENV === 'h5'

/** H5 opened inside DingTalk or 浙政钉 (both put "DingTalk" in the user agent). */
export function isDingTalk(): boolean {
  if (process.env.TARO_ENV === 'h5') return /DingTalk/i.test(navigator.userAgent)
  return false
}

/** How this copy of the app signs people in. */
export type LoginMethod = 'wechat' | 'dingtalk' | 'browser'
export function loginMethod(): LoginMethod {
  if (process.env.TARO_ENV === 'weapp') return 'wechat'
  return isDingTalk() ? 'dingtalk' : 'browser'
}

/** weapp: the one-time code from wx.login for POST /api/v1/auth/wechat. */
export async function wechatLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    const { code } = await Taro.login()
    if (!code) throw new Error('wx.login returned no code')
    return code
  }
  throw new Error('微信登录仅在微信小程序中可用')
}

/** DingTalk / 浙政钉 H5: the free-login auth code for POST /api/v1/auth/dingtalk. */
export async function dingtalkAuthCode(): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const corpId = process.env.TARO_APP_DINGTALK_CORP_ID
    if (!corpId) throw new Error('未配置钉钉企业 corpId（TARO_APP_DINGTALK_CORP_ID）')
    // loaded only here: browsers outside DingTalk never download the SDK
    const { requestAuthCode$ } = await import(
      /* webpackChunkName: "dingtalk" */ 'dingtalk-jsapi/api/runtime/permission/requestAuthCode'
    )
    const { code } = await requestAuthCode$({ corpId })
    return code
  }
  throw new Error('钉钉登录仅在钉钉中可用')
}

/** The H5 camera page; in weapp the native scanner is used instead. */
export const SCANNER_PAGE = '/packages/scanner/pages/index/index'

/**
 * Asks for a scanned code's text. weapp: WeChat's scanner. DingTalk: its scanner.
 * Other H5: opens our camera page, which routes the result itself, so this resolves null.
 * Also null when the user cancels.
 */
export async function scanCode(): Promise<string | null> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      return result ?? null
    } catch {
      return null // cancelled
    }
  }
  if (process.env.TARO_ENV === 'h5') {
    if (isDingTalk()) {
      try {
        const { scan$ } = await import(/* webpackChunkName: "dingtalk-scan" */ 'dingtalk-jsapi/api/biz/util/scan')
        const res = await scan$({ type: 'qr' })
        return typeof res.text === 'string' ? res.text : null
      } catch {
        // an old client or a denied permission: fall back to our camera page
      }
    }
    await Taro.navigateTo({ url: SCANNER_PAGE })
    return null
  }
  return null
}

/** Our own camera page works only where the DOM has getUserMedia (H5). */
export const HAS_CAMERA_PAGE = IS_H5

export type QrDecoder = typeof import('jsqr').default

/** jsQR, fetched on demand so it is not in the H5 main bundle (nor in weapp at all). */
export async function loadQrDecoder(): Promise<QrDecoder> {
  if (process.env.TARO_ENV === 'h5') {
    const mod = await import(/* webpackChunkName: "jsqr" */ 'jsqr')
    return mod.default
  }
  throw new Error('QR decoding from the camera is H5-only')
}
