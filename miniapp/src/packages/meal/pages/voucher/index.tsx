import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Coupon, Scan } from '@nutui/icons-react-taro'
import { inShanghai, mealVouchersApi, PAGES, pageUrl } from '@egj/shared'
import { ApiError, request } from '../../../../api/client'
import { Money } from '../../../../components/Money'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useResource } from '../../../../hooks/useResource'
import { decodeParam } from '../../../../utils/nav'
import { startScan } from '../../../../utils/scan'
import { rememberSeenVoucher } from '../../../../utils/vouchers'
import { rememberVoucher } from '../../lib/voucher'
import { useMe } from '../../../../store/session'
import './index.scss'

const STATUS_TEXT = { issued: '可使用', redeemed: '已使用', expired: '已过期' } as const

/** 电子餐券 from a unit: the holder opens the link, taps 扫码用券 and scans any window code. */
export default function VoucherPage() {
  const code = decodeParam(useRouter().params.code) ?? ''
  // staff may book a meal for the voucher's guest (报餐); a visitor just uses it at a window
  const { me } = useMe()
  const staff = !!me?.roles.includes('staff')
  const { state, reload } = useResource(() =>
    request(mealVouchersApi.get, { params: { code } }).then(
      (voucher) => {
        // 我的 lists it, so the holder can come back without the link
        rememberSeenVoucher({ code: voucher.code, amountFen: voucher.amountFen, purpose: voucher.purpose })
        return voucher
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') throw new ApiError(e.status, e.code, '餐券链接不完整，请向发券单位重新索取')
        throw e
      },
    ),
  )

  const use = () => {
    rememberVoucher(code)
    void startScan()
  }

  if (state.status !== 'ready') {
    return (
      <Page className='voucher'>
        <PageGate state={state} loading='正在读取餐券…' guest='登录后使用餐券' icon={<Coupon size={48} color={GREY_ICON} />} errorTitle={() => '餐券不可用'} onRetry={() => void reload()} />
      </Page>
    )
  }

  const voucher = state.data
  // reserved to a 报餐 booking: it is spent when that booking is picked up, not at a window
  const reserved = voucher.status === 'issued' && !!voucher.reserved
  const usable = voucher.status === 'issued' && !reserved
  const statusText = reserved ? '已用于报餐' : STATUS_TEXT[voucher.status]
  return (
    <Page className='voucher'>
      <View className='voucher__body'>
      <View className={`voucher__ticket ${usable ? '' : 'voucher__ticket--used'}`}>
        <View className='voucher__unit'>{voucher.unitName}</View>
        <View className='voucher__amount'>
          <Money fen={voucher.amountFen} signClassName='voucher__yen' />
        </View>
        <View className='voucher__purpose'>{voucher.purpose}</View>
        {voucher.holderName && <View className='voucher__holder'>持券人：{voucher.holderName}</View>}
        <View className='voucher__meta'>
          <Text>{statusText}</Text>
          <Text>有效期至 {inShanghai(voucher.expiresAt).subtract(1, 'second').format('YYYY-MM-DD')}</Text>
        </View>
      </View>
      {reserved && <View className='voucher__hint egj-muted'>这张券已用于预订一餐，取餐时由预订人扫窗口码核销；预订取消后可再用。</View>}
      {!reserved && <View className='voucher__hint egj-muted'>在任一食堂窗口或定点用餐点，扫窗口上的二维码即可用券付款；一张券限用一次，不足部分不找零。</View>}
      <Button className='voucher__use' type='primary' size='xlarge' block disabled={!usable} icon={<Scan size={20} />} onClick={use}>
        {usable ? '扫码用券' : statusText}
      </Button>
      {usable && staff && (
        <Button className='voucher__book' size='large' block fill='outline' onClick={() => void Taro.navigateTo({ url: pageUrl(PAGES.mealBook, { voucher: code }) })}>
          用这张券为来宾报餐
        </Button>
      )}
      </View>
    </Page>
  )
}
