import type { WechatPayClient } from '../../adapters/wechatpay'
import type { PaymentGateway } from './payment-gateway'

/** The meal module's payments through WeChat Pay v3: JSAPI in the mini-program, H5 in a browser. */
export function wechatPayGateway(client: WechatPayClient, publicBaseUrl: string): PaymentGateway {
  return {
    async createOrder(order) {
      if (order.channel === 'jsapi') {
        const { payParams } = await client.createJsapiOrder({ ...order, openid: order.openid! })
        return { payParams, cashierUrl: null }
      }
      const { h5Url } = await client.createH5Order({ ...order, clientIp: order.clientIp, redirectUrl: `${publicBaseUrl}/#${order.returnPath}` })
      return { payParams: null, cashierUrl: h5Url }
    },
    queryOrder: (outTradeNo) => client.queryOrder(outTradeNo),
    closeOrder: (outTradeNo) => client.closeOrder(outTradeNo),
    refund: (refund) => client.refund(refund),
  }
}
