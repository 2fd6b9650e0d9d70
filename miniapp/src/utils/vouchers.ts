import Taro from '@tarojs/taro'

/**
 * Vouchers this phone has opened (a visitor gets a link in a chat and may not find it again):
 * 我的 lists them so the holder can get back to one. Only what the ticket shows; the voucher
 * page asks the server for its real status every time.
 */
export interface SeenVoucher {
  code: string
  amountFen: number
  purpose: string
  at: number
}

const KEY = 'egj.vouchers.seen'
const KEEP = 5

export function seenVouchers(): SeenVoucher[] {
  const saved: unknown = Taro.getStorageSync(KEY)
  return Array.isArray(saved) ? (saved as SeenVoucher[]) : []
}

export function rememberSeenVoucher(voucher: Omit<SeenVoucher, 'at'>): void {
  const rest = seenVouchers().filter((v) => v.code !== voucher.code)
  Taro.setStorageSync(KEY, [{ ...voucher, at: Date.now() }, ...rest].slice(0, KEEP))
}

export function forgetSeenVouchers(): void {
  Taro.removeStorageSync(KEY)
}
