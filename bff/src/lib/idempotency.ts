import { createHash } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client'
import { isDuplicateKey, withTransaction } from '../db/client'
import { idempotencyKeys } from '../db/schema'
import { AppError } from './errors'

/** A stable hash of the request body (key order does not matter). */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical)
    : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
    : value
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex')
}

export interface IdempotentRequest {
  userId: number
  /** what kind of request, e.g. 'meal.payment' */
  scope: string
  key: string | undefined
  body: unknown
}

/**
 * Runs `work` once per (user, scope, key). The key row is inserted first in the same transaction
 * as the work: a racing request with the same key waits on that row, then finds it and gets the
 * first result (`replay` re-reads the created resource). A failed attempt rolls the key back.
 * Returns the created resource's id.
 */
export async function idempotent(db: Db, request: IdempotentRequest, work: (tx: Tx) => Promise<number>): Promise<{ id: number; replayed: boolean }> {
  if (!request.key) throw new AppError('IDEMPOTENCY_KEY_REQUIRED')
  if (!/^[\w.:-]{8,100}$/.test(request.key)) throw new AppError('VALIDATION_FAILED', { in: 'headers', issues: [{ path: 'Idempotency-Key', message: '8–100 位字母、数字或 -_.:' }] })
  const hash = requestHash(request.body)
  const where = and(eq(idempotencyKeys.userId, request.userId), eq(idempotencyKeys.scope, request.scope), eq(idempotencyKeys.key, request.key))

  const replay = async () => {
    const [row] = await db.select().from(idempotencyKeys).where(where)
    if (!row) return null
    if (row.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED')
    return { id: Number((row.response as { id: number }).id), replayed: true }
  }

  // No look-up first: the common case is a new key, and a retry meets the key row inside the
  // transaction (at once if it committed, after waiting if it is still running).
  try {
    return await withTransaction(db, async (tx) => {
      await tx.insert(idempotencyKeys).values({ userId: request.userId, scope: request.scope, key: request.key!, requestHash: hash, status: 201, response: { id: 0 } })
      const id = await work(tx)
      await tx.update(idempotencyKeys).set({ response: sql`JSON_OBJECT('id', ${id})` }).where(where)
      return { id, replayed: false }
    })
  } catch (error) {
    // The same key committed by a racing request while we waited on its row.
    if (isDuplicateKey(error)) {
      const raced = await replay()
      if (raced) return raced
    }
    throw error
  }
}

/** Keys are kept at least 24 h; the cleanup job removes older ones. */
export async function purgeIdempotencyKeys(db: Db, olderThanHours = 48): Promise<void> {
  await db.delete(idempotencyKeys).where(sql`${idempotencyKeys.createdAt} < UTC_TIMESTAMP(3) - INTERVAL ${olderThanHours} HOUR`)
}
