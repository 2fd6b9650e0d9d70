import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { Transit } from '@nutui/icons-react-taro'
import { inShanghai, VEHICLE_REQUEST_MAX_AHEAD_DAYS, VEHICLE_TYPE_LABELS, vehicleRequestsApi, type VehicleType } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, Chips, FormRow, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useSubmit } from '../../../../hooks/useSubmit'
import { useMe } from '../../../../store/session'
import { addDays, dayText, fieldErrorsOf, shanghaiInstant, todayInShanghai, vehicleDetailPage, without } from '../../../../utils/vehicles'
import { askToSubscribe, useSubscribeTemplates } from '../../../../utils/subscribe'
import './index.scss'

interface Draft {
  purpose: string
  origin: string
  destination: string
  day: string
  start: string
  end: string
  passengers: number
  vehicleType: VehicleType | null
  note: string
}

const TYPES = (Object.keys(VEHICLE_TYPE_LABELS) as VehicleType[]).map((value) => ({ value, label: VEHICLE_TYPE_LABELS[value] }))

/**
 * The first window offered: from the next quarter hour at least 5 minutes away (so the car can be
 * dispatched and started at once when it is needed now), for two hours, ending by midnight.
 */
function firstWindow(): Pick<Draft, 'day' | 'start' | 'end'> {
  const soon = inShanghai(new Date()).add(5, 'minute')
  const start = soon.add((15 - (soon.minute() % 15)) % 15, 'minute').second(0).millisecond(0)
  const end = start.add(2, 'hour')
  return { day: start.format('YYYY-MM-DD'), start: start.format('HH:mm'), end: end.format('YYYY-MM-DD') === start.format('YYYY-MM-DD') ? end.format('HH:mm') : '23:59' }
}

function buildBody(d: Draft) {
  return {
    purpose: d.purpose.trim(),
    origin: d.origin.trim(),
    destination: d.destination.trim(),
    startAt: shanghaiInstant(d.day, d.start),
    endAt: shanghaiInstant(d.day, d.end),
    passengers: d.passengers,
    vehicleType: d.vehicleType ?? undefined,
    note: d.note.trim() || undefined,
  }
}
type Body = ReturnType<typeof buildBody>

/** What the phone can tell before sending, keyed like the API's issue paths. */
function problemsOf(d: Draft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.purpose.trim()) out.purpose = '请填写用车事由'
  if (!d.origin.trim()) out.origin = '请填写出发地'
  if (!d.destination.trim()) out.destination = '请填写目的地'
  if (d.end <= d.start) out.endAt = '结束时间须晚于开始时间'
  if (new Date(shanghaiInstant(d.day, d.start)).getTime() < Date.now() - 60_000) out.startAt = '用车时间已过，请重新选择'
  return out
}

/** 申请用车: the staff member's request form. */
export default function VehicleRequestPage() {
  // an old link to a request (…/request/index?id=) goes to its detail page
  const linkedId = Number(useRouter().params.id)
  useEffect(() => {
    if (Number.isInteger(linkedId) && linkedId > 0) void Taro.redirectTo({ url: vehicleDetailPage(linkedId) })
  }, [linkedId])
  const { state, reload } = useMe()
  const [draft, setDraft] = useState<Draft>(() => ({ purpose: '', origin: '', destination: '', ...firstWindow(), passengers: 1, vehicleType: null, note: '' }))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const actions = useActionDialog()
  const create = useSubmit((body: Body, idempotencyKey) => request(vehicleRequestsApi.create, { body, idempotencyKey }))
  useSubscribeTemplates()

  const change = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    if (fields.length) setErrors((e) => without(e, ...fields))
  }

  const send = async (retry = false) => {
    const problems = problemsOf(draft)
    setErrors(problems)
    if (Object.keys(problems).length) return
    if (!retry) askToSubscribe() // WeChat: 审批结果 and 派车 reminders, asked in this tap
    try {
      const created = retry ? await create.retry() : await create.submit(buildBody(draft))
      toast('申请已提交', 'success')
      void Taro.redirectTo({ url: vehicleDetailPage(created.id) })
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '申请未提交', retry: () => void send(true), safeRetry: '提交' })
    }
  }

  const today = todayInShanghai()
  return (
    <Page className='vr-form'>
      <PageGate state={state} guest='登录后申请用车' icon={<Transit size={48} color={GREY_ICON} />} onRetry={() => void reload()}>
        {() => (
          <>
            <View className='vr-form__intro'>
              <View className='vr-form__intro-title'>申请公务用车</View>
              <View className='vr-form__intro-text'>提交后由本单位审批人审批，通过后由调度员派车</View>
            </View>

            <Card title='行程'>
              <FormRow label='用车事由' required stacked error={errors.purpose}>
                <TextArea className='vr-form__area' value={draft.purpose} maxLength={200} rows={2} placeholder='如 赴市政府参加联席会议' onChange={(purpose) => change({ purpose }, 'purpose')} />
              </FormRow>
              <FormRow label='出发地' required error={errors.origin}>
                <Input align='right' value={draft.origin} maxLength={100} placeholder='如 机关大院' onChange={(origin) => change({ origin }, 'origin')} />
              </FormRow>
              <FormRow label='目的地' required error={errors.destination} last>
                <Input align='right' value={draft.destination} maxLength={100} placeholder='如 市政府 3 号楼' onChange={(destination) => change({ destination }, 'destination')} />
              </FormRow>
            </Card>

            <Card title='时间与人数'>
              <FormRow label='用车日期' required error={errors.startAt}>
                <PickerValue mode='date' value={draft.day} start={today} end={addDays(today, VEHICLE_REQUEST_MAX_AHEAD_DAYS)} text={dayText(`${draft.day}T12:00:00+08:00`)} onChange={(day) => change({ day }, 'startAt')} />
              </FormRow>
              <FormRow label='开始时间' required>
                <PickerValue mode='time' value={draft.start} text={draft.start} onChange={(start) => change({ start }, 'startAt', 'endAt')} />
              </FormRow>
              <FormRow label='结束时间' required error={errors.endAt}>
                <PickerValue mode='time' value={draft.end} text={draft.end} onChange={(end) => change({ end }, 'endAt')} />
              </FormRow>
              <FormRow label='乘车人数' required error={errors.passengers} last>
                <View className='vr-stepper'>
                  <View className={`vr-stepper__btn ${draft.passengers <= 1 ? 'vr-stepper__btn--off' : ''}`} aria-label='减少乘车人数' onClick={() => draft.passengers > 1 && change({ passengers: draft.passengers - 1 }, 'passengers')}>
                    −
                  </View>
                  <Text className='vr-stepper__value'>{draft.passengers}</Text>
                  <View className={`vr-stepper__btn ${draft.passengers >= 60 ? 'vr-stepper__btn--off' : ''}`} aria-label='增加乘车人数' onClick={() => draft.passengers < 60 && change({ passengers: draft.passengers + 1 }, 'passengers')}>
                    +
                  </View>
                </View>
              </FormRow>
            </Card>

            <Card title='车型与备注'>
              <FormRow label='车型' stacked hint='不选则由调度员按人数安排'>
                <Chips options={TYPES} value={draft.vehicleType} onChange={(type) => change({ vehicleType: draft.vehicleType === type ? null : type })} />
              </FormRow>
              <FormRow label='备注' stacked last error={errors.note}>
                <TextArea className='vr-form__area' value={draft.note} maxLength={200} rows={2} placeholder='选填，如 需带较多资料、途经地点' onChange={(note) => change({ note }, 'note')} />
              </FormRow>
            </Card>

            <View className='vf-actions'>
              <Button type='primary' size='large' block loading={create.busy} onClick={() => void send()}>
                提交申请
              </Button>
            </View>
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
