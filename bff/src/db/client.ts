import { drizzle, type MySql2Database } from 'drizzle-orm/mysql2'
import mysql, { type Pool } from 'mysql2/promise'
import * as schema from './schema'

export type Db = MySql2Database<typeof schema>
/** A transaction handle: the service opens it and passes it to repo functions. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
export type DbOrTx = Db | Tx

export interface Database {
  db: Db
  pool: Pool
  close(): Promise<void>
}

export function connectDatabase(url: string, poolSize = 20): Database {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: poolSize,
    // Times are UTC in the database; mysql2 must not shift them to the machine's zone.
    timezone: 'Z',
    dateStrings: false,
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    enableKeepAlive: true,
    // mysql2 would capture a stack trace on every query (5% of a payment's CPU); errors keep their SQL.
    trace: false,
  })
  // Every session in UTC, so CURRENT_TIMESTAMP defaults agree with the UTC times we write.
  pool.on('connection', (conn) => {
    ;(conn as unknown as { query(sql: string): void }).query("SET time_zone = '+00:00'")
  })
  const db = drizzle(pool, { schema, mode: 'default' })
  return { db, pool, close: () => pool.end() }
}

/** Creates the database named in the URL if it is missing (utf8mb4: names are Chinese). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const parsed = new URL(url)
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`数据库名不合法: ${name}`)
  parsed.pathname = '/'
  const conn = await mysql.createConnection({ uri: parsed.toString() })
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  } finally {
    await conn.end()
  }
}

const DEADLOCK = 1213
const LOCK_WAIT_TIMEOUT = 1205

/**
 * Runs `work` in a transaction, retrying a bounded number of times when MySQL picks it as a
 * deadlock victim (the whole transaction was rolled back, so running it again is safe).
 */
export async function withTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work)
    } catch (error) {
      if (isLockConflict(error) && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10))
        continue
      }
      throw error
    }
  }
}

/** errno of a mysql2 error, also when drizzle wrapped it */
export function mysqlErrno(error: unknown): number | undefined {
  const e = error as { errno?: number; cause?: { errno?: number } }
  return e?.errno ?? e?.cause?.errno
}

export const isDuplicateKey = (error: unknown) => mysqlErrno(error) === 1062
/** A row other rows still refer to (a foreign key refused the DELETE). */
export const isStillReferenced = (error: unknown) => mysqlErrno(error) === 1451

/** The unique index a duplicate-key error names (`units_credit_code_unique`), or null. */
export function duplicateKeyName(error: unknown): string | null {
  if (!isDuplicateKey(error)) return null
  const e = error as { sqlMessage?: string; cause?: { sqlMessage?: string } }
  return /for key '(?:[\w]+\.)?([\w]+)'/.exec(e.sqlMessage ?? e.cause?.sqlMessage ?? '')?.[1] ?? ''
}
/** A deadlock (this transaction was rolled back) or a lock wait that timed out. */
export function isLockConflict(error: unknown): boolean {
  const errno = mysqlErrno(error)
  return errno === DEADLOCK || errno === LOCK_WAIT_TIMEOUT
}

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'ER_CONNECTION_KILLED', 'POOL_CLOSED'])
/** 1053 server shutdown, 1040 too many connections, 1927 connection killed, 2006/2013 server gone or lost, and locks still contended after our retries */
const UNAVAILABLE_ERRNOS = new Set([1053, 1040, 1927, 2006, 2013, DEADLOCK, LOCK_WAIT_TIMEOUT])

/**
 * True when the database could not answer (restarting, unreachable, overloaded): the request did
 * nothing we know of and may be retried — the client gets 503, not 500. A write whose COMMIT was
 * cut off may still have landed, which is why every money and booking write takes an
 * Idempotency-Key or is a conditional update.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: string; errno?: number; cause?: unknown; message?: string } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if ((e.code && UNAVAILABLE_CODES.has(e.code)) || (e.errno && UNAVAILABLE_ERRNOS.has(e.errno))) return true
    if (typeof e.message === 'string' && /Pool is closed|Can't add new command when connection is in closed state/.test(e.message)) return true
  }
  return false
}
