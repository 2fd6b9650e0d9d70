import { and, asc, eq, gt, gte, inArray, isNull, sql } from 'drizzle-orm'
import { ROLES, type Role } from '@egj/shared'
import type { Db, DbOrTx } from '../../db/client'
import { sessions, units, userRoles, users } from '../../db/schema'

const ROLE_ORDER = new Map(ROLES.map((role, index) => [role, index]))

export interface UserRow {
  id: number
  name: string
  status: 'active' | 'disabled'
  unit: { id: number; name: string } | null
  roles: Role[]
}

function toUserRow(row: { id: number; name: string; status: 'active' | 'disabled'; unitId: number | null; unitName: string | null; roles: string | null }): UserRow {
  const roles = (row.roles ? row.roles.split(',') : []) as Role[]
  roles.sort((a, b) => (ROLE_ORDER.get(a) ?? 0) - (ROLE_ORDER.get(b) ?? 0))
  return { id: row.id, name: row.name, status: row.status, unit: row.unitId && row.unitName ? { id: row.unitId, name: row.unitName } : null, roles }
}

const userColumns = {
  id: users.id,
  name: users.name,
  status: users.status,
  unitId: users.unitId,
  unitName: units.name,
  roles: sql<string | null>`GROUP_CONCAT(${userRoles.role})`,
}

function sessionUserQuery(db: Db) {
  return db
    .select({ sessionId: sessions.id, expiresAt: sessions.expiresAt, ...userColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql.placeholder('now'))))
    .groupBy(sessions.id)
    .prepare()
}
// Runs on every authenticated request: built once per database, executed as a prepared statement.
const preparedSessionQueries = new WeakMap<Db, ReturnType<typeof sessionUserQuery>>()

/** The user behind a live session, with unit and roles, in one round trip. */
export async function findSessionUser(db: Db, tokenHash: string, now: Date): Promise<(UserRow & { sessionId: number; expiresAt: Date }) | null> {
  let query = preparedSessionQueries.get(db)
  if (!query) preparedSessionQueries.set(db, (query = sessionUserQuery(db)))
  const [row] = await query.execute({ tokenHash, now })
  return row ? { ...toUserRow(row), sessionId: row.sessionId, expiresAt: row.expiresAt } : null
}

/** Sessions revoked at or after `since` (logouts on any instance), oldest first. */
export async function sessionsRevokedSince(db: Db, since: Date): Promise<{ id: number; revokedAt: Date }[]> {
  const rows = await db.select({ id: sessions.id, revokedAt: sessions.revokedAt }).from(sessions).where(gte(sessions.revokedAt, since)).orderBy(asc(sessions.revokedAt)).limit(10_000)
  return rows.map((row) => ({ id: row.id, revokedAt: row.revokedAt! }))
}

/** People whose roles, unit or status changed at or after `since` (on any instance). */
export async function usersChangedSince(db: Db, since: Date): Promise<number[]> {
  const rows = await db.select({ id: users.id }).from(users).where(gte(users.accessChangedAt, since)).limit(10_000)
  return rows.map((row) => row.id)
}

/** Ends every live session of a person; returns how many. */
export async function revokeSessionsOf(db: DbOrTx, userId: number, now: Date, channel?: SessionChannel): Promise<number> {
  const [result] = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), channel ? eq(sessions.channel, channel) : undefined))
  return result.affectedRows
}

export async function markAccessChanged(db: DbOrTx, userId: number | number[], now: Date): Promise<void> {
  const ids = typeof userId === 'number' ? [userId] : userId
  for (let i = 0; i < ids.length; i += 5000) await db.update(users).set({ accessChangedAt: now }).where(inArray(users.id, ids.slice(i, i + 5000)))
}

export type SessionChannel = 'dev' | 'wechat' | 'dingtalk' | 'zzd'

export async function findUser(
  db: DbOrTx,
  by: { id: number } | { username: string } | { wechatOpenid: string } | { dingtalkUserId: string } | { zzdAccountId: string } | { zzdEmployeeCode: string } | { mobileHash: string },
): Promise<UserRow | null> {
  const where =
    'id' in by ? eq(users.id, by.id)
    : 'username' in by ? eq(users.username, by.username)
    : 'wechatOpenid' in by ? eq(users.wechatOpenid, by.wechatOpenid)
    : 'dingtalkUserId' in by ? eq(users.dingtalkUserId, by.dingtalkUserId)
    : 'zzdAccountId' in by ? eq(users.zzdAccountId, by.zzdAccountId)
    : 'zzdEmployeeCode' in by ? eq(users.zzdEmployeeCode, by.zzdEmployeeCode)
    : eq(users.mobileHash, by.mobileHash)
  const [row] = await db
    .select(userColumns)
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(where)
    .groupBy(users.id)
  return row ? toUserRow(row) : null
}

export async function insertSession(db: DbOrTx, session: { tokenHash: string; userId: number; channel: SessionChannel; expiresAt: Date }): Promise<void> {
  await db.insert(sessions).values(session)
}

/** A staff record found by its 浙政钉 employeeCode keeps the accountId it signed in with (only if it had none). */
export async function rememberZzdAccountId(db: DbOrTx, userId: number, accountId: string): Promise<void> {
  await db.update(users).set({ zzdAccountId: accountId }).where(and(eq(users.id, userId), isNull(users.zzdAccountId)))
}

export async function revokeSession(db: DbOrTx, sessionId: number, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
}

/** A WeChat user with no staff record becomes a visitor identity keyed by openid. */
export async function insertVisitor(db: DbOrTx, openid: string): Promise<number> {
  const [result] = await db.insert(users).values({ name: '微信用户', wechatOpenid: openid })
  await db.insert(userRoles).values({ userId: result.insertId, role: 'visitor' })
  return result.insertId
}

export async function wechatOpenidOf(db: DbOrTx, userId: number): Promise<string | null> {
  const [row] = await db.select({ openid: users.wechatOpenid }).from(users).where(eq(users.id, userId))
  return row?.openid ?? null
}

/** Moves the openid from the visitor identity to the staff record (unique index: one holder). */
export async function bindOpenidToStaff(db: DbOrTx, fromUserId: number, staffUserId: number, openid: string): Promise<void> {
  await db.update(users).set({ wechatOpenid: null }).where(eq(users.id, fromUserId))
  await db.update(users).set({ wechatOpenid: openid }).where(eq(users.id, staffUserId))
}

export async function listDevAccounts(db: DbOrTx) {
  const rows = await db
    .select({ username: users.username, ...userColumns })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(sql`${users.username} IS NOT NULL`)
    .groupBy(users.id)
    .orderBy(users.id)
  return rows.map((row) => ({ username: row.username as string, ...toUserRow(row) }))
}
