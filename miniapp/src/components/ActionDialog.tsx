import { View } from '@tarojs/components'
import { Button, Dialog } from '@nutui/nutui-react-taro'
import './ChoiceDialog.scss'

export interface Choice {
  text: string
  /** the main action: a filled button */
  primary?: boolean
  onClick: () => void
}

export interface ChoiceDialogState {
  title: string
  message: string
  /** first the main action; a 取消 is added when `cancelText` is set */
  choices: Choice[]
  cancelText?: string
}

/**
 * A NutUI Dialog with our own stacked buttons (a question with one to three answers). Controlled:
 * `state` null hides it; every button closes it before running its action.
 */
export function ChoiceDialog({ state, onClose }: { state: ChoiceDialogState | null; onClose: () => void }) {
  const choose = (choice: Choice) => {
    onClose()
    choice.onClick()
  }
  return (
    <Dialog
      className='meal-dialog'
      visible={!!state}
      title={state?.title ?? ''}
      content={<View className='meal-dialog__message'>{state?.message ?? ''}</View>}
      closeOnOverlayClick={false}
      onClose={onClose}
      footer={
        <View className='meal-dialog__footer'>
          {state?.choices.map((choice) => (
            <Button key={choice.text} className='meal-dialog__button' block size='large' type='primary' fill={choice.primary ? 'solid' : 'outline'} onClick={() => choose(choice)}>
              {choice.text}
            </Button>
          ))}
          {state?.cancelText && (
            <View className='meal-dialog__cancel' onClick={onClose}>
              {state.cancelText}
            </View>
          )}
        </View>
      }
    />
  )
}
