import type { Voucher } from '@egj/shared'
import type { VoucherRow } from './vouchers.repo'

/**
 * A voucher as its holder and the issuing unit see it, with the holder's link. `masked` is for
 * the settlement clerk, who accounts for vouchers but must not be able to spend them.
 */
export function presentVoucher({ voucher, unitName }: VoucherRow, now: Date, publicBaseUrl: string, masked = false): Voucher {
  const expired = voucher.status === 'issued' && voucher.expiresAt <= now
  return {
    code: masked ? `${voucher.code.slice(0, 4)}****************` : voucher.code,
    unitName,
    amountFen: voucher.amountFen,
    purpose: voucher.purpose,
    holderName: voucher.holderName,
    status: expired ? 'expired' : voucher.status,
    expiresAt: voucher.expiresAt.toISOString(),
    link: masked ? null : `${publicBaseUrl}/#/packages/meal/pages/voucher/index?code=${voucher.code}`,
  }
}
