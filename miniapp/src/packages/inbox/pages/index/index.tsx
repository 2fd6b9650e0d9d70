import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Message } from '@nutui/icons-react-taro'
import { notificationsApi, type Notification } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { isAppPage, openPage } from '../../../../utils/nav'
import { formatTime } from '../../../../utils/time'
import './index.scss'

const PAGE_SIZE = 20

export default function InboxPage() {
  const { state, data, reload, set } = useResource(() => request(notificationsApi.list, { query: { limit: PAGE_SIZE } }))
  const [more, setMore] = useState(false)
  const actions = useActionDialog()
  const items = data?.items ?? []
  const unread = data?.unreadCount ?? 0

  const loadMore = async () => {
    if (!data?.nextCursor || more) return
    setMore(true)
    try {
      const next = await request(notificationsApi.list, { query: { cursor: data.nextCursor, limit: PAGE_SIZE } })
      set({ ...next, items: [...data.items, ...next.items.filter((n) => !data.items.some((p) => p.id === n.id))] })
    } catch (e) {
      actions.fail(e, { title: '加载失败' })
    } finally {
      setMore(false)
    }
  }

  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void loadMore())

  const open = (item: Notification) => {
    if (!item.read && data) {
      // mark read at once on screen; the request may finish after we have moved on
      set({ ...data, items: data.items.map((n) => (n.id === item.id ? { ...n, read: true } : n)), unreadCount: Math.max(0, data.unreadCount - 1) })
      request(notificationsApi.read, { params: { id: item.id } }).catch(() => undefined)
    }
    if (item.link && isAppPage(item.link)) void openPage(item.link)
  }

  const readAll = async () => {
    try {
      await request(notificationsApi.readAll)
      if (data) set({ ...data, items: data.items.map((n) => ({ ...n, read: true })), unreadCount: 0 })
      toast('已全部标为已读', 'success')
    } catch (e) {
      actions.fail(e)
    }
  }

  return (
    <Page className='inbox'>
      <View className='inbox__bar'>
        <View className='inbox__heading'>
          消息{unread > 0 && <View className='inbox__count'>{unread} 条未读</View>}
        </View>
        {items.length > 0 && (
          <Button size='small' fill='none' type='primary' disabled={unread === 0} onClick={() => void readAll()}>
            全部已读
          </Button>
        )}
      </View>

      <PageGate
        state={state}
        guest='登录后查看消息'
        icon={<Message size={48} color={GREY_ICON} />}
        isEmpty={(list) => !list.items.length}
        empty={{ title: '暂无消息', description: '审批结果、预约提醒等会在这里通知您' }}
        onRetry={() => void reload()}
      >
        {(list) => (
          <View className='inbox__list'>
            {list.items.map((item) => (
              <View key={item.id} className={`inbox__item ${item.read ? '' : 'inbox__item--unread'}`} onClick={() => open(item)}>
                <View className='inbox__item-top'>
                  {!item.read && <View className='inbox__dot' />}
                  <View className='inbox__item-title'>{item.title}</View>
                  <View className='inbox__item-time'>{formatTime(item.createdAt)}</View>
                </View>
                <View className='inbox__item-body'>{item.body}</View>
              </View>
            ))}
            {list.nextCursor ? (
              <View className='inbox__more' onClick={() => void loadMore()}>
                {more ? '加载中…' : '加载更多'}
              </View>
            ) : (
              <View className='inbox__end egj-muted'>没有更多了</View>
            )}
          </View>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
