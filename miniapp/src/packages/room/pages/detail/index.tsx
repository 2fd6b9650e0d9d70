import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { Processing } from '@nutui/icons-react-taro'
import { ROOM_BOOKING_STATUS_LABELS, roomBookingsApi, type RoomBooking } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog, type Choice } from '../../../../components/ActionDialog'
import { Card, FormRow, InfoLine, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import {
  BOOKING_STATUS_TONES,
  clockText,
  dateOf,
  dayText,
  downloadIcs,
  gridTimes,
  minuteOfText,
  openNameplates,
  roomBookingPage,
  roomFieldErrors,
  shanghaiInstant,
  slotText,
  todayInShanghai,
} from '../../../../utils/rooms'
import { slotTakenDetails } from '../../components/ConflictSheet'
import { TimeSelect } from '../../components/TimeSelect'
import './index.scss'

type Scope = 'this' | 'following' | 'all'
const SCOPE_LABELS: Record<Scope, string> = { this: '仅本次', following: '本次及以后', all: '全部' }

interface EditDraft {
  scope: Scope
  date: string
  start: string
  end: string
  title: string
  attendees: string
}

/** What a booking's services read as, one line each. */
function serviceLines(services: RoomBooking['services']): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = []
  if (services.tea) out.push({ label: '茶水', text: services.teaCount ? `${services.teaCount} 杯` : '需要' })
  if (services.nameplates?.length) out.push({ label: '桌签', text: `${services.nameplates.join('、')}（${services.nameplates.length} 个）` })
  if (services.bannerText) out.push({ label: '横幅/屏幕', text: services.bannerText })
  if (services.av) out.push({ label: '音视频保障', text: '需要' })
  if (services.meals?.length) out.push({ label: '会议用餐', text: services.meals.map((m) => `${m.period} ${m.count} 份`).join('，') })
  return out
}

/** 预订详情: status, room, time, services, the series; what this user may do with it. */
export default function RoomBookingPage() {
  const id = Number(useRouter().params.id)
  const { state, reload, set } = useResource(() => request(roomBookingsApi.get, { params: { id } }), { key: [id] })
  const actions = useActionDialog()
  const [busy, setBusy] = useState<string | null>(null)
  const [reason, setReason] = useState<ReasonAsk | null>(null)
  const [edit, setEdit] = useState<EditDraft | null>(null)
  const [editErrors, setEditErrors] = useState<Record<string, string>>({})

  /** One write; the server answers with the booking, which goes on screen. */
  const run = async (what: string, call: () => Promise<RoomBooking>, done: string): Promise<boolean> => {
    if (busy) return false
    setBusy(what)
    try {
      set(await call())
      toast(done, 'success')
      return true
    } catch (e) {
      const error = asApiError(e)
      if (error.code === 'ROOM_SLOT_TAKEN') {
        const { conflicts } = slotTakenDetails(error.details)
        const who = conflicts.map((c) => `${dayText(c.startAt)} ${clockText(c.startAt)}–${clockText(c.endAt)} ${c.title}${c.organiserUnit ? `（${c.organiserUnit}）` : ''}`).join('\n')
        actions.show({ title: '时段已被占用', message: who ? `${error.message}：\n${who}` : error.message, choices: [{ text: '知道了', primary: true, onClick: () => void reload() }] })
      } else actions.fail(error)
      return false
    } finally {
      setBusy(null)
    }
  }

  const b = state.status === 'ready' ? state.data : null

  const askScope = (title: string, message: string, danger: boolean, then: (scope: Scope) => void) => {
    if (!b?.series) return then('this')
    const choices: Choice[] = (['this', 'following', 'all'] as Scope[]).map((scope, i) => ({ text: SCOPE_LABELS[scope], primary: i === 0 && !danger, danger: danger && i === 0, onClick: () => then(scope) }))
    actions.show({ title, message, choices, cancelText: '取消' })
  }

  const cancel = () => {
    if (!b) return
    const doIt = (scope: Scope) => void run('cancel', () => request(roomBookingsApi.cancel, { params: { id }, body: { scope } }), '已取消')
    if (b.series) askScope('取消哪些场次？', '这是每周重复的会议。之前单独修改过的场次按所选范围一并处理。', true, doIt)
    else actions.show({ title: '取消预订', message: `取消「${b.title}」${slotText(b.startAt, b.endAt)}？时段将释放给他人预订。`, choices: [{ text: '取消预订', danger: true, onClick: () => doIt('this') }], cancelText: '不取消' })
  }

  const openEdit = () => {
    if (!b) return
    const start = (scope: Scope) => {
      setEditErrors({})
      setEdit({ scope, date: dateOf(b.startAt), start: clockText(b.startAt), end: clockText(b.endAt), title: b.title, attendees: String(b.attendeeCount) })
    }
    if (b.series) askScope('修改哪些场次？', '「本次及以后」「全部」会改所有范围内场次的时刻；之前单独修改过的场次保留原样。', false, start)
    else start('this')
  }

  const saveEdit = async (confirmOverCapacity = false) => {
    if (!b || !edit) return
    const problems: Record<string, string> = {}
    if (!edit.title.trim()) problems.title = '请填写会议名称'
    if (!(Number(edit.attendees) >= 1)) problems.attendeeCount = '请填写参会人数'
    if (edit.end <= edit.start) problems.endAt = '结束时间须晚于开始时间'
    setEditErrors(problems)
    if (Object.keys(problems).length || busy) return
    setBusy('edit')
    try {
      const updated = await request(roomBookingsApi.update, {
        params: { id },
        body: { scope: edit.scope, startAt: shanghaiInstant(edit.date, edit.start), endAt: shanghaiInstant(edit.date, edit.end), title: edit.title.trim(), attendeeCount: Number(edit.attendees), confirmOverCapacity },
      })
      set(updated)
      setEdit(null)
      toast('已修改', 'success')
    } catch (e) {
      const error = asApiError(e)
      if (error.code === 'ROOM_OVER_CAPACITY') {
        actions.show({ title: '参会人数超过容纳人数', message: `${error.message}。确定仍要修改吗？`, choices: [{ text: '仍然修改', primary: true, onClick: () => void saveEdit(true) }], cancelText: '再想想' })
      } else if (error.code === 'ROOM_SLOT_TAKEN') {
        const { conflicts } = slotTakenDetails(error.details)
        setEditErrors({ startAt: conflicts.length ? `与「${conflicts[0].title}」${conflicts[0].organiserUnit ? `（${conflicts[0].organiserUnit}）` : ''} ${dayText(conflicts[0].startAt)} ${clockText(conflicts[0].startAt)}–${clockText(conflicts[0].endAt)} 冲突${conflicts.length > 1 ? ` 等 ${conflicts.length} 场` : ''}` : error.message })
      } else {
        const fields = roomFieldErrors(error)
        if (Object.keys(fields).length) setEditErrors(fields)
        else actions.fail(error, { title: '修改未完成' })
      }
    } finally {
      setBusy(null)
    }
  }

  const approve = () => void run('approve', () => request(roomBookingsApi.approve, { params: { id } }), '已同意')
  const reject = () =>
    setReason({
      title: '不同意这个预订',
      message: '时段会立即释放，预订人会收到通知和原因。',
      placeholder: '请填写原因，如 该时段另有安排',
      confirmText: '不同意',
      danger: true,
      onConfirm: async (text) => {
        try {
          set(await request(roomBookingsApi.reject, { params: { id }, body: { reason: text } }))
          toast('已处理', 'success')
        } catch (e) {
          throw asApiError(e).message
        }
      },
    })
  const end = () =>
    actions.show({
      title: '提前结束会议',
      message: '结束后剩余时段立即释放，其他人可以预订。',
      choices: [{ text: '提前结束', danger: true, onClick: () => void run('end', () => request(roomBookingsApi.end, { params: { id } }), '会议已结束') }],
      cancelText: '取消',
    })

  const addToCalendar = async () => {
    if (!b) return
    try {
      const saved = await downloadIcs(b.id, b.title)
      if (saved) toast('已下载日历文件，打开即可加入日历', 'success')
      else {
        const text = `${b.title}\n${slotText(b.startAt, b.endAt)}\n${b.room.building} ${b.room.floor} ${b.room.name}`
        actions.show({
          title: '加入日历',
          message: `小程序不能直接写入手机日历。可复制会议信息后在日历中新建日程；或在手机浏览器中打开 e管家，在本页点「加入日历」下载日历文件。\n\n${text}`,
          choices: [{ text: '复制会议信息', primary: true, onClick: () => void Taro.setClipboardData({ data: text }) }],
          cancelText: '关闭',
        })
      }
    } catch (e) {
      actions.fail(e, { title: '日历文件下载失败' })
    }
  }

  const printNameplates = async () => {
    try {
      const result = await openNameplates(id)
      if (result === 'use-computer') toast('请在电脑浏览器中打开 e管家打印桌签')
      else if (result === 'blocked') actions.show({ title: '浏览器拦截了新窗口', message: '请允许本站弹出窗口后再点「打印桌签」。', choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
    } catch (e) {
      actions.fail(e, { title: '桌签生成失败' })
    }
  }

  const editTimes = gridTimes(0, 24 * 60 - 5)

  return (
    <Page className='room-detail'>
      <PageGate
        state={state}
        guest='登录后查看预订'
        icon={<Processing size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '预订不存在' : undefined)}
        onRetry={() => void reload()}
      >
        {(booking) => {
          const services = serviceLines(booking.services)
          const live = booking.status === 'confirmed' || booking.status === 'pending_approval'
          return (
            <>
              <View className={`room-detail__hero room-detail__hero--${booking.status}`}>
                <View className='room-detail__status'>
                  <Pill tone={BOOKING_STATUS_TONES[booking.status]} solid={booking.status === 'confirmed'}>
                    {ROOM_BOOKING_STATUS_LABELS[booking.status]}
                  </Pill>
                  {booking.checkedInAt && <Text className='room-detail__checked'>已签到 {clockText(booking.checkedInAt)}</Text>}
                </View>
                <View className='room-detail__title'>{booking.title}</View>
                <View className='room-detail__when'>{slotText(booking.startAt, booking.endAt)}</View>
                <View className='room-detail__where'>
                  {booking.room.name} · {booking.room.building} {booking.room.floor}
                </View>
                {booking.status === 'pending_approval' && <View className='room-detail__note'>时段已为您保留，等待审批</View>}
                {booking.status === 'rejected' && booking.rejectReason && <View className='room-detail__note'>不通过原因：{booking.rejectReason}</View>}
              </View>

              <Card title='会议信息'>
                <InfoLine label='参会人数'>
                  {booking.attendeeCount} 人（容纳 {booking.room.capacity} 人）
                </InfoLine>
                <InfoLine label='预订人'>
                  {booking.organiser.name}
                  {booking.organiser.unitName ? ` · ${booking.organiser.unitName}` : ''}
                </InfoLine>
                {booking.decidedBy && <InfoLine label='审批人'>{booking.decidedBy}</InfoLine>}
                {booking.endedAt && <InfoLine label='结束于'>{clockText(booking.endedAt)}</InfoLine>}
                {booking.detached && booking.series && <InfoLine label='说明'>本场次单独修改过，系列修改时保留</InfoLine>}
              </Card>

              <Card title='会议服务'>
                {services.length ? services.map((line) => <InfoLine key={line.label} label={line.label}>{line.text}</InfoLine>) : <View className='vf-empty-line'>未预约会议服务</View>}
              </Card>

              {booking.series && (
                <Card title={`每周重复 · 至 ${dayText(booking.series.weeklyUntil)}`}>
                  {booking.series.occurrences.map((o) => (
                    <View
                      key={o.id}
                      className={`room-detail__occ ${o.id === booking.id ? 'room-detail__occ--this' : ''}`}
                      onClick={() => o.id !== booking.id && void Taro.redirectTo({ url: roomBookingPage(o.id) })}
                    >
                      <Text className='room-detail__occ-time'>
                        {dayText(o.startAt)} {clockText(o.startAt)}–{clockText(o.endAt)}
                      </Text>
                      {o.id === booking.id && <Text className='room-detail__occ-this'>本场</Text>}
                      <Pill tone={BOOKING_STATUS_TONES[o.status]}>{ROOM_BOOKING_STATUS_LABELS[o.status]}</Pill>
                    </View>
                  ))}
                </Card>
              )}

              <View className='vf-actions'>
                {booking.can.approve && (
                  <View className='room-detail__pair'>
                    <Button className='room-detail__pair-btn' type='danger' fill='outline' size='large' disabled={!!busy} onClick={reject}>
                      不同意
                    </Button>
                    <Button className='room-detail__pair-btn' type='primary' size='large' loading={busy === 'approve'} onClick={approve}>
                      同意
                    </Button>
                  </View>
                )}
                {booking.can.end && (
                  <Button type='danger' size='large' block loading={busy === 'end'} onClick={end}>
                    提前结束
                  </Button>
                )}
                {booking.can.edit && (
                  <Button type='primary' size='large' block disabled={!!busy} onClick={openEdit}>
                    修改
                  </Button>
                )}
                {live && (
                  <Button type='primary' fill='outline' block onClick={() => void addToCalendar()}>
                    加入日历
                  </Button>
                )}
                {live && !!booking.services.nameplates?.length && booking.can.edit && (
                  <Button type='primary' fill='outline' block onClick={() => void printNameplates()}>
                    桌签打印
                  </Button>
                )}
                {booking.can.cancel && (
                  <Button type='danger' fill='outline' block loading={busy === 'cancel'} onClick={cancel}>
                    取消预订
                  </Button>
                )}
              </View>
            </>
          )
        }}
      </PageGate>

      <Popup visible={!!edit} position='bottom' round closeable title={edit ? `修改预订 · ${SCOPE_LABELS[edit.scope]}` : ''} onClose={() => busy !== 'edit' && setEdit(null)}>
        {edit && (
          <View className='room-detail__sheet'>
            {edit.scope === 'this' ? (
              <FormRow label='日期'>
                <PickerValue mode='date' value={edit.date} start={todayInShanghai()} text={dayText(edit.date)} onChange={(date) => setEdit({ ...edit, date })} />
              </FormRow>
            ) : (
              <View className='room-detail__sheet-hint'>新的时刻用于{SCOPE_LABELS[edit.scope]}场次，日期不变</View>
            )}
            <FormRow label='开始' error={editErrors.startAt}>
              <TimeSelect options={editTimes} value={edit.start} onChange={(start) => (setEdit({ ...edit, start, end: edit.end > start ? edit.end : editTimes[Math.min(editTimes.indexOf(start) + 12, editTimes.length - 1)] }), setEditErrors({}))} />
            </FormRow>
            <FormRow label='结束' error={editErrors.endAt}>
              <TimeSelect options={editTimes.filter((t) => minuteOfText(t) > minuteOfText(edit.start))} value={edit.end} onChange={(end) => (setEdit({ ...edit, end }), setEditErrors({}))} />
            </FormRow>
            <FormRow label='会议名称' error={editErrors.title}>
              <Input align='right' value={edit.title} maxLength={100} onChange={(title) => setEdit({ ...edit, title })} />
            </FormRow>
            <FormRow label='参会人数' last error={editErrors.attendeeCount}>
              <Input align='right' type='number' value={edit.attendees} maxLength={5} onChange={(text) => setEdit({ ...edit, attendees: text.replace(/\D/g, '') })} />
            </FormRow>
            <View className='vf-actions room-detail__sheet-actions'>
              <Button type='primary' size='large' block loading={busy === 'edit'} onClick={() => void saveEdit()}>
                保存修改
              </Button>
            </View>
          </View>
        )}
      </Popup>
      <ReasonDialog ask={reason} onClose={() => setReason(null)} />
      {actions.node}
    </Page>
  )
}
