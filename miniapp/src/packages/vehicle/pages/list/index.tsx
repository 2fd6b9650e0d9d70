import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Plus, Transit } from '@nutui/icons-react-taro'
import { vehicleRequestsApi, type VehicleRequestList } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { RequestCard } from '../../../../components/VehicleBits'
import { useResource } from '../../../../hooks/useResource'
import { useMe } from '../../../../store/session'
import { VEHICLE_REQUEST_PAGE, vehicleDetailPage } from '../../../../utils/vehicles'
import './index.scss'

type Tab = 'requester' | 'approver'

/** 用车申请: my requests, and for a unit's approver the ones waiting for them. */
export default function VehicleListPage() {
  const { me } = useMe()
  const isApprover = !!me?.roles.includes('approver')
  const [tab, setTab] = useState<Tab>(useRouter().params.tab === 'approver' ? 'approver' : 'requester')
  const as: Tab = isApprover ? tab : 'requester'
  const list = useResource(() => request(vehicleRequestsApi.list, { query: { as, ...(as === 'approver' ? { status: 'pending_approval' as const } : {}) } }), { key: [as] })
  const [more, setMore] = useState(false)
  const actions = useActionDialog()

  const loadMore = async (data: VehicleRequestList) => {
    if (!data.nextCursor || more) return
    setMore(true)
    try {
      const next = await request(vehicleRequestsApi.list, { query: { as, cursor: data.nextCursor, ...(as === 'approver' ? { status: 'pending_approval' as const } : {}) } })
      list.set({ items: [...data.items, ...next.items], nextCursor: next.nextCursor })
    } catch (e) {
      actions.fail(e, { title: '加载失败' })
    } finally {
      setMore(false)
    }
  }

  const newRequest = () => void Taro.navigateTo({ url: VEHICLE_REQUEST_PAGE })
  return (
    <Page className='vl'>
      <View className='vl__top'>
        {isApprover && (
          <Segmented
            className='vl__tabs'
            options={[
              { value: 'requester', label: '我的申请' },
              { value: 'approver', label: '待我审批' },
            ]}
            value={tab}
            onChange={setTab}
          />
        )}
      </View>
      <PageGate
        state={list.state}
        guest='登录后查看用车申请'
        icon={<Transit size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(data) => !data.items.length}
        empty={as === 'approver' ? { title: '暂无待审批的用车', description: '本单位同事提交的用车申请会出现在这里' } : { title: '还没有用车申请', description: '需要公务用车时，点下方「申请用车」', action: { text: '申请用车', onClick: newRequest } }}
      >
        {(data) => (
          <View className='vl__items'>
            {data.items.map((item) => (
              <RequestCard key={item.id} request={item} showRequester={as === 'approver'} onClick={() => void Taro.navigateTo({ url: vehicleDetailPage(item.id) })} />
            ))}
            {data.nextCursor && (
              <View className='vl__more' onClick={() => void loadMore(data)}>
                {more ? '加载中…' : '加载更多'}
              </View>
            )}
          </View>
        )}
      </PageGate>
      {as === 'requester' && (
        <View className='vl__bar'>
          <Button type='primary' size='large' block icon={<Plus size={16} color='#ffffff' />} onClick={newRequest}>
            申请用车
          </Button>
        </View>
      )}
      {actions.node}
    </Page>
  )
}
