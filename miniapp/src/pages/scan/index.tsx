import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { FailureF } from '@nutui/icons-react-taro'
import { parseQrContent, routeForQr } from '@egj/shared'
import { PrivacySheet } from '../../components/PrivacySheet'
import { Toaster } from '../../components/Toaster'
import { decodeParam, HOME_PAGE } from '../../utils/nav'
import { startScan, UNRECOGNISED, UNRECOGNISED_HINT } from '../../utils/scan'
import './index.scss'

/**
 * Where scanned codes land from outside the app: H5 gets `?code=<url or /q/... path>` (the BFF
 * redirects a code URL here); WeChat's "scan a plain link" passes the whole URL, encoded, in `q`.
 */
export default function ScanLandingPage() {
  const [failed, setFailed] = useState(false)
  const { params } = useRouter<Record<string, string | undefined>>()

  useEffect(() => {
    const parsed = parseQrContent(decodeParam(params.code ?? params.q))
    if (parsed) void Taro.redirectTo({ url: routeForQr(parsed) })
    else setFailed(true)
    // once, for the code this page was opened with
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  return (
    <View className='egj-page scan-landing'>
      {failed ? (
        <View className='egj-card scan-landing__card'>
          <FailureF size={64} color='var(--egj-danger)' />
          <View className='scan-landing__title'>{UNRECOGNISED}</View>
          <View className='egj-muted scan-landing__text'>{UNRECOGNISED_HINT}。</View>
          <Button type='primary' block onClick={() => void startScan('redirect')}>
            重新扫码
          </Button>
          <View className='scan-landing__home' onClick={() => void Taro.switchTab({ url: HOME_PAGE })}>
            返回首页
          </View>
        </View>
      ) : (
        <View className='egj-muted scan-landing__loading'>正在打开…</View>
      )}
      <Toaster />
      <PrivacySheet />
    </View>
  )
}
