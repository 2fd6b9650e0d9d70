import { Text, View } from '@tarojs/components'
import { inShanghai, type DispatchBoard } from '@egj/shared'
import './Timeline.scss'

type Commitment = DispatchBoard['vehicles'][number]['commitments'][number]

const DAY_START = 6 * 60
const DAY_END = 22 * 60
const SPAN = DAY_END - DAY_START
const HOURS = [6, 10, 14, 18, 22]

/** Minutes since the day's midnight (Asia/Shanghai), clamped to the board's day. */
function minuteOf(iso: string, day: string): number {
  const t = inShanghai(iso)
  const date = t.format('YYYY-MM-DD')
  if (date < day) return 0
  if (date > day) return 24 * 60
  return t.hour() * 60 + t.minute()
}

const pct = (minute: number) => `${(Math.min(Math.max(minute - DAY_START, 0), SPAN) / SPAN) * 100}%`

/** The hour scale above the rows. */
export function TimeScale() {
  return (
    <View className='tl-scale'>
      <View className='tl-scale__label' />
      <View className='tl-scale__track'>
        {HOURS.map((h) => (
          <Text key={h} className='tl-scale__hour' style={{ left: pct(h * 60) }}>
            {String(h).padStart(2, '0')}
          </Text>
        ))}
      </View>
    </View>
  )
}

/** One car's or driver's day: its commitments as bars on 06:00–22:00. */
export function TimelineRow({ title, sub, day, commitments, off, highlight, now }: { title: string; sub: string; day: string; commitments: Commitment[]; off?: string; highlight?: number | null; now?: number | null }) {
  return (
    <View className={`tl-row ${off ? 'tl-row--off' : ''}`}>
      <View className='tl-row__label'>
        <Text className='tl-row__title'>{title}</Text>
        <Text className='tl-row__sub'>{off ?? sub}</Text>
      </View>
      <View className='tl-row__track'>
        {HOURS.map((h) => (
          <View key={h} className='tl-row__tick' style={{ left: pct(h * 60) }} />
        ))}
        {now != null && now >= DAY_START && now <= DAY_END && <View className='tl-row__now' style={{ left: pct(now) }} />}
        {commitments.map((c) => {
          const start = minuteOf(c.startAt, day)
          const end = minuteOf(c.endAt, day)
          if (end <= DAY_START || start >= DAY_END) return null
          const left = pct(start)
          const width = `calc(${pct(end)} - ${left})`
          return (
            <View
              key={c.requestId}
              className={`tl-row__bar tl-row__bar--${c.status} ${highlight === c.requestId ? 'tl-row__bar--hl' : ''}`}
              style={{ left, width }}
            >
              <Text className='tl-row__bar-text'>{inShanghai(c.startAt).format('HH:mm')}</Text>
            </View>
          )
        })}
      </View>
    </View>
  )
}
