import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { formatMoney, vehicleAdminApi, type VehicleStats } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { SAVES_TO_DEVICE } from '../../../../utils/platform'
import { monthLabel, thisMonthInShanghai } from '../../../../utils/vehicles'
import { AdminNav } from '../../components/AdminNav'
import { downloadVehicleStats } from '../../lib/files'
import './index.scss'

type By = 'vehicle' | 'driver' | 'unit'

/** 用车统计 (admin): a month's tasks, km and costs by car, driver and requesting unit; 费用回收; .xlsx. */
export default function VehicleStatsPage() {
  const [month, setMonth] = useState(thisMonthInShanghai())
  const [by, setBy] = useState<By>('vehicle')
  const stats = useResource(() => request(vehicleAdminApi.stats, { query: { month } }), { key: [month] })
  const [exporting, setExporting] = useState(false)
  const actions = useActionDialog()

  const exportXlsx = async () => {
    setExporting(true)
    try {
      await downloadVehicleStats(month)
      if (SAVES_TO_DEVICE) toast('已导出', 'success')
    } catch (e) {
      actions.fail(e, { title: '导出失败' })
    } finally {
      setExporting(false)
    }
  }

  return (
    <Page className='vst'>
      <AdminNav current='stats' />
      <View className='vst__bar'>
        <Picker mode='date' fields='month' value={month} end={thisMonthInShanghai()} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
          <View className='vst__month'>
            <Text className='vst__month-text'>{monthLabel(month)}</Text>
            <Text className='vst__month-caret'>▾</Text>
          </View>
        </Picker>
        <Button size='small' type='primary' fill='outline' loading={exporting} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
      </View>
      <PageGate state={stats.state} needs={['admin']} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void stats.reload()}>
        {(data) => (
          <>
            <View className='vst__totals'>
              <View className='vst__total'>
                <Text className='vst__total-value'>{data.totals.tasks}</Text>
                <Text className='vst__total-label'>任务（次）</Text>
              </View>
              <View className='vst__total'>
                <Text className='vst__total-value'>{data.totals.km.toLocaleString('zh-CN')}</Text>
                <Text className='vst__total-label'>里程（km）</Text>
              </View>
              <View className='vst__total'>
                <Text className='vst__total-value vst__total-value--money'>{formatMoney(data.totals.costFen)}</Text>
                <Text className='vst__total-label'>实际费用</Text>
              </View>
            </View>
            <View className='vst__rate'>费用回收 = 里程 × {formatMoney(data.chargePerKmFen)}/km + 通行费、停车费、油费/充电费</View>

            <View className='vst__tabs'>
              <Segmented
                options={[
                  { value: 'vehicle', label: '按车辆' },
                  { value: 'driver', label: '按驾驶员' },
                  { value: 'unit', label: '按用车单位' },
                ]}
                value={by}
                onChange={setBy}
              />
            </View>
            <StatsTable data={data} by={by} />
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}

function StatsTable({ data, by }: { data: VehicleStats; by: By }) {
  const rows =
    by === 'vehicle'
      ? data.byVehicle.map((r) => ({ key: `v${r.vehicleId}`, name: r.plateNo, tasks: r.tasks, km: r.km, cost: r.costFen, last: r.per100Km === null ? '—' : `${r.per100Km.toFixed(1)} ${r.energy === 'electric' ? '度' : '升'}` }))
      : by === 'driver'
        ? data.byDriver.map((r) => ({ key: `d${r.driverId}`, name: r.name, tasks: r.tasks, km: r.km, cost: r.costFen, last: null }))
        : data.byUnit.map((r) => ({ key: `u${r.unitId ?? 0}`, name: r.unitName, tasks: r.tasks, km: r.km, cost: r.costFen, last: formatMoney(r.chargeFen) }))
  const lastHead = by === 'vehicle' ? '百公里能耗' : by === 'unit' ? '费用回收' : null
  return (
    <Card className='vst__card'>
      <View className='vst__row vst__row--head'>
        <Text className='vst__cell vst__cell--name'>{by === 'vehicle' ? '车辆' : by === 'driver' ? '驾驶员' : '用车单位'}</Text>
        <Text className='vst__cell'>任务</Text>
        <Text className='vst__cell'>里程</Text>
        <Text className='vst__cell vst__cell--money'>费用</Text>
        {lastHead && <Text className='vst__cell vst__cell--money'>{lastHead}</Text>}
      </View>
      {!rows.length && <View className='vf-empty-line'>本月还没有完成的行程</View>}
      {rows.map((r) => (
        <View key={r.key} className='vst__row'>
          <Text className='vst__cell vst__cell--name'>{r.name}</Text>
          <Text className='vst__cell'>{r.tasks}</Text>
          <Text className='vst__cell'>{r.km}</Text>
          <Text className='vst__cell vst__cell--money'>{formatMoney(r.cost)}</Text>
          {lastHead && <Text className={`vst__cell vst__cell--money ${by === 'unit' ? 'vst__cell--strong' : ''}`}>{r.last}</Text>}
        </View>
      ))}
    </Card>
  )
}
