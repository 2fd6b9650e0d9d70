import { useEffect, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { Button, Input, Popup, TextArea } from '@nutui/nutui-react-taro'
import { Clock } from '@nutui/icons-react-taro'
import { REPAIR_CATEGORIES, REPAIR_CATEGORY_LABELS, TICKET_URGENCIES, TICKET_URGENCY_LABELS, WORK_DAY_KIND_LABELS, workCalendarApi, type SlaTarget, type WorkCalendar, type WorkDayKind } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue, Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { dayText } from '../../../../utils/time'
import { RepairNav, useHasRole } from '../../components/RepairNav'
import { repairFieldErrors, without } from '../../lib/errors'
import { clockOfMinute, dayMinutes, joinMinutes, minuteOfClock, minutesText, spansProblem, splitMinutes, weekdayName, type Span } from '../../lib/minutes'
import '../../components/ui.scss'
import './index.scss'

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]
const KIND_OPTIONS = (['holiday', 'workday'] as const).map((value) => ({ value, label: WORK_DAY_KIND_LABELS[value] }))
const TARGET_CATEGORIES = [...REPAIR_CATEGORIES, 'service' as const]
const categoryLabel = (c: SlaTarget['category']) => (c === 'service' ? '服务受理' : REPAIR_CATEGORY_LABELS[c])
const thisYear = () => new Date().getFullYear()

interface HoursDraft {
  weekdays: number[]
  spans: Span[]
}
interface DaySheet {
  date: string
  kind: WorkDayKind
  name: string
  errors: Record<string, string>
}
interface TargetSheet {
  target: SlaTarget
  acceptH: string
  acceptM: string
  finishH: string
  finishM: string
  reason: string
  errors: Record<string, string>
}

/** 工作日历与时限 (the centre edits; dispatchers and workers read): the working week, 法定节假日与调休 of a year, and the 报修时限 the clocks count against. */
export default function RepairSlaPage() {
  const gate = useRoleGate(['admin', 'repair_dispatcher', 'repair_worker'], { icon: <Clock size={48} color={GREY_ICON} /> })
  const isAdmin = useHasRole('admin')
  const [year, setYear] = useState(thisYear)
  const cal = useResource(() => request(workCalendarApi.get, { query: { year } }), { key: [year], enabled: !gate })
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)

  // the working week as edited, until saved (null: as the server has it)
  const [hours, setHours] = useState<HoursDraft | null>(null)
  const [hoursError, setHoursError] = useState<string | null>(null)
  const [daySheet, setDaySheet] = useState<DaySheet | null>(null)
  const [targetSheet, setTargetSheet] = useState<TargetSheet | null>(null)

  // a fresh working week from the server (saved, or changed by someone else) replaces the draft
  const savedWeek = cal.data ? JSON.stringify([cal.data.weekdays, cal.data.spans]) : ''
  useEffect(() => setHours(null), [savedWeek])

  const saveHours = (draft: HoursDraft) => {
    const problem = draft.weekdays.length ? spansProblem(draft.spans) : '请至少选择一个工作日'
    setHoursError(problem)
    if (problem) return
    setAsk({
      title: '保存工作时间',
      message: `每周${[...draft.weekdays].sort().map(weekdayName).join('、')}，每天 ${minutesText(dayMinutes(draft.spans))}。修改只影响此后的时限计算。`,
      placeholder: '修改原因，如 夏令作息',
      confirmText: '保存',
      onConfirm: async (reason) => {
        try {
          const saved = await request(workCalendarApi.setHours, { body: { weekdays: [...draft.weekdays].sort(), spans: [...draft.spans].sort((a, b) => a.start - b.start), reason } })
          cal.set(saved)
          setHours(null)
          toast('已保存', 'success')
        } catch (e) {
          const error = asApiError(e)
          const fields = repairFieldErrors(error, ['spans', 'weekdays'])
          if (fields.spans || fields.weekdays) setHoursError(fields.spans ?? fields.weekdays)
          throw error.message
        }
      },
    })
  }

  const setDay = useSubmit((d: { date: string; kind: WorkDayKind; name: string }) => request(workCalendarApi.setDay, { params: { date: d.date }, body: { kind: d.kind, name: d.name } }))
  const submitDay = async () => {
    if (!daySheet || setDay.busy) return
    const errors: Record<string, string> = {}
    if (!daySheet.date) errors.date = '请选择日期'
    if (!daySheet.name.trim()) errors.name = '请填写名称'
    if (Object.keys(errors).length) return setDaySheet({ ...daySheet, errors })
    try {
      await setDay.submit({ date: daySheet.date, kind: daySheet.kind, name: daySheet.name.trim() })
      toast('已保存', 'success')
      setDaySheet(null)
      void cal.reload()
    } catch (e) {
      const error = asApiError(e)
      const fields = repairFieldErrors(error, ['date', 'kind', 'name'])
      if (Object.keys(fields).length) setDaySheet((s) => (s ? { ...s, errors: fields } : s))
      else actions.fail(error, { title: '未能保存' })
    }
  }
  const clearDay = async (date: string) => {
    try {
      await request(workCalendarApi.clearDay, { params: { date } })
      toast('已删除', 'success')
      void cal.reload()
    } catch (e) {
      actions.fail(e, { title: '未能删除' })
    }
  }
  const askClear = (day: WorkCalendar['days'][number]) =>
    actions.show({
      title: '删除这一天的设置',
      message: `${dayText(day.date)}「${day.name}」将恢复按星期计算是否上班。`,
      choices: [{ text: '删除', danger: true, onClick: () => void clearDay(day.date) }],
      cancelText: '取消',
    })

  const openTarget = (target: SlaTarget) => {
    const a = splitMinutes(target.acceptMinutes)
    const f = splitMinutes(target.finishMinutes)
    setTargetSheet({ target, acceptH: a.hours, acceptM: a.minutes, finishH: f.hours, finishM: f.minutes, reason: '', errors: {} })
  }
  const saveTargets = useSubmit((body: { items: SlaTarget[]; reason: string }) => request(workCalendarApi.setTargets, { body }))
  const submitTarget = async (all: SlaTarget[]) => {
    if (!targetSheet || saveTargets.busy) return
    const s = targetSheet
    const accept = joinMinutes(s.acceptH, s.acceptM)
    const finish = joinMinutes(s.finishH, s.finishM)
    const errors: Record<string, string> = {}
    if (accept === null) errors.accept = '请填写整数小时和 0–59 分钟'
    else if (accept < 10) errors.accept = '时限至少 10 分钟'
    else if (accept > 60 * 8 * 30) errors.accept = '时限过长'
    if (finish === null) errors.finish = '请填写整数小时和 0–59 分钟'
    else if (finish < 30) errors.finish = '时限至少 30 分钟'
    else if (finish > 60 * 8 * 60) errors.finish = '时限过长'
    else if (accept !== null && finish < accept) errors.finish = '完成时限不能短于接单时限'
    if (!s.reason.trim()) errors.reason = '请填写修改原因'
    if (Object.keys(errors).length || accept === null || finish === null) return setTargetSheet({ ...s, errors })
    const items = all.map((t) => (t.category === s.target.category && t.urgency === s.target.urgency ? { ...t, acceptMinutes: accept, finishMinutes: finish } : t))
    try {
      const saved = await saveTargets.submit({ items, reason: s.reason.trim() })
      cal.set(saved)
      setTargetSheet(null)
      toast('已保存', 'success')
    } catch (e) {
      const error = asApiError(e)
      const fields = repairFieldErrors(error, ['reason'])
      if (fields.reason) setTargetSheet((t) => (t ? { ...t, errors: fields } : t))
      else actions.fail(error, { title: '未能保存' })
    }
  }

  if (gate) return <Page className='ra-sla'>{gate}</Page>

  return (
    <Page className='ra-sla'>
      <RepairNav current='sla' />
      <PageGate state={cal.state} needs={['repair_dispatcher', 'repair_worker']} icon={<Clock size={48} color={GREY_ICON} />} onRetry={() => void cal.reload()}>
        {(data) => {
          const draft = hours ?? { weekdays: data.weekdays, spans: data.spans }
          const dirty = hours !== null
          const change = (patch: Partial<HoursDraft>) => {
            setHours({ ...draft, ...patch })
            setHoursError(null)
          }
          return (
            <>
              <Card title='工作日与工作时间' extra={<Text className='rs-side'>每天 {minutesText(dayMinutes(draft.spans))}</Text>}>
                <View className='vf-chips ra-multi'>
                  {WEEKDAYS.map((d) => {
                    const on = draft.weekdays.includes(d)
                    return (
                      <View key={d} className={`vf-chip rs-day ${on ? 'vf-chip--on' : ''}`} onClick={() => isAdmin && change({ weekdays: on ? draft.weekdays.filter((x) => x !== d) : [...draft.weekdays, d] })}>
                        {weekdayName(d)}
                      </View>
                    )
                  })}
                </View>
                <View className='rs-spans'>
                  {draft.spans.map((span, i) => (
                    <View key={i} className='rs-span'>
                      <Text className='rs-span__label'>第 {i + 1} 段</Text>
                      <TimeValue value={span.start} disabled={!isAdmin} onChange={(start) => change({ spans: draft.spans.map((s, j) => (j === i ? { ...s, start } : s)) })} />
                      <Text className='rs-span__to'>至</Text>
                      <TimeValue value={span.end} disabled={!isAdmin} onChange={(end) => change({ spans: draft.spans.map((s, j) => (j === i ? { ...s, end } : s)) })} />
                      {isAdmin && draft.spans.length > 1 && (
                        <View className='ra-action ra-action--red rs-span__remove' onClick={() => change({ spans: draft.spans.filter((_, j) => j !== i) })}>
                          删除
                        </View>
                      )}
                    </View>
                  ))}
                </View>
                {hoursError && <View className='vf-row__error rs-error'>{hoursError}</View>}
                {isAdmin && (
                  <View className='rs-buttons'>
                    {draft.spans.length < 4 && (
                      <Button fill='outline' type='primary' onClick={() => change({ spans: [...draft.spans, nextSpan(draft.spans)] })}>
                        添加时间段
                      </Button>
                    )}
                    <Button type='primary' disabled={!dirty} onClick={() => saveHours(draft)}>
                      保存工作时间
                    </Button>
                  </View>
                )}
              </Card>

              <Card
                title='法定节假日与调休'
                extra={
                  <Picker mode='selector' range={yearsAround().map((y) => `${y}年`)} value={yearsAround().indexOf(year)} onChange={(e) => setYear(yearsAround()[Number(e.detail.value)] ?? year)}>
                    <View className='rs-year'>
                      <Text>{year}年</Text>
                      <Text className='rs-year__caret'>▾</Text>
                    </View>
                  </Picker>
                }
              >
                {!data.days.length && <View className='rs-none'>{year}年还没有设置节假日或调休，按星期计算是否上班</View>}
                {data.days.map((day) => (
                  <View key={day.date} className='rs-date'>
                    <View className='rs-date__main'>
                      <Text className='rs-date__day'>{dayText(day.date)}</Text>
                      <Text className='rs-date__name'>{day.name}</Text>
                    </View>
                    <Pill tone={day.kind === 'holiday' ? 'green' : 'orange'}>{day.kind === 'holiday' ? '休' : '班'}</Pill>
                    {isAdmin && (
                      <View className='ra-action ra-action--red rs-date__remove' onClick={() => askClear(day)}>
                        删除
                      </View>
                    )}
                  </View>
                ))}
                {isAdmin && (
                  <View className='rs-buttons'>
                    <Button fill='outline' type='primary' onClick={() => setDaySheet({ date: '', kind: 'holiday', name: '', errors: {} })}>
                      添加一天
                    </Button>
                  </View>
                )}
              </Card>

              <Card title='报修时限' extra={<Text className='rs-side'>按工作时间计</Text>}>
                <View className='rs-note'>修改只影响此后提交的工单；暂停时间不计入。</View>
                <View className='rs-row rs-row--head'>
                  <Text className='rs-cell rs-cell--name'>类别</Text>
                  <Text className='rs-cell'>接单</Text>
                  <Text className='rs-cell'>完成</Text>
                </View>
                {TARGET_CATEGORIES.flatMap((category) =>
                  TICKET_URGENCIES.map((urgency) => {
                    const target = data.targets.find((t) => t.category === category && t.urgency === urgency)
                    if (!target) return null
                    return (
                      <View key={`${category}-${urgency}`} className={`rs-row ${isAdmin ? 'rs-row--tap' : ''}`} onClick={() => isAdmin && openTarget(target)}>
                        <View className='rs-cell rs-cell--name'>
                          <Text>{categoryLabel(category)}</Text>
                          <Text className={`rs-urgency ${urgency === 'urgent' ? 'rs-urgency--red' : ''}`}>{TICKET_URGENCY_LABELS[urgency]}</Text>
                        </View>
                        <Text className='rs-cell'>{minutesText(target.acceptMinutes)}</Text>
                        <Text className='rs-cell'>{minutesText(target.finishMinutes)}</Text>
                      </View>
                    )
                  }),
                )}
                {isAdmin && <View className='rs-note rs-note--bottom'>点一行修改</View>}
              </Card>
              <View className='ra-bottom-space' />

              <Popup visible={!!targetSheet} position='bottom' round closeable title={targetSheet ? `${categoryLabel(targetSheet.target.category)} · ${TICKET_URGENCY_LABELS[targetSheet.target.urgency]}` : ''} onClose={() => !saveTargets.busy && setTargetSheet(null)}>
                {targetSheet && (
                  <View className='ra-sheet'>
                    <FormRow label='接单时限' error={targetSheet.errors.accept}>
                      <HoursInput h={targetSheet.acceptH} m={targetSheet.acceptM} onChange={(acceptH, acceptM) => setTargetSheet({ ...targetSheet, acceptH, acceptM, errors: without(targetSheet.errors, 'accept') })} />
                    </FormRow>
                    <FormRow label='完成时限' error={targetSheet.errors.finish} hint={`一个工作日 ${minutesText(dayMinutes(data.spans))}`}>
                      <HoursInput h={targetSheet.finishH} m={targetSheet.finishM} onChange={(finishH, finishM) => setTargetSheet({ ...targetSheet, finishH, finishM, errors: without(targetSheet.errors, 'finish') })} />
                    </FormRow>
                    <FormRow label='修改原因' required stacked last error={targetSheet.errors.reason}>
                      <TextArea className='rs-reason' value={targetSheet.reason} maxLength={100} placeholder='如 按新合同调整' onChange={(reason) => setTargetSheet({ ...targetSheet, reason, errors: without(targetSheet.errors, 'reason') })} />
                    </FormRow>
                    <View className='rs-note'>修改只影响此后提交的工单。</View>
                    <View className='ra-sheet__save'>
                      <Button type='primary' size='large' block loading={saveTargets.busy} onClick={() => void submitTarget(data.targets)}>
                        保存时限
                      </Button>
                    </View>
                  </View>
                )}
              </Popup>
            </>
          )
        }}
      </PageGate>

      <Popup visible={!!daySheet} position='bottom' round closeable title='添加节假日或调休' onClose={() => !setDay.busy && setDaySheet(null)}>
        {daySheet && (
          <View className='ra-sheet'>
            <FormRow label='日期' required error={daySheet.errors.date}>
              <PickerValue mode='date' value={daySheet.date || `${year}-01-01`} start={`${year}-01-01`} end={`${year}-12-31`} text={daySheet.date ? dayText(daySheet.date) : ''} placeholder='选择日期' onChange={(date) => setDaySheet({ ...daySheet, date, errors: without(daySheet.errors, 'date') })} />
            </FormRow>
            <FormRow label='类型' stacked error={daySheet.errors.kind}>
              <Segmented options={KIND_OPTIONS} value={daySheet.kind} onChange={(kind) => setDaySheet({ ...daySheet, kind, errors: without(daySheet.errors, 'kind') })} />
            </FormRow>
            <FormRow label='名称' required last error={daySheet.errors.name}>
              <Input align='right' value={daySheet.name} maxLength={20} placeholder={daySheet.kind === 'holiday' ? '如 国庆节' : '如 国庆调休'} onChange={(name) => setDaySheet({ ...daySheet, name, errors: without(daySheet.errors, 'name') })} />
            </FormRow>
            <View className='ra-sheet__save'>
              <Button type='primary' size='large' block loading={setDay.busy} onClick={() => void submitDay()}>
                保存
              </Button>
            </View>
          </View>
        )}
      </Popup>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}

const yearsAround = () => [thisYear() - 1, thisYear(), thisYear() + 1]

/** A new span after the last one (an hour long, within the day). */
function nextSpan(spans: Span[]): Span {
  const last = Math.max(0, ...spans.map((s) => s.end))
  const start = Math.min(last + 60, 23 * 60)
  return { start, end: Math.min(start + 60, 24 * 60 - 1) }
}

function TimeValue({ value, disabled, onChange }: { value: number; disabled: boolean; onChange: (minute: number) => void }) {
  const face = (
    <View className={`rs-time ${disabled ? 'rs-time--off' : ''}`}>
      <Text>{clockOfMinute(value)}</Text>
    </View>
  )
  if (disabled) return face
  return (
    <Picker mode='time' value={clockOfMinute(Math.min(value, 23 * 60 + 59))} onChange={(e) => onChange(minuteOfClock(String(e.detail.value)))}>
      {face}
    </Picker>
  )
}

function HoursInput({ h, m, onChange }: { h: string; m: string; onChange: (h: string, m: string) => void }) {
  return (
    <View className='rs-hours'>
      <Input className='rs-hours__input' align='right' type='number' value={h} maxLength={3} onChange={(v) => onChange(v.replace(/\D/g, ''), m)} />
      <Text className='vf-row__unit'>小时</Text>
      <Input className='rs-hours__input' align='right' type='number' value={m} maxLength={2} onChange={(v) => onChange(h, v.replace(/\D/g, ''))} />
      <Text className='vf-row__unit'>分钟</Text>
    </View>
  )
}
