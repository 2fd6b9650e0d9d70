import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { formatMoney, ticketsApi, type TicketStats } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { SAVES_TO_DEVICE } from '../../../../utils/platform'
import { monthLabel, thisMonthInShanghai } from '../../../../utils/time'
import { RepairNav } from '../../components/RepairNav'
import { downloadTicketStats } from '../../lib/files'
import { percentText } from '../../lib/minutes'
import '../../components/ui.scss'
import './index.scss'

/** 报修统计 (the centre): a month's tickets by category, unit and firm; on-time, hours, satisfaction, reopen and repeat rates; 服务受理 answered; .xlsx. */
export default function RepairStatsPage() {
  const [month, setMonth] = useState(thisMonthInShanghai())
  const stats = useResource(() => request(ticketsApi.stats, { query: { month } }), { key: [month] })
  const exporting = useSubmit((m: string) => downloadTicketStats(m))
  const actions = useActionDialog()

  const exportXlsx = async () => {
    try {
      await exporting.submit(month)
      if (SAVES_TO_DEVICE) toast('已导出', 'success')
    } catch (e) {
      actions.fail(e, { title: '导出失败' })
    }
  }

  return (
    <Page className='rst'>
      <RepairNav current='stats' />
      <View className='rst__bar'>
        <Picker mode='date' fields='month' value={month} end={thisMonthInShanghai()} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
          <View className='rst__month'>
            <Text className='rst__month-text'>{monthLabel(month)}</Text>
            <Text className='rst__month-caret'>▾</Text>
          </View>
        </Picker>
        <Button size='small' type='primary' fill='outline' loading={exporting.busy} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
      </View>
      <PageGate state={stats.state} needs={['admin']} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void stats.reload()}>
        {(data) => (
          <>
            <View className='rst__hero'>
              <View className='rst__hero-label'>本月工单（含服务受理）</View>
              <View className='rst__hero-row'>
                <View className='rst__hero-cell'>
                  <Text className='rst__hero-value'>{data.total}</Text>
                  <Text className='rst__hero-caption'>总数（件）</Text>
                </View>
                <View className='rst__hero-cell'>
                  <Text className='rst__hero-value'>{percentText(data.satisfactionPercent)}</Text>
                  <Text className='rst__hero-caption'>满意度</Text>
                </View>
                <View className='rst__hero-cell'>
                  <Text className='rst__hero-value'>{data.averageRating === null ? '—' : data.averageRating.toFixed(1)}</Text>
                  <Text className='rst__hero-caption'>平均评分</Text>
                </View>
              </View>
            </View>
            <View className='rst__grid'>
              <Figure label='接单及时率' value={percentText(data.acceptedOnTimePercent)} tone={lowTone(data.acceptedOnTimePercent)} />
              <Figure label='完成及时率' value={percentText(data.finishedOnTimePercent)} tone={lowTone(data.finishedOnTimePercent)} />
              <Figure label='平均完成工时' value={data.averageFinishHours === null ? '—' : `${data.averageFinishHours.toFixed(1)} 小时`} />
              <Figure label='返修率' value={percentText(data.reopenRatePercent)} />
              <Figure label='重复报修（件）' value={String(data.repeatCount)} tone={data.repeatCount ? 'orange' : undefined} />
              <Figure label='服务受理' value={String(data.serviceRequests.total)} />
              <Figure label='已答复' value={String(data.serviceRequests.replied)} />
              <Figure label='外协费用' value={formatMoney(data.byFirm.reduce((sum, f) => sum + (f.firmId === null ? 0 : f.costFen), 0))} small />
            </View>
            <ByCategory data={data} />
            <ByUnit data={data} />
            <ByFirm data={data} />
            <View className='ra-bottom-space' />
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}

/** On-time shares under 90 % in orange, under 75 % in red. */
const lowTone = (percent: number | null) => (percent === null ? undefined : percent < 75 ? 'red' : percent < 90 ? 'orange' : undefined)

function Figure({ label, value, tone, small }: { label: string; value: string; tone?: 'red' | 'orange'; small?: boolean }) {
  return (
    <View className='rst__figure'>
      <Text className={`rst__figure-value ${tone ? `rst__figure-value--${tone}` : ''} ${small ? 'rst__figure-value--small' : ''}`}>{value}</Text>
      <Text className='rst__figure-label'>{label}</Text>
    </View>
  )
}

/** A bar for each category: its share of the month's tickets. */
function ByCategory({ data }: { data: TicketStats }) {
  const max = Math.max(1, ...data.byCategory.map((c) => c.count))
  return (
    <Card title='按类别' className='rst__card'>
      {!data.byCategory.length && <View className='rst__none'>本月还没有报修</View>}
      {data.byCategory.map((c) => (
        <View key={c.category} className='rst__bar-row'>
          <Text className='rst__bar-name'>{c.label}</Text>
          <View className='rst__bar-track'>
            <View className='rst__bar-fill' style={{ width: `${Math.round((c.count / max) * 100)}%` }} />
          </View>
          <Text className='rst__bar-count'>{c.count}</Text>
        </View>
      ))}
    </Card>
  )
}

function ByUnit({ data }: { data: TicketStats }) {
  return (
    <Card title='按报修单位' className='rst__card'>
      {!data.byUnit.length && <View className='rst__none'>本月还没有报修</View>}
      {data.byUnit.map((u) => (
        <View key={u.unitId ?? 'none'} className='rst__row'>
          <Text className='rst__cell rst__cell--name'>{u.unitName}</Text>
          <Text className='rst__cell'>{u.count} 件</Text>
        </View>
      ))}
    </Card>
  )
}

function ByFirm({ data }: { data: TicketStats }) {
  return (
    <Card title='按维修单位（外协费用）' className='rst__card'>
      <View className='rst__row rst__row--head'>
        <Text className='rst__cell rst__cell--name'>维修单位</Text>
        <Text className='rst__cell'>工单</Text>
        <Text className='rst__cell rst__cell--money'>费用</Text>
      </View>
      {!data.byFirm.length && <View className='rst__none'>本月没有派给维修单位的工单</View>}
      {data.byFirm.map((f) => (
        <View key={f.firmId ?? 'inhouse'} className='rst__row'>
          <Text className='rst__cell rst__cell--name'>{f.firmName}</Text>
          <Text className='rst__cell'>{f.tickets}</Text>
          <Text className='rst__cell rst__cell--money'>{formatMoney(f.costFen)}</Text>
        </View>
      ))}
    </Card>
  )
}
