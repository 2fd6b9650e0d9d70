import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { ticketsApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { ListFooter, TicketRow } from '../../components/RepairBits'
import { MINE_TABS, reportPage, type MineTab } from '../../lib/repair'
import { useCursorList } from '../../../../hooks/useCursorList'
import '../../components/repair.scss'

const EMPTY: Record<MineTab, { title: string; description: string }> = {
  open: { title: '没有进行中的报修', description: '扫报修处的二维码或选择地点即可报修，也可以提意见建议、投诉或咨询' },
  finished: { title: '没有待确认的工单', description: '维修完工或答复后会在这里，请您确认并评价' },
  closed: { title: '还没有已完成的工单', description: '确认评价后的工单会在这里' },
}

/** 我的报修: my tickets (报修 and 服务受理) by where they are, paged; opened on `tab` when asked (home's 待确认 opens 待确认). */
export default function RepairMinePage() {
  const asked = useRouter().params.tab
  const [tab, setTab] = useState<MineTab>(() => MINE_TABS.find((t) => t.value === asked)?.value ?? 'open')
  const list = useCursorList((cursor) => request(ticketsApi.list, { query: { as: 'mine', status: tab, cursor } }), [tab])
  const report = () => void Taro.navigateTo({ url: reportPage() })

  return (
    <Page className='rp-mine'>
      <View className='rp-tabs'>
        <Segmented options={MINE_TABS} value={tab} onChange={setTab} />
      </View>
      <PageGate
        state={list.state}
        guest='登录后查看我的报修'
        icon={<Order size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => !page.items.length}
        empty={{ ...EMPTY[tab], action: tab === 'open' ? { text: '我要报修', onClick: report } : undefined }}
      >
        {(page) => (
          <>
            {page.items.map((ticket) => (
              <TicketRow key={ticket.id} ticket={ticket} />
            ))}
            <ListFooter hasMore={!!page.nextCursor} busy={list.more.busy} problem={list.more.problem} onMore={() => void list.loadMore()} />
            <View className='rp-cta'>
              <Button type='primary' size='large' block onClick={report}>
                我要报修
              </Button>
            </View>
          </>
        )}
      </PageGate>
    </Page>
  )
}
