import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Switch, TextArea } from '@nutui/nutui-react-taro'
import { Processing } from '@nutui/icons-react-taro'
import { ApiError, asApiError, request } from '../../../../api/client'
import { ROOM_DEFAULT_HORIZON_DAYS, ROOM_EQUIPMENT_LABELS, ROOM_MAX_BOOKING_HOURS, roomBookingsApi, roomsApi, type RoomBookingCreate } from '@egj/shared'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { addDays, dayText, gridTimes, hhmm, minuteOf, minuteOfText, namesOf, ROOM_FIND_PAGE, roomBookingPage, roomFieldErrors, shanghaiInstant, todayInShanghai } from '../../../../utils/rooms'
import { ConflictSheet, slotTakenDetails, type Conflict, type Suggestion } from '../../components/ConflictSheet'
import { Timeline, busyText } from '../../components/Timeline'
import { TimeSelect } from '../../components/TimeSelect'
import { askToSubscribe, useSubscribeTemplates } from '../../../../utils/subscribe'
import './index.scss'

const MEAL_PERIODS = ['早餐', '午餐', '晚餐'] as const

interface Draft {
  date: string
  start: string
  end: string
  title: string
  attendees: string
  tea: boolean
  teaCount: string
  nameplates: boolean
  names: string
  banner: string
  av: boolean
  meals: Record<(typeof MEAL_PERIODS)[number], string>
  repeat: boolean
  until: string
}

type Body = RoomBookingCreate

const digits = (text: string) => text.replace(/\D/g, '').slice(0, 5)

function bodyOf(roomId: number, d: Draft): Body {
  const meals = MEAL_PERIODS.filter((p) => Number(d.meals[p]) > 0).map((period) => ({ period, count: Number(d.meals[period]) }))
  const names = d.nameplates ? namesOf(d.names) : []
  const services: NonNullable<Body['services']> = {
    ...(d.tea ? { tea: true, teaCount: Number(d.teaCount) || Number(d.attendees) || undefined } : {}),
    ...(names.length ? { nameplates: names } : {}),
    ...(d.banner.trim() ? { bannerText: d.banner.trim() } : {}),
    ...(d.av ? { av: true } : {}),
    ...(meals.length ? { meals } : {}),
  }
  return {
    roomId,
    startAt: shanghaiInstant(d.date, d.start),
    endAt: shanghaiInstant(d.date, d.end),
    title: d.title.trim(),
    attendeeCount: Number(d.attendees),
    services: Object.keys(services).length ? services : undefined,
    recurrence: d.repeat ? { weeklyUntil: d.until } : undefined,
    confirmOverCapacity: false,
  }
}

/** What the phone can tell before sending, keyed like the API's fields. */
function problemsOf(d: Draft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.title.trim()) out.title = '请填写会议名称'
  if (!(Number(d.attendees) >= 1)) out.attendeeCount = '请填写参会人数'
  if (!d.start) out.startAt = '请选择开始时间'
  else if (d.date === todayInShanghai() && minuteOfText(d.start) < minuteOf(new Date())) out.startAt = '开始时间已过，请重新选择'
  if (d.start && d.end && d.end <= d.start) out.endAt = '结束时间须晚于开始时间'
  if (d.tea && d.teaCount && !(Number(d.teaCount) >= 1)) out.teaCount = '请填写茶水杯数'
  if (d.nameplates && !namesOf(d.names).length) out.services = '请填写桌签姓名，每行一个'
  if (d.nameplates && namesOf(d.names).some((name) => name.length > 20)) out.services = '桌签姓名过长（最多 20 个字）'
  if (d.banner.trim().length > 100) out.bannerText = '横幅/屏幕文字不能超过 100 个字'
  if (d.repeat && d.until <= d.date) out.recurrence = '重复截止日期须晚于会议日期'
  return out
}

/** 预订会议室: time on the 5-minute grid, what the meeting is, the services, a weekly series. */
export default function RoomBookPage() {
  const params = useRouter().params
  const roomId = Number(params.roomId)
  const today = todayInShanghai()
  const [draft, setDraft] = useState<Draft>(() => {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(params.date ?? '') && params.date! >= today ? params.date! : today
    return {
      date,
      start: /^\d{2}:\d{2}$/.test(params.start ?? '') ? params.start! : '',
      end: '',
      title: '',
      attendees: '',
      tea: false,
      teaCount: '',
      nameplates: false,
      names: '',
      banner: '',
      av: false,
      meals: { 早餐: '', 午餐: '', 晚餐: '' },
      repeat: false,
      until: addDays(date, 28),
    }
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [taken, setTaken] = useState<{ conflicts: Conflict[]; suggestions: Suggestion[]; message: string } | null>(null)
  const actions = useActionDialog()

  const { state, reload } = useResource(
    () =>
      request(roomsApi.day, { query: { date: draft.date } }).then((day) => {
        const room = day.items.find((r) => r.id === roomId)
        if (!room) throw new ApiError(404, 'NOT_FOUND', '会议室不存在或已停用')
        return room
      }),
    { key: [roomId, draft.date] },
  )
  const room = state.status === 'ready' ? state.data : null

  // the first free grid time (from now, today) once the room's day is known; an hour by default
  const placed = useRef(false)
  useEffect(() => {
    if (!room) return
    setDraft((d) => {
      const from = d.date === today ? Math.max(room.openFromMinute, Math.ceil(minuteOf(new Date()) / 5) * 5) : room.openFromMinute
      let start = d.start
      if (!start || (!placed.current && minuteOfText(start) < from)) {
        const held = room.busy.filter((b) => b.status === 'confirmed' || b.status === 'pending_approval')
        let m = from
        for (const slot of held.sort((a, b) => a.startAt.localeCompare(b.startAt))) {
          if (minuteOf(slot.startAt) <= m && minuteOf(slot.endAt) > m) m = minuteOf(slot.endAt)
        }
        start = hhmm(Math.min(m, room.openToMinute - 5))
      }
      const end = d.end && d.end > start ? d.end : hhmm(Math.min(minuteOfText(start) + 60, room.openToMinute))
      placed.current = true
      return { ...d, start, end }
    })
  }, [room, today])

  const change = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    if (fields.length) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))))
  }

  const book = useSubmit((body: Body, idempotencyKey) => request(roomBookingsApi.create, { body, idempotencyKey }))
  useSubscribeTemplates()

  const send = async (body: Body | null) => {
    try {
      const created = body ? await book.submit(body) : await book.retry()
      setTaken(null)
      toast(created.status === 'pending_approval' ? '已提交，等待审批' : created.occurrences && created.occurrences.length > 1 ? `已预订 ${created.occurrences.length} 场` : '预订成功', 'success')
      void Taro.redirectTo({ url: roomBookingPage(created.id) })
    } catch (e) {
      const error = asApiError(e)
      const sent = body ?? null
      if (error.code === 'ROOM_SLOT_TAKEN') {
        setTaken({ ...slotTakenDetails(error.details), message: error.message })
        return
      }
      setTaken(null)
      if (error.code === 'ROOM_OVER_CAPACITY' && sent) {
        actions.show({
          title: '参会人数超过容纳人数',
          message: `${error.message}。会场可能坐不下，确定仍要预订吗？`,
          choices: [{ text: '仍然预订', primary: true, onClick: () => void send({ ...sent, confirmOverCapacity: true }) }],
          cancelText: '再想想',
        })
        return
      }
      const fields = roomFieldErrors(error)
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '预订未完成', retry: () => void send(null), safeRetry: '预订' })
    }
  }

  const submit = () => {
    const problems = problemsOf(draft)
    setErrors(problems)
    if (Object.keys(problems).length || !room) return
    askToSubscribe() // WeChat: the 审批结果, asked in this tap
    void send(bodyOf(room.id, draft))
  }

  /** A suggested slot: the same form, that room and time, booked at once. */
  const pickSuggestion = (s: Suggestion) => {
    if (!room) return
    const body = { ...bodyOf(room.id, draft), roomId: s.roomId, startAt: s.startAt, endAt: s.endAt }
    void send(body)
  }

  const open = room ? gridTimes(room.openFromMinute, room.openToMinute) : []
  const startOptions = open.slice(0, -1)
  const endOptions = draft.start ? open.filter((t) => t > draft.start && minuteOfText(t) - minuteOfText(draft.start) <= ROOM_MAX_BOOKING_HOURS * 60) : open.slice(1)
  const names = namesOf(draft.names)
  const horizon = room?.horizonDays ?? ROOM_DEFAULT_HORIZON_DAYS
  const over = room && Number(draft.attendees) > room.capacity

  return (
    <Page className='room-book'>
      <PageGate
        state={state}
        guest='登录后预订会议室'
        icon={<Processing size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '会议室不存在' : undefined)}
        errorAction={() => ({ text: '重新选择会议室', onClick: () => void Taro.redirectTo({ url: ROOM_FIND_PAGE }) })}
        onRetry={() => void reload()}
      >
        {(r) => (
          <>
            <View className='room-book__room'>
              <View className='room-book__room-top'>
                <Text className='room-book__room-name'>{r.name}</Text>
                {r.requiresApproval && <Pill tone='orange'>需审批</Pill>}
              </View>
              <View className='room-book__room-meta'>
                {r.building} {r.floor} · 容纳 {r.capacity} 人{r.equipment.length ? ` · ${r.equipment.map((e) => ROOM_EQUIPMENT_LABELS[e]).join('、')}` : ''}
              </View>
              <Timeline
                from={r.openFromMinute}
                to={r.openToMinute}
                busy={r.busy}
                nowMinute={draft.date === today ? minuteOf(new Date()) : null}
                chosen={draft.start && draft.end ? { from: minuteOfText(draft.start), to: minuteOfText(draft.end) } : null}
                onPick={(m) => change({ start: hhmm(m), end: hhmm(Math.min(m + 60, r.openToMinute)) }, 'startAt', 'endAt')}
              />
              <View className='room-book__busy'>{busyText(r.busy)}</View>
            </View>

            <Card title='时间'>
              <FormRow label='日期' required>
                <PickerValue mode='date' value={draft.date} start={today} end={addDays(today, horizon)} text={dayText(draft.date)} onChange={(date) => change({ date }, 'startAt')} />
              </FormRow>
              <FormRow label='开始' required error={errors.startAt}>
                <TimeSelect
                  options={startOptions}
                  value={draft.start}
                  onChange={(start) => change({ start, end: draft.end > start ? draft.end : hhmm(Math.min(minuteOfText(start) + 60, r.openToMinute)) }, 'startAt', 'endAt')}
                />
              </FormRow>
              <FormRow label='结束' required last error={errors.endAt} hint={`开放时间 ${hhmm(r.openFromMinute)}–${hhmm(r.openToMinute)}，按 5 分钟选择`}>
                <TimeSelect options={endOptions} value={draft.end} onChange={(end) => change({ end }, 'endAt')} />
              </FormRow>
            </Card>

            <Card title='会议'>
              <FormRow label='会议名称' required error={errors.title}>
                <Input align='right' value={draft.title} maxLength={100} placeholder='如 季度工作例会' onChange={(title) => change({ title }, 'title')} />
              </FormRow>
              <FormRow label='参会人数' required last error={errors.attendeeCount} hint={over ? `超过容纳人数（${r.capacity} 人），提交时需确认` : `可容纳 ${r.capacity} 人`}>
                <Input align='right' type='number' value={draft.attendees} maxLength={5} placeholder='人数' onChange={(text) => change({ attendees: digits(text) }, 'attendeeCount')} />
              </FormRow>
            </Card>

            <Card title='会议服务'>
              <FormRow label='茶水' error={errors.teaCount}>
                <Switch checked={draft.tea} onChange={(tea) => change({ tea }, 'teaCount')} />
              </FormRow>
              {draft.tea && (
                <FormRow label='茶水杯数' error={errors.teaCount}>
                  <Input align='right' type='number' value={draft.teaCount} maxLength={4} placeholder={draft.attendees ? `默认 ${draft.attendees} 杯` : '杯数'} onChange={(text) => change({ teaCount: digits(text) }, 'teaCount')} />
                </FormRow>
              )}
              <FormRow label='桌签'>
                <Switch checked={draft.nameplates} onChange={(nameplates) => change({ nameplates }, 'services')} />
              </FormRow>
              {draft.nameplates && (
                <FormRow label={`桌签姓名${names.length ? `（${names.length}）` : ''}`} stacked error={errors.services} hint='每行一个姓名，会务人员据此制作桌签'>
                  <TextArea className='room-book__names' value={draft.names} maxLength={2000} autoSize placeholder={'张三\n李四'} onChange={(text) => change({ names: text }, 'services')} />
                </FormRow>
              )}
              <FormRow label='横幅/屏幕' error={errors.bannerText}>
                <Input align='right' value={draft.banner} maxLength={100} placeholder='选填，如 欢迎莅临指导' onChange={(banner) => change({ banner }, 'bannerText')} />
              </FormRow>
              <FormRow label='音视频保障'>
                <Switch checked={draft.av} onChange={(av) => change({ av })} />
              </FormRow>
              <FormRow label='会议用餐' stacked last hint='用餐份数按餐次填写，将生成电子餐券，费用记入本单位'>
                <View className='room-book__meals'>
                  {MEAL_PERIODS.map((period) => (
                    <View key={period} className='room-book__meal'>
                      <Text className='room-book__meal-name'>{period}</Text>
                      <Input className='room-book__meal-input' type='number' align='center' value={draft.meals[period]} maxLength={4} placeholder='0' onChange={(text) => change({ meals: { ...draft.meals, [period]: digits(text) } })} />
                      <Text className='room-book__meal-unit'>份</Text>
                    </View>
                  ))}
                </View>
              </FormRow>
            </Card>

            <Card title='重复'>
              <FormRow label='每周重复' last={!draft.repeat}>
                <Switch checked={draft.repeat} onChange={(repeat) => change({ repeat }, 'recurrence')} />
              </FormRow>
              {draft.repeat && (
                <FormRow label='重复至' last error={errors.recurrence} hint={`每${dayText(draft.date).slice(-2)} ${draft.start}–${draft.end}，任一场冲突则都不预订`}>
                  <PickerValue mode='date' value={draft.until} start={addDays(draft.date, 7)} end={addDays(today, horizon)} text={dayText(draft.until)} onChange={(until) => change({ until }, 'recurrence')} />
                </FormRow>
              )}
            </Card>

            <View className='vf-actions'>
              {r.requiresApproval && <View className='room-book__approval'>该会议室需审批：提交后时段为您保留，审批通过即预订成功</View>}
              <Button type='primary' size='large' block loading={book.busy} onClick={submit}>
                {r.requiresApproval ? '提交申请' : '确认预订'}
              </Button>
            </View>
          </>
        )}
      </PageGate>
      <ConflictSheet taken={taken} day={draft.date} busy={book.busy} onPick={pickSuggestion} onClose={() => setTaken(null)} />
      {actions.node}
    </Page>
  )
}
