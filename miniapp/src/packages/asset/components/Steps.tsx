import { Text, View } from '@tarojs/components'
import { momentText } from '../lib/assets'
import './asset.scss'

export interface Step {
  label: string
  /** who did it (or who is to do it, while current) */
  by?: string | null
  at?: string | null
  done: boolean
  /** the step waiting now */
  current?: boolean
  /** where it stopped (不同意, 撤回) */
  failed?: boolean
  note?: string | null
}

/** A vertical progress: each step, who did it and when, the one waiting now, and where it stopped. */
export function Steps({ steps }: { steps: Step[] }) {
  return (
    <View className='asset-steps'>
      {steps.map((step, i) => {
        const tone = step.failed ? 'failed' : step.done ? 'done' : step.current ? 'current' : 'todo'
        return (
          <View key={`${step.label}-${i}`} className={`asset-step asset-step--${tone}`}>
            <View className='asset-step__rail'>
              <View className='asset-step__dot'>{step.failed ? '×' : step.done ? '✓' : i + 1}</View>
              {i < steps.length - 1 && <View className='asset-step__line' />}
            </View>
            <View className='asset-step__body'>
              <View className='asset-step__head'>
                <Text className='asset-step__label'>{step.label}</Text>
                {step.at && <Text className='asset-step__at'>{momentText(step.at)}</Text>}
              </View>
              {step.by && <View className='asset-step__by'>{step.current ? `待 ${step.by} 处理` : step.by}</View>}
              {step.note && <View className='asset-step__note'>{step.note}</View>}
            </View>
          </View>
        )
      })}
    </View>
  )
}
