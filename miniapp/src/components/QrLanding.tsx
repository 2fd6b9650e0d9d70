import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { qrApi } from '@egj/shared'
import { Button } from '@nutui/nutui-react-taro'
import { Clock, FailureF, SuccessF } from '@nutui/icons-react-taro'
import type { QrKind, QrResolved } from '@egj/shared'
import { ApiError, errorMessage, request } from '../api/client'
import { getToken } from '../store/session'
import { decodeParam, goLogin } from '../utils/nav'
import { startScan } from '../utils/scan'
import { Toaster } from './Toaster'
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

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; code: QrResolved }
  | { status: 'error'; error: ApiError }

/**
 * Landing page of a domain subpackage. With `?token=` (a scanned code) it asks the BFF to verify
 * the code and shows the result; without one it says the module is coming.
 */
export function QrLanding({ kind, title, moduleName, intro, icon }: Props) {
  const token = decodeParam(useRouter().params.token)
  const [state, setState] = useState<State>(token ? { status: 'loading' } : { status: 'idle' })

  const resolve = useCallback(async () => {
    setState({ status: 'loading' })
    try {
      // the BFF needs the kind too: send the path form of the code
      const code = await request(qrApi.resolve, { query: { code: `/q/${kind}/${token}` } })
      setState({ status: 'ok', code })
    } catch (e) {
      setState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', errorMessage(e)) })
    }
  }, [kind, token])

  // back from the login page after a 401: try again
  useDidShow(() => {
    if (state.status === 'error' && state.error.status === 401 && getToken()) void resolve()
  })

  useEffect(() => {
    if (token) void resolve()
  }, [token, resolve])

  return (
    <View className='egj-page qr-landing'>
      <View className='qr-landing__header'>
        <View className='qr-landing__header-icon'>{icon}</View>
        <View>
          <View className='qr-landing__title'>{title}</View>
          <View className='qr-landing__intro'>{intro}</View>
        </View>
      </View>

      {state.status === 'loading' && (
        <View className='egj-card qr-landing__result'>
          <View className='qr-landing__spinner' />
          <View className='qr-landing__result-title'>正在校验二维码…</View>
        </View>
      )}

      {state.status === 'ok' && (
        <View className='egj-card qr-landing__result'>
          <SuccessF size={64} color='#18a058' />
          <View className='qr-landing__kind'>{state.code.kindName}</View>
          <View className='qr-landing__result-title qr-landing__result-title--ok'>二维码校验通过</View>
          <View className='qr-landing__meta'>
            <Text className='qr-landing__meta-label'>编号</Text>
            <Text className='qr-landing__meta-value'>{state.code.id}</Text>
          </View>
          <View className='qr-landing__note'>{moduleName}功能即将上线，届时扫描此码即可直接办理。</View>
        </View>
      )}

      {state.status === 'error' && (
        <View className='egj-card qr-landing__result'>
          <FailureF size={64} color='#e5484d' />
          <View className='qr-landing__error'>{state.error.message}</View>
          <View className='qr-landing__actions'>
            {state.error.status === 401 ? (
              <Button type='primary' block onClick={goLogin}>
                去登录
              </Button>
            ) : state.error.status === 0 || state.error.status >= 500 ? (
              <Button type='primary' block onClick={() => void resolve()}>
                重试
              </Button>
            ) : (
              <Button type='primary' block onClick={() => void startScan()}>
                重新扫码
              </Button>
            )}
          </View>
        </View>
      )}

      {state.status === 'idle' && (
        <View className='egj-card qr-landing__result'>
          <Clock size={56} color='#1677ff' />
          <View className='qr-landing__result-title'>该功能即将上线</View>
          <View className='qr-landing__note'>「{moduleName}」正在建设中，敬请期待。</View>
          <View className='qr-landing__actions'>
            <Button type='primary' fill='outline' block onClick={() => void startScan()}>
              扫码
            </Button>
          </View>
        </View>
      )}
      <Toaster />
    </View>
  )
}
