import { QrResolveQuery, QrResolved } from '../qr'
import { endpoint } from './define'

export const qrApi = {
  resolve: endpoint({ method: 'GET', path: '/api/v1/qr/resolve', tag: 'qr', summary: '校验扫到的码（签名），返回类型与应打开的页面', query: QrResolveQuery, response: QrResolved }),
}
