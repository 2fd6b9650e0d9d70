import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm'
import { insertMany } from '../../db/bulk'
import type { DbOrTx, Tx } from '../../db/client'
import { auditLog } from '../../db/schema'

export type AuditRow = typeof auditLog.$inferSelect
export type AuditInsert = typeof auditLog.$inferInsert

export async function insertAudit(tx: Tx, rows: AuditInsert[]): Promise<void> {
  await insertMany(tx, auditLog, rows)
}

export interface AuditFilter {
  entity?: string
  entityId?: string
  /** inclusive, UTC */
  from?: Date
  /** exclusive, UTC */
  to?: Date
  beforeId?: number
}

/** Newest first; `limit` rows (ask for one more to know whether there is a next page). */
export async function listAudit(db: DbOrTx, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  const where: SQL[] = []
  if (filter.entity) where.push(eq(auditLog.entity, filter.entity))
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId))
  if (filter.from) where.push(gte(auditLog.at, filter.from))
  if (filter.to) where.push(lt(auditLog.at, filter.to))
  if (filter.beforeId) where.push(lt(auditLog.id, filter.beforeId))
  return db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(limit)
}
