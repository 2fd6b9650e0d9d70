// `pnpm db:migrate`: creates the database if needed and applies the committed migrations.
import { loadEnv } from '../env'
import { connectDatabase, ensureDatabaseExists } from './client'
import { runMigrations } from './migrations'

async function main() {
  const env = loadEnv()
  await ensureDatabaseExists(env.DATABASE_URL)
  const database = connectDatabase(env.DATABASE_URL, 2)
  try {
    await runMigrations(database)
    console.log('数据库迁移完成 (migrations applied)')
  } finally {
    await database.close()
  }
}

main().catch((error) => {
  console.error('数据库迁移失败:', error instanceof Error ? error.message : error)
  process.exit(1)
})
