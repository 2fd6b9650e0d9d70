import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Popup, TextArea } from '@nutui/nutui-react-taro'
import { ASSET_CONDITION_LABELS, ASSET_CONDITIONS, type AssetCondition } from '@egj/shared'
import { Chips } from '../../../components/Form'
import './asset.scss'

export interface ReturnAnswer {
  condition: AssetCondition
  note?: string
}

interface Props {
  visible: boolean
  /** the asset, named in the sheet */
  assetName: string
  /** e.g. 下一步：扫码收回, 确认收回 */
  confirmText: string
  busy?: boolean
  /** what went wrong with the note (a 400 on `note`), under the box */
  problem?: string | null
  onConfirm: (answer: ReturnAnswer) => void
  onClose: () => void
}

/** 收回: the condition the asset comes back in (全新 / 良好 / 一般 / 待修) and an optional note. */
export function ReturnSheet({ visible, assetName, confirmText, busy, problem, onConfirm, onClose }: Props) {
  const [condition, setCondition] = useState<AssetCondition>('good')
  const [note, setNote] = useState('')
  useEffect(() => {
    if (visible) {
      setCondition('good')
      setNote('')
    }
  }, [visible])

  return (
    <Popup visible={visible} position='bottom' round closeable title='收回资产' onClose={() => !busy && onClose()}>
      {visible && (
        <View className='asset-return'>
          <View className='asset-return__name'>{assetName}</View>
          <View className='asset-return__label'>归还时状况</View>
          <Chips options={ASSET_CONDITIONS.map((value) => ({ value, label: ASSET_CONDITION_LABELS[value] }))} value={condition} onChange={setCondition} />
          {condition === 'needs_repair' && <View className='asset-return__warn'>将记为待修，请在说明中写明损坏情况</View>}
          <View className='asset-return__label'>说明（选填）</View>
          <TextArea className='asset-return__note' value={note} maxLength={200} showCount placeholder='如 桌面有划痕、缺少电源线' onChange={setNote} />
          {problem && <View className='vf-row__error asset-return__problem'>{problem}</View>}
          <Button type='primary' size='large' block loading={busy} onClick={() => onConfirm({ condition, note: note.trim() || undefined })}>
            {confirmText}
          </Button>
        </View>
      )}
    </Popup>
  )
}
