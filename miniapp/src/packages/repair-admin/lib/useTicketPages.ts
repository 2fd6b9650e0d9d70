import { useEffect, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { ticketsApi, type EndpointQuery, type TicketListItem } from '@egj/shared'
import { errorMessage, request } from '../../../api/client'
import { useResource } from '../../../hooks/useResource'

type Query = Omit<EndpointQuery<typeof ticketsApi.list>, 'cursor'>

interface More {
  items: TicketListItem[]
  cursor: string | null
  busy: boolean
  problem: string | null
}

/**
 * A ticket list in the BFF's order (by due time), page after page: the first page is the page's
 * resource (PageGate draws its states), the next ones are added below with 加载更多; a pull down
 * loads it again from the top. `now` ticks each minute so 即将超时 / 已超时 stay true on a page left open.
 */
export function useTicketPages(query: Query, enabled: boolean) {
  const [more, setMore] = useState<More>({ items: [], cursor: null, busy: false, problem: null })
  const list = useResource(
    () =>
      request(ticketsApi.list, { query }).then((page) => {
        setMore({ items: [], cursor: page.nextCursor, busy: false, problem: null })
        return page
      }),
    { key: [query], enabled },
  )
  const loadMore = () => {
    if (!more.cursor || more.busy) return
    setMore((m) => ({ ...m, busy: true }))
    request(ticketsApi.list, { query: { ...query, cursor: more.cursor } }).then(
      (page) => setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, busy: false, problem: null })),
      (e: unknown) => setMore((m) => ({ ...m, busy: false, problem: errorMessage(e) })),
    )
  }

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000)
    return () => clearInterval(timer)
  }, [])
  useEffect(() => setNow(new Date()), [list.data])

  const items = list.data ? [...list.data.items, ...more.items] : []
  return { list, items, more, loadMore, now }
}
