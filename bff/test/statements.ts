import path from 'node:path'

// mysql2's connection class (not exported): every statement of every pool, text (`query`) or prepared (`execute`), passes through one of these two
const BaseConnection = require(path.join(path.dirname(require.resolve('mysql2')), 'lib/base/connection.js')) as { prototype: Record<'query' | 'execute', (this: unknown, sql: unknown, ...rest: unknown[]) => unknown> }

const sqlOf = (sql: unknown) => (typeof sql === 'string' ? sql : String((sql as { sql?: string }).sql ?? sql))

/**
 * The statements this process sends to MySQL while `work` runs, in order (a round trip each).
 * Only for a test that runs nothing else at the same time: the app runs in the test's process,
 * so its statements are counted, and so would be any other test's.
 */
export async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = []
  const original = { query: BaseConnection.prototype.query, execute: BaseConnection.prototype.execute }
  for (const method of ['query', 'execute'] as const) {
    BaseConnection.prototype[method] = function (this: unknown, sql: unknown, ...rest: unknown[]) {
      statements.push(sqlOf(sql))
      return original[method].call(this, sql, ...rest)
    }
  }
  try {
    return { result: await work(), statements }
  } finally {
    BaseConnection.prototype.query = original.query
    BaseConnection.prototype.execute = original.execute
  }
}

/**
 * Without what no request asks for: the session cache's look for logouts elsewhere (auth.service
 * `catchUpOnLogouts`: one look per poll interval for all requests together, sent by whichever
 * request comes first), and the pool's set-up of a connection it had to open (db/client: a loaded
 * machine had every idle one busy or timed out, and the first statement on a new one is its
 * `SET time_zone`).
 */
export const withoutLogoutPoll = (statements: string[]) => statements.filter((sql) => !/`revoked_at` >= |`access_changed_at` >= |^SET time_zone = /.test(sql))
