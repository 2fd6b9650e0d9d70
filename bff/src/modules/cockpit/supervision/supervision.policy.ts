import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'

type Who = Pick<AuthUser, 'roles' | 'unit'>

/** The centre (admin) and the leaders (read-only) see every unit's 督办. */
export const seesEveryUnit = (user: Who) => hasRole(user, 'admin', 'leader')

/** An approver of the supervised unit: the one who replies (整改). */
export const approvesForUnit = (user: Who, unitId: number) => hasRole(user, 'approver') && user.unit?.id === unitId

/** Who sees an item: the centre, the leaders, the unit's approvers; anyone else is answered 404, as for a missing one. */
export const seesSupervision = (user: Who, item: { unitId: number }) => seesEveryUnit(user) || approvesForUnit(user, item.unitId)

/** 销号 and 退回: the centre only (a leader reads, never writes). */
export const decidesSupervision = (user: Who) => hasRole(user, 'admin')
