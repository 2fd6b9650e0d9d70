import { and, asc, eq, gt, isNotNull, ne } from 'drizzle-orm'
import type { Role } from '@egj/shared'
import type { DbOrTx, Tx } from '../../../db/client'
import { merchants, units, userRoles, users } from '../../../db/schema'
import { rolesOf, staffWhere, type StaffFilter } from '../common/staff.repo'

export interface PersonRow {
  id: number
  name: string
  mobileEnc: string | null
  unitId: number | null
  unitName: string | null
  position: string | null
  dingtalkUserId: string | null
  zzdAccountId: string | null
  wechatBound: boolean
  status: 'active' | 'disabled'
  roles: Role[]
}

export interface PeopleFilter extends StaffFilter {
  afterId?: number
}

const columns = {
  id: users.id,
  name: users.name,
  mobileEnc: users.mobileEnc,
  unitId: users.unitId,
  unitName: units.name,
  position: users.position,
  dingtalkUserId: users.dingtalkUserId,
  zzdAccountId: users.zzdAccountId,
  wechatOpenid: users.wechatOpenid,
  status: users.status,
}

/** People with a staff record (a unit), by id: `limit` after `afterId`. */
export async function findPeople(db: DbOrTx, filter: PeopleFilter, limit: number): Promise<PersonRow[]> {
  const where = staffWhere(db, filter)
  if (filter.afterId) where.push(gt(users.id, filter.afterId))
  const rows = await db.select(columns).from(users).leftJoin(units, eq(units.id, users.unitId)).where(and(...where)).orderBy(asc(users.id)).limit(limit)
  const roles = await rolesOf(db, rows.map((row) => row.id))
  return rows.map(({ wechatOpenid, ...row }) => ({ ...row, wechatBound: !!wechatOpenid, roles: roles.get(row.id) ?? [] }))
}

export async function personById(db: DbOrTx, id: number): Promise<PersonRow | null> {
  const [row] = await db.select(columns).from(users).leftJoin(units, eq(units.id, users.unitId)).where(and(eq(users.id, id), isNotNull(users.unitId)))
  if (!row) return null
  const { wechatOpenid, ...rest } = row
  return { ...rest, wechatBound: !!wechatOpenid, roles: (await rolesOf(db, [row.id])).get(row.id) ?? [] }
}

export async function merchantExists(db: DbOrTx, id: number): Promise<boolean> {
  const [row] = await db.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, id))
  return !!row
}

export async function idOfMobile(db: DbOrTx, mobileHash: string): Promise<number | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.mobileHash, mobileHash))
  return row?.id ?? null
}

export async function idOfDingtalkUser(db: DbOrTx, dingtalkUserId: string): Promise<number | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.dingtalkUserId, dingtalkUserId))
  return row?.id ?? null
}

export async function idOfZzdAccount(db: DbOrTx, zzdAccountId: string): Promise<number | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.zzdAccountId, zzdAccountId))
  return row?.id ?? null
}

/** Active people of a unit with a role, other than `except`. */
export async function othersWithRole(db: DbOrTx, role: Role, unitId: number | null, except: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(and(eq(users.status, 'active'), ne(users.id, except), unitId === null ? undefined : eq(users.unitId, unitId)))
  return rows.map((row) => row.id)
}

export async function setStatus(tx: Tx, id: number, status: 'active' | 'disabled'): Promise<void> {
  await tx.update(users).set({ status }).where(eq(users.id, id))
}

export async function clearWechat(tx: Tx, id: number): Promise<void> {
  await tx.update(users).set({ wechatOpenid: null }).where(eq(users.id, id))
}
