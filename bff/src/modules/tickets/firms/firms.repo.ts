import { asc, desc, eq } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../../db/client'
import { repairFirms } from '../../../db/schema'

export type RepairFirmRow = typeof repairFirms.$inferSelect

/** Active firms first, then by name. */
export async function listFirms(db: DbOrTx): Promise<RepairFirmRow[]> {
  return db.select().from(repairFirms).orderBy(desc(repairFirms.active), asc(repairFirms.name), asc(repairFirms.id))
}

export async function findFirm(db: DbOrTx, id: number): Promise<RepairFirmRow | null> {
  const [row] = await db.select().from(repairFirms).where(eq(repairFirms.id, id))
  return row ?? null
}

/** The firm, locked until the transaction ends: two admins' changes (and their audit rows) one after the other. */
export async function lockFirm(tx: Tx, id: number): Promise<RepairFirmRow | null> {
  const [row] = await tx.select().from(repairFirms).where(eq(repairFirms.id, id)).for('update')
  return row ?? null
}

export async function insertFirm(db: DbOrTx, values: typeof repairFirms.$inferInsert): Promise<number> {
  const [result] = await db.insert(repairFirms).values(values)
  return result.insertId
}

export async function updateFirm(db: DbOrTx, id: number, values: Partial<typeof repairFirms.$inferInsert>): Promise<void> {
  if (!Object.keys(values).length) return
  await db.update(repairFirms).set(values).where(eq(repairFirms.id, id))
}
