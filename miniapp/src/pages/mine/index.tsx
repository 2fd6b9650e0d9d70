import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Avatar, Badge, Button, Cell, Tag } from '@nutui/nutui-react-taro'
import { Message, Notice, Order, Processing, Setting, Store, User, Wallet } from '@nutui/icons-react-taro'
import { authApi, formatMoney, type Me, type NotificationList, notificationsApi, PAGES, pageUrl, type Role, ROLE_LABELS, ROLES } from '@egj/shared'
import type { BaseEventOrig, ButtonProps } from '@tarojs/components'
import { asApiError, request } from '../../api/client'
import { useActionDialog } from '../../components/ActionDialog'
import { GREY_ICON, PageGate } from '../../components/PageGate'
import { PrivacySheet } from '../../components/PrivacySheet'
import { toast, Toaster } from '../../components/Toaster'
import { useResource, type ResourceState } from '../../hooks/useResource'
import { clear, saveLogin, useMe } from '../../store/session'
import { ASSET_ADMIN_PAGE, ASSET_WAREHOUSE_PAGE, INBOX_PAGE, LOGIN_PAGE, MEAL_ACCOUNT_PAGE, MEAL_ADMIN_PAGE, MEAL_CASHIER_PAGE, MEAL_SETTLEMENT_PAGE, MEAL_STATEMENT_PAGE, mealVoucherPage, MINE_PAGE, ORG_PEOPLE_PAGE } from '../../utils/nav'
import { IS_WEAPP } from '../../utils/platform'
import { forgetSeenVouchers, seenVouchers, type SeenVoucher } from '../../utils/vouchers'
import { bindFailureTitle, offersStaffBinding } from './bind'
import './index.scss'

/** A meal account comes with a unit (staff of a member unit); a visitor has none. */
const hasMealAccount = (me: Me) => me.unit !== null

/** Work entries shown on 我的 to the roles that use them. */
const ROLE_ENTRIES: { roles: Role[]; icon: typeof Store; title: string; extra: string; url: string }[] = [
  { roles: ['cashier'], icon: Store, title: '收银台', extra: '实时收款 · 退款', url: MEAL_CASHIER_PAGE },
  { roles: ['cashier'], icon: Order, title: '日结单', extra: '逐笔确认', url: MEAL_STATEMENT_PAGE },
  { roles: ['admin'], icon: Setting, title: '食堂管理', extra: '商户 · 餐补 · 餐券', url: MEAL_ADMIN_PAGE },
  { roles: ['settlement', 'admin'], icon: Order, title: '结算对账', extra: '日结 · 月结 · 对账', url: MEAL_SETTLEMENT_PAGE },
  { roles: ['admin', 'unit_admin'], icon: User, title: '人员管理', extra: '人员 · 角色 · 导入', url: ORG_PEOPLE_PAGE },
  { roles: ['staff', 'asset_keeper'], icon: Store, title: '公物仓', extra: '闲置资产 · 借用 · 调剂', url: ASSET_WAREHOUSE_PAGE },
  { roles: ['asset_keeper', 'admin'], icon: Setting, title: '资产管理', extra: '登记 · 盘点 · 统计', url: ASSET_ADMIN_PAGE },
  { roles: ['admin', 'leader', 'approver'], icon: Processing, title: '驾驶舱', extra: '亮灯 · 走势', url: pageUrl(PAGES.cockpit) },
  { roles: ['admin', 'leader', 'approver'], icon: Notice, title: '督办', extra: '整改 · 销号', url: pageUrl(PAGES.supervisionList) },
  // everyone who works here reports faults (a visitor does not; a 领导 only reads: the BFF's TICKET_USERS leave them out)
  { roles: ROLES.filter((role) => role !== 'visitor'), icon: Order, title: '我的报修', extra: '进度 · 确认 · 评价', url: pageUrl(PAGES.repairMine) },
]

export default function MinePage() {
  const { state, reload } = useMe()
  // the unread count of whoever is signed in (reloaded when the page shows again, or someone else signs in)
  const userId = state.status === 'ready' ? state.data.id : null
  const inbox = useResource(() => request(notificationsApi.list, { query: { limit: 1 } }), { key: [userId], enabled: userId !== null })
  const [leaving, setLeaving] = useState(false)
  const [vouchers, setVouchers] = useState<SeenVoucher[]>([])

  useDidShow(() => setVouchers(seenVouchers()))

  const logout = async () => {
    setLeaving(true)
    try {
      await request(authApi.logout)
    } catch {
      // the token is dropped locally either way; the server expires it on its own
    }
    clear()
    forgetSeenVouchers()
    setVouchers([])
    setLeaving(false)
    toast('已退出登录')
    await reload()
  }

  // a WeChat visitor binds their staff record with WeChat's verified mobile: a new session (token, roles)
  const actions = useActionDialog()
  const [binding, setBinding] = useState(false)
  const bindPhone = async (e: BaseEventOrig<ButtonProps.onGetPhoneNumberEventDetail>) => {
    const phoneCode = (e.detail as { code?: string }).code
    if (!phoneCode) return // the user declined WeChat's phone sheet: nothing changes, the card stays
    setBinding(true)
    try {
      const res = await request(authApi.wechatBind, { body: { phoneCode } })
      saveLogin(res.token, res.user)
      await reload()
      toast('已绑定工作人员身份', 'success')
    } catch (error) {
      actions.fail(error, { title: bindFailureTitle(asApiError(error).code) })
    } finally {
      setBinding(false)
    }
  }

  const goLogin = () => void Taro.navigateTo({ url: `${LOGIN_PAGE}?redirect=${encodeURIComponent(MINE_PAGE)}` })

  if (state.status !== 'ready') {
    return (
      <View className='egj-page mine'>
        {state.status !== 'guest' ? (
          <PageGate state={state} icon={<User size={56} color={GREY_ICON} />} onRetry={() => void reload()} />
        ) : (
          <View className='egj-card mine__guest'>
            <Avatar size='64' background='var(--egj-primary-light)' color='var(--egj-primary)' icon={<User size={32} />} />
            <View className='mine__guest-title'>您还没有登录</View>
            <View className='egj-muted'>登录后查看个人信息、消息和办理记录</View>
            <Button className='mine__guest-btn' type='primary' block onClick={goLogin}>
              去登录
            </Button>
          </View>
        )}
        <Toaster />
      </View>
    )
  }

  const me = state.data
  return (
    <View className='egj-page mine'>
      <View className='mine__hero'>
        <Avatar size='64' background='#ffffff' color='var(--egj-primary)' className='mine__avatar'>
          {me.name.slice(0, 1)}
        </Avatar>
        <View className='mine__who'>
          <View className='mine__name'>{me.name}</View>
          <View className='mine__unit'>{me.unit?.name ?? '访客（无所属单位）'}</View>
          <View className='mine__roles'>
            {me.roles.map((role) => (
              <Tag key={role} className='mine__role' background='#ffffff' color='var(--egj-primary)' round>
                {ROLE_LABELS[role]}
              </Tag>
            ))}
          </View>
        </View>
      </View>

      {offersStaffBinding(me, IS_WEAPP) && (
        <View className='egj-card mine__bind'>
          <View className='mine__bind-title'>绑定工作人员身份</View>
          <View className='egj-muted mine__bind-hint'>用本人在单位登记的手机号绑定，即可使用工作人员的服务</View>
          <Button type='primary' block loading={binding} openType='getPhoneNumber' onGetPhoneNumber={(e) => void bindPhone(e)}>
            绑定工作人员身份
          </Button>
        </View>
      )}

      <Cell.Group className='mine__cells'>
        <Cell
          clickable
          title={
            <View className='mine__cell-title'>
              <Message size={18} color='var(--egj-primary)' />
              <View className='mine__cell-text'>消息</View>
            </View>
          }
          extra={<InboxExtra state={inbox.state} />}
          onClick={() => void Taro.navigateTo({ url: INBOX_PAGE })}
        />
        {/* only what this user can have: no 我的饭卡 for a visitor; the vouchers they opened instead
            (icons already in the main package: a new one costs ~1.5 KB there) */}
        {(hasMealAccount(me)
          ? [{ key: 'account', icon: Wallet, title: '我的饭卡', extra: '余额 · 充值 · 记录', url: MEAL_ACCOUNT_PAGE }]
          : []
        )
          .concat(vouchers.map((v) => ({ key: v.code, icon: Order, title: `电子餐券 ${formatMoney(v.amountFen)}`, extra: v.purpose, url: mealVoucherPage(v.code) })))
          .map((entry) => (
            <Cell
              key={entry.key}
              clickable
              title={<CellTitle icon={entry.icon} text={entry.title} />}
              extra={<View className='mine__cell-extra'>{entry.extra}</View>}
              onClick={() => void Taro.navigateTo({ url: entry.url })}
            />
          ))}
        {/* an array, not `&&`: Cell.Group counts a `false` child and would draw a divider under the last cell */}
        {ROLE_ENTRIES.filter((entry) => entry.roles.some((role) => me.roles.includes(role))).map((entry) => (
          <Cell
            key={entry.url}
            clickable
            title={<CellTitle icon={entry.icon} text={entry.title} />}
            extra={entry.extra}
            onClick={() => void Taro.navigateTo({ url: entry.url })}
          />
        ))}
      </Cell.Group>

      <View className='mine__logout'>
        <Button block fill='outline' type='danger' loading={leaving} onClick={() => void logout()}>
          退出登录
        </Button>
      </View>
      {actions.node}
      <Toaster />
      <PrivacySheet />
    </View>
  )
}

/** A 我的 entry's title: its icon and its name. */
function CellTitle({ icon: Icon, text }: { icon: typeof Wallet; text: string }) {
  return (
    <View className='mine__cell-title'>
      <Icon size={18} color='var(--egj-primary)' />
      <View className='mine__cell-text'>{text}</View>
    </View>
  )
}

/** 消息's right side: the unread count, 查看 when none, or that it could not be counted. */
function InboxExtra({ state }: { state: ResourceState<NotificationList> }) {
  if (state.status === 'ready') return state.data.unreadCount > 0 ? <Badge value={state.data.unreadCount} max={99} /> : <>查看</>
  return <>{state.status === 'error' ? '未读数未能加载' : '查看'}</>
}
