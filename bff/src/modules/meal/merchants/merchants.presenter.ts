import type { MerchantAdmin } from '@egj/shared'
import { formatMinute } from '@egj/shared'
import { qrLabelSheet } from '../../../lib/qr-sheet.presenter'
import type { MerchantRow, PeriodRow, WindowRow } from './merchants.repo'

/** A merchant with its windows (and their code URLs) and periods, for the admin pages. */
export function presentMerchant(merchant: MerchantRow, windows: WindowRow[], periods: PeriodRow[], codes: { url: (windowId: number) => string; short: (windowId: number) => string }): MerchantAdmin {
  return {
    id: merchant.id,
    name: merchant.name,
    kind: merchant.kind,
    overCapPolicy: merchant.overCapPolicy,
    maxPaymentFen: merchant.maxPaymentFen,
    status: merchant.status,
    windows: windows.filter((w) => w.merchantId === merchant.id).map((w) => ({ id: w.id, name: w.name, status: w.status, code: codes.url(w.id), shortCode: codes.short(w.id) })),
    periods: periods
      .filter((p) => p.merchantId === merchant.id)
      .map((p) => ({ name: p.name, start: formatMinute(p.startMinute), end: formatMinute(p.endMinute), officialCapFen: p.officialCapFen })),
  }
}

/** A printable A4 sheet with each given window's code, its merchant and window name. */
export function presentQrSheet(merchantName: string, windows: { name: string; code: string; shortCode: string }[]): Promise<string> {
  return qrLabelSheet({
    title: `${merchantName} 窗口码`,
    heading: '扫码支付 · 公务餐',
    hint: '微信或 e管家 扫一扫，输入菜品金额付款；无法扫码时在 e管家 扫码页输入编号',
    empty: '该商户没有启用的窗口',
    labels: windows.map((w) => ({ url: w.code, title: merchantName, subtitle: w.name, shortCode: w.shortCode })),
  })
}
