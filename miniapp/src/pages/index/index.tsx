import { useEffect } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { notificationsApi, PAGES, pageUrl, todosApi } from '@egj/shared'
import { Badge, Button, Grid } from '@nutui/nutui-react-taro'
import { ArrowRight, Notice, Order, Processing, Scan, Setting, Store, Transit, User, UserAdd, Wallet } from '@nutui/icons-react-taro'
import { request } from '../../api/client'
import { PrivacySheet } from '../../components/PrivacySheet'
import { Toaster } from '../../components/Toaster'
import { useResource } from '../../hooks/useResource'
import { getToken, useMe } from '../../store/session'
import { homeTiles, type HomeTileKey } from '../../utils/home-tiles'
import { ASSET_ADMIN_PAGE, ASSET_WAREHOUSE_PAGE, INBOX_PAGE, isAppPage, LOGIN_PAGE, MEAL_ADMIN_PAGE, MEAL_CASHIER_PAGE, MEAL_SETTLEMENT_PAGE, MEAL_STATEMENT_PAGE, MINE_PAGE, openPage, signInOnOpen } from '../../utils/nav'
import { startScan } from '../../utils/scan'
import './index.scss'

const ICON = { size: 26, color: 'var(--egj-primary)' }

const go = (url: string) => () => void Taro.navigateTo({ url })
/** What each tile looks like and opens; which tiles whom, and in what order: utils/home-tiles.ts. */
const TILE_FACES: Record<HomeTileKey, { icon: JSX.Element; open: () => void }> = {
  // icons already in the main package (the bell is 消息's)
  cockpit: { icon: <Processing {...ICON} />, open: go(pageUrl(PAGES.cockpit)) },
  supervision: { icon: <Notice {...ICON} />, open: go(pageUrl(PAGES.supervisionList)) },
  cashier: { icon: <Store {...ICON} />, open: go(MEAL_CASHIER_PAGE) },
  statement: { icon: <Order {...ICON} />, open: go(MEAL_STATEMENT_PAGE) },
  settlement: { icon: <Order {...ICON} />, open: go(MEAL_SETTLEMENT_PAGE) },
  gate: { icon: <Scan {...ICON} />, open: go(pageUrl(PAGES.gateScan)) },
  dispatch: { icon: <Transit {...ICON} />, open: go(pageUrl(PAGES.dispatchBoard)) },
  'meeting-service': { icon: <Order {...ICON} />, open: go(pageUrl(PAGES.meetingTasks)) },
  'meal-admin': { icon: <Setting {...ICON} />, open: go(MEAL_ADMIN_PAGE) },
  kitchen: { icon: <Store {...ICON} />, open: go(pageUrl(PAGES.mealKitchen)) },
  'visit-admin': { icon: <Setting {...ICON} />, open: go(pageUrl(PAGES.visitBlocklist)) },
  'vehicle-admin': { icon: <Setting {...ICON} />, open: go(pageUrl(PAGES.vehicleAdmin)) },
  'room-admin': { icon: <Setting {...ICON} />, open: go(pageUrl(PAGES.roomAdmin)) },
  'asset-admin': { icon: <Setting {...ICON} />, open: go(ASSET_ADMIN_PAGE) },
  'repair-dispatch': { icon: <Order {...ICON} />, open: go(pageUrl(PAGES.repairQueue, { view: 'dispatch' })) },
  'repair-work': { icon: <Processing {...ICON} />, open: go(pageUrl(PAGES.repairWork)) },
  'repair-admin': { icon: <Setting {...ICON} />, open: go(pageUrl(PAGES.repairQueue, { view: 'all' })) },
  // icons already in the main package (a new one costs ~1.5 KB there)
  'org-people': { icon: <User {...ICON} />, open: go(pageUrl(PAGES.orgPeople)) },
  'org-units': { icon: <Store {...ICON} />, open: go(pageUrl(PAGES.orgUnits)) },
  'org-import': { icon: <UserAdd {...ICON} />, open: go(pageUrl(PAGES.orgImport)) },
  'org-audit': { icon: <Order {...ICON} />, open: go(pageUrl(PAGES.orgAudit)) },
  'org-directory': { icon: <Processing {...ICON} />, open: go(pageUrl(PAGES.orgDirectory)) },
  pay: { icon: <Wallet {...ICON} />, open: () => void startScan() },
  'meal-book': { icon: <Order {...ICON} />, open: go(pageUrl(PAGES.mealBook)) },
  car: { icon: <Transit {...ICON} />, open: go(pageUrl(PAGES.vehicleList)) },
  room: { icon: <Processing {...ICON} />, open: go(pageUrl(PAGES.roomFind)) },
  asset: { icon: <Store {...ICON} />, open: go(ASSET_WAREHOUSE_PAGE) },
  repair: { icon: <Scan {...ICON} />, open: go(pageUrl(PAGES.repairReport)) },
  invite: { icon: <UserAdd {...ICON} />, open: go(pageUrl(PAGES.visitInvite)) },
  visit: { icon: <UserAdd {...ICON} />, open: go(pageUrl(PAGES.visitBook)) },
  visits: { icon: <Order {...ICON} />, open: go(pageUrl(PAGES.visitList, { tab: 'visitor' })) },
  mine: { icon: <User {...ICON} />, open: () => void Taro.switchTab({ url: MINE_PAGE }) },
}

/** 待办 and the bell's unread count, loaded together: one state, and a failure says so. */
const loadNews = () =>
  Promise.all([request(todosApi.list), request(notificationsApi.list, { query: { limit: 1 } })]).then(([todos, inbox]) => ({ todos: todos.items, unread: inbox.unreadCount }))

export default function HomePage() {
  const { state, reload } = useMe()
  const me = state.status === 'ready' ? state.data : null
  // signed in unless the server said otherwise: a network failure never makes a user look signed out
  const signedIn = state.status !== 'guest' && !!getToken()
  // asked beside /me, not after it: a waterfall costs a round trip on a phone's network (another
  // account's sign-in comes back to this tab page, which reloads on show)
  const news = useResource(loadNews, { enabled: signedIn })
  const todos = news.data?.todos ?? []
  const unread = news.data?.unread ?? 0
  // a signed-in user's tiles wait for who they are (a cashier is never shown a visitor's tiles)
  const tiles = signedIn ? (me ? homeTiles({ roles: me.roles, hasUnit: me.unit !== null }) : []) : homeTiles(null)
  const retryAll = () => void Promise.all([reload(), news.reload()])
  // inside 浙政钉 / DingTalk opening the app signs the person in by the client
  useEffect(() => {
    if (!signedIn) signInOnOpen()
  }, [signedIn])

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
          <View className='home__greeting home__offline' onClick={retryAll}>
            {state.error.message}，点此重试
          </View>
        )}
      </View>

      <View className='egj-card home__scan'>
        <Button type='primary' size='xlarge' block icon={<Scan size={22} color='#ffffff' />} onClick={() => void startScan()}>
          扫码
        </Button>
        <View className='home__scan-hint'>食堂窗口码 · 一车一码 · 会议室门牌码 · 位置码 · 访客通行码</View>
      </View>

      {signedIn && todos.length > 0 && (
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
      {/* 待办 that could not be loaded say so (the hero already says it when nothing loads) */}
      {news.state.status === 'error' && state.status !== 'error' && (
        <View className='egj-card home__todo home__todos-failed' onClick={() => void news.reload()}>
          <View className='home__todo-main'>
            <View className='home__todo-title'>待办未能加载</View>
            <View className='egj-muted'>{news.state.error.message}，点此重试</View>
          </View>
          <ArrowRight size={12} color='#c0c4cc' />
        </View>
      )}

      {tiles.length > 0 && (
        <>
          <View className='egj-section-title'>常用服务</View>
          <View className='egj-card home__grid'>
            <Grid columns={4} gap={0}>
              {tiles.map((tile) => (
                <Grid.Item key={tile.key} text={tile.text} onClick={TILE_FACES[tile.key].open}>
                  <View className='home__grid-icon'>{TILE_FACES[tile.key].icon}</View>
                </Grid.Item>
              ))}
            </Grid>
          </View>
        </>
      )}

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
      <PrivacySheet />
    </View>
  )
}
