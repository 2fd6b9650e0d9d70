import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button, Empty } from '@nutui/nutui-react-taro'

interface Props {
  /** an icon node: NutUI's default pictures load from a CDN, which an intranet may not reach */
  icon: ReactNode
  title: string
  description?: string
  actionText?: string
  onAction?: () => void
  className?: string
}

/** NutUI Empty with our own icon and one optional button. */
export function EmptyState({ icon, title, description, actionText, onAction, className }: Props) {
  return (
    <Empty
      className={`egj-empty ${className ?? ''}`}
      image={<View className='egj-empty__icon'>{icon}</View>}
      imageSize={72}
      title={title}
      description={description ?? ''}
    >
      {actionText && (
        <View className='egj-empty__action'>
          <Button type='primary' onClick={onAction}>
            {actionText}
          </Button>
        </View>
      )}
    </Empty>
  )
}
