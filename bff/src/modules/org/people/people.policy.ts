import { GRANTABLE_ROLES, UNIT_ADMIN_GRANTABLE, type Role } from '@egj/shared'
import { hasRole, type AuthUser } from '../../../lib/auth'

type Who = Pick<AuthUser, 'id' | 'roles' | 'unit'>

/** The roles someone may grant and take away: admin all of them; a 单位管理员 the roles inside a unit. */
export function grantableBy(user: Who): readonly Role[] {
  if (hasRole(user, 'admin')) return GRANTABLE_ROLES
  if (hasRole(user, 'unit_admin')) return UNIT_ADMIN_GRANTABLE
  return []
}

/** Admin sees everyone with a record; a 单位管理员 their own unit's people (anyone else: 404, as a missing id). */
export const seesPerson = (user: Who, person: { unitId: number | null }) => hasRole(user, 'admin') || (hasRole(user, 'unit_admin') && !!user.unit && person.unitId === user.unit.id)

/** A 单位管理员 may not act on someone who holds a role above theirs (a canteen cashier, an admin …). */
export const mayChangePerson = (user: Who, person: { roles: readonly Role[] }) => {
  const grantable = grantableBy(user)
  return person.roles.every((role) => grantable.includes(role) || role === 'visitor')
}
