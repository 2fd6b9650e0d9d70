import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter, useUnload } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { Order, Wallet, Weixin } from '@nutui/icons-react-taro'
import { formatMoney, type MealAccount, type MealMovement, mealMethodLabel, mealPaymentsApi, parseYuan } from '@egj/shared'
import { isApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Money } from '../../../../components/Money'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { goLogin, mealReceiptPage } from '../../../../utils/nav'
import { PlatformError, startWechatPay, wechatPayChannel } from '../../../../utils/platform'
import { formatTime } from '../../../../utils/time'
import { sleep } from '../../lib/hooks'
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

/** The meal account; null: this user has none (a visitor, an official from elsewhere). */
const fetchAccount = (): Promise<MealAccount | null> =>
  request(mealPaymentsApi.account).catch((e: unknown) => {
    if (isApiError(e) && e.code === 'MEAL_NO_ACCOUNT') return null
    throw e
  })

export default function MealAccountPage() {
  const wantsTopup = useRouter().params.topup === '1'
  const account = useResource(fetchAccount)
  const { set: setAccount } = account
  const history = useResource(() => request(mealPaymentsApi.list, { query: { limit: PAGE_SIZE } }))
  // 饭卡明细: every movement of 补贴 / 个人 (payments, refunds, top-ups, 餐补), from the ledger
  const hasAccount = account.state.status === 'ready' && !!account.data
  const movements = useResource(() => request(mealPaymentsApi.movements, { query: { limit: PAGE_SIZE } }), { enabled: hasAccount })
  const [tab, setTab] = useState<'movements' | 'payments'>('movements')
  const showing = hasAccount ? tab : 'payments'
  const { reload: reloadPayments } = history
  const { reload: reloadMovements } = movements
  const reloadHistory = useCallback(() => Promise.all([reloadPayments(), reloadMovements()]), [reloadPayments, reloadMovements])
  const [more, setMore] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const actions = useActionDialog()

  const [topupOpen, setTopupOpen] = useState(false)
  const [chip, setChip] = useState<number | null>(10000)
  const [custom, setCustom] = useState('')
  const [paying, setPaying] = useState(false)
  const topupSubmit = useSubmit((amountFen: number, idempotencyKey) => request(mealPaymentsApi.topup, { body: { amountFen, payChannel: wechatPayChannel() }, idempotencyKey }), { keepAfterSuccess: true })
  const alive = useRef(true)
  const openedTopup = useRef(false)

  useUnload(() => {
    alive.current = false
  })

  const loadMore = async () => {
    if (more) return
    setMore(true)
    try {
      if (showing === 'movements') {
        const list = movements.data
        if (!list?.nextCursor) return
        const next = await request(mealPaymentsApi.movements, { query: { cursor: list.nextCursor, limit: PAGE_SIZE } })
        movements.set({ ...next, items: [...list.items, ...next.items.filter((item) => !list.items.some((m) => m.id === item.id))] })
        return
      }
      const list = history.data
      if (!list?.nextCursor) return
      const next = await request(mealPaymentsApi.list, { query: { cursor: list.nextCursor, limit: PAGE_SIZE } })
      history.set({ ...next, items: [...list.items, ...next.items.filter((item) => !list.items.some((p) => p.id === item.id))] })
    } catch (e) {
      actions.fail(e, { title: '加载失败' })
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
        const found = await fetchAccount().catch(() => null)
        if (found) setAccount(found)
        if (found && found.personalFen >= pending.personalBeforeFen + pending.amountFen) {
          credited = true
          break
        }
        await sleep(1500)
      }
      setConfirming(false)
      if (credited) {
        toast(`充值成功 ${formatMoney(pending.amountFen)}`, 'success')
        void reloadHistory()
      } else if (alive.current) {
        toast('暂未收到充值结果，稍后下拉刷新查看')
      }
    },
    [setAccount, reloadHistory],
  )

  // once the account is there: back from WeChat's H5 cashier with a top-up? asked to top up (?topup=1)?
  const ready = account.state.status === 'ready' && !!account.data
  useEffect(() => {
    if (!ready) return
    const pending = Taro.getStorageSync(PENDING_TOPUP_KEY) as PendingTopup | ''
    if (pending) {
      Taro.removeStorageSync(PENDING_TOPUP_KEY)
      if (Date.now() - pending.at < 15 * 60_000) void confirmTopup(pending)
    }
    if (wantsTopup && !openedTopup.current) {
      openedTopup.current = true
      setTopupOpen(true)
    }
  }, [ready, confirmTopup, wantsTopup])

  usePullDownRefresh(() => void Promise.all([account.reload(), reloadHistory()]).finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void loadMore())

  const topupFen = chip ?? parseYuan(custom) ?? 0
  const topupValid = topupFen >= TOPUP_MIN_FEN && topupFen <= TOPUP_MAX_FEN

  /** `retry`: the pending attempt again, after no answer (same key: no second order). */
  const topup = async (how: 'submit' | 'retry' = 'submit') => {
    const before = account.data?.personalFen
    if (paying || before === undefined || (how === 'submit' && !topupValid)) return
    setPaying(true)
    try {
      // the same amount again after a failed or cancelled attempt: the hook reuses its key
      const order = await (how === 'retry' ? topupSubmit.retry() : topupSubmit.submit(topupFen))
      const pending: PendingTopup = { amountFen: order.amountFen, personalBeforeFen: before, at: Date.now() }
      if (order.status === 'paid') {
        topupSubmit.forget()
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
      topupSubmit.forget()
      setTopupOpen(false)
      void confirmTopup(pending)
    } catch (e) {
      Taro.removeStorageSync(PENDING_TOPUP_KEY)
      setPaying(false)
      if (!(e instanceof PlatformError) && isApiError(e) && e.status === 401) return goLogin()
      actions.fail(e, { title: '充值未完成', retry: () => void topup('retry'), safeRetry: '扣款' })
    }
  }

  return (
    <Page className='meal-account'>
      <PageGate
        state={account.state}
        guest='登录后查看饭卡'
        icon={<Wallet size={48} color={GREY_ICON} />}
        isEmpty={(found) => found === null}
        empty={{ title: '您还没有饭卡，可直接用微信支付就餐', description: '饭卡由所在单位开通，单位每月发放餐补' }}
        onRetry={() => void account.reload()}
      >
        {(found) =>
          found && (
            <View className='meal-account__card'>
          <View className='meal-account__label'>饭卡余额</View>
          <View className='meal-account__total'>
            <Money fen={found.totalFen} signClassName='meal-account__total-sign' />
          </View>
          {confirming && <View className='meal-account__confirming'>充值结果确认中…</View>}
          <View className='meal-account__subs'>
            <View className='meal-account__sub'>
              <View className='meal-account__sub-name'>补贴</View>
              <View className='meal-account__sub-value'>{formatMoney(found.subsidyFen)}</View>
              <View className='meal-account__sub-hint'>单位发放，优先使用，不可提现</View>
            </View>
            <View className='meal-account__sub'>
              <View className='meal-account__sub-name'>个人</View>
              <View className='meal-account__sub-value'>{formatMoney(found.personalFen)}</View>
              <View className='meal-account__sub-hint'>本人充值，补贴用完后使用</View>
            </View>
          </View>
          <Button className='meal-account__topup' block size='large' onClick={() => setTopupOpen(true)}>
            充值
          </Button>
            </View>
          )
        }
      </PageGate>

      {account.state.status !== 'guest' && !hasAccount && <View className='egj-section-title'>付款记录</View>}
      {hasAccount && (
        <View className='meal-account__tabs' role='tablist'>
          {(
            [
              ['movements', '饭卡明细'],
              ['payments', '付款记录'],
            ] as const
          ).map(([key, label]) => (
            <View key={key} role='tab' aria-selected={showing === key} className={`meal-account__tab ${showing === key ? 'meal-account__tab--on' : ''}`} onClick={() => setTab(key)}>
              {label}
            </View>
          ))}
        </View>
      )}
      {showing === 'movements' && (
        <PageGate
          state={movements.state}
          icon={<Order size={48} color={GREY_ICON} />}
          isEmpty={(page) => !page.items.length}
          empty={{ title: '还没有明细', description: '餐补发放、充值、消费和退款都会列在这里' }}
          onRetry={() => void movements.reload()}
        >
          {(page) => (
            <View className='egj-card meal-account__list'>
              {page.items.map((item) => (
                <MovementRow key={item.id} item={item} />
              ))}
              <ListEnd hasMore={!!page.nextCursor} loading={more} onMore={() => void loadMore()} />
            </View>
          )}
        </PageGate>
      )}
      {account.state.status !== 'guest' && showing === 'payments' && (
      <PageGate
        state={history.state}
        icon={<Order size={48} color={GREY_ICON} />}
        isEmpty={(page) => !page.items.length}
        empty={{ title: '还没有付款记录', description: '扫食堂窗口码即可付款' }}
        onRetry={() => void history.reload()}
      >
        {(page) => (
        <View className='egj-card meal-account__list'>
          {page.items.map((item) => {
            const refundedAll = item.status === 'paid' && item.refundedFen >= item.amountFen
            return (
              <View key={item.id} className='meal-account__item' hoverClass='meal-account__item--pressed' onClick={() => void Taro.navigateTo({ url: mealReceiptPage(item.id) })}>
                <View className='meal-account__item-main'>
                  <View className='meal-account__item-title'>
                    {item.merchant.name} · {item.window.name}
                  </View>
                  <View className='meal-account__item-meta'>
                    <Text>{formatTime(item.paidAt ?? item.createdAt)}</Text>
                    <Text className='meal-account__item-method'>{mealMethodLabel(item)}</Text>
                    {item.official && (
                      <Pill tone='red' className='meal-account__item-tag'>
                        公务
                      </Pill>
                    )}
                  </View>
                </View>
                <View className='meal-account__item-side'>
                  <View className={`meal-account__item-amount ${item.status !== 'paid' || refundedAll ? 'meal-account__item-amount--void' : ''}`}>
                    {formatMoney(-item.amountFen)}
                  </View>
                  {item.status === 'awaiting_payment' && <View className='meal-account__item-note'>待支付</View>}
                  {item.status === 'closed' && <View className='meal-account__item-note meal-account__item-note--gray'>已关闭</View>}
                  {item.status === 'paid' && item.refundedFen > 0 && (
                    <View className='meal-account__item-note'>{refundedAll ? '已全额退款' : `已退 ${formatMoney(item.refundedFen)}`}</View>
                  )}
                </View>
              </View>
            )
          })}
          <ListEnd hasMore={!!page.nextCursor} loading={more} onMore={() => void loadMore()} />
        </View>
        )}
      </PageGate>
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
                {formatMoney(fen)}
              </View>
            ))}
          </View>
          <View className={`meal-topup__custom ${chip === null ? 'meal-topup__custom--on' : ''}`}>
            <Text className='meal-topup__custom-label'>其他金额</Text>
            <Input
              className='meal-topup__input'
              type='digit'
              placeholder={`${formatMoney(TOPUP_MIN_FEN)} ~ ${formatMoney(TOPUP_MAX_FEN)}`}
              value={custom}
              onFocus={() => setChip(null)}
              onChange={(value) => {
                setChip(null)
                setCustom(value.replace(/[^\d.]/g, ''))
              }}
            />
            <Text className='meal-topup__unit'>元</Text>
          </View>
          {chip === null && custom !== '' && !topupValid && <View className='meal-topup__error'>请输入 {formatMoney(TOPUP_MIN_FEN)} ~ {formatMoney(TOPUP_MAX_FEN)}，最多两位小数</View>}
          <Button className='meal-topup__pay' type='primary' size='large' block disabled={!topupValid} loading={paying} icon={<Weixin size={18} color='#ffffff' />} onClick={() => void topup()}>
            {topupValid ? `微信支付 ${formatMoney(topupFen)}` : '微信支付'}
          </Button>
        </View>
      </Popup>
      {actions.node}
    </Page>
  )
}

const MOVEMENT_TITLES: Record<MealMovement['kind'], string> = { payment: '消费', refund: '退款', topup: '充值', subsidy: '餐补发放' }

/** What a movement was, in words a diner knows: 市级机关食堂 一楼1号窗口 / 退款：菜品问题 / 微信充值 / 2026-11 餐补. */
function movementTitle(item: MealMovement): string {
  if (item.kind === 'payment') return item.memo.replace(/\s*(饭卡支付|餐券)$/, '')
  if (item.kind === 'refund') return item.memo.replace(/^退款\s*/, '退款：')
  if (item.kind === 'topup') return '微信充值到个人余额'
  return item.memo
}

/** One line of 饭卡明细: signed total, and how 补贴 / 个人 moved. */
function MovementRow({ item }: { item: MealMovement }) {
  const total = item.subsidyFen + item.personalFen
  const parts = [item.subsidyFen ? `补贴 ${formatMoney(item.subsidyFen)}` : '', item.personalFen ? `个人 ${formatMoney(item.personalFen)}` : ''].filter(Boolean)
  const open = item.paymentId ? () => void Taro.navigateTo({ url: mealReceiptPage(item.paymentId!) }) : undefined
  return (
    <View className='meal-account__item' hoverClass={open ? 'meal-account__item--pressed' : 'none'} onClick={open}>
      <View className='meal-account__item-main'>
        <View className='meal-account__item-title'>{movementTitle(item)}</View>
        <View className='meal-account__item-meta'>
          <Text>{formatTime(item.at)}</Text>
          <Text className='meal-account__item-method'>{MOVEMENT_TITLES[item.kind]}</Text>
        </View>
      </View>
      <View className='meal-account__item-side'>
        <View className={`meal-account__item-amount ${total > 0 ? 'meal-account__item-amount--in' : ''}`}>{total > 0 ? `+${formatMoney(total)}` : formatMoney(total)}</View>
        <View className='meal-account__item-note meal-account__item-note--gray'>{parts.join(' · ')}</View>
      </View>
    </View>
  )
}

/** The foot of a paged list: 加载更多 while there is more, then 没有更多了. */
function ListEnd({ hasMore, loading, onMore }: { hasMore: boolean; loading: boolean; onMore: () => void }) {
  if (!hasMore) return <View className='meal-account__end egj-muted'>没有更多了</View>
  return (
    <View className='meal-account__more' onClick={onMore}>
      {loading ? '加载中…' : '加载更多'}
    </View>
  )
}
