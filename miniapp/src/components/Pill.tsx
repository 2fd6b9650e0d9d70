import type { ReactNode } from 'react'
import { Text } from '@tarojs/components'
import './Pill.scss'

export type PillTone = 'blue' | 'red' | 'orange' | 'green' | 'gray'

/** A small label (机关食堂, 公务, 饭卡/微信, 已确认 …): tinted background, no border. */
export function Pill({ tone, solid, className, children }: { tone: PillTone; solid?: boolean; className?: string; children: ReactNode }) {
  return <Text className={`egj-pill egj-pill--${tone} ${solid ? 'egj-pill--solid' : ''} ${className ?? ''}`}>{children}</Text>
}
