import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { Del, FailureF, Location, Photograph, SuccessF } from '@nutui/icons-react-taro'
import { formatMoney, publicVehiclesApi, REPORT_PHOTO_MAX_BYTES, tripsApi, VEHICLE_ENERGY_LABELS, VEHICLE_TYPE_LABELS, type PublicVehicle, type Trip } from '@egj/shared'
import { ApiError, asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { getToken } from '../../../../store/session'
import { decodeParam, HOME_PAGE } from '../../../../utils/nav'
import { currentLocation, pickPhoto } from '../../../../utils/photo'
import { startScan } from '../../../../utils/scan'
import { cleanDecimalText, cleanYuanText, clockText, deviceId, fieldErrorsOf, optionalFen, windowText, without } from '../../../../utils/vehicles'
import './index.scss'

type Scanned = Awaited<ReturnType<typeof scanCar>>
type CarView = { kind: 'driver'; scanned: Scanned } | { kind: 'public'; car: PublicVehicle }

function scanCar(code: string) {
  return request(tripsApi.scan, { query: { code } })
}

/**
 * 一车一码: the page a car's code opens (also from `/q/v/<token>` without logging in). The car's
 * dispatched driver sees the task and starts / finishes the trip; everyone else — signed in or
 * not — sees the car's 亮身份 card and can report suspected private use.
 */
export default function VehicleCarPage() {
  const token = decodeParam(useRouter().params.token)
  const code = `/q/v/${token}`
  const { state, reload, set } = useResource<CarView>(
    async () => {
      if (!token) throw new ApiError(404, 'NOT_FOUND', '请扫描车辆上的二维码')
      if (getToken()) {
        try {
          // a scan by a signed-in user: the driver's task, and the scan is logged for anyone else
          const scanned = await scanCar(code)
          if (scanned.task || scanned.trip) return { kind: 'driver', scanned }
        } catch (e) {
          const error = asApiError(e)
          // not signed in after all, or not staff: the public card is for everyone
          if (error.status !== 401 && error.status !== 403) throw error
        }
      }
      return { kind: 'public', car: await request(publicVehiclesApi.get, { params: { token } }) }
    },
    { key: [token], auth: false },
  )

  return (
    <Page className='car'>
      {state.status === 'ready' ? (
        state.data.kind === 'driver' ? (
          <DriverView code={code} scanned={state.data.scanned} onScanned={(scanned) => set({ kind: 'driver', scanned })} onReload={() => void reload()} />
        ) : (
          <PublicView token={token} car={state.data.car} />
        )
      ) : (
        <PageGate
          state={state}
          loading='正在查询车辆…'
          icon={<FailureF size={48} color={GREY_ICON} />}
          errorTitle={(error) => (error.code === 'NOT_FOUND' || error.status === 404 ? '二维码无效' : undefined)}
          errorAction={() => ({ text: '重新扫码', onClick: () => void startScan() })}
          onRetry={() => void reload()}
        />
      )}
    </Page>
  )
}

function Plate({ plateNo, meta }: { plateNo: string; meta: string }) {
  return (
    <View className='car__head'>
      <View className='car__plate'>
        <Text className='car__plate-text'>{plateNo}</Text>
      </View>
      <View className='car__meta'>{meta}</View>
    </View>
  )
}

// ---------------------------------------------------------------------------------------------
// The public 亮身份 card and the 公车私用 report
// ---------------------------------------------------------------------------------------------

function PublicView({ token, car }: { token: string; car: PublicVehicle }) {
  const [mode, setMode] = useState<'card' | 'report' | 'done'>('card')
  const [received, setReceived] = useState('')
  const meta = [VEHICLE_TYPE_LABELS[car.type], car.unitName].filter(Boolean).join(' · ')

  if (mode === 'done') {
    return (
      <>
        <Plate plateNo={car.plateNo} meta={meta} />
        <View className='egj-card car__done'>
          <SuccessF size={64} color='var(--egj-success)' />
          <View className='car__done-title'>已收到</View>
          <View className='car__done-text'>{received || '感谢您的监督，我们会尽快核实处理。'}</View>
          <Button className='car__done-btn' type='primary' fill='outline' block onClick={() => setMode('card')}>
            返回车辆信息
          </Button>
        </View>
      </>
    )
  }
  if (mode === 'report') {
    return (
      <>
        <Plate plateNo={car.plateNo} meta={meta} />
        <ReportForm
          token={token}
          onCancel={() => setMode('card')}
          onDone={(message) => {
            setReceived(message)
            setMode('done')
          }}
        />
      </>
    )
  }
  return (
    <>
      <Plate plateNo={car.plateNo} meta={meta} />
      {car.onTask && car.task ? (
        <View className='car__status car__status--on'>
          <View className='car__status-title'>执行公务中</View>
          <View className='car__status-window'>{windowText(car.task.startAt, car.task.endAt)}</View>
          <View className='car__status-lines'>
            <View className='car__status-line'>
              <Text className='car__status-label'>目的地区域</Text>
              <Text className='car__status-value'>{car.task.destinationArea}</Text>
            </View>
            {car.task.requestingUnit && (
              <View className='car__status-line'>
                <Text className='car__status-label'>用车单位</Text>
                <Text className='car__status-value'>{car.task.requestingUnit}</Text>
              </View>
            )}
          </View>
        </View>
      ) : (
        <View className='car__status car__status--off'>
          <View className='car__status-title'>当前无公务任务</View>
          <View className='car__status-sub'>此车此刻没有经批准的公务用车任务</View>
        </View>
      )}
      <View className='car__public-note'>这是一辆登记在册的公务用车。如发现公车私用，欢迎向我们反映，无需登录。</View>
      <View className='car__actions'>
        <Button type='danger' fill='outline' size='large' block onClick={() => setMode('report')}>
          反映公车私用
        </Button>
      </View>
    </>
  )
}

function ReportForm({ token, onCancel, onDone }: { token: string; onCancel: () => void; onDone: (message: string) => void }) {
  const [text, setText] = useState('')
  const [photo, setPhoto] = useState<string | null>(null)
  const [location, setLocation] = useState<{ lat: number; lng: number } | null>(null)
  const [locating, setLocating] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const actions = useActionDialog()

  const addPhoto = async () => {
    try {
      const url = await pickPhoto(REPORT_PHOTO_MAX_BYTES)
      if (url) {
        setPhoto(url)
        setErrors((e) => without(e, 'photo'))
      }
    } catch (e) {
      setErrors((x) => ({ ...x, photo: e instanceof Error ? e.message : '照片处理失败，请重试' }))
    }
  }
  const locate = async () => {
    setLocating(true)
    setErrors((e) => without(e, 'lat', 'lng', 'location'))
    try {
      setLocation(await currentLocation())
    } catch (e) {
      setErrors((x) => ({ ...x, location: e instanceof Error ? e.message : '未能获取位置' }))
    } finally {
      setLocating(false)
    }
  }
  const send = async () => {
    if (!text.trim()) return setErrors({ text: '请填写反映内容' })
    setBusy(true)
    try {
      const created = await request(publicVehiclesApi.report, { params: { token }, body: { text: text.trim(), photo: photo ?? undefined, ...(location ?? {}) }, headers: { 'X-Device-Id': deviceId() } })
      onDone(created.message)
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '未能提交' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <Card title='反映公车私用'>
        <FormRow label='情况说明' required stacked error={errors.text}>
          <TextArea
            className='car__area'
            value={text}
            maxLength={500}
            rows={4}
            showCount
            placeholder='如 周六下午在某商场停车场看到此车，有人搬运私人物品'
            onChange={(value) => {
              setText(value)
              setErrors((e) => without(e, 'text'))
            }}
          />
        </FormRow>
        <FormRow label='照片' stacked hint='选填，拍下车辆和现场情况' error={errors.photo}>
          {photo ? (
            <View className='car__photo'>
              <Image className='car__photo-img' src={photo} mode='aspectFill' />
              <View className='car__photo-del' onClick={() => setPhoto(null)}>
                <Del size={14} color='#ffffff' />
                <Text className='car__photo-del-text'>删除</Text>
              </View>
            </View>
          ) : (
            <View className='car__photo-add' onClick={() => void addPhoto()}>
              <Photograph size={24} color='var(--egj-primary)' />
              <Text className='car__photo-add-text'>拍照或选图</Text>
            </View>
          )}
        </FormRow>
        <FormRow label='位置' stacked last error={errors.location ?? errors.lat ?? errors.lng}>
          <View className='car__loc'>
            <View className={`car__loc-choice ${!location ? 'car__loc-choice--on' : ''}`} onClick={() => setLocation(null)}>
              不获取位置
            </View>
            <View className={`car__loc-choice ${location ? 'car__loc-choice--on' : ''}`} onClick={() => !locating && void locate()}>
              <Location size={14} color={location ? 'var(--egj-primary)' : 'var(--egj-text-2)'} />
              <Text className='car__loc-text'>{locating ? '正在定位…' : location ? '已附上当前位置' : '附上当前位置'}</Text>
            </View>
          </View>
        </FormRow>
      </Card>
      <View className='car__public-note'>不需要登录，也不会记录您的身份。同一设备短时间内提交次数有限制。</View>
      <View className='car__actions'>
        <Button type='primary' size='large' block loading={busy} onClick={() => void send()}>
          提交反映
        </Button>
        <View className='car__back' onClick={onCancel}>
          返回
        </View>
      </View>
      {actions.node}
    </>
  )
}

// ---------------------------------------------------------------------------------------------
// The dispatched driver: 出车 / 收车
// ---------------------------------------------------------------------------------------------

interface FinishDraft {
  odometer: string
  toll: string
  parking: string
  fuel: string
  amount: string
}

function DriverView({ code, scanned, onScanned, onReload }: { code: string; scanned: Scanned; onScanned: (s: Scanned) => void; onReload: () => void }) {
  const { vehicle, task } = scanned
  const trip = scanned.trip
  const electric = vehicle.energy === 'electric'
  const [odometer, setOdometer] = useState('')
  const [finish, setFinish] = useState<FinishDraft>({ odometer: '', toll: '', parking: '', fuel: '', amount: '' })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [finished, setFinished] = useState<Trip | null>(null)
  const [busy, setBusy] = useState(false)
  const actions = useActionDialog()
  const start = useSubmit((body: { code: string; odometerKm: number }, idempotencyKey) => request(tripsApi.start, { body, idempotencyKey }))

  const refused = (e: unknown, title: string, retry?: () => void) => {
    const error = asApiError(e)
    const fields = fieldErrorsOf(error)
    if (Object.keys(fields).length) setErrors(fields)
    else {
      actions.fail(error, { title, retry, safeRetry: '出车' })
      if (error.status === 409) onReload()
    }
  }

  const sendStart = async (retry = false) => {
    const km = Number(odometer)
    if (!odometer || !Number.isInteger(km)) return setErrors({ odometerKm: '请填写出车时的里程表读数（整数公里）' })
    try {
      const started = retry ? await start.retry() : await start.submit({ code, odometerKm: km })
      toast('已出车，一路平安', 'success')
      onScanned({ ...scanned, trip: started, canStart: false })
    } catch (e) {
      refused(e, '未能出车', () => void sendStart(true))
    }
  }

  const sendFinish = async () => {
    if (!trip) return
    const km = Number(finish.odometer)
    const out: Record<string, string> = {}
    if (!finish.odometer || !Number.isInteger(km)) out.odometerKm = '请填写收车时的里程表读数（整数公里）'
    else if (km < trip.startOdometerKm) out.odometerKm = `收车读数不能小于出车读数 ${trip.startOdometerKm} km`
    const tollFen = optionalFen(finish.toll)
    const parkingFen = optionalFen(finish.parking)
    const fuelFen = optionalFen(finish.fuel)
    if (tollFen === null) out.tollFen = '金额格式有误'
    if (parkingFen === null) out.parkingFen = '金额格式有误'
    if (fuelFen === null) out.fuelFen = '金额格式有误'
    const amount = finish.amount ? Number(finish.amount) : undefined
    if (amount !== undefined && !Number.isFinite(amount)) out[electric ? 'energyKwh' : 'fuelLitres'] = '请填写数字'
    setErrors(out)
    if (Object.keys(out).length) return
    setBusy(true)
    try {
      const done = await request(tripsApi.finish, {
        params: { id: trip.id },
        body: { odometerKm: km, tollFen: tollFen ?? undefined, parkingFen: parkingFen ?? undefined, fuelFen: fuelFen ?? undefined, ...(electric ? { energyKwh: amount } : { fuelLitres: amount }) },
      })
      toast('已收车', 'success')
      setFinished(done)
    } catch (e) {
      refused(e, '未能收车')
    } finally {
      setBusy(false)
    }
  }

  const meta = [VEHICLE_TYPE_LABELS[vehicle.type], `${vehicle.seats} 座`, VEHICLE_ENERGY_LABELS[vehicle.energy], vehicle.unitName].filter(Boolean).join(' · ')
  const editFinish = (patch: Partial<FinishDraft>, field: string) => {
    setFinish((f) => ({ ...f, ...patch }))
    setErrors((e) => without(e, field))
  }

  if (finished) {
    return (
      <>
        <Plate plateNo={vehicle.plateNo} meta={meta} />
        <View className='egj-card car__done'>
          <SuccessF size={64} color='var(--egj-success)' />
          <View className='car__done-title'>行程已完成</View>
          <View className='car__done-text'>
            行驶 {finished.distanceKm ?? 0} km · {clockText(finished.startedAt)}–{finished.finishedAt ? clockText(finished.finishedAt) : ''}
          </View>
          <View className='car__done-lines'>
            <InfoLine label='通行费'>{formatMoney(finished.tollFen)}</InfoLine>
            <InfoLine label='停车费'>{formatMoney(finished.parkingFen)}</InfoLine>
            <InfoLine label={electric ? '充电费' : '油费'}>{formatMoney(finished.fuelFen)}</InfoLine>
          </View>
          <Button className='car__done-btn' type='primary' block onClick={() => void Taro.switchTab({ url: HOME_PAGE })}>
            返回首页
          </Button>
        </View>
      </>
    )
  }

  return (
    <>
      <Plate plateNo={vehicle.plateNo} meta={meta} />
      {task && (
        <Card title={trip ? '行程进行中' : '本车派给您的任务'} extra={<Text className={`car__badge ${trip ? 'car__badge--on' : ''}`}>{trip ? '执行中' : '待出车'}</Text>}>
          <View className='car__task-window'>{windowText(task.startAt, task.endAt)}</View>
          <InfoLine label='事由'>{task.purpose}</InfoLine>
          <InfoLine label='路线'>
            {task.origin} → {task.destination}
          </InfoLine>
          <InfoLine label='乘车'>
            {task.requester.name}
            {task.requester.unitName ? `（${task.requester.unitName}）` : ''} 等 {task.passengers} 人
          </InfoLine>
          {task.note && <InfoLine label='备注'>{task.note}</InfoLine>}
        </Card>
      )}

      {trip ? (
        <Card title='收车登记'>
          <FormRow label='收车里程' required error={errors.odometerKm} hint={`出车读数 ${trip.startOdometerKm} km`}>
            <Input className='car__num' align='right' type='number' value={finish.odometer} placeholder='里程表读数' onChange={(v) => editFinish({ odometer: v.replace(/\D/g, '') }, 'odometerKm')} />
            <Text className='car__unit'>km</Text>
          </FormRow>
          <FormRow label='通行费' error={errors.tollFen}>
            <Input className='car__num' align='right' type='digit' value={finish.toll} placeholder='0.00' onChange={(v) => editFinish({ toll: cleanYuanText(v) }, 'tollFen')} />
            <Text className='car__unit'>元</Text>
          </FormRow>
          <FormRow label='停车费' error={errors.parkingFen}>
            <Input className='car__num' align='right' type='digit' value={finish.parking} placeholder='0.00' onChange={(v) => editFinish({ parking: cleanYuanText(v) }, 'parkingFen')} />
            <Text className='car__unit'>元</Text>
          </FormRow>
          <FormRow label={electric ? '充电费' : '油费'} error={errors.fuelFen}>
            <Input className='car__num' align='right' type='digit' value={finish.fuel} placeholder='0.00' onChange={(v) => editFinish({ fuel: cleanYuanText(v) }, 'fuelFen')} />
            <Text className='car__unit'>元</Text>
          </FormRow>
          <FormRow label={electric ? '充电量' : '加油量'} last error={errors[electric ? 'energyKwh' : 'fuelLitres']} hint='选填，用于统计百公里能耗'>
            <Input className='car__num' align='right' type='digit' value={finish.amount} placeholder='0.0' onChange={(v) => editFinish({ amount: cleanDecimalText(v) }, electric ? 'energyKwh' : 'fuelLitres')} />
            <Text className='car__unit'>{electric ? '度' : '升'}</Text>
          </FormRow>
          <View className='car__form-action'>
            <Button type='primary' size='large' block loading={busy} onClick={() => void sendFinish()}>
              收车
            </Button>
          </View>
        </Card>
      ) : (
        <Card title='出车登记'>
          <FormRow label='出车里程' required last error={errors.odometerKm} hint={`本车上次读数 ${vehicle.lastOdometerKm} km`}>
            <Input
              className='car__num'
              align='right'
              type='number'
              value={odometer}
              placeholder='里程表读数'
              onChange={(v) => {
                setOdometer(v.replace(/\D/g, ''))
                setErrors((e) => without(e, 'odometerKm'))
              }}
            />
            <Text className='car__unit'>km</Text>
          </FormRow>
          {!scanned.canStart && scanned.startBlockedReason && <View className='car__blocked'>{scanned.startBlockedReason}</View>}
          <View className='car__form-action'>
            <Button type='primary' size='large' block disabled={!scanned.canStart} loading={start.busy} onClick={() => void sendStart()}>
              出车
            </Button>
          </View>
        </Card>
      )}
      {actions.node}
    </>
  )
}

