import { bigint, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core'

/**
 * Rate-limit counters shared by every BFF instance (rate-limiter-flexible's RateLimiterMySQL).
 * The library writes `INSERT INTO rate_limits VALUES (key, points, expire)` without naming
 * columns, so these three must stay in this order with these names. One row per limited key
 * (e.g. `login:203.0.113.7`); `expire` is epoch milliseconds; the library deletes rows an hour
 * past expiry.
 */
export const rateLimits = mysqlTable('rate_limits', {
  key: varchar('key', { length: 255 }).primaryKey(),
  points: int('points').notNull().default(0),
  expire: bigint('expire', { mode: 'number', unsigned: true }),
})
