import { useMemo, useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Processing } from '@nutui/icons-react-taro'
import { ROOM_EQUIPMENT_LABELS, roomsApi, type RoomEquipment } from '@egj/shared'
import { request } from '../../../../api/client'
import { PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { useResource } from '../../../../hooks/useResource'
import { useMe } from '../../../../store/session'
import { addDays, dayText, minuteOf, ROOM_APPROVE_PAGE, ROOM_MINE_PAGE, roomBookPage, todayInShanghai } from '../../../../utils/rooms'
import { Timeline, TimelineLegend } from '../../components/Timeline'
import './index.scss'

const CAPACITIES = [
  { value: 0, label: '不限人数' },
  { value: 10, label: '10人以上' },
  { value: 20, label: '20人以上' },
  { value: 50, label: '50人以上' },
]
const EQUIPMENT = Object.entries(ROOM_EQUIPMENT_LABELS) as [RoomEquipment, string][]
const DAYS_SHOWN = 14

/** 会议室预订: every room's day for a date, filtered by size and equipment; tap a free slot to book. */
export default function RoomFindPage() {
  const router = useRouter()
  const today = todayInShanghai()
  const [date, setDate] = useState(() => (/^\d{4}-\d{2}-\d{2}$/.test(router.params.date ?? '') && router.params.date! >= today ? router.params.date! : today))
  const [capacity, setCapacity] = useState(0)
  const [equipment, setEquipment] = useState<RoomEquipment[]>([])
  const { me } = useMe()
  const approver = !!me && me.roles.some((role) => role === 'approver' || role === 'admin')

  const { state, reload } = useResource(
    () => request(roomsApi.day, { query: { date, capacity: capacity || undefined, equipment: equipment.length ? equipment.join(',') : undefined } }),
    { key: [date, capacity, equipment] },
  )
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  const days = useMemo(() => Array.from({ length: DAYS_SHOWN }, (_, i) => addDays(today, i)), [today])
  const toggle = (item: RoomEquipment) => setEquipment((list) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]))
  // the minute now, when the day shown is today: the past is not bookable
  const nowMinute = date === today ? minuteOf(new Date()) : null

  return (
    <Page className='room-find'>
      <View className='room-find__head'>
        <ScrollView scrollX className='room-find__days' scrollIntoView={`d${date}`} scrollWithAnimation>
          {days.map((day, i) => (
            <View key={day} id={`d${day}`} className={`room-find__day ${day === date ? 'room-find__day--on' : ''}`} onClick={() => setDate(day)}>
              <Text className='room-find__day-week'>{i === 0 ? '今天' : i === 1 ? '明天' : dayText(day).slice(-2)}</Text>
              <Text className='room-find__day-date'>{`${Number(day.slice(5, 7))}/${Number(day.slice(8))}`}</Text>
            </View>
          ))}
        </ScrollView>
        <View className='room-find__date-row'>
          <Text className='room-find__date-label'>{dayText(date)}</Text>
          <PickerValue mode='date' value={date} start={today} text='其他日期' onChange={setDate} />
        </View>
        <View className='room-find__filters'>
          {CAPACITIES.map((option) => (
            <View key={option.value} className={`room-find__chip ${capacity === option.value ? 'room-find__chip--on' : ''}`} onClick={() => setCapacity(option.value)}>
              {option.label}
            </View>
          ))}
        </View>
        <View className='room-find__filters'>
          {EQUIPMENT.map(([value, label]) => (
            <View key={value} className={`room-find__chip ${equipment.includes(value) ? 'room-find__chip--on' : ''}`} onClick={() => toggle(value)}>
              {label}
            </View>
          ))}
        </View>
      </View>

      <View className='room-find__links'>
        <View className='room-find__link' onClick={() => void Taro.navigateTo({ url: ROOM_MINE_PAGE })}>
          我的预订 ›
        </View>
        {approver && (
          <View className='room-find__link' onClick={() => void Taro.navigateTo({ url: ROOM_APPROVE_PAGE })}>
            待我审批 ›
          </View>
        )}
      </View>

      <PageGate
        state={state}
        guest='登录后预订会议室'
        icon={<Processing size={48} color={GREY_ICON} />}
        onRetry={() => void reload()}
        isEmpty={(day) => !day.items.length}
        empty={{ title: '没有符合条件的会议室', description: '试试减少设备要求或人数', action: { text: '清除筛选', onClick: () => (setCapacity(0), setEquipment([])) } }}
      >
        {(day) => (
          <>
            <TimelineLegend />
            {day.items.map((room) => (
              <View key={room.id} className='room-card'>
                <View className='room-card__top'>
                  <View className='room-card__main'>
                    <View className='room-card__name'>
                      <Text>{room.name}</Text>
                      {room.requiresApproval && (
                        <Pill tone='orange' className='room-card__tag'>
                          需审批
                        </Pill>
                      )}
                    </View>
                    <View className='room-card__where'>
                      {room.building} {room.floor} · 容纳 {room.capacity} 人
                    </View>
                  </View>
                  <View className='room-card__book' onClick={() => void Taro.navigateTo({ url: roomBookPage(room.id, date) })}>
                    预订
                  </View>
                </View>
                {room.equipment.length > 0 && (
                  <View className='room-card__equipment'>
                    {room.equipment.map((item) => (
                      <Pill key={item} tone='gray' className='room-card__tag'>
                        {ROOM_EQUIPMENT_LABELS[item]}
                      </Pill>
                    ))}
                  </View>
                )}
                <Timeline
                  from={room.openFromMinute}
                  to={room.openToMinute}
                  busy={room.busy}
                  nowMinute={nowMinute}
                  onPick={(minute) => void Taro.navigateTo({ url: roomBookPage(room.id, date, `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`) })}
                />
              </View>
            ))}
          </>
        )}
      </PageGate>
    </Page>
  )
}
