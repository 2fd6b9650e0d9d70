import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Clock, FailureF, SuccessF } from '@nutui/icons-react-taro'
import { qrApi, type QrKind } from '@egj/shared'
import { request } from '../api/client'
import { useResource } from '../hooks/useResource'
import { decodeParam } from '../utils/nav'
import { startScan } from '../utils/scan'
import { Page } from './Page'
import { PageGate } from './PageGate'
import './QrLanding.scss'

interface Props {
  kind: QrKind
  /** the page heading, e.g. 扫码支付 */
  title: string
  /** the feature users will get here, e.g. 扫码支付 / 用车申请 */
  moduleName: string
  /** one line on what the module will do */
  intro: string
  icon: ReactNode
}

/**
 * Landing page of a domain subpackage. With `?token=` (a scanned code) it asks the BFF to verify
 * the code and shows the result; without one it says the module is coming.
 */
export function QrLanding({ kind, title, moduleName, intro, icon }: Props) {
  const token = decodeParam(useRouter().params.token)
  // the BFF needs the kind too: send the path form of the code; it decides who may ask
  const { state, reload } = useResource(() => request(qrApi.resolve, { query: { code: `/q/${kind}/${token}` } }), { key: [kind, token], enabled: !!token, auth: false })

  return (
    <Page className='qr-landing'>
      <View className='qr-landing__header'>
        <View className='qr-landing__header-icon'>{icon}</View>
        <View>
          <View className='qr-landing__title'>{title}</View>
          <View className='qr-landing__intro'>{intro}</View>
        </View>
      </View>

      {token && state.status !== 'ready' && (
        <PageGate
          state={state}
          loading='正在校验二维码…'
          errorTitle={() => '二维码无效'}
          errorAction={() => ({ text: '重新扫码', onClick: () => void startScan() })}
          icon={<FailureF size={48} color='var(--egj-danger)' />}
          onRetry={() => void reload()}
        />
      )}

      {state.status === 'ready' && (
        <View className='egj-card qr-landing__result'>
          <SuccessF size={64} color='var(--egj-success)' />
          <View className='qr-landing__kind'>{state.data.kindName}</View>
          <View className='qr-landing__result-title qr-landing__result-title--ok'>二维码校验通过</View>
          <View className='qr-landing__meta'>
            <Text className='qr-landing__meta-label'>编号</Text>
            <Text className='qr-landing__meta-value'>{state.data.id}</Text>
          </View>
          <View className='qr-landing__note'>{moduleName}功能即将上线，届时扫描此码即可直接办理。</View>
        </View>
      )}

      {!token && (
        <View className='egj-card qr-landing__result'>
          <Clock size={56} color='var(--egj-primary)' />
          <View className='qr-landing__result-title'>该功能即将上线</View>
          <View className='qr-landing__note'>「{moduleName}」正在建设中，敬请期待。</View>
          <View className='qr-landing__actions'>
            <Button type='primary' fill='outline' block onClick={() => void startScan()}>
              扫码
            </Button>
          </View>
        </View>
      )}
    </Page>
  )
}
