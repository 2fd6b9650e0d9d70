import mysql from 'mysql2/promise'
import { connectDatabase } from '../src/db/client'
import { runMigrations } from '../src/db/migrations'
import { seedDemo } from '../src/db/seed/demo'
import { seedMealDemo } from '../src/db/seed/meal-demo'
import { seedRoomsDemo } from '../src/db/seed/rooms-demo'
import { PiiVault } from '../src/lib/pii'
import { EnvSchema } from '../src/env'
import { TEST_SERVER_URL, testDatabaseUrl } from './databases'

/** Fresh databases for every worker, migrated once and seeded with the demo accounts. */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  if ((globalThis as { __egjDatabasesReady?: boolean }).__egjDatabasesReady) return
  const server = new URL(TEST_SERVER_URL)
  server.pathname = '/'
  const admin = await mysql.createConnection({ uri: server.toString() })
  const pii = new PiiVault(EnvSchema.parse({ DATABASE_URL: TEST_SERVER_URL }).PII_KEY)
  try {
    for (let worker = 1; worker <= Math.max(1, globalConfig.maxWorkers); worker++) {
      const name = new URL(testDatabaseUrl(worker)).pathname.slice(1)
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``)
      await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
      const database = connectDatabase(testDatabaseUrl(worker), 2)
      await runMigrations(database)
      await seedDemo(database.db, pii)
      await seedMealDemo(database.db)
      await seedRoomsDemo(database.db)
      await database.close()
    }
  } finally {
    await admin.end()
  }
  ;(globalThis as { __egjDatabasesReady?: boolean }).__egjDatabasesReady = true
}
