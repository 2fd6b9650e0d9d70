// `pnpm db:seed`: the demo units and accounts (idempotent).
import { loadEnv } from '../../env'
import { PiiVault } from '../../lib/pii'
import { connectDatabase } from '../client'
import { seedDemo } from './demo'
import { seedMealDemo } from './meal-demo'
import { seedVisitsDemo } from './visits-demo'
import { seedVehiclesDemo } from './vehicles-demo'
import { seedRoomsDemo } from './rooms-demo'
import { seedAssetsDemo } from './assets-demo'
import { seedTicketsDemo } from './tickets-demo'
import { seedCockpitDemo } from './cockpit-demo'

async function main() {
  const env = loadEnv()
  const database = connectDatabase(env.DATABASE_URL, 2)
  try {
    await seedDemo(database.db, new PiiVault(env.PII_KEY, env.PII_KEYS))
    await seedMealDemo(database.db)
    await seedVisitsDemo(database.db, new PiiVault(env.PII_KEY, env.PII_KEYS))
    await seedVehiclesDemo(database.db)
    await seedRoomsDemo(database.db)
    await seedAssetsDemo(database.db)
    await seedTicketsDemo(database.db, new PiiVault(env.PII_KEY, env.PII_KEYS))
    await seedCockpitDemo(database.db)
    console.log('演示数据已就绪 (demo data seeded)')
  } finally {
    await database.close()
  }
}

main().catch((error) => {
  console.error('写入演示数据失败:', error instanceof Error ? error.message : error)
  process.exit(1)
})
