import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Order } from '@nutui/icons-react-taro'
import { EmptyState } from '../../../../components/EmptyState'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { RepairNav, useHasRole } from '../../components/RepairNav'
import { TicketRow } from '../../components/TicketRow'
import { inQueueTab, QUEUE_TAB_LABELS, type QueueTab } from '../../lib/lists'
import { useTicketPages } from '../../lib/useTicketPages'
import '../../components/ui.scss'

/** The tabs filtered here from the open repair queue (one request; the BFF sorts it by due time). */
const QUEUE_TABS: QueueTab[] = ['waiting', 'working', 'overdue', 'open']
const EMPTY: Record<QueueTab, { title: string; description?: string }> = {
  waiting: { title: '没有待派单的报修', description: '新的报修会出现在这里，按到期时间排列' },
  working: { title: '没有处理中的报修' },
  overdue: { title: '没有超时的报修' },
  open: { title: '没有未完成的报修' },
  service: { title: '没有待答复的服务受理', description: '意见建议、投诉、咨询会出现在这里' },
  all: { title: '还没有工单' },
}

function queryOf(tab: QueueTab) {
  if (tab === 'service') return { as: 'admin' as const, kind: 'service' as const, status: 'open' as const, limit: 50 }
  if (tab === 'all') return { as: 'admin' as const, limit: 50 }
  return { as: 'dispatch' as const, status: 'open' as const, limit: 100 }
}

/** 派单 (报修调度员; the centre: 服务受理 and every ticket too): the open repairs by due time; tap one to assign it on its page. */
export default function RepairQueuePage() {
  const view = useRouter().params.view
  const gate = useRoleGate(['repair_dispatcher', 'admin'], { icon: <Order size={48} color={GREY_ICON} /> })
  const isAdmin = useHasRole('admin')
  const [tab, setTab] = useState<QueueTab>(view === 'service' ? 'service' : view === 'all' ? 'all' : 'waiting')
  const tabs = isAdmin ? [...QUEUE_TABS, 'service' as const, 'all' as const] : QUEUE_TABS
  const { list, items, more, loadMore, now } = useTicketPages(queryOf(tab), !gate)
  const shared = QUEUE_TABS.includes(tab)
  const shown = items.filter((item) => inQueueTab(tab, item, now))

  if (gate) return <Page className='ra-queue'>{gate}</Page>

  return (
    <Page className='ra-queue'>
      <RepairNav current='queue' />
      <View className='ra-tabs'>
        {tabs.map((t) => (
          <View key={t} className={`ra-tab ${t === tab ? 'ra-tab--on' : ''}`} onClick={() => t !== tab && setTab(t)}>
            <Text>{QUEUE_TAB_LABELS[t]}</Text>
            {/* the four queue tabs share one list: their counts are known at once */}
            {shared && QUEUE_TABS.includes(t) && list.data && <Text className='ra-tab__count'>{items.filter((item) => inQueueTab(t, item, now)).length}</Text>}
          </View>
        ))}
      </View>
      <PageGate state={list.state} needs={['repair_dispatcher']} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void list.reload()}>
        {() => (
          <>
            {shown.length === 0 && !more.cursor ? (
              <EmptyState icon={<Order size={48} color={GREY_ICON} />} title={EMPTY[tab].title} description={EMPTY[tab].description} />
            ) : (
              shown.map((item) => <TicketRow key={item.id} item={item} now={now} />)
            )}
            {more.cursor ? (
              <View className='ra-more' onClick={loadMore}>
                {more.busy ? '加载中…' : more.problem ? `${more.problem}，点此重试` : '加载更多'}
              </View>
            ) : (
              shown.length > 0 && <View className='ra-more ra-more--muted'>没有更多了</View>
            )}
            <View className='ra-bottom-space' />
          </>
        )}
      </PageGate>
    </Page>
  )
}
