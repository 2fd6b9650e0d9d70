import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROOM_BOOKING_STATUS_LABELS, type RoomBooking } from '@egj/shared'
import { Pill } from '../../../components/Pill'
import { BOOKING_STATUS_TONES, roomBookingPage, slotText } from '../../../utils/rooms'
import './BookingCard.scss'

/** One booking in a list: what, where, when, its status. */
export function BookingCard({ booking, as }: { booking: RoomBooking; as: 'organiser' | 'approver' }) {
  return (
    <View className='booking-card' onClick={() => void Taro.navigateTo({ url: roomBookingPage(booking.id) })}>
      <View className='booking-card__top'>
        <Text className='booking-card__title'>{booking.title}</Text>
        <Pill tone={BOOKING_STATUS_TONES[booking.status]}>{ROOM_BOOKING_STATUS_LABELS[booking.status]}</Pill>
      </View>
      <View className='booking-card__line'>{slotText(booking.startAt, booking.endAt)}</View>
      <View className='booking-card__line booking-card__muted'>
        {booking.room.name} · {booking.room.building} {booking.room.floor} · {booking.attendeeCount} 人{booking.series ? ' · 每周重复' : ''}
      </View>
      {as === 'approver' && (
        <View className='booking-card__line booking-card__muted'>
          预订人 {booking.organiser.name}
          {booking.organiser.unitName ? ` · ${booking.organiser.unitName}` : ''}
        </View>
      )}
      {booking.can.approve && <View className='booking-card__todo'>等待您审批</View>}
    </View>
  )
}
