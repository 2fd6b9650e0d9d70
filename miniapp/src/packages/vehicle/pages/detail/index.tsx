import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Popup, Rate, TextArea } from '@nutui/nutui-react-taro'
import { Transit } from '@nutui/icons-react-taro'
import { formatMoney, inShanghai, VEHICLE_TYPE_LABELS, vehicleRequestsApi, type VehicleRequest } from '@egj/shared'
import { ApiError, asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { RequestStatusPill } from '../../../../components/VehicleBits'
import { useResource } from '../../../../hooks/useResource'
import { DISPATCH_BOARD_PAGE, momentText, windowText } from '../../../../utils/vehicles'
import './index.scss'

const STEPS: { status: VehicleRequest['status']; label: string }[] = [
  { status: 'pending_approval', label: '待审批' },
  { status: 'approved', label: '待派车' },
  { status: 'dispatched', label: '已派车' },
  { status: 'in_progress', label: '执行中' },
  { status: 'completed', label: '已完成' },
]

const ACTION_LABELS: Record<string, string> = {
  created: '提交申请',
  approved: '审批同意',
  rejected: '审批驳回',
  cancelled: '取消申请',
  dispatched: '派车',
  reassigned: '改派',
  trip_started: '出车',
  trip_finished: '收车',
  rated: '评价',
}

/** How far along the request got: the index of the current step (rejected / cancelled stop where they were). */
function stepIndex(r: VehicleRequest): number {
  const at = STEPS.findIndex((s) => s.status === r.status)
  if (at >= 0) return at
  if (r.status === 'rejected') return 0
  // cancelled: before or after approval
  if (r.vehicle) return 2
  return r.decidedAt ? 1 : 0
}

/** 用车详情: status, car and driver, the trip's figures, 修改留痕, and what I may do. */
export default function VehicleDetailPage() {
  const id = Number(useRouter().params.id)
  const { state, reload, set } = useResource(
    () => (Number.isInteger(id) && id > 0 ? request(vehicleRequestsApi.get, { params: { id } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '用车申请不存在'))),
    { key: [id] },
  )
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [rating, setRating] = useState<{ stars: number; comment: string; error: string | null } | null>(null)

  const run = async (what: string, call: () => Promise<VehicleRequest>, done: string) => {
    if (busy) return
    setBusy(what)
    try {
      set(await call())
      toast(done, 'success')
    } catch (e) {
      actions.fail(e)
      void reload()
    } finally {
      setBusy(null)
    }
  }

  const approve = (r: VehicleRequest) =>
    actions.show({
      title: '同意用车',
      message: `同意「${r.requester.name}」${windowText(r.startAt, r.endAt)}的用车申请？同意后交调度员派车。`,
      choices: [{ text: '同意', primary: true, onClick: () => void run('approve', () => request(vehicleRequestsApi.approve, { params: { id } }), '已同意') }],
      cancelText: '取消',
    })
  const reject = () =>
    setAsk({
      title: '驳回用车申请',
      message: '申请人会收到驳回原因',
      placeholder: '请填写驳回原因，如 时段内已有会议用车安排',
      confirmText: '驳回',
      danger: true,
      onConfirm: async (reason) => {
        try {
          set(await request(vehicleRequestsApi.reject, { params: { id }, body: { reason } }))
          toast('已驳回', 'success')
        } catch (e) {
          throw asApiError(e).message
        }
      },
    })
  const cancel = () =>
    actions.show({
      title: '取消用车',
      message: '取消后调度员不再为这次用车派车，确定取消吗？',
      choices: [{ text: '取消用车', danger: true, onClick: () => void run('cancel', () => request(vehicleRequestsApi.cancel, { params: { id } }), '已取消') }],
      cancelText: '不取消',
    })
  const sendRating = async () => {
    if (!rating || busy) return
    if (rating.stars < 1) return setRating({ ...rating, error: '请选择 1–5 星' })
    setBusy('rate')
    try {
      set(await request(vehicleRequestsApi.rate, { params: { id }, body: { stars: rating.stars, comment: rating.comment.trim() || undefined } }))
      setRating(null)
      toast('感谢评价', 'success')
    } catch (e) {
      const error = asApiError(e)
      if (error.status === 400) setRating({ ...rating, error: error.message })
      else {
        setRating(null)
        actions.fail(error, { title: '评价未提交' })
      }
    } finally {
      setBusy(null)
    }
  }

  return (
    <Page className='vd'>
      <PageGate
        state={state}
        guest='登录后查看用车申请'
        icon={<Transit size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '用车申请不存在' : undefined)}
        onRetry={() => void reload()}
      >
        {(r) => {
          const at = stepIndex(r)
          const stopped = r.status === 'rejected' || r.status === 'cancelled'
          const trip = r.trip
          const hasActions = r.can.approve || r.can.cancel || r.can.rate || r.can.dispatch
          return (
            <>
              <View className='vd__hero'>
                <View className='vd__hero-top'>
                  <Text className='vd__purpose'>{r.purpose}</Text>
                  <RequestStatusPill status={r.status} />
                </View>
                <View className='vd__window'>{windowText(r.startAt, r.endAt)}</View>
                <View className='vd__route'>
                  {r.origin} → {r.destination}
                </View>
              </View>

              <View className='vf-card vd__steps'>
                {STEPS.map((step, i) => {
                  const done = i < at || (i === at && r.status === 'completed')
                  const current = i === at && !stopped && r.status !== 'completed'
                  const failed = i === at && stopped
                  return (
                    <View key={step.status} className={`vd__step ${done ? 'vd__step--done' : ''} ${current ? 'vd__step--current' : ''} ${failed ? 'vd__step--failed' : ''}`}>
                      <View className='vd__step-line' />
                      <View className='vd__step-dot'>{failed ? '×' : done ? '✓' : i + 1}</View>
                      <Text className='vd__step-label'>{failed ? (r.status === 'rejected' ? '已驳回' : '已取消') : step.label}</Text>
                    </View>
                  )
                })}
              </View>

              {r.status === 'rejected' && (
                <View className='vd__notice vd__notice--red'>
                  驳回原因：{r.rejectReason ?? '未说明'}
                  {r.decidedBy ? `（${r.decidedBy}）` : ''}
                </View>
              )}
              {r.status === 'cancelled' && <View className='vd__notice'>这次用车已取消</View>}

              {r.vehicle && (
                <Card title='派车信息'>
                  <View className='vd__car'>
                    <View className='vd__plate'>{r.vehicle.plateNo}</View>
                    <View className='vd__car-meta'>
                      {VEHICLE_TYPE_LABELS[r.vehicle.type]} · {r.vehicle.seats} 座
                    </View>
                  </View>
                  <InfoLine label='驾驶员'>{r.driver?.name ?? '—'}</InfoLine>
                  {r.dispatchedAt && <InfoLine label='派车时间'>{momentText(r.dispatchedAt)}</InfoLine>}
                </Card>
              )}

              {trip && (
                <Card title='行程'>
                  <InfoLine label='出车'>
                    {momentText(trip.startedAt)} · {trip.startOdometerKm} km
                  </InfoLine>
                  {trip.finishedAt ? (
                    <>
                      <InfoLine label='收车'>
                        {momentText(trip.finishedAt)} · {trip.endOdometerKm ?? '—'} km
                      </InfoLine>
                      <InfoLine label='行驶里程' strong>
                        {trip.distanceKm ?? 0} km
                      </InfoLine>
                      <InfoLine label='通行费'>{formatMoney(trip.tollFen)}</InfoLine>
                      <InfoLine label='停车费'>{formatMoney(trip.parkingFen)}</InfoLine>
                      <InfoLine label={trip.energyKwh !== null ? '充电费' : trip.fuelLitres !== null ? '油费' : '油电费'}>
                        {formatMoney(trip.fuelFen)}
                        {trip.fuelLitres !== null ? ` · ${trip.fuelLitres} 升` : ''}
                        {trip.energyKwh !== null ? ` · ${trip.energyKwh} 度` : ''}
                      </InfoLine>
                      {trip.chargeFen !== null && (
                        <InfoLine label='费用回收' strong>
                          {formatMoney(trip.chargeFen)}
                        </InfoLine>
                      )}
                    </>
                  ) : (
                    <View className='vd__running'>行程进行中</View>
                  )}
                </Card>
              )}

              <Card title='申请信息'>
                <InfoLine label='申请人'>
                  {r.requester.name}
                  {r.requester.unitName ? ` · ${r.requester.unitName}` : ''}
                </InfoLine>
                <InfoLine label='乘车人数'>{r.passengers} 人</InfoLine>
                <InfoLine label='车型'>{r.vehicleType ? VEHICLE_TYPE_LABELS[r.vehicleType] : '不限'}</InfoLine>
                {r.note && <InfoLine label='备注'>{r.note}</InfoLine>}
                <InfoLine label='提交时间'>{momentText(r.createdAt)}</InfoLine>
                {r.decidedBy && r.decidedAt && (
                  <InfoLine label='审批'>
                    {r.decidedBy} · {momentText(r.decidedAt)}
                  </InfoLine>
                )}
              </Card>

              {r.rating && (
                <Card title='我的评价'>
                  <View className='vd__stars'>{'★'.repeat(r.rating.stars) + '☆'.repeat(5 - r.rating.stars)}</View>
                  {r.rating.comment && <View className='vd__comment'>{r.rating.comment}</View>}
                </Card>
              )}

              <Card title='修改留痕'>
                {!r.history.length && <View className='vf-empty-line'>暂无记录</View>}
                <View className='vd__history'>
                  {r.history.map((h, i) => (
                    <View key={`${h.at}-${i}`} className='vd__event'>
                      <View className='vd__event-dot' />
                      <View className='vd__event-body'>
                        <View className='vd__event-head'>
                          <Text className='vd__event-action'>{ACTION_LABELS[h.action] ?? h.action}</Text>
                          <Text className='vd__event-by'>{h.by}</Text>
                          <Text className='vd__event-at'>{inShanghai(h.at).format('M月D日 HH:mm')}</Text>
                        </View>
                        {h.changes.map((c) => (
                          <View key={c.field} className='vd__change'>
                            <Text className='vd__change-field'>{c.field}</Text>
                            {c.from !== null && <Text className='vd__change-from'>{c.from}</Text>}
                            {c.from !== null && <Text className='vd__change-arrow'>→</Text>}
                            <Text className='vd__change-to'>{c.to ?? '（空）'}</Text>
                          </View>
                        ))}
                        {h.reason && <View className='vd__event-reason'>原因：{h.reason}</View>}
                      </View>
                    </View>
                  ))}
                </View>
              </Card>

              {hasActions && (
                <View className='vd__bar'>
                  {r.can.approve && (
                    <View className='vd__bar-row'>
                      <Button className='vd__bar-btn' type='danger' fill='outline' size='large' disabled={!!busy} onClick={reject}>
                        驳回
                      </Button>
                      <Button className='vd__bar-btn' type='primary' size='large' loading={busy === 'approve'} onClick={() => approve(r)}>
                        同意
                      </Button>
                    </View>
                  )}
                  {r.can.dispatch && (
                    <Button type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: `${DISPATCH_BOARD_PAGE}?date=${inShanghai(r.startAt).format('YYYY-MM-DD')}` })}>
                      去派车
                    </Button>
                  )}
                  {r.can.rate && (
                    <Button type='primary' size='large' block onClick={() => setRating({ stars: 5, comment: '', error: null })}>
                      评价本次用车
                    </Button>
                  )}
                  {r.can.cancel && (
                    <View className='vd__cancel' onClick={() => !busy && cancel()}>
                      取消用车
                    </View>
                  )}
                </View>
              )}
            </>
          )
        }}
      </PageGate>

      <Popup visible={!!rating} position='bottom' round closeable title='评价本次用车' onClose={() => busy !== 'rate' && setRating(null)}>
        {rating && (
          <View className='vd__rate'>
            <View className='vd__rate-stars'>
              <Rate value={rating.stars} count={5} onChange={(stars) => setRating({ ...rating, stars, error: null })} />
            </View>
            <TextArea className='vd__rate-text' value={rating.comment} maxLength={200} showCount placeholder='说说车辆、驾驶员的服务（选填）' onChange={(comment) => setRating({ ...rating, comment })} />
            {rating.error && <View className='vf-row__error vd__rate-error'>{rating.error}</View>}
            <Button type='primary' size='large' block loading={busy === 'rate'} onClick={() => void sendRating()}>
              提交评价
            </Button>
          </View>
        )}
      </Popup>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}
