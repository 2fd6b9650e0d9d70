import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Store } from '@nutui/icons-react-taro'
import type { Role } from '@egj/shared'
import { ApiError } from '../../../api/client'
import { GREY_ICON, PageGate } from '../../../components/PageGate'
import type { ResourceState } from '../../../hooks/useResource'
import { useMe } from '../../../store/session'
import './ui.scss'

export { Pill, type PillTone } from '../../../components/Pill'
export { PickerValue, Segmented } from '../../../components/Form'

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
