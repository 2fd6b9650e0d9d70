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

const builtQueries = new WeakMap<object, Map<string, unknown>>()

/**
 * A drizzle query built once per handle and kept: for a hot read whose rows drizzle shapes (joins of
 * whole tables, aliased people), where building the SQL each time costs more than running it — the
 * request view after a dispatch spent ~0.6 ms of CPU per request in drizzle's select builder. Values
 * go in as `sql.placeholder(name)`. A transaction's handle lives for that transaction only (its
 * entries go with it), so inside one this saves nothing; the pool's handle keeps its queries.
 */
export function builtOnce<Query>(handle: DbOrTx, name: string, build: (handle: DbOrTx) => Query): Query {
  let queries = builtQueries.get(handle)
  if (!queries) builtQueries.set(handle, (queries = new Map()))
  let query = queries.get(name) as Query | undefined
  if (!query) queries.set(name, (query = build(handle)))
  return query
}
