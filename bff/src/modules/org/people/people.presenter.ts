import { maskMobile, type AdminUser, type AdminUserDetail, type Role } from '@egj/shared'
import type { PiiVault } from '../../../lib/pii'
import type { PersonRow } from './people.repo'

export function presentPerson(row: PersonRow, pii: PiiVault): AdminUser {
  const mobile = row.mobileEnc ? pii.openOrNull(row.mobileEnc) : null
  return {
    id: row.id,
    name: row.name,
    mobileMasked: mobile ? maskMobile(mobile) : null,
    unitId: row.unitId,
    unitName: row.unitName,
    position: row.position,
    roles: row.roles,
    active: row.status === 'active',
  }
}

export function presentPersonDetail(row: PersonRow, pii: PiiVault, merchantIds: number[], may: { change: boolean; grantable: readonly Role[] }): AdminUserDetail {
  const active = row.status === 'active'
  return {
    ...presentPerson(row, pii),
    dingtalkUserId: row.dingtalkUserId,
    zzdAccountId: row.zzdAccountId,
    wechatBound: row.wechatBound,
    merchantIds,
    can: { editRoles: may.change && active, deactivate: may.change && active, reactivate: may.change && !active, resetWechat: may.change && row.wechatBound },
    grantable: may.change ? [...may.grantable] : [],
  }
}
