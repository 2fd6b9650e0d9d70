import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { User } from '@nutui/icons-react-taro'
import { gateApi } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { formatTime } from '../../../../utils/time'
import { clockText } from '../../../../utils/visits'
import { GateNav } from '../../components/GateNav'
import './index.scss'

/** 在园名单: who is inside now (the evacuation list), with host and arrival; overstays in red. */
export default function GateOnSitePage() {
  const gate = useRoleGate(['guard', 'admin'])
  const list = useResource(() => request(gateApi.onSite), { enabled: !gate })
  const actions = useActionDialog()
  const [leaving, setLeaving] = useState<number | null>(null)
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()))
  const { reload } = list
  useEffect(() => {
    const timer = setInterval(() => void reload(), 15_000)
    return () => clearInterval(timer)
  }, [reload])

  const checkOut = (id: number, name: string) =>
    actions.show({
      title: `为 ${name} 办理离开？`,
      message: '访客没有出示通行码时使用',
      choices: [
        {
          text: '办理离开',
          primary: true,
          onClick: () => {
            setLeaving(id)
            request(gateApi.checkOut, { params: { id } })
              .then(() => {
                toast('已登记离开', 'success')
                void list.reload()
              })
              .catch((e: unknown) => actions.fail(e, { title: '未能办理离开' }))
              .finally(() => setLeaving(null))
          },
        },
      ],
      cancelText: '取消',
    })

  if (gate) return <Page className='gate-on-site'>{gate}</Page>
  return (
    <Page className='gate-on-site'>
      <GateNav current='on-site' />
      <PageGate state={list.state} icon={<User size={48} color={GREY_ICON} />} onRetry={() => void list.reload()} isEmpty={(d) => d.items.length === 0} empty={{ title: '园内暂无访客', description: '访客入园后会出现在这里' }}>
        {(d) => {
          const people = d.items.reduce((sum, v) => sum + 1 + v.companions, 0)
          const over = d.items.filter((v) => v.overstayed).length
          return (
            <>
              <View className='gate-on-site__count'>
                <View className='gate-on-site__big'>
                  在园 <Text className='gate-on-site__num'>{people}</Text> 人
                </View>
                <View className='gate-on-site__sub'>
                  {d.items.length} 组访客{over > 0 ? ` · ${over} 组已超时` : ''} · 更新于 {clockText(new Date())}
                </View>
              </View>
              {d.items.map((v) => (
                <View key={v.id} className={`gate-on-site__item ${v.overstayed ? 'gate-on-site__item--over' : ''}`}>
                  <View className='gate-on-site__top'>
                    <Text className='gate-on-site__name'>
                      {v.visitorName}
                      {v.companions > 0 ? ` +同行 ${v.companions}` : ''}
                    </Text>
                    {v.overstayed && <Text className='gate-on-site__flag'>已超时</Text>}
                  </View>
                  <View className='gate-on-site__line'>
                    被访人 {v.hostName}
                    {v.hostUnitName ? `（${v.hostUnitName}）` : ''}
                  </View>
                  <View className='gate-on-site__line gate-on-site__muted'>
                    {formatTime(v.checkedInAt)} 入园 · 应于 {clockText(v.validTo)} 前离开{v.plateNo ? ` · ${v.plateNo}` : ''}
                  </View>
                  <Button className='gate-on-site__out' size='small' fill='outline' type='primary' loading={leaving === v.id} onClick={() => checkOut(v.id, v.visitorName)}>
                    办理离开
                  </Button>
                </View>
              ))}
            </>
          )
        }}
      </PageGate>
      {actions.node}
    </Page>
  )
}
