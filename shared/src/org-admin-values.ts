import type { Role } from './org'

/*
 * The plain values of 人员与权限 (no schemas), re-exported by org-admin.ts. A module of their own
 * because the weapp main package holds every `shared` module a page uses: the org-admin pages and
 * the contract's upload limit need these lists, not org-admin.ts's schemas and the zod pieces
 * those pull in (z.record, z.unknown … ≈ 5 KB of main package).
 */

/** Roles an admin grants on a person's page. `visitor` is not granted: it is what a WeChat account without a staff record is. */
export const GRANTABLE_ROLES = ['staff', 'approver', 'cashier', 'guard', 'dispatcher', 'driver', 'meeting_service', 'settlement', 'admin', 'unit_admin', 'asset_keeper', 'repair_dispatcher', 'repair_worker', 'leader', 'canteen_manager'] as const satisfies readonly Role[]

/**
 * What a 单位管理员 may grant and take away: the roles that act inside one unit. The centre's own
 * roles (canteen, gate, cars, 会务, settlement, admin) are above a unit admin. A unit's 资产管理员
 * keeps that unit's assets only, so the unit grants it.
 */
export const UNIT_ADMIN_GRANTABLE = ['staff', 'approver', 'unit_admin', 'asset_keeper'] as const satisfies readonly Role[]

/** The workbook's columns, in order: the template, the import and the export use these headers. */
export const STAFF_COLUMNS = ['姓名', '手机号', '单位', '部门/职务', '浙政钉/钉钉 userId', '角色'] as const
export const STAFF_IMPORT_MAX_ROWS = 20_000
export const STAFF_IMPORT_MAX_BYTES = 5 * 1024 * 1024
