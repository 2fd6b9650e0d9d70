import { and, asc, eq, exists, inArray, isNotNull, like, type SQL } from 'drizzle-orm'
import type { Role } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { units, userRoles, users } from '../../../db/schema'

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

export interface ExportFilter {
  /** part of a name */
  name?: string
  /** the blind index of a whole mobile */
  mobileHash?: string
  unitId?: number
  role?: Role
  status: 'active' | 'disabled' | 'all'
}

export interface ExportedPerson {
  id: number
  name: string
  mobileEnc: string | null
  unitName: string | null
  position: string | null
  dingtalkUserId: string | null
  roles: Role[]
}

/** People with a unit (staff records, not WeChat visitors), in unit then id order, with their roles. */
export async function staffForExport(db: DbOrTx, filter: ExportFilter, limit: number): Promise<ExportedPerson[]> {
  const where: SQL[] = [isNotNull(users.unitId)]
  if (filter.name) where.push(like(users.name, `%${likeEscape(filter.name)}%`))
  if (filter.mobileHash) where.push(eq(users.mobileHash, filter.mobileHash))
  if (filter.unitId !== undefined) where.push(eq(users.unitId, filter.unitId))
  if (filter.status !== 'all') where.push(eq(users.status, filter.status))
  if (filter.role) where.push(exists(db.select({ one: userRoles.userId }).from(userRoles).where(and(eq(userRoles.userId, users.id), eq(userRoles.role, filter.role)))))
  const rows = await db
    .select({ id: users.id, name: users.name, mobileEnc: users.mobileEnc, unitName: units.name, position: users.position, dingtalkUserId: users.dingtalkUserId })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(...where))
    .orderBy(asc(users.unitId), asc(users.id))
    .limit(limit)
  const roles = new Map<number, Role[]>()
  for (let i = 0; i < rows.length; i += 5000) {
    const ids = rows.slice(i, i + 5000).map((row) => row.id)
    for (const row of await db.select().from(userRoles).where(inArray(userRoles.userId, ids))) roles.set(row.userId, [...(roles.get(row.userId) ?? []), row.role])
  }
  return rows.map((row) => ({ ...row, roles: roles.get(row.id) ?? [] }))
}
