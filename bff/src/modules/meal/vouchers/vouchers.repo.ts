import { and, desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { mealVouchers, units } from '../../../db/schema'

export type VoucherRow = { voucher: typeof mealVouchers.$inferSelect; unitName: string }

export async function lockVoucher(tx: DbOrTx, code: string) {
  const [row] = await tx.select().from(mealVouchers).where(eq(mealVouchers.code, code)).for('update')
  return row ?? null
}

export async function updateVoucher(tx: DbOrTx, id: number, values: Partial<typeof mealVouchers.$inferInsert>): Promise<void> {
  await tx.update(mealVouchers).set(values).where(eq(mealVouchers.id, id))
}

export async function insertVouchers(tx: DbOrTx, rows: (typeof mealVouchers.$inferInsert)[]): Promise<number[]> {
  await tx.insert(mealVouchers).values(rows)
  // read the ids back by code: auto-increment ids of a multi-row insert need not be consecutive
  // (MySQL 8's interleaved lock mode, TiDB)
  const inserted = await tx.select({ id: mealVouchers.id }).from(mealVouchers).where(inArray(mealVouchers.code, rows.map((row) => row.code)))
  return inserted.map((row) => row.id)
}

export async function vouchersWithUnit(db: DbOrTx, where: { code?: string; unitId?: number; ids?: number[] }): Promise<VoucherRow[]> {
  return db
    .select({ voucher: mealVouchers, unitName: units.name })
    .from(mealVouchers)
    .innerJoin(units, eq(units.id, mealVouchers.unitId))
    .where(
      and(
        where.code ? eq(mealVouchers.code, where.code) : undefined,
        where.unitId ? eq(mealVouchers.unitId, where.unitId) : undefined,
        where.ids ? inArray(mealVouchers.id, where.ids) : undefined,
      ),
    )
    .orderBy(desc(mealVouchers.id))
    .limit(500)
}
