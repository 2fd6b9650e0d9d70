import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { Button, Input, Popup, Switch } from '@nutui/nutui-react-taro'
import { Store, VolumeMax } from '@nutui/icons-react-taro'
import { type CashierFeed, formatYuan, inShanghai, mealFeedApi, type MealPayment, mealRefundsApi, parseYuan } from '@egj/shared'
import { ApiError, errorMessage, request } from '../../../../api/client'
import { EmptyState } from '../../../../components/EmptyState'
import { toast, Toaster } from '../../../../components/Toaster'
import { getToken } from '../../../../store/session'
import { newIdempotencyKey } from '../../../../utils/idempotency'
import { goLogin } from '../../../../utils/nav'
import { ANNOUNCE_LABEL, announce, canAnnounce, keepScreenOn } from '../../../../utils/platform'
import { Pill } from '../../../../components/Pill'
import { sleep } from '../../lib/hooks'
import { methodLabel, spokenYuan, yuan } from '../../lib/money'
import './index.scss'

/** The server sends at most this many events per answer: a full page means more are waiting. */
const FEED_PAGE = 100
const LONG_POLL_SECONDS = 20
const HIGHLIGHT_MS = 4000
const REASONS = ['菜品问题', '多收', '顾客取消']

type Connection = 'connecting' | 'live' | 'reconnecting' | 'guest' | 'forbidden'

interface Row {
  payment: MealPayment
}

const clock = (iso: string | null) => (iso ? inShanghai(iso).format('HH:mm:ss') : '--:--:--')

/**
 * 收银台: today's payments at this cashier's merchant, live. A long-poll loop asks the feed for
 * anything after the last cursor (the server answers as soon as something happens, or after 20 s
 * with nothing); it runs while the page is shown and stops when it is hidden or closed.
 */
export default function CashierPage() {
  const [connection, setConnection] = useState<Connection>('connecting')
  const [today, setToday] = useState<CashierFeed['today'] | null>(null)
  const [rows, setRows] = useState<Row[]>([])
  const [fresh, setFresh] = useState<Set<number>>(new Set())
  const [speaking, setSpeaking] = useState(false)
  const speakingRef = useRef(false)
  speakingRef.current = speaking

  // the loop: `generation` changes to stop the running one (an answer in flight is then ignored)
  const generation = useRef(0)
  const cursor = useRef<string | undefined>(undefined)
  const timers = useRef<ReturnType<typeof setTimeout>[]>([])

  const [selected, setSelected] = useState<MealPayment | null>(null)

  const apply = useCallback((feed: CashierFeed, announceNew: boolean) => {
    setToday(feed.today)
    if (!feed.items.length) return
    setRows((prev) => {
      const byId = new Map(prev.map((row) => [row.payment.id, row]))
      const order = prev.map((row) => row.payment.id)
      // events come oldest first: each one carries the payment as it is now (refunds included)
      for (const item of feed.items) {
        if (!byId.has(item.payment.id)) order.unshift(item.payment.id)
        byId.set(item.payment.id, { payment: item.payment })
      }
      return order.map((id) => byId.get(id)!)
    })
    // keep the refund sheet's payment current too
    setSelected((current) => {
      if (!current) return current
      const updated = [...feed.items].reverse().find((item) => item.payment.id === current.id)
      return updated ? updated.payment : current
    })
    if (!announceNew) return
    const paid = feed.items.filter((item) => item.kind === 'paid')
    if (!paid.length) return
    const ids = paid.map((item) => item.payment.id)
    setFresh((prev) => new Set([...prev, ...ids]))
    timers.current.push(
      setTimeout(() => {
        setFresh((prev) => new Set([...prev].filter((id) => !ids.includes(id))))
      }, HIGHLIGHT_MS),
    )
    if (speakingRef.current) for (const item of paid) announce(`收款${spokenYuan(item.amountFen)}元`)
  }, [])

  const run = useCallback(
    async (mine: number) => {
      // the first answer (today so far, or what happened while the page was hidden) is not announced
      let quiet = true
      let failures = 0
      while (generation.current === mine) {
        try {
          const after = cursor.current
          const feed: CashierFeed = await request(mealFeedApi.feed, {
            query: after === undefined ? { wait: 0 } : { after, wait: quiet ? 0 : LONG_POLL_SECONDS },
            timeout: (LONG_POLL_SECONDS + 10) * 1000,
          })
          if (generation.current !== mine) return
          apply(feed, !quiet)
          cursor.current = feed.cursor
          quiet = feed.items.length >= FEED_PAGE // still catching up
          failures = 0
          setConnection('live')
        } catch (e) {
          if (generation.current !== mine) return
          const error = e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', errorMessage(e))
          if (error.status === 401) return setConnection('guest')
          if (error.status === 403) return setConnection('forbidden')
          failures += 1
          setConnection('reconnecting')
          await sleep(Math.min(1000 * 2 ** (failures - 1), 10_000))
        }
      }
    },
    [apply],
  )

  const start = useCallback(() => {
    if (!getToken()) {
      setConnection('guest')
      return
    }
    generation.current += 1
    keepScreenOn(true)
    void run(generation.current)
  }, [run])

  const stop = useCallback(() => {
    generation.current += 1
    keepScreenOn(false)
  }, [])

  useDidShow(start)
  useDidHide(stop)
  useUnload(stop)
  useEffect(
    () => () => {
      stop()
      timers.current.forEach(clearTimeout)
    },
    [stop],
  )

  const toggleSpeech = (on: boolean) => {
    setSpeaking(on)
    // said inside the tap: browsers allow speech only after a user gesture
    if (on) announce(ANNOUNCE_LABEL.replace('开启', '已开启'))
  }

  if (connection === 'guest' || connection === 'forbidden') {
    return (
      <View className='egj-page cashier'>
        {connection === 'guest' ? (
          <EmptyState icon={<Store size={48} color='#c0c4cc' />} title='登录后使用收银台' actionText='去登录' onAction={goLogin} />
        ) : (
          <EmptyState icon={<Store size={48} color='#c0c4cc' />} title='仅食堂收银员可使用收银台' description='如需开通，请联系食堂管理员' />
        )}
        <Toaster />
      </View>
    )
  }

  const speechSupported = canAnnounce()

  return (
    <View className='egj-page cashier'>
      <View className='cashier__head'>
        <View className='cashier__head-top'>
          <Text className='cashier__title'>今日收款</Text>
          <View className={`cashier__live cashier__live--${connection}`}>
            <View className='cashier__live-dot' />
            <Text>{connection === 'live' ? '实时接收中' : connection === 'connecting' ? '连接中…' : '网络中断，正在重连…'}</Text>
          </View>
        </View>
        <View className='cashier__today'>{today ? `今日 ${today.count} 笔 · ¥ ${formatYuan(today.totalFen)}` : '今日 — 笔'}</View>
        <View className='cashier__speech'>
          <VolumeMax size={18} color='#ffffff' />
          <Text className='cashier__speech-text'>{speechSupported ? ANNOUNCE_LABEL : '当前浏览器不支持语音播报'}</Text>
          <Switch checked={speaking} disabled={!speechSupported} onChange={toggleSpeech} />
        </View>
      </View>

      {connection === 'connecting' && !rows.length && <View className='cashier__status egj-muted'>正在加载今日收款…</View>}
      {connection !== 'connecting' && !rows.length && (
        <View className='egj-card cashier__empty'>
          <View className='cashier__empty-title'>今天还没有收款</View>
          <View className='egj-muted'>顾客扫窗口码付款后，会立即出现在这里</View>
        </View>
      )}

      <View className='cashier__list'>
        {rows.map(({ payment: p }) => {
          const refundedAll = p.refundedFen >= p.amountFen
          return (
            <View key={p.id} className={`cashier__item ${fresh.has(p.id) ? 'cashier__item--fresh' : ''} ${refundedAll ? 'cashier__item--void' : ''}`} onClick={() => setSelected(p)}>
              <View className='cashier__item-top'>
                <Text className='cashier__amount'>{yuan(p.amountFen)}</Text>
                <View className='cashier__tags'>
                  {p.official && (
                    <Pill tone='red' solid className='cashier__tag'>
                      公务
                    </Pill>
                  )}
                  <Pill tone={p.method === 'wechat' ? 'green' : p.method === 'voucher' ? 'orange' : 'blue'} className='cashier__tag'>
                    {methodLabel(p.method, true)}
                  </Pill>
                </View>
                <Text className='cashier__time'>{clock(p.paidAt)}</Text>
              </View>
              <View className='cashier__item-bottom'>
                <Text className='cashier__payer'>
                  {p.payerName ?? '—'}
                  {p.payerUnitName ? ` · ${p.payerUnitName}` : ''}
                </Text>
                <Text className='cashier__window'>{p.window.name}</Text>
              </View>
              {p.refundedFen > 0 && <View className='cashier__refunded'>{refundedAll ? `已全额退款 ${yuan(p.refundedFen)}` : `已退款 ${yuan(p.refundedFen)}`}</View>}
            </View>
          )
        })}
      </View>

      <RefundSheet payment={selected} onClose={() => setSelected(null)} />
      <Toaster />
    </View>
  )
}

/** The sheet for one payment: its details and a refund (amount, reason). */
function RefundSheet({ payment, onClose }: { payment: MealPayment | null; onClose: () => void }) {
  const refundable = payment ? payment.amountFen - payment.refundedFen : 0
  const [amountText, setAmountText] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const attempt = useRef<{ key: string; paymentId: number; amountFen: number; reason: string } | null>(null)
  const paymentId = payment?.id

  // a new payment opened: default to everything still refundable
  useEffect(() => {
    if (paymentId === undefined) return
    setAmountText(formatYuan(refundable))
    setReason('')
    // only when another payment is opened, not when this one's refunds change
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paymentId])

  const amountFen = parseYuan(amountText)
  const amountOk = amountFen !== null && amountFen >= 1 && amountFen <= refundable
  const reasonOk = reason.trim().length > 0

  const submit = async () => {
    if (!payment || busy || !amountOk || !reasonOk || amountFen === null) return
    const body = { amountFen, reason: reason.trim() }
    const last = attempt.current
    // the same refund again after a network error: same key, so it happens once
    const current =
      last && last.paymentId === payment.id && last.amountFen === body.amountFen && last.reason === body.reason ? last : { key: newIdempotencyKey(), paymentId: payment.id, ...body }
    attempt.current = current
    setBusy(true)
    try {
      await request(mealRefundsApi.create, { params: { id: payment.id }, body, idempotencyKey: current.key })
      attempt.current = null
      toast('已退款', 'success')
      onClose()
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'INTERNAL', errorMessage(e))
      if (error.status !== 0 && error.status < 500) attempt.current = null
      const details = (error.details ?? {}) as { refundableFen?: number }
      if (error.code === 'MEAL_REFUND_EXCEEDS' && details.refundableFen !== undefined) setAmountText(formatYuan(details.refundableFen))
      toast(error.status === 0 ? `${error.message}，重试不会重复退款` : error.message, 'fail')
    } finally {
      setBusy(false)
    }
  }

  return (
    <Popup visible={!!payment} position='bottom' round closeable title='收款详情' onClose={() => !busy && onClose()}>
      {payment && (
        <View className='refund'>
          <View className='refund__summary'>
            <Text className='refund__amount'>{yuan(payment.amountFen)}</Text>
            <View className='refund__meta'>
              <View>
                {payment.payerName ?? '—'}
                {payment.payerUnitName ? ` · ${payment.payerUnitName}` : ''}
              </View>
              <View className='egj-muted'>
                {payment.window.name} · {clock(payment.paidAt)} · {methodLabel(payment.method)}
                {payment.official ? ' · 公务' : ''}
              </View>
              <View className='egj-muted refund__serial'>流水号 {payment.serialNo}</View>
            </View>
          </View>

          {refundable <= 0 ? (
            <View className='refund__done'>该笔已全额退款 {yuan(payment.refundedFen)}</View>
          ) : (
            <>
              {payment.refundedFen > 0 && <View className='refund__note'>已退款 {yuan(payment.refundedFen)}，还可退 {yuan(refundable)}</View>}
              <View className='refund__field'>
                <Text className='refund__label'>退款金额</Text>
                <Input className='refund__input' type='digit' value={amountText} onChange={(value) => setAmountText(value.replace(/[^\d.]/g, ''))} />
                <Text className='refund__unit'>元</Text>
              </View>
              {!amountOk && amountText !== '' && <View className='refund__error'>请输入 0.01 ~ {formatYuan(refundable)} 元</View>}
              <View className='refund__label refund__label--block'>退款原因</View>
              <View className='refund__reasons'>
                {REASONS.map((text) => (
                  <View key={text} className={`refund__reason ${reason === text ? 'refund__reason--on' : ''}`} onClick={() => setReason(text)}>
                    {text}
                  </View>
                ))}
              </View>
              <View className='refund__field'>
                <Input className='refund__input refund__input--left' placeholder='或填写其他原因（必填）' maxLength={200} value={reason} onChange={setReason} />
              </View>
              <Button className='refund__submit' type='danger' size='large' block disabled={!amountOk || !reasonOk} loading={busy} onClick={() => void submit()}>
                {amountOk && amountFen !== null ? `确认退款 ${yuan(amountFen)}` : '确认退款'}
              </Button>
              <View className='refund__hint egj-muted'>{payment.method === 'wechat' ? '原路退回顾客微信' : payment.method === 'voucher' ? '退回发券单位' : '退回顾客饭卡（先退个人，再退补贴）'}；仅限当天</View>
            </>
          )}
        </View>
      )}
    </Popup>
  )
}
