import { and, asc, eq } from 'drizzle-orm'
import type { Role } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { units, users } from '../../../db/schema'
import { rolesOf, staffWhere, type StaffFilter } from '../common/staff.repo'

export type ExportFilter = StaffFilter

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
  const where = staffWhere(db, filter)
  const rows = await db
    .select({ id: users.id, name: users.name, mobileEnc: users.mobileEnc, unitName: units.name, position: users.position, dingtalkUserId: users.dingtalkUserId })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(...where))
    .orderBy(asc(users.unitId), asc(users.id))
    .limit(limit)
  const roles = await rolesOf(db, rows.map((row) => row.id))
  return rows.map((row) => ({ ...row, roles: roles.get(row.id) ?? [] }))
}
