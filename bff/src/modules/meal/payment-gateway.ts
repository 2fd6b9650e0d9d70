import type { WechatPayParams } from '@egj/shared'

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
  expiresAt: Date
}

/** What the meal module needs from WeChat Pay (adapters/wechatpay.ts speaks the real protocol). */
export interface PaymentGateway {
  createOrder(order: GatewayOrder): Promise<WechatPayParams>
  queryOrder(outTradeNo: string): Promise<{ tradeState: string; transactionId?: string; amountFen: number; successTime?: Date } | null>
  closeOrder(outTradeNo: string): Promise<void>
  refund(refund: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason: string }): Promise<{ refundId: string; status: string }>
}
