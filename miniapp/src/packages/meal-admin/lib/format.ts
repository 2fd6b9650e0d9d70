import { inShanghai, parseYuan, type DailyStatement, type Reconciliation, type Voucher } from '@egj/shared'

/** An amount typed in 元 → 分 within [min, max], or null. */
export function yuanInput(text: string, minFen: number, maxFen: number): number | null {
  const fen = parseYuan(text)
  return fen !== null && fen >= minFen && fen <= maxFen ? fen : null
}

/** Keeps only what an amount in 元 may contain (digits and one dot, two decimals). */
export function cleanYuanText(text: string): string {
  const cleaned = text.replace(/[^\d.]/g, '')
  const [whole, ...rest] = cleaned.split('.')
  return rest.length ? `${whole}.${rest.join('').slice(0, 2)}` : whole
}

export const today = () => inShanghai(new Date()).format('YYYY-MM-DD')
export const thisMonth = () => inShanghai(new Date()).format('YYYY-MM')
/** "2025-11" → "2025年11月" */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
/** "2025-11-21" → "2025年11月21日 周五" */
export function dayLabel(day: string): string {
  const d = inShanghai(`${day}T00:00:00+08:00`)
  return `${d.format('YYYY年M月D日')} ${'日一二三四五六'.split('').map((c) => `周${c}`)[d.day()]}`
}
export const clock = (iso: string) => inShanghai(iso).format('HH:mm:ss')

export const REVIEW_LABELS: Record<DailyStatement['lines'][number]['review'], string> = { pending: '待确认', confirmed: '已确认', disputed: '有异议' }

export const DIFFERENCE_LABELS: Record<Reconciliation['differences'][number]['kind'], string> = {
  missing_in_ours: '我方缺失',
  missing_in_wechat: '微信缺失',
  amount_mismatch: '金额不一致',
  status_mismatch: '状态不一致',
}

export const VOUCHER_STATUS_LABELS: Record<Voucher['status'], string> = { issued: '未使用', redeemed: '已使用', expired: '已过期' }
