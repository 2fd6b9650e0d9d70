import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Dialog, TextArea } from '@nutui/nutui-react-taro'
import './ActionDialog.scss'
import './Form.scss'

export interface ReasonAsk {
  title: string
  message?: string
  placeholder: string
  confirmText: string
  danger?: boolean
  /** the longest reason the server takes (default 100) */
  maxLength?: number
  /** resolves when done (closes); throws an error message string to show under the box */
  onConfirm: (reason: string) => Promise<void>
}

/** A question that needs a reason typed (不同意的原因, 查看完整信息的原因): the same look as the action dialog. */
export function ReasonDialog({ ask, onClose }: { ask: ReasonAsk | null; onClose: () => void }) {
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    setReason('')
    setProblem(null)
    setBusy(false)
  }, [ask])

  const confirm = async () => {
    if (!ask || busy) return
    const text = reason.trim()
    if (!text) {
      setProblem('请填写原因')
      return
    }
    setBusy(true)
    try {
      await ask.onConfirm(text)
      onClose()
    } catch (e) {
      setProblem(typeof e === 'string' ? e : '操作未完成，请重试')
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      className='egj-dialog'
      visible={!!ask}
      title={ask?.title ?? ''}
      closeOnOverlayClick={false}
      onClose={onClose}
      content={
        <View className='vf-reason'>
          {ask?.message && <View className='egj-dialog__message'>{ask.message}</View>}
          <TextArea
            className='vf-reason__input'
            value={reason}
            maxLength={ask?.maxLength ?? 100}
            showCount
            placeholder={ask?.placeholder ?? ''}
            onChange={(text) => {
              setReason(text)
              setProblem(null)
            }}
          />
          {problem && <View className='vf-row__error vf-reason__error'>{problem}</View>}
        </View>
      }
      footer={
        <View className='egj-dialog__footer'>
          <Button className='egj-dialog__button' block size='large' type={ask?.danger ? 'danger' : 'primary'} loading={busy} onClick={() => void confirm()}>
            {ask?.confirmText ?? '确定'}
          </Button>
          <View className='egj-dialog__cancel' onClick={onClose}>
            取消
          </View>
        </View>
      }
    />
  )
}
