import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Popup } from '@nutui/nutui-react-taro'
import { Plus, QrCode, Setting } from '@nutui/icons-react-taro'
import { ROOM_EQUIPMENT_LABELS, roomAdminApi, type EndpointResponse } from '@egj/shared'
import { request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { hhmm, roomAdminEditPage, ROOM_STATS_PAGE } from '../../../../utils/rooms'
import { doorQrDataUrl, openDoorSheet } from '../../lib/files'
import './index.scss'

type Room = EndpointResponse<typeof roomAdminApi.rooms>['items'][number]

/** 会议室管理 (admin): every room; add, edit, door codes, monthly statistics. */
export default function RoomAdminPage() {
  const { state, reload } = useResource(() => request(roomAdminApi.rooms).then((list) => list.items))
  const actions = useActionDialog()
  const [qr, setQr] = useState<{ room: Room; src: string | null } | null>(null)
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  const showQr = async (room: Room) => {
    setQr({ room, src: null })
    try {
      const src = await doorQrDataUrl(room.id)
      setQr((current) => (current && current.room.id === room.id ? { room, src } : current))
    } catch (e) {
      setQr(null)
      actions.fail(e, { title: '门牌码生成失败' })
    }
  }
  const printSheet = async () => {
    try {
      const result = await openDoorSheet()
      if (result === 'use-computer') toast('请在电脑浏览器中打开 e管家打印门牌码')
      else if (result === 'blocked') actions.show({ title: '浏览器拦截了新窗口', message: '请允许本站弹出窗口后再点「打印全部门牌码」。', choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
    } catch (e) {
      actions.fail(e, { title: '打印失败' })
    }
  }
  const open = (url: string) => void Taro.navigateTo({ url })

  return (
    <Page className='room-admin'>
      <PageGate
        state={state}
        needs={['admin']}
        icon={<Setting size={48} color={GREY_ICON} />}
        onRetry={() => void reload()}
        isEmpty={(rooms) => !rooms.length}
        empty={{ title: '还没有会议室', description: '新增会议室后即可打印门牌码、开放预订', action: { text: '新增会议室', onClick: () => open(roomAdminEditPage()) } }}
      >
        {(rooms) => (
          <>
            <View className='room-admin__tools'>
              <View className='room-admin__tool' onClick={() => open(roomAdminEditPage())}>
                <Plus size={20} color='var(--egj-primary)' />
                <Text className='room-admin__tool-text'>新增会议室</Text>
              </View>
              <View className='room-admin__tool' onClick={() => void printSheet()}>
                <QrCode size={20} color='var(--egj-primary)' />
                <Text className='room-admin__tool-text'>打印门牌码</Text>
              </View>
              <View className='room-admin__tool' onClick={() => open(ROOM_STATS_PAGE)}>
                <Setting size={20} color='var(--egj-primary)' />
                <Text className='room-admin__tool-text'>月度统计</Text>
              </View>
            </View>
            <View className='room-admin__count'>会议室 · {rooms.length}</View>
            {rooms.map((room) => (
              <View key={room.id} className={`room-admin__room ${room.status === 'disabled' ? 'room-admin__room--off' : ''}`}>
                <View className='room-admin__top' onClick={() => open(roomAdminEditPage(room.id))}>
                  <View className='room-admin__main'>
                    <View className='room-admin__name'>
                      <Text>{room.name}</Text>
                      {room.requiresApproval && (
                        <Pill tone='orange' className='room-admin__tag'>
                          需审批
                        </Pill>
                      )}
                      {room.status === 'disabled' && (
                        <Pill tone='gray' className='room-admin__tag'>
                          已停用
                        </Pill>
                      )}
                    </View>
                    <View className='room-admin__meta'>
                      {room.building} {room.floor} · 容纳 {room.capacity} 人 · {hhmm(room.openFromMinute)}–{hhmm(room.openToMinute)} · 可提前 {room.horizonDays} 天
                    </View>
                    <View className='room-admin__meta'>{room.equipment.length ? room.equipment.map((e) => ROOM_EQUIPMENT_LABELS[e]).join('、') : '无设备'}</View>
                  </View>
                </View>
                <View className='room-admin__actions'>
                  <View className='room-admin__action' onClick={() => void showQr(room)}>
                    <QrCode size={14} color='var(--egj-primary)' />
                    <Text className='room-admin__action-text'>门牌码</Text>
                  </View>
                  <View className='room-admin__action' onClick={() => open(roomAdminEditPage(room.id))}>
                    <Text className='room-admin__action-text'>编辑</Text>
                  </View>
                </View>
              </View>
            ))}
          </>
        )}
      </PageGate>

      <Popup visible={!!qr} position='center' round closeable onClose={() => setQr(null)}>
        {qr && (
          <View className='room-admin__qr'>
            <View className='room-admin__qr-title'>会议室门牌码</View>
            <View className='room-admin__qr-box'>
              {qr.src ? <Image className='room-admin__qr-img' src={qr.src} mode='aspectFit' showMenuByLongpress /> : <Text className='egj-muted'>正在生成门牌码…</Text>}
            </View>
            <View className='room-admin__qr-name'>{qr.room.name}</View>
            <View className='room-admin__qr-code'>手输码 {qr.room.shortCode}</View>
            {qr.room.status === 'disabled' && <View className='room-admin__qr-off'>该会议室已停用，扫码不能预订和签到</View>}
            <View className='room-admin__qr-hint egj-muted'>长按图片可保存；打印请用「打印门牌码」</View>
          </View>
        )}
      </Popup>
      {actions.node}
    </Page>
  )
}
