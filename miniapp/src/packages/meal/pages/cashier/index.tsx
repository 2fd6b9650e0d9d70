import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { Button, Input, Popup, Switch } from '@nutui/nutui-react-taro'
import { Store, VolumeMax } from '@nutui/icons-react-taro'
import { type CashierFeed, formatMoney, formatYuan, inShanghai, mealFeedApi, type MealPayment, mealRefundsApi, parseYuan, mealMethodLabel } from '@egj/shared'
import { ApiError, asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useSubmit } from '../../../../hooks/useSubmit'
import { getToken } from '../../../../store/session'
import { ANNOUNCE_LABEL, announce, canAnnounce, keepScreenOn } from '../../../../utils/platform'
import { sleep } from '../../lib/hooks'
import { spokenYuan } from '../../lib/money'
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
          const error = asApiError(e)
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

  // a live feed, not a one-shot load: the loop above keeps it; the gate draws its two dead ends
  if (connection === 'guest' || connection === 'forbidden') {
    return (
      <Page className='cashier'>
        <PageGate
          state={connection === 'guest' ? { status: 'guest' } : { status: 'forbidden', error: new ApiError(403, 'FORBIDDEN', '') }}
          guest='登录后使用收银台'
          needs={['cashier']}
          icon={<Store size={48} color={GREY_ICON} />}
          onRetry={start}
        />
      </Page>
    )
  }

  const speechSupported = canAnnounce()

  return (
    <Page className='cashier'>
      <View className='cashier__head'>
        <View className='cashier__head-top'>
          <Text className='cashier__title'>今日收款</Text>
          <View className={`cashier__live cashier__live--${connection}`}>
            <View className='cashier__live-dot' />
            <Text>{connection === 'live' ? '实时接收中' : connection === 'connecting' ? '连接中…' : '网络中断，正在重连…'}</Text>
          </View>
        </View>
        <View className='cashier__today'>{today ? `今日 ${today.count} 笔 · ${formatMoney(today.totalFen)}` : '今日 — 笔'}</View>
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
                <Text className='cashier__amount'>{formatMoney(p.amountFen)}</Text>
                <View className='cashier__tags'>
                  {p.official && (
                    <Pill tone='red' solid className='cashier__tag'>
                      公务
                    </Pill>
                  )}
                  <Pill tone={p.method === 'wechat' ? 'green' : p.method === 'voucher' ? 'orange' : 'blue'} className='cashier__tag'>
                    {mealMethodLabel(p, true)}
                  </Pill>
                </View>
                <Text className='cashier__time'>{clock(p.paidAt)}</Text>
              </View>
              <View className='cashier__item-bottom'>
                <Text className='cashier__payer'>
                  {p.payerName ?? '—'}
                  {p.payerUnitName ? ` · ${p.payerUnitName}` : ''}
                  {p.method === 'voucher' && p.voucherUnitName ? ` · ${mealMethodLabel(p)}` : ''}
                </Text>
                <Text className='cashier__window'>{p.window.name}</Text>
              </View>
              {p.refundedFen > 0 && <View className='cashier__refunded'>{refundedAll ? `已全额退款 ${formatMoney(p.refundedFen)}` : `已退款 ${formatMoney(p.refundedFen)}`}</View>}
            </View>
          )
        })}
      </View>

      <RefundSheet payment={selected} onClose={() => setSelected(null)} />
    </Page>
  )
}

/** The sheet for one payment: its details and a refund (amount, reason). */
function RefundSheet({ payment, onClose }: { payment: MealPayment | null; onClose: () => void }) {
  const refundable = payment ? payment.amountFen - payment.refundedFen : 0
  const [amountText, setAmountText] = useState('')
  const [reason, setReason] = useState('')
  /** a field error from the server about the amount (more than is still refundable) */
  const [amountError, setAmountError] = useState<string | null>(null)
  const actions = useActionDialog()
  // the same refund again after a network error: same key, so it happens once
  const refund = useSubmit((body: { paymentId: number; amountFen: number; reason: string }, idempotencyKey) =>
    request(mealRefundsApi.create, { params: { id: body.paymentId }, body: { amountFen: body.amountFen, reason: body.reason }, idempotencyKey }),
  )
  const busy = refund.busy
  const paymentId = payment?.id

  // a new payment opened: default to everything still refundable
  useEffect(() => {
    if (paymentId === undefined) return
    setAmountText(formatYuan(refundable))
    setReason('')
    setAmountError(null)
    // only when another payment is opened, not when this one's refunds change
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paymentId])

  const amountFen = parseYuan(amountText)
  const amountOk = amountFen !== null && amountFen >= 1 && amountFen <= refundable
  const reasonOk = reason.trim().length > 0

  const submit = async (how: 'submit' | 'retry' = 'submit') => {
    if (!payment || busy || !amountOk || !reasonOk || amountFen === null) return
    setAmountError(null)
    try {
      await (how === 'retry' ? refund.retry() : refund.submit({ paymentId: payment.id, amountFen, reason: reason.trim() }))
      toast('已退款', 'success')
      onClose()
    } catch (e) {
      const error = e as ApiError
      const details = (error.details ?? {}) as { refundableFen?: number }
      // about the amount typed: said under the amount field, with what is still refundable filled in
      if (error.code === 'MEAL_REFUND_EXCEEDS') {
        if (details.refundableFen !== undefined) setAmountText(formatYuan(details.refundableFen))
        setAmountError(error.message)
        return
      }
      actions.fail(error, { title: '退款未完成', retry: () => void submit('retry'), safeRetry: '退款' })
    }
  }

  return (
    <>
    <Popup visible={!!payment} position='bottom' round closeable title='收款详情' onClose={() => !busy && onClose()}>
      {payment && (
        <View className='refund'>
          <View className='refund__summary'>
            <Text className='refund__amount'>{formatMoney(payment.amountFen)}</Text>
            <View className='refund__meta'>
              <View>
                {payment.payerName ?? '—'}
                {payment.payerUnitName ? ` · ${payment.payerUnitName}` : ''}
              </View>
              <View className='egj-muted'>
                {payment.window.name} · {clock(payment.paidAt)} · {mealMethodLabel(payment)}
                {payment.official ? ' · 公务' : ''}
              </View>
              <View className='egj-muted refund__serial'>流水号 {payment.serialNo}</View>
            </View>
          </View>

          {refundable <= 0 ? (
            <View className='refund__done'>该笔已全额退款 {formatMoney(payment.refundedFen)}</View>
          ) : (
            <>
              {payment.refundedFen > 0 && <View className='refund__note'>已退款 {formatMoney(payment.refundedFen)}，还可退 {formatMoney(refundable)}</View>}
              <View className='refund__field'>
                <Text className='refund__label'>退款金额</Text>
                <Input
                  className='refund__input'
                  type='digit'
                  value={amountText}
                  onChange={(value) => {
                    setAmountText(value.replace(/[^\d.]/g, ''))
                    setAmountError(null)
                  }}
                />
                <Text className='refund__unit'>元</Text>
              </View>
              {amountError ? (
                <View className='refund__error'>{amountError}</View>
              ) : (
                !amountOk && amountText !== '' && <View className='refund__error'>请输入 {formatMoney(1)} ~ {formatMoney(refundable)}</View>
              )}
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
                {amountOk && amountFen !== null ? `确认退款 ${formatMoney(amountFen)}` : '确认退款'}
              </Button>
              <View className='refund__hint egj-muted'>{payment.method === 'wechat' ? '原路退回顾客微信' : payment.method === 'voucher' ? '退回发券单位' : '退回顾客饭卡（先退个人，再退补贴）'}；仅限当天</View>
            </>
          )}
        </View>
      )}
    </Popup>
    {actions.node}
    </>
  )
}
