import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { FailureF, Scan } from '@nutui/icons-react-taro'
import { formatYuan, inShanghai, mealVouchersApi, type Voucher } from '@egj/shared'
import { errorMessage, isApiError, request } from '../../../../api/client'
import { Toaster } from '../../../../components/Toaster'
import { getToken } from '../../../../store/session'
import { decodeParam, goLogin } from '../../../../utils/nav'
import { startScan } from '../../../../utils/scan'
import { rememberVoucher } from '../../lib/voucher'
import './index.scss'

const STATUS_TEXT = { issued: '可使用', redeemed: '已使用', expired: '已过期' } as const

/** 电子餐券 from a unit: the holder opens the link, taps 扫码用券 and scans any window code. */
export default function VoucherPage() {
  const code = decodeParam(useRouter().params.code) ?? ''
  const [voucher, setVoucher] = useState<Voucher | null>(null)
  const [error, setError] = useState<string | null>(null)

  useDidShow(() => {
    if (!getToken()) return goLogin()
    request(mealVouchersApi.get, { params: { code } })
      .then(setVoucher)
      .catch((e) => setError(isApiError(e) && e.code === 'VALIDATION_FAILED' ? '餐券链接不完整，请向发券单位重新索取' : errorMessage(e)))
  })

  const use = () => {
    rememberVoucher(code)
    void startScan()
  }

  if (error) {
    return (
      <View className='egj-page voucher'>
        <View className='egj-card voucher__status'>
          <FailureF size={56} color='#e5484d' />
          <View className='voucher__error'>{error}</View>
        </View>
      </View>
    )
  }
  if (!voucher) return <View className='egj-page voucher'><View className='egj-card voucher__status egj-muted'>正在读取餐券…</View></View>

  const usable = voucher.status === 'issued'
  return (
    <View className='egj-page voucher'>
      <View className={`voucher__ticket ${usable ? '' : 'voucher__ticket--used'}`}>
        <View className='voucher__unit'>{voucher.unitName}</View>
        <View className='voucher__amount'>
          <Text className='voucher__yen'>¥</Text>
          {formatYuan(voucher.amountFen)}
        </View>
        <View className='voucher__purpose'>{voucher.purpose}</View>
        {voucher.holderName && <View className='voucher__holder'>持券人：{voucher.holderName}</View>}
        <View className='voucher__meta'>
          <Text>{STATUS_TEXT[voucher.status]}</Text>
          <Text>有效期至 {inShanghai(voucher.expiresAt).subtract(1, 'second').format('YYYY-MM-DD')}</Text>
        </View>
      </View>
      <View className='voucher__hint egj-muted'>在任一食堂窗口或定点用餐点，扫窗口上的二维码即可用券付款；一张券限用一次，不足部分不找零。</View>
      <Button className='voucher__use' type='primary' size='xlarge' block disabled={!usable} icon={<Scan size={20} />} onClick={use}>
        {usable ? '扫码用券' : STATUS_TEXT[voucher.status]}
      </Button>
      <Toaster />
    </View>
  )
}
