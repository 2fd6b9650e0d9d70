import type { ResultSetHeader } from 'mysql2'
import type { DbOrTx } from './client'

/**
 * Hot statements as server-prepared statements (mysql2 `execute`): drizzle sends every query as
 * text with the values escaped into it, so MySQL parses and plans it again each time. These run on
 * the handle's own connection — inside a transaction, the transaction's — and take the SQL once,
 * written out, with `?` placeholders. Values must be null, never undefined (mysql2 refuses it).
 * Use them only where `pnpm bench` shows the statement is on a hot path; drizzle everywhere else.
 */
interface Executor {
  execute(sql: string, values: unknown[]): Promise<[unknown, unknown]>
}

function executorOf(handle: DbOrTx): Executor {
  // drizzle's mysql2 session keeps the pool (db) or the transaction's pooled connection (tx) as `client`
  return (handle as unknown as { session: { client: Executor } }).session.client
}

/** Rows of a prepared SELECT, with the column names as MySQL returns them (alias them in the SQL). */
export async function preparedRows<T>(handle: DbOrTx, sql: string, values: unknown[] = []): Promise<T[]> {
  const [rows] = await executorOf(handle).execute(sql, values)
  return rows as T[]
}

/** A prepared INSERT / UPDATE / DELETE: its affected rows and insert id. */
export async function preparedWrite(handle: DbOrTx, sql: string, values: unknown[] = []): Promise<ResultSetHeader> {
  const [result] = await executorOf(handle).execute(sql, values)
  return result as ResultSetHeader
}
