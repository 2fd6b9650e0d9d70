import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { VISIT_STATUS_LABELS, type Visit } from '@egj/shared'
import { Pill } from '../../../components/Pill'
import { STATUS_TONES, visitDetailPage, windowText } from '../../../utils/visits'
import './VisitCard.scss'

/** One visit in a list: who, whom, when, its status. */
export function VisitCard({ visit, as }: { visit: Visit; as: 'visitor' | 'host' }) {
  return (
    <View className='visit-card' onClick={() => void Taro.navigateTo({ url: visitDetailPage(visit.id) })}>
      <View className='visit-card__top'>
        <Text className='visit-card__who'>{as === 'host' ? visit.visitorName : `拜访 ${visit.host.name}`}</Text>
        <Pill tone={STATUS_TONES[visit.status]}>{VISIT_STATUS_LABELS[visit.status]}</Pill>
      </View>
      <View className='visit-card__line'>{windowText(visit.startAt, visit.endAt)}</View>
      <View className='visit-card__line visit-card__muted'>
        {as === 'host' ? `${visit.company ?? '个人'} · ${visit.purpose}` : `${visit.host.unitName ?? ''} · ${visit.purpose}`}
      </View>
      {(visit.plateNo || visit.companions.length > 0) && (
        <View className='visit-card__line visit-card__muted'>
          {[visit.plateNo ? `车辆 ${visit.plateNo}` : '', visit.companions.length ? `同行 ${visit.companions.length} 人` : ''].filter(Boolean).join(' · ')}
        </View>
      )}
      {visit.can.approve && <View className='visit-card__todo'>等待您审批</View>}
    </View>
  )
}
