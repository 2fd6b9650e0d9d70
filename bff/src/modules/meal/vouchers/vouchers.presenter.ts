import { h5Url, PAGES, pageUrl, type Voucher } from '@egj/shared'
import type { PiiVault } from '../../../lib/pii'
import type { VoucherRow } from './vouchers.repo'

/**
 * A voucher as its holder and the issuing unit see it, with the holder's link. `masked` is for
 * the settlement clerk, who accounts for vouchers but must not be able to spend them. The code is
 * opened from its sealed copy; a voucher issued before codes were sealed has none (the migration
 * could only hash it) and is shown masked, without a link — except to its holder, who looked it up
 * by the code (`knownCode`).
 */
export function presentVoucher(
  { voucher, unitName }: VoucherRow,
  now: Date,
  publicBaseUrl: string,
  pii: PiiVault,
  { masked = false, knownCode }: { masked?: boolean; knownCode?: string } = {},
): Voucher {
  const expired = voucher.status === 'issued' && voucher.expiresAt <= now
  const code = masked ? null : (knownCode ?? (voucher.codeSealed ? pii.open(voucher.codeSealed) : null))
  return {
    code: code ?? `${voucher.codePrefix}****************`,
    unitName,
    amountFen: voucher.amountFen,
    purpose: voucher.purpose,
    holderName: voucher.holderName,
    status: expired ? 'expired' : voucher.status,
    reserved: voucher.status === 'issued' && voucher.reservedOrderId !== null,
    expiresAt: voucher.expiresAt.toISOString(),
    link: code === null ? null : h5Url(publicBaseUrl, pageUrl(PAGES.mealVoucher, { code })),
  }
}
