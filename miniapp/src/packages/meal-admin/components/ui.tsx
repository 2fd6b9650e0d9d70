import type { ReactNode } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { ArrowRight, Store } from '@nutui/icons-react-taro'
import type { Role } from '@egj/shared'
import { ApiError } from '../../../api/client'
import { GREY_ICON, PageGate } from '../../../components/PageGate'
import type { ResourceState } from '../../../hooks/useResource'
import { useMe } from '../../../store/session'
import './ui.scss'

export { Pill, type PillTone } from '../../../components/Pill'

/** A white card with an optional title row (and something on its right). */
export function Card({ title, extra, className, children }: { title?: ReactNode; extra?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <View className={`ma-card ${className ?? ''}`}>
      {(title || extra) && (
        <View className='ma-card__head'>
          <Text className='ma-card__title'>{title}</Text>
          {extra}
        </View>
      )}
      {children}
    </View>
  )
}

/** One labelled line of a form: the label on the left, the control filling the rest. */
export function FormRow({ label, children, hint, last }: { label: string; children: ReactNode; hint?: ReactNode; last?: boolean }) {
  return (
    <View className={`ma-row ${last ? 'ma-row--last' : ''}`}>
      <View className='ma-row__main'>
        <Text className='ma-row__label'>{label}</Text>
        <View className='ma-row__control'>{children}</View>
      </View>
      {hint && <View className='ma-row__hint'>{hint}</View>}
    </View>
  )
}

type PickerProps =
  | { mode: 'date'; fields?: 'month' | 'day'; value: string; start?: string; end?: string; onChange: (value: string) => void }
  | { mode: 'time'; value: string; onChange: (value: string) => void }
  | { mode: 'selector'; range: string[]; value: number; onChange: (value: number) => void }

/** A row's value that opens the platform's picker (date, month, time or a list) when tapped. */
export function PickerValue(props: PickerProps & { text: string; placeholder?: string; className?: string }) {
  const face = (
    <View className={`ma-picker ${props.className ?? ''}`}>
      <Text className={props.text ? 'ma-picker__text' : 'ma-picker__text ma-picker__text--empty'}>{props.text || props.placeholder || '请选择'}</Text>
      <ArrowRight size={12} color='#c0c4cc' />
    </View>
  )
  if (props.mode === 'selector') {
    return (
      <Picker mode='selector' range={props.range} value={props.value} onChange={(e) => props.onChange(Number(e.detail.value))}>
        {face}
      </Picker>
    )
  }
  if (props.mode === 'time') {
    return (
      <Picker mode='time' value={props.value} onChange={(e) => props.onChange(String(e.detail.value))}>
        {face}
      </Picker>
    )
  }
  return (
    <Picker mode='date' fields={props.fields ?? 'day'} value={props.value} start={props.start} end={props.end} onChange={(e) => props.onChange(String(e.detail.value))}>
      {face}
    </Picker>
  )
}

/** Two to four choices side by side (one selected). */
export function Segmented<T extends string>({ options, value, onChange, className }: { options: { value: T; label: string }[]; value: T; onChange: (value: T) => void; className?: string }) {
  return (
    <View className={`ma-seg ${className ?? ''}`}>
      {options.map((option) => (
        <View key={option.value} className={`ma-seg__item ${option.value === value ? 'ma-seg__item--on' : ''}`} onClick={() => option.value !== value && onChange(option.value)}>
          {option.label}
        </View>
      ))}
    </View>
  )
}

/** A figure with its caption (totals cards). */
export function Stat({ label, value, tone }: { label: string; value: ReactNode; tone?: 'green' | 'red' | 'orange' | 'blue' }) {
  return (
    <View className='ma-stat'>
      <Text className={`ma-stat__value ${tone ? `ma-stat__value--${tone}` : ''}`}>{value}</Text>
      <Text className='ma-stat__label'>{label}</Text>
    </View>
  )
}

/**
 * For pages that show a form before loading anything: what to show instead of it when the user is
 * not signed in or has none of `roles` (the server checks again on every call); null when allowed.
 */
export function useRoleGate(roles: Role[], forbidden: string): ReactNode {
  const { state, reload } = useMe()
  if (state.status === 'ready' && roles.some((role) => state.data.roles.includes(role))) return null
  const gate: ResourceState<unknown> = state.status === 'ready' ? { status: 'forbidden', error: new ApiError(403, 'FORBIDDEN', forbidden) } : state
  return <PageGate state={gate} forbidden={forbidden} icon={<Store size={48} color={GREY_ICON} />} onRetry={() => void reload()} />
}
