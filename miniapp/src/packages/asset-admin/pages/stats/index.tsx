import { useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { assetStatsApi, formatMoney, type AssetStats } from '@egj/shared'
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
import { AssetNav } from '../../components/AssetNav'
import { downloadAssetStats } from '../../lib/files'
import '../../components/ui.scss'
import './index.scss'

/** 公物仓统计 (the centre): a month's 入仓、调剂、借用、value reused, overdue loans, purchases and their 查询凭证; by unit; .xlsx. */
export default function AssetStatsPage() {
  const [month, setMonth] = useState(thisMonthInShanghai())
  const stats = useResource(() => request(assetStatsApi.stats, { query: { month } }), { key: [month] })
  const exporting = useSubmit((m: string) => downloadAssetStats(m))
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
    <Page className='ast'>
      <AssetNav current='stats' />
      <View className='ast__bar'>
        <Picker mode='date' fields='month' value={month} end={thisMonthInShanghai()} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
          <View className='ast__month'>
            <Text className='ast__month-text'>{monthLabel(month)}</Text>
            <Text className='ast__month-caret'>▾</Text>
          </View>
        </Picker>
        <Button size='small' type='primary' fill='outline' loading={exporting.busy} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
      </View>
      <PageGate state={stats.state} needs={['admin']} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void stats.reload()}>
        {(data) => (
          <>
            <View className='ast__hero'>
              <View className='ast__hero-label'>本月节约（调剂、借用资产的价值）</View>
              <View className='ast__hero-row'>
                <View className='ast__hero-cell'>
                  <Text className='ast__hero-value'>{formatMoney(data.reusedOriginalFen)}</Text>
                  <Text className='ast__hero-caption'>原值</Text>
                </View>
                <View className='ast__hero-cell'>
                  <Text className='ast__hero-value'>{formatMoney(data.reusedResidualFen)}</Text>
                  <Text className='ast__hero-caption'>残值</Text>
                </View>
              </View>
            </View>
            <View className='ast__grid'>
              <Figure label='入仓（件）' value={data.listed} />
              <Figure label='完成调剂（次）' value={data.transfersDone} />
              <Figure label='借出（次）' value={data.loansDone} />
              <Figure label='当前逾期未还' value={data.overdueNow} tone={data.overdueNow ? 'red' : undefined} />
              <Figure label='当前闲置（件）' value={data.idleNow} />
              <Figure label='购置申请' value={data.purchases} />
              <Figure label='购置前查询' value={data.checks} />
              <Figure label='查到可调剂' value={data.checksWithMatches} />
            </View>
            <ByUnit data={data} />
            <View className='aa-bottom-space' />
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}

function Figure({ label, value, tone }: { label: string; value: number; tone?: 'red' }) {
  return (
    <View className='ast__figure'>
      <Text className={`ast__figure-value ${tone ? `ast__figure-value--${tone}` : ''}`}>{value}</Text>
      <Text className='ast__figure-label'>{label}</Text>
    </View>
  )
}

function ByUnit({ data }: { data: AssetStats }) {
  return (
    <Card title='按单位' className='ast__card'>
      <View className='ast__row ast__row--head'>
        <Text className='ast__cell ast__cell--name'>单位</Text>
        <Text className='ast__cell'>入仓</Text>
        <Text className='ast__cell'>调入</Text>
        <Text className='ast__cell'>调出</Text>
        <Text className='ast__cell'>借出</Text>
        <Text className='ast__cell ast__cell--money'>节约原值</Text>
      </View>
      {!data.byUnit.length && <View className='vf-empty-line'>本月各单位还没有入仓、调剂或借用</View>}
      {data.byUnit.map((r) => (
        <View key={r.unitId} className='ast__row'>
          <Text className='ast__cell ast__cell--name'>{r.unitName}</Text>
          <Text className='ast__cell'>{r.listed}</Text>
          <Text className='ast__cell'>{r.transfersIn}</Text>
          <Text className='ast__cell'>{r.transfersOut}</Text>
          <Text className='ast__cell'>{r.loansOut}</Text>
          <Text className='ast__cell ast__cell--money'>{formatMoney(r.reusedOriginalFen)}</Text>
        </View>
      ))}
    </Card>
  )
}
