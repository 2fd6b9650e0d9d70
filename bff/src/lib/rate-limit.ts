import { getTableName } from 'drizzle-orm'
import { RateLimiterMySQL } from 'rate-limiter-flexible'
import type { Database } from '../db/client'
import { rateLimits } from '../db/schema'

/** The database the pool connects to (RateLimiterMySQL names its table as `db`.`table`). */
function databaseName(database: Database): string {
  const name = (database.pool.pool as unknown as { config: { connectionConfig: { database?: string } } }).config.connectionConfig.database
  if (!name) throw new Error('DATABASE_URL 必须包含数据库名')
  return name
}

/**
 * A counter per key in MySQL (`rate_limits`, created by our migration), `points` in a fixed window
 * of `durationSeconds`, so every BFF instance behind a load balancer shares one count. Once a key
 * is over the limit everywhere, this instance refuses it without a query until the window ends.
 */
export function mysqlLimiter(database: Database, keyPrefix: string, points: number, durationSeconds: number): RateLimiterMySQL {
  return new RateLimiterMySQL({
    // the library speaks mysql2's callback API: the pool under our promise pool
    storeClient: database.pool.pool,
    storeType: 'pool',
    dbName: databaseName(database),
    tableName: getTableName(rateLimits),
    // the table comes from our committed migration, never created at runtime
    tableCreated: true,
    keyPrefix,
    points,
    duration: durationSeconds,
    inMemoryBlockOnConsumed: points + 1,
  })
}

/** Whole seconds until a limited client may try again (the Retry-After header), at least 1. */
export const retryAfterSeconds = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000))
