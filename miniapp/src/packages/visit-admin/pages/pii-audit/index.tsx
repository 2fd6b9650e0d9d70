import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { visitAdminApi, type EndpointResponse } from '@egj/shared'
import { errorMessage, request } from '../../../../api/client'
import { Card } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useResource } from '../../../../hooks/useResource'
import { formatTime } from '../../../../utils/time'
import { visitDetailPage } from '../../../../utils/visits'
import { AdminNav } from '../../components/AdminNav'

type Row = EndpointResponse<typeof visitAdminApi.piiAudit>['items'][number]

/** 个人信息查看记录 (admin): who saw a visitor's full ID number and mobile, when, and why. */
export default function PiiAuditPage() {
  const [more, setMore] = useState<{ items: Row[]; cursor: string | null; busy: boolean; problem: string | null }>({ items: [], cursor: null, busy: false, problem: null })
  const list = useResource(() =>
    request(visitAdminApi.piiAudit, { query: { limit: 30 } }).then((page) => {
      setMore({ items: [], cursor: page.nextCursor, busy: false, problem: null })
      return page
    }),
  )
  const loadMore = () => {
    if (!more.cursor || more.busy) return
    setMore((m) => ({ ...m, busy: true }))
    request(visitAdminApi.piiAudit, { query: { limit: 30, cursor: more.cursor } }).then(
      (page) => setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, busy: false, problem: null })),
      (e: unknown) => setMore((m) => ({ ...m, busy: false, problem: errorMessage(e) })),
    )
  }
  return (
    <Page className='va-pii'>
      <PageGate state={list.state} needs={['admin']} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void list.reload()}>
        {(page) => {
          const rows = [...page.items, ...more.items]
          return (
            <>
              <AdminNav current='pii' />
              <Card title='完整证件号、手机号的查看记录'>
                {rows.length === 0 && <View className='vf-empty-line'>还没有人查看过访客的完整信息</View>}
                {rows.map((row) => (
                  <View key={row.id} className='va-item' onClick={() => void Taro.navigateTo({ url: visitDetailPage(row.visitId) })}>
                    <View className='va-item__top'>
                      <Text className='va-item__title'>{row.viewer}</Text>
                      <Text className='va-item__muted'>{formatTime(row.viewedAt)}</Text>
                    </View>
                    <View className='va-item__line'>查看了 {row.visitorName} 的信息（来访 #{row.visitId}）</View>
                    <View className='va-item__muted'>原因：{row.reason}</View>
                  </View>
                ))}
                {more.cursor && (
                  <Button block fill='outline' type='primary' loading={more.busy} onClick={loadMore}>
                    加载更多
                  </Button>
                )}
                {more.problem && <View className='vf-empty-line'>{more.problem}</View>}
              </Card>
            </>
          )
        }}
      </PageGate>
    </Page>
  )
}
