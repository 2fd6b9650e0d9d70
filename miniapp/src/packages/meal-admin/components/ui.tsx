import type { ReactNode } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { ArrowRight, Store } from '@nutui/icons-react-taro'
import type { Role } from '@egj/shared'
import { EmptyState } from '../../../components/EmptyState'
import { getToken, useMe } from '../../../store/session'
import { goLogin } from '../../../utils/nav'
import type { LoadState } from '../lib/useLoad'
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
 * What a page shows instead of its content while loading, signed out, not allowed or failed;
 * null once the data is there.
 */
export function Gate<T>({ state, forbidden, onRetry }: { state: LoadState<T>; forbidden: string; onRetry: () => void }) {
  const icon = <Store size={48} color='#c0c4cc' />
  switch (state.status) {
    case 'loading':
      return <View className='ma-loading'>加载中…</View>
    case 'guest':
      return <EmptyState icon={icon} title='请先登录' description='登录后查看本页' actionText='去登录' onAction={goLogin} />
    case 'forbidden':
      return <EmptyState icon={icon} title='没有权限' description={forbidden} />
    case 'error':
      return <EmptyState icon={icon} title='加载失败' description={state.message} actionText='重试' onAction={onRetry} />
    default:
      return null
  }
}

/**
 * For pages that show a form before loading anything: what to show instead of it when the user is
 * not signed in or has none of `roles` (the server checks again on every call); null when allowed.
 */
export function useRoleGate(roles: Role[], forbidden: string): ReactNode {
  const { me, error, reload } = useMe()
  if (!getToken()) return <Gate state={{ status: 'guest' }} forbidden={forbidden} onRetry={() => void reload()} />
  if (!me) return <Gate state={error ? { status: 'error', message: error.message } : { status: 'loading' }} forbidden={forbidden} onRetry={() => void reload()} />
  if (!roles.some((role) => me.roles.includes(role))) return <Gate state={{ status: 'forbidden' }} forbidden={forbidden} onRetry={() => void reload()} />
  return null
}
