import { useCallback, useMemo, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Dialog } from '@nutui/nutui-react-taro'
import { asApiError, isUnknownOutcome } from '../api/client'
import { PlatformError } from '../utils/platform'
import './ActionDialog.scss'

export interface Choice {
  text: string
  /** the main action: a filled button */
  primary?: boolean
  /** a destructive main action (停用, 退款): a red button */
  danger?: boolean
  onClick: () => void
}

export interface ActionDialogState {
  title: string
  message: string
  /** first the main action; a 取消 is added when `cancelText` is set */
  choices: Choice[]
  cancelText?: string
}

/**
 * THE dialog for what a tap leads to: a question before acting (停用, 发放, 退款), and an action
 * that failed (with 重试 when the outcome is unknown). A NutUI Dialog with our own stacked
 * buttons, each at least 44 px high. Controlled: `state` null hides it; every button closes it
 * before running its action.
 */
export function ActionDialog({ state, onClose }: { state: ActionDialogState | null; onClose: () => void }) {
  const choose = (choice: Choice) => {
    onClose()
    choice.onClick()
  }
  return (
    <Dialog
      className='egj-dialog'
      visible={!!state}
      title={state?.title ?? ''}
      content={<View className='egj-dialog__message'>{state?.message ?? ''}</View>}
      closeOnOverlayClick={false}
      onClose={onClose}
      footer={
        <View className='egj-dialog__footer'>
          {state?.choices.map((choice) => (
            <Button
              key={choice.text}
              className='egj-dialog__button'
              block
              size='large'
              type={choice.danger ? 'danger' : 'primary'}
              fill={choice.primary || choice.danger ? 'solid' : 'outline'}
              onClick={() => choose(choice)}
            >
              {choice.text}
            </Button>
          ))}
          {state?.cancelText && (
            <View className='egj-dialog__cancel' onClick={onClose}>
              {state.cancelText}
            </View>
          )}
        </View>
      }
    />
  )
}

export interface FailOptions {
  /** the dialog's title (default 操作未完成) */
  title?: string
  /** offered as 重试 when the outcome is unknown (no answer / server trouble) */
  retry?: () => void
  /** what a retry will not do twice, e.g. 扣款 → "重试不会重复扣款" */
  safeRetry?: string
}

/**
 * A page's action dialog: `show()` a question, `fail()` an action error. Render `node` once
 * on the page.
 */
export function useActionDialog() {
  const [state, setState] = useState<ActionDialogState | null>(null)
  const close = useCallback(() => setState(null), [])

  const fail = useCallback((e: unknown, options: FailOptions = {}) => {
    const message = e instanceof PlatformError ? e.message : asApiError(e).message
    const unknown = !(e instanceof PlatformError) && isUnknownOutcome(asApiError(e))
    if (unknown && options.retry) {
      setState({
        title: '网络不稳定',
        message: options.safeRetry ? `${message}。重试不会重复${options.safeRetry}。` : message,
        choices: [{ text: '重试', primary: true, onClick: options.retry }],
        cancelText: '取消',
      })
      return
    }
    setState({ title: options.title ?? '操作未完成', message, choices: [{ text: '知道了', primary: true, onClick: () => undefined }] })
  }, [])

  const node = useMemo(() => <ActionDialog state={state} onClose={close} />, [state, close])
  return { show: setState, fail, close, node }
}
