import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { notificationsApi } from '@egj/shared'
import { Badge, Button, Grid } from '@nutui/nutui-react-taro'
import { Notice, Processing, Scan, Transit, User, UserAdd, Wallet } from '@nutui/icons-react-taro'
import { request } from '../../api/client'
import { Toaster } from '../../components/Toaster'
import { getToken, useMe } from '../../store/session'
import { INBOX_PAGE, LOGIN_PAGE, MINE_PAGE } from '../../utils/nav'
import { startScan } from '../../utils/scan'
import './index.scss'

const ICON = { size: 26, color: '#1677ff' }

const SERVICES = [
  { key: 'pay', text: '扫码支付', icon: <Wallet {...ICON} />, open: () => void startScan() },
  // each label is the title of the page it opens
  { key: 'visit', text: '访客预约', icon: <UserAdd {...ICON} />, open: () => void Taro.navigateTo({ url: '/packages/visit/pages/pass/index' }) },
  { key: 'car', text: '用车申请', icon: <Transit {...ICON} />, open: () => void Taro.navigateTo({ url: '/packages/vehicle/pages/car/index' }) },
  { key: 'room', text: '会议室', icon: <Processing {...ICON} />, open: () => void Taro.navigateTo({ url: '/packages/room/pages/door/index' }) },
  { key: 'mine', text: '我的', icon: <User {...ICON} />, open: () => void Taro.switchTab({ url: MINE_PAGE }) },
]

export default function HomePage() {
  const { state, reload } = useMe()
  const me = state.status === 'ready' ? state.data : null
  // signed in unless the server said otherwise: a network failure never makes a user look signed out
  const signedIn = state.status !== 'guest' && !!getToken()
  const [unread, setUnread] = useState(0)

  useDidShow(() => {
    // the bell's badge; a failure here only hides the number
    if (!getToken()) return
    request(notificationsApi.list, { query: { limit: 1 } })
      .then((list) => setUnread(list.unreadCount))
      .catch(() => setUnread(0))
  })

  return (
    <View className='egj-page home'>
      <View className='home__hero'>
        <View className='home__top'>
          <View>
            <View className='home__title'>e管家</View>
            <View className='home__subtitle'>机关事务一站式服务</View>
          </View>
          {signedIn ? (
            <View className='home__bell' onClick={() => void Taro.navigateTo({ url: INBOX_PAGE })}>
              <Badge value={unread || undefined} max={99} top='2' right='4'>
                <Notice size={24} color='#ffffff' />
              </Badge>
              <View className='home__bell-text'>消息</View>
            </View>
          ) : (
            <View className='home__login' onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}>
              登录
            </View>
          )}
        </View>
        {me && (
          <View className='home__greeting'>
            您好，{me.name}
            {me.unit ? ` · ${me.unit.name}` : ''}
          </View>
        )}
        {state.status === 'error' && (
          <View className='home__greeting home__offline' onClick={() => void reload()}>
            {state.error.message}，点此重试
          </View>
        )}
      </View>

      <View className='egj-card home__scan'>
        <Button type='primary' size='xlarge' block icon={<Scan size={22} color='#ffffff' />} onClick={() => void startScan()}>
          扫码
        </Button>
        <View className='home__scan-hint'>食堂窗口码 · 一车一码 · 会议室门牌码 · 访客通行码</View>
      </View>

      <View className='egj-section-title'>常用服务</View>
      <View className='egj-card home__grid'>
        <Grid columns={5} gap={0}>
          {SERVICES.map((item) => (
            <Grid.Item key={item.key} text={item.text} onClick={item.open}>
              <View className='home__grid-icon'>{item.icon}</View>
            </Grid.Item>
          ))}
        </Grid>
      </View>

      {!signedIn && (
        <View className='egj-card home__cta'>
          <View className='home__cta-text'>
            <View className='home__cta-title'>登录 e管家</View>
            <View className='egj-muted'>登录后可使用扫码支付、预约用车和会议室等服务</View>
          </View>
          <Button type='primary' size='small' onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}>
            立即登录
          </Button>
        </View>
      )}
      <Toaster />
    </View>
  )
}
