import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Transit } from '@nutui/icons-react-taro'
import { dispatchApi, inShanghai, VEHICLE_STATUS_LABELS, VEHICLE_TYPE_LABELS, type VehicleRequest } from '@egj/shared'
import { request } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { RequestCard } from '../../../../components/VehicleBits'
import { useResource } from '../../../../hooks/useResource'
import { addDays, dayText, todayInShanghai } from '../../../../utils/vehicles'
import { AssignSheet } from '../../components/AssignSheet'
import { TimelineRow, TimeScale } from '../../components/Timeline'
import './index.scss'

const isDay = (text: string | undefined): text is string => !!text && /^\d{4}-\d{2}-\d{2}$/.test(text)

/** 派车: the dispatcher's board for one day. */
export default function DispatchBoardPage() {
  const param = useRouter().params.date
  const [date, setDate] = useState(isDay(param) ? param : todayInShanghai())
  const board = useResource(() => request(dispatchApi.board, { query: { date } }), { key: [date] })
  const [target, setTarget] = useState<VehicleRequest | null>(null)
  const [highlight, setHighlight] = useState<number | null>(null)

  const today = todayInShanghai()
  const now = date === today ? (() => {
    const t = inShanghai(new Date())
    return t.hour() * 60 + t.minute()
  })() : null

  return (
    <Page className='db'>
      <View className='db__dates'>
        <View className='db__step' onClick={() => setDate(addDays(date, -1))}>
          ‹ 前一天
        </View>
        <Picker mode='date' value={date} onChange={(e) => setDate(String(e.detail.value))}>
          <View className='db__date'>
            <Text className='db__date-text'>{dayText(`${date}T12:00:00+08:00`)}</Text>
            {date === today ? <Text className='db__today'>今天</Text> : null}
          </View>
        </Picker>
        <View className='db__step' onClick={() => setDate(addDays(date, 1))}>
          后一天 ›
        </View>
      </View>
      {date !== today && (
        <View className='db__back-today' onClick={() => setDate(today)}>
          回到今天
        </View>
      )}

      <PageGate state={board.state} guest='登录后查看派车看板' needs={['dispatcher']} icon={<Transit size={48} color={GREY_ICON} />} onRetry={() => void board.reload()}>
        {(data) => {
          const waiting = data.requests.filter((r) => r.status === 'approved')
          const assigned = data.requests.filter((r) => r.status !== 'approved')
          const activeCars = data.vehicles.filter((v) => v.status !== 'retired')
          return (
            <>
              <View className='egj-section-title db__title'>
                待派车 <Text className='db__count'>{waiting.length}</Text>
              </View>
              {!waiting.length && <View className='egj-card db__none'>这一天没有等待派车的申请</View>}
              {waiting.map((r) => (
                <RequestCard
                  key={r.id}
                  request={r}
                  showRequester
                  onClick={() => setTarget(r)}
                  extra={
                    <View className='db__assign'>
                      <Button type='primary' size='small' onClick={() => setTarget(r)}>
                        派车
                      </Button>
                    </View>
                  }
                />
              ))}

              {assigned.length > 0 && (
                <>
                  <View className='egj-section-title db__title'>
                    已派车 <Text className='db__count'>{assigned.length}</Text>
                  </View>
                  {assigned.map((r) => (
                    <RequestCard
                      key={r.id}
                      request={r}
                      showRequester
                      onClick={() => setHighlight(highlight === r.id ? null : r.id)}
                      extra={
                        r.status === 'dispatched' ? (
                          <View className='db__assign'>
                            <Button type='primary' fill='outline' size='small' onClick={() => setTarget(r)}>
                              改派
                            </Button>
                          </View>
                        ) : undefined
                      }
                    />
                  ))}
                </>
              )}

              <View className='egj-section-title db__title'>车辆 · {activeCars.length}</View>
              <View className='egj-card db__timeline'>
                <TimeScale />
                {activeCars.map((v) => (
                  <TimelineRow
                    key={v.id}
                    title={v.plateNo}
                    sub={`${VEHICLE_TYPE_LABELS[v.type]} · ${v.seats}座`}
                    off={v.status !== 'active' ? VEHICLE_STATUS_LABELS[v.status] : undefined}
                    day={date}
                    commitments={v.commitments}
                    highlight={highlight}
                    now={now}
                  />
                ))}
                {!activeCars.length && <View className='db__none'>还没有登记车辆</View>}
              </View>

              <View className='egj-section-title db__title'>驾驶员 · {data.drivers.length}</View>
              <View className='egj-card db__timeline'>
                <TimeScale />
                {data.drivers.map((d) => (
                  <TimelineRow key={d.id} title={d.name} sub='在岗' off={d.onDuty ? undefined : '休息'} day={date} commitments={d.commitments} highlight={highlight} now={now} />
                ))}
                {!data.drivers.length && <View className='db__none'>还没有登记驾驶员</View>}
              </View>
              <View className='db__legend'>
                <Text className='db__legend-item db__legend-item--dispatched'>已派车</Text>
                <Text className='db__legend-item db__legend-item--running'>执行中</Text>
                <Text className='db__legend-item db__legend-item--done'>已完成</Text>
              </View>
            </>
          )
        }}
      </PageGate>

      <AssignSheet
        target={target}
        onClose={() => setTarget(null)}
        onDone={(updated) => {
          toast(target?.vehicle ? '已改派' : '已派车', 'success')
          setTarget(null)
          setHighlight(updated.id)
          void board.reload()
        }}
      />
    </Page>
  )
}
