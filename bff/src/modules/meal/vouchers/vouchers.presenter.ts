import type { Voucher } from '@egj/shared'
import type { VoucherRow } from './vouchers.repo'

/** A voucher as its holder and the issuing unit see it, with the holder's link. */
export function presentVoucher({ voucher, unitName }: VoucherRow, now: Date, publicBaseUrl: string): Voucher {
  const expired = voucher.status === 'issued' && voucher.expiresAt <= now
  return {
    code: voucher.code,
    unitName,
    amountFen: voucher.amountFen,
    purpose: voucher.purpose,
    holderName: voucher.holderName,
    status: expired ? 'expired' : voucher.status,
    expiresAt: voucher.expiresAt.toISOString(),
    link: `${publicBaseUrl}/#/packages/meal/pages/voucher/index?code=${voucher.code}`,
  }
}
