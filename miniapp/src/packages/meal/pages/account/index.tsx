import { useCallback, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter, useUnload } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { Order, Wallet, Weixin } from '@nutui/icons-react-taro'
import { formatYuan, type MealAccount, type MealPayment, mealPaymentsApi, parseYuan } from '@egj/shared'
import { ApiError, errorMessage, isApiError, request } from '../../../../api/client'
import { EmptyState } from '../../../../components/EmptyState'
import { toast, Toaster } from '../../../../components/Toaster'
import { getToken } from '../../../../store/session'
import { newIdempotencyKey } from '../../../../utils/idempotency'
import { goLogin, mealReceiptPage } from '../../../../utils/nav'
import { PlatformError, startWechatPay, wechatPayChannel } from '../../../../utils/platform'
import { formatTime } from '../../../../utils/time'
import { Pill } from '../../../../components/Pill'
import { sleep } from '../../lib/hooks'
import { methodLabel, yuan } from '../../lib/money'
import './index.scss'

const PAGE_SIZE = 20
const CHIPS = [5000, 10000, 20000]
const TOPUP_MIN_FEN = 100
const TOPUP_MAX_FEN = 200_000
/** A top-up handed to WeChat's H5 cashier: checked when the browser comes back here. */
const PENDING_TOPUP_KEY = 'egj.meal.pendingTopup'

interface PendingTopup {
  amountFen: number
  personalBeforeFen: number
  at: number
}

type AccountState = { status: 'loading' } | { status: 'guest' } | { status: 'none' } | { status: 'error'; error: ApiError } | { status: 'ready'; account: MealAccount }

export default function MealAccountPage() {
  const wantsTopup = useRouter().params.topup === '1'
  const [accountState, setAccountState] = useState<AccountState>({ status: 'loading' })
  const [items, setItems] = useState<MealPayment[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [listState, setListState] = useState<'loading' | 'ready' | 'error'>('loading')
  const [more, setMore] = useState(false)
  const [confirming, setConfirming] = useState(false)

  const [topupOpen, setTopupOpen] = useState(false)
  const [chip, setChip] = useState<number | null>(10000)
  const [custom, setCustom] = useState('')
  const [paying, setPaying] = useState(false)
  const attemptRef = useRef<{ key: string; amountFen: number } | null>(null)
  const alive = useRef(true)
  const openedTopup = useRef(false)

  useUnload(() => {
    alive.current = false
  })

  const loadAccount = useCallback(async (): Promise<MealAccount | null> => {
    try {
      const account = await request(mealPaymentsApi.account)
      setAccountState({ status: 'ready', account })
      return account
    } catch (e) {
      if (isApiError(e) && e.code === 'MEAL_NO_ACCOUNT') setAccountState({ status: 'none' })
      else if (isApiError(e) && e.status === 401) setAccountState({ status: 'guest' })
      else setAccountState({ status: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', errorMessage(e)) })
      return null
    }
  }, [])

  const loadList = useCallback(async () => {
    try {
      const list = await request(mealPaymentsApi.list, { query: { limit: PAGE_SIZE } })
      setItems(list.items)
      setCursor(list.nextCursor)
      setListState('ready')
    } catch {
      setListState('error')
    }
  }, [])

  const loadMore = async () => {
    if (!cursor || more) return
    setMore(true)
    try {
      const list = await request(mealPaymentsApi.list, { query: { cursor, limit: PAGE_SIZE } })
      setItems((prev) => [...prev, ...list.items.filter((item) => !prev.some((p) => p.id === item.id))])
      setCursor(list.nextCursor)
    } catch (e) {
      toast(errorMessage(e), 'fail')
    } finally {
      setMore(false)
    }
  }

  /** After paying a top-up in WeChat: wait until the money shows in 个人 (WeChat tells our server). */
  const confirmTopup = useCallback(
    async (pending: PendingTopup) => {
      setConfirming(true)
      const deadline = Date.now() + 15_000
      let credited = false
      while (alive.current && Date.now() < deadline) {
        const account = await loadAccount()
        if (account && account.personalFen >= pending.personalBeforeFen + pending.amountFen) {
          credited = true
          break
        }
        await sleep(1500)
      }
      setConfirming(false)
      if (credited) {
        toast(`充值成功 ${yuan(pending.amountFen)}`, 'success')
        void loadList()
      } else if (alive.current) {
        toast('暂未收到充值结果，稍后下拉刷新查看')
      }
    },
    [loadAccount, loadList],
  )

  const loadAll = useCallback(async () => {
    if (!getToken()) {
      setAccountState({ status: 'guest' })
      return
    }
    const [account] = await Promise.all([loadAccount(), loadList()])
    // back from WeChat's H5 cashier with a top-up
    const pending = Taro.getStorageSync(PENDING_TOPUP_KEY) as PendingTopup | ''
    if (pending && account) {
      Taro.removeStorageSync(PENDING_TOPUP_KEY)
      if (Date.now() - pending.at < 15 * 60_000) void confirmTopup(pending)
    }
    if (wantsTopup && account && !openedTopup.current) {
      openedTopup.current = true
      setTopupOpen(true)
    }
  }, [loadAccount, loadList, confirmTopup, wantsTopup])

  useDidShow(() => void loadAll())
  usePullDownRefresh(() => void loadAll().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void loadMore())

  const topupFen = chip ?? parseYuan(custom) ?? 0
  const topupValid = topupFen >= TOPUP_MIN_FEN && topupFen <= TOPUP_MAX_FEN

  const topup = async () => {
    if (paying || !topupValid || accountState.status !== 'ready') return
    const before = accountState.account.personalFen
    // the same amount again after a failed attempt: same key (no second order)
    const attempt = attemptRef.current?.amountFen === topupFen ? attemptRef.current : { key: newIdempotencyKey(), amountFen: topupFen }
    attemptRef.current = attempt
    setPaying(true)
    try {
      const order = await request(mealPaymentsApi.topup, {
        body: { amountFen: attempt.amountFen, payChannel: wechatPayChannel() },
        idempotencyKey: attempt.key,
      })
      const pending: PendingTopup = { amountFen: order.amountFen, personalBeforeFen: before, at: Date.now() }
      if (order.status === 'paid') {
        attemptRef.current = null
        setTopupOpen(false)
        setPaying(false)
        void confirmTopup(pending)
        return
      }
      Taro.setStorageSync(PENDING_TOPUP_KEY, pending)
      const outcome = await startWechatPay(order.wechatPay)
      if (outcome === 'left') return // to WeChat's cashier; it comes back to this page
      Taro.removeStorageSync(PENDING_TOPUP_KEY)
      setPaying(false)
      if (outcome === 'cancelled') {
        toast('已取消充值')
        return
      }
      attemptRef.current = null
      setTopupOpen(false)
      void confirmTopup(pending)
    } catch (e) {
      Taro.removeStorageSync(PENDING_TOPUP_KEY)
      setPaying(false)
      if (e instanceof PlatformError) toast(e.message, 'fail')
      else {
        const error = e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', errorMessage(e))
        if (error.status !== 0 && error.status < 500) attemptRef.current = null
        if (error.status === 401) goLogin()
        else toast(error.status === 0 ? `${error.message}，重试不会重复扣款` : error.message, 'fail')
      }
    }
  }

  if (accountState.status === 'guest') {
    return (
      <View className='egj-page meal-account'>
        <EmptyState icon={<Wallet size={48} color='#c0c4cc' />} title='登录后查看饭卡' actionText='去登录' onAction={goLogin} />
        <Toaster />
      </View>
    )
  }

  return (
    <View className='egj-page meal-account'>
      {accountState.status === 'loading' && <View className='meal-account__loading egj-muted'>加载中…</View>}

      {accountState.status === 'ready' && (
        <View className='meal-account__card'>
          <View className='meal-account__label'>饭卡余额（元）</View>
          <View className='meal-account__total'>{formatYuan(accountState.account.totalFen)}</View>
          {confirming && <View className='meal-account__confirming'>充值结果确认中…</View>}
          <View className='meal-account__subs'>
            <View className='meal-account__sub'>
              <View className='meal-account__sub-name'>补贴</View>
              <View className='meal-account__sub-value'>¥ {formatYuan(accountState.account.subsidyFen)}</View>
              <View className='meal-account__sub-hint'>单位发放，优先使用，不可提现</View>
            </View>
            <View className='meal-account__sub'>
              <View className='meal-account__sub-name'>个人</View>
              <View className='meal-account__sub-value'>¥ {formatYuan(accountState.account.personalFen)}</View>
              <View className='meal-account__sub-hint'>本人充值，补贴用完后使用</View>
            </View>
          </View>
          <Button className='meal-account__topup' block size='large' onClick={() => setTopupOpen(true)}>
            充值
          </Button>
        </View>
      )}

      {accountState.status === 'none' && (
        <EmptyState icon={<Wallet size={48} color='#1677ff' />} title='您还没有饭卡，可直接用微信支付就餐' description='饭卡由所在单位开通，单位每月发放餐补' />
      )}

      {accountState.status === 'error' && (
        <EmptyState icon={<Wallet size={48} color='#c0c4cc' />} title='加载失败' description={accountState.error.message} actionText='重试' onAction={() => void loadAll()} />
      )}

      <View className='egj-section-title'>付款记录</View>
      {listState === 'loading' && <View className='meal-account__status egj-muted'>加载中…</View>}
      {listState === 'error' && (
        <View className='meal-account__status egj-muted' onClick={() => void loadList()}>
          加载失败，点击重试
        </View>
      )}
      {listState === 'ready' && items.length === 0 && (
        <View className='egj-card meal-account__empty'>
          <Order size={36} color='#c0c4cc' />
          <View className='egj-muted meal-account__empty-text'>还没有付款记录，扫食堂窗口码即可付款</View>
        </View>
      )}
      {listState === 'ready' && items.length > 0 && (
        <View className='egj-card meal-account__list'>
          {items.map((item) => {
            const refundedAll = item.status === 'paid' && item.refundedFen >= item.amountFen
            return (
              <View key={item.id} className='meal-account__item' hoverClass='meal-account__item--pressed' onClick={() => void Taro.navigateTo({ url: mealReceiptPage(item.id) })}>
                <View className='meal-account__item-main'>
                  <View className='meal-account__item-title'>
                    {item.merchant.name} · {item.window.name}
                  </View>
                  <View className='meal-account__item-meta'>
                    <Text>{formatTime(item.paidAt ?? item.createdAt)}</Text>
                    <Text className='meal-account__item-method'>{methodLabel(item.method)}</Text>
                    {item.official && (
                      <Pill tone='red' className='meal-account__item-tag'>
                        公务
                      </Pill>
                    )}
                  </View>
                </View>
                <View className='meal-account__item-side'>
                  <View className={`meal-account__item-amount ${item.status !== 'paid' || refundedAll ? 'meal-account__item-amount--void' : ''}`}>
                    −{formatYuan(item.amountFen)}
                  </View>
                  {item.status === 'awaiting_payment' && <View className='meal-account__item-note'>待支付</View>}
                  {item.status === 'closed' && <View className='meal-account__item-note meal-account__item-note--gray'>已关闭</View>}
                  {item.status === 'paid' && item.refundedFen > 0 && (
                    <View className='meal-account__item-note'>{refundedAll ? '已全额退款' : `已退 ¥${formatYuan(item.refundedFen)}`}</View>
                  )}
                </View>
              </View>
            )
          })}
          {cursor ? (
            <View className='meal-account__more' onClick={() => void loadMore()}>
              {more ? '加载中…' : '加载更多'}
            </View>
          ) : (
            <View className='meal-account__end egj-muted'>没有更多了</View>
          )}
        </View>
      )}

      <Popup visible={topupOpen} position='bottom' round closeable title='饭卡充值' onClose={() => !paying && setTopupOpen(false)}>
        <View className='meal-topup'>
          <View className='meal-topup__hint'>充值到个人余额，通过微信支付</View>
          <View className='meal-topup__chips'>
            {CHIPS.map((fen) => (
              <View
                key={fen}
                className={`meal-topup__chip ${chip === fen ? 'meal-topup__chip--on' : ''}`}
                onClick={() => {
                  setChip(fen)
                  setCustom('')
                }}
              >
                {fen / 100} 元
              </View>
            ))}
          </View>
          <View className={`meal-topup__custom ${chip === null ? 'meal-topup__custom--on' : ''}`}>
            <Text className='meal-topup__custom-label'>其他金额</Text>
            <Input
              className='meal-topup__input'
              type='digit'
              placeholder='1 ~ 2000 元'
              value={custom}
              onFocus={() => setChip(null)}
              onChange={(value) => {
                setChip(null)
                setCustom(value.replace(/[^\d.]/g, ''))
              }}
            />
            <Text className='meal-topup__unit'>元</Text>
          </View>
          {chip === null && custom !== '' && !topupValid && <View className='meal-topup__error'>请输入 1 ~ 2000 元，最多两位小数</View>}
          <Button className='meal-topup__pay' type='primary' size='large' block disabled={!topupValid} loading={paying} icon={<Weixin size={18} color='#ffffff' />} onClick={() => void topup()}>
            {topupValid ? `微信支付 ${yuan(topupFen)}` : '微信支付'}
          </Button>
        </View>
      </Popup>
      <Toaster />
    </View>
  )
}
