import { useState } from 'react'
import { Image, Picker, Text, View } from '@tarojs/components'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { Plus, QrCode, Transit } from '@nutui/icons-react-taro'
import { orgApi, VEHICLE_ENERGY_LABELS, VEHICLE_STATUS_LABELS, VEHICLE_TYPE_LABELS, vehicleAdminApi, type EndpointResponse, type VehicleType } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Chips, FormRow, Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { Pill } from '../../../../components/Pill'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { fieldErrorsOf, without } from '../../../../utils/vehicles'
import { AdminNav } from '../../components/AdminNav'
import { openVehicleQrSheet, vehicleQrDataUrl } from '../../lib/files'
import './index.scss'

type Vehicle = EndpointResponse<typeof vehicleAdminApi.vehicles>['items'][number]
type Energy = Vehicle['energy']
type Status = Vehicle['status']

interface Draft {
  plateNo: string
  type: VehicleType
  seats: string
  energy: Energy
  unitId: number | null
  odometer: string
  status: Status
}

const TYPES = (Object.keys(VEHICLE_TYPE_LABELS) as VehicleType[]).map((value) => ({ value, label: VEHICLE_TYPE_LABELS[value] }))
const ENERGIES = (Object.keys(VEHICLE_ENERGY_LABELS) as Energy[]).map((value) => ({ value, label: VEHICLE_ENERGY_LABELS[value] }))
const STATUSES = (Object.keys(VEHICLE_STATUS_LABELS) as Status[]).map((value) => ({ value, label: VEHICLE_STATUS_LABELS[value] }))
const STATUS_TONE = { active: 'green', maintenance: 'orange', retired: 'gray' } as const

/** 车辆管理 (admin): the cars, their status and their codes. */
export default function VehicleAdminPage() {
  const list = useResource(() => request(vehicleAdminApi.vehicles))
  const units = useResource(() => request(orgApi.units).then((u) => u.items), { refreshOnShow: false })
  const [sheet, setSheet] = useState<{ vehicle: Vehicle | null; draft: Draft; errors: Record<string, string> } | null>(null)
  const [qr, setQr] = useState<{ vehicle: Vehicle; src: string | null } | null>(null)
  const [busy, setBusy] = useState(false)
  const actions = useActionDialog()

  const openNew = () => setSheet({ vehicle: null, draft: { plateNo: '', type: 'sedan', seats: '5', energy: 'fuel', unitId: units.data?.[0]?.id ?? null, odometer: '0', status: 'active' }, errors: {} })
  const openEdit = (v: Vehicle) => setSheet({ vehicle: v, draft: { plateNo: v.plateNo, type: v.type, seats: String(v.seats), energy: v.energy, unitId: v.unitId, odometer: String(v.lastOdometerKm), status: v.status }, errors: {} })
  const edit = (patch: Partial<Draft>, ...fields: string[]) => setSheet((s) => (s ? { ...s, draft: { ...s.draft, ...patch }, errors: without(s.errors, ...fields) } : s))

  const save = async () => {
    if (!sheet || busy) return
    const { draft, vehicle } = sheet
    const out: Record<string, string> = {}
    const seats = Number(draft.seats)
    if (!vehicle && !draft.plateNo.trim()) out.plateNo = '请填写车牌号'
    if (!Number.isInteger(seats) || seats < 1 || seats > 60) out.seats = '座位数应为 1–60'
    if (!draft.unitId) out.unitId = '请选择所属单位'
    if (Object.keys(out).length) return setSheet({ ...sheet, errors: out })
    setBusy(true)
    try {
      if (vehicle) {
        await request(vehicleAdminApi.updateVehicle, { params: { id: vehicle.id }, body: { type: draft.type, seats, energy: draft.energy, unitId: draft.unitId ?? undefined, status: draft.status } })
        toast('已保存', 'success')
      } else {
        await request(vehicleAdminApi.createVehicle, { body: { plateNo: draft.plateNo.trim().toUpperCase(), type: draft.type, seats, energy: draft.energy, unitId: draft.unitId ?? 0, lastOdometerKm: Number(draft.odometer) || 0 } })
        toast('已新增车辆', 'success')
      }
      setSheet(null)
      void list.reload()
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (Object.keys(fields).length) setSheet({ ...sheet, errors: fields })
      else actions.fail(error, { title: '未能保存' })
    } finally {
      setBusy(false)
    }
  }

  const showQr = async (v: Vehicle) => {
    setQr({ vehicle: v, src: null })
    try {
      const src = await vehicleQrDataUrl(v.id)
      setQr((current) => (current?.vehicle.id === v.id ? { vehicle: v, src } : current))
    } catch (e) {
      setQr(null)
      actions.fail(e, { title: '二维码生成失败' })
    }
  }
  const print = async () => {
    try {
      const result = await openVehicleQrSheet()
      if (result === 'use-computer') toast('请在电脑浏览器中打印')
      else if (result === 'blocked') toast('浏览器拦截了新窗口，请允许弹出窗口后重试', 'warn')
    } catch (e) {
      actions.fail(e, { title: '打印失败' })
    }
  }

  const unitNames = units.data?.map((u) => u.name) ?? []
  const unitIndex = Math.max(0, units.data?.findIndex((u) => u.id === sheet?.draft.unitId) ?? 0)
  return (
    <Page className='vv'>
      <AdminNav current='vehicles' />
      <PageGate state={list.state} needs={['admin']} icon={<Transit size={48} color={GREY_ICON} />} onRetry={() => void list.reload()}>
        {(data) => {
          const counts = { active: 0, maintenance: 0, retired: 0 }
          data.items.forEach((v) => (counts[v.status] += 1))
          return (
            <>
              <View className='va-toolbar'>
                <Text className='va-toolbar__text'>
                  共 {data.items.length} 辆 · 可用 {counts.active} · 维修 {counts.maintenance} · 报废 {counts.retired}
                </Text>
              </View>
              <View className='vv__tools'>
                <Button type='primary' icon={<Plus size={14} color='#ffffff' />} onClick={openNew}>
                  新增车辆
                </Button>
                <Button type='primary' fill='outline' icon={<QrCode size={14} />} onClick={() => void print()}>
                  打印全部车辆码
                </Button>
              </View>
              {!data.items.length && <View className='egj-card vv__none'>还没有车辆，点「新增车辆」登记第一辆</View>}
              {data.items.map((v) => (
                <View key={v.id} className={`va-list-item vv__car ${v.status === 'retired' ? 'vv__car--off' : ''}`}>
                  <View className='vv__car-top'>
                    <Text className='vv__plate'>{v.plateNo}</Text>
                    <Pill tone={STATUS_TONE[v.status]}>{VEHICLE_STATUS_LABELS[v.status]}</Pill>
                  </View>
                  <View className='vv__car-meta'>
                    {VEHICLE_TYPE_LABELS[v.type]} · {v.seats} 座 · {VEHICLE_ENERGY_LABELS[v.energy]} · 里程 {v.lastOdometerKm} km
                  </View>
                  <View className='vv__car-unit'>
                    {v.unitName ?? '未设所属单位'} · 短码 {v.shortCode}
                  </View>
                  <View className='va-actions'>
                    <View className='va-action va-action--blue' onClick={() => void showQr(v)}>
                      <QrCode size={14} color='var(--egj-primary)' />
                      <Text className='vv__action-text'>车辆码</Text>
                    </View>
                    <View className='va-action' onClick={() => openEdit(v)}>
                      编辑
                    </View>
                  </View>
                </View>
              ))}
            </>
          )
        }}
      </PageGate>

      <Popup visible={!!sheet} position='bottom' round closeable title={sheet?.vehicle ? `编辑 ${sheet.vehicle.plateNo}` : '新增车辆'} onClose={() => !busy && setSheet(null)}>
        {sheet && (
          <View className='va-sheet vv__sheet'>
            {!sheet.vehicle && (
              <FormRow label='车牌号' required error={sheet.errors.plateNo}>
                <Input align='right' value={sheet.draft.plateNo} maxLength={10} placeholder='如 浙A12345' onChange={(plateNo) => edit({ plateNo }, 'plateNo')} />
              </FormRow>
            )}
            <FormRow label='车型' stacked error={sheet.errors.type}>
              <Chips options={TYPES} value={sheet.draft.type} onChange={(type) => edit({ type, energy: type === 'new_energy' ? 'electric' : sheet.draft.energy }, 'type')} />
            </FormRow>
            <FormRow label='座位数' required error={sheet.errors.seats}>
              <Input align='right' type='number' value={sheet.draft.seats} maxLength={2} onChange={(seats) => edit({ seats: seats.replace(/\D/g, '') }, 'seats')} />
            </FormRow>
            <FormRow label='能源' error={sheet.errors.energy}>
              <Segmented className='vv__seg' options={ENERGIES} value={sheet.draft.energy} onChange={(energy) => edit({ energy }, 'energy')} />
            </FormRow>
            <FormRow label='所属单位' required error={sheet.errors.unitId}>
              <Picker mode='selector' range={unitNames} value={unitIndex} onChange={(e) => edit({ unitId: units.data?.[Number(e.detail.value)]?.id ?? null }, 'unitId')}>
                <View className='vf-picker'>
                  <Text className={sheet.draft.unitId ? 'vf-picker__text' : 'vf-picker__text vf-picker__text--empty'}>{units.data?.find((u) => u.id === sheet.draft.unitId)?.name ?? '请选择'}</Text>
                </View>
              </Picker>
            </FormRow>
            {sheet.vehicle ? (
              <FormRow label='状态' stacked last error={sheet.errors.status}>
                <Segmented className='vv__seg' options={STATUSES} value={sheet.draft.status} onChange={(status) => edit({ status }, 'status')} />
              </FormRow>
            ) : (
              <FormRow label='当前里程' last error={sheet.errors.lastOdometerKm}>
                <Input align='right' type='number' value={sheet.draft.odometer} onChange={(odometer) => edit({ odometer: odometer.replace(/\D/g, '') }, 'lastOdometerKm')} />
                <Text className='vv__unit'>km</Text>
              </FormRow>
            )}
            {sheet.vehicle && sheet.draft.status !== 'active' && <View className='vv__warn'>维修保养或报废的车辆不能派车</View>}
            <View className='vv__save'>
              <Button type='primary' size='large' block loading={busy} onClick={() => void save()}>
                保存
              </Button>
            </View>
          </View>
        )}
      </Popup>

      <Popup visible={!!qr} position='center' round closeable onClose={() => setQr(null)}>
        {qr && (
          <View className='vv__qr'>
            <View className='vv__qr-title'>一车一码</View>
            <View className='vv__qr-box'>{qr.src ? <Image className='vv__qr-img' src={qr.src} mode='aspectFit' showMenuByLongpress /> : <Text className='egj-muted'>正在生成二维码…</Text>}</View>
            <View className='vv__qr-plate'>{qr.vehicle.plateNo}</View>
            <View className='vv__qr-unit'>{qr.vehicle.unitName ?? ''}</View>
            <View className='vv__qr-short'>手动输入码 {qr.vehicle.shortCode}</View>
            <View className='vv__qr-hint egj-muted'>贴在车内前挡风玻璃右下角；长按图片可保存</View>
          </View>
        )}
      </Popup>
      {actions.node}
    </Page>
  )
}
