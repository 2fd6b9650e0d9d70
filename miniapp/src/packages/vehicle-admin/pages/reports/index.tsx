import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { Ask } from '@nutui/icons-react-taro'
import { vehicleAdminApi, type EndpointResponse } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { Pill } from '../../../../components/Pill'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { momentText, windowText } from '../../../../utils/vehicles'
import { AdminNav } from '../../components/AdminNav'
import { reportPhotoDataUrl } from '../../lib/files'
import './index.scss'

type Report = EndpointResponse<typeof vehicleAdminApi.reports>['items'][number]
type Status = Report['status']

/** 公车私用反映 (admin): the queue, with the car's task at the moment of each report. */
export default function ReportsPage() {
  const [status, setStatus] = useState<Status>('open')
  const list = useResource(() => request(vehicleAdminApi.reports, { query: { status } }), { key: [status] })
  const [photos, setPhotos] = useState<Record<number, string | 'loading'>>({})
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const [more, setMore] = useState(false)
  const actions = useActionDialog()

  const showPhoto = async (id: number) => {
    setPhotos((p) => ({ ...p, [id]: 'loading' }))
    try {
      const src = await reportPhotoDataUrl(id)
      setPhotos((p) => ({ ...p, [id]: src }))
    } catch (e) {
      setPhotos((p) => Object.fromEntries(Object.entries(p).filter(([k]) => Number(k) !== id)))
      actions.fail(e, { title: '照片加载失败' })
    }
  }
  const resolve = (r: Report) =>
    setAsk({
      title: `处理反映 · ${r.vehicle.plateNo}`,
      message: '处理意见会留在记录里',
      placeholder: '如 已核实为执行公务，属正常用车',
      confirmText: '标记为已处理',
      onConfirm: async (note) => {
        try {
          const updated = await request(vehicleAdminApi.resolveReport, { params: { id: r.id }, body: { note } })
          if (list.data) list.set({ ...list.data, items: list.data.items.map((x) => (x.id === r.id ? updated : x)) })
          toast('已处理', 'success')
        } catch (e) {
          throw asApiError(e).message
        }
      },
    })
  const loadMore = async () => {
    const data = list.data
    if (!data?.nextCursor || more) return
    setMore(true)
    try {
      const next = await request(vehicleAdminApi.reports, { query: { status, cursor: data.nextCursor } })
      list.set({ items: [...data.items, ...next.items], nextCursor: next.nextCursor })
    } catch (e) {
      actions.fail(e, { title: '加载失败' })
    } finally {
      setMore(false)
    }
  }

  return (
    <Page className='vrp'>
      <AdminNav current='reports' />
      <View className='vrp__tabs'>
        <Segmented
          options={[
            { value: 'open', label: '待处理' },
            { value: 'resolved', label: '已处理' },
          ]}
          value={status}
          onChange={setStatus}
        />
      </View>
      <PageGate
        state={list.state}
        needs={['admin']}
        icon={<Ask size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(data) => !data.items.length}
        empty={status === 'open' ? { title: '没有待处理的反映', description: '群众扫车辆码反映的公车私用会出现在这里' } : { title: '还没有已处理的反映' }}
      >
        {(data) => (
          <>
            {data.items.map((r) => {
              const task = r.taskAtReport
              const photo = photos[r.id]
              return (
                <View key={r.id} className='va-list-item vrp__item'>
                  <View className='vrp__head'>
                    <Text className='vrp__plate'>{r.vehicle.plateNo}</Text>
                    <Text className='vrp__unit'>{r.vehicle.unitName ?? ''}</Text>
                    <Pill tone={r.status === 'open' ? 'orange' : 'green'}>{r.status === 'open' ? '待处理' : '已处理'}</Pill>
                  </View>
                  <View className='vrp__at'>{momentText(r.createdAt)} 收到</View>
                  <View className='vrp__text'>{r.text}</View>
                  <View className={`vrp__task ${task.onTask ? 'vrp__task--on' : ''}`}>
                    <Text className='vrp__task-title'>{task.onTask ? '反映时：执行公务中' : '反映时：无公务任务'}</Text>
                    {task.onTask && task.startAt && task.endAt && (
                      <Text className='vrp__task-line'>
                        {windowText(task.startAt, task.endAt)}
                        {task.destination ? ` · ${task.destination}` : ''}
                        {task.requestingUnit ? ` · ${task.requestingUnit}` : ''}
                      </Text>
                    )}
                  </View>
                  {r.lat !== null && r.lng !== null && (
                    <View className='vrp__loc'>
                      位置：北纬 {r.lat.toFixed(5)}，东经 {r.lng.toFixed(5)}
                    </View>
                  )}
                  {r.hasPhoto &&
                    (photo && photo !== 'loading' ? (
                      <Image className='vrp__photo' src={photo} mode='widthFix' />
                    ) : (
                      <View className='va-action va-action--blue vrp__photo-btn' onClick={() => !photo && void showPhoto(r.id)}>
                        {photo === 'loading' ? '正在加载照片…' : '查看照片'}
                      </View>
                    ))}
                  {r.status === 'resolved' ? (
                    <View className='vrp__resolution'>
                      处理意见：{r.resolutionNote}
                      <Text className='vrp__resolution-by'>
                        {r.resolvedBy ?? ''}
                        {r.resolvedAt ? ` · ${momentText(r.resolvedAt)}` : ''}
                      </Text>
                    </View>
                  ) : (
                    <View className='va-actions'>
                      <View className='va-action va-action--blue' onClick={() => resolve(r)}>
                        处理
                      </View>
                    </View>
                  )}
                </View>
              )
            })}
            {data.nextCursor && (
              <View className='vrp__more' onClick={() => void loadMore()}>
                {more ? '加载中…' : '加载更多'}
              </View>
            )}
          </>
        )}
      </PageGate>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}
