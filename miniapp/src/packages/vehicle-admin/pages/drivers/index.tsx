import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Switch } from '@nutui/nutui-react-taro'
import { User } from '@nutui/icons-react-taro'
import { vehicleAdminApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { AdminNav } from '../../components/AdminNav'
import './index.scss'

/** 驾驶员 (admin): who drives, and who is on duty (only they can be dispatched). */
export default function DriversPage() {
  const list = useResource(() => request(vehicleAdminApi.drivers))
  const [busy, setBusy] = useState<number | null>(null)
  const actions = useActionDialog()

  const toggle = async (id: number, onDuty: boolean) => {
    if (busy !== null || !list.data) return
    setBusy(id)
    try {
      const updated = await request(vehicleAdminApi.updateDriver, { params: { id }, body: { onDuty } })
      list.set({ items: list.data.items.map((d) => (d.id === id ? updated : d)) })
      toast(onDuty ? `${updated.name} 已在岗` : `${updated.name} 已设为休息`, 'success')
    } catch (e) {
      actions.fail(e, { title: '未能修改' })
    } finally {
      setBusy(null)
    }
  }

  return (
    <Page className='vdr'>
      <AdminNav current='drivers' />
      <PageGate
        state={list.state}
        needs={['admin']}
        icon={<User size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(data) => !data.items.length}
        empty={{ title: '还没有登记驾驶员', description: '有驾驶员角色的人员会出现在这里' }}
      >
        {(data) => (
          <>
            <View className='va-toolbar'>
              <Text className='va-toolbar__text'>
                共 {data.items.length} 人 · 在岗 {data.items.filter((d) => d.onDuty).length} 人；休息的驾驶员不能派车
              </Text>
            </View>
            <View className='egj-card vdr__list'>
              {data.items.map((d) => (
                <View key={d.id} className='vdr__row'>
                  <View className='vdr__avatar'>{d.name.slice(0, 1)}</View>
                  <View className='vdr__who'>
                    <Text className='vdr__name'>{d.name}</Text>
                    <Text className='vdr__unit'>{d.unitName ?? '—'}</Text>
                  </View>
                  <Text className={`vdr__state ${d.onDuty ? 'vdr__state--on' : ''}`}>{d.onDuty ? '在岗' : '休息'}</Text>
                  <Switch checked={d.onDuty} disabled={busy === d.id} onChange={(on) => void toggle(d.id, on)} />
                </View>
              ))}
            </View>
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
