import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { ArrowRight, Order } from '@nutui/icons-react-taro'
import { cockpitApi, INDICATOR_KEYS, indicatorOf, PAGES, type CockpitRecords, type IndicatorKey } from '@egj/shared'
import { request } from '../../../../api/client'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useCursorList } from '../../../../hooks/useCursorList'
import { dayText, momentText, todayInShanghai } from '../../../../utils/time'
import { formatValue } from '../../lib/cockpit-view'
import { readParam } from '../../lib/links'
import '../../components/cockpit.scss'

const isKey = (text: string | undefined): text is IndicatorKey => !!text && (INDICATOR_KEYS as readonly string[]).includes(text)

type Head = Omit<CockpitRecords, 'items' | 'nextCursor'>

/** 指标明细: the records one number counts (payments, visits, car requests …), page by page. */
export default function RecordsPage() {
  const params = useRouter().params
  const key = isKey(params.key) ? params.key : 'meal_payments'
  const date = readParam(PAGES.cockpitRecords.query.date, params.date) ?? todayInShanghai()
  const unitId = readParam(PAGES.cockpitRecords.query.unitId, params.unitId)
  // the first page's heading (name, scope, the tile's number): later pages only add rows
  const [head, setHead] = useState<Head | null>(null)
  const list = useCursorList(
    (cursor) =>
      request(cockpitApi.records, { params: { key }, query: { date, unitId, cursor } }).then((page) => {
        if (!cursor) setHead({ key: page.key, name: page.name, date: page.date, scopeName: page.scopeName, value: page.value })
        return page
      }),
    [key, date, unitId],
  )
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()))
  const unit = indicatorOf(key).unit

  return (
    <Page className='ck'>
      <PageGate
        state={list.state}
        needs={['leader', 'approver']}
        icon={<Order size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => !page.items.length}
        empty={{ title: '没有记录', description: `${head?.scopeName ?? ''} ${dayText(date)} 这项指标没有记录` }}
      >
        {(page) => (
          <>
            <View className='ck-records-head'>
              <View className='ck-records-head__name'>{head?.name ?? indicatorOf(key).name}</View>
              <View className='ck-records-head__count'>
                共 {formatValue(head?.value ?? null, unit)} {unit}
              </View>
              <View className='ck-records-head__scope'>
                {head?.scopeName ?? ''} · {dayText(date)}
              </View>
            </View>
            {page.items.map((record) => (
              <View key={record.id} className='ck-record' onClick={record.url ? () => void Taro.navigateTo({ url: record.url! }) : undefined}>
                <View className='ck-record__main'>
                  <View className='ck-record__title'>{record.title}</View>
                  {record.subtitle && <View className='ck-record__sub'>{record.subtitle}</View>}
                  <View className='ck-record__meta'>{[record.at ? momentText(record.at) : null, record.unitName].filter(Boolean).join(' · ')}</View>
                </View>
                {record.amount && <Text className='ck-record__amount'>{record.amount}</Text>}
                {record.url && <ArrowRight size={12} color={GREY_ICON} />}
              </View>
            ))}
            <View className='ck-more' onClick={() => void list.loadMore()}>
              {list.more.busy ? '加载中…' : list.more.problem ? `${list.more.problem}，点此重试` : page.nextCursor ? '加载更多' : `已显示全部 ${page.items.length} 条`}
            </View>
          </>
        )}
      </PageGate>
    </Page>
  )
}
