// `pnpm db:seed`: the demo units and accounts (idempotent).
import { loadEnv } from '../../env'
import { PiiVault } from '../../lib/pii'
import { connectDatabase } from '../client'
import { seedDemo } from './demo'
import { seedMealDemo } from './meal-demo'

async function main() {
  const env = loadEnv()
  const database = connectDatabase(env.DATABASE_URL, 2)
  try {
    await seedDemo(database.db, new PiiVault(env.PII_KEY, env.PII_KEYS))
    await seedMealDemo(database.db)
    console.log('演示数据已就绪 (demo data seeded)')
  } finally {
    await database.close()
  }
}

main().catch((error) => {
  console.error('写入演示数据失败:', error instanceof Error ? error.message : error)
  process.exit(1)
})
