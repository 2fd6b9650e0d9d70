import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { sha256Hex } from '../../../lib/crypto'
import { mealVouchers, units } from '../../../db/schema'

export type VoucherRow = { voucher: typeof mealVouchers.$inferSelect; unitName: string }

/** Lookups by code go through its sha256: the code itself is not stored. */
export async function lockVoucher(tx: DbOrTx, code: string) {
  const [row] = await tx.select().from(mealVouchers).where(eq(mealVouchers.codeHash, sha256Hex(code))).for('update')
  return row ?? null
}

export async function lockVoucherById(tx: DbOrTx, id: number) {
  const [row] = await tx.select().from(mealVouchers).where(eq(mealVouchers.id, id)).for('update')
  return row ?? null
}

/** Vouchers still issued, reserved to no booking, whose validity ended by `now`, oldest first. */
export async function dueForExpiry(db: DbOrTx, now: Date, limit: number): Promise<number[]> {
  const rows = await db.select({ id: mealVouchers.id }).from(mealVouchers).where(and(eq(mealVouchers.status, 'issued'), isNull(mealVouchers.reservedOrderId), lte(mealVouchers.expiresAt, now))).orderBy(asc(mealVouchers.expiresAt)).limit(limit)
  return rows.map((row) => row.id)
}

export async function updateVoucher(tx: DbOrTx, id: number, values: Partial<typeof mealVouchers.$inferInsert>): Promise<void> {
  await tx.update(mealVouchers).set(values).where(eq(mealVouchers.id, id))
}

export async function insertVouchers(tx: DbOrTx, rows: (typeof mealVouchers.$inferInsert)[]): Promise<number[]> {
  await tx.insert(mealVouchers).values(rows)
  // read the ids back by code hash: auto-increment ids of a multi-row insert need not be
  // consecutive (MySQL 8's interleaved lock mode, TiDB)
  const inserted = await tx.select({ id: mealVouchers.id }).from(mealVouchers).where(inArray(mealVouchers.codeHash, rows.map((row) => row.codeHash)))
  return inserted.map((row) => row.id)
}

export async function vouchersWithUnit(db: DbOrTx, where: { code?: string; unitId?: number; ids?: number[] }): Promise<VoucherRow[]> {
  return db
    .select({ voucher: mealVouchers, unitName: units.name })
    .from(mealVouchers)
    .innerJoin(units, eq(units.id, mealVouchers.unitId))
    .where(
      and(
        where.code ? eq(mealVouchers.codeHash, sha256Hex(where.code)) : undefined,
        where.unitId ? eq(mealVouchers.unitId, where.unitId) : undefined,
        where.ids ? inArray(mealVouchers.id, where.ids) : undefined,
      ),
    )
    .orderBy(desc(mealVouchers.id))
    .limit(500)
}
