import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input, Popup, TextArea } from '@nutui/nutui-react-taro'
import { THRESHOLD_DIRECTION_LABELS, THRESHOLD_DIRECTIONS, type ThresholdDirection, type Thresholds } from '@egj/shared'
import { FormRow, Segmented } from '../../../components/Form'
import './cockpit.scss'

export interface ThresholdAnswer {
  yellow: number | null
  red: number | null
  direction: ThresholdDirection
  reason: string
}

interface Props {
  visible: boolean
  name: string
  unit: string
  thresholds: Thresholds
  busy: boolean
  /** the server's refusal: under its field when it names one (a 400's issues: yellow, red, reason), else above 保存 (422 COCKPIT_THRESHOLDS_ORDER) */
  problem: { fields: Record<string, string>; message: string | null } | null
  onConfirm: (answer: ThresholdAnswer) => void
  onClose: () => void
}

const numberText = (value: number | null) => (value === null ? '' : String(value))
/** "" → null (the step never lights); else a number ≥ 0, or undefined when it is not one. */
function readLimit(text: string): number | null | undefined {
  const trimmed = text.trim()
  if (!trimmed) return null
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : undefined
}

/** 修改阈值 (管理员): yellow and red limits (empty: never lights), which way is bad, and why (audited). */
export function ThresholdSheet({ visible, name, unit, thresholds, busy, problem, onConfirm, onClose }: Props) {
  const [yellow, setYellow] = useState('')
  const [red, setRed] = useState('')
  const [direction, setDirection] = useState<ThresholdDirection>(thresholds.direction)
  const [reason, setReason] = useState('')
  const [mistakes, setMistakes] = useState<Record<string, string>>({})
  useEffect(() => {
    if (!visible) return
    setYellow(numberText(thresholds.yellow))
    setRed(numberText(thresholds.red))
    setDirection(thresholds.direction)
    setReason('')
    setMistakes({})
  }, [visible, thresholds])

  const confirm = () => {
    const y = readLimit(yellow)
    const r = readLimit(red)
    const found: Record<string, string> = {}
    if (y === undefined) found.yellow = '请填写数字，或留空表示不亮黄灯'
    if (r === undefined) found.red = '请填写数字，或留空表示不亮红灯'
    if (!reason.trim()) found.reason = '请填写修改原因'
    setMistakes(found)
    if (Object.keys(found).length || y === undefined || r === undefined) return
    onConfirm({ yellow: y, red: r, direction, reason: reason.trim() })
  }

  const errors = { ...problem?.fields, ...mistakes }
  const suffix = unit === '%' ? '%' : unit
  return (
    <Popup visible={visible} position='bottom' round closeable title='修改阈值' onClose={() => !busy && onClose()}>
      {visible && (
        <View className='ck-sheet'>
          <View className='ck-sheet__hint'>{name}：达到黄灯或红灯阈值即亮灯，留空则不亮该色灯。修改将记入操作留痕。</View>
          <FormRow label={`黄灯（${suffix}）`} error={errors.yellow}>
            <Input align='right' type='digit' value={yellow} placeholder='留空不亮' onChange={(v) => setYellow(v)} />
          </FormRow>
          <FormRow label={`红灯（${suffix}）`} error={errors.red}>
            <Input align='right' type='digit' value={red} placeholder='留空不亮' onChange={(v) => setRed(v)} />
          </FormRow>
          <View className='ck-sheet__label'>方向</View>
          <Segmented options={THRESHOLD_DIRECTIONS.map((value) => ({ value, label: THRESHOLD_DIRECTION_LABELS[value] }))} value={direction} onChange={setDirection} />
          <View className='ck-sheet__label'>修改原因</View>
          <TextArea className='ck-sheet__reason' value={reason} maxLength={200} showCount placeholder='如 按第三季度督查要求收紧' onChange={(v) => setReason(v)} />
          {errors.reason && <View className='vf-row__error ck-sheet__problem'>{errors.reason}</View>}
          {problem?.message && <View className='vf-row__error ck-sheet__problem'>{problem.message}</View>}
          <Button type='primary' size='large' block loading={busy} onClick={confirm}>
            保存
          </Button>
        </View>
      )}
    </Popup>
  )
}
