import { View } from '@tarojs/components'
import { Dialog } from '@nutui/nutui-react-taro'

export interface ConfirmState {
  title: string
  message: string
  confirmText?: string
  onConfirm: () => void
}

/** A yes/no question. Controlled: `state` null hides it; 确定 closes it and runs the action. */
export function ConfirmDialog({ state, onClose }: { state: ConfirmState | null; onClose: () => void }) {
  return (
    <Dialog
      visible={!!state}
      title={state?.title ?? ''}
      content={<View className='ma-dialog-text'>{state?.message ?? ''}</View>}
      confirmText={state?.confirmText ?? '确定'}
      cancelText='取消'
      closeOnOverlayClick={false}
      onCancel={onClose}
      onClose={onClose}
      onConfirm={() => {
        const action = state?.onConfirm
        onClose()
        action?.()
      }}
    />
  )
}
