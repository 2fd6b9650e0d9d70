import { Text, View } from '@tarojs/components'
import { ROOM_BOOKING_STATUS_LABELS, type RoomBookingStatus } from '@egj/shared'
import { clockText, hhmm, minuteOf } from '../../../utils/rooms'
import './Timeline.scss'

export interface Busy {
  startAt: string
  endAt: string
  status: RoomBookingStatus
  title?: string
}

interface Props {
  /** open hours, minutes after midnight */
  from: number
  to: number
  busy: Busy[]
  /** minutes after midnight now, when the day shown is today (the past is greyed out) */
  nowMinute?: number | null
  /** the slot being booked (drawn as an outline) */
  chosen?: { from: number; to: number } | null
  /** a free half hour tapped: book from its start (or from now, in the half hour under way) */
  onPick?: (minute: number) => void
}

const STEP = 30
const HOLDS = new Set<RoomBookingStatus>(['confirmed', 'pending_approval'])

/**
 * One room's day as a horizontal bar: taken slots shaded, 待审批 hatched, the past greyed; the
 * free half hours are tap targets.
 */
export function Timeline({ from, to, busy, nowMinute, chosen, onPick }: Props) {
  const span = Math.max(to - from, STEP)
  const pct = (minute: number) => `${((Math.min(Math.max(minute, from), to) - from) / span) * 100}%`
  const held = busy.filter((slot) => HOLDS.has(slot.status))
  const taken = (a: number, b: number) => held.some((slot) => minuteOf(slot.startAt) < b && minuteOf(slot.endAt) > a)
  const cells: number[] = []
  for (let m = from; m < to; m += STEP) cells.push(m)
  const labels: number[] = []
  for (let m = Math.ceil(from / 120) * 120; m <= to; m += 120) labels.push(m)

  return (
    <View className='rt'>
      <View className='rt__bar'>
        {cells.map((m) => {
          const end = Math.min(m + STEP, to)
          const past = nowMinute != null && end <= nowMinute
          const free = !past && !taken(Math.max(m, nowMinute ?? m), end)
          return (
            <View
              key={m}
              className={`rt__cell ${free ? 'rt__cell--free' : ''}`}
              onClick={() => free && onPick?.(nowMinute != null && nowMinute > m ? Math.ceil(nowMinute / 5) * 5 : m)}
            />
          )
        })}
        {nowMinute != null && nowMinute > from && <View className='rt__past' style={{ left: 0, width: pct(nowMinute) }} />}
        {held.map((slot) => {
          const a = minuteOf(slot.startAt)
          const b = minuteOf(slot.endAt)
          return (
            <View
              key={`${slot.startAt}-${slot.status}`}
              className={`rt__busy rt__busy--${slot.status === 'pending_approval' ? 'pending' : 'taken'}`}
              style={{ left: pct(a), width: `calc(${pct(b)} - ${pct(a)})` }}
            />
          )
        })}
        {chosen && <View className='rt__chosen' style={{ left: pct(chosen.from), width: `calc(${pct(chosen.to)} - ${pct(chosen.from)})` }} />}
      </View>
      <View className='rt__scale'>
        {labels.map((m) => (
          <Text key={m} className='rt__label' style={{ left: pct(m) }}>
            {hhmm(m).replace(/^0/, '')}
          </Text>
        ))}
      </View>
    </View>
  )
}

/** The key under a list of timelines. */
export function TimelineLegend() {
  return (
    <View className='rt-legend'>
      <View className='rt-legend__item'>
        <View className='rt-legend__swatch rt-legend__swatch--free' />
        <Text>空闲（点按预订）</Text>
      </View>
      <View className='rt-legend__item'>
        <View className='rt-legend__swatch rt__busy--taken' />
        <Text>已预订</Text>
      </View>
      <View className='rt-legend__item'>
        <View className='rt-legend__swatch rt__busy--pending' />
        <Text>待审批</Text>
      </View>
    </View>
  )
}

/** The taken slots of a day as text ("10:00–11:00 已预订"), for the booking form. */
export function busyText(busy: Busy[]): string {
  const held = busy.filter((slot) => HOLDS.has(slot.status))
  if (!held.length) return '全天空闲'
  return held.map((slot) => `${clockText(slot.startAt)}–${clockText(slot.endAt)}${slot.status === 'pending_approval' ? `（${ROOM_BOOKING_STATUS_LABELS.pending_approval}）` : ''}`).join('、') + ' 已占用'
}
