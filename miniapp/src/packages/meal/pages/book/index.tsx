import { useEffect, useMemo, useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { ArrowDown, ArrowRight, Check, Order as OrderIcon, Scan } from '@nutui/icons-react-taro'
import { allergensText, DISH_TAG_LABELS, formatMoney, mealMenusApi, mealOrdersApi, type MenuPeriod, type Order } from '@egj/shared'
import { asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill, type PillTone } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { addDays, BOOKINGS_PAGE, cutoffText, dayTab, dayText, isClosed, mondayOf, todayText } from '../../lib/booking'
import { useNow } from '../../lib/hooks'
import { voucherCodeOf } from '../../lib/voucher'
import { decodeParam } from '../../../../utils/nav'
import { scanCode } from '../../../../utils/platform'
import './index.scss'

type Week = 'this' | 'next'
type Pay = 'hold' | 'on_pickup'
type Who = 'self' | 'guest'
type Counts = Record<number, number>
interface Booking { merchantId: number; date: string; periodId: number; items: { dishId: number; qty: number }[]; pay: Pay | 'voucher'; voucherCode?: string; guestName?: string }

/** the canteen last booked at, so a diner of a second canteen does not pick it every time */
const CANTEEN_KEY = 'egj.meal.book.canteen'
const savedCanteen = () => Number(Taro.getStorageSync(CANTEEN_KEY)) || null

const TAG_TONES: Record<keyof typeof DISH_TAG_LABELS, PillTone> = { meat: 'red', veg: 'green', staple: 'orange', soup: 'blue' }
const slotKey = (date: string, periodId: number) => `${date}:${periodId}`

/**
 * 报餐: this week's and next week's menus of a canteen (a picker when there are several); one
 * period booked per submit, for oneself or for a guest on their 电子餐券. `id`: 修改 that booking;
 * `voucher`: 为来宾报餐 on that 餐券 (from the voucher's page).
 */
export default function MealBookPage() {
  const params = useRouter().params
  const changingId = Number(params.id) || null
  const linkedVoucher = voucherCodeOf(decodeParam(params.voucher))
  const now = useNow(30_000)
  const [week, setWeek] = useState<Week>('this')
  const [day, setDay] = useState<string | null>(null)
  // the dishes counted per period of a day; one period is being booked at a time
  const [slot, setSlot] = useState<string | null>(null)
  const [counts, setCounts] = useState<Counts>({})
  const [pay, setPay] = useState<Pay>('hold')
  const [who, setWho] = useState<Who>(linkedVoucher ? 'guest' : 'self')
  const [guestName, setGuestName] = useState('')
  const [voucherText, setVoucherText] = useState(linkedVoucher ?? '')
  const [canteenId, setCanteenId] = useState<number | null>(savedCanteen)
  const [picking, setPicking] = useState(false)
  const actions = useActionDialog()

  const canteens = useResource(() => request(mealMenusApi.canteens), { refreshOnShow: false })
  const changing = useResource(() => request(mealOrdersApi.get, { params: { id: changingId ?? 0 } }), { key: [changingId], enabled: changingId !== null, refreshOnShow: false })
  // 修改: the booking's canteen; else the one chosen last, or the first
  const canteenList = canteens.data?.items ?? []
  const wanted = changingId ? changing.data?.merchantId : canteenId
  const canteen = canteenList.find((c) => c.id === wanted) ?? (changingId ? null : canteenList[0] ?? null)
  const guest = who === 'guest' && !changingId
  const monday = mondayOf(todayText(), week === 'this' ? 0 : 1)
  const menus = useResource(() => request(mealMenusApi.list, { query: { merchantId: canteen?.id ?? 0, from: monday, to: addDays(monday, 6) } }), { key: [canteen?.id, monday], enabled: !!canteen })

  // 修改: open on the booking's day with its counts filled in
  useEffect(() => {
    const order = changing.data
    if (!order) return
    setWeek(mondayOf(order.date) === mondayOf(todayText()) ? 'this' : 'next')
    setDay(order.date)
    setSlot(slotKey(order.date, order.periodId))
    setCounts(Object.fromEntries(order.items.map((item) => [item.dishId, item.qty])))
  }, [changing.data])

  const days = useMemo(() => (menus.data?.days ?? []).filter((d) => d.periods.length > 0), [menus.data])
  // the day shown: the chosen one if on this week's menu, else today or the first day ahead
  const shownDay = days.find((d) => d.date === day) ?? days.find((d) => d.date >= todayText()) ?? days[0] ?? null

  const create = useSubmit((body: Booking, idempotencyKey) => request(mealOrdersApi.create, { body, idempotencyKey }))
  const update = useSubmit((body: { id: number; items: Booking['items'] }) => request(mealOrdersApi.update, { params: { id: body.id }, body: { items: body.items } }))

  const pickSlot = (date: string, periodId: number) => {
    if (slot === slotKey(date, periodId)) return
    setSlot(slotKey(date, periodId))
    setCounts({})
  }
  const step = (date: string, period: MenuPeriod, dishId: number, by: 1 | -1) => {
    const fresh = slot !== slotKey(date, period.periodId)
    if (fresh) pickSlot(date, period.periodId)
    setCounts((before) => {
      const next = { ...(fresh ? {} : before) }
      const qty = Math.max(0, Math.min(20, (next[dishId] ?? 0) + by))
      if (qty) next[dishId] = qty
      else delete next[dishId]
      return next
    })
  }

  const chosen = slot ? days.flatMap((d) => d.periods.map((p) => ({ date: d.date, period: p }))).find((s) => slotKey(s.date, s.period.periodId) === slot) ?? null : null
  const items = Object.entries(counts).map(([dishId, qty]) => ({ dishId: Number(dishId), qty }))
  const totalFen = chosen ? items.reduce((sum, item) => sum + item.qty * (chosen.period.dishes.find((d) => d.id === item.dishId)?.priceFen ?? 0), 0) : 0
  const busy = create.busy || update.busy

  const chooseCanteen = (id: number) => {
    setPicking(false)
    if (id === canteen?.id) return
    Taro.setStorageSync(CANTEEN_KEY, id)
    setCanteenId(id)
    setDay(null)
    setSlot(null)
    setCounts({})
  }

  const scanVoucher = async () => {
    const text = await scanCode()
    if (text === null) return
    const code = voucherCodeOf(text)
    if (code) setVoucherText(code)
    else toast('这不是电子餐券的二维码，请扫来宾餐券上的码', 'warn')
  }

  const done = (order: Order, verb: string) => {
    toast(`${verb} ${formatMoney(order.amountFen)}`, 'success')
    setCounts({})
    void Taro.redirectTo({ url: BOOKINGS_PAGE })
  }

  const refused = (e: unknown, retry: () => void) => {
    const error = asApiError(e)
    if (isUnknownOutcome(error)) return actions.fail(error, { title: '报餐未完成', retry, safeRetry: '报餐' })
    const titles: Record<string, string> = {
      MEAL_ORDER_CUTOFF_PASSED: '已过截止时间',
      MEAL_DISH_SOLD_OUT: '已订完',
      MEAL_INSUFFICIENT_BALANCE: '饭卡余额不足',
      MEAL_VOUCHER_NOT_ENOUGH: '餐券面值不够',
      MEAL_VOUCHER_RESERVED: '餐券已用于报餐',
      MEAL_VOUCHER_INVALID: '餐券不能用',
    }
    const title = titles[error.code]
    if (!title) return actions.fail(error, { title: '报餐未完成' })
    const balance = error.code === 'MEAL_INSUFFICIENT_BALANCE'
    actions.show({
      title,
      message: balance ? `${error.message}，可改为取餐时付款` : error.message,
      choices: balance && !changingId ? [{ text: '改为取餐时付款', primary: true, onClick: () => setPay('on_pickup') }] : [{ text: '知道了', primary: true, onClick: () => undefined }],
      cancelText: balance && !changingId ? '取消' : undefined,
    })
    // the menu changed under us (portions left, a period closed): show it as it is now
    void menus.reload()
  }

  const submit = async (how: 'submit' | 'retry' = 'submit') => {
    if (!chosen || !canteen || !items.length || busy) return
    const voucherCode = voucherCodeOf(voucherText)
    if (guest && how === 'submit') {
      if (!guestName.trim()) return toast('请填写来宾姓名', 'warn')
      if (!voucherCode) return toast('请填写 20 位餐券码，或扫来宾餐券上的二维码', 'warn')
    }
    try {
      if (changingId) {
        const order = await (how === 'retry' ? update.retry() : update.submit({ id: changingId, items }))
        done(order, '已修改报餐')
      } else {
        const base = { merchantId: canteen.id, date: chosen.date, periodId: chosen.period.periodId, items }
        const body: Booking = guest && voucherCode ? { ...base, pay: 'voucher', voucherCode, guestName: guestName.trim() } : { ...base, pay }
        const order = await (how === 'retry' ? create.retry() : create.submit(body))
        done(order, '报餐成功')
      }
    } catch (e) {
      refused(e, () => void submit('retry'))
    }
  }

  const loading = canteens.state.status !== 'ready' ? canteens.state : changingId && changing.state.status !== 'ready' ? changing.state : menus.state

  return (
    <Page className='meal-book'>
      <View className='meal-book__head'>
        <View className='meal-book__canteen'>
          {canteenList.length > 1 && !changingId ? (
            <View className='meal-book__canteen-pick' aria-label='选择食堂' onClick={() => setPicking(true)}>
              <Text className='meal-book__canteen-name'>{canteen?.name ?? '选择食堂'}</Text>
              <ArrowDown size={12} color='var(--egj-text-3)' />
            </View>
          ) : (
            <Text className='meal-book__canteen-name'>{canteen?.name ?? '食堂'}</Text>
          )}
          <View className='meal-book__mine' onClick={() => void Taro.navigateTo({ url: BOOKINGS_PAGE })}>
            <OrderIcon size={14} color='var(--egj-primary)' />
            <Text>我的报餐</Text>
            <ArrowRight size={10} color='var(--egj-primary)' />
          </View>
        </View>
        {changingId ? (
          <View className='meal-book__changing'>修改 {changing.data ? `${dayText(changing.data.date)} ${changing.data.periodName}` : ''} 的报餐</View>
        ) : (
          <>
            <Segmented options={[{ value: 'self', label: '为自己报餐' }, { value: 'guest', label: '为来宾报餐' }]} value={who} onChange={setWho} className='meal-book__who' />
            {guest && (
              <View className='meal-book__guest'>
                <View className='meal-book__guest-row'>
                  <Text className='meal-book__guest-label'>来宾姓名</Text>
                  <Input className='meal-book__guest-input' placeholder='请填写来宾姓名' value={guestName} maxLength={32} onChange={setGuestName} />
                </View>
                <View className='meal-book__guest-row'>
                  <Text className='meal-book__guest-label'>餐券码</Text>
                  <Input className='meal-book__guest-input' placeholder='20 位餐券码' value={voucherText} maxLength={300} onChange={(text) => setVoucherText(voucherCodeOf(text) ?? text)} />
                  <View className='meal-book__guest-scan' aria-label='扫餐券二维码' onClick={() => void scanVoucher()}>
                    <Scan size={18} color='var(--egj-primary)' />
                    <Text>扫码</Text>
                  </View>
                </View>
                <View className='meal-book__guest-hint'>餐费由来宾的电子餐券支付，取餐时核销；截止前可修改或取消，取消后餐券可再用。</View>
              </View>
            )}
            <Segmented options={[{ value: 'this', label: '本周菜单' }, { value: 'next', label: '下周菜单' }]} value={week} onChange={(w) => { setWeek(w); setDay(null) }} />
          </>
        )}
      </View>

      <PageGate
        state={loading.status === 'ready' ? menus.state : loading}
        guest='登录后报餐'
        icon={<OrderIcon size={48} color={GREY_ICON} />}
        onRetry={() => void Promise.all([canteens.reload(), menus.reload()])}
        isEmpty={() => canteens.data?.items.length === 0 || days.length === 0}
        empty={{ title: canteens.data?.items.length === 0 ? '暂无可报餐的食堂' : week === 'this' ? '本周菜单还没有发布' : '下周菜单还没有发布' }}
      >
        {() =>
          shownDay && (
            <>
              {!changingId && (
                <ScrollView scrollX className='meal-book__days'>
                  {days.map((d) => {
                    const tab = dayTab(d.date)
                    return (
                      <View key={d.date} className={`meal-book__day ${d.date === shownDay.date ? 'meal-book__day--on' : ''} ${d.date < todayText() ? 'meal-book__day--past' : ''}`} onClick={() => setDay(d.date)}>
                        <Text className='meal-book__day-week'>{tab.weekday}</Text>
                        <Text className='meal-book__day-date'>{tab.date}</Text>
                      </View>
                    )
                  })}
                </ScrollView>
              )}
              {shownDay.periods
                .filter((period) => !changingId || slotKey(shownDay.date, period.periodId) === slot)
                .map((period) => {
                  const closed = isClosed(period.cutoffAt, now)
                  const active = slot === slotKey(shownDay.date, period.periodId)
                  return (
                    <View key={period.periodId} className={`egj-card meal-book__period ${closed ? 'meal-book__period--closed' : ''} ${active ? 'meal-book__period--active' : ''}`}>
                      <View className='meal-book__period-head'>
                        <Text className='meal-book__period-name'>{period.name}</Text>
                        {closed ? <Pill tone='gray'>{period.cutoffAt ? '已截止' : '不接受预订'}</Pill> : <Text className='meal-book__cutoff'>{cutoffText(period.cutoffAt ?? '', shownDay.date)}</Text>}
                      </View>
                      {period.dishes.map((dish) => {
                        const qty = active ? counts[dish.id] ?? 0 : 0
                        const soldOut = dish.left !== null && dish.left <= 0
                        // 修改: the portions this booking already holds are its own to keep
                        const held = changing.data?.items.find((item) => item.dishId === dish.id)?.qty ?? 0
                        const canAdd = !closed && (dish.left === null || qty < dish.left + held) && qty < 20
                        return (
                          <View key={dish.id} className='meal-book__dish'>
                            <View className='meal-book__dish-main'>
                              <View className='meal-book__dish-name'>
                                <Pill tone={TAG_TONES[dish.tag]}>{DISH_TAG_LABELS[dish.tag]}</Pill>
                                <Text className='meal-book__dish-text'>{dish.name}</Text>
                              </View>
                              <View className='meal-book__dish-facts'>
                                <Text className='meal-book__price'>{formatMoney(dish.priceFen)}</Text>
                                {soldOut ? <Text className='meal-book__left meal-book__left--out'>已订完</Text> : dish.left !== null && <Text className='meal-book__left'>剩 {dish.left} 份</Text>}
                              </View>
                              {dish.allergens.length > 0 && <View className='meal-book__allergens'>{allergensText(dish.allergens)}</View>}
                            </View>
                            {!closed && (
                              <View className='meal-book__stepper'>
                                {qty > 0 && (
                                  <>
                                    <View className='meal-book__step' aria-label={`减少${dish.name}`} onClick={() => step(shownDay.date, period, dish.id, -1)}>－</View>
                                    <Text className='meal-book__qty'>{qty}</Text>
                                  </>
                                )}
                                <View className={`meal-book__step meal-book__step--add ${canAdd ? '' : 'meal-book__step--off'}`} aria-label={`加一份${dish.name}`} onClick={() => canAdd && step(shownDay.date, period, dish.id, 1)}>＋</View>
                              </View>
                            )}
                          </View>
                        )
                      })}
                    </View>
                  )
                })}
              <View className='meal-book__spacer' />
            </>
          )
        }
      </PageGate>

      {chosen && items.length > 0 && (
        <View className='meal-book__bar'>
          {!changingId && (
            <View className='meal-book__pay'>
              {guest ? (
                <View className='meal-book__pay-choice meal-book__pay-choice--on'>餐券支付{guestName.trim() ? ` · 来宾 ${guestName.trim()}` : ''}</View>
              ) : (
                <>
                  <View className={`meal-book__pay-choice ${pay === 'hold' ? 'meal-book__pay-choice--on' : ''}`} onClick={() => setPay('hold')}>饭卡预扣</View>
                  <View className={`meal-book__pay-choice ${pay === 'on_pickup' ? 'meal-book__pay-choice--on' : ''}`} onClick={() => setPay('on_pickup')}>取餐时付款</View>
                </>
              )}
            </View>
          )}
          <View className='meal-book__total-row'>
            <View className='meal-book__total'>
              <Text className='meal-book__total-label'>{dayText(chosen.date)} {chosen.period.name} · 合计</Text>
              <Text className='meal-book__total-value'>{formatMoney(totalFen)}</Text>
            </View>
            <Button type='primary' loading={busy} onClick={() => void submit()}>
              {changingId ? '保存修改' : '提交报餐'}
            </Button>
          </View>
        </View>
      )}
      <Popup visible={picking} position='bottom' round closeable title='选择食堂' onClose={() => setPicking(false)}>
        <View className='meal-book__canteens'>
          {canteenList.map((c) => (
            <View key={c.id} className={`meal-book__canteen-option ${c.id === canteen?.id ? 'meal-book__canteen-option--on' : ''}`} onClick={() => chooseCanteen(c.id)}>
              <Text>{c.name}</Text>
              {c.id === canteen?.id && <Check size={16} color='var(--egj-primary)' />}
            </View>
          ))}
        </View>
      </Popup>
      {actions.node}
    </Page>
  )
}
