import { useEffect, useRef, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Switch } from '@nutui/nutui-react-taro'
import { Setting } from '@nutui/icons-react-taro'
import { ApiError, asApiError, request } from '../../../../api/client'
import { ROOM_DEFAULT_HORIZON_DAYS, ROOM_EQUIPMENT_LABELS, roomAdminApi, type EndpointResponse, type RoomEquipment } from '@egj/shared'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { readyState, useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { gridTimes, hhmm, minuteOfText, ROOM_ADMIN_PAGE, roomAdminEditPage, roomFieldErrors } from '../../../../utils/rooms'
import './index.scss'

type Room = EndpointResponse<typeof roomAdminApi.rooms>['items'][number]
const EQUIPMENT = Object.entries(ROOM_EQUIPMENT_LABELS) as [RoomEquipment, string][]
const HOURS = gridTimes(0, 24 * 60).filter((t) => t.endsWith(':00') || t.endsWith(':30'))

interface Draft {
  name: string
  building: string
  floor: string
  capacity: string
  equipment: RoomEquipment[]
  openFrom: string
  openTo: string
  requiresApproval: boolean
  horizon: string
  active: boolean
}

const NEW_ROOM: Draft = { name: '', building: '', floor: '', capacity: '', equipment: [], openFrom: '08:00', openTo: '18:00', requiresApproval: false, horizon: String(ROOM_DEFAULT_HORIZON_DAYS), active: true }
const draftOf = (r: Room): Draft => ({
  name: r.name,
  building: r.building,
  floor: r.floor,
  capacity: String(r.capacity),
  equipment: r.equipment,
  openFrom: hhmm(r.openFromMinute),
  openTo: hhmm(r.openToMinute),
  requiresApproval: r.requiresApproval,
  horizon: String(r.horizonDays),
  active: r.status === 'active',
})

function problemsOf(d: Draft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.name.trim()) out.name = '请填写会议室名称'
  if (!d.building.trim()) out.building = '请填写楼宇'
  if (!d.floor.trim()) out.floor = '请填写楼层'
  if (!(Number(d.capacity) >= 1)) out.capacity = '容纳人数至少 1'
  if (d.openTo <= d.openFrom) out.openToMinute = '关门时间须晚于开门时间'
  if (!(Number(d.horizon) >= 1 && Number(d.horizon) <= 365)) out.horizonDays = '可预订天数须在 1–365 之间'
  return out
}

/** 会议室设置 (admin): add a room, or change one (equipment, open hours, 需审批, horizon, 启停). */
export default function RoomAdminEditPage() {
  const id = Number(useRouter().params.id) || 0
  const gate = useRoleGate(['admin'], { icon: <Setting size={48} color={GREY_ICON} /> })
  const loaded = useResource(
    () =>
      request(roomAdminApi.rooms).then((list) => {
        const found = list.items.find((r) => r.id === id)
        if (!found) throw new ApiError(404, 'NOT_FOUND', '会议室不存在或已被删除')
        return found
      }),
    { enabled: id > 0 },
  )
  const state = id > 0 ? loaded.state : readyState(null)
  const [draft, setDraft] = useState<Draft>(NEW_ROOM)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const actions = useActionDialog()

  const filled = useRef(false)
  useEffect(() => {
    if (loaded.data && !filled.current) {
      filled.current = true
      setDraft(draftOf(loaded.data))
      Taro.setNavigationBarTitle({ title: loaded.data.name }).catch(() => undefined)
    }
  }, [loaded.data])

  const change = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    if (fields.length) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))))
  }

  const save = async () => {
    const problems = problemsOf(draft)
    setErrors(problems)
    if (Object.keys(problems).length || busy) return
    const body = {
      name: draft.name.trim(),
      building: draft.building.trim(),
      floor: draft.floor.trim(),
      capacity: Number(draft.capacity),
      equipment: draft.equipment,
      openFromMinute: minuteOfText(draft.openFrom),
      openToMinute: minuteOfText(draft.openTo),
      requiresApproval: draft.requiresApproval,
      horizonDays: Number(draft.horizon),
    }
    setBusy(true)
    try {
      if (id) {
        const updated = await request(roomAdminApi.update, { params: { id }, body: { ...body, status: draft.active ? 'active' : 'disabled' } })
        setDraft(draftOf(updated))
        toast('已保存', 'success')
      } else {
        const created = await request(roomAdminApi.create, { body })
        toast('已新增会议室', 'success')
        void Taro.redirectTo({ url: roomAdminEditPage(created.id) })
      }
    } catch (e) {
      const error = asApiError(e)
      const fields = roomFieldErrors(error)
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '保存失败' })
    } finally {
      setBusy(false)
    }
  }

  const toggleActive = (on: boolean) => {
    if (on) return change({ active: true })
    actions.show({
      title: '停用会议室',
      message: '停用后不能再预订这间会议室，已有的预订不受影响。保存后生效。',
      choices: [{ text: '停用', danger: true, onClick: () => change({ active: false }) }],
      cancelText: '取消',
    })
  }

  return (
    <Page className='room-edit'>
      {gate ?? (
        <PageGate
          state={state}
          icon={<Setting size={48} color={GREY_ICON} />}
          errorTitle={(error) => (error.code === 'NOT_FOUND' ? '会议室不存在' : undefined)}
          errorAction={() => ({ text: '返回会议室列表', onClick: () => void Taro.redirectTo({ url: ROOM_ADMIN_PAGE }) })}
          onRetry={() => void loaded.reload()}
        >
          {() => (
            <>
              <Card title='基本信息'>
                <FormRow label='名称' required error={errors.name}>
                  <Input align='right' value={draft.name} maxLength={50} placeholder='如 第一会议室' onChange={(name) => change({ name }, 'name')} />
                </FormRow>
                <FormRow label='楼宇' required error={errors.building}>
                  <Input align='right' value={draft.building} maxLength={50} placeholder='如 行政中心A座' onChange={(building) => change({ building }, 'building')} />
                </FormRow>
                <FormRow label='楼层' required error={errors.floor}>
                  <Input align='right' value={draft.floor} maxLength={20} placeholder='如 3楼' onChange={(floor) => change({ floor }, 'floor')} />
                </FormRow>
                <FormRow label='容纳人数' required last error={errors.capacity}>
                  <Input align='right' type='number' value={draft.capacity} maxLength={5} placeholder='人数' onChange={(text) => change({ capacity: text.replace(/\D/g, '') }, 'capacity')} />
                </FormRow>
              </Card>

              <Card title='设备'>
                <View className='vf-chips room-edit__chips'>
                  {EQUIPMENT.map(([value, label]) => {
                    const on = draft.equipment.includes(value)
                    return (
                      <View key={value} className={`vf-chip ${on ? 'vf-chip--on' : ''}`} onClick={() => change({ equipment: on ? draft.equipment.filter((e) => e !== value) : [...draft.equipment, value] })}>
                        {on ? '✓ ' : ''}
                        {label}
                      </View>
                    )
                  })}
                </View>
              </Card>

              <Card title='预订规则'>
                <FormRow label='开放时间' error={errors.openToMinute ?? errors.openFromMinute}>
                  <View className='room-edit__hours'>
                    <HourPicker value={draft.openFrom} onChange={(openFrom) => change({ openFrom }, 'openToMinute', 'openFromMinute')} />
                    <Text className='room-edit__to'>至</Text>
                    <HourPicker value={draft.openTo} onChange={(openTo) => change({ openTo }, 'openToMinute')} />
                  </View>
                </FormRow>
                <FormRow label='可提前预订' error={errors.horizonDays} hint='最多可以预订多少天以后的会议'>
                  <Input align='right' type='number' value={draft.horizon} maxLength={3} onChange={(text) => change({ horizon: text.replace(/\D/g, '') }, 'horizonDays')} />
                  <Text className='room-edit__unit'>天</Text>
                </FormRow>
                <FormRow label='需审批' last={!id} hint='大会议室建议开启：预订先占位为「待审批」，审批通过才生效'>
                  <Switch checked={draft.requiresApproval} onChange={(requiresApproval) => change({ requiresApproval })} />
                </FormRow>
                {id > 0 && (
                  <FormRow label='启用' last hint={draft.active ? '可正常预订' : '已停用：不能预订'}>
                    <Switch checked={draft.active} onChange={toggleActive} />
                  </FormRow>
                )}
              </Card>

              <View className='vf-actions'>
                <Button type='primary' size='large' block loading={busy} onClick={() => void save()}>
                  {id ? '保存' : '新增会议室'}
                </Button>
              </View>
            </>
          )}
        </PageGate>
      )}
      {actions.node}
    </Page>
  )
}

function HourPicker({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <View className='room-edit__hour'>
      <PickerSelect options={HOURS} value={value} onChange={onChange} />
    </View>
  )
}

// the platform's list picker, showing a time
function PickerSelect({ options, value, onChange }: { options: string[]; value: string; onChange: (value: string) => void }) {
  return (
    <Picker mode='selector' range={options} value={Math.max(options.indexOf(value), 0)} onChange={(e) => onChange(options[Number(e.detail.value)] ?? value)}>
      <View className='vf-picker room-edit__picker'>
        <Text className='vf-picker__text'>{value}</Text>
      </View>
    </Picker>
  )
}
