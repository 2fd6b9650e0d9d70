import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { roomAdminApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, PickerValue, Stat } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { SAVES_TO_DEVICE } from '../../../../utils/platform'
import { thisMonthInShanghai } from '../../../../utils/rooms'
import { downloadStats } from '../../lib/files'
import './index.scss'

const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`

/** 会议室统计 (admin): a month's meetings, attendee-times, utilisation and no-shows per room; .xlsx. */
export default function RoomStatsPage() {
  const [month, setMonth] = useState(thisMonthInShanghai)
  const { state, reload } = useResource(() => request(roomAdminApi.stats, { query: { month } }), { key: [month] })
  const [exporting, setExporting] = useState(false)
  const actions = useActionDialog()

  const exportXlsx = async () => {
    setExporting(true)
    try {
      await downloadStats(month)
      if (SAVES_TO_DEVICE) toast('已下载', 'success')
    } catch (e) {
      actions.fail(e, { title: '导出失败' })
    } finally {
      setExporting(false)
    }
  }

  return (
    <Page className='room-stats'>
      <View className='room-stats__head'>
        <Text className='room-stats__label'>统计月份</Text>
        <PickerValue mode='date' fields='month' value={month} end={thisMonthInShanghai()} text={monthLabel(month)} onChange={(value) => setMonth(value.slice(0, 7))} />
      </View>
      <PageGate state={state} needs={['admin']} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void reload()}>
        {(stats) => (
          <>
            <Card>
              <View className='room-stats__totals'>
                <Stat label='会议场次' value={stats.meetings} tone='blue' />
                <Stat label='参会人次' value={stats.attendeeTimes} />
                <Stat label='爽约' value={stats.noShows} tone={stats.noShows ? 'red' : undefined} />
                <Stat label='爽约率' value={percent(stats.noShowRate)} tone={stats.noShowRate > 0.1 ? 'red' : undefined} />
              </View>
            </Card>

            <Card title='各会议室'>
              <View className='room-stats__table'>
                <View className='room-stats__row room-stats__row--head'>
                  <Text className='room-stats__cell room-stats__cell--name'>会议室</Text>
                  <Text className='room-stats__cell'>场次</Text>
                  <Text className='room-stats__cell'>人次</Text>
                  <Text className='room-stats__cell'>使用率</Text>
                  <Text className='room-stats__cell'>爽约</Text>
                </View>
                {!stats.byRoom.length && <View className='vf-empty-line'>本月没有会议室数据</View>}
                {stats.byRoom.map((row) => (
                  <View key={row.roomId} className='room-stats__row'>
                    <View className='room-stats__cell room-stats__cell--name'>
                      <View className='room-stats__room'>{row.name}</View>
                      <View className='room-stats__bar'>
                        <View className='room-stats__bar-fill' style={{ width: `${Math.min(row.utilisation, 1) * 100}%` }} />
                      </View>
                      <View className='room-stats__hours'>
                        {row.bookedHours.toFixed(1)} / {row.openHours.toFixed(0)} 小时
                      </View>
                    </View>
                    <Text className='room-stats__cell'>{row.meetings}</Text>
                    <Text className='room-stats__cell'>{row.attendeeTimes}</Text>
                    <Text className='room-stats__cell room-stats__cell--strong'>{percent(row.utilisation)}</Text>
                    <Text className={`room-stats__cell ${row.noShows ? 'room-stats__cell--red' : ''}`}>{row.noShows}</Text>
                  </View>
                ))}
              </View>
            </Card>

            {stats.byOrganiser.some((o) => o.noShows > 0) && (
              <Card title='爽约较多的预订人'>
                {stats.byOrganiser
                  .filter((o) => o.noShows > 0)
                  .sort((a, b) => b.noShows - a.noShows)
                  .slice(0, 10)
                  .map((o) => (
                    <View key={`${o.name}-${o.unitName ?? ''}`} className='room-stats__org'>
                      <Text className='room-stats__org-name'>
                        {o.name}
                        {o.unitName ? ` · ${o.unitName}` : ''}
                      </Text>
                      <Text className='room-stats__org-n'>
                        爽约 {o.noShows} / {o.meetings} 场
                      </Text>
                    </View>
                  ))}
              </Card>
            )}

            <View className='vf-actions'>
              <Button type='primary' size='large' block loading={exporting} onClick={() => void exportXlsx()}>
                导出 Excel
              </Button>
              <View className='room-stats__hint'>{SAVES_TO_DEVICE ? '表格下载到本机，可用 Excel 或 WPS 打开' : '表格打开后可通过右上角菜单转发或保存'}</View>
            </View>
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
