import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import { parsePassContent, passContentAt } from '@egj/shared'
import { EnvSchema } from '../src/env'
import { CHECK_IN_SQL, GATE_VISIT_SQL, type GateVisitRow } from '../src/modules/visits/gate/gate.repo'
import { presentAllow } from '../src/modules/visits/gate/gate.presenter'
import { passCodeValid, passSecret, PassSecrets } from '../src/modules/visits/common/pass-code'
import { devLogin } from './harness'
import type { Scenario, WorkPool } from './pairs'

// POST /api/v1/gate/scan with valid passes, each request a different approved visit (so each is a
// real check-in: one indexed read, the code checked, one conditional write), on all three sides.

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

export async function prepareGateBench(databaseUrl: string, bffUrl: string, visitCount: number) {
  const env = EnvSchema.parse({ DATABASE_URL: databaseUrl })
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 4, timezone: 'Z' })
  const [hosts] = await pool.query("SELECT id, unit_id FROM users WHERE username = 'lisi'")
  const [guards] = await pool.query("SELECT id FROM users WHERE username = 'guard1'")
  const host = (hosts as { id: number; unit_id: number }[])[0]
  const visits = await insertApprovedVisits(pool, host.id, host.unit_id, visitCount)
  await pool.end()
  return {
    guardToken: await devLogin(bffUrl, 'guard1'),
    guardId: (guards as { id: number }[])[0].id,
    visits: visits.map((visit) => ({ id: visit.id, secret: passSecret(env.VISIT_PASS_SECRET, visit.id, visit.nonce) })),
  }
}
type GateBench = Awaited<ReturnType<typeof prepareGateBench>>

export interface ScanInput {
  token: string
  guardId: number
  /** the pass as the visitor's phone shows it at this moment */
  content: string
}

/**
 * Scans of valid passes: every request (any side) takes the next visit of one shared list, so each
 * is a first check-in. `tally` counts the BFF's 入园 answers and keeps the visits it was sent.
 */
export function gateScenario(setup: GateBench, tally: { allowed: number; sentToBff: number[]; exhausted: boolean }): Scenario<ScanInput> {
  let next = 0
  return {
    name: 'gate scans',
    route: 'POST /api/v1/gate/scan',
    input: () => {
      if (next >= setup.visits.length) tally.exhausted = true
      const visit = setup.visits[next++ % setup.visits.length]
      return { token: setup.guardToken, guardId: setup.guardId, content: passContentAt(visit.secret, visit.id, Date.now()) }
    },
    request: (input) => {
      tally.sentToBff.push(parsePassContent(input.content)!.visitId)
      return { path: '/api/v1/gate/scan', method: 'POST', headers: { authorization: `Bearer ${input.token}` }, body: JSON.stringify({ content: input.content }) }
    },
    accept: (status, body) => {
      const answer = status === 200 ? (JSON.parse(body) as { result: string; action?: string }) : null
      const ok = answer?.result === 'allow' && answer.action === 'check_in'
      if (ok) tally.allowed++
      return ok
    },
    work: { file: 'gate', name: 'scanWork', fn: scanWork },
  }
}

let secrets: PassSecrets | null = null

/** The BFF's scan: the visit's row (prepared), its code checked with the visit's secret, the conditional check-in, the BFF's answer. */
export async function scanWork(pool: WorkPool, input: ScanInput): Promise<unknown> {
  secrets ??= new PassSecrets(EnvSchema.parse({ DATABASE_URL: process.env.DATABASE_URL ?? 'mysql://bench' }).VISIT_PASS_SECRET)
  const pass = parsePassContent(input.content)
  if (!pass) throw new Error('not a pass')
  const [rows] = await pool.execute(GATE_VISIT_SQL, [pass.visitId])
  const visit = (rows as GateVisitRow[])[0]
  if (!visit?.passNonce || !passCodeValid(secrets.of(visit.id, visit.passNonce), pass, Date.now())) throw new Error('bad signature')
  const now = new Date()
  const [result] = await pool.execute(CHECK_IN_SQL, [now, input.guardId, visit.id])
  if ((result as { affectedRows: number }).affectedRows !== 1) throw new Error('not checked in')
  return presentAllow('check_in', { ...visit, companions: Number(visit.companions) })
}

/** How many of the visits sent to the BFF the database shows checked in (each at most once: a second scan would have changed nothing). */
export async function countCheckIns(databaseUrl: string, ids: number[]): Promise<number> {
  if (!ids.length) return 0
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 1 })
  let total = 0
  for (let i = 0; i < ids.length; i += 5000) {
    const [rows] = await pool.query("SELECT COUNT(*) AS n FROM visits WHERE id IN (?) AND status = 'checked_in'", [ids.slice(i, i + 5000)])
    total += Number((rows as { n: number }[])[0].n)
  }
  await pool.end()
  return total
}
