import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter, useUnload } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Clock, FailureF, SuccessF } from '@nutui/icons-react-taro'
import { formatMoney, inShanghai, type MealPayment, mealPaymentsApi, MERCHANT_KIND_LABELS, mealMethodLabel } from '@egj/shared'
import { ApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { toast } from '../../../../components/Toaster'
import { PlatformError, startWechatPay, wechatPayChannel } from '../../../../utils/platform'
import { Money } from '../../../../components/Money'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { useResource } from '../../../../hooks/useResource'
import { HOME_PAGE } from '../../../../utils/nav'
import { dailyColour } from '../../lib/colour'
import { useNow } from '../../lib/hooks'
import { waitForPayment } from '../../lib/payments'
import './index.scss'

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']
const POLL_MS = 1500
/** back from WeChat's cashier the answer may take a moment; after this the page offers 重新支付 / 取消订单 */
const POLL_FOR_MS = 8_000

const fullTime = (iso: string | null) => (iso ? inShanghai(iso).format('YYYY-MM-DD HH:mm:ss') : '—')

/** "市级机关食堂（机关食堂）"; a name that already says its kind is left as it is. */
function merchantWithKind(p: MealPayment): string {
  const label = MERCHANT_KIND_LABELS[p.merchant.kind]
  return p.merchant.name.includes(label) ? p.merchant.name : `${p.merchant.name}（${label}）`
}

/** Where the money came from, in one line. */
function sourceOf(p: MealPayment): string {
  if (p.method !== 'account') return mealMethodLabel(p)
  if (p.subsidyFen > 0 && p.personalFen > 0) return `补贴 ${formatMoney(p.subsidyFen)} · 个人 ${formatMoney(p.personalFen)}`
  return p.subsidyFen > 0 ? `饭卡补贴 ${formatMoney(p.subsidyFen)}` : `饭卡个人余额 ${formatMoney(p.personalFen)}`
}

/**
 * The receipt the diner shows at the till. What a screenshot cannot copy: the clock ticks every
 * second, the band keeps sliding, and the colour is today's (one of seven, by the Shanghai date).
 */
export default function MealReceiptPage() {
  const id = Number(useRouter().params.id)
  const alive = useRef(true)
  const now = useNow()
  // polling for WeChat's answer (back from WeChat's cashier: the result may take a moment)
  const [waiting, setWaiting] = useState(true)
  const [pollRound, setPollRound] = useState(0)

  useUnload(() => {
    alive.current = false
  })

  const { state, set, reload } = useResource(() => {
    if (!Number.isSafeInteger(id) || id <= 0) return Promise.reject(new ApiError(404, 'NOT_FOUND', '付款记录不存在'))
    return request(mealPaymentsApi.get, { params: { id } })
  })
  const status = state.status === 'ready' ? state.data.status : null

  useEffect(() => {
    if (status !== 'awaiting_payment') return
    let stopped = false
    setWaiting(true)
    waitForPayment(id, { timeoutMs: POLL_FOR_MS, intervalMs: POLL_MS, stillWanted: () => alive.current && !stopped, onUpdate: set })
      .then((last) => last && !stopped && set(last))
      .catch(() => undefined)
      .finally(() => !stopped && setWaiting(false))
    return () => {
      stopped = true
    }
  }, [id, status, pollRound, set])

  const done = () => void Taro.switchTab({ url: HOME_PAGE })
  const actions = useActionDialog()
  const [acting, setActing] = useState<'resume' | 'cancel' | null>(null)

  /** 重新支付: the same order handed to WeChat again (never a second charge). */
  const resume = async () => {
    setActing('resume')
    try {
      const order = await request(mealPaymentsApi.resume, { params: { id }, body: { payChannel: wechatPayChannel() } })
      const outcome = await startWechatPay(order.wechatPay)
      if (outcome === 'cancelled') toast('已取消支付')
      if (outcome === 'paid') setPollRound((n) => n + 1)
    } catch (e) {
      if (!(e instanceof PlatformError)) void reload()
      actions.fail(e, { title: '未能重新支付' })
    } finally {
      setActing(null)
    }
  }

  /** 取消订单: closed at WeChat and here; an order paid meanwhile shows as paid instead. */
  const cancel = () =>
    actions.show({
      title: '取消订单',
      message: '取消后这笔订单不能再支付，需要时请重新扫码付款。',
      choices: [
        {
          text: '取消订单',
          danger: true,
          onClick: () => {
            setActing('cancel')
            request(mealPaymentsApi.cancel, { params: { id } })
              .then((closed) => {
                set(closed)
                toast('订单已取消')
              })
              .catch((e: unknown) => {
                void reload()
                actions.fail(e, { title: '未能取消' })
              })
              .finally(() => setActing(null))
          },
        },
      ],
      cancelText: '不取消',
    })

  if (state.status !== 'ready') {
    return (
      <Page className='receipt'>
        <PageGate
          state={state}
          guest='登录后查看付款凭证'
          icon={<Clock size={48} color={GREY_ICON} />}
          errorTitle={(error) => (error.code === 'NOT_FOUND' ? '付款记录不存在' : undefined)}
          onRetry={() => void reload()}
        />
      </Page>
    )
  }

  const p = state.data
  const paid = p.status === 'paid'
  const fullyRefunded = paid && p.refundedFen >= p.amountFen
  const colour = dailyColour(now)
  const today = inShanghai(now)
  const bandColour = paid && !fullyRefunded ? colour.value : '#6b7079'

  return (
    <Page className='receipt'>
      <View className='receipt__band' style={{ backgroundColor: bandColour }}>
        <View className='receipt__stripes' />
        <View className='receipt__band-top'>
          <View className='receipt__today'>
            {paid && !fullyRefunded ? (
              <>
                <Text>今日色 · {colour.name}</Text>
              </>
            ) : (
              <Text>{p.status === 'awaiting_payment' ? '待支付' : p.status === 'closed' ? '已关闭' : '已退款'}</Text>
            )}
          </View>
          <View className='receipt__date'>
            {today.format('M月D日')} 星期{WEEKDAYS[today.day()]}
          </View>
        </View>
        <View className='receipt__clock'>{today.format('HH:mm:ss')}</View>
        <View className='receipt__track'>
          <View className='receipt__slider' />
        </View>
        <View className='receipt__band-note'>实时画面：时钟走动、色条滑动，截图无效</View>
      </View>

      <View className='egj-card receipt__main'>
        <View className='receipt__status'>
          {p.status === 'awaiting_payment' ? (
            waiting ? (
              <>
                <View className='receipt__spinner' />
                <Text className='receipt__status-text receipt__status-text--wait'>等待支付结果…</Text>
              </>
            ) : (
              <>
                <Clock size={26} color='var(--egj-warning)' />
                <Text className='receipt__status-text receipt__status-text--wait'>待支付</Text>
              </>
            )
          ) : p.status === 'closed' ? (
            <>
              <FailureF size={26} color='#6b7079' />
              <Text className='receipt__status-text receipt__status-text--closed'>订单已关闭</Text>
            </>
          ) : fullyRefunded ? (
            <>
              <SuccessF size={26} color='var(--egj-warning)' />
              <Text className='receipt__status-text receipt__status-text--wait'>已全额退款</Text>
            </>
          ) : (
            <>
              <SuccessF size={26} color='var(--egj-success)' />
              <Text className='receipt__status-text'>支付成功</Text>
            </>
          )}
        </View>

        <View className={`receipt__amount ${paid && !fullyRefunded ? '' : 'receipt__amount--muted'}`}>
          <Money fen={p.amountFen} signClassName='receipt__yen' />
        </View>

        <View className='receipt__tags'>
          {p.official && (
            <Pill tone='red' solid className='receipt__tag'>
              公务餐
            </Pill>
          )}
          {p.periodName && (
            <Pill tone='blue' className='receipt__tag'>
              {p.periodName}
            </Pill>
          )}
          {p.refundedFen > 0 && (
            <Pill tone='orange' className='receipt__tag'>
              已退款 {formatMoney(p.refundedFen)}
            </Pill>
          )}
        </View>

        <View className='receipt__merchant'>{p.merchant.name}</View>
        <View className='receipt__window'>{p.window.name}</View>
        <View className='receipt__source'>{sourceOf(p)}</View>

        <View className='receipt__payer'>
          <Text className='receipt__payer-name'>{p.payerName ?? '—'}</Text>
          {p.payerUnitName && <Text className='receipt__payer-unit'>{p.payerUnitName}</Text>}
        </View>
        <View className='receipt__serial'>
          <Text className='receipt__label'>流水号</Text>
          <Text className='receipt__mono'>{p.serialNo}</Text>
        </View>
        <View className='receipt__paid-at'>{paid ? `支付时间 ${fullTime(p.paidAt)}` : `下单时间 ${fullTime(p.createdAt)}`}</View>

        {p.status === 'awaiting_payment' && !waiting && (
          <View className='receipt__pending-actions'>
            <View className='receipt__pending-note'>如已在微信中付款，请点“刷新支付结果”；未付款可重新支付或取消订单</View>
            <Button type='primary' block loading={acting === 'resume'} disabled={acting !== null} onClick={() => void resume()}>
              重新支付
            </Button>
            <Button fill='outline' type='primary' block disabled={acting !== null} onClick={() => setPollRound((n) => n + 1)}>
              刷新支付结果
            </Button>
            <Button fill='none' block loading={acting === 'cancel'} disabled={acting !== null} onClick={cancel}>
              取消订单
            </Button>
          </View>
        )}
      </View>

      {/* the 电子凭证 is for a paid meal only */}
      {paid && (
      <>
      <View className='egj-section-title receipt__voucher-title'>
        电子凭证
        {/* only a 公务 meal is reimbursed; an ordinary one is the diner's own */}
        {p.official && <Text className='receipt__voucher-sub'>可用于公务餐报销</Text>}
      </View>
      <View className='egj-card receipt__voucher'>
        {(
          [
            ['商户', merchantWithKind(p)],
            ['窗口', p.window.name],
            ['餐次', p.periodName ?? '—'],
            ['金额', `${formatMoney(p.amountFen)}`],
            ['支付方式', mealMethodLabel(p)],
            ['公务用餐', p.official ? '是' : '否'],
            ['付款人', p.payerName ?? '—'],
            ['单位', p.payerUnitName ?? '—'],
            ['支付时间', fullTime(p.paidAt)],
            ...(p.refundedFen > 0 ? [['已退款', formatMoney(p.refundedFen)]] : []),
          ] as [string, string][]
        ).map(([label, value]) => (
          <View key={label} className='receipt__row'>
            <Text className='receipt__row-label'>{label}</Text>
            <Text className='receipt__row-value'>{value}</Text>
          </View>
        ))}
        <View className='receipt__row'>
          <Text className='receipt__row-label'>流水号</Text>
          <Text className='receipt__row-value receipt__mono'>{p.serialNo}</Text>
        </View>
      </View>
      </>
      )}

      <View className='receipt__done'>
        <Button type='primary' size='large' block onClick={done}>
          完成
        </Button>
      </View>
      {actions.node}
    </Page>
  )
}
