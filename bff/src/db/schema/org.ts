import { sql } from 'drizzle-orm'
import { char, index, mysqlEnum, mysqlTable, primaryKey, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { ROLES } from '@egj/shared'
import { id, ref, ts } from './columns'

export const units = mysqlTable('units', {
  id: id(),
  name: varchar('name', { length: 100 }).notNull().unique(),
  createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
})

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
    status: mysqlEnum('status', ['active', 'disabled']).notNull().default('active'),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('users_unit_idx').on(t.unitId)],
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
    channel: mysqlEnum('channel', ['dev', 'wechat', 'dingtalk']).notNull(),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  // revoked_at: every instance asks for the latest logouts a few times a second (its session cache)
  (t) => [uniqueIndex('sessions_token_hash_uq').on(t.tokenHash), index('sessions_expires_idx').on(t.expiresAt), index('sessions_revoked_idx').on(t.revokedAt)],
)
