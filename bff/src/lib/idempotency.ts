import { createHash } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db/client'
import { isDuplicateKey, isLockConflict, withTransaction } from '../db/client'
import { preparedWrite } from '../db/prepared'
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
  /** the `Idempotency-Key` header, already checked for shape by the route */
  key: string
  body: unknown
}

export interface IdempotentWork<T> {
  /** the write, in the key's transaction; returns the created resource's id and, when it knows it already, the answer */
  work: (tx: Tx) => Promise<{ id: number; response?: T }>
  /** the answer for a created resource, when `work` did not give it (e.g. after calling WeChat Pay); not needed when `work` always does */
  present?: (id: number, replayed: boolean) => Promise<T>
  /**
   * `work` locks a row every request with this key locks too (the payer's account) before it
   * reads or writes anything else: the key row is then written once, with the answer, as the last
   * statement of the transaction instead of being claimed first and answered after.
   */
  serializedByWork?: boolean
}

interface StoredResponse {
  id: number
  body?: unknown
}

/**
 * Runs a write once per (user, scope, key) and answers every retry with the first answer, as
 * Stripe does: the key row is inserted first in the same transaction as the work, so a racing
 * request with the same key waits on that row, then finds it and gets the stored answer. A
 * failed attempt rolls the key back (a retry may then succeed). The same key with a different
 * body is IDEMPOTENCY_KEY_REUSED; a request that meets another one with its key still running is
 * IDEMPOTENCY_KEY_IN_PROGRESS. With `serializedByWork` the key row is written once, last, with
 * the answer; the work's own lock holds a racing request instead (see below).
 */
export async function idempotent<T>(db: Db, request: IdempotentRequest, { work, present, serializedByWork }: IdempotentWork<T>): Promise<{ response: T; replayed: boolean }> {
  const hash = requestHash(request.body)
  const where = and(eq(idempotencyKeys.userId, request.userId), eq(idempotencyKeys.scope, request.scope), eq(idempotencyKeys.key, request.key))
  const presented = async (done: { id: number; response?: T }) => {
    if (done.response !== undefined) return { response: done.response, replayed: false }
    if (!present) throw new Error(`idempotent ${request.scope}: work gave no answer and there is no present()`)
    const response = await present(done.id, false)
    await db.update(idempotencyKeys).set({ response: { id: done.id, body: response } satisfies StoredResponse }).where(where)
    return { response, replayed: false }
  }
  const replay = async (row: typeof idempotencyKeys.$inferSelect): Promise<{ response: T; replayed: boolean }> => {
    if (row.requestHash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED')
    const stored = row.response as StoredResponse
    // the first request is still presenting its answer (or died after committing): present it now
    if (stored.body !== undefined) return { response: stored.body as T, replayed: true }
    if (!present) throw new Error(`idempotent ${request.scope}: no stored answer and there is no present()`)
    return { response: await present(Number(stored.id), true), replayed: true }
  }

  if (serializedByWork) {
    // The work runs first; a retry, or a racer with the same key, is held by the work's lock until
    // the first commits, then does the work again and meets the first's key row on the INSERT
    // (1062): the whole transaction rolls back and the answer is the stored one. A rule that
    // refuses a retry (the balance is spent now, by the first) is answered from the key the same way.
    let done: { id: number; response?: T }
    try {
      done = await withTransaction(db, async (tx) => {
        const result = await work(tx)
        await storeKey(tx, request, hash, result.response === undefined ? { id: result.id } : { id: result.id, body: result.response })
        return result
      })
    } catch (error) {
      const row = await findKey(db, request).catch(() => {
        throw error
      })
      if (row) return replay(row)
      // the key's first request is gone again (a WeChat order refused for good, forgotten meanwhile)
      throw error instanceof KeyTaken ? new AppError('IDEMPOTENCY_KEY_IN_PROGRESS') : error
    }
    return presented(done)
  }

  // No look-up first: the common case is a new key, and a retry meets the key row inside the
  // transaction (at once if it committed, after waiting if it is still running).
  try {
    const done = await withTransaction(db, async (tx) => {
      await takeKey(tx, { ...request, requestHash: hash })
      const result = await work(tx)
      const stored: StoredResponse = result.response === undefined ? { id: result.id } : { id: result.id, body: result.response }
      await tx.update(idempotencyKeys).set({ response: stored }).where(where)
      return result
    })
    return await presented(done)
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
    // The same key, committed earlier or by a racing request while we waited on its row.
    const row = await findKey(db, request)
    if (!row) throw error
    return replay(row)
  }
}

/** The key row's INSERT met a row with the same key (1062): another request holds or held it. */
class KeyTaken extends Error {}

/** Inserts the key row with its answer, as a prepared statement: one per payment. */
async function storeKey(tx: Tx, request: IdempotentRequest, requestHash: string, stored: StoredResponse): Promise<void> {
  try {
    await preparedWrite(tx, 'INSERT INTO idempotency_keys (user_id, scope, idem_key, request_hash, status, response) VALUES (?, ?, ?, ?, 201, ?)', [request.userId, request.scope, request.key, requestHash, JSON.stringify(stored)])
  } catch (error) {
    throw isDuplicateKey(error) ? new KeyTaken('idempotency key taken', { cause: error }) : error
  }
}

async function findKey(db: Db, request: Pick<IdempotentRequest, 'userId' | 'scope' | 'key'>) {
  const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, request.userId), eq(idempotencyKeys.scope, request.scope), eq(idempotencyKeys.key, request.key)))
  return row ?? null
}

/**
 * Inserts the key row: the first statement of the key's transaction. Requests racing with the same
 * key wait on the first one's row; when that one fails and rolls back, the waiters all go for the
 * row at once and MySQL kills all but one as deadlocked (or they time out behind a slow one). That
 * is "the same request is being handled", not a database outage: it must not be retried as a
 * deadlock (they would meet again) nor answered 503 (which makes clients retry into the same wall).
 */
async function takeKey(tx: Tx, row: Pick<IdempotentRequest, 'userId' | 'scope' | 'key'> & { requestHash: string }): Promise<void> {
  try {
    await tx.insert(idempotencyKeys).values({ userId: row.userId, scope: row.scope, key: row.key, requestHash: row.requestHash, status: 201, response: { id: 0 } })
  } catch (error) {
    if (isLockConflict(error)) throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS')
    throw error
  }
}

/** Forgets a key whose request left nothing behind (its work was undone), so a retry starts afresh. */
export async function forgetIdempotencyKey(tx: Tx, request: Pick<IdempotentRequest, 'userId' | 'scope' | 'key'>): Promise<void> {
  await tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, request.userId), eq(idempotencyKeys.scope, request.scope), eq(idempotencyKeys.key, request.key)))
}

/** Keys are kept at least 24 h; the cleanup job removes older ones. */
export async function purgeIdempotencyKeys(db: Db, olderThanHours = 48): Promise<void> {
  await db.delete(idempotencyKeys).where(sql`${idempotencyKeys.createdAt} < UTC_TIMESTAMP(3) - INTERVAL ${olderThanHours} HOUR`)
}
