import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Order } from '@nutui/icons-react-taro'
import { gateApi, inShanghai, VISIT_STATUS_LABELS } from '@egj/shared'
import { request } from '../../../../api/client'
import { Card, PickerValue, Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { clockText, dayText, STATUS_TONES, todayInShanghai, visitStartOf } from '../../../../utils/visits'
import { GateNav } from '../../components/GateNav'
import './index.scss'

const shift = (day: string, days: number) => inShanghai(`${day}T12:00:00+08:00`).add(days, 'day').format('YYYY-MM-DD')

/** 今日预约: who and which cars are expected on a day (today by default). */
export default function GateExpectedPage() {
  const gate = useRoleGate(['guard', 'admin'])
  const today = todayInShanghai()
  const [date, setDate] = useState(today)
  const list = useResource(() => request(gateApi.expected, { query: { date } }), { key: [date], enabled: !gate })
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()))
  const quick = date === shift(today, -1) ? 'y' : date === today ? 't' : date === shift(today, 1) ? 'm' : 'x'

  if (gate) return <Page className='gate-expected'>{gate}</Page>
  return (
    <Page className='gate-expected'>
      <GateNav current='expected' />
      <View className='gate-expected__dates'>
        <Segmented
          className='gate-expected__seg'
          options={[
            { value: 'y', label: '昨天' },
            { value: 't', label: '今天' },
            { value: 'm', label: '明天' },
          ]}
          value={quick}
          onChange={(v) => setDate(v === 'y' ? shift(today, -1) : v === 'm' ? shift(today, 1) : today)}
        />
        <PickerValue mode='date' value={date} text={dayText(`${date}T12:00:00+08:00`)} onChange={setDate} />
      </View>
      <PageGate state={list.state} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void list.reload()} isEmpty={(d) => d.items.length === 0} empty={{ title: `${dayText(`${date}T12:00:00+08:00`)} 没有预约来访` }}>
        {(d) => (
          <>
            <View className='gate-expected__count'>
              共 {d.items.length} 位访客 · {d.plates.length} 辆车 · 已入园 {d.items.filter((v) => v.status === 'checked_in').length}
            </View>
            {d.plates.length > 0 && (
              <Card title='预约车辆'>
                <View className='gate-expected__plates'>
                  {d.plates.map((p) => (
                    <View key={`${p.visitId}-${p.plateNo}`} className='gate-expected__plate'>
                      <Text className='gate-expected__plate-no'>{p.plateNo}</Text>
                      <Text className='gate-expected__plate-who'>{p.visitorName}</Text>
                    </View>
                  ))}
                </View>
              </Card>
            )}
            <Card title='预约访客'>
              {d.items.map((v) => (
                <View key={v.id} className='gate-expected__item'>
                  <View className='gate-expected__top'>
                    <Text className='gate-expected__name'>
                      {v.visitorName}
                      {v.companions > 0 ? ` +${v.companions}` : ''}
                    </Text>
                    <Pill tone={STATUS_TONES[v.status]}>{VISIT_STATUS_LABELS[v.status]}</Pill>
                  </View>
                  <View className='gate-expected__line'>
                    {clockText(visitStartOf(v.validFrom))}–{clockText(v.validTo)} · 被访人 {v.hostName}
                    {v.hostUnitName ? `（${v.hostUnitName}）` : ''}
                  </View>
                  {(v.plateNo || v.checkedInAt) && (
                    <View className='gate-expected__line gate-expected__muted'>
                      {[v.plateNo ? `车牌 ${v.plateNo}` : '', v.checkedInAt ? `${clockText(v.checkedInAt)} 入园` : ''].filter(Boolean).join(' · ')}
                    </View>
                  )}
                </View>
              ))}
            </Card>
          </>
        )}
      </PageGate>
    </Page>
  )
}
