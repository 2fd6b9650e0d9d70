import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Order } from '@nutui/icons-react-taro'
import { assetLoansApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { AssetNav, ListFooter, useKeeper } from '../../components/AssetBits'
import { LoanCard } from '../../components/Cards'
import { WAREHOUSE_PAGE } from '../../lib/assets'
import { useCursorList } from '../../../../hooks/useCursorList'
import '../../components/asset.scss'

type LoanView = 'mine' | 'todo' | 'unit'
const TABS: { value: LoanView; label: string }[] = [
  { value: 'mine', label: '我借的' },
  { value: 'todo', label: '待我处理' },
  { value: 'unit', label: '本单位资产' },
]

const EMPTY: Record<LoanView, { title: string; description: string }> = {
  mine: { title: '还没有借用记录', description: '在公物仓找到需要的资产，选好日期即可申请借用' },
  todo: { title: '没有待处理的借用', description: '有人申请借用本单位资产、或到了交付与收回的时候，会在这里和消息中提醒' },
  unit: { title: '本单位资产暂无借用', description: '本单位资产被借用后，会在这里列出' },
}

/** 借用: what I borrow; for keepers also what waits for them and every loan of the unit's assets. */
export default function AssetLoansPage() {
  const params = useRouter().params
  const { keeper } = useKeeper()
  const [tab, setTab] = useState<LoanView>(() => TABS.find((t) => t.value === params.view)?.value ?? 'mine')
  const view: LoanView = keeper ? tab : 'mine'
  const list = useCursorList((cursor) => request(assetLoansApi.list, { query: { view, cursor } }), [view])

  return (
    <Page className='asset-loans'>
      <AssetNav current='loans' />
      {keeper && (
        <View className='asset-tabs'>
          <Segmented options={TABS} value={view} onChange={setTab} />
        </View>
      )}
      <PageGate
        state={list.state}
        guest='登录后查看借用'
        icon={<Order size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => !page.items.length}
        empty={{ ...EMPTY[view], action: view === 'mine' ? { text: '去公物仓', onClick: () => void Taro.redirectTo({ url: WAREHOUSE_PAGE }) } : undefined }}
      >
        {(page) => (
          <>
            {page.items.map((loan) => (
              <LoanCard key={loan.id} loan={loan} as={view === 'mine' ? 'borrower' : 'keeper'} />
            ))}
            <ListFooter hasMore={!!page.nextCursor} busy={list.more.busy} problem={list.more.problem} onMore={() => void list.loadMore()} />
          </>
        )}
      </PageGate>
    </Page>
  )
}
