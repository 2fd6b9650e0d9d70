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
      const errno = mysqlErrno(error)
      if ((errno === DEADLOCK || errno === LOCK_WAIT_TIMEOUT) && attempt < attempts) {
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
