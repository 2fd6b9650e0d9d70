import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Store } from '@nutui/icons-react-taro'
import { ALLERGENS, DISH_TAG_LABELS, type DishTag, formatMoney, formatYuan, inShanghai, MAX_PORTIONS_COOKED, mealMenusApi, mealOrdersApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, Chips, FormRow, PickerValue, Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import '../../components/ui.scss'
import { openPrepSheet } from '../../lib/files'
import { cleanYuanText, dayLabel, today, yuanInput } from '../../lib/format'
import './index.scss'

type Tab = 'menu' | 'prep' | 'waste'
type Allergen = (typeof ALLERGENS)[number]
interface DishDraft { key: number; id?: number; name: string; price: string; tag: DishTag; limit: string; allergens: Allergen[] }
interface Publish { date: string; periodId: number; dishes: { id?: number; name: string; priceFen: number; tag: DishTag; portionsLimit: number | null; allergens: Allergen[] }[] }

const TAGS = (Object.keys(DISH_TAG_LABELS) as DishTag[]).map((tag) => ({ value: tag, label: DISH_TAG_LABELS[tag] }))
const addDays = (day: string, n: number) => inShanghai(`${day}T12:00:00+08:00`).add(n, 'day').format('YYYY-MM-DD')
const mondayOf = (day: string) => addDays(day, -((inShanghai(`${day}T12:00:00+08:00`).day() + 6) % 7))
let nextKey = 1
const blankDish = (): DishDraft => ({ key: nextKey++, name: '', price: '', tag: 'meat', limit: '', allergens: [] })

/** 食堂管理 (canteen_manager): the menu of a day and period, the kitchen's counts, the waste. */
export default function KitchenPage() {
  const gate = useRoleGate(['canteen_manager', 'admin'], { needs: ['canteen_manager'], icon: <Store size={48} color={GREY_ICON} /> })
  const params = useRouter().params
  const [tab, setTab] = useState<Tab>((params.tab as Tab) || 'menu')
  // ?date=YYYY-MM-DD opens the menu of that day (a link to a coming week's menu)
  const initialDate = params.date && /^\d{4}-\d{2}-\d{2}$/.test(params.date) && params.date >= today() ? params.date : today()
  const canteens = useResource(() => request(mealMenusApi.canteens), { enabled: !gate, refreshOnShow: false })
  const canteen = canteens.data?.items.find((c) => c.managed) ?? canteens.data?.items[0] ?? null

  if (gate) return <Page className='kitchen'>{gate}</Page>
  return (
    <Page className='kitchen'>
      <View className='kitchen__head'>
        <Text className='kitchen__name'>{canteen?.name ?? '食堂'}</Text>
        <Segmented options={[{ value: 'menu', label: '菜单' }, { value: 'prep', label: '备餐' }, { value: 'waste', label: '厨余' }]} value={tab} onChange={setTab} />
      </View>
      <PageGate state={canteens.state} onRetry={() => void canteens.reload()} isEmpty={() => !canteen} empty={{ title: '您还没有负责的食堂' }}>
        {() => canteen && (tab === 'menu' ? <MenuEditor canteen={canteen} initialDate={initialDate} /> : tab === 'prep' ? <Prep merchantId={canteen.id} /> : <WasteForm canteen={canteen} />)}
      </PageGate>
    </Page>
  )
}

type Canteen = { id: number; name: string; periods: { id: number; name: string }[] }

function MenuEditor({ canteen, initialDate }: { canteen: Canteen; initialDate: string }) {
  const [date, setDate] = useState(initialDate)
  const [periodId, setPeriodId] = useState(canteen.periods[0]?.id ?? 0)
  const [dishes, setDishes] = useState<DishDraft[]>([])
  const [error, setError] = useState<string | null>(null)
  const actions = useActionDialog()
  const menu = useResource(() => request(mealMenusApi.list, { query: { merchantId: canteen.id, from: date, to: date } }), { key: [canteen.id, date], refreshOnShow: false })
  const published = menu.data?.days[0]?.periods.find((p) => p.periodId === periodId) ?? null
  useEffect(() => {
    setError(null)
    setDishes(published ? published.dishes.map((d) => ({ key: nextKey++, id: d.id, name: d.name, price: formatYuan(d.priceFen), tag: d.tag, limit: d.portionsLimit ? String(d.portionsLimit) : '', allergens: d.allergens })) : [blankDish()])
  }, [menu.data, periodId]) // eslint-disable-line react-hooks/exhaustive-deps

  const publish = useSubmit(({ date: day, periodId: period, dishes: list }: Publish, idempotencyKey) => request(mealMenusApi.replace, { params: { merchantId: canteen.id, date: day, periodId: period }, body: { dishes: list }, idempotencyKey }))
  const copy = useSubmit((body: { merchantId: number; fromWeek: string; toWeek: string }, idempotencyKey) => request(mealMenusApi.copyWeek, { body, idempotencyKey }))

  const change = (key: number, patch: Partial<DishDraft>) => {
    setError(null)
    setDishes((list) => list.map((d) => (d.key === key ? { ...d, ...patch } : d)))
  }

  const save = async () => {
    const rows = dishes.filter((d) => d.name.trim() || d.price)
    for (const d of rows) {
      if (!d.name.trim()) return setError('请填写菜名')
      if (yuanInput(d.price, 1, 100_000) === null) return setError(`「${d.name}」的价格须在 ¥0.01 至 ¥1000.00 之间`)
    }
    if (!rows.length) return setError('请至少添加一道菜')
    const body = {
      dishes: rows.map((d) => ({ ...(d.id ? { id: d.id } : {}), name: d.name.trim(), priceFen: yuanInput(d.price, 1, 100_000) ?? 0, tag: d.tag, portionsLimit: d.limit ? Number(d.limit) : null, allergens: d.allergens })),
    }
    try {
      await publish.submit({ date, periodId, dishes: body.dishes })
      toast('菜单已发布', 'success')
      void menu.reload()
    } catch (e) {
      actions.fail(e, { title: '发布未完成' })
    }
  }

  const copyLastWeek = () => {
    const toWeek = mondayOf(date)
    actions.show({
      title: '复制上周菜单',
      message: `把 ${dayLabel(addDays(toWeek, -7))} 那一周的菜单复制到 ${dayLabel(toWeek)} 这一周？已发布的日期不会被覆盖。`,
      choices: [
        {
          text: '复制',
          primary: true,
          onClick: () =>
            void copy
              .submit({ merchantId: canteen.id, fromWeek: addDays(toWeek, -7), toWeek })
              .then((result) => {
                toast(`已复制 ${result.menus} 个餐次、${result.dishes} 道菜`, 'success')
                return menu.reload()
              })
              .catch((e) => actions.fail(e, { title: '复制未完成' })),
        },
      ],
      cancelText: '取消',
    })
  }

  const total = dishes.reduce((sum, d) => sum + (yuanInput(d.price, 1, 100_000) ?? 0), 0)
  return (
    <View className='kitchen__body'>
      <Card title='发布菜单' extra={<Text className='kitchen__link' onClick={copyLastWeek}>复制上周菜单</Text>}>
        <FormRow label='日期'>
          <PickerValue mode='date' value={date} start={today()} text={dayLabel(date)} onChange={setDate} />
        </FormRow>
        <FormRow label='餐次' last hint={published ? `已发布 ${published.dishes.length} 道菜` : '该餐次还没有发布菜单'}>
          <Chips options={canteen.periods.map((p) => ({ value: p.id, label: p.name }))} value={periodId} onChange={setPeriodId} />
        </FormRow>
      </Card>
      {dishes.map((d, i) => (
        <Card key={d.key} title={`第 ${i + 1} 道菜`} extra={<Text className='kitchen__remove' onClick={() => setDishes((list) => list.filter((x) => x.key !== d.key))}>删除</Text>}>
          <FormRow label='菜名' required>
            <Input align='right' value={d.name} maxLength={40} placeholder='如 红烧肉' onChange={(name) => change(d.key, { name })} />
          </FormRow>
          <FormRow label='价格（元）' required>
            <Input align='right' type='digit' value={d.price} placeholder='如 12.00' onChange={(text) => change(d.key, { price: cleanYuanText(text) })} />
          </FormRow>
          <FormRow label='类别'>
            <Chips options={TAGS} value={d.tag} onChange={(tag) => change(d.key, { tag })} />
          </FormRow>
          <FormRow label='限量（份）' hint='不填为不限量'>
            <Input align='right' type='number' value={d.limit} maxLength={5} placeholder='不限' onChange={(text) => change(d.key, { limit: text.replace(/\D/g, '') })} />
          </FormRow>
          <FormRow label='过敏原' stacked last>
            <View className='kitchen__allergens'>
              {ALLERGENS.map((a) => (
                <View key={a} className={`kitchen__allergen ${d.allergens.includes(a) ? 'kitchen__allergen--on' : ''}`} onClick={() => change(d.key, { allergens: d.allergens.includes(a) ? d.allergens.filter((x) => x !== a) : [...d.allergens, a] })}>
                  {a}
                </View>
              ))}
            </View>
          </FormRow>
        </Card>
      ))}
      <View className='kitchen__buttons'>
        <Button fill='outline' type='primary' block onClick={() => setDishes((list) => [...list, blankDish()])}>
          添加一道菜
        </Button>
        {error && <View className='ma-error'>{error}</View>}
        <Button type='primary' block loading={publish.busy} onClick={() => void save()}>
          发布（{dishes.length} 道菜，合计单价 {formatMoney(total)}）
        </Button>
      </View>
      {actions.node}
    </View>
  )
}

function Prep({ merchantId }: { merchantId: number }) {
  const [day, setDay] = useState<'today' | 'tomorrow'>('today')
  const date = day === 'today' ? today() : addDays(today(), 1)
  const counts = useResource(() => request(mealOrdersApi.counts, { query: { merchantId, date } }), { key: [merchantId, date] })
  const actions = useActionDialog()
  // bookings move until the last cut-off of the day: follow them every 30 s until then
  const open = (counts.data?.periods ?? []).some((p) => p.cutoffAt && Date.parse(p.cutoffAt) > Date.now())
  useEffect(() => {
    if (!open) return
    const timer = setInterval(() => void counts.reload(), 30_000)
    return () => clearInterval(timer)
  }, [open, date]) // eslint-disable-line react-hooks/exhaustive-deps

  const print = async () => {
    try {
      const result = await openPrepSheet(merchantId, date)
      if (result === 'use-computer') toast('请在电脑浏览器中打印')
      else if (result === 'blocked') toast('浏览器拦截了新窗口，请允许弹出窗口后重试', 'warn')
    } catch (e) {
      actions.fail(e, { title: '打印失败' })
    }
  }

  return (
    <View className='kitchen__body'>
      <View className='kitchen__bar'>
        <Segmented options={[{ value: 'today', label: '今天' }, { value: 'tomorrow', label: '明天' }]} value={day} onChange={setDay} />
        <Button size='small' type='primary' fill='outline' onClick={() => void print()}>打印备餐单</Button>
      </View>
      <View className='kitchen__note'>{dayLabel(date)} · {open ? '报餐未截止，每 30 秒自动刷新' : '报餐已截止，份数已定'}</View>
      <PageGate state={counts.state} onRetry={() => void counts.reload()} isEmpty={(c) => c.periods.length === 0} empty={{ title: '这一天没有发布菜单' }}>
        {(c) => (
          <>
            {c.periods.map((p) => (
              <Card key={p.periodId} title={`${p.name} · ${p.orders} 人预订`} extra={<Text className='kitchen__cutoff'>{p.cutoffAt ? `${inShanghai(p.cutoffAt).format('HH:mm')} 截止` : ''}</Text>}>
                {p.dishes.map((d) => (
                  <View key={d.dishId} className='kitchen__count'>
                    <View className='kitchen__count-main'>
                      <Text className='kitchen__count-name'>{d.name}</Text>
                      <Text className='kitchen__count-value'>
                        {d.booked} 份{d.portionsLimit !== null ? ` / 限 ${d.portionsLimit}` : ''}
                      </Text>
                    </View>
                    {d.byUnit.length > 0 && <View className='kitchen__units'>{d.byUnit.map((u) => `${u.unitName} ${u.booked}`).join(' · ')}</View>}
                  </View>
                ))}
              </Card>
            ))}
          </>
        )}
      </PageGate>
      {actions.node}
    </View>
  )
}

function WasteForm({ canteen }: { canteen: Canteen }) {
  const [date, setDate] = useState(today)
  const [periodId, setPeriodId] = useState(canteen.periods[0]?.id ?? 0)
  const [kg, setKg] = useState('')
  const [portions, setPortions] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [portionsError, setPortionsError] = useState<string | null>(null)
  const actions = useActionDialog()
  // 备餐份数 starts at what was booked for that period: the kitchen corrects it to what it cooked
  const counts = useResource(() => request(mealOrdersApi.counts, { query: { merchantId: canteen.id, date } }), { key: [canteen.id, date], refreshOnShow: false })
  const period = counts.data?.periods.find((p) => p.periodId === periodId) ?? null
  const booked = period ? period.dishes.reduce((sum, d) => sum + d.booked, 0) : null
  useEffect(() => {
    setPortions(booked === null ? '' : String(booked))
    setPortionsError(null)
  }, [booked, date, periodId])
  const record = useSubmit((body: { merchantId: number; date: string; periodId: number; kg: number; portionsCooked?: number }) => request(mealOrdersApi.waste, { body }))
  const save = async () => {
    const value = Number(kg)
    if (!kg || !Number.isFinite(value) || value < 0 || value > 10_000) return setError('请填写 0 至 10000 之间的公斤数')
    const cooked = portions === '' ? undefined : Number(portions)
    if (cooked !== undefined && (!Number.isInteger(cooked) || cooked < 0 || cooked > MAX_PORTIONS_COOKED)) return setPortionsError(`请填写 0 至 ${MAX_PORTIONS_COOKED} 之间的整数份数`)
    try {
      const saved = await record.submit({ merchantId: canteen.id, date, periodId, kg: Math.round(value * 100) / 100, ...(cooked === undefined ? {} : { portionsCooked: cooked }) })
      toast(saved.portionsCooked === null ? `已记录 ${saved.kg} 公斤` : `已记录 ${saved.kg} 公斤、${saved.portionsCooked} 份`, 'success')
      setKg('')
    } catch (e) {
      actions.fail(e, { title: '记录未完成' })
    }
  }
  const bookedHint = counts.data ? (booked === null ? '该餐次未发布菜单，没有预订；可不填' : `已按预订 ${booked} 份预填，请改为实际做的份数`) : counts.state.status === 'error' ? '未能读取预订份数，可直接填写' : '正在读取预订份数…'
  return (
    <View className='kitchen__body'>
      <Card title='餐后登记'>
        <FormRow label='日期'>
          <PickerValue mode='date' value={date} end={today()} text={dayLabel(date)} onChange={setDate} />
        </FormRow>
        <FormRow label='餐次'>
          <Chips options={canteen.periods.map((p) => ({ value: p.id, label: p.name }))} value={periodId} onChange={setPeriodId} />
        </FormRow>
        <FormRow label='厨余重量' required error={error} hint='单位：公斤'>
          <Input align='right' type='digit' value={kg} placeholder='如 12.5' onChange={(text) => { setKg(text.replace(/[^\d.]/g, '')); setError(null) }} />
        </FormRow>
        <FormRow label='备餐份数' last error={portionsError} hint={bookedHint}>
          <Input align='right' type='number' value={portions} maxLength={5} placeholder='实际做了多少份' onChange={(text) => { setPortions(text.replace(/\D/g, '')); setPortionsError(null) }} />
        </FormRow>
        <View className='ma-actions'>
          <Button type='primary' block loading={record.busy} onClick={() => void save()}>
            记录
          </Button>
        </View>
        <View className='kitchen__note'>厨余与备餐份数用于月度统计的「人均浪费」和「备餐 / 预订」。同一餐次再次记录会覆盖之前的数字；备餐份数留空则保留之前登记的份数。</View>
      </Card>
      {actions.node}
    </View>
  )
}
