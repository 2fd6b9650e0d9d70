import { z } from './zod'
import { Cursor, IdNumber } from './ids'
import { Role } from './org'
import { GRANTABLE_ROLES } from './org-admin-values'
import { reasonText, requiredLine, singleLine } from './text'
import { CalendarDate } from './time'
import { Mobile } from './visits'

// 人员与权限: the unit tree, staff records, roles, the staff import and the audit log (修改留痕).

// GRANTABLE_ROLES, UNIT_ADMIN_GRANTABLE and the STAFF_ values live in org-admin-values.ts (no schemas there)
export { GRANTABLE_ROLES, UNIT_ADMIN_GRANTABLE, STAFF_COLUMNS, STAFF_IMPORT_MAX_ROWS, STAFF_IMPORT_MAX_BYTES } from './org-admin-values'
export const GrantableRole = z.enum(GRANTABLE_ROLES)

/** 统一社会信用代码: 18 characters, digits and capitals without I, O, S, V, Z (GB 32100-2015). */
export const CreditCode = z
  .string()
  .trim()
  .overwrite((value) => value.toUpperCase())
  .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, '统一社会信用代码应为 18 位数字或大写字母')

export const AdminUnit = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  parentId: z.number().int().nullable(),
  creditCode: z.string().nullable(),
  active: z.boolean(),
  /** active people with a record in the unit */
  staffCount: z.number().int(),
})
export type AdminUnit = z.infer<typeof AdminUnit>
export const AdminUnitList = z.object({ items: z.array(AdminUnit) })
export type AdminUnitList = z.infer<typeof AdminUnitList>

export const UnitCreate = z.object({
  name: requiredLine('单位名称', 100),
  shortName: singleLine().max(50, '简称不能超过 50 个字').optional(),
  parentId: IdNumber.optional(),
  creditCode: CreditCode.optional(),
})
export type UnitCreate = z.infer<typeof UnitCreate>

/** Rename, move (a new parent, or null for the top), or (de)activate. The old values stay in the audit log. */
export const UnitUpdate = z.object({
  name: requiredLine('单位名称', 100).optional(),
  shortName: singleLine().max(50, '简称不能超过 50 个字').nullable().optional(),
  parentId: IdNumber.nullable().optional(),
  creditCode: CreditCode.nullable().optional(),
  active: z.boolean().optional(),
  reason: reasonText('修改原因', 200).optional(),
})
export type UnitUpdate = z.infer<typeof UnitUpdate>

export const AdminUserQuery = z.object({
  /** a name (part of it) or a whole mobile number */
  q: singleLine().max(50).optional(),
  unitId: IdNumber.optional(),
  role: Role.optional(),
  /** include people who left (default: active only) */
  status: z.enum(['active', 'disabled', 'all']).default('active'),
  cursor: Cursor.optional(),
})
export type AdminUserQuery = z.infer<typeof AdminUserQuery>

export const AdminUser = z.object({
  id: z.number().int(),
  name: z.string(),
  mobileMasked: z.string().nullable(),
  unitId: z.number().int().nullable(),
  unitName: z.string().nullable(),
  position: z.string().nullable(),
  roles: z.array(Role),
  active: z.boolean(),
})
export type AdminUser = z.infer<typeof AdminUser>
export const AdminUserList = z.object({ items: z.array(AdminUser), nextCursor: z.string().nullable() })
export type AdminUserList = z.infer<typeof AdminUserList>

/** One person as their detail page shows them. */
export const AdminUserDetail = AdminUser.extend({
  dingtalkUserId: z.string().nullable(),
  /** 浙政钉 accountId: their 浙政钉 sign-in finds them by it, and their 钉消息 go to it */
  zzdAccountId: z.string().nullable(),
  wechatBound: z.boolean(),
  /** the canteens a cashier works the till for */
  merchantIds: z.array(z.number().int()),
  /** what the signed-in admin may do to this person */
  can: z.object({ editRoles: z.boolean(), deactivate: z.boolean(), reactivate: z.boolean(), resetWechat: z.boolean() }),
  /** the roles the signed-in admin may grant or take away */
  grantable: z.array(Role),
})
export type AdminUserDetail = z.infer<typeof AdminUserDetail>

export const UserCreate = z.object({
  name: requiredLine('姓名', 64),
  mobile: Mobile,
  unitId: IdNumber,
  position: singleLine().max(64, '部门/职务不能超过 64 个字').optional(),
  dingtalkUserId: singleLine().max(64).regex(/^[\w.@-]*$/, 'userId 只能包含字母、数字和 _ . @ -').optional(),
  /** 浙政钉 accountId (digits; '' or absent: none) */
  zzdAccountId: singleLine().max(64).regex(/^\d*$/, '浙政钉 accountId 只能是数字').optional(),
  roles: z.array(GrantableRole).max(10).default(['staff']),
})
export type UserCreate = z.infer<typeof UserCreate>

export const UserUpdate = z.object({
  name: requiredLine('姓名', 64).optional(),
  mobile: Mobile.optional(),
  unitId: IdNumber.optional(),
  position: singleLine().max(64, '部门/职务不能超过 64 个字').nullable().optional(),
  dingtalkUserId: singleLine().max(64).regex(/^[\w.@-]*$/, 'userId 只能包含字母、数字和 _ . @ -').nullable().optional(),
  /** 浙政钉 accountId (digits; '' or null: none) */
  zzdAccountId: singleLine().max(64).regex(/^\d*$/, '浙政钉 accountId 只能是数字').nullable().optional(),
  reason: reasonText('修改原因', 200).optional(),
})
export type UserUpdate = z.infer<typeof UserUpdate>

export const RolesUpdate = z.object({
  roles: z.array(GrantableRole).max(10),
  /** the canteen a cashier works for; required when `roles` holds cashier and the person works for none yet */
  merchantId: IdNumber.optional(),
  reason: reasonText('授权原因', 200),
})
export type RolesUpdate = z.infer<typeof RolesUpdate>

export const ReasonBody = z.object({ reason: reasonText('原因', 200) })
export type ReasonBody = z.infer<typeof ReasonBody>

/** What leaving left behind, for the admin to act on. */
export const DeactivateResult = z.object({
  user: AdminUserDetail,
  /** sessions ended on every instance */
  sessionsEnded: z.number().int(),
  /** what other modules handed over (pending approvals moved to the unit's other approvers, …) */
  handover: z.array(z.object({ kind: z.string(), count: z.number().int(), message: z.string() })),
  /** 饭卡 balance left on the account, reported to settlement (null: no meal account) */
  mealBalance: z.object({ subsidyFen: z.number().int(), personalFen: z.number().int() }).nullable(),
})
export type DeactivateResult = z.infer<typeof DeactivateResult>

// ---------- staff import ----------

export const StaffImportQuery = z.object({
  dryRun: z.enum(['true', 'false'], '请指定 dryRun=true（预览）或 dryRun=false（导入）').transform((value) => value === 'true'),
  /** the dry run's `plan`: the import refuses (409) when what it would do is no longer what the admin saw */
  plan: z.string().regex(/^[0-9a-f]{64}$/, '预览编号无效，请重新预览').optional(),
})
export type StaffImportQuery = z.infer<typeof StaffImportQuery>

export const StaffImportRow = z.object({
  /** the row number in the sheet (the header is row 1) */
  row: z.number().int(),
  action: z.enum(['create', 'update', 'unchanged']),
  name: z.string(),
  mobileMasked: z.string(),
  unitName: z.string(),
  /** what changes, in words (姓名、单位、角色 …) */
  changes: z.array(z.string()),
})
export type StaffImportRow = z.infer<typeof StaffImportRow>

export const StaffImportResult = z.object({
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
  /** the created and updated rows (the first 1,000) */
  rows: z.array(StaffImportRow),
  /** a digest of what the run does: pass it back as `plan` to import exactly what was previewed */
  plan: z.string(),
})
export type StaffImportResult = z.infer<typeof StaffImportResult>

// ---------- audit log ----------

export const AuditQuery = z.object({
  entity: singleLine().max(40).regex(/^[a-z_]*$/, '对象类型只能是小写字母').optional(),
  entityId: singleLine().max(40).regex(/^[\w:-]*$/, '对象编号格式不正确').optional(),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  cursor: Cursor.optional(),
})
export type AuditQuery = z.infer<typeof AuditQuery>

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  ip: z.string().nullable(),
  /** what was done, e.g. `unit.rename`, `user.roles`, `user.deactivate` */
  action: z.string(),
  /** the kind of record, e.g. `unit`, `user`, `merchant`, `vehicle` */
  entity: z.string(),
  entityId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
})
export type AuditEntry = z.infer<typeof AuditEntry>
export const AuditList = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() })
export type AuditList = z.infer<typeof AuditList>

// ---------- directory sync (浙政钉 / 钉钉 通讯录) ----------

export const DirectoryPerson = z.object({
  dingtalkUserId: z.string(),
  name: z.string(),
  mobileMasked: z.string().nullable(),
  /** the DingTalk department's name, matched to a unit by name */
  departmentName: z.string().nullable(),
  unitId: z.number().int().nullable(),
  position: z.string().nullable(),
})
export type DirectoryPerson = z.infer<typeof DirectoryPerson>

export const DirectoryDiff = z.object({
  id: z.number().int(),
  ranAt: z.string(),
  /** running: another admin's run (or the nightly job) is reading the directory now; the lists are empty until it is ready */
  status: z.enum(['running', 'ready', 'applied', 'failed']),
  /** why the last run failed (in Chinese), when it did */
  error: z.string().nullable(),
  appliedAt: z.string().nullable(),
  /** in the directory, not here: apply creates them */
  added: z.array(DirectoryPerson),
  /** here and in the directory, with differences: apply updates them */
  changed: z.array(DirectoryPerson.extend({ userId: z.number().int(), changes: z.array(z.string()) })),
  /** here (with a DingTalk userId) but gone from the directory: listed for the admin, never deleted */
  gone: z.array(z.object({ userId: z.number().int(), name: z.string(), unitName: z.string().nullable(), dingtalkUserId: z.string() })),
  /** directory people left out, and why (no unit of that name, no mobile …) */
  skipped: z.array(z.object({ dingtalkUserId: z.string(), name: z.string(), reason: z.string() })),
})
export type DirectoryDiff = z.infer<typeof DirectoryDiff>
export const DirectorySyncState = z.object({ last: DirectoryDiff.nullable() })
export type DirectorySyncState = z.infer<typeof DirectorySyncState>
export const DirectoryApply = z.object({ id: IdNumber })
export type DirectoryApply = z.infer<typeof DirectoryApply>
export const DirectoryApplyResult = z.object({ created: z.number().int(), updated: z.number().int(), diff: DirectoryDiff })
export type DirectoryApplyResult = z.infer<typeof DirectoryApplyResult>
