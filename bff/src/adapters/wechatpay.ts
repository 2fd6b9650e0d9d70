/**
 * WeChat Pay API v3 (api.mch.weixin.qq.com) for a 直连商户 paying in the mini-program (JSAPI):
 * order, query, close, refund, trade bill, and the payment/refund notifications we receive.
 * Tests and the demo point `apiBase` at the local simulator (simulators/wechatpay.ts).
 *
 * Why no SDK: `wechatpay-node-v3` (2.2.1, the maintained npm one) verifies with platform *certificates*
 * only; the 微信支付公钥 mode (PUB_KEY_ID_…) that new merchants must use is an open request there
 * (klover2/wechatpay-node-v3-ts#87, support only in an unmerged PR), it wants the merchant certificate
 * file, brings superagent, and leaves timeouts and retries to us anyway. The protocol itself is three
 * node:crypto primitives (RSA-SHA256 sign, RSA-SHA256 verify, AES-256-GCM open), so we own them here.
 */
import { createDecipheriv, createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../lib/errors'

export interface WechatPayConfig {
  /** https://api.mch.weixin.qq.com in production */
  apiBase: string
  mchid: string
  /** the mini-program's appid the merchant is bound to */
  appid: string
  /** serial of our merchant API certificate (商户API证书序列号) */
  merchantSerialNo: string
  merchantPrivateKeyPem: string
  /** 32-char APIv3 key (APIv3密钥): decrypts notification resources */
  apiV3Key: string
  /** 微信支付公钥 and its id (PUB_KEY_ID_…): verifies responses and notifications */
  platformPublicKeyPem: string
  platformPublicKeyId: string
  notifyUrl: string
  timeoutMs?: number
  /** attempts for network errors, 5xx and 429 (every call here is idempotent on WeChat's side) */
  attempts?: number
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR'
export type RefundStatus = 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED'

/** What `wx.requestPayment` takes, signed by us. */
export interface JsapiPayParams {
  appId: string
  timeStamp: string
  nonceStr: string
  package: string
  signType: 'RSA'
  paySign: string
}

export interface OrderStatus {
  tradeState: TradeState
  tradeStateDesc?: string
  transactionId?: string
  amountFen: number
  successTime?: Date
  payerOpenid?: string
}

export interface TradeBillRow {
  tradeTime: Date
  transactionId: string
  outTradeNo: string
  openid: string
  /** SUCCESS for a payment line, REFUND for a refund line */
  tradeState: string
  /** 应结订单金额 in fen (0 on refund lines) */
  amountFen: number
  /** 退款金额 in fen (0 on payment lines) */
  refundFen: number
  outRefundNo?: string
  refundId?: string
  description: string
  attach?: string
  /** 手续费 in fen; negative on refund lines (the fee WeChat gives back) */
  feeFen: number
}

export interface TradeBillSummary {
  tradeCount: number
  settlementTotalFen: number
  refundTotalFen: number
  feeTotalFen: number
  orderTotalFen: number
  requestedRefundTotalFen: number
}

/** Decrypted `resource` of TRANSACTION.SUCCESS (the fields we rely on). */
export interface WechatPayTransactionResource {
  appid: string
  mchid: string
  out_trade_no: string
  transaction_id: string
  trade_type: string
  trade_state: TradeState
  trade_state_desc: string
  success_time: string
  attach?: string
  payer: { openid: string }
  amount: { total: number; payer_total: number; currency: string }
}

/** Decrypted `resource` of REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED. */
export interface WechatPayRefundResource {
  mchid: string
  out_trade_no: string
  transaction_id: string
  out_refund_no: string
  refund_id: string
  refund_status: RefundStatus
  success_time?: string
  amount: { total: number; refund: number; payer_total: number; payer_refund: number }
}

export interface WechatPayNotification<R = Record<string, unknown>> {
  id: string
  eventType: string
  createTime: Date
  summary: string
  resource: R
}

/** Anything that proves a message did not come from WeChat: we never act on it, and we never retry it. */
export class WechatPaySignatureError extends Error {
  override readonly name = 'WechatPaySignatureError'
}

/** WeChat answered 4xx with `{code, message}`; `verified` says whether that answer carried a valid signature. */
export class WechatPayApiError extends Error {
  override readonly name = 'WechatPayApiError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly verified: boolean,
  ) {
    super(message)
  }
}

/** Our reply to a notification we could not take: WeChat retries on 4xx/5xx with this body. */
export const notifyFailBody = (message: string) => ({ code: 'FAIL', message })

/** WeChat rejects (and we reject) signed messages whose timestamp is further off than this. */
const MAX_SKEW_SECONDS = 5 * 60
const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048'

/** WeChat's time format: RFC 3339 in Beijing time, e.g. 2026-11-21T12:00:00+08:00 (China has no DST). */
export function wechatPayTime(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`
}

const nonce = () => randomBytes(16).toString('hex')

/** "12.34" / "-0.01" → fen, without going through floating point. */
function yuanToFen(text: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!match) throw new AppError('UPSTREAM_UNAVAILABLE', { wechatpay: 'bad amount in bill', text })
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'))
  return match[1] ? -fen : fen
}

const PrepaySchema = z.object({ prepay_id: z.string().min(1) })
const H5PrepaySchema = z.object({ h5_url: z.string().url() })
const OrderSchema = z.object({
  trade_state: z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']),
  trade_state_desc: z.string().optional(),
  transaction_id: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z.object({ total: z.number().int() }),
})
const RefundSchema = z.object({ refund_id: z.string(), status: z.enum(['SUCCESS', 'PROCESSING', 'ABNORMAL', 'CLOSED']) })
const BillSchema = z.object({ hash_type: z.literal('SHA1'), hash_value: z.string(), download_url: z.url() })
const NotificationSchema = z.object({
  id: z.string(),
  create_time: z.string(),
  event_type: z.string(),
  summary: z.string().default(''),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string(),
    associated_data: z.string().optional(),
    nonce: z.string(),
  }),
})

interface RawResponse {
  status: number
  headers: Headers
  /** the exact bytes: signatures and the bill hash are over these, not over a re-encoding */
  bytes: Buffer
  body: string
}

export class WechatPayClient {
  private readonly merchantKey: KeyObject
  private readonly platformKey: KeyObject
  private readonly apiV3Key: Buffer

  constructor(private readonly config: WechatPayConfig) {
    this.merchantKey = createPrivateKey(config.merchantPrivateKeyPem)
    this.platformKey = createPublicKey(config.platformPublicKeyPem)
    this.apiV3Key = Buffer.from(config.apiV3Key, 'utf8')
    // a wrong key length would only show up as "undecryptable" on the first real payment; fail at boot instead
    if (this.apiV3Key.length !== 32) throw new Error('WeChat Pay apiV3Key must be 32 bytes')
  }

  /** JSAPI order → prepay_id and the signed params for `wx.requestPayment`. Re-sending the same out_trade_no is safe. */
  async createJsapiOrder(order: { outTradeNo: string; description: string; amountFen: number; openid: string; attach?: string; expiresAt: Date }): Promise<{ prepayId: string; payParams: JsapiPayParams }> {
    const result = await this.call('POST', '/v3/pay/transactions/jsapi', PrepaySchema, {
      appid: this.config.appid,
      mchid: this.config.mchid,
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: wechatPayTime(order.expiresAt),
      attach: order.attach,
      notify_url: this.config.notifyUrl,
      amount: { total: order.amountFen, currency: 'CNY' },
      payer: { openid: order.openid },
    })
    return { prepayId: result.prepay_id, payParams: this.jsapiPayParams(result.prepay_id) }
  }

  /**
   * H5 payment for a phone browser outside WeChat: WeChat answers an h5_url (its cashier page);
   * the page returns to `redirectUrl` when the user is done.
   */
  async createH5Order(order: { outTradeNo: string; description: string; amountFen: number; clientIp: string; expiresAt: Date; redirectUrl: string }): Promise<{ h5Url: string }> {
    const result = await this.call('POST', '/v3/pay/transactions/h5', H5PrepaySchema, {
      appid: this.config.appid,
      mchid: this.config.mchid,
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: wechatPayTime(order.expiresAt),
      notify_url: this.config.notifyUrl,
      amount: { total: order.amountFen, currency: 'CNY' },
      scene_info: { payer_client_ip: order.clientIp, h5_info: { type: 'Wap' } },
    })
    return { h5Url: `${result.h5_url}&redirect_url=${encodeURIComponent(order.redirectUrl)}` }
  }

  /** Pay params for an existing prepay_id (valid 2 hours), e.g. when the user taps "pay" again. */
  jsapiPayParams(prepayId: string): JsapiPayParams {
    const timeStamp = String(Math.floor(Date.now() / 1000))
    const nonceStr = nonce()
    const pkg = `prepay_id=${prepayId}`
    const paySign = this.sign(`${this.config.appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`)
    return { appId: this.config.appid, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign }
  }

  /** null when WeChat (verifiably) does not know the order. */
  async queryOrder(outTradeNo: string): Promise<OrderStatus | null> {
    try {
      const order = await this.call('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.config.mchid)}`, OrderSchema)
      return {
        tradeState: order.trade_state,
        tradeStateDesc: order.trade_state_desc,
        transactionId: order.transaction_id,
        amountFen: order.amount.total,
        successTime: order.success_time ? new Date(order.success_time) : undefined,
        payerOpenid: order.payer?.openid,
      }
    } catch (error) {
      // only a signed "not found" counts: an unsigned one could come from anyone on the path
      if (error instanceof WechatPayApiError && error.code === 'ORDER_NOT_EXIST' && error.verified) return null
      throw error
    }
  }

  /** Closing an unpaid order (before re-ordering under a new out_trade_no, or on timeout). Idempotent. */
  async closeOrder(outTradeNo: string): Promise<void> {
    await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, null, { mchid: this.config.mchid })
  }

  /** Same out_refund_no again returns the same refund, so retrying is safe; the result usually arrives as REFUND.SUCCESS later. */
  async refund(refund: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason: string }): Promise<{ refundId: string; status: RefundStatus }> {
    const result = await this.call('POST', '/v3/refund/domestic/refunds', RefundSchema, {
      out_trade_no: refund.outTradeNo,
      out_refund_no: refund.outRefundNo,
      reason: refund.reason,
      notify_url: this.config.notifyUrl,
      amount: { refund: refund.refundFen, total: refund.totalFen, currency: 'CNY' },
    })
    return { refundId: result.refund_id, status: result.status }
  }

  /** A refund's current status, for PROCESSING refunds whose notification never came. null if unknown. */
  async queryRefund(outRefundNo: string): Promise<{ refundId: string; status: RefundStatus } | null> {
    try {
      const result = await this.call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`, RefundSchema)
      return { refundId: result.refund_id, status: result.status }
    } catch (error) {
      if (error instanceof WechatPayApiError && error.code === 'RESOURCE_NOT_EXISTS' && error.verified) return null
      throw error
    }
  }

  /**
   * The day's trade bill (YYYY-MM-DD, Beijing date). The file itself is unsigned (WeChat's rule), so it is
   * checked against the SHA1 from the signed tradebill answer instead. A day without trades is an empty bill.
   */
  async downloadTradeBill(date: string): Promise<{ rows: TradeBillRow[]; summary: TradeBillSummary }> {
    let bill: z.infer<typeof BillSchema>
    try {
      bill = await this.call('GET', `/v3/bill/tradebill?bill_date=${encodeURIComponent(date)}&bill_type=ALL`, BillSchema)
    } catch (error) {
      if (error instanceof WechatPayApiError && error.code === 'NO_STATEMENT_EXIST' && error.verified) return { rows: [], summary: emptySummary() }
      throw error
    }
    const file = await this.send('GET', bill.download_url, '')
    if (file.status !== 200) throw new WechatPayApiError(file.status, errorCode(file.body), `bill download failed: ${file.body.slice(0, 200)}`, false)
    const hash = createHash('sha1').update(file.bytes).digest('hex')
    if (hash !== bill.hash_value.toLowerCase()) throw new WechatPaySignatureError('trade bill does not match its SHA1 hash')
    return parseTradeBill(file.body)
  }

  /**
   * A notification POSTed to our notify_url → its decrypted resource. Throws WechatPaySignatureError for
   * anything not provably from WeChat (WeChat also sends deliberately bad "WECHATPAY/SIGNTEST/" probes);
   * the route then answers 4xx/5xx. The caller still checks amount and out_trade_no against its own order,
   * and must take the same notification id twice (WeChat retries until it sees our 2xx).
   */
  parseNotification<R = Record<string, unknown>>(headers: Record<string, string | string[] | undefined>, rawBody: string): WechatPayNotification<R> {
    const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value[0] : value]))
    this.verifySignature((name) => lower.get(name), rawBody)
    let envelope: z.infer<typeof NotificationSchema>
    try {
      envelope = NotificationSchema.parse(JSON.parse(rawBody))
    } catch {
      throw new WechatPaySignatureError('notification body is not a WeChat Pay notification')
    }
    const { resource } = envelope
    if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new WechatPaySignatureError(`unsupported resource algorithm ${resource.algorithm}`)
    let plain: string
    try {
      const sealed = Buffer.from(resource.ciphertext, 'base64')
      if (sealed.length <= 16) throw new Error('too short')
      const decipher = createDecipheriv('aes-256-gcm', this.apiV3Key, Buffer.from(resource.nonce, 'utf8'))
      decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'))
      decipher.setAuthTag(sealed.subarray(sealed.length - 16))
      plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString('utf8')
    } catch {
      throw new WechatPaySignatureError('notification resource cannot be decrypted with our APIv3 key')
    }
    return { id: envelope.id, eventType: envelope.event_type, createTime: new Date(envelope.create_time), summary: envelope.summary, resource: JSON.parse(plain) as R }
  }

  // --- protocol ---

  private sign(message: string): string {
    return sign('sha256', Buffer.from(message, 'utf8'), this.merchantKey).toString('base64')
  }

  /** `${timestamp}\n${nonce}\n${body}\n` signed by the 微信支付公钥's private half, fresh and with the serial we know. */
  private verifySignature(header: (name: string) => string | null | undefined, body: string): void {
    const timestamp = header('wechatpay-timestamp')
    const nonceValue = header('wechatpay-nonce')
    const signature = header('wechatpay-signature')
    const serial = header('wechatpay-serial')
    if (!timestamp || !nonceValue || !signature || !serial) throw new WechatPaySignatureError('missing Wechatpay-* signature headers')
    // platform-certificate serials (during a certificate → public key switch) are not accepted: we run in public key mode only
    if (serial !== this.config.platformPublicKeyId) throw new WechatPaySignatureError(`unknown Wechatpay-Serial ${serial}`)
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
      throw new WechatPaySignatureError('Wechatpay-Timestamp is more than 5 minutes off')
    }
    let valid = false
    try {
      valid = verify('sha256', Buffer.from(`${timestamp}\n${nonceValue}\n${body}\n`, 'utf8'), this.platformKey, Buffer.from(signature, 'base64'))
    } catch {
      valid = false
    }
    if (!valid) throw new WechatPaySignatureError('Wechatpay-Signature does not verify')
  }

  /** One API call: signed request, verified answer, `schema` for 2xx bodies (null for 204). */
  private async call<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T>
  private async call(method: 'GET' | 'POST', path: string, schema: null, body?: unknown): Promise<void>
  private async call<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T> | null, body?: unknown): Promise<T | void> {
    const response = await this.send(method, `${this.config.apiBase}${path}`, body === undefined ? '' : JSON.stringify(body))
    const signed = response.headers.has('wechatpay-signature')
    if (response.status >= 200 && response.status < 300) {
      this.verifySignature((name) => response.headers.get(name), response.body)
      if (!schema) return
      const parsed = schema.safeParse(safeJson(response.body))
      if (!parsed.success) throw new AppError('UPSTREAM_UNAVAILABLE', { wechatpay: 'unexpected response', path, issues: parsed.error.issues })
      return parsed.data
    }
    // A forged error can only make us fail, never move money; still, a signed-but-wrong one is an attack, not an error.
    if (signed) this.verifySignature((name) => response.headers.get(name), response.body)
    const error = safeJson(response.body) as { code?: string; message?: string } | undefined
    throw new WechatPayApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? response.body.slice(0, 200), signed)
  }

  /** Signed HTTP with a timeout; network errors, 5xx and 429 are retried with backoff (re-signed each time). */
  private async send(method: 'GET' | 'POST', url: string, body: string): Promise<RawResponse> {
    const attempts = this.config.attempts ?? 3
    let lastError: unknown
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await fetch(url, {
          method,
          headers: {
            authorization: this.authorization(method, url, body),
            accept: 'application/json',
            'user-agent': 'egj-bff/0.1 (WeChatPay APIv3)',
            // public key mode: tells WeChat to sign its answer with the 微信支付公钥 we hold
            'wechatpay-serial': this.config.platformPublicKeyId,
            ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          },
          body: method === 'POST' ? body : undefined,
          signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
        })
        const bytes = Buffer.from(await response.arrayBuffer())
        // Buffer#toString keeps a BOM that response.text() would drop, so the signed text stays byte-exact
        const text = bytes.toString('utf8')
        if (response.status >= 500 || response.status === 429) throw new Error(`wechatpay ${response.status} ${text.slice(0, 200)}`)
        return { status: response.status, headers: response.headers, bytes, body: text }
      } catch (error) {
        lastError = error
        if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)))
      }
    }
    throw new AppError('UPSTREAM_UNAVAILABLE', { wechatpay: String(lastError) })
  }

  private authorization(method: string, url: string, body: string): string {
    const { pathname, search } = new URL(url)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonceStr = nonce()
    const signature = this.sign(`${method}\n${pathname}${search}\n${timestamp}\n${nonceStr}\n${body}\n`)
    return `${AUTH_SCHEMA} mchid="${this.config.mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${this.config.merchantSerialNo}"`
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const errorCode = (body: string) => (safeJson(body) as { code?: string } | undefined)?.code ?? 'BILL_DOWNLOAD_FAILED'

const emptySummary = (): TradeBillSummary => ({ tradeCount: 0, settlementTotalFen: 0, refundTotalFen: 0, feeTotalFen: 0, orderTotalFen: 0, requestedRefundTotalFen: 0 })

/**
 * WeChat's bill text: a header line, one line per trade with every field prefixed by a backtick (so
 * spreadsheets keep long numbers as text), amounts in 元, then a summary header and a summary line.
 * Columns are looked up by name, not position, so an added column does not shift our figures.
 */
export function parseTradeBill(text: string): { rows: TradeBillRow[]; summary: TradeBillSummary } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
  const split = (line: string) => line.split(',').map((field) => field.replace(/^`/, '').trim())
  const summaryAt = lines.findIndex((line) => line.startsWith('总交易单数'))
  if (lines.length === 0 || summaryAt < 1) throw new AppError('UPSTREAM_UNAVAILABLE', { wechatpay: 'unrecognised trade bill' })
  const header = split(lines[0])
  const column = (name: string) => {
    const index = header.indexOf(name)
    if (index < 0) throw new AppError('UPSTREAM_UNAVAILABLE', { wechatpay: `trade bill lacks column ${name}` })
    return index
  }
  const at = {
    time: column('交易时间'),
    transactionId: column('微信订单号'),
    outTradeNo: column('商户订单号'),
    openid: column('用户标识'),
    state: column('交易状态'),
    settlement: column('应结订单金额'),
    refundId: column('微信退款单号'),
    outRefundNo: column('商户退款单号'),
    refund: column('退款金额'),
    description: column('商品名称'),
    attach: column('商户数据包'),
    fee: column('手续费'),
  }
  const optional = (value: string) => (value === '' || value === '0' ? undefined : value)
  const rows = lines.slice(1, summaryAt).map((line): TradeBillRow => {
    const fields = split(line)
    return {
      tradeTime: new Date(`${fields[at.time].replace(' ', 'T')}+08:00`),
      transactionId: fields[at.transactionId],
      outTradeNo: fields[at.outTradeNo],
      openid: fields[at.openid],
      tradeState: fields[at.state],
      amountFen: yuanToFen(fields[at.settlement]),
      refundFen: yuanToFen(fields[at.refund]),
      outRefundNo: optional(fields[at.outRefundNo]),
      refundId: optional(fields[at.refundId]),
      description: fields[at.description],
      attach: optional(fields[at.attach]),
      feeFen: yuanToFen(fields[at.fee]),
    }
  })
  const summaryHeader = split(lines[summaryAt])
  const summaryFields = split(lines[summaryAt + 1] ?? '')
  const total = (name: string) => {
    const index = summaryHeader.indexOf(name)
    return index < 0 || summaryFields[index] === undefined ? 0 : yuanToFen(summaryFields[index])
  }
  return {
    rows,
    summary: {
      tradeCount: Number(summaryFields[summaryHeader.indexOf('总交易单数')] ?? rows.length),
      settlementTotalFen: total('应结订单总金额'),
      refundTotalFen: total('退款总金额'),
      feeTotalFen: total('手续费总金额'),
      orderTotalFen: total('订单总金额'),
      requestedRefundTotalFen: total('申请退款总金额'),
    },
  }
}
