// `pnpm bench`: the figures each issue asks for, printed as a table. Uses DATABASE_URL's server.
import { createHash } from 'node:crypto'
import mysql from 'mysql2/promise'
import { connectDatabase } from '../src/db/client'
import { checkLedger } from '../src/modules/ledger/ledger.check'
import { BENCH_SECONDS, CONNECTIONS, devLogin, loadHttp, loadRaw, prepareDatabase, printTable, startBff } from './harness'
import { benchBffPayments, benchRawPayments, preparePaymentBench } from './payments'

/** Issue 3 asks for 60 s of sustained payments. */
const PAY_SECONDS = Number(process.env.BENCH_PAY_SECONDS ?? 60)

async function main() {
  const databaseUrl = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/egj_bench'
  console.log(`e管家 bench: ${BENCH_SECONDS} s per run, ${CONNECTIONS} concurrent clients, database ${new URL(databaseUrl).host}`)
  await prepareDatabase(databaseUrl)
  const bff = await startBff(databaseUrl)
  try {
    const token = await devLogin(bff.url, 'zhangsan')
    const health = await loadHttp('BFF GET /healthz', { url: `${bff.url}/healthz` })
    const me = await loadHttp('BFF GET /api/v1/me (authenticated)', { url: `${bff.url}/api/v1/me`, headers: { authorization: `Bearer ${token}` } })

    // Baseline: the query behind /me (session → user, unit, roles), straight through mysql2.
    const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: CONNECTIONS })
    const tokenHash = createHash('sha256').update(token).digest('hex')
    const raw = await loadRaw('mysql2 direct: the /me query', pool, async (conn) => {
      const [rows] = await conn.execute(
        `SELECT s.id, u.id AS user_id, u.name, u.status, u.unit_id, un.name AS unit_name, GROUP_CONCAT(r.role) AS roles
         FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN units un ON un.id = u.unit_id LEFT JOIN user_roles r ON r.user_id = u.id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > UTC_TIMESTAMP(3) GROUP BY s.id`,
        [tokenHash],
      )
      if ((rows as unknown[]).length !== 1) throw new Error('session not found')
    })
    await pool.end()

    console.log()
    printTable([health, me, raw])
    console.log(`\nratio BFF /me ÷ raw mysql2: ${(me.requestsPerSecond / raw.requestsPerSecond).toFixed(2)} (throughput)`)

    // 公务餐: account payments, 32 diners paying at once, then the same transaction raw.
    const setup = await preparePaymentBench(databaseUrl, bff.url, CONNECTIONS)
    console.log(`\npayments: ${PAY_SECONDS} s through the BFF, ${CONNECTIONS} concurrent diners …`)
    const viaBff = await benchBffPayments(bff.url, setup, PAY_SECONDS)
    const direct = await benchRawPayments(databaseUrl, setup, Math.min(PAY_SECONDS, 20))
    const checkDb = connectDatabase(databaseUrl, 2)
    const violations = await checkLedger(checkDb.pool)
    await checkDb.close()
    console.log()
    printTable([viaBff, direct])
    console.log(`\nratio BFF payments ÷ raw mysql2: ${(viaBff.requestsPerSecond / direct.requestsPerSecond).toFixed(2)} (throughput)`)
    console.log(`ledger check after the run: ${violations.length ? `${violations.length} VIOLATIONS` : 'clean'}`)
    if (violations.length) process.exitCode = 1
  } finally {
    bff.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
