import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { GRANTABLE_ROLES, ROLE_LABELS, type Role } from '@egj/shared'
import './ui.scss'

/** What each role lets a person do, in a few words. */
export const ROLE_HINTS: Partial<Record<Role, string>> = {
  staff: '用车、会议室、邀请访客',
  approver: '审批本单位申请',
  cashier: '食堂收银台',
  guard: '门岗核验访客',
  dispatcher: '派车',
  driver: '出车任务',
  meeting_service: '会务任务',
  settlement: '结算对账',
  admin: '全部管理',
  unit_admin: '管理本单位人员',
  canteen_manager: '食堂菜单、报餐与备餐',
}

interface Props {
  value: Role[]
  /** the roles the signed-in admin may grant or take away */
  grantable: readonly Role[]
  onChange: (roles: Role[]) => void
  /** beside a held role the admin may not change (default 无权调整) */
  lockedNote?: string
  /** drawn under a ticked role's line (the 商户 a 食堂收银 works for) */
  below?: Partial<Record<Role, ReactNode>>
  /** chips that wrap (a form in a sheet) instead of one line per role with what it does */
  compact?: boolean
}

/**
 * The roles as a checklist: those the signed-in admin may grant can be ticked; a role the person
 * has that is above the admin's own stays ticked, locked. Roles neither held nor grantable are left out.
 */
export function RoleChecklist({ value, grantable, onChange, lockedNote = '无权调整', below = {}, compact }: Props) {
  const shown = GRANTABLE_ROLES.filter((role) => grantable.includes(role) || value.includes(role))
  const toggle = (role: Role) => onChange(value.includes(role) ? value.filter((r) => r !== role) : GRANTABLE_ROLES.filter((r) => r === role || value.includes(r)))
  if (compact) {
    return (
      <View className='vf-chips oa-checks'>
        {shown.map((role) => {
          const locked = !grantable.includes(role)
          return (
            <View key={role} className={`vf-chip ${value.includes(role) ? 'vf-chip--on' : ''} ${locked ? 'oa-check--locked' : ''}`} onClick={() => !locked && toggle(role)}>
              {value.includes(role) ? `✓ ${ROLE_LABELS[role]}` : ROLE_LABELS[role]}
            </View>
          )
        })}
      </View>
    )
  }
  return (
    <View className='oa-checks'>
      {shown.map((role) => {
        const on = value.includes(role)
        const locked = !grantable.includes(role)
        return (
          <View key={role} className='oa-check-group'>
            <View className={`oa-check ${locked ? 'oa-check--locked' : ''}`} onClick={() => !locked && toggle(role)}>
              <View className={`oa-check__box ${on ? 'oa-check__box--on' : ''}`}>{on ? '✓' : ''}</View>
              <Text className='oa-check__label'>{ROLE_LABELS[role]}</Text>
              <Text className='oa-check__note'>{locked ? lockedNote : ROLE_HINTS[role]}</Text>
            </View>
            {on && below[role] && <View className='oa-check__below'>{below[role]}</View>}
          </View>
        )
      })}
    </View>
  )
}
