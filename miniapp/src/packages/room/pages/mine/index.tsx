import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Processing } from '@nutui/icons-react-taro'
import { roomBookingsApi, type RoomBooking } from '@egj/shared'
import { errorMessage, request } from '../../../../api/client'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useResource } from '../../../../hooks/useResource'
import { useMe } from '../../../../store/session'
import { ROOM_FIND_PAGE } from '../../../../utils/rooms'
import { BookingCard } from '../../components/BookingCard'
import './index.scss'

type As = 'organiser' | 'approver'
const TABS: { value: As; label: string }[] = [
  { value: 'organiser', label: '我的预订' },
  { value: 'approver', label: '待我审批' },
]

/** 我的预订 (as organiser); for approvers and admins also 待我审批. */
export default function RoomMinePage() {
  const router = useRouter()
  const { me } = useMe()
  const approver = !!me && me.roles.some((role) => role === 'approver' || role === 'admin')
  const [tab, setTab] = useState<As>(router.params.as === 'approver' ? 'approver' : 'organiser')
  const as: As = approver ? tab : 'organiser'
  // the title names the list on screen: 待办's 会议室待审批 opens this page on 待我审批
  useEffect(() => void Taro.setNavigationBarTitle({ title: as === 'approver' ? '会议室审批' : '我的预订' }).catch(() => undefined), [as])
  const [more, setMore] = useState<{ items: RoomBooking[]; cursor: string | null; busy: boolean; problem: string | null }>({ items: [], cursor: null, busy: false, problem: null })

  const list = useResource(
    () =>
      request(roomBookingsApi.list, { query: { as, limit: 20 } }).then((page) => {
        setMore({ items: [], cursor: page.nextCursor, busy: false, problem: null })
        return page
      }),
    { key: [as] },
  )
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()))

  const loadMore = () => {
    if (!more.cursor || more.busy) return
    setMore((m) => ({ ...m, busy: true, problem: null }))
    request(roomBookingsApi.list, { query: { as, limit: 20, cursor: more.cursor } }).then(
      (page) => setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, busy: false, problem: null })),
      (e: unknown) => setMore((m) => ({ ...m, busy: false, problem: errorMessage(e) })),
    )
  }

  return (
    <Page className='room-mine'>
      {approver && (
        <View className='room-mine__tabs'>
          <Segmented options={TABS} value={as} onChange={setTab} />
        </View>
      )}
      <PageGate
        state={list.state}
        guest='登录后查看会议室预订'
        icon={<Processing size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => !page.items.length && !more.items.length}
        empty={
          as === 'approver'
            ? { title: '没有待审批的预订', description: '需审批的会议室有人预订时，会在这里和消息中提醒' }
            : { title: '还没有会议室预订', description: '选一间会议室，点时间轴上的空闲时段即可预订', action: { text: '去预订', onClick: () => void Taro.redirectTo({ url: ROOM_FIND_PAGE }) } }
        }
      >
        {(page) => (
          <>
            {[...page.items, ...more.items].map((booking) => (
              <BookingCard key={booking.id} booking={booking} as={as} />
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
      {as === 'organiser' && list.state.status === 'ready' && list.state.data.items.length > 0 && (
        <View className='vf-actions'>
          <Button type='primary' block onClick={() => void Taro.navigateTo({ url: ROOM_FIND_PAGE })}>
            预订会议室
          </Button>
        </View>
      )}
    </Page>
  )
}
