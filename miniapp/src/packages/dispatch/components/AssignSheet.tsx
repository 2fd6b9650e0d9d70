import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Popup, TextArea } from '@nutui/nutui-react-taro'
import { dispatchApi, VEHICLE_TYPE_LABELS, type VehicleRequest, type VehicleType } from '@egj/shared'
import { asApiError, request } from '../../../api/client'
import { useActionDialog } from '../../../components/ActionDialog'
import { PageGate } from '../../../components/PageGate'
import { useResource } from '../../../hooks/useResource'
import { clockText, fieldErrorsOf, windowText } from '../../../utils/vehicles'
import './AssignSheet.scss'

interface CarOption {
  id: number
  plateNo: string
  type: VehicleType
  seats: number
}
interface DriverOption {
  id: number
  userId: number
  name: string
}
interface Options {
  vehicles: CarOption[]
  drivers: DriverOption[]
}

/** Codes that refuse one car or driver for this window: the board then offers the free ones. */
const CONFLICTS = ['VEHICLE_BUSY', 'DRIVER_BUSY', 'VEHICLE_UNAVAILABLE', 'VEHICLE_TOO_FEW_SEATS', 'DRIVER_OFF_DUTY']

interface ConflictDetails {
  free?: Partial<Options>
  startAt?: string
  endAt?: string
  conflict?: { startAt?: string; endAt?: string }
}

/** The refusal, with the conflicting window when the server named one. */
function conflictText(message: string, details: ConflictDetails | undefined): string {
  const window = details?.conflict ?? details
  return window?.startAt && window?.endAt ? `${message}（${clockText(window.startAt)}–${clockText(window.endAt)}）` : message
}

/**
 * 派车 / 改派 for one request: the cars and on-duty drivers free for its window (GET
 * …/dispatch-options). A refusal (409) says why and offers the alternatives the server sent.
 */
export function AssignSheet({ target, onClose, onDone }: { target: VehicleRequest | null; onClose: () => void; onDone: (updated: VehicleRequest) => void }) {
  return (
    <Popup visible={!!target} position='bottom' round closeable title={target?.vehicle ? '改派' : '派车'} onClose={onClose} style={{ maxHeight: '86vh' }}>
      {target && <SheetBody key={target.id} target={target} onDone={onDone} />}
    </Popup>
  )
}

function SheetBody({ target, onDone }: { target: VehicleRequest; onDone: (updated: VehicleRequest) => void }) {
  const reassign = !!target.vehicle
  const options = useResource<Options>(() => request(dispatchApi.options, { params: { id: target.id } }), { key: [target.id], refreshOnShow: false })
  const [vehicleId, setVehicleId] = useState<number | null>(target.vehicle?.id ?? null)
  const [driverId, setDriverId] = useState<number | null>(target.driver?.id ?? null)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [conflict, setConflict] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const actions = useActionDialog()

  // the current car and driver stay choosable when reassigning (they are busy with this very request)
  const withCurrent = (o: Options): Options => ({
    vehicles: target.vehicle && !o.vehicles.some((v) => v.id === target.vehicle?.id) ? [target.vehicle, ...o.vehicles] : o.vehicles,
    drivers: target.driver && !o.drivers.some((d) => d.id === target.driver?.id) ? [target.driver, ...o.drivers] : o.drivers,
  })

  const send = async () => {
    const out: Record<string, string> = {}
    if (!vehicleId) out.vehicleId = '请选择车辆'
    if (!driverId) out.driverId = '请选择驾驶员'
    if (reassign && !reason.trim()) out.reason = '改派须填写原因'
    setErrors(out)
    if (Object.keys(out).length || !vehicleId || !driverId) return
    setBusy(true)
    try {
      const updated = await request(dispatchApi.dispatch, { params: { id: target.id }, body: { vehicleId, driverId, reason: reason.trim() || undefined } })
      onDone(updated)
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (CONFLICTS.includes(error.code)) {
        const details = error.details as ConflictDetails | undefined
        const free = details?.free
        if (free?.vehicles || free?.drivers) {
          const current = options.data ?? { vehicles: [], drivers: [] }
          options.set({ vehicles: free.vehicles ?? current.vehicles, drivers: free.drivers ?? current.drivers })
        } else void options.reload()
        if (error.code.startsWith('VEHICLE')) setVehicleId(null)
        else setDriverId(null)
        setConflict(conflictText(error.message, details))
      } else if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: reassign ? '改派未完成' : '派车未完成' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='as'>
      <View className='as__req'>
        <View className='as__req-title'>{target.purpose}</View>
        <View className='as__req-window'>{windowText(target.startAt, target.endAt)}</View>
        <View className='as__req-meta'>
          {target.origin} → {target.destination} · {target.passengers} 人{target.vehicleType ? ` · 要${VEHICLE_TYPE_LABELS[target.vehicleType]}` : ''} · {target.requester.unitName ?? target.requester.name}
        </View>
      </View>

      {conflict && (
        <View className='as__conflict'>
          <Text className='as__conflict-title'>{conflict}</Text>
          <Text className='as__conflict-text'>下面是这个时段空闲的车辆和驾驶员，请重新选择</Text>
        </View>
      )}

      <PageGate state={options.state} loading='正在查找空闲车辆和驾驶员…' onRetry={() => void options.reload()}>
        {(data) => {
          const o = withCurrent(data)
          return (
            <>
              <View className='as__section'>
                空闲车辆 <Text className='as__count'>{o.vehicles.length}</Text>
              </View>
              {errors.vehicleId && <View className='vf-row__error as__error'>{errors.vehicleId}</View>}
              {!o.vehicles.length && <View className='as__none'>这个时段没有空闲且座位够的车辆</View>}
              <View className='as__grid'>
                {o.vehicles.map((v) => (
                  <View
                    key={v.id}
                    className={`as__opt ${vehicleId === v.id ? 'as__opt--on' : ''}`}
                    onClick={() => {
                      setVehicleId(v.id)
                      setConflict(null)
                      setErrors((e) => ({ ...e, vehicleId: '' }))
                    }}
                  >
                    <Text className='as__opt-title'>{v.plateNo}</Text>
                    <Text className='as__opt-sub'>
                      {VEHICLE_TYPE_LABELS[v.type]} · {v.seats} 座{target.vehicle?.id === v.id ? ' · 当前' : ''}
                    </Text>
                  </View>
                ))}
              </View>

              <View className='as__section'>
                在岗空闲驾驶员 <Text className='as__count'>{o.drivers.length}</Text>
              </View>
              {errors.driverId && <View className='vf-row__error as__error'>{errors.driverId}</View>}
              {!o.drivers.length && <View className='as__none'>这个时段没有在岗空闲的驾驶员</View>}
              <View className='as__grid'>
                {o.drivers.map((d) => (
                  <View
                    key={d.id}
                    className={`as__opt as__opt--driver ${driverId === d.id ? 'as__opt--on' : ''}`}
                    onClick={() => {
                      setDriverId(d.id)
                      setConflict(null)
                      setErrors((e) => ({ ...e, driverId: '' }))
                    }}
                  >
                    <Text className='as__opt-title'>{d.name}</Text>
                    {target.driver?.id === d.id && <Text className='as__opt-sub'>当前</Text>}
                  </View>
                ))}
              </View>
            </>
          )
        }}
      </PageGate>

      {reassign && (
        <View className='as__reason'>
          <View className='as__section'>改派原因</View>
          <TextArea
            className='as__reason-input'
            value={reason}
            maxLength={100}
            rows={2}
            placeholder='如 原车辆临时故障送修'
            onChange={(text) => {
              setReason(text)
              setErrors((e) => ({ ...e, reason: '' }))
            }}
          />
          {errors.reason && <View className='vf-row__error as__error'>{errors.reason}</View>}
        </View>
      )}

      <View className='as__submit'>
        <Button type='primary' size='large' block loading={busy} onClick={() => void send()}>
          {reassign ? '确认改派' : '确认派车'}
        </Button>
      </View>
      {actions.node}
    </View>
  )
}
