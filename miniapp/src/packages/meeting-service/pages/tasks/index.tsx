import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Checked, Order } from '@nutui/icons-react-taro'
import { MEETING_TASK_LABELS, meetingServiceApi, type EndpointResponse } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { addDays, clockText, dayText, openNameplates, todayInShanghai } from '../../../../utils/rooms'
import './index.scss'

type Task = EndpointResponse<typeof meetingServiceApi.tasks>['items'][number]

interface Meeting {
  booking: Task['booking']
  tasks: Task[]
}

/** Tasks grouped by meeting, meetings by start, tasks by due time. */
function byMeeting(items: Task[]): Meeting[] {
  const groups = new Map<number, Meeting>()
  for (const task of items) {
    const group = groups.get(task.booking.id) ?? { booking: task.booking, tasks: [] }
    group.tasks.push(task)
    groups.set(task.booking.id, group)
  }
  const meetings = [...groups.values()].sort((a, b) => a.booking.startAt.localeCompare(b.booking.startAt))
  for (const m of meetings) m.tasks.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id - b.id)
  return meetings
}

/** 会务任务: the day's meetings to prepare, each with its tasks; 完成 one by one. */
export default function MeetingTasksPage() {
  const today = todayInShanghai()
  const param = useRouter().params.date ?? ''
  const [date, setDate] = useState(() => (/^\d{4}-\d{2}-\d{2}$/.test(param) ? param : today))
  const { state, reload, set } = useResource(() => request(meetingServiceApi.tasks, { query: { date } }), { key: [date] })
  const [busy, setBusy] = useState<number | null>(null)
  const actions = useActionDialog()
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  const done = async (task: Task) => {
    if (busy !== null || state.status !== 'ready') return
    setBusy(task.id)
    try {
      const updated = await request(meetingServiceApi.done, { params: { id: task.id } })
      set({ ...state.data, items: state.data.items.map((t) => (t.id === updated.id ? updated : t)) })
      toast(`${MEETING_TASK_LABELS[updated.kind]}已完成`, 'success')
    } catch (e) {
      actions.fail(e)
    } finally {
      setBusy(null)
    }
  }

  const print = async (bookingId: number) => {
    try {
      const result = await openNameplates(bookingId)
      if (result === 'use-computer') toast('请在电脑浏览器中打开 e管家打印桌签')
      else if (result === 'blocked') actions.show({ title: '浏览器拦截了新窗口', message: '请允许本站弹出窗口后再点「打印桌签」。', choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
    } catch (e) {
      actions.fail(e, { title: '桌签生成失败' })
    }
  }

  const list = state.status === 'ready' ? state.data.items : []
  const left = list.filter((t) => !t.done).length
  const nowIso = new Date().toISOString()

  return (
    <Page className='tasks'>
      <View className='tasks__head'>
        <View className='tasks__nav' onClick={() => setDate(addDays(date, -1))}>
          ‹ 前一天
        </View>
        <View className='tasks__date'>
          <PickerValue mode='date' value={date} text={`${date === today ? '今天 · ' : ''}${dayText(date)}`} onChange={setDate} />
        </View>
        <View className='tasks__nav' onClick={() => setDate(addDays(date, 1))}>
          后一天 ›
        </View>
      </View>
      {state.status === 'ready' && list.length > 0 && (
        <View className='tasks__summary'>
          {byMeeting(list).length} 场会议 · {left ? `待完成 ${left} 项` : '全部完成'}
          {date !== today && (
            <Text className='tasks__today' onClick={() => setDate(today)}>
              回到今天
            </Text>
          )}
        </View>
      )}

      <PageGate
        state={state}
        guest='登录后查看会务任务'
        needs={['meeting_service']}
        icon={<Order size={48} color={GREY_ICON} />}
        onRetry={() => void reload()}
        isEmpty={(data) => !data.items.length}
        empty={{ title: '这一天没有会务任务', description: '有会议预订了茶水、桌签等服务时，任务会出现在这里' }}
      >
        {(data) =>
          byMeeting(data.items).map(({ booking, tasks }) => (
            <View key={booking.id} className='meeting'>
              <View className='meeting__head'>
                <View className='meeting__time'>
                  {clockText(booking.startAt)}–{clockText(booking.endAt)}
                </View>
                <View className='meeting__room'>{booking.roomName}</View>
              </View>
              <View className='meeting__title'>{booking.title}</View>
              {/* the head count keeps to itself on the right: never "8" and "人" apart, nor alone on a line */}
              <View className='meeting__who'>
                <Text className='meeting__organiser'>预订人 {booking.organiser}</Text>
                <Text className='meeting__count'>{booking.attendeeCount} 人</Text>
              </View>
              {tasks.map((task) => {
                const late = !task.done && task.dueAt < nowIso
                return (
                  <View key={task.id} className={`task ${task.done ? 'task--done' : ''}`}>
                    <View className='task__main'>
                      <View className='task__top'>
                        <Pill tone={task.done ? 'gray' : late ? 'red' : 'blue'}>{MEETING_TASK_LABELS[task.kind]}</Pill>
                        <Text className={`task__due ${late ? 'task__due--late' : ''}`}>{clockText(task.dueAt)} 前</Text>
                      </View>
                      <View className='task__detail'>{task.detail}</View>
                      {task.done && (
                        <View className='task__by'>
                          {task.doneBy ?? ''} {task.doneAt ? `${clockText(task.doneAt)} 完成` : '已完成'}
                        </View>
                      )}
                    </View>
                    {task.done ? (
                      <View className='task__check'>
                        <Checked size={22} color='var(--egj-success)' />
                        <Text className='task__check-text'>已完成</Text>
                      </View>
                    ) : (
                      <Button className='task__btn' size='small' type='primary' loading={busy === task.id} disabled={busy !== null && busy !== task.id} onClick={() => void done(task)}>
                        完成
                      </Button>
                    )}
                  </View>
                )
              })}
              {tasks.some((t) => t.kind === 'nameplates') && (
                <View className='meeting__print' onClick={() => void print(booking.id)}>
                  打印桌签 ›
                </View>
              )}
            </View>
          ))
        }
      </PageGate>
      {actions.node}
    </Page>
  )
}
