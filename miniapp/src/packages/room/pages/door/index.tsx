import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { FailureF, Processing, SuccessF } from '@nutui/icons-react-taro'
import { PAGES, pageUrl, ROOM_BOOKING_STATUS_LABELS, ROOM_EQUIPMENT_LABELS, roomBookingsApi, roomsApi, type RoomBooking } from '@egj/shared'
import { request } from '../../../../api/client'
import { EmptyState } from '../../../../components/EmptyState'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { decodeParam } from '../../../../utils/nav'
import { startScan } from '../../../../utils/scan'
import { BOOKING_STATUS_TONES, clockText, dayText, roomBookingPage, roomBookPage, todayInShanghai } from '../../../../utils/rooms'
import '../../../../components/Form.scss'
import './index.scss'

/** The meeting on now or next, as a block. */
function Meeting({ label, booking, tone }: { label: string; booking: RoomBooking; tone: 'now' | 'next' }) {
  return (
    <View className={`door__meeting door__meeting--${tone}`} onClick={() => booking.can.edit && void Taro.navigateTo({ url: roomBookingPage(booking.id) })}>
      <View className='door__meeting-label'>{label}</View>
      <View className='door__meeting-time'>
        {clockText(booking.startAt)}–{clockText(booking.endAt)}
      </View>
      <View className='door__meeting-title'>{booking.title}</View>
      <View className='door__meeting-who'>
        {booking.organiser.unitName ?? booking.organiser.name} · {booking.attendeeCount} 人
        {booking.checkedInAt ? ' · 已签到' : ''}
      </View>
    </View>
  )
}

/**
 * 会议室门牌码 (scan landing, /q/r/<token>): the room, what is on now and next, its day; 签到 for
 * my meeting here, 提前结束 for its organiser during it.
 */
export default function RoomDoorPage() {
  const token = decodeParam(useRouter().params.token)
  const code = token ? `/q/r/${token}` : ''
  const { state, reload } = useResource(() => request(roomsApi.door, { query: { code } }), { key: [code], enabled: !!code, auth: false })
  const [checkedIn, setCheckedIn] = useState<{ title: string; at: string } | null>(null)
  const [ending, setEnding] = useState(false)
  const actions = useActionDialog()
  const checkIn = useSubmit((body: { code: string }) => request(roomsApi.checkIn, { body }))

  // a door panel stays open: keep now / next current
  useEffect(() => {
    if (!code) return undefined
    const timer = setInterval(() => void reload(), 60_000)
    return () => clearInterval(timer)
  }, [code, reload])

  const doCheckIn = async () => {
    try {
      const done = await checkIn.submit({ code })
      setCheckedIn({ title: done.booking.title, at: done.checkedInAt })
      void reload()
    } catch (e) {
      actions.fail(e, { title: '签到未完成' })
    }
  }

  const end = (booking: RoomBooking) =>
    actions.show({
      title: '提前结束会议',
      message: `结束「${booking.title}」后，剩余时段立即释放，其他人可以预订。`,
      choices: [
        {
          text: '提前结束',
          danger: true,
          onClick: () => {
            setEnding(true)
            request(roomBookingsApi.end, { params: { id: booking.id } })
              .then(() => {
                toast('会议已结束，剩余时段已释放', 'success')
                return reload()
              })
              .catch((e: unknown) => actions.fail(e, { title: '未能结束会议' }))
              .finally(() => setEnding(false))
          },
        },
      ],
      cancelText: '取消',
    })

  if (!code) {
    return (
      <Page className='door'>
        <EmptyState icon={<Processing size={48} color={GREY_ICON} />} title='请扫描会议室门牌码' description='门牌码贴在会议室门口，扫码后可查看当天安排并签到' actionText='扫码' onAction={() => void startScan()} />
      </Page>
    )
  }

  return (
    <Page className='door'>
      <PageGate
        state={state}
        loading='正在读取门牌码…'
        guest='登录后查看会议室并签到'
        icon={<FailureF size={48} color='var(--egj-danger)' />}
        errorTitle={(error) => (error.code.startsWith('QR') || error.code === 'NOT_FOUND' ? '门牌码无效' : undefined)}
        errorAction={() => ({ text: '重新扫码', onClick: () => void startScan() })}
        onRetry={() => void reload()}
      >
        {(door) => {
          const mine = door.now && door.now.can.end ? door.now : null
          return (
            <>
              <View className='door__hero'>
                <View className='door__name'>{door.room.name}</View>
                <View className='door__meta'>
                  {door.room.building} {door.room.floor} · 容纳 {door.room.capacity} 人
                </View>
                {door.room.equipment.length > 0 && <View className='door__meta'>{door.room.equipment.map((e) => ROOM_EQUIPMENT_LABELS[e]).join(' · ')}</View>}
                <View className={`door__state ${door.now ? 'door__state--busy' : ''}`}>{door.now ? '使用中' : '空闲'}</View>
              </View>

              {checkedIn ? (
                <View className='door__done'>
                  <SuccessF size={56} color='var(--egj-success)' />
                  <View className='door__done-title'>已签到</View>
                  <View className='door__done-text'>
                    {checkedIn.title} · {clockText(checkedIn.at)}
                  </View>
                </View>
              ) : (
                door.checkInFor !== null && (
                  <View className='door__checkin'>
                    <Button type='primary' size='xlarge' block loading={checkIn.busy} onClick={() => void doCheckIn()}>
                      签到
                    </Button>
                    <View className='door__checkin-hint'>开始前 10 分钟至开始后 15 分钟可签到，未签到的会议将自动释放</View>
                  </View>
                )
              )}

              {door.now && <Meeting label='正在进行' booking={door.now} tone='now' />}
              {mine && (
                <View className='door__end'>
                  <Button type='danger' fill='outline' block loading={ending} onClick={() => end(mine)}>
                    提前结束会议
                  </Button>
                </View>
              )}
              {door.next && <Meeting label='下一场' booking={door.next} tone='next' />}
              {!door.now && !door.next && <View className='door__free'>今天接下来没有会议</View>}

              <View className='door__day'>
                <View className='door__day-title'>{dayText(todayInShanghai())} 安排</View>
                {!door.day.length && <View className='door__day-empty'>今天没有预订</View>}
                {door.day.map((slot) => (
                  <View key={`${slot.startAt}-${slot.title}`} className='door__slot'>
                    <Text className='door__slot-time'>
                      {clockText(slot.startAt)}–{clockText(slot.endAt)}
                    </Text>
                    <Text className='door__slot-title'>{slot.title}</Text>
                    <Pill tone={BOOKING_STATUS_TONES[slot.status]}>{ROOM_BOOKING_STATUS_LABELS[slot.status]}</Pill>
                  </View>
                ))}
              </View>

              <View className='vf-actions'>
                <Button type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: roomBookPage(door.room.id, todayInShanghai()) })}>
                  预订这间会议室
                </Button>
                {/* a fault in this room: 报修 with the room already known from its code */}
                <Button type='default' fill='outline' block onClick={() => void Taro.navigateTo({ url: pageUrl(PAGES.repairReport, { code }) })}>
                  报修
                </Button>
              </View>
            </>
          )
        }}
      </PageGate>
      {actions.node}
    </Page>
  )
}
