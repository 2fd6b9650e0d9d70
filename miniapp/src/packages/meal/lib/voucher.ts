import Taro from '@tarojs/taro'

/**
 * The voucher a holder chose to use: kept between "扫码用券" on the voucher page and the window
 * code's pay page (the scan goes through the generic scanner, which knows nothing of vouchers).
 */
const KEY = 'egj.meal.voucher'
const TTL_MS = 10 * 60_000

export function rememberVoucher(code: string): void {
  Taro.setStorageSync(KEY, { code, at: Date.now() })
}

export function pendingVoucher(): string | null {
  const saved = Taro.getStorageSync(KEY) as { code?: string; at?: number } | ''
  return saved && saved.code && Date.now() - (saved.at ?? 0) < TTL_MS ? saved.code : null
}

export function forgetVoucher(): void {
  Taro.removeStorageSync(KEY)
}

/** The 餐券码 in what was typed or scanned: the 20-character code itself, or the voucher link's `code=`. Null when there is none. */
export function voucherCodeOf(text: string): string | null {
  const trimmed = text.trim()
  if (/^[A-Za-z0-9]{20}$/.test(trimmed)) return trimmed
  return /[?&]code=([A-Za-z0-9]{20})(?![A-Za-z0-9])/.exec(trimmed)?.[1] ?? null
}
