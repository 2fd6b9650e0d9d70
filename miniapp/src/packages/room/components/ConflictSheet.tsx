import { Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { clockText, dateOf, dayText } from '../../../utils/rooms'
import './ConflictSheet.scss'

export interface Conflict {
  startAt: string
  endAt: string
  title: string
  organiserUnit: string | null
}
export interface Suggestion {
  roomId: number
  roomName: string
  startAt: string
  endAt: string
  capacity: number
}

/** The details of a 409 ROOM_SLOT_TAKEN. */
export function slotTakenDetails(details: unknown): { conflicts: Conflict[]; suggestions: Suggestion[] } {
  const d = (details ?? {}) as { conflicts?: Conflict[]; suggestions?: Suggestion[] }
  return { conflicts: Array.isArray(d.conflicts) ? d.conflicts : [], suggestions: Array.isArray(d.suggestions) ? d.suggestions : [] }
}

interface Props {
  taken: { conflicts: Conflict[]; suggestions: Suggestion[]; message: string } | null
  /** the day the user asked for: other days' conflicts (a series) say their date */
  day: string
  busy: boolean
  onPick: (suggestion: Suggestion) => void
  onClose: () => void
}

/** 时段已被占用: who is in the way (title and unit) and the free slots to book in one tap. */
export function ConflictSheet({ taken, day, busy, onPick, onClose }: Props) {
  return (
    <Popup visible={!!taken} position='bottom' round closeable title='该时段已被占用' onClose={onClose}>
      {taken && (
        <View className='conflict'>
          {!taken.conflicts.length && <View className='conflict__message'>{taken.message}</View>}
          {taken.conflicts.length > 0 && (
            <View className='conflict__block conflict__block--first'>
              <View className='conflict__heading'>以下会议占用了这个时段</View>
              {taken.conflicts.map((c) => (
                <View key={`${c.startAt}-${c.title}`} className='conflict__row'>
                  <Text className='conflict__time'>
                    {dateOf(c.startAt) !== day ? `${dayText(c.startAt)} ` : ''}
                    {clockText(c.startAt)}–{clockText(c.endAt)}
                  </Text>
                  <Text className='conflict__title'>
                    {c.title}
                    {c.organiserUnit ? ` · ${c.organiserUnit}` : ''}
                  </Text>
                </View>
              ))}
            </View>
          )}
          <View className='conflict__block'>
            <View className='conflict__heading'>可预订的时段（点按即订，其他内容不变）</View>
            {!taken.suggestions.length && <View className='conflict__none'>附近没有空闲时段，请换个日期或时间</View>}
            {taken.suggestions.map((s) => (
              <Button key={`${s.roomId}-${s.startAt}`} className='conflict__suggestion' block fill='outline' type='primary' disabled={busy} onClick={() => onPick(s)}>
                {`${s.roomName} ${dateOf(s.startAt) !== day ? `${dayText(s.startAt)} ` : ''}${clockText(s.startAt)}–${clockText(s.endAt)} · ${s.capacity}人`}
              </Button>
            ))}
          </View>
          <View className='conflict__cancel' onClick={onClose}>
            自己改时间
          </View>
        </View>
      )}
    </Popup>
  )
}
