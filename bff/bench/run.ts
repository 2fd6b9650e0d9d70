// `pnpm bench`: the figures each issue asks for, printed as a table. Uses DATABASE_URL's server.
import { createHash } from 'node:crypto'
import mysql from 'mysql2/promise'
import { BENCH_SECONDS, CONNECTIONS, devLogin, loadHttp, loadRaw, prepareDatabase, printTable, startBff } from './harness'

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
  } finally {
    bff.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
