/*
 * Where a weapp build sends its API requests, and under which appid it is uploaded.
 *
 * A mini-program has no origin of its own: a relative URL reaches nothing, so the weapp build must
 * carry an absolute API base. WeChat only lets a released mini-program call https:// domains on its
 * 服务器域名 list, so a release build (`build:weapp:release`, i.e. `taro build --mode release`)
 * refuses to build without one, and without a real appid. A development build warns and uses
 * the BFF on this machine (WeChat DevTools with 不校验合法域名 ticked) under the tourist appid.
 * H5 is served by the BFF itself: same origin, relative URLs.
 */

export const RELEASE_MODE = 'release'
/** `pnpm start` / `pnpm --filter @egj/bff dev` listen on 3000 (bff/src/env.ts PORT) */
export const LOCAL_API_BASE = 'http://127.0.0.1:3000'
/** WeChat DevTools' 测试号 (tourist) appid: opens anywhere, uploads nowhere */
export const TOURIST_APPID = 'touristappid'

const HTTPS_BASE = /^https:\/\/[^/\s?#]+(\/[^\s?#]*)?$/
const APPID = /^wx[0-9a-f]{16}$/

export interface WeappTarget {
  apiBase: string
  appId: string
  warnings: string[]
}

export class WeappConfigError extends Error {}

export function resolveWeappTarget(env: Record<string, string | undefined>, mode: string): WeappTarget {
  const apiBase = (env.TARO_APP_API_BASE ?? '').trim().replace(/\/+$/, '')
  const appId = (env.TARO_APP_ID ?? '').trim()
  if (mode === RELEASE_MODE) {
    const problems: string[] = []
    if (!HTTPS_BASE.test(apiBase) || /^https:\/\/(localhost|127\.|\[::1\])/.test(apiBase))
      problems.push(
        `TARO_APP_API_BASE 必须是小程序后台「服务器域名」中的 https:// 地址（现为 ${apiBase ? `"${apiBase}"` : '空'}）。\n` +
          `  TARO_APP_API_BASE must be the https:// origin of the BFF listed under 服务器域名 (now ${apiBase ? `"${apiBase}"` : 'empty'}).`,
      )
    if (!APPID.test(appId))
      problems.push(
        `TARO_APP_ID 必须是小程序的 AppID（wx 加 16 位十六进制，开发管理 → 开发设置；现为 ${appId ? `"${appId}"` : '空'}）。\n` +
          `  TARO_APP_ID must be the mini-program's AppID (wx + 16 hex digits; now ${appId ? `"${appId}"` : 'empty'}).`,
      )
    if (problems.length)
      throw new WeappConfigError(
        `\n✖ 发布版小程序无法构建 / refusing to build the weapp for release:\n  ${problems.join('\n  ')}\n` +
          '  例 / e.g. TARO_APP_API_BASE=https://egj.example.gov.cn TARO_APP_ID=wx0123456789abcdef pnpm --filter @egj/miniapp build:weapp:release\n',
      )
    return { apiBase, appId, warnings: [] }
  }
  const warnings: string[] = []
  if (!apiBase)
    warnings.push(
      `未设置 TARO_APP_API_BASE：开发版小程序请求 ${LOCAL_API_BASE}（微信开发者工具须勾选「不校验合法域名」）。\n` +
        `  TARO_APP_API_BASE is not set: this development weapp build calls ${LOCAL_API_BASE} (tick 不校验合法域名 in WeChat DevTools).`,
    )
  if (!appId) warnings.push(`未设置 TARO_APP_ID：使用测试号 ${TOURIST_APPID}。 / TARO_APP_ID is not set: using ${TOURIST_APPID}.`)
  return { apiBase: apiBase || LOCAL_API_BASE, appId: appId || TOURIST_APPID, warnings }
}
