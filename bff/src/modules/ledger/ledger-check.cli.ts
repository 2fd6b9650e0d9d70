// `pnpm ledger:check`: verifies the ledger on the configured database; exits 1 on any violation.
import { connectDatabase } from '../../db/client'
import { loadEnv } from '../../env'
import { checkLedger } from './ledger.check'

async function main() {
  const env = loadEnv()
  const database = connectDatabase(env.DATABASE_URL, 2)
  try {
    const violations = await checkLedger(database.pool)
    if (!violations.length) {
      console.log('账务检查通过 (ledger check clean)')
      return
    }
    for (const violation of violations.slice(0, 50)) console.error(`✗ ${violation.rule}: ${violation.message ?? JSON.stringify(violation.detail)}`)
    console.error(`账务检查发现 ${violations.length} 处问题 (ledger violations)`)
    process.exitCode = 1
  } finally {
    await database.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
