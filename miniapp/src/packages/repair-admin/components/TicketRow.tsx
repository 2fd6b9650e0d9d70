import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { REPAIR_CATEGORY_LABELS, TICKET_KIND_LABELS, TICKET_URGENCY_LABELS, type TicketListItem } from '@egj/shared'
import { Pill, type PillTone } from '../../../components/Pill'
import { deadlineText, dueOf, dueTag } from '../lib/due'
import { ticketPage } from '../lib/nav'
import './ui.scss'

const STATUS_TONES: Record<TicketListItem['status'], PillTone> = {
  submitted: 'orange',
  assigned: 'blue',
  accepted: 'blue',
  in_progress: 'blue',
  paused: 'gray',
  finished: 'green',
  closed: 'green',
  cancelled: 'gray',
}

/** One ticket of 派单 or 我的维修任务: tap → the ticket page (packages/repair), where it is assigned and worked. */
/** `holder` false on a worker's own list (it is them). */
export function TicketRow({ item, now, holder = true }: { item: TicketListItem; now: Date; holder?: boolean }) {
  const due = dueOf(item, now)
  const tag = dueTag(due)
  const what = item.kind === 'repair' ? (item.category ? REPAIR_CATEGORY_LABELS[item.category] : '报修') : TICKET_KIND_LABELS[item.kind]
  return (
    <View className={`ra-ticket ${due.level === 'over' ? 'ra-ticket--over' : due.level === 'soon' ? 'ra-ticket--soon' : ''}`} onClick={() => void Taro.navigateTo({ url: ticketPage(item.id) })}>
      <View className='ra-ticket__top'>
        <Text className='ra-ticket__no'>{item.no}</Text>
        {item.urgency === 'urgent' && (
          <Pill tone='red' solid className='ra-ticket__pill'>
            {TICKET_URGENCY_LABELS.urgent}
          </Pill>
        )}
        {item.repeatOfId !== null && (
          <Pill tone='orange' className='ra-ticket__pill'>
            重复报修
          </Pill>
        )}
        {item.reopenCount > 0 && (
          <Pill tone='orange' className='ra-ticket__pill'>
            返修{item.reopenCount > 1 ? ` ${item.reopenCount} 次` : ''}
          </Pill>
        )}
        <View className='ra-ticket__space' />
        <Pill tone={STATUS_TONES[item.status]}>{item.statusLabel}</Pill>
      </View>
      <View className='ra-ticket__title'>
        <Text className='ra-ticket__what'>{what}</Text>
        {item.place ? <Text className='ra-ticket__place'>{item.place}</Text> : <Text className='ra-ticket__place'>{item.reporter.unitName ?? item.reporter.name}</Text>}
      </View>
      <View className='ra-ticket__desc'>{item.description}</View>
      <View className='ra-ticket__meta'>
        <Text>
          {item.reporter.name}
          {item.reporter.unitName ? ` · ${item.reporter.unitName}` : ''}
        </Text>
        {holder && <Text className='ra-ticket__holder'>{item.holderName ? `处理：${item.holderName}` : item.kind === 'repair' ? '未派单' : '待答复'}</Text>}
      </View>
      {due.level !== 'none' && (
        <View className='ra-ticket__due'>
          <Text className={`ra-ticket__deadline ra-ticket__deadline--${due.level}`}>{deadlineText(due, now)}</Text>
          {tag && (
            <Pill tone={tag.tone} solid={tag.tone === 'red'} className='ra-ticket__pill'>
              {tag.text}
            </Pill>
          )}
        </View>
      )}
    </View>
  )
}
