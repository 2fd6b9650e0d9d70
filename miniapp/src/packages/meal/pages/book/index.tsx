import { useEffect, useMemo, useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { ArrowRight, Order as OrderIcon } from '@nutui/icons-react-taro'
import { DISH_TAG_LABELS, formatMoney, mealMenusApi, mealOrdersApi, type MenuPeriod, type Order } from '@egj/shared'
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
import './index.scss'

type Week = 'this' | 'next'
type Pay = 'hold' | 'on_pickup'
type Counts = Record<number, number>
interface Booking { merchantId: number; date: string; periodId: number; items: { dishId: number; qty: number }[]; pay: Pay }

const TAG_TONES: Record<keyof typeof DISH_TAG_LABELS, PillTone> = { meat: 'red', veg: 'green', staple: 'orange', soup: 'blue' }
const slotKey = (date: string, periodId: number) => `${date}:${periodId}`

/** 报餐: this week's and next week's menus of the canteen; one period booked per submit. `id`: 修改 that booking. */
export default function MealBookPage() {
  const changingId = Number(useRouter().params.id) || null
  const now = useNow(30_000)
  const [week, setWeek] = useState<Week>('this')
  const [day, setDay] = useState<string | null>(null)
  // the dishes counted per period of a day; one period is being booked at a time
  const [slot, setSlot] = useState<string | null>(null)
  const [counts, setCounts] = useState<Counts>({})
  const [pay, setPay] = useState<Pay>('hold')
  const actions = useActionDialog()

  const canteens = useResource(() => request(mealMenusApi.canteens), { refreshOnShow: false })
  const canteen = canteens.data?.items[0] ?? null
  const changing = useResource(() => request(mealOrdersApi.get, { params: { id: changingId ?? 0 } }), { key: [changingId], enabled: changingId !== null, refreshOnShow: false })
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

  const done = (order: Order, verb: string) => {
    toast(`${verb} ${formatMoney(order.amountFen)}`, 'success')
    setCounts({})
    void Taro.redirectTo({ url: BOOKINGS_PAGE })
  }

  const refused = (e: unknown, retry: () => void) => {
    const error = asApiError(e)
    if (isUnknownOutcome(error)) return actions.fail(error, { title: '报餐未完成', retry, safeRetry: '报餐' })
    const titles: Record<string, string> = { MEAL_ORDER_CUTOFF_PASSED: '已过截止时间', MEAL_DISH_SOLD_OUT: '已订完', MEAL_INSUFFICIENT_BALANCE: '饭卡余额不足' }
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
    try {
      if (changingId) {
        const order = await (how === 'retry' ? update.retry() : update.submit({ id: changingId, items }))
        done(order, '已修改报餐')
      } else {
        const order = await (how === 'retry' ? create.retry() : create.submit({ merchantId: canteen.id, date: chosen.date, periodId: chosen.period.periodId, items, pay }))
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
          <Text className='meal-book__canteen-name'>{canteen?.name ?? '食堂'}</Text>
          <View className='meal-book__mine' onClick={() => void Taro.navigateTo({ url: BOOKINGS_PAGE })}>
            <OrderIcon size={14} color='var(--egj-primary)' />
            <Text>我的报餐</Text>
            <ArrowRight size={10} color='var(--egj-primary)' />
          </View>
        </View>
        {changingId ? (
          <View className='meal-book__changing'>修改 {changing.data ? `${dayText(changing.data.date)} ${changing.data.periodName}` : ''} 的报餐</View>
        ) : (
          <Segmented options={[{ value: 'this', label: '本周菜单' }, { value: 'next', label: '下周菜单' }]} value={week} onChange={(w) => { setWeek(w); setDay(null) }} />
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
                              {dish.allergens.length > 0 && <View className='meal-book__allergens'>含 {dish.allergens.join('、')}</View>}
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
              <View className={`meal-book__pay-choice ${pay === 'hold' ? 'meal-book__pay-choice--on' : ''}`} onClick={() => setPay('hold')}>饭卡预扣</View>
              <View className={`meal-book__pay-choice ${pay === 'on_pickup' ? 'meal-book__pay-choice--on' : ''}`} onClick={() => setPay('on_pickup')}>取餐时付款</View>
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
      {actions.node}
    </Page>
  )
}
