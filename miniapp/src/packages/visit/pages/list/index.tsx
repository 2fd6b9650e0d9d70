import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { UserAdd } from '@nutui/icons-react-taro'
import { visitsApi, type Visit, type VisitList } from '@egj/shared'
import { errorMessage, request } from '../../../../api/client'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useResource } from '../../../../hooks/useResource'
import { useMe } from '../../../../store/session'
import { VISIT_BOOK_PAGE } from '../../../../utils/visits'
import { VisitCard } from '../../components/VisitCard'
import './index.scss'

type Tab = 'visitor' | 'approve' | 'host'
const TABS: { value: Tab; label: string }[] = [
  { value: 'approve', label: '待我审批' },
  { value: 'host', label: '来访我的' },
  { value: 'visitor', label: '我的来访' },
]

/** 我的来访 (as visitor); for staff also 待我审批 and 来访我的 (as host, incl. escalated ones). */
export default function VisitListPage() {
  const router = useRouter()
  const { me } = useMe()
  const isStaff = !!me && me.roles.some((r) => r === 'staff' || r === 'approver')
  // staff land on 待我审批 unless the link says otherwise (我的来访 from home passes tab=visitor)
  const [tab, setTab] = useState<Tab | null>(() => (TABS.some((t) => t.value === router.params.tab) ? (router.params.tab as Tab) : router.params.as === 'host' ? 'approve' : null))
  const shownTab: Tab = isStaff ? (tab ?? 'approve') : 'visitor'
  const as = shownTab === 'visitor' ? 'visitor' : 'host'
  const [more, setMore] = useState<{ items: Visit[]; cursor: string | null; busy: boolean; problem: string | null }>({ items: [], cursor: null, busy: false, problem: null })

  const list = useResource(
    () =>
      request(visitsApi.list, { query: { as, limit: 20 } }).then((page: VisitList) => {
        setMore({ items: [], cursor: page.nextCursor, busy: false, problem: null })
        return page
      }),
    { key: [as] },
  )
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()))

  const loadMore = () => {
    if (!more.cursor || more.busy) return
    setMore((m) => ({ ...m, busy: true, problem: null }))
    request(visitsApi.list, { query: { as, limit: 20, cursor: more.cursor } }).then(
      (page) => setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, busy: false, problem: null })),
      (e: unknown) => setMore((m) => ({ ...m, busy: false, problem: errorMessage(e) })),
    )
  }

  const visible = (items: Visit[]) => (shownTab === 'approve' ? items.filter((v) => v.can.approve) : items)

  return (
    <Page className='visit-list'>
      {isStaff && (
        <View className='visit-list__tabs'>
          <Segmented options={TABS} value={shownTab} onChange={setTab} />
        </View>
      )}
      <PageGate
        state={list.state}
        guest='登录后查看来访记录'
        icon={<UserAdd size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => visible([...page.items, ...more.items]).length === 0 && !more.cursor}
        empty={
          shownTab === 'visitor'
            ? { title: '还没有来访预约', description: '预约后可在这里查看审批进度和通行码', action: { text: '预约来访', onClick: () => void Taro.navigateTo({ url: VISIT_BOOK_PAGE }) } }
            : shownTab === 'approve'
              ? { title: '没有待审批的来访', description: '有访客预约拜访您时，会在这里和消息中提醒' }
              : { title: '还没有人预约拜访您', description: '可在首页「邀请访客」发出邀请链接' }
        }
      >
        {(page) => (
          <>
            {visible([...page.items, ...more.items]).map((visit) => (
              <VisitCard key={visit.id} visit={visit} as={as} />
            ))}
            {more.cursor && (
              <View className='vf-actions'>
                <Button block fill='outline' type='primary' loading={more.busy} onClick={loadMore}>
                  加载更多
                </Button>
              </View>
            )}
            {more.problem && <View className='vf-empty-line'>{more.problem}</View>}
          </>
        )}
      </PageGate>
      {shownTab === 'visitor' && list.state.status === 'ready' && (
        <View className='vf-actions'>
          <Button type='primary' block onClick={() => void Taro.navigateTo({ url: VISIT_BOOK_PAGE })}>
            预约来访
          </Button>
        </View>
      )}
    </Page>
  )
}
