import { Text } from '@tarojs/components'
import { Input } from '@nutui/nutui-react-taro'
import { formatMoney, formatYuan, MEAL_MAX_PAYMENT_FEN, type MerchantAdmin } from '@egj/shared'
import { cleanYuanText, yuanInput } from '../lib/format'
import { FormRow, Segmented } from '../../../components/Form'
import './ui.scss'

export interface MerchantDraft {
  name: string
  kind: MerchantAdmin['kind']
  overCapPolicy: MerchantAdmin['overCapPolicy']
  /** 单笔上限 as typed, in 元 */
  maxText: string
}

export const NEW_MERCHANT: MerchantDraft = { name: '', kind: 'canteen', overCapPolicy: 'warn', maxText: formatYuan(MEAL_MAX_PAYMENT_FEN) }

export const draftOf = (m: MerchantAdmin): MerchantDraft => ({ name: m.name, kind: m.kind, overCapPolicy: m.overCapPolicy, maxText: formatYuan(m.maxPaymentFen) })

/** The draft as the API wants it, or null while something is missing or out of range. */
export function draftBody(draft: MerchantDraft) {
  const maxPaymentFen = yuanInput(draft.maxText, 1, MEAL_MAX_PAYMENT_FEN)
  const name = draft.name.trim()
  if (!name || maxPaymentFen === null) return null
  return { name, kind: draft.kind, overCapPolicy: draft.overCapPolicy, maxPaymentFen }
}

export const KIND_OPTIONS = [
  { value: 'canteen' as const, label: '机关食堂' },
  { value: 'designated' as const, label: '定点用餐点' },
]
export const POLICY_OPTIONS = [
  { value: 'warn' as const, label: '提醒后可付' },
  { value: 'refuse' as const, label: '拒绝支付' },
]

/** 名称, 类型, 超标处理 and 单笔上限: the same rows when adding a merchant and editing one. */
export function MerchantFields({ draft, onChange }: { draft: MerchantDraft; onChange: (draft: MerchantDraft) => void }) {
  const maxOk = draft.maxText === '' || yuanInput(draft.maxText, 1, MEAL_MAX_PAYMENT_FEN) !== null
  return (
    <>
      <FormRow label='商户名称'>
        <Input align='right' value={draft.name} maxLength={100} placeholder='如 市级机关食堂' onChange={(name) => onChange({ ...draft, name })} />
      </FormRow>
      <FormRow label='类型'>
        <Segmented className='ma-fields__seg' options={KIND_OPTIONS} value={draft.kind} onChange={(kind) => onChange({ ...draft, kind })} />
      </FormRow>
      <FormRow label='公务超标' hint={draft.overCapPolicy === 'warn' ? '超过餐次公务标准时提醒，顾客确认后仍可支付' : '超过餐次公务标准时不能按公务餐支付'}>
        <Segmented className='ma-fields__seg' options={POLICY_OPTIONS} value={draft.overCapPolicy} onChange={(overCapPolicy) => onChange({ ...draft, overCapPolicy })} />
      </FormRow>
      <FormRow label='单笔上限' last error={maxOk ? null : `请输入 ${formatMoney(1)} ~ ${formatMoney(MEAL_MAX_PAYMENT_FEN)}`}>
        <Input align='right' type='digit' value={draft.maxText} placeholder={formatYuan(MEAL_MAX_PAYMENT_FEN)} onChange={(text) => onChange({ ...draft, maxText: cleanYuanText(text) })} />
        <Text className='vf-row__unit'>元</Text>
      </FormRow>
    </>
  )
}
