// The fair comparison every hot-path figure of `pnpm bench` is made of (issue 22).
//
// A scenario is one kind of request, run three ways that do EXACTLY the same database work:
//   BFF      — the real request through the BFF (its own process, compiled build, logging at info),
//              loaded by autocannon;
//   raw      — the scenario's `work` straight through mysql2, CONNECTIONS workers in this process
//              (no HTTP at all: the ceiling of the database itself);
//   node:http — the same `work` behind a bare node:http server in its own process
//              (`ceiling-server.ts`), loaded by autocannon like the BFF: the ceiling of any Node
//              HTTP service on this box.
// One `input(slot)` drives all three, so the same diner/visit/car is pinned to the same connection
// slot on every side, and one `work(pool, input)` serves raw and node:http, so they cannot drift.
// The pools are the BFF's own (`connectDatabase`): same options, no mysql2 stack capture.
//
// The sides run in rotating order for ROUNDS rounds (raw, BFF, node:http / BFF, node:http, raw / …);
// each round gives a ratio, and the median of the rounds is printed — the machine is shared and
// noisy, a ratio from neighbouring runs counts, a lone number does not. Each run also reports the
// statements per request the server saw (`Questions`), so a side doing less work shows at once.
//
// Adding a scenario: export `work` (and whatever it needs) from a file here, build a `Scenario`
// naming that file and export, and call `runScenario`. Items a request uses up (a visit checked
// in, a slot booked) come from one shared cursor in `input`, never reused by another side or round.
import { spawn } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import { connectDatabase } from '../src/db/client'
import { CONNECTIONS, freePort, type Figures } from './harness'

export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

/** What a scenario's `work` gets: the same pool options the BFF uses. */
export type WorkPool = mysql.Pool

export interface Scenario<Input> {
  /** as printed: `ratio BFF <name> ÷ raw mysql2: <x>` */
  name: string
  /** the BFF request, e.g. 'POST /api/v1/meal/payments' (printed) */
  route: string
  /** the next input for the connection in `slot` (0 … CONNECTIONS-1) */
  input(slot: number): Input
  /** the BFF request for that input */
  request(input: Input): { path: string; method?: 'GET' | 'POST' | 'PUT' | 'PATCH'; headers?: Record<string, string>; body?: string }
  /** true when the BFF's answer is the one expected (anything else counts as an error) */
  accept?(status: number, body: string): boolean
  /** where `work` lives, for the node:http server: file in bff/bench (no extension) and export name */
  work: { file: string; name: string; fn: (pool: WorkPool, input: Input) => Promise<unknown> }
  /** seconds per run (default BENCH_SECONDS) */
  seconds?: number
}

export interface PairResult {
  name: string
  bff: Figures
  raw: Figures
  ceiling: Figures
  /** medians over the rounds of BFF ÷ raw and BFF ÷ node:http */
  ratioRaw: number
  ratioCeiling: number
}

/** A scenario's transaction on one pooled connection, as drizzle runs the BFF's: begin, work, commit (rollback on a throw). */
export async function inTransaction<T>(pool: WorkPool, work: (conn: mysql.PoolConnection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection()
  try {
    await conn.beginTransaction()
    const result = await work(conn)
    await conn.commit()
    return result
  } catch (error) {
    await conn.rollback()
    throw error
  } finally {
    conn.release()
  }
}

/** The node:http ceiling server, in its own process like the BFF. */
export async function startCeiling(databaseUrl: string): Promise<{ url: string; stop: () => void }> {
  const port = await freePort()
  const child = spawn(path.resolve(__dirname, '../../node_modules/.bin/tsx'), [path.resolve(__dirname, 'ceiling-server.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), POOL_SIZE: String(CONNECTIONS) },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  // a bench that dies (an exception inside autocannon) must not leave it running: its pool of 32
  // connections would push the next run's sides over MariaDB's max_connections. SIGTERM, which
  // the tsx wrapper passes on to the node process it started (a SIGKILL would orphan that one).
  process.once('exit', () => child.kill('SIGTERM'))
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop: () => child.kill('SIGTERM') }
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error('ceiling server did not start')
}

/** Statements the server has been sent so far (all clients; the bench runs alone). */
async function questions(pool: mysql.Pool): Promise<number> {
  const [rows] = await pool.query("SHOW GLOBAL STATUS LIKE 'Questions'")
  return Number((rows as { Value: string }[])[0].Value)
}

function percentile(sorted: number[], q: number): number {
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

interface Run extends Figures {
  requests: number
  statementsPerRequest: number
}

async function autocannonRun<Input>(scenario: Scenario<Input>, name: string, url: string, toRequest: (input: Input) => { path: string; method?: string; headers?: Record<string, string>; body?: string }, accept: (status: number, body: string) => boolean, seconds: number): Promise<Omit<Run, 'statementsPerRequest'>> {
  let nextSlot = 0
  let refused = 0
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (request: autocannon.Request, connection: object) => {
          const context = connection as { slot?: number }
          context.slot ??= nextSlot++
          const { path: requestPath, method, headers, body } = toRequest(scenario.input(context.slot))
          return { ...request, path: requestPath, method: (method ?? 'GET') as autocannon.Request['method'], headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body }
        },
        onResponse: (status: number, body: string) => {
          if (!accept(status, body)) {
            if (refused++ < 3) console.log(`  ${name}: unexpected answer ${status} ${body.slice(0, 200)}`)
          }
        },
      },
    ],
  })
  return {
    name,
    // answered requests over the run's length (autocannon's per-second average can be 0 on a short run)
    requestsPerSecond: Math.round(result.requests.total / (result.duration || seconds)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + refused,
    requests: result.requests.total,
  }
}

async function rawRun<Input>(scenario: Scenario<Input>, pool: WorkPool, seconds: number): Promise<Omit<Run, 'statementsPerRequest'>> {
  const latencies: number[] = []
  let errors = 0
  const deadline = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_v, slot) => {
      while (performance.now() < deadline) {
        const started = performance.now()
        try {
          await scenario.work.fn(pool, scenario.input(slot))
          latencies.push(performance.now() - started)
        } catch (error) {
          if (errors++ < 3) console.log(`  raw ${scenario.name}: ${(error as Error).message}`)
        }
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return { name: `mysql2 direct`, requestsPerSecond: Math.round(latencies.length / seconds), p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors, requests: latencies.length + errors }
}

/** Runs the three sides of `scenario` for ROUNDS rounds in rotating order and prints the medians and both ratios. */
export async function runScenario<Input>(scenario: Scenario<Input>, sides: { databaseUrl: string; bffUrl: string; ceilingUrl: string }): Promise<PairResult> {
  const seconds = scenario.seconds ?? Number(process.env.BENCH_SECONDS ?? 10)
  const database = connectDatabase(sides.databaseUrl, CONNECTIONS)
  const okStatus = (status: number) => status >= 200 && status < 300
  const runs: Record<'bff' | 'raw' | 'ceiling', Run[]> = { bff: [], raw: [], ceiling: [] }
  const order = ['raw', 'bff', 'ceiling'] as const
  console.log(`\n${scenario.name}: ${ROUNDS} rounds × (raw mysql2, BFF ${scenario.route}, node:http) × ${seconds} s, ${CONNECTIONS} connections …`)
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < order.length; k++) {
        const side = order[(round + k) % order.length]
        const before = await questions(database.pool)
        const run =
          side === 'raw'
            ? await rawRun(scenario, database.pool, seconds)
            : side === 'bff'
              ? await autocannonRun(scenario, `BFF ${scenario.route}`, sides.bffUrl, (input) => scenario.request(input), scenario.accept ?? okStatus, seconds)
              : await autocannonRun(scenario, 'node:http + mysql2', sides.ceilingUrl, (input) => ({ path: `/${scenario.work.file}/${scenario.work.name}`, method: 'POST', body: JSON.stringify(input) }), okStatus, seconds)
        const statements = (await questions(database.pool)) - before - 1
        runs[side].push({ ...run, statementsPerRequest: run.requests ? statements / run.requests : 0 })
      }
    }
  } finally {
    await database.close()
  }
  const summary = (list: Run[]): Run => ({
    name: list[0].name,
    requestsPerSecond: median(list.map((r) => r.requestsPerSecond)),
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
    errors: list.reduce((sum, r) => sum + r.errors, 0),
    requests: list.reduce((sum, r) => sum + r.requests, 0),
    statementsPerRequest: median(list.map((r) => r.statementsPerRequest)),
  })
  const result: PairResult = {
    name: scenario.name,
    bff: summary(runs.bff),
    raw: summary(runs.raw),
    ceiling: summary(runs.ceiling),
    ratioRaw: median(runs.bff.map((r, i) => r.requestsPerSecond / runs.raw[i].requestsPerSecond)),
    ratioCeiling: median(runs.bff.map((r, i) => r.requestsPerSecond / runs.ceiling[i].requestsPerSecond)),
  }
  printPair(result)
  return result
}

function printPair(result: PairResult): void {
  const line = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(52) : cell.padStart(10))).join(''))
  line(['', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'stmts/req'])
  for (const row of [result.bff, result.raw, result.ceiling] as Run[]) line([row.name, String(Math.round(row.requestsPerSecond)), String(row.p50), String(row.p99), String(row.errors), row.statementsPerRequest.toFixed(1)])
  console.log(`ratio BFF ${result.name} ÷ raw mysql2: ${result.ratioRaw.toFixed(2)} (median of ${ROUNDS} rounds; target ≥ 0.5, aim 0.7)`)
  console.log(`ratio BFF ${result.name} ÷ node:http: ${result.ratioCeiling.toFixed(2)} (median of ${ROUNDS} rounds; target ≥ 0.8)`)
}

/** Both ratio targets of issue 22 (≥ 0.5 of raw, ≥ 0.8 of node:http) and no errors on any side. */
export function pairMet(result: PairResult): boolean {
  return result.ratioRaw >= 0.5 && result.ratioCeiling >= 0.8 && !result.bff.errors && !result.raw.errors && !result.ceiling.errors
}
