import { AppError } from '../lib/errors'
import { fetchJson, TokenCache } from './http-json'

/** WeChat's error envelope: errcode 0 (or absent) is success. */
interface WechatResult {
  errcode?: number
  errmsg?: string
}

/** errcodes meaning the access token went stale: refresh once and try again */
const TOKEN_ERRORS = new Set([40001, 40014, 42001])

export interface WechatConfig {
  apiBase: string
  appId: string
  secret: string
}

/**
 * WeChat mini-program server API (api.weixin.qq.com): login, phone number, subscribe messages.
 * Tests and the demo point `apiBase` at the local simulator (simulators/wechat.ts).
 */
export class WechatMiniProgramClient {
  private readonly accessToken: TokenCache

  constructor(private readonly config: WechatConfig) {
    // stable_token, not /cgi-bin/token: several BFF instances fetching tokens must not invalidate each other's.
    this.accessToken = new TokenCache(async () => {
      const result = await fetchJson<WechatResult & { access_token?: string; expires_in?: number }>(`${config.apiBase}/cgi-bin/stable_token`, {
        method: 'POST',
        body: { grant_type: 'client_credential', appid: config.appId, secret: config.secret, force_refresh: false },
      })
      if (!result.access_token) throw new AppError('UPSTREAM_UNAVAILABLE', { wechat: result.errcode, errmsg: result.errmsg })
      return { token: result.access_token, expiresInSeconds: result.expires_in ?? 7200 }
    })
  }

  /** `wx.login()` code → openid. Rejected codes (40029 invalid, 40163 used) are the user's 401. */
  async code2Session(code: string): Promise<{ openid: string; unionid?: string }> {
    const query = new URLSearchParams({ appid: this.config.appId, secret: this.config.secret, js_code: code, grant_type: 'authorization_code' })
    const result = await fetchJson<WechatResult & { openid?: string; unionid?: string; session_key?: string }>(`${this.config.apiBase}/sns/jscode2session?${query}`)
    if (result.errcode === 40029 || result.errcode === 40163 || result.errcode === 40226) throw new AppError('AUTH_WECHAT_CODE_INVALID', { wechat: result.errcode })
    if (result.errcode || !result.openid) throw new AppError('UPSTREAM_UNAVAILABLE', { wechat: result.errcode, errmsg: result.errmsg })
    return { openid: result.openid, unionid: result.unionid }
  }

  private async withToken<T extends WechatResult>(call: (token: string) => Promise<T>): Promise<T> {
    const first = await call(await this.accessToken.get())
    if (!first.errcode || !TOKEN_ERRORS.has(first.errcode)) return first
    this.accessToken.invalidate()
    return call(await this.accessToken.get())
  }

  /** The `getPhoneNumber` button's code → the user's verified mobile number. */
  async phoneNumber(phoneCode: string): Promise<string> {
    const result = await this.withToken((token) =>
      fetchJson<WechatResult & { phone_info?: { purePhoneNumber: string } }>(`${this.config.apiBase}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body: { code: phoneCode },
      }),
    )
    if (result.errcode === 40029) throw new AppError('AUTH_WECHAT_CODE_INVALID', { wechat: result.errcode })
    if (result.errcode || !result.phone_info) throw new AppError('UPSTREAM_UNAVAILABLE', { wechat: result.errcode, errmsg: result.errmsg })
    return result.phone_info.purePhoneNumber
  }

  /** A subscribe message; 43101 means the user has not subscribed (not an error worth retrying). */
  async sendSubscribeMessage(message: { openid: string; templateId: string; page?: string; data: Record<string, string> }): Promise<'sent' | 'refused'> {
    const data = Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }]))
    const result = await this.withToken((token) =>
      fetchJson<WechatResult>(`${this.config.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body: { touser: message.openid, template_id: message.templateId, page: message.page, data, miniprogram_state: 'formal', lang: 'zh_CN' },
        // once: a send that timed out may have been delivered (and spent the user's 允许); the delivery job decides on a retry
        attempts: 1,
      }),
    )
    if (result.errcode === 43101) return 'refused'
    if (result.errcode) throw new Error(`wechat subscribe send failed: ${result.errcode} ${result.errmsg}`)
    return 'sent'
  }
}
