import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import { passContentAt } from '@egj/shared'
import { EnvSchema } from '../src/env'
import { CHECK_IN_SQL, GATE_VISIT_SQL } from '../src/modules/visits/gate/gate.repo'
import { passSecret } from '../src/modules/visits/common/pass-code'
import { CONNECTIONS, devLogin, loadRaw, type Figures } from './harness'

// Issue 8: POST /api/v1/gate/scan verifying valid passes, each request a different approved visit
// (so each is a real check-in: one indexed read, one conditional write), beside the same read and
// write straight through mysql2.

export interface GateBench {
  guardToken: string
  guardId: number
  /** for the BFF run: visit ids and their pass secrets */
  viaBff: { id: number; secret: string }[]
  /** for the mysql2 runs: visit ids */
  direct: number[]
  directNotify: number[]
  hostId: number
}

/** Approved visits with an open window and a nonce, inserted directly, `count` at a time in batches. */
async function insertApprovedVisits(pool: mysql.Pool, hostId: number, unitId: number, count: number): Promise<{ id: number; nonce: string }[]> {
  const out: { id: number; nonce: string }[] = []
  const startAt = new Date(Date.now() - 3600_000)
  const endAt = new Date(Date.now() + 8 * 3600_000)
  for (let done = 0; done < count; done += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - done) }, () => ({ nonce: randomBytes(16).toString('hex'), hash: randomBytes(32).toString('hex') }))
    const [result] = await pool.query(
      'INSERT INTO visits (status, source, visitor_name, id_type, id_number_hash, id_number_masked, purpose, host_user_id, host_unit_id, start_at, end_at, pass_nonce) VALUES ?',
      [rows.map((row) => ['approved', 'self', '压测访客', 'id_card', row.hash, '330***********1234', '压测', hostId, unitId, startAt, endAt, row.nonce])],
    )
    // one multi-row INSERT gets consecutive ids from insertId (innodb_autoinc_lock_mode 1 or 2 with a single statement)
    const first = (result as { insertId: number }).insertId
    rows.forEach((row, i) => out.push({ id: first + i, nonce: row.nonce }))
  }
  return out
}

export async function prepareGateBench(databaseUrl: string, bffUrl: string, seconds: number): Promise<GateBench> {
  const env = EnvSchema.parse({ DATABASE_URL: databaseUrl })
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 4, timezone: 'Z' })
  const [hosts] = await pool.query("SELECT id, unit_id FROM users WHERE username = 'lisi'")
  const [guards] = await pool.query("SELECT id FROM users WHERE username = 'guard1'")
  const host = (hosts as { id: number; unit_id: number }[])[0]
  // more visits than either run can use at the rates seen here, so every scan is a first check-in
  const viaBff = await insertApprovedVisits(pool, host.id, host.unit_id, Math.max(5000, seconds * 4000))
  const direct = await insertApprovedVisits(pool, host.id, host.unit_id, Math.max(10000, seconds * 8000))
  const directNotify = await insertApprovedVisits(pool, host.id, host.unit_id, Math.max(5000, seconds * 4000))
  await pool.end()
  return {
    guardToken: await devLogin(bffUrl, 'guard1'),
    guardId: (guards as { id: number }[])[0].id,
    viaBff: viaBff.map((visit) => ({ id: visit.id, secret: passSecret(env.VISIT_PASS_SECRET, visit.id, visit.nonce) })),
    direct: direct.map((visit) => visit.id),
    directNotify: directNotify.map((visit) => visit.id),
    hostId: host.id,
  }
}

/** Scans through the BFF: each request the pass content of the next visit, computed as the phone would at that moment. */
export async function benchBffScans(url: string, setup: GateBench, seconds: number): Promise<Figures & { allowed: number; exhausted: boolean }> {
  let next = 0
  let allowed = 0
  const refused: Record<string, number> = {}
  const result = await autocannon({
    url: `${url}/api/v1/gate/scan`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (request: autocannon.Request) => {
          const visit = setup.viaBff[next++ % setup.viaBff.length]
          return { ...request, headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.guardToken}` }, body: JSON.stringify({ content: passContentAt(visit.secret, visit.id, Date.now()) }) }
        },
        onResponse: (status: number, body: string) => {
          const answer = status === 200 ? (JSON.parse(body) as { result: string; action?: string; reason?: string }) : null
          if (answer?.result === 'allow' && answer.action === 'check_in') allowed++
          else refused[answer?.reason ?? String(status)] = (refused[answer?.reason ?? String(status)] ?? 0) + 1
        },
      },
    ],
  })
  if (result.non2xx || result.errors || result.timeouts || Object.keys(refused).length) console.log('gate scan bench: not a fresh check-in:', { refused, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts })
  return {
    name: 'BFF POST /api/v1/gate/scan (valid pass, check-in)',
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + Object.values(refused).reduce((a, b) => a + b, 0),
    allowed,
    exhausted: next > setup.viaBff.length,
  }
}

/** The same one read and one conditional UPDATE (the repo's own SQL), straight through mysql2. */
export async function benchRawScans(databaseUrl: string, setup: GateBench, seconds: number): Promise<Figures> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: CONNECTIONS, timezone: 'Z' })
  const figures = await loadRaw(
    'mysql2 direct: the same SELECT + conditional UPDATE',
    pool,
    async (p, i) => {
      const id = setup.direct[i]
      if (id === undefined) throw new Error('out of visits')
      const [rows] = await p.execute(GATE_VISIT_SQL, [id])
      if ((rows as unknown[]).length !== 1) throw new Error('visit not found')
      const [result] = await p.execute(CHECK_IN_SQL, [new Date(), setup.guardId, id])
      if ((result as { affectedRows: number }).affectedRows !== 1) throw new Error('not checked in')
    },
    seconds,
  )
  await pool.end()
  return figures
}

/** How many of the BFF run's visits the database shows checked in (each at most once: a second scan would have changed nothing). */
export async function countCheckIns(databaseUrl: string, setup: GateBench): Promise<number> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 1 })
  const ids = setup.viaBff.map((visit) => visit.id)
  const [rows] = await pool.query("SELECT COUNT(*) AS n FROM visits WHERE id BETWEEN ? AND ? AND status = 'checked_in'", [Math.min(...ids), Math.max(...ids)])
  await pool.end()
  return Number((rows as { n: number }[])[0].n)
}
