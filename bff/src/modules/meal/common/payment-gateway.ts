import type { WechatPayParams } from '@egj/shared'
import { WechatPayApiError, type RefundStatus, type WechatPayClient } from '../../../adapters/wechatpay'

export interface GatewayOrder {
  outTradeNo: string
  description: string
  amountFen: number
  channel: 'jsapi' | 'h5'
  /** JSAPI: the payer's openid */
  openid?: string
  /** H5: the payer's address (WeChat checks it) and the in-app page to return to */
  clientIp: string
  returnPath: string
  /** H5: the allowed origin the payer opened the app on; PUBLIC_BASE_URL when none */
  returnBaseUrl?: string
  expiresAt: Date
}

/** What WeChat says of an order; null from queryOrder when it never heard of it. */
export interface GatewayOrderStatus {
  tradeState: string
  transactionId?: string
  amountFen: number
  successTime?: Date
}

/** What the meal module needs from WeChat Pay (adapters/wechatpay.ts speaks the real protocol). */
export interface PaymentGateway {
  createOrder(order: GatewayOrder): Promise<WechatPayParams>
  queryOrder(outTradeNo: string): Promise<GatewayOrderStatus | null>
  closeOrder(outTradeNo: string): Promise<void>
  /** Same out_refund_no again is the same refund at WeChat: safe to send again. Throws on any failure (see isDefiniteRefusal). */
  refund(refund: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason: string }): Promise<{ refundId: string; status: RefundStatus }>
  /** null when WeChat has no such refund (it never arrived) */
  queryRefund(outRefundNo: string): Promise<{ refundId: string; status: RefundStatus } | null>
}

/**
 * WeChat's documented final refusals of a refund request (申请退款 error codes): the refund was
 * not created, so undoing our side is safe. Anything else — a timeout, a 5xx, SYSTEM_ERROR,
 * FREQUENCY_LIMITED, an unsigned answer — is "unknown": the refund may exist at WeChat.
 */
const FINAL_REFUND_REFUSALS = new Set(['PARAM_ERROR', 'INVALID_REQUEST', 'NOT_ENOUGH', 'USER_ACCOUNT_ABNORMAL', 'MCH_NOT_EXISTS', 'RESOURCE_NOT_EXISTS', 'NO_AUTH', 'REQUEST_BLOCKED'])

export function isDefiniteRefusal(error: unknown): error is WechatPayApiError {
  return error instanceof WechatPayApiError && error.verified && error.status >= 400 && error.status < 500 && FINAL_REFUND_REFUSALS.has(error.code)
}

/** WeChat answered an order request with a signed 4xx: the order was not created there (anything else may have been). */
export function isDefiniteOrderRefusal(error: unknown): error is WechatPayApiError {
  return error instanceof WechatPayApiError && error.verified && error.status >= 400 && error.status < 500
}

/** WeChat Pay refuses a description over 127 bytes (42 Chinese characters): cut, never refuse the payment. */
export function wechatDescription(text: string, maxBytes = 127): string {
  let out = ''
  for (const char of text) {
    if (Buffer.byteLength(out + char) > maxBytes) break
    out += char
  }
  return out
}

/** The meal module's payments through WeChat Pay v3: JSAPI in the mini-program, H5 in a browser. */
export function wechatPayGateway(client: WechatPayClient, publicBaseUrl: string): PaymentGateway {
  return {
    async createOrder(input) {
      const order = { ...input, description: wechatDescription(input.description) }
      if (order.channel === 'jsapi') {
        const { payParams } = await client.createJsapiOrder({ ...order, openid: order.openid! })
        return { payParams, cashierUrl: null }
      }
      // back to the host the payer opened the app on (an allowed one), where they are signed in
      const returnBase = order.returnBaseUrl ?? publicBaseUrl
      const { h5Url } = await client.createH5Order({ ...order, clientIp: order.clientIp, redirectUrl: `${returnBase}/#${order.returnPath}` })
      return { payParams: null, cashierUrl: h5Url }
    },
    queryOrder: (outTradeNo) => client.queryOrder(outTradeNo),
    closeOrder: (outTradeNo) => client.closeOrder(outTradeNo),
    refund: (refund) => client.refund(refund),
    queryRefund: (outRefundNo) => client.queryRefund(outRefundNo),
  }
}
