import { useState } from 'react'
import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ArrowTransfer } from '@nutui/icons-react-taro'
import { assetTransfersApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { AssetNav, ListFooter, useKeeper } from '../../components/AssetBits'
import { TransferCard } from '../../components/Cards'
import { useCursorList } from '../../../../hooks/useCursorList'
import '../../components/asset.scss'

type TransferView = 'mine' | 'todo' | 'all'
const TABS: { value: TransferView; label: string }[] = [
  { value: 'mine', label: '本单位' },
  { value: 'todo', label: '待我处理' },
  { value: 'all', label: '全部' },
]

const EMPTY: Record<TransferView, { title: string; description: string }> = {
  mine: { title: '本单位暂无调剂', description: '在公物仓找到其他单位的闲置资产，可申请调剂到本单位' },
  todo: { title: '没有待处理的调剂', description: '需要您同意、审批或确认接收的调剂单会在这里和消息中提醒' },
  all: { title: '暂无调剂单', description: '各单位申请调剂后会在这里列出' },
}

/** 调剂: my unit's transfers (asked for, or of its assets), those waiting for me, and for the centre all of them. */
export default function AssetTransfersPage() {
  const params = useRouter().params
  const { keeper, centre } = useKeeper()
  const tabs = TABS.filter((t) => t.value === 'mine' || (t.value === 'todo' && keeper) || (t.value === 'all' && centre))
  const [tab, setTab] = useState<TransferView>(() => TABS.find((t) => t.value === params.view)?.value ?? 'mine')
  const view: TransferView = tabs.some((t) => t.value === tab) ? tab : 'mine'
  const list = useCursorList((cursor) => request(assetTransfersApi.list, { query: { view, cursor } }), [view])

  return (
    <Page className='asset-transfers'>
      <AssetNav current='transfers' />
      {tabs.length > 1 && (
        <View className='asset-tabs'>
          <Segmented options={tabs} value={view} onChange={setTab} />
        </View>
      )}
      <PageGate
        state={list.state}
        guest='登录后查看调剂'
        icon={<ArrowTransfer size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => !page.items.length}
        empty={EMPTY[view]}
      >
        {(page) => (
          <>
            {page.items.map((transfer) => (
              <TransferCard key={transfer.id} transfer={transfer} />
            ))}
            <ListFooter hasMore={!!page.nextCursor} busy={list.more.busy} problem={list.more.problem} onMore={() => void list.loadMore()} />
          </>
        )}
      </PageGate>
    </Page>
  )
}
