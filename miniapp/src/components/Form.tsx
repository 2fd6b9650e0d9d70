import type { ReactNode } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { ArrowRight } from '@nutui/icons-react-taro'
import './Form.scss'

/*
 * Building blocks of the forms and lists of the subpackages (visit, gate, visit-admin, room,
 * meal-admin…). Only subpackages import this file, so it stays out of the weapp main package.
 */

/** A white card with an optional title row (and something on its right). */
export function Card({ title, extra, className, children }: { title?: ReactNode; extra?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <View className={`vf-card ${className ?? ''}`}>
      {(title || extra) && (
        <View className='vf-card__head'>
          <Text className='vf-card__title'>{title}</Text>
          {extra}
        </View>
      )}
      {children}
    </View>
  )
}

/** One labelled line of a form; its error in red right under it. */
export function FormRow({ label, children, hint, error, last, required, stacked }: { label: string; children: ReactNode; hint?: ReactNode; error?: string | null; last?: boolean; required?: boolean; stacked?: boolean }) {
  return (
    <View className={`vf-row ${last ? 'vf-row--last' : ''} ${stacked ? 'vf-row--stacked' : ''}`}>
      <View className='vf-row__main'>
        <Text className='vf-row__label'>
          {label}
          {required && <Text className='vf-row__required'>*</Text>}
        </Text>
        <View className='vf-row__control'>{children}</View>
      </View>
      {error ? <View className='vf-row__error'>{error}</View> : hint ? <View className='vf-row__hint'>{hint}</View> : null}
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
    <View className={`vf-picker ${props.className ?? ''}`}>
      <Text className={props.text ? 'vf-picker__text' : 'vf-picker__text vf-picker__text--empty'}>{props.text || props.placeholder || '请选择'}</Text>
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
    <View className={`vf-seg ${className ?? ''}`}>
      {options.map((option) => (
        <View key={option.value} className={`vf-seg__item ${option.value === value ? 'vf-seg__item--on' : ''}`} onClick={() => option.value !== value && onChange(option.value)}>
          {option.label}
        </View>
      ))}
    </View>
  )
}

/** Choices that wrap over lines (被访单位): tap one. */
export function Chips<T extends string | number>({ options, value, onChange }: { options: { value: T; label: string }[]; value: T | null; onChange: (value: T) => void }) {
  return (
    <View className='vf-chips'>
      {options.map((option) => (
        <View key={option.value} className={`vf-chip ${option.value === value ? 'vf-chip--on' : ''}`} onClick={() => onChange(option.value)}>
          {option.label}
        </View>
      ))}
    </View>
  )
}

/** One "label  value" line of a details card. */
export function InfoLine({ label, children, strong }: { label: string; children: ReactNode; strong?: boolean }) {
  return (
    <View className='vf-info'>
      <Text className='vf-info__label'>{label}</Text>
      <Text className={`vf-info__value ${strong ? 'vf-info__value--strong' : ''}`}>{children}</Text>
    </View>
  )
}

/** A figure with its caption (totals cards). */
export function Stat({ label, value, tone }: { label: string; value: ReactNode; tone?: 'green' | 'red' | 'orange' | 'blue' }) {
  return (
    <View className='vf-stat'>
      <Text className={`vf-stat__value ${tone ? `vf-stat__value--${tone}` : ''}`}>{value}</Text>
      <Text className='vf-stat__label'>{label}</Text>
    </View>
  )
}
