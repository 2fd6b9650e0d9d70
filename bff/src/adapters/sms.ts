import { createHmac, randomUUID } from 'node:crypto'

/**
 * Alibaba Cloud SMS (短信服务, dysmsapi 2017-05-25), action `SendSms`, over its RPC-style API:
 * every parameter in the form body, signed with signature version 1.0 — HMAC-SHA1, keyed with
 * `<AccessKeySecret>&`, over `POST&%2F&<percent-encoded canonical query>` where the canonical query
 * is the parameters (all but Signature) sorted by name, each name and value percent-encoded as
 * RFC 3986 (space %20, `*` %2A, `~` kept) and joined with `=` and `&`. Each request carries a fresh
 * SignatureNonce and a UTC Timestamp (yyyy-MM-ddTHH:mm:ssZ); the answer is JSON whose `Code` is
 * `OK` when the message was accepted.
 *
 * The message: the console's template `TemplateCode` with one variable, `${content}`, and the
 * signature `SignName` (shown as 【e管家】 at the start of the text).
 */
export interface SmsConfig {
  apiBase: string
  accessKeyId: string
  accessKeySecret: string
  signName: string
  templateCode: string
  timeoutMs?: number
}

export interface SmsAnswer {
  Code: string
  Message?: string
  RequestId?: string
  BizId?: string
}

/** RFC 3986 encoding as the RPC signature wants it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~').replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The signature of a request's parameters (Signature itself left out). */
export function rpcSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key])}`)
    .join('&')
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64')
}

/** UTC, seconds, as Alibaba Cloud's RPC APIs take it. */
const timestamp = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** The text after the signature: what `${content}` carries (the 【签名】 is added by the SMS service). */
export const smsContent = (text: string, signName: string) => text.replace(new RegExp(`^【${signName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}】`), '')

export class SmsClient {
  constructor(private readonly config: SmsConfig) {}

  /**
   * Sends one text. Resolves once the service said OK; throws otherwise — a refusal with its
   * code, and a timeout or a 5xx as "unknown" (the delivery job tries again later; it never
   * tells anyone the message went).
   */
  async send(mobile: string, text: string): Promise<{ bizId: string | null }> {
    const { config } = this
    const params: Record<string, string> = {
      AccessKeyId: config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: mobile,
      RegionId: 'cn-hangzhou',
      SignName: config.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: config.templateCode,
      TemplateParam: JSON.stringify({ content: smsContent(text, config.signName) }),
      Timestamp: timestamp(new Date()),
      Version: '2017-05-25',
    }
    params.Signature = rpcSignature('POST', params, config.accessKeySecret)
    const body = Object.entries(params)
      .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
      .join('&')
    let response: Response
    try {
      response = await fetch(`${config.apiBase.replace(/\/+$/, '')}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      })
    } catch (error) {
      throw new Error(`短信发送结果未知（${String(error)}），稍后重试`)
    }
    if (response.status >= 500) throw new Error(`短信发送结果未知（HTTP ${response.status}），稍后重试`)
    const answer = (await response.json().catch(() => null)) as SmsAnswer | null
    if (!answer) throw new Error(`短信发送结果未知（HTTP ${response.status}，无法解析的应答），稍后重试`)
    if (answer.Code !== 'OK') throw new Error(`短信被拒绝：${answer.Code} ${answer.Message ?? ''}`.trim())
    return { bizId: answer.BizId ?? null }
  }
}
