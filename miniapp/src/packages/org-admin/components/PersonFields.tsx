import { Input } from '@nutui/nutui-react-taro'
import { FormRow, PickerValue } from '../../../components/Form'
import { treeLabel, type UnitNode } from '../lib/units'

export interface PersonDraft {
  name: string
  /** as typed; on the edit form empty means "unchanged" */
  mobile: string
  unitId: number | null
  position: string
  dingtalkUserId: string
  zzdAccountId: string
}

export const EMPTY_PERSON: PersonDraft = { name: '', mobile: '', unitId: null, position: '', dingtalkUserId: '', zzdAccountId: '' }

/** 姓名, 手机号, 单位, 部门/职务, userId: the new-person form and the edit form. */
export function PersonFields({
  draft,
  units,
  errors,
  onChange,
  mobilePlaceholder = '11 位手机号',
  mobileRequired = true,
}: {
  draft: PersonDraft
  units: UnitNode[]
  errors: Record<string, string>
  onChange: (change: Partial<PersonDraft>, field: keyof PersonDraft) => void
  mobilePlaceholder?: string
  mobileRequired?: boolean
}) {
  const choices = units.filter(({ unit }) => unit.active || unit.id === draft.unitId)
  const index = choices.findIndex(({ unit }) => unit.id === draft.unitId)
  return (
    <>
      <FormRow label='姓名' required error={errors.name}>
        <Input align='right' value={draft.name} maxLength={64} placeholder='请输入姓名' onChange={(name) => onChange({ name }, 'name')} />
      </FormRow>
      <FormRow label='手机号' required={mobileRequired} error={errors.mobile}>
        <Input align='right' type='tel' value={draft.mobile} maxLength={20} placeholder={mobilePlaceholder} onChange={(mobile) => onChange({ mobile }, 'mobile')} />
      </FormRow>
      <FormRow label='单位' required error={errors.unitId}>
        <PickerValue
          mode='selector'
          range={choices.map(treeLabel)}
          value={Math.max(index, 0)}
          text={index >= 0 ? choices[index].unit.name : ''}
          placeholder='请选择单位'
          onChange={(i) => onChange({ unitId: choices[i]?.unit.id ?? null }, 'unitId')}
        />
      </FormRow>
      <FormRow label='部门/职务' error={errors.position}>
        <Input align='right' value={draft.position} maxLength={64} placeholder='选填，如 办公室 科员' onChange={(position) => onChange({ position }, 'position')} />
      </FormRow>
      <FormRow label='钉钉 userId' hint='钉钉的 userId，用于钉钉免登、工作通知和通讯录同步' error={errors.dingtalkUserId}>
        <Input align='right' value={draft.dingtalkUserId} maxLength={64} placeholder='选填' onChange={(dingtalkUserId) => onChange({ dingtalkUserId }, 'dingtalkUserId')} />
      </FormRow>
      <FormRow label='浙政钉 accountId' hint='浙政钉的 accountId（数字），用于浙政钉免登和钉消息' error={errors.zzdAccountId} last>
        <Input align='right' type='digit' value={draft.zzdAccountId} maxLength={64} placeholder='选填' onChange={(zzdAccountId) => onChange({ zzdAccountId }, 'zzdAccountId')} />
      </FormRow>
    </>
  )
}
