import { ROLES } from '@egj/shared'
import type { AuthUser } from '../../../lib/auth'
import { hasRole } from '../../../lib/auth'

type Who = Pick<AuthUser, 'roles' | 'unit'>

/** A 资产管理员 keeps their own unit's assets only. */
export const keepsUnit = (user: Who, unitId: number) => hasRole(user, 'asset_keeper') && user.unit?.id === unitId

/** The centre (机关事务管理中心's admin): approves transfers and 报废, sees every unit. */
export const isCentre = (user: Who) => hasRole(user, 'admin')

/**
 * Who may act on an asset as its holder (edit, photos, code, 报废, approve its loans): the owning
 * unit's keeper, and the centre. Anyone else is answered 404, exactly as for an id that does not
 * exist (the issue: "another unit's keeper acting on an asset → 404 like a missing id").
 */
export const managesAsset = (user: Who, asset: { unitId: number }) => isCentre(user) || keepsUnit(user, asset.unitId)

/** 公物仓 is for staff: every signed-in role but a visitor's (the access table's ASSET_USERS). */
export const ASSET_USERS = ROLES.filter((role) => role !== 'visitor')
/** Who registers and looks after assets: a unit's 资产管理员, and the centre. */
export const ASSET_MANAGERS = ['asset_keeper', 'admin'] as const
