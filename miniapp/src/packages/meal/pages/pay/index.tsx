import { useCallback, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button, Switch } from '@nutui/nutui-react-taro'
import { Checked, Gift, ShieldCheckF, Store, Wallet, Weixin } from '@nutui/icons-react-taro'
import { formatMoney, inShanghai, type MealAccount, type MealPayment, type MealPaymentCreate, mealOrdersApi, mealPaymentsApi, type Order, shanghaiDate, mealVouchersApi, MERCHANT_KIND_LABELS, parseYuan, type Voucher } from '@egj/shared'
import { ApiError, asApiError, isApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { getToken } from '../../../../store/session'
import { decodeParam, goLogin, MEAL_ACCOUNT_PAGE, mealReceiptPage } from '../../../../utils/nav'
import { PlatformError, startWechatPay, wechatPayChannel } from '../../../../utils/platform'
import { startScan } from '../../../../utils/scan'
import { Keypad } from '../../components/Keypad'
import { pressKey, type PadKey, type PadRefusal } from '../../lib/money'
import { waitForPayment } from '../../lib/payments'
import { forgetVoucher, pendingVoucher } from '../../lib/voucher'
import './index.scss'

type Method = 'account' | 'wechat' | 'voucher'
/** What this page sends: 饭卡, 微信支付, or the 电子餐券 the holder picked on its page before scanning. */
type Body = Pick<Required<MealPaymentCreate>, 'code' | 'amountFen' | 'official' | 'confirm' | 'payChannel'> & { method: Method; voucherCode?: string }

/** Two attempts are the same payment when everything but `confirm` matches. */
const sameRequest = (a: Body, b: Body) =>
  a.code === b.code && a.amountFen === b.amountFen && a.method === b.method && a.official === b.official && a.payChannel === b.payChannel && a.voucherCode === b.voucherCode

/** "13:30"; a period running to midnight ends at "24:00", not "00:00". */
function endTime(iso: string): string {
  const text = inShanghai(iso).format('HH:mm')
  return text === '00:00' ? '24:00' : text
}

export default function MealPayPage() {
  const token = decodeParam(useRouter().params.token)
  const code = token ? `/q/m/${token}` : ''

  // undefined: not known (yet); null: this user has no meal account
  const [account, setAccount] = useState<MealAccount | null | undefined>(undefined)
  const [accountFailed, setAccountFailed] = useState(false)
  const [method, setMethod] = useState<Method>('account')
  const [text, setText] = useState('')
  const [official, setOfficial] = useState(false)
  const [refusal, setRefusal] = useState<PadRefusal>(null)
  /** a field error from the server about the amount, shown under it */
  const [amountError, setAmountError] = useState<string | null>(null)
  const [busy, setBusy] = useState<false | 'paying' | 'confirming'>(false)
  const [voucher, setVoucher] = useState<Voucher | null>(null)
  const actions = useActionDialog()
  const payment = useSubmit((body: Body, idempotencyKey) => request(mealPaymentsApi.pay, { body, idempotencyKey }), { same: sameRequest, keepAfterSuccess: true })

  // a booking (报餐) of this canteen for today still to pick up: shown first, picked up in one tap
  const [booking, setBooking] = useState<Order | null>(null)
  const pickup = useSubmit((id: number, idempotencyKey) => request(mealOrdersApi.pickup, { params: { id }, body: { code }, idempotencyKey }))

  const sentToLogin = useRef(false)
  const refusalTimer = useRef<ReturnType<typeof setTimeout>>()

  const loadAccount = useCallback(async (setDefaultMethod: boolean) => {
    try {
      const found = await request(mealPaymentsApi.account)
      setAccount(found)
      setAccountFailed(false)
      if (setDefaultMethod) setMethod('account')
    } catch (e) {
      if (isApiError(e) && e.code === 'MEAL_NO_ACCOUNT') {
        setAccount(null)
        setMethod('wechat')
      } else {
        // the balance stays unknown; paying still works and the server decides
        setAccountFailed(true)
      }
    }
  }, [])

  const { state, reload, fail } = useResource(
    async () => {
      if (!code) throw new ApiError(400, 'QR_INVALID', '缺少窗口码，请重新扫码')
      const [resolved, mine] = await Promise.all([
        request(mealPaymentsApi.resolveWindow, { query: { code } }),
        // no booking list is no reason not to pay
        request(mealOrdersApi.list, { query: { as: 'mine', date: shanghaiDate(new Date()) } }).catch(() => null),
        loadAccount(true),
      ])
      setBooking(mine?.items.find((order) => order.status === 'booked' && order.merchantId === resolved.merchant.id) ?? null)
      // came here from a voucher's 扫码用券: pay with it unless it is already used
      const voucherCode = pendingVoucher()
      const held = voucherCode ? await request(mealVouchersApi.get, { params: { code: voucherCode } }).catch(() => null) : null
      if (held?.status === 'issued') {
        setVoucher(held)
        setMethod('voucher')
      } else if (voucherCode) {
        forgetVoucher()
      }
      return resolved
    },
    { key: [code], refreshOnShow: false },
  )
  const stateRef = useRef(state)
  stateRef.current = state

  useDidShow(() => {
    // not signed in: straight to login the first time; coming back without logging in shows a
    // button. Only when this page is really shown: a page replaced before it showed (a second
    // scan racing the first) must not send the user anywhere.
    if (!getToken() && !sentToLogin.current) {
      sentToLogin.current = true
      goLogin()
      return
    }
    // every return (from login, from 充值): the balance may have changed; the typed amount stays
    const status = stateRef.current.status
    if (status === 'ready') void loadAccount(false)
    else if (status !== 'loading') void reload()
  })

  const win = state.status === 'ready' ? state.data : null
  const maxFen = method === 'voucher' && voucher ? Math.min(voucher.amountFen, win?.maxPaymentFen ?? 0) : (win?.maxPaymentFen ?? 0)
  const amountFen = parseYuan(text) ?? 0
  const capFen = win?.period?.officialCapFen ?? null
  const overCap = official && capFen !== null && amountFen > capFen
  const short = method === 'account' && !!account && amountFen > account.totalFen

  const press = (key: PadKey) => {
    const next = pressKey(text, key, maxFen)
    setText(next.text)
    setAmountError(null)
    clearTimeout(refusalTimer.current)
    setRefusal(next.refused)
    if (next.refused) refusalTimer.current = setTimeout(() => setRefusal(null), 2500)
  }

  const openReceipt = (paymentId: number) => {
    payment.forget()
    if (method === 'voucher') forgetVoucher()
    void Taro.redirectTo({ url: mealReceiptPage(paymentId) })
  }

  /**
   * Sends one payment: `submit` (the pending attempt again when it is the same payment), `new` (a
   * changed request: its own key), or `retry` (the pending attempt exactly, after no answer).
   */
  const send = async (body: Body, how: 'submit' | 'new' | 'retry' = 'submit') => {
    setBusy('paying')
    try {
      const paid: MealPayment = await (how === 'retry' ? payment.retry() : how === 'new' ? payment.submitNew(body) : payment.submit(body))
      if (paid.status === 'paid') return openReceipt(paid.id) // stays busy: no second tap while leaving
      if (paid.status === 'closed') {
        payment.forget()
        setBusy(false)
        actions.show({ title: '订单已关闭', message: '该订单已关闭，请重新付款', choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
        return
      }
      // WeChat Pay. The attempt is kept: paying again after a cancel reuses the same order.
      const outcome = await startWechatPay(paid.wechatPay)
      if (outcome === 'left') return // the browser is going to WeChat's cashier
      if (outcome === 'cancelled') {
        setBusy(false)
        toast('已取消支付')
        return
      }
      setBusy('confirming')
      await waitForPayment(paid.id, { timeoutMs: 10_000, intervalMs: 1000 })
      openReceipt(paid.id) // the receipt keeps waiting if WeChat has not told us yet
    } catch (e) {
      setBusy(false)
      handleError(e, body)
    }
  }

  /** A confirmed resend is a different request body: it needs its own key. */
  const resendConfirmed = (body: Body) => void send({ ...body, confirm: true }, 'new')

  const payByWechat = (body: Body) => {
    setMethod('wechat')
    void send({ ...body, method: 'wechat', confirm: false }, 'new')
  }

  const gotIt = { text: '知道了', primary: true, onClick: () => undefined }

  const handleError = (e: unknown, body: Body) => {
    if (e instanceof PlatformError) return actions.fail(e, { title: '支付未完成' })
    const error = asApiError(e)
    // Unknown outcome (no answer, server trouble): the hook kept the attempt, a retry reuses its key.
    if (isUnknownOutcome(error) && payment.pending()) return actions.fail(error, { retry: () => void send(body, 'retry'), safeRetry: '扣款' })
    const details = (error.details ?? {}) as { policy?: string; availableFen?: number; maxPaymentFen?: number }
    switch (error.code) {
      case 'AUTH_REQUIRED':
      case 'AUTH_INVALID_TOKEN':
        goLogin()
        return
      case 'MEAL_OVER_CAP':
        if (details.policy === 'warn') {
          actions.show({ title: '超过公务餐标准', message: error.message, choices: [{ text: '确认支付', primary: true, onClick: () => resendConfirmed(body) }], cancelText: '修改金额' })
        } else {
          actions.show({ title: '超过公务餐标准', message: error.message, choices: [{ text: '修改金额', primary: true, onClick: () => undefined }] })
        }
        return
      case 'MEAL_POSSIBLE_DUPLICATE':
        actions.show({ title: '可能重复付款', message: error.message, choices: [{ text: '确认再付一笔', primary: true, onClick: () => resendConfirmed(body) }], cancelText: '不付了' })
        return
      case 'MEAL_INSUFFICIENT_BALANCE':
        actions.show({
          title: '饭卡余额不足',
          message: details.availableFen !== undefined ? `饭卡可用余额 ${formatMoney(details.availableFen)}，不足以支付 ${formatMoney(body.amountFen)}。` : error.message,
          choices: [
            { text: '改用微信支付', primary: true, onClick: () => payByWechat(body) },
            { text: '去充值', onClick: () => void Taro.navigateTo({ url: `${MEAL_ACCOUNT_PAGE}?topup=1` }) },
          ],
          cancelText: '取消',
        })
        return
      case 'MEAL_NO_ACCOUNT':
        setAccount(null)
        setMethod('wechat')
        toast('您还没有饭卡，已切换为微信支付')
        return
      case 'MEAL_OFFICIAL_NO_PERIOD':
        setOfficial(false)
        actions.show({ title: '无法按公务餐支付', message: error.message, choices: [gotIt] })
        return
      case 'MEAL_WECHAT_ONLY_IN_WECHAT':
        actions.show({ title: '无法使用微信支付', message: error.message, choices: [gotIt] })
        return
      // about the amount typed: said under the amount (a field error)
      case 'MEAL_AMOUNT_TOO_LARGE':
        setAmountError(details.maxPaymentFen !== undefined ? `单笔金额不能超过 ${formatMoney(details.maxPaymentFen)}` : error.message)
        return
      case 'MEAL_VOUCHER_NOT_ENOUGH':
        setAmountError(error.message)
        return
      case 'MEAL_VOUCHER_RESERVED':
      case 'MEAL_VOUCHER_INVALID':
        forgetVoucher()
        setVoucher(null)
        setMethod(account === null ? 'wechat' : 'account')
        actions.show({ title: error.code === 'MEAL_VOUCHER_RESERVED' ? '餐券已用于报餐' : '餐券不可用', message: error.message, choices: [gotIt] })
        return
      // the window itself is no good any more: the page says so, with 重新扫码
      case 'MEAL_WINDOW_CLOSED':
      case 'QR_INVALID':
      case 'QR_FORGED':
      case 'NOT_FOUND':
        fail(error)
        return
      default:
        actions.fail(error, { title: '付款失败' })
    }
  }

  const pickUp = async (how: 'submit' | 'retry' = 'submit') => {
    if (!booking || busy) return
    setBusy('paying')
    try {
      const order = await (how === 'retry' ? pickup.retry() : pickup.submit(booking.id))
      if (order.paymentId) return openReceipt(order.paymentId)
      setBusy(false)
      setBooking(null)
      toast('已取餐', 'success')
    } catch (e) {
      setBusy(false)
      const error = asApiError(e)
      if (isUnknownOutcome(error) && pickup.pending()) return actions.fail(error, { title: '取餐未完成', retry: () => void pickUp('retry'), safeRetry: '扣款' })
      // cancelled, already picked up, another canteen's: the booking is no longer one to pick up here
      if (['MEAL_ORDER_STATE', 'MEAL_ORDER_WRONG_CANTEEN', 'MEAL_ORDER_NOT_TODAY'].includes(error.code)) setBooking(null)
      actions.fail(error, { title: '取餐未完成' })
    }
  }

  const pay = () => {
    if (busy || amountFen <= 0) return
    if (booking) {
      actions.show({
        title: '您今天已预订',
        message: `您今天已预订 ${booking.periodName}，是否直接取餐？`,
        choices: [
          { text: '取餐', primary: true, onClick: () => void pickUp() },
          { text: '仍要另付', onClick: () => payAmount() },
        ],
        cancelText: '取消',
      })
      return
    }
    payAmount()
  }

  const payAmount = () => {
    setAmountError(null)
    // the same payment tapped again (after a network error, a cancelled WeChat sheet): same key
    void send({ code, amountFen, method, official, confirm: false, payChannel: wechatPayChannel(), ...(method === 'voucher' && voucher ? { voucherCode: voucher.code } : {}) })
  }

  if (state.status !== 'ready') {
    return (
      <Page className='meal-pay'>
        <PageGate
          state={state}
          loading='正在校验窗口码…'
          guest='登录后付款'
          guestHint='扫码支付需要先登录 e管家'
          icon={<Wallet size={48} color={GREY_ICON} />}
          errorTitle={() => '无法付款'}
          errorAction={() => ({ text: '重新扫码', onClick: () => void startScan() })}
          onRetry={() => void reload()}
        />
      </Page>
    )
  }

  const { merchant, window: counter, period } = state.data

  return (
    <Page className='meal-pay'>
      <View className='meal-pay__top'>
        {booking && (
          <View className='egj-card meal-pay__booking'>
            <View className='meal-pay__booking-text'>
              您已预订 {booking.periodName}
              {booking.guestName ? `（来宾 ${booking.guestName}${booking.pay === 'voucher' ? '，餐券支付' : ''}）` : ''} · {booking.items.map((item) => `${item.name}×${item.qty}`).join('、')}
            </View>
            <View className='meal-pay__booking-foot'>
              <Text className='meal-pay__booking-amount'>{formatMoney(booking.amountFen)}</Text>
              <Button type='primary' loading={!!busy} onClick={() => void pickUp()}>
                确认取餐
              </Button>
            </View>
          </View>
        )}
        <View className='egj-card meal-pay__merchant'>
          <View className='meal-pay__merchant-row'>
            <View className='meal-pay__merchant-icon'>
              <Store size={24} color='var(--egj-primary)' />
            </View>
            <View className='meal-pay__merchant-main'>
              <View className='meal-pay__merchant-name'>
                <Text>{merchant.name}</Text>
                <Pill tone={merchant.kind === 'canteen' ? 'blue' : 'orange'} className='meal-pay__kind'>
                  {MERCHANT_KIND_LABELS[merchant.kind]}
                </Pill>
              </View>
              <View className='meal-pay__window'>
                <Text>{counter.name}</Text>
                <View className='meal-pay__verified'>
                  <ShieldCheckF size={14} color='var(--egj-success)' />
                  <Text className='meal-pay__verified-text'>已验证</Text>
                </View>
              </View>
            </View>
          </View>
          <View className='meal-pay__facts'>
            <View className='meal-pay__fact'>{period ? `${period.name} · ${endTime(period.endsAt)} 结束` : '当前非用餐时段'}</View>
            {period?.officialCapFen != null && <View className='meal-pay__fact'>公务餐标准 ≤ {formatMoney(period.officialCapFen)}</View>}
          </View>
        </View>

        <View className='egj-card meal-pay__amount-card'>
          <View className={`meal-pay__amount ${text ? '' : 'meal-pay__amount--empty'}`}>
            <Text className='meal-pay__yen'>¥</Text>
            <Text className='meal-pay__digits'>{text || '0.00'}</Text>
            <View className='meal-pay__caret' />
          </View>
          <View className='meal-pay__amount-hint'>
            {amountError ? (
              <Text className='meal-pay__warn'>{amountError}</Text>
            ) : refusal === 'max' ? (
              <Text className='meal-pay__warn'>单笔最多 {formatMoney(maxFen)}</Text>
            ) : refusal === 'decimals' ? (
              <Text className='meal-pay__warn'>金额最多两位小数</Text>
            ) : overCap ? (
              <Text className='meal-pay__warn'>
                超过公务餐标准 {formatMoney(capFen)}{state.data.overCapPolicy === 'refuse' ? '，本商户不接受超标支付' : '，付款时需再次确认'}
              </Text>
            ) : short ? (
              <Text className='meal-pay__warn'>饭卡余额不足，可改用微信支付</Text>
            ) : (
              <Text className='egj-muted'>{text ? `单笔最多 ${formatMoney(maxFen)}` : '请输入菜品金额'}</Text>
            )}
          </View>
        </View>

        <View className='egj-card meal-pay__options'>
          <View className='meal-pay__official'>
            <View className='meal-pay__official-text'>
              <View className='meal-pay__official-title'>公务用餐</View>
              <View className='meal-pay__official-hint'>{period ? '出差公务就餐，凭电子凭证报销' : '当前非用餐时段，不能按公务餐支付'}</View>
            </View>
            <Switch checked={official} disabled={!period} onChange={setOfficial} />
          </View>

          <View className='meal-pay__methods'>
            {voucher && (
              <View className={`meal-pay__method meal-pay__method--wide ${method === 'voucher' ? 'meal-pay__method--on' : ''}`} onClick={() => setMethod('voucher')}>
                <Gift size={20} color='#fa541c' />
                <View className='meal-pay__method-text'>
                  <View className='meal-pay__method-name'>电子餐券</View>
                  <View className='meal-pay__method-sub'>面值 {formatMoney(voucher.amountFen)} · {voucher.unitName}</View>
                </View>
                {method === 'voucher' && <Checked className='meal-pay__method-check' size={18} color='var(--egj-primary)' />}
              </View>
            )}
            <View
              className={`meal-pay__method ${method === 'account' ? 'meal-pay__method--on' : ''} ${account === null ? 'meal-pay__method--off' : ''}`}
              onClick={() => (account === null ? toast('您还没有饭卡，请使用微信支付') : setMethod('account'))}
            >
              <Wallet size={20} color={account === null ? '#c0c4cc' : 'var(--egj-primary)'} />
              <View className='meal-pay__method-text'>
                <View className='meal-pay__method-name'>饭卡</View>
                <View className='meal-pay__method-sub'>
                  {account === null ? '未开通饭卡' : account ? `饭卡余额 ${formatMoney(account.totalFen)}` : accountFailed ? '余额暂时无法查询' : '余额查询中'}
                </View>
              </View>
              {method === 'account' && <Checked className='meal-pay__method-check' size={18} color='var(--egj-primary)' />}
            </View>
            <View className={`meal-pay__method ${method === 'wechat' ? 'meal-pay__method--on' : ''}`} onClick={() => setMethod('wechat')}>
              <Weixin size={20} color='#07c160' />
              <View className='meal-pay__method-text'>
                <View className='meal-pay__method-name'>微信支付</View>
                <View className='meal-pay__method-sub'>无饭卡也可付款</View>
              </View>
              {method === 'wechat' && <Checked className='meal-pay__method-check' size={18} color='var(--egj-primary)' />}
            </View>
          </View>
        </View>
      </View>

      <View className='meal-pay__pad'>
        <Keypad onPress={press} disabled={!!busy} />
        <View className='meal-pay__submit'>
          <Button type='primary' size='xlarge' block disabled={amountFen <= 0} loading={!!busy} onClick={pay}>
            {busy === 'confirming' ? '正在确认支付结果…' : amountFen > 0 ? `付款 ${formatMoney(amountFen)}` : '请输入金额'}
          </Button>
        </View>
      </View>

      {actions.node}
    </Page>
  )
}
