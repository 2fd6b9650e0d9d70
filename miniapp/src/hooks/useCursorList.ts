import { useRef, useState } from 'react'
import { useReachBottom } from '@tarojs/taro'
import { errorMessage } from '../api/client'
import { useResource } from './useResource'

export interface CursorPage<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * A list read page by page (`nextCursor`): the first page through `useResource` (so `PageGate`
 * draws its loading and failure), the next ones added when the user reaches the bottom (or taps
 * 加载更多). A page asked for under an old `key` (another tab, another search) is dropped.
 */
export function useCursorList<T extends { id: number }>(fetchPage: (cursor?: string) => Promise<CursorPage<T>>, key: unknown[]) {
  const resource = useResource(() => fetchPage(undefined), { key })
  const [more, setMore] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null })
  const keyText = JSON.stringify(key)
  const currentKey = useRef(keyText)
  currentKey.current = keyText
  const busy = useRef(false)

  const loadMore = async () => {
    const data = resource.data
    if (!data?.nextCursor || busy.current) return
    const askedFor = currentKey.current
    busy.current = true
    setMore({ busy: true, problem: null })
    try {
      const next = await fetchPage(data.nextCursor)
      if (askedFor !== currentKey.current) return
      resource.set({ items: [...data.items, ...next.items.filter((n) => !data.items.some((p) => p.id === n.id))], nextCursor: next.nextCursor })
      setMore({ busy: false, problem: null })
    } catch (e) {
      setMore({ busy: false, problem: errorMessage(e) })
    } finally {
      busy.current = false
      setMore((m) => ({ ...m, busy: false }))
    }
  }

  useReachBottom(() => void loadMore())

  return { ...resource, loadMore, more }
}
