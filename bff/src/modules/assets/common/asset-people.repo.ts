import { and, eq } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { userRoles, users } from '../../../db/schema'

/**
 * Who is told about an asset's transfer, loan or reminder: active people holding a role, in one
 * unit (a unit's 资产管理员 or 审批人) or anywhere (the centre's admins).
 */
export async function peopleWithRole(db: DbOrTx, role: 'asset_keeper' | 'approver' | 'admin', unitId?: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(and(eq(users.status, 'active'), unitId === undefined ? undefined : eq(users.unitId, unitId)))
  return rows.map((row) => row.id)
}
