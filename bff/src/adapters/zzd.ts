/**
 * 浙政钉 (政务钉钉, 专有钉钉) open-platform client: free-login codes → the signed-in user, and
 * 工作通知 (钉消息). Production: https://openplatform-pro.ding.zj.gov.cn (政务外网); testing:
 * https://openplatform.dg-work.cn. Tests and the demo point `apiBase` at simulators/zzd.ts.
 *
 * Every call is signed (专有钉钉 "接口调用签名", as the official SDKs `zwdd-sdk-java`
 * ExecutableClient and the PHP/C#/Python samples published with it do):
 *   apiKey                  the app key
 *   X-Hmac-Auth-Timestamp   ISO 8601 with milliseconds and the +08:00 offset: 2020-04-13T11:12:53.581+08:00
 *   X-Hmac-Auth-Nonce       13-digit milliseconds + 4 random digits (the SDK samples' "13位时间毫秒数 + 4位随机数")
 *   X-Hmac-Auth-Version     1.0
 *   X-Hmac-Auth-IP / -MAC   the caller's address and MAC (sent by every SDK; not part of the signature)
 *   X-Hmac-Auth-Signature   base64(HMAC-SHA256(appSecret, bytesToSign)) where
 *     bytesToSign = METHOD \n Timestamp \n Nonce \n URI [\n params]
 *     params = the request's parameters sorted by name, `name=value` joined with `&`, values NOT
 *     URL-encoded (the PHP SDK: "Key & value should be UTF-8 encoded w/o url encoding"); the
 *     `\n params` part is left out when there are none.
 * Parameters travel as the query string (GET) or a form body (POST, application/x-www-form-urlencoded).
 * Answers: `{ success, content: { success, data, responseCode, responseMessage } }`; the gateway's
 * own refusals (signature, app key) `{ success: false, errorCode, errorMsg }`.
 */
import { createHmac, randomInt } from 'node:crypto'
import os from 'node:os'
import type { Db } from '../db/client'
import { AppError } from '../lib/errors'
import { fetchJson, SharedToken, sleep, type TokenSealer } from './http-json'

export interface ZzdConfig {
  apiBase: string
  appKey: string
  appSecret: string
  /** the organisation's 租户 id (tenantId / realmId) */
  tenantId: string
  /** where every BFF instance shares the access token; unset: this instance alone */
  db?: Db
  sealer?: TokenSealer
  /** ms before a call counts as unanswered (then: unknown, never refused) */
  timeoutMs?: number
  /** waits before each retry of a call the gateway throttled */
  throttleRetryMs?: readonly number[]
}

/** The signed-in 浙政钉 user, from either answer (phone or PC). */
export interface ZzdUser {
  accountId: string
  /** 人员 code; absent for super-admin accounts (the docs say so) */
  employeeCode: string | null
  name: string
  /** the user's 租户 (tenantId on the PC answer, realmId on the phone's) */
  tenantId: string
}

/** A 工作通知 (钉消息): the `msg` is DingTalk's message JSON, sent as a string parameter. */
export interface ZzdWorkNotification {
  receiverIds: string[]
  /** our delivery id: the platform keeps one message per bizMsgId, so a retry is not a second message */
  bizMsgId: string
  msg: unknown
}

interface ZzdAnswer<T> {
  success?: boolean
  content?: { success?: boolean; data?: T; responseCode?: string; responseMessage?: string }
  errorCode?: string
  errorMsg?: string
}

/** 240111: code失效或不存在 (used, expired, unknown); 240133: 应用accessToken失效或不存在. */
const CODE_INVALID = '240111'
const TOKEN_INVALID = '240133'
const DEFAULT_THROTTLE_RETRY_MS = [200, 500, 1000] as const

export const ZZD_SIGNATURE_VERSION = '1.0'

/** `2020-04-13T11:12:53.581+08:00`: the SDKs' timestamp, in Beijing time whatever the server's zone. */
export function zzdTimestamp(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`
}

/** 13-digit milliseconds + 4 random digits. */
export function zzdNonce(at: Date): string {
  return `${at.getTime()}${randomInt(1000, 10_000)}`
}

/** The parameters as they are signed: sorted by name, raw `name=value`, joined with `&`. */
export function zzdSignedParams(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&')
}

export function zzdSignature(secret: string, request: { method: 'GET' | 'POST'; timestamp: string; nonce: string; uri: string; params: Record<string, string> }): string {
  const params = zzdSignedParams(request.params)
  const bytesToSign = [request.method, request.timestamp, request.nonce, request.uri, ...(params ? [params] : [])].join('\n')
  return createHmac('sha256', secret).update(bytesToSign, 'utf8').digest('base64')
}

/** This host's first non-internal IPv4 address and its MAC (the gateway wants both; it does not sign them). */
function hostAddress(): { ip: string; mac: string } {
  for (const list of Object.values(os.networkInterfaces()))
    for (const entry of list ?? []) if (!entry.internal && entry.family === 'IPv4') return { ip: entry.address, mac: entry.mac }
  return { ip: '127.0.0.1', mac: '00:00:00:00:00:00' }
}

export class ZzdClient {
  private readonly accessToken: SharedToken
  private readonly host = hostAddress()

  constructor(private readonly config: ZzdConfig) {
    this.accessToken = new SharedToken({
      name: `zzd:${config.apiBase}:${config.appKey}`,
      db: config.db,
      sealer: config.sealer,
      // GET /gettoken.json {appkey, appsecret} → content.data {accessToken, expiresIn} (seconds, 7200; a string in the docs' sample)
      fetchToken: async () => {
        const answer = await this.call<{ accessToken?: string; expiresIn?: number | string }>('GET', '/gettoken.json', { appkey: config.appKey, appsecret: config.appSecret })
        const data = answer.content?.data
        if (!answer.success || !answer.content?.success || !data?.accessToken) throw new AppError('UPSTREAM_REJECTED', { zzd: failureCode(answer) }, '浙政钉拒绝签发 access_token，请检查 ZZD_APP_KEY / ZZD_APP_SECRET')
        return { token: data.accessToken, expiresInSeconds: Number(data.expiresIn) || 7200 }
      },
    })
  }

  /**
   * gdt-jsapi `getAuthCode`'s code → the user. The phone's code is exchanged at
   * /rpc/oauth2/dingtalk_app_user.json {access_token, auth_code}; the PC client's at
   * /rpc/oauth2/getuserinfo_bycode.json {access_token, code}, whose answer names the 租户
   * `tenantId` where the phone's says `realmId`. The mini-app cannot always tell which it holds,
   * so a code the phone endpoint does not know (240111) is tried at the PC one — an unknown code
   * is not used up by being refused. Unknown at both: AUTH_ZZD_CODE_INVALID; another 租户's user:
   * the same; no answer: AUTH_PLATFORM_UNAVAILABLE (503, nobody is signed in).
   */
  async userByAuthCode(authCode: string): Promise<ZzdUser> {
    type UserData = { accountId?: number | string; employeeCode?: string; lastName?: string; nickNameCn?: string; realmId?: number | string; tenantId?: number | string }
    try {
      let answer = await this.withToken((token) => this.call<UserData>('POST', '/rpc/oauth2/dingtalk_app_user.json', { access_token: token, auth_code: authCode }, { signIn: true }))
      if (failureCode(answer) === CODE_INVALID) answer = await this.withToken((token) => this.call<UserData>('POST', '/rpc/oauth2/getuserinfo_bycode.json', { access_token: token, code: authCode }, { signIn: true }))
      const data = answer.content?.data
      if (failureCode(answer) === CODE_INVALID) throw new AppError('AUTH_ZZD_CODE_INVALID')
      if (!answer.success || !answer.content?.success || !data?.accountId) throw new AppError('AUTH_PLATFORM_UNAVAILABLE', { zzd: failureCode(answer) })
      const user: ZzdUser = {
        accountId: String(data.accountId),
        employeeCode: data.employeeCode ? String(data.employeeCode) : null,
        name: data.lastName || data.nickNameCn || '',
        tenantId: String(data.tenantId ?? data.realmId ?? ''),
      }
      if (user.tenantId !== this.config.tenantId) throw new AppError('AUTH_ZZD_CODE_INVALID', { tenant: 'other' })
      return user
    } catch (error) {
      if (error instanceof AppError && (error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_REJECTED')) throw new AppError('AUTH_PLATFORM_UNAVAILABLE', error.details)
      throw error
    }
  }

  /**
   * POST /message/workNotification {tenantId, receiverIds (accountIds, comma-separated), bizMsgId,
   * msg (JSON string)} — the params of the SDK's OapiMessageWorkNotificationRequest; the gateway's
   * signature is the credential (no access_token). Throws on any failure, so the outbox retries it:
   * a timeout or 5xx is unknown, and the bizMsgId keeps the retry from being a second message.
   */
  async sendWorkNotification(notification: ZzdWorkNotification): Promise<void> {
    const answer = await this.call<unknown>('POST', '/message/workNotification', {
      tenantId: this.config.tenantId,
      receiverIds: notification.receiverIds.join(','),
      bizMsgId: notification.bizMsgId,
      msg: JSON.stringify(notification.msg),
    })
    if (!answer.success || !answer.content?.success) throw new Error(`浙政钉工作通知发送失败: ${failureCode(answer)} ${answer.content?.responseMessage ?? answer.errorMsg ?? ''}`)
  }

  private async withToken<T>(call: (token: string) => Promise<ZzdAnswer<T>>): Promise<ZzdAnswer<T>> {
    const token = await this.accessToken.get()
    const first = await call(token)
    if (failureCode(first) !== TOKEN_INVALID) return first
    await this.accessToken.invalidate(token)
    return call(await this.accessToken.get())
  }

  /**
   * One signed call. Each attempt is signed afresh (the gateway refuses a nonce it has seen, so a
   * retry of the same bytes would be refused as a replay). A timeout or 5xx is tried again, up to
   * three times — once for sign-in calls (a code is single use); a throttled answer after a wait
   * (nothing was done: safe for every call here).
   */
  private async call<T>(method: 'GET' | 'POST', uri: string, params: Record<string, string>, options: { signIn?: boolean } = {}): Promise<ZzdAnswer<T>> {
    const waits = this.config.throttleRetryMs ?? DEFAULT_THROTTLE_RETRY_MS
    const networkAttempts = options.signIn ? 1 : 3
    for (let attempt = 1, throttled = 0; ; attempt++) {
      let answer: ZzdAnswer<T>
      try {
        answer = await this.send<T>(method, uri, params)
      } catch (error) {
        if (attempt >= networkAttempts) throw error
        await sleep(100 * 2 ** (attempt - 1))
        continue
      }
      if (!isThrottled(answer)) return answer
      if (throttled >= waits.length) throw new AppError('UPSTREAM_UNAVAILABLE', { zzd: failureCode(answer), uri }, '浙政钉接口调用过于频繁，请稍后再试')
      await sleep(waits[throttled++] * (1 + Math.random() * 0.2))
    }
  }

  private send<T>(method: 'GET' | 'POST', uri: string, params: Record<string, string>): Promise<ZzdAnswer<T>> {
    const now = new Date()
    const timestamp = zzdTimestamp(now)
    const nonce = zzdNonce(now)
    const headers = {
      apiKey: this.config.appKey,
      'X-Hmac-Auth-Timestamp': timestamp,
      'X-Hmac-Auth-Nonce': nonce,
      'X-Hmac-Auth-Version': ZZD_SIGNATURE_VERSION,
      'X-Hmac-Auth-IP': this.host.ip,
      'X-Hmac-Auth-MAC': this.host.mac,
      'X-Hmac-Auth-Signature': zzdSignature(this.config.appSecret, { method, timestamp, nonce, uri, params }),
    }
    const url = method === 'GET' ? `${this.config.apiBase}${uri}?${new URLSearchParams(params)}` : `${this.config.apiBase}${uri}`
    return fetchJson<ZzdAnswer<T>>(url, { method, headers, form: method === 'POST' ? params : undefined, timeoutMs: this.config.timeoutMs, attempts: 1 })
  }
}

/** The platform's code for what went wrong: the API's responseCode, or the gateway's errorCode. */
function failureCode(answer: ZzdAnswer<unknown>): string {
  return String(answer.content?.responseCode ?? answer.errorCode ?? 'unknown')
}

/**
 * The gateway's flow control. Its exact answer is not in the documentation we could read; the
 * gateway's error codes name it (Throttling / 流控), so that is what is matched.
 */
function isThrottled(answer: ZzdAnswer<unknown>): boolean {
  return answer.success === false && /throttl|flow.?control|流控|限流/i.test(`${answer.errorCode ?? ''} ${answer.errorMsg ?? ''}`)
}
