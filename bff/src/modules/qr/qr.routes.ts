import { QR_KINDS, QrResolveQuery, QrResolved, routeForQr } from '@egj/shared'
import { defineRoute } from '../../lib/http'

export const qrRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/qr/resolve',
    summary: '校验扫到的码（签名），返回类型与应打开的页面',
    tag: 'qr',
    auth: 'none',
    query: QrResolveQuery,
    response: QrResolved,
    handler: async ({ query, services }) => {
      const parsed = services.qr.verify(query.code)
      return { kind: parsed.kind, kindName: QR_KINDS[parsed.kind], id: parsed.payload[0], token: parsed.token, path: routeForQr(parsed) }
    },
  }),
]
