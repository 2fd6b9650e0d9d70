import { sql } from 'drizzle-orm'
import { type AnyMySqlColumn, boolean, char, index, json, mysqlEnum, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { ROLES } from '@egj/shared'
import { id, ref, ts } from './columns'

/** The member units (成员单位) as a tree. A unit is never deleted: it is deactivated, and renames and moves are in `audit_log`. */
export const units = mysqlTable(
  'units',
  {
    id: id(),
    name: varchar('name', { length: 100 }).notNull().unique(),
    shortName: varchar('short_name', { length: 50 }),
    parentId: ref('parent_id').references((): AnyMySqlColumn => units.id),
    /** 统一社会信用代码 */
    creditCode: char('credit_code', { length: 18 }).unique(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('units_parent_idx').on(t.parentId)],
)

export const users = mysqlTable(
  'users',
  {
    id: id(),
    /** login name for staff accounts; null for WeChat visitors */
    username: varchar('username', { length: 64 }).unique(),
    name: varchar('name', { length: 64 }).notNull(),
    unitId: ref('unit_id').references(() => units.id),
    /** blind index (HMAC-SM3) of the mobile number, for lookup without storing it in clear */
    mobileHash: char('mobile_hash', { length: 64 }).unique(),
    /** the mobile number sealed by lib/pii.ts (SM4 + HMAC-SM3; PIPL: encrypted at rest) */
    mobileEnc: varchar('mobile_enc', { length: 128 }),
    wechatOpenid: varchar('wechat_openid', { length: 64 }).unique(),
    dingtalkUserId: varchar('dingtalk_user_id', { length: 64 }).unique(),
    /** 浙政钉 accountId (the id its work notifications are sent to), set by the directory import or an admin */
    zzdAccountId: varchar('zzd_account_id', { length: 64 }).unique(),
    /** 浙政钉 employeeCode (GE_…): the other key a 浙政钉 sign-in is matched by */
    zzdEmployeeCode: varchar('zzd_employee_code', { length: 64 }).unique(),
    /** 部门/职务, as the import and the directory give it */
    position: varchar('position', { length: 64 }),
    status: mysqlEnum('status', ['active', 'disabled']).notNull().default('active'),
    /**
     * When the person's roles, unit or status last changed: every instance looks for such changes
     * a few times a second (as for logouts) and drops the person's cached sessions.
     */
    accessChangedAt: ts('access_changed_at'),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('users_unit_idx').on(t.unitId), index('users_name_idx').on(t.name), index('users_access_changed_idx').on(t.accessChangedAt)],
)

export const userRoles = mysqlTable(
  'user_roles',
  {
    userId: ref('user_id').notNull().references(() => users.id),
    role: mysqlEnum('role', ROLES).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
)

export const sessions = mysqlTable(
  'sessions',
  {
    id: id(),
    /** sha256 of the bearer token; the token itself is never stored */
    tokenHash: char('token_hash', { length: 64 }).notNull(),
    userId: ref('user_id').notNull().references(() => users.id),
    channel: mysqlEnum('channel', ['dev', 'wechat', 'dingtalk', 'zzd']).notNull(),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  // revoked_at: every instance asks for the latest logouts a few times a second (its session cache)
  (t) => [uniqueIndex('sessions_token_hash_uq').on(t.tokenHash), index('sessions_expires_idx').on(t.expiresAt), index('sessions_revoked_idx').on(t.revokedAt)],
)

/**
 * 修改留痕: one row per admin write to master data, committed in the write's own transaction.
 * `before` / `after` hold the changed fields only, with personal data masked (never a full mobile).
 */
export const auditLog = mysqlTable(
  'audit_log',
  {
    id: id(),
    at: ts('at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    /** null for the system (a job, the seed) */
    actorId: ref('actor_id'),
    actorName: varchar('actor_name', { length: 64 }).notNull(),
    ip: varchar('ip', { length: 45 }),
    action: varchar('action', { length: 40 }).notNull(),
    entity: varchar('entity', { length: 40 }).notNull(),
    entityId: varchar('entity_id', { length: 40 }).notNull(),
    before: json('before').$type<Record<string, unknown> | null>(),
    after: json('after').$type<Record<string, unknown> | null>(),
    reason: varchar('reason', { length: 200 }),
  },
  (t) => [index('audit_entity_idx').on(t.entity, t.entityId, t.id), index('audit_at_idx').on(t.at)],
)

/** 通讯录同步: each run's diff (浙政钉 / 钉钉 → here), applied by an admin or left to go stale. */
export const directorySyncs = mysqlTable('directory_syncs', {
  id: id(),
  ranAt: ts('ran_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  ranBy: ref('ran_by'),
  status: mysqlEnum('status', ['running', 'ready', 'applied', 'failed']).notNull(),
  error: varchar('error', { length: 200 }),
  /** the diff as DirectoryDiff's added / changed / gone / skipped (mobiles sealed, never in clear) */
  diff: json('diff').$type<Record<string, unknown>>(),
  appliedAt: ts('applied_at'),
  appliedBy: ref('applied_by'),
})
