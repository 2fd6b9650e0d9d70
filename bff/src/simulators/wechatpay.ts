/**
 * SIMULATOR of WeChat Pay API v3 (api.mch.weixin.qq.com), for tests and the demo only. It never runs in production.
 * Same paths, JSON and error codes as WeChat Pay for a 直连商户 in 微信支付公钥 mode, and it checks our
 * signatures as strictly as WeChat: every merchant request's Authorization (mchid, serial, timestamp within
 * 5 minutes, nonce, RSA-SHA256 signature over the exact bytes) or 401 SIGN_ERROR. Every answer is signed with
 * the platform key and carries the Wechatpay-* headers, except the bill file, which WeChat does not sign either.
 * Notifications are signed, AES-256-GCM encrypted and retried on WeChat's schedule until we answer 2xx.
 *
 * The crypto here is written independently of adapters/wechatpay.ts on purpose: a mistake in one shows up
 * as a failure against the other instead of agreeing with itself.
 *
 * What the user does in WeChat's cashier is stood in for by `pay()` and the `/__sim/pay/...` routes
 * (a small cashier page for the H5 demo).
 */
import { createCipheriv, createHash, createPrivateKey, createPublicKey, randomBytes, randomInt, randomUUID, sign, verify } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import Koa from 'koa'
import Router from '@koa/router'

export interface WechatPaySimulatorOptions {
  mchid: string
  appid: string
  apiV3Key: string
  merchantPublicKeyPem: string
  merchantSerialNo: string
  platformPrivateKeyPem: string
  platformPublicKeyId: string
  /** shown on the cashier page */
  merchantName?: string
  /** waits between notification retries; default WeChat's */
  retryScheduleMs?: number[]
  /** the simulator's clock for timestamps and business times (delivery timing uses the real clock) */
  now?: () => Date
}

export type SimTradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'USERPAYING' | 'PAYERROR'

export interface SimOrder {
  tradeType: 'JSAPI' | 'MWEB'
  appid: string
  mchid: string
  outTradeNo: string
  description: string
  attach?: string
  notifyUrl: string
  totalFen: number
  openid: string
  timeExpire?: Date
  prepayId: string
  state: SimTradeState
  transactionId?: string
  successTime?: Date
  createdAt: Date
  refundedFen: number
}

export interface SimRefund {
  refundId: string
  outRefundNo: string
  outTradeNo: string
  transactionId: string
  reason?: string
  notifyUrl?: string
  refundFen: number
  totalFen: number
  status: 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED'
  createdAt: Date
  successTime?: Date
}

export interface SimNotificationDelivery {
  id: string
  eventType: string
  url: string
  /** the JSON envelope as POSTed (encrypted resource) */
  body: string
  /** the resource before encryption, for looking at in tests */
  plainResource: Record<string, unknown>
  attempts: { at: Date; status: number | 'network-error' }[]
  state: 'pending' | 'delivered' | 'failed'
  nextAttemptAt: number
}

/** 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h after the first try: 24h4m in all, per WeChat's docs. */
export const WECHAT_NOTIFY_RETRY_SCHEDULE_MS = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600].map((s) => s * 1000)

const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048'
const MAX_SKEW_SECONDS = 300
const OUT_TRADE_NO = /^[A-Za-z0-9_\-*|]{6,32}$/
const OUT_REFUND_NO = /^[A-Za-z0-9_\-*|@]{1,64}$/
const BILL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注'
const BILL_SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额'
const FEE_RATE = 0.006

const STATE_DESC: Record<SimTradeState, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  USERPAYING: '用户支付中',
  PAYERROR: '支付失败',
}

/** A WeChat error answer: `{code, message}` with a 4xx status. */
class SimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

const paramError = (message: string) => new SimError(400, 'PARAM_ERROR', message)
const signError = (message: string) => new SimError(401, 'SIGN_ERROR', message)

/** 2026-11-21T12:00:00+08:00 */
const beijingIso = (date: Date) => `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`
/** 2026-11-21 12:00:00, the bill's format */
const beijingBillTime = (date: Date) => beijingIso(date).slice(0, 19).replace('T', ' ')
const beijingDate = (date: Date) => beijingIso(date).slice(0, 10)
const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`
const digits = (length: number) => Array.from({ length }, () => randomInt(10)).join('')
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) reject(paramError('请求体过大'))
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function checkNotifyUrl(value: unknown, field: string): string {
  // WeChat requires https and no query string; http is accepted here so the local demo can receive
  if (typeof value !== 'string') throw paramError(`${field} 为必填项`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw paramError(`${field} 不是合法的URL`)
  }
  if (!['https:', 'http:'].includes(url.protocol) || url.search || url.hash) throw paramError(`${field} 须为 http(s) 地址且不能携带参数`)
  return value
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function createWechatPaySimulator(options: WechatPaySimulatorOptions) {
  const now = options.now ?? (() => new Date())
  const schedule = options.retryScheduleMs ?? WECHAT_NOTIFY_RETRY_SCHEDULE_MS
  const merchantKey = createPublicKey(options.merchantPublicKeyPem)
  const platformKey = createPrivateKey(options.platformPrivateKeyPem)
  const apiV3Key = Buffer.from(options.apiV3Key, 'utf8')
  if (apiV3Key.length !== 32) throw new Error('apiV3Key must be 32 bytes')

  const orders = new Map<string, SimOrder>()
  const refunds = new Map<string, SimRefund>()
  const notificationsSent: SimNotificationDelivery[] = []
  const billFiles = new Map<string, { content: string; expiresAt: number }>()
  const seenNonces = new Map<string, number>()
  const inFlight = new Map<string, Promise<void>>()
  /**
   * Switchable faults, for tests that drive what real WeChat Pay sometimes does to a refund:
   * 'refuse' answers NOT_ENOUGH (a documented final refusal: no refund is created);
   * 'accept-then-5xx' creates the refund, then answers 500 SYSTEM_ERROR (every attempt while set);
   * 'accept-then-timeout' creates the refund, then holds the answer for `delayMs` (past the client's timeout).
   * Orders: 'refuse' answers a signed 400 INVALID_REQUEST (no order is created); 'drop' answers 500
   * SYSTEM_ERROR without creating it (the order never reached WeChat, as far as anyone can tell).
   * Queries of the out_trade_nos in `unqueryable` answer 500 SYSTEM_ERROR.
   */
  const faults: { refund: null | 'refuse' | 'accept-then-5xx' | 'accept-then-timeout'; order: null | 'refuse' | 'drop'; unqueryable: Set<string>; delayMs: number } = {
    refund: null,
    order: null,
    unqueryable: new Set(),
    delayMs: 3000,
  }

  const platformSign = (message: string) => sign('sha256', Buffer.from(message, 'utf8'), platformKey).toString('base64')
  const wechatpayHeaders = (body: string) => {
    const timestamp = String(Math.floor(now().getTime() / 1000))
    const nonce = randomBytes(16).toString('hex').toUpperCase()
    return {
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': platformSign(`${timestamp}\n${nonce}\n${body}\n`),
      'Wechatpay-Serial': options.platformPublicKeyId,
    }
  }

  // --- merchant authentication, as WeChat does it ---
  function authenticate(method: string, url: string, headers: IncomingMessage['headers'], body: string): void {
    const header = headers.authorization
    if (!header?.startsWith(`${AUTH_SCHEMA} `)) throw signError('Http头Authorization值格式错误，请参考《微信支付API v3签名规则》')
    const params: Record<string, string> = {}
    for (const [, key, value] of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) params[key] = value
    const { mchid, nonce_str: nonce, signature, timestamp, serial_no: serial } = params
    if (!mchid || !nonce || !signature || !timestamp || !serial) throw signError('Http头Authorization缺少必要的参数')
    if (mchid !== options.mchid) throw signError('商户号与签名所用的商户证书不匹配')
    if (serial !== options.merchantSerialNo) throw signError('商户证书序列号有误，请确认证书是否有效')
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now().getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) throw signError('请求时间戳与当前时间相差超过5分钟')
    let valid = false
    try {
      valid = verify('sha256', Buffer.from(`${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`, 'utf8'), merchantKey, Buffer.from(signature, 'base64'))
    } catch {
      valid = false
    }
    if (!valid) throw signError('签名错误，请检查后再试')
    // replay guard: a captured request cannot be sent again within its 5 minutes (stricter than WeChat promises)
    const nowMs = Date.now()
    for (const [seen, expires] of seenNonces) if (expires < nowMs) seenNonces.delete(seen)
    if (seenNonces.has(`${mchid}:${nonce}`)) throw signError('请求随机串重复，请勿重放请求')
    seenNonces.set(`${mchid}:${nonce}`, nowMs + 2 * MAX_SKEW_SECONDS * 1000)
    const serialHeader = headers['wechatpay-serial']
    if (serialHeader && serialHeader !== options.platformPublicKeyId) throw paramError('Wechatpay-Serial 与微信支付公钥ID不匹配')
  }

  // --- notifications ---
  function encryptResource(plain: Record<string, unknown>, associatedData: string) {
    const nonce = randomBytes(6).toString('hex') // 12 characters, like WeChat's
    const cipher = createCipheriv('aes-256-gcm', apiV3Key, Buffer.from(nonce, 'utf8'))
    cipher.setAAD(Buffer.from(associatedData, 'utf8'))
    const sealed = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()])
    return { algorithm: 'AEAD_AES_256_GCM', ciphertext: sealed.toString('base64'), associated_data: associatedData, nonce, original_type: associatedData }
  }

  function queueNotification(url: string, eventType: string, summary: string, originalType: 'transaction' | 'refund', resource: Record<string, unknown>) {
    const id = randomUUID()
    const body = JSON.stringify({
      id,
      create_time: beijingIso(now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: encryptResource(resource, originalType),
    })
    notificationsSent.push({ id, eventType, url, body, plainResource: resource, attempts: [], state: 'pending', nextAttemptAt: Date.now() })
  }

  async function attempt(delivery: SimNotificationDelivery): Promise<void> {
    let status: number | 'network-error'
    try {
      // signed afresh on every try, as WeChat does: a retried notification carries a current timestamp
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/4.0 (WechatPay simulator)', ...wechatpayHeaders(delivery.body) },
        body: delivery.body,
        signal: AbortSignal.timeout(5000),
      })
      status = response.status
      await response.arrayBuffer().catch(() => undefined)
    } catch {
      status = 'network-error'
    }
    delivery.attempts.push({ at: new Date(), status })
    if (typeof status === 'number' && status >= 200 && status < 300) {
      delivery.state = 'delivered'
      return
    }
    const wait = schedule[delivery.attempts.length - 1]
    if (wait === undefined) delivery.state = 'failed'
    else delivery.nextAttemptAt = Date.now() + wait
  }

  /** Sends every notification that is due (and waits for those already on their way). */
  async function deliverNotifications(): Promise<void> {
    const due = notificationsSent.filter((d) => d.state === 'pending' && d.nextAttemptAt <= Date.now() && !inFlight.has(d.id))
    for (const delivery of due) {
      inFlight.set(
        delivery.id,
        attempt(delivery).finally(() => inFlight.delete(delivery.id)),
      )
    }
    await Promise.all([...inFlight.values()])
  }

  const timer = setInterval(() => void deliverNotifications(), 20)
  timer.unref()

  // --- what the user does in WeChat's cashier ---
  async function pay(outTradeNo: string): Promise<void> {
    const order = orders.get(outTradeNo)
    if (!order) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在')
    if (order.state === 'SUCCESS' || order.state === 'REFUND') throw new SimError(403, 'ORDERPAID', '该订单已支付')
    if (order.state === 'CLOSED') throw new SimError(403, 'ORDER_CLOSED', '该订单已关闭')
    if (order.timeExpire && order.timeExpire.getTime() < now().getTime()) throw new SimError(403, 'ORDER_CLOSED', '该订单已过支付期限')
    order.state = 'SUCCESS'
    order.successTime = now()
    order.transactionId = `42000${digits(5)}${beijingDate(order.successTime).replaceAll('-', '')}${digits(10)}`
    queueNotification(order.notifyUrl, 'TRANSACTION.SUCCESS', '支付成功', 'transaction', {
      mchid: order.mchid,
      appid: order.appid,
      out_trade_no: order.outTradeNo,
      transaction_id: order.transactionId,
      trade_type: order.tradeType,
      trade_state: 'SUCCESS',
      trade_state_desc: STATE_DESC.SUCCESS,
      bank_type: 'OTHERS',
      attach: order.attach ?? '',
      success_time: beijingIso(order.successTime),
      payer: { openid: order.openid },
      amount: { total: order.totalFen, payer_total: order.totalFen, currency: 'CNY', payer_currency: 'CNY' },
    })
  }

  // --- the trade bill ---
  function tradeBillText(date: string, billType: 'ALL' | 'SUCCESS' | 'REFUND' = 'ALL'): string | null {
    const clean = (text: string | undefined) => (text ?? '').replace(/[,\r\n`]/g, ' ')
    const lines: { at: Date; fields: string[]; settlement: number; refund: number; fee: number; order: number; requested: number }[] = []
    if (billType !== 'REFUND') {
      for (const order of orders.values()) {
        if (!order.successTime || beijingDate(order.successTime) !== date) continue
        const fee = Math.round(order.totalFen * FEE_RATE)
        const fields = [beijingBillTime(order.successTime), order.appid, order.mchid, '0', '', order.transactionId!, order.outTradeNo, order.openid, order.tradeType, 'SUCCESS', 'OTHERS', 'CNY', yuan(order.totalFen), '0.00', '0', '0', '0.00', '0.00', '', '', clean(order.description), clean(order.attach), yuan(fee), '0.60%', yuan(order.totalFen), '0.00', '']
        lines.push({ at: order.successTime, fields, settlement: order.totalFen, refund: 0, fee, order: order.totalFen, requested: 0 })
      }
    }
    if (billType !== 'SUCCESS') {
      for (const refund of refunds.values()) {
        if (!refund.successTime || beijingDate(refund.successTime) !== date) continue
        const order = orders.get(refund.outTradeNo)!
        const fee = -Math.round(refund.refundFen * FEE_RATE)
        const fields = [beijingBillTime(refund.successTime), order.appid, order.mchid, '0', '', refund.transactionId, refund.outTradeNo, order.openid, order.tradeType, 'REFUND', 'OTHERS', 'CNY', '0.00', '0.00', refund.refundId, refund.outRefundNo, yuan(refund.refundFen), '0.00', 'ORIGINAL', refund.status, clean(order.description), clean(order.attach), yuan(fee), '0.60%', '0.00', yuan(refund.refundFen), '']
        lines.push({ at: refund.successTime, fields, settlement: 0, refund: refund.refundFen, fee, order: 0, requested: refund.refundFen })
      }
    }
    if (lines.length === 0) return null
    lines.sort((a, b) => a.at.getTime() - b.at.getTime())
    const sum = (pick: (line: (typeof lines)[number]) => number) => lines.reduce((total, line) => total + pick(line), 0)
    const summary = [String(lines.length), yuan(sum((l) => l.settlement)), yuan(sum((l) => l.refund)), '0.00', yuan(sum((l) => l.fee)), yuan(sum((l) => l.order)), yuan(sum((l) => l.requested))]
    const backticked = (fields: string[]) => fields.map((field) => `\`${field}`).join(',')
    return [BILL_HEADER, ...lines.map((line) => backticked(line.fields)), BILL_SUMMARY_HEADER, backticked(summary)].join('\r\n') + '\r\n'
  }

  // --- the API ---
  const router = new Router()

  // JSAPI (inside WeChat, payer.openid) and H5 (a phone browser, scene_info; answers an h5_url)
  const prepay = (tradeType: 'JSAPI' | 'MWEB') => (ctx: Koa.Context) => {
    const body = ctx.state.json as Record<string, unknown>
    if (body.appid !== options.appid) throw paramError('appid 与商户号不匹配')
    if (body.mchid !== options.mchid) throw paramError('mchid 与请求签名的商户号不一致')
    const description = body.description
    if (typeof description !== 'string' || !description || Buffer.byteLength(description) > 127) throw paramError('description 为必填项，长度不能超过127字节')
    const outTradeNo = body.out_trade_no
    if (typeof outTradeNo !== 'string' || !OUT_TRADE_NO.test(outTradeNo)) throw paramError('out_trade_no 须为6-32位数字、大小写字母或_-|*')
    let timeExpire: Date | undefined
    if (body.time_expire !== undefined) {
      timeExpire = typeof body.time_expire === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.test(body.time_expire) ? new Date(body.time_expire) : undefined
      if (!timeExpire || Number.isNaN(timeExpire.getTime())) throw paramError('time_expire 须为 RFC3339 格式，如 2026-11-21T12:00:00+08:00')
    }
    if (body.attach !== undefined && (typeof body.attach !== 'string' || body.attach.length > 128)) throw paramError('attach 长度不能超过128个字符')
    const notifyUrl = checkNotifyUrl(body.notify_url, 'notify_url')
    const amount = body.amount
    if (!isObject(amount) || !Number.isInteger(amount.total) || (amount.total as number) < 1) throw paramError('amount.total 须为不小于1的整数（单位：分）')
    if (amount.currency !== undefined && amount.currency !== 'CNY') throw paramError('amount.currency 仅支持 CNY')
    const payer = tradeType === 'JSAPI' ? body.payer : { openid: '' }
    if (!isObject(payer) || typeof payer.openid !== 'string' || (tradeType === 'JSAPI' && !payer.openid)) throw paramError('payer.openid 为必填项')
    const scene = body.scene_info
    if (tradeType === 'MWEB' && (!isObject(scene) || typeof scene.payer_client_ip !== 'string' || !isObject(scene.h5_info) || typeof scene.h5_info.type !== 'string')) {
      throw paramError('scene_info.payer_client_ip 与 scene_info.h5_info.type 为必填项')
    }
    const answer = (order: { prepayId: string }) =>
      tradeType === 'JSAPI' ? { prepay_id: order.prepayId } : { h5_url: `${ctx.protocol}://${ctx.host}/__sim/pay/cashier?prepay_id=${order.prepayId}` }

    const existing = orders.get(outTradeNo)
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') throw new SimError(403, 'ORDERPAID', '该订单已支付')
      if (existing.state === 'CLOSED') throw new SimError(403, 'ORDER_CLOSED', '该订单已关闭')
      // WeChat: the same out_trade_no with the same parameters is the same order (a safe retry)
      if (existing.totalFen !== amount.total || existing.openid !== payer.openid || existing.description !== description) {
        throw new SimError(400, 'INVALID_REQUEST', '商户订单号重复，且请求参数与原订单不一致')
      }
      ctx.body = answer(existing)
      return
    }
    const createdAt = now()
    const order: SimOrder = {
      appid: options.appid,
      mchid: options.mchid,
      outTradeNo,
      description,
      attach: body.attach as string | undefined,
      notifyUrl,
      totalFen: amount.total as number,
      openid: payer.openid,
      timeExpire,
      tradeType,
      prepayId: `wx${beijingIso(createdAt).slice(0, 19).replace(/\D/g, '')}${randomBytes(9).toString('hex')}`,
      state: 'NOTPAY',
      createdAt,
      refundedFen: 0,
    }
    orders.set(outTradeNo, order)
    ctx.body = answer(order)
  }
  const orderFaults: Koa.Middleware = async (_ctx, next) => {
    if (faults.order === 'refuse') throw new SimError(400, 'INVALID_REQUEST', '商户号该产品权限未开通，请前往商户平台>产品中心检查后重试')
    if (faults.order === 'drop') throw new SimError(500, 'SYSTEM_ERROR', '系统错误')
    await next()
  }
  router.post('/v3/pay/transactions/jsapi', orderFaults, prepay('JSAPI'))
  router.post('/v3/pay/transactions/h5', orderFaults, prepay('MWEB'))

  router.get('/v3/pay/transactions/out-trade-no/:outTradeNo', (ctx) => {
    if (faults.unqueryable.has(ctx.params.outTradeNo)) throw new SimError(500, 'SYSTEM_ERROR', '系统错误')
    if (ctx.query.mchid !== options.mchid) throw paramError('mchid 与请求签名的商户号不一致')
    const order = orders.get(ctx.params.outTradeNo)
    if (!order) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在')
    const paid = order.state === 'SUCCESS' || order.state === 'REFUND'
    ctx.body = {
      appid: order.appid,
      mchid: order.mchid,
      out_trade_no: order.outTradeNo,
      ...(paid ? { transaction_id: order.transactionId, success_time: beijingIso(order.successTime!), bank_type: 'OTHERS' } : {}),
      trade_type: order.tradeType,
      trade_state: order.state,
      trade_state_desc: STATE_DESC[order.state],
      attach: order.attach ?? '',
      payer: { openid: order.openid },
      amount: { total: order.totalFen, ...(paid ? { payer_total: order.totalFen } : {}), currency: 'CNY', payer_currency: 'CNY' },
    }
  })

  router.post('/v3/pay/transactions/out-trade-no/:outTradeNo/close', (ctx) => {
    const body = ctx.state.json as Record<string, unknown>
    if (body.mchid !== options.mchid) throw paramError('mchid 与请求签名的商户号不一致')
    const order = orders.get(ctx.params.outTradeNo)
    if (!order) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在')
    if (order.state === 'SUCCESS' || order.state === 'REFUND') throw new SimError(403, 'ORDERPAID', '订单已支付，不能关闭')
    order.state = 'CLOSED'
    ctx.status = 204
  })

  const refundBody = (refund: SimRefund) => {
    const order = orders.get(refund.outTradeNo)!
    return {
      refund_id: refund.refundId,
      out_refund_no: refund.outRefundNo,
      transaction_id: refund.transactionId,
      out_trade_no: refund.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(refund.successTime ? { success_time: beijingIso(refund.successTime) } : {}),
      create_time: beijingIso(refund.createdAt),
      status: refund.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: order.totalFen,
        refund: refund.refundFen,
        payer_total: order.totalFen,
        payer_refund: refund.refundFen,
        settlement_total: order.totalFen,
        settlement_refund: refund.refundFen,
        discount_refund: 0,
        currency: 'CNY',
        refund_fee: 0,
      },
    }
  }

  router.post('/v3/refund/domestic/refunds', async (ctx, next) => {
    if (faults.refund === 'refuse') throw new SimError(403, 'NOT_ENOUGH', '基本账户余额不足，请充值后重新发起')
    await next()
    if (faults.refund === 'accept-then-5xx') throw new SimError(500, 'SYSTEM_ERROR', '系统错误')
    if (faults.refund === 'accept-then-timeout') await new Promise((resolve) => setTimeout(resolve, faults.delayMs))
  }, (ctx) => {
    const body = ctx.state.json as Record<string, unknown>
    const outTradeNo = body.out_trade_no
    if (typeof outTradeNo !== 'string' || !OUT_TRADE_NO.test(outTradeNo)) throw paramError('out_trade_no 须为6-32位数字、大小写字母或_-|*')
    const outRefundNo = body.out_refund_no
    if (typeof outRefundNo !== 'string' || !OUT_REFUND_NO.test(outRefundNo)) throw paramError('out_refund_no 须为1-64位数字、大小写字母或_-|*@')
    if (body.reason !== undefined && (typeof body.reason !== 'string' || body.reason.length > 80)) throw paramError('reason 长度不能超过80个字符')
    const notifyUrl = body.notify_url === undefined ? undefined : checkNotifyUrl(body.notify_url, 'notify_url')
    const amount = body.amount
    if (!isObject(amount) || !Number.isInteger(amount.refund) || (amount.refund as number) < 1) throw paramError('amount.refund 须为不小于1的整数（单位：分）')
    if (!Number.isInteger(amount.total) || (amount.total as number) < 1) throw paramError('amount.total 须为不小于1的整数（单位：分）')
    if (amount.currency !== 'CNY') throw paramError('amount.currency 须为 CNY')

    const existing = refunds.get(outRefundNo)
    if (existing) {
      // the same out_refund_no is the same refund: a retry, never a second payout
      if (existing.outTradeNo !== outTradeNo || existing.refundFen !== amount.refund) throw new SimError(400, 'INVALID_REQUEST', '退款单号重复，且请求参数与原退款单不一致')
      ctx.body = refundBody(existing)
      return
    }
    const order = orders.get(outTradeNo)
    if (!order) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND') throw new SimError(400, 'INVALID_REQUEST', '订单未支付，不能退款')
    if (amount.total !== order.totalFen) throw new SimError(400, 'INVALID_REQUEST', '订单金额与原订单金额不一致')
    if (order.refundedFen + (amount.refund as number) > order.totalFen) throw new SimError(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额')

    const createdAt = now()
    const refund: SimRefund = {
      refundId: `50${digits(3)}${beijingDate(createdAt).replaceAll('-', '')}${digits(14)}`,
      outRefundNo,
      outTradeNo,
      transactionId: order.transactionId!,
      reason: body.reason as string | undefined,
      notifyUrl,
      refundFen: amount.refund as number,
      totalFen: order.totalFen,
      status: 'PROCESSING',
      createdAt,
    }
    refunds.set(outRefundNo, refund)
    order.refundedFen += refund.refundFen
    order.state = 'REFUND'
    // answered as PROCESSING like WeChat; to the balance (零钱) it then succeeds at once
    ctx.body = refundBody(refund)
    refund.status = 'SUCCESS'
    refund.successTime = now()
    if (notifyUrl) {
      queueNotification(notifyUrl, 'REFUND.SUCCESS', '退款成功', 'refund', {
        mchid: order.mchid,
        out_trade_no: order.outTradeNo,
        transaction_id: refund.transactionId,
        out_refund_no: refund.outRefundNo,
        refund_id: refund.refundId,
        refund_status: 'SUCCESS',
        success_time: beijingIso(refund.successTime),
        user_received_account: '支付用户零钱',
        amount: { total: order.totalFen, refund: refund.refundFen, payer_total: order.totalFen, payer_refund: refund.refundFen },
      })
    }
  })

  router.get('/v3/refund/domestic/refunds/:outRefundNo', (ctx) => {
    const refund = refunds.get(ctx.params.outRefundNo)
    if (!refund) throw new SimError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在')
    ctx.body = refundBody(refund)
  })

  router.get('/v3/bill/tradebill', (ctx) => {
    const date = String(ctx.query.bill_date ?? '')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || beijingDate(new Date(`${date}T12:00:00+08:00`)) !== date) throw paramError('bill_date 须为 YYYY-MM-DD 格式的日期')
    // real WeChat only has yesterday's bill from 10:00 today; the simulator also serves today's so the demo can show one
    if (date > beijingDate(now())) throw new SimError(400, 'NO_STATEMENT_EXIST', '账单日期不能晚于今天')
    const billType = String(ctx.query.bill_type ?? 'ALL')
    if (billType !== 'ALL' && billType !== 'SUCCESS' && billType !== 'REFUND') throw paramError('bill_type 须为 ALL、SUCCESS 或 REFUND')
    if (ctx.query.tar_type !== undefined) throw paramError('模拟器不支持 tar_type 压缩账单')
    const content = tradeBillText(date, billType)
    if (!content) throw new SimError(400, 'NO_STATEMENT_EXIST', '当日无交易，账单文件不存在')
    const token = randomBytes(24).toString('base64url')
    billFiles.set(token, { content, expiresAt: Date.now() + 5 * 60_000 })
    ctx.body = { hash_type: 'SHA1', hash_value: createHash('sha1').update(content, 'utf8').digest('hex'), download_url: `${ctx.protocol}://${ctx.host}/v3/billdownload/file?token=${token}` }
  })

  router.get('/v3/billdownload/file', (ctx) => {
    const file = billFiles.get(String(ctx.query.token ?? ''))
    if (!file || file.expiresAt < Date.now()) throw paramError('账单下载链接无效或已过期（有效期5分钟）')
    ctx.state.unsigned = true
    ctx.type = 'text/plain; charset=utf-8'
    ctx.body = file.content
  })

  // --- stand-ins for the cashier in WeChat (the H5 demo and tests) ---
  router.get('/__sim/pay/cashier', (ctx) => {
    const prepayId = String(ctx.query.prepay_id ?? '')
    // WeChat's H5 cashier takes `redirect_url`; the test helpers also pass `return_url`
    const returnUrl = String(ctx.query.redirect_url ?? ctx.query.return_url ?? '')
    const order = [...orders.values()].find((o) => o.prepayId === prepayId)
    let back: URL | null = null
    try {
      back = new URL(returnUrl)
    } catch {
      back = null
    }
    ctx.type = 'html'
    if (!back || !['http:', 'https:'].includes(back.protocol)) {
      ctx.status = 400
      ctx.body = cashierPage({ error: 'return_url 须为 http(s) 地址' })
      return
    }
    if (!order) {
      ctx.status = 404
      ctx.body = cashierPage({ error: '订单不存在或已失效', returnUrl: back.toString() })
      return
    }
    ctx.body = cashierPage({
      merchant: options.merchantName ?? `商户 ${options.mchid}`,
      description: order.description,
      amountYuan: yuan(order.totalFen),
      prepayId,
      returnUrl: back.toString(),
      error: order.state === 'NOTPAY' ? undefined : `该订单${STATE_DESC[order.state]}`,
    })
  })

  router.post('/__sim/pay/confirm', async (ctx) => {
    const prepayId = (ctx.state.json as { prepay_id?: unknown }).prepay_id
    const order = [...orders.values()].find((o) => o.prepayId === prepayId)
    if (!order) throw new SimError(404, 'ORDER_NOT_EXIST', '订单不存在或已失效')
    await pay(order.outTradeNo)
    ctx.body = { ok: true, out_trade_no: order.outTradeNo }
  })

  const app = new Koa()
  app.use(async (ctx, next) => {
    try {
      await next()
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/v3/')) throw new SimError(404, 'NOT_FOUND', '请求的接口不存在')
    } catch (error) {
      if (error instanceof SimError) {
        ctx.status = error.status
        ctx.body = { code: error.code, message: error.message }
      } else {
        ctx.status = 500
        ctx.body = { code: 'SYSTEM_ERROR', message: '系统错误' }
      }
    }
    // every API answer is signed over the exact bytes we send (the bill file is not, as on WeChat)
    if (!ctx.path.startsWith('/v3/') || ctx.state.unsigned) return
    const text = ctx.status === 204 || ctx.body === undefined || ctx.body === null ? '' : JSON.stringify(ctx.body)
    if (text) {
      ctx.type = 'application/json'
      ctx.body = text
    }
    ctx.set({ ...wechatpayHeaders(text), 'Request-ID': randomUUID() })
  })
  app.use(async (ctx, next) => {
    const raw = ctx.method === 'POST' ? await readBody(ctx.req) : ''
    if (ctx.path.startsWith('/v3/')) {
      if (!ctx.get('user-agent')) throw paramError('Http头缺少User-Agent')
      authenticate(ctx.method, ctx.originalUrl, ctx.headers, raw)
      if (ctx.method === 'POST' && !ctx.is('application/json')) throw paramError('Content-Type 须为 application/json')
    }
    if (ctx.method === 'POST') {
      try {
        ctx.state.json = raw ? JSON.parse(raw) : {}
      } catch {
        throw paramError('请求体不是合法的JSON')
      }
      if (!isObject(ctx.state.json)) throw paramError('请求体须为JSON对象')
    }
    await next()
  })
  app.use(router.routes())

  return {
    app,
    orders,
    refunds,
    notificationsSent,
    faults,
    pay,
    deliverNotifications,
    /** the bill file as the download would serve it (null when the day has no trades) */
    tradeBillText,
    stop: () => clearInterval(timer),
  }
}

function cashierPage(page: { merchant?: string; description?: string; amountYuan?: string; prepayId?: string; returnUrl?: string; error?: string }): string {
  // JSON inside <script>: escape "<" so a return_url cannot close the tag
  const data = JSON.stringify({ prepayId: page.prepayId, returnUrl: page.returnUrl }).replace(/</g, '\\u003c')
  const order = page.amountYuan
    ? `<p class="merchant">${escapeHtml(page.merchant ?? '')}</p>
  <p class="desc">${escapeHtml(page.description ?? '')}</p>
  <p class="amount"><small>¥</small>${page.amountYuan}</p>`
    : ''
  const actions = page.error
    ? `<p class="error" role="alert">${escapeHtml(page.error)}</p>${page.returnUrl ? '<button id="cancel" class="secondary">返回商户</button>' : ''}`
    : `<button id="pay" class="primary">确认支付</button>
  <button id="cancel" class="secondary">取消</button>
  <p id="msg" class="error" role="alert"></p>`
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>微信支付（模拟）</title>
<style>
  body { margin: 0; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; background: #ededed; color: #111; }
  main { max-width: 420px; margin: 0 auto; padding: 24px 20px; text-align: center; }
  .sim { font-size: 12px; color: #fa5151; background: #fff3f3; border-radius: 4px; padding: 6px; }
  h1 { font-size: 17px; font-weight: 500; margin: 24px 0 8px; }
  .merchant { font-size: 15px; color: #555; margin: 4px 0; }
  .desc { font-size: 14px; color: #888; margin: 4px 0 16px; }
  .amount { font-size: 40px; font-weight: 600; margin: 8px 0 32px; }
  .amount small { font-size: 24px; margin-right: 2px; }
  button { display: block; width: 100%; height: 48px; border: 0; border-radius: 8px; font-size: 17px; margin-top: 12px; }
  .primary { background: #07c160; color: #fff; }
  .primary:disabled { opacity: .6; }
  .secondary { background: #fff; color: #07c160; }
  .error { color: #fa5151; font-size: 14px; min-height: 20px; }
</style>
</head>
<body>
<main>
  <p class="sim">模拟收银台 · 不会产生真实扣款</p>
  <h1>微信支付（模拟）</h1>
  ${order}
  ${actions}
</main>
<script>
  const data = ${data};
  const back = () => { if (data.returnUrl) location.href = data.returnUrl };
  const cancel = document.getElementById('cancel');
  if (cancel) cancel.onclick = back;
  const pay = document.getElementById('pay');
  if (pay) pay.onclick = async () => {
    const msg = document.getElementById('msg');
    pay.disabled = true;
    msg.textContent = '';
    try {
      const response = await fetch('/__sim/pay/confirm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prepay_id: data.prepayId }) });
      const result = await response.json();
      if (!response.ok) throw new Error(result.message || '支付失败');
      back();
    } catch (error) {
      msg.textContent = error.message || '支付失败，请重试';
      pay.disabled = false;
    }
  };
</script>
</body>
</html>`
}
