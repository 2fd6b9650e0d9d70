import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import { connectDatabase, ensureDatabaseExists } from '../src/db/client'
import { runMigrations } from '../src/db/migrations'
import { seedDemo } from '../src/db/seed/demo'
import { EnvSchema } from '../src/env'
import { PiiVault } from '../src/lib/pii'

export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
/** where the bench's BFF writes its request log */
export const BFF_LOG = path.join(os.tmpdir(), 'egj-bench-bff.log')
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32)

export interface Figures {
  name: string
  requestsPerSecond: number
  p50: number
  p99: number
  errors: number
}

/** A fresh, migrated, seeded bench database. */
export async function prepareDatabase(url: string): Promise<void> {
  const parsed = new URL(url)
  const admin = await mysql.createConnection({ uri: `${parsed.protocol}//${parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : ''}${parsed.host}/` })
  await admin.query(`DROP DATABASE IF EXISTS \`${parsed.pathname.slice(1)}\``)
  await admin.end()
  await ensureDatabaseExists(url)
  const database = connectDatabase(url, 2)
  await runMigrations(database)
  await seedDemo(database.db, new PiiVault(EnvSchema.parse({ DATABASE_URL: url }).PII_KEY))
  await database.close()
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** The BFF in its own process, as in production, so the load generator does not share its CPU time. */
export async function startBff(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<{ url: string; stop: () => void; child: ChildProcess }> {
  const port = await freePort()
  // the compiled build, as production runs it (scripts/bench.mjs builds it first)
  const child = spawn(process.execPath, ['--enable-source-maps', path.resolve(__dirname, '../dist/main.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', DEV_LOGIN: 'true', LOG_LEVEL: 'info', JOBS_ENABLED: 'false', DATABASE_POOL_SIZE: '32', LOGIN_RATE_LIMIT_PER_MINUTE: '100000', ...extraEnv },
    // logging at info as production does, to a file as production's collector would take it
    stdio: ['ignore', fs.openSync(BFF_LOG, 'a'), 'inherit'],
  })
  // a bench that dies (an exception inside autocannon) must not leave it running: its pool of 32
  // connections would push the next run's sides over MariaDB's max_connections
  process.once('exit', () => child.kill('SIGKILL'))
  const url = `http://127.0.0.1:${port}`
  // up to 60 s: on a busy 2-core box (a build beside it) tsx and the migrations check took over 20 s
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, stop: () => child.kill('SIGTERM') }
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  child.kill('SIGKILL')
  throw new Error('BFF did not start')
}

export async function devLogin(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) })
  if (!response.ok) throw new Error(`dev-login ${username}: ${response.status}`)
  return ((await response.json()) as { token: string }).token
}

/** autocannon against one endpoint for BENCH_SECONDS with CONNECTIONS concurrent clients. */
export async function loadHttp(name: string, options: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ connections: CONNECTIONS, duration: BENCH_SECONDS, ...options })
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  }
}

/** The same work straight through mysql2: CONNECTIONS workers in a loop for BENCH_SECONDS. */
export async function loadRaw(name: string, pool: mysql.Pool, work: (conn: mysql.Pool, i: number) => Promise<void>, seconds = BENCH_SECONDS): Promise<Figures> {
  const latencies: number[] = []
  let errors = 0
  const deadline = performance.now() + seconds * 1000
  let counter = 0
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now()
        try {
          await work(pool, counter++)
          latencies.push(performance.now() - started)
        } catch {
          errors++
        }
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0)
  return { name, requestsPerSecond: Math.round(latencies.length / seconds), p50: at(0.5), p99: at(0.99), errors }
}

export function printTable(rows: Figures[]): void {
  const line = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(44) : cell.padStart(10))).join(''))
  line(['', 'req/s', 'p50 ms', 'p99 ms', 'errors'])
  for (const row of rows) line([row.name, String(Math.round(row.requestsPerSecond)), String(row.p50), String(row.p99), String(row.errors)])
}
