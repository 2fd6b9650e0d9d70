import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { notificationsApi } from '@egj/shared'
import { Button } from '@nutui/nutui-react-taro'
import { Message } from '@nutui/icons-react-taro'
import type { Notification } from '@egj/shared'
import { ApiError, errorMessage, request } from '../../../../api/client'
import { EmptyState } from '../../../../components/EmptyState'
import { toast, Toaster } from '../../../../components/Toaster'
import { getToken } from '../../../../store/session'
import { goLogin, isAppPage, openPage } from '../../../../utils/nav'
import { formatTime } from '../../../../utils/time'
import './index.scss'

const PAGE_SIZE = 20

type LoadState = 'loading' | 'ready' | 'error' | 'guest'

export default function InboxPage() {
  const [items, setItems] = useState<Notification[]>([])
  const [unread, setUnread] = useState(0)
  const [cursor, setCursor] = useState<string | null>(null)
  const [state, setState] = useState<LoadState>('loading')
  const [error, setError] = useState('')
  const [more, setMore] = useState(false)

  const loadFirst = async () => {
    if (!getToken()) {
      setState('guest')
      return
    }
    try {
      const list = await request(notificationsApi.list, { query: { limit: PAGE_SIZE } })
      setItems(list.items)
      setUnread(list.unreadCount)
      setCursor(list.nextCursor)
      setState('ready')
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setState('guest')
      else {
        setError(errorMessage(e))
        setState('error')
      }
    }
  }

  const loadMore = async () => {
    if (!cursor || more) return
    setMore(true)
    try {
      const list = await request(notificationsApi.list, { query: { cursor, limit: PAGE_SIZE } })
      setItems((prev) => [...prev, ...list.items.filter((n) => !prev.some((p) => p.id === n.id))])
      setUnread(list.unreadCount)
      setCursor(list.nextCursor)
    } catch (e) {
      toast(errorMessage(e), 'fail')
    } finally {
      setMore(false)
    }
  }

  useDidShow(() => void loadFirst())
  usePullDownRefresh(() => void loadFirst().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void loadMore())

  const open = (item: Notification) => {
    if (!item.read) {
      // mark read at once on screen; the request may finish after we have moved on
      setItems((prev) => prev.map((n) => (n.id === item.id ? { ...n, read: true } : n)))
      setUnread((n) => Math.max(0, n - 1))
      request(notificationsApi.read, { params: { id: item.id } }).catch(() => undefined)
    }
    if (item.link && isAppPage(item.link)) void openPage(item.link)
  }

  const readAll = async () => {
    try {
      await request(notificationsApi.readAll)
      setItems((prev) => prev.map((n) => ({ ...n, read: true })))
      setUnread(0)
      toast('已全部标为已读', 'success')
    } catch (e) {
      toast(errorMessage(e), 'fail')
    }
  }

  return (
    <View className='egj-page inbox'>
      <View className='inbox__bar'>
        <View className='inbox__heading'>
          消息{unread > 0 && <View className='inbox__count'>{unread} 条未读</View>}
        </View>
        {state === 'ready' && items.length > 0 && (
          <Button size='small' fill='none' type='primary' disabled={unread === 0} onClick={() => void readAll()}>
            全部已读
          </Button>
        )}
      </View>

      {state === 'loading' && <View className='inbox__status egj-muted'>加载中…</View>}

      {state === 'guest' && (
        <EmptyState icon={<Message size={48} color='#c0c4cc' />} title='登录后查看消息' actionText='去登录' onAction={goLogin} />
      )}

      {state === 'error' && (
        <EmptyState
          icon={<Message size={48} color='#c0c4cc' />}
          title='加载失败'
          description={error}
          actionText='重试'
          onAction={() => void loadFirst()}
        />
      )}

      {state === 'ready' && items.length === 0 && (
        <EmptyState icon={<Message size={48} color='#c0c4cc' />} title='暂无消息' description='审批结果、预约提醒等会在这里通知您' />
      )}

      {state === 'ready' && items.length > 0 && (
        <View className='inbox__list'>
          {items.map((item) => (
            <View key={item.id} className={`inbox__item ${item.read ? '' : 'inbox__item--unread'}`} onClick={() => open(item)}>
              <View className='inbox__item-top'>
                {!item.read && <View className='inbox__dot' />}
                <View className='inbox__item-title'>{item.title}</View>
                <View className='inbox__item-time'>{formatTime(item.createdAt)}</View>
              </View>
              <View className='inbox__item-body'>{item.body}</View>
            </View>
          ))}
          {cursor ? (
            <View className='inbox__more' onClick={() => void loadMore()}>
              {more ? '加载中…' : '加载更多'}
            </View>
          ) : (
            <View className='inbox__end egj-muted'>没有更多了</View>
          )}
        </View>
      )}
      <Toaster />
    </View>
  )
}
