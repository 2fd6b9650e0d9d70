import type { WechatPayParams } from '@egj/shared'
import type { WechatPayClient } from '../../../adapters/wechatpay'

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

/** What the meal module needs from WeChat Pay (adapters/wechatpay.ts speaks the real protocol). */
export interface PaymentGateway {
  createOrder(order: GatewayOrder): Promise<WechatPayParams>
  queryOrder(outTradeNo: string): Promise<{ tradeState: string; transactionId?: string; amountFen: number; successTime?: Date } | null>
  closeOrder(outTradeNo: string): Promise<void>
  refund(refund: { outTradeNo: string; outRefundNo: string; refundFen: number; totalFen: number; reason: string }): Promise<{ refundId: string; status: string }>
}

/** The meal module's payments through WeChat Pay v3: JSAPI in the mini-program, H5 in a browser. */
export function wechatPayGateway(client: WechatPayClient, publicBaseUrl: string): PaymentGateway {
  return {
    async createOrder(order) {
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
  }
}
