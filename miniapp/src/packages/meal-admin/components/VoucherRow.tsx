import { Text, View } from '@tarojs/components'
import { formatMoney, inShanghai, type Voucher } from '@egj/shared'
import { toast } from '../../../components/Toaster'
import { copyText } from '../lib/files'
import { VOUCHER_STATUS_LABELS } from '../lib/format'
import { Pill } from '../../../components/Pill'
import './VoucherRow.scss'

const TONES = { issued: 'blue', redeemed: 'green', expired: 'gray' } as const

/** One voucher: holder, face value, status, expiry, and its link to copy for the holder. */
export function VoucherRow({ voucher, index, showPurpose }: { voucher: Voucher; index: number; showPurpose?: boolean }) {
  const link = voucher.link
  const copy = () => {
    if (link) copyText(link).catch(() => toast('复制失败，请长按链接手动复制', 'fail'))
  }
  return (
    <View className='voucher-row'>
      <View className='voucher-row__main'>
        <View className='voucher-row__top'>
          <Text className='voucher-row__holder'>{voucher.holderName ?? `第 ${index + 1} 张（未指定持券人）`}</Text>
          <Pill tone={TONES[voucher.status]} className='voucher-row__pill'>
            {VOUCHER_STATUS_LABELS[voucher.status]}
          </Pill>
        </View>
        <View className='voucher-row__meta'>
          <Text className='voucher-row__amount'>{formatMoney(voucher.amountFen)}</Text>
          {showPurpose ? ` · ${voucher.purpose}` : ''} · 有效期至 {inShanghai(voucher.expiresAt).subtract(1, 'second').format('M月D日')}
        </View>
      </View>
      {/* the settlement clerk sees vouchers without their links */}
      {voucher.status === 'issued' && link && (
        <View className='voucher-row__copy' onClick={copy}>
          复制链接
        </View>
      )}
    </View>
  )
}
