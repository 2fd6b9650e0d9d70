import { AppError } from '../lib/errors'
import { fetchJson, TokenCache } from './http-json'

interface DingtalkResult {
  errcode: number
  errmsg: string
}

export interface DingtalkConfig {
  apiBase: string
  appKey: string
  appSecret: string
  agentId: string
}

/**
 * DingTalk internal-app server API (oapi.dingtalk.com): free-login code → user id, work notices.
 * 浙政钉 runs the same H5 app; its gateway (different signing) would be another adapter behind
 * the same interface. Tests and the demo point `apiBase` at simulators/dingtalk.ts.
 */
export class DingtalkClient {
  private readonly accessToken: TokenCache

  constructor(private readonly config: DingtalkConfig) {
    this.accessToken = new TokenCache(async () => {
      const query = new URLSearchParams({ appkey: config.appKey, appsecret: config.appSecret })
      const result = await fetchJson<DingtalkResult & { access_token?: string; expires_in?: number }>(`${config.apiBase}/gettoken?${query}`)
      if (result.errcode !== 0 || !result.access_token) throw new AppError('UPSTREAM_UNAVAILABLE', { dingtalk: result.errcode, errmsg: result.errmsg })
      return { token: result.access_token, expiresInSeconds: result.expires_in ?? 7200 }
    })
  }

  private async withToken<T extends DingtalkResult>(call: (token: string) => Promise<T>): Promise<T> {
    const first = await call(await this.accessToken.get())
    if (first.errcode !== 40014 && first.errcode !== 42001) return first
    this.accessToken.invalidate()
    return call(await this.accessToken.get())
  }

  /** Free-login auth code → DingTalk user id. 40078: the code is unknown, used or expired. */
  async userIdByAuthCode(authCode: string): Promise<{ userId: string; name?: string }> {
    const result = await this.withToken((token) =>
      fetchJson<DingtalkResult & { result?: { userid: string; name?: string } }>(`${this.config.apiBase}/topapi/v2/user/getuserinfo?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body: { code: authCode },
      }),
    )
    if (result.errcode === 40078) throw new AppError('AUTH_DINGTALK_CODE_INVALID', { dingtalk: result.errcode })
    if (result.errcode !== 0 || !result.result) throw new AppError('UPSTREAM_UNAVAILABLE', { dingtalk: result.errcode, errmsg: result.errmsg })
    return { userId: result.result.userid, name: result.result.name }
  }

  /** 工作通知 to one user. */
  async sendWorkNotice(message: { userId: string; title: string; text: string }): Promise<void> {
    const result = await this.withToken((token) =>
      fetchJson<DingtalkResult & { task_id?: number }>(`${this.config.apiBase}/topapi/message/corpconversation/asyncsend_v2?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        body: { agent_id: this.config.agentId, userid_list: message.userId, msg: { msgtype: 'markdown', markdown: { title: message.title, text: `### ${message.title}\n${message.text}` } } },
      }),
    )
    if (result.errcode !== 0) throw new Error(`dingtalk work notice failed: ${result.errcode} ${result.errmsg}`)
  }
}
