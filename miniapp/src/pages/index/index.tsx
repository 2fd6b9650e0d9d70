import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { notificationsApi, PAGES, pageUrl, todosApi, type Role, type TodoItem } from '@egj/shared'
import { Badge, Button, Grid } from '@nutui/nutui-react-taro'
import { ArrowRight, Notice, Order, Processing, Scan, Setting, Transit, User, UserAdd, Wallet } from '@nutui/icons-react-taro'
import { request } from '../../api/client'
import { Toaster } from '../../components/Toaster'
import { getToken, useMe } from '../../store/session'
import { INBOX_PAGE, isAppPage, LOGIN_PAGE, MINE_PAGE, openPage } from '../../utils/nav'
import { startScan } from '../../utils/scan'
import './index.scss'

const ICON = { size: 26, color: '#1677ff' }

const go = (url: string) => () => void Taro.navigateTo({ url })
const SERVICES: { key: string; text: string; icon: JSX.Element; open: () => void; roles?: Role[] }[] = [
  { key: 'pay', text: '扫码支付', icon: <Wallet {...ICON} />, open: () => void startScan() },
  // each label is the title of the page it opens
  { key: 'visit', text: '访客预约', icon: <UserAdd {...ICON} />, open: go(pageUrl(PAGES.visitBook)) },
  { key: 'visits', text: '我的来访', icon: <Order {...ICON} />, open: go(pageUrl(PAGES.visitList, { tab: 'visitor' })) },
  { key: 'car', text: '用车申请', icon: <Transit {...ICON} />, open: go(pageUrl(PAGES.vehicleList)), roles: ['staff'] },
  { key: 'room', text: '会议室预订', icon: <Processing {...ICON} />, open: go(pageUrl(PAGES.roomFind)), roles: ['staff', 'approver', 'admin'] },
  { key: 'mine', text: '我的', icon: <User {...ICON} />, open: () => void Taro.switchTab({ url: MINE_PAGE }) },
  { key: 'invite', text: '邀请访客', icon: <UserAdd {...ICON} />, open: go(pageUrl(PAGES.visitInvite)), roles: ['staff', 'approver'] },
  { key: 'gate', text: '门岗', icon: <Scan {...ICON} />, open: go(pageUrl(PAGES.gateScan)), roles: ['guard'] },
  { key: 'visit-admin', text: '访客管理', icon: <Setting {...ICON} />, open: go(pageUrl(PAGES.visitBlocklist)), roles: ['admin'] },
  { key: 'dispatch', text: '派车', icon: <Transit {...ICON} />, open: go(pageUrl(PAGES.dispatchBoard)), roles: ['dispatcher'] },
  { key: 'vehicle-admin', text: '车辆管理', icon: <Setting {...ICON} />, open: go(pageUrl(PAGES.vehicleAdmin)), roles: ['admin'] },
  { key: 'meeting-service', text: '会务任务', icon: <Order {...ICON} />, open: go(pageUrl(PAGES.meetingTasks)), roles: ['meeting_service'] },
  { key: 'room-admin', text: '会议室管理', icon: <Setting {...ICON} />, open: go(pageUrl(PAGES.roomAdmin)), roles: ['admin'] },
]

export default function HomePage() {
  const { state, reload } = useMe()
  const me = state.status === 'ready' ? state.data : null
  // signed in unless the server said otherwise: a network failure never makes a user look signed out
  const signedIn = state.status !== 'guest' && !!getToken()
  const [unread, setUnread] = useState(0)
  const [todos, setTodos] = useState<TodoItem[]>([])

  useDidShow(() => {
    // the bell's badge and 待办; a failure here only hides them
    if (!getToken()) return setTodos([])
    request(notificationsApi.list, { query: { limit: 1 } })
      .then((list) => setUnread(list.unreadCount))
      .catch(() => setUnread(0))
    request(todosApi.list)
      .then((list) => setTodos(list.items))
      .catch(() => setTodos([]))
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

      {todos.length > 0 && (
        <>
          <View className='egj-section-title'>待办</View>
          <View className='egj-card home__todos'>
            {todos.map((todo) => (
              <View key={`${todo.kind}-${todo.url}`} className='home__todo' onClick={() => isAppPage(todo.url) && void openPage(todo.url)}>
                <View className='home__todo-main'>
                  <View className={todo.urgent ? 'home__todo-title home__todo-title--urgent' : 'home__todo-title'}>{todo.title}</View>
                  {todo.subtitle && <View className='egj-muted'>{todo.subtitle}</View>}
                </View>
                {todo.count > 1 && <View className='home__todo-count'>{todo.count}</View>}
                <ArrowRight size={12} color='#c0c4cc' />
              </View>
            ))}
          </View>
        </>
      )}

      <View className='egj-section-title'>常用服务</View>
      <View className='egj-card home__grid'>
        <Grid columns={5} gap={0}>
          {SERVICES.filter((item) => !item.roles || (me && item.roles.some((role) => me.roles.includes(role)))).map((item) => (
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
