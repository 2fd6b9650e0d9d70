/*
 * Pure helpers behind utils/platform.ts: which DingTalk client opened the H5 app, and what its
 * JSAPI answered. No Taro and no TARO_ENV here, so unit tests can run them in Node.
 *
 * 浙政钉 is a 专有钉钉 ("Taurus") client. Its user agent carries `TaurusApp(<app>/<version>)`;
 * phone clients may or may not add "DingTalk" (gdt-jsapi 1.9.51's own invoker: TaurusApp with
 * DingTalk → DingTalk container, without → mPaaS container), and the Windows client adds
 * `dingtalk-win` (gdt-jsapi's PC check; dingtalk-jsapi 3.x calls the same pair `gdtPc`).
 * Public DingTalk says "DingTalk" and never "TaurusApp".
 */

/** Opened inside 浙政钉 (phone or PC). */
export function isZzdUserAgent(ua: string): boolean {
  return /TaurusApp/i.test(ua)
}

/** Opened inside 浙政钉's PC client: no scanner there, and its auth code comes as `auth_code`. */
export function isZzdPcUserAgent(ua: string): boolean {
  return isZzdUserAgent(ua) && /dingtalk-win/i.test(ua)
}

/** Opened inside public DingTalk (a corp internal app), not 浙政钉. */
export function isPublicDingTalkUserAgent(ua: string): boolean {
  return /DingTalk/i.test(ua) && !isZzdUserAgent(ua)
}

/**
 * The free-login code from gdt-jsapi's `getAuthCode`: phone clients answer `{ code }`, the PC
 * client `{ auth_code }` (gdt-jsapi's type declares both). null when neither is a usable string.
 */
export function zzdAuthCodeOf(answer: unknown): string | null {
  if (!answer || typeof answer !== 'object') return null
  const { code, auth_code: authCode } = answer as { code?: unknown; auth_code?: unknown }
  for (const value of [code, authCode]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  return null
}

/** The text a DingTalk / 浙政钉 scanner answered (`{ text }`), or null. */
export function scannedTextOf(answer: unknown): string | null {
  if (!answer || typeof answer !== 'object') return null
  const { text } = answer as { text?: unknown }
  return typeof text === 'string' && text !== '' ? text : null
}

/**
 * Whether a JSAPI failure is the user closing the scanner (or the auth sheet): gdt-jsapi rejects
 * with the bridge's `{ errorCode: '-1' }` (its BRIDGE_ERROR_CODE.CANCEL); dingtalk-jsapi with an
 * errorMessage that says so.
 */
export function isJsapiCancel(error: unknown): boolean {
  if (error && typeof error === 'object' && String((error as { errorCode?: unknown }).errorCode) === '-1') return true
  let text: string
  try {
    text = typeof error === 'string' ? error : (JSON.stringify(error) ?? '')
  } catch {
    return false
  }
  return /cancel|取消/i.test(text)
}
