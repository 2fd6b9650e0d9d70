import dayjs from 'dayjs'
import { drizzle } from 'drizzle-orm/mysql2'
import mysql from 'mysql2/promise'
import { INDICATORS, shanghaiDate, type IndicatorKey } from '@egj/shared'
import { connectDatabase, ensureDatabaseExists, type Db } from '../src/db/client'
import { runMigrations } from '../src/db/migrations'
import * as schema from '../src/db/schema'
import { seedDemo } from '../src/db/seed/demo'
import { EnvSchema } from '../src/env'
import type { AuthUser } from '../src/lib/auth'
import { PiiVault } from '../src/lib/pii'
import * as repo from '../src/modules/cockpit/common/cockpit.repo'
import { countByUnit } from '../src/modules/cockpit/common/figures.repo'
import { CockpitReadService } from '../src/modules/cockpit/read/read.service'
import { CockpitRefreshService, windowOf } from '../src/modules/cockpit/refresh/refresh.service'
import { HISTORY_DAYS, seedCockpitYear, type SeedVolumes } from './cockpit-seed'
import { CONNECTIONS, devLogin, loadHttp, loadRaw, printTable, startBff, type Figures } from './harness'

// Issue 20: GET /api/v1/cockpit and the 30-day trends, p99 ≤ 50 ms under 32 clients, on a year of a
// province-sized city, each beside the same SELECTs straight through mysql2 (`execute`). The year
// lives in its own database (<bench db>_cockpit), seeded once: a marker row says so, and a second
// run reuses it (BENCH_COCKPIT_RESEED=1 seeds it again).

const TARGET_P99_MS = 50
const TREND_KEYS: IndicatorKey[] = ['meal_amount', 'visits_inside', 'car_km_today']
const UNIT_TREND_KEY: IndicatorKey = 'meal_payments'
const REFRESH_RUNS = 7
const noSupervision = { openOnRed: async () => {} }

interface Marker {
  seeded_on: string
  seed_seconds: number
  backfill_seconds: number | null
  backfill_days: number | null
  volumes: SeedVolumes
}

export function cockpitDatabaseUrl(benchUrl: string): string {
  const url = new URL(benchUrl)
  url.pathname = `${url.pathname.replace(/^\//, '')}_cockpit`
  return url.toString()
}

async function readMarker(pool: mysql.Pool): Promise<Marker | null> {
  try {
    const [rows] = await pool.query('SELECT seeded_on, seed_seconds, backfill_seconds, backfill_days, volumes FROM bench_cockpit_seed WHERE id = 1')
    const row = (rows as (Omit<Marker, 'volumes'> & { volumes: string | SeedVolumes })[])[0]
    if (!row) return null
    return { ...row, volumes: typeof row.volumes === 'string' ? (JSON.parse(row.volumes) as SeedVolumes) : row.volumes }
  } catch {
    return null
  }
}

/** The year's database: created, migrated (a reused one too: new migrations apply), seeded once, counted into cockpit_daily. */
export async function prepareCockpitDatabase(url: string): Promise<Marker> {
  // no marker (never seeded, or a seed that stopped half-way): start from an empty database
  const probe = mysql.createPool({ uri: url, connectionLimit: 1 })
  const seeded = (await readMarker(probe)) !== null
  if (!seeded || process.env.BENCH_COCKPIT_RESEED === '1') await probe.query(`DROP DATABASE IF EXISTS \`${new URL(url).pathname.slice(1)}\``).catch(() => undefined)
  await probe.end()
  await ensureDatabaseExists(url)
  const database = connectDatabase(url, 4)
  try {
    await runMigrations(database)
    let marker = await readMarker(database.pool)
    const today = shanghaiDate(new Date())
    if (marker) {
      console.log(`cockpit: reusing the year seeded on ${marker.seeded_on} in ${marker.seed_seconds} s (BENCH_COCKPIT_RESEED=1 seeds it again)`)
    } else {
      console.log(`cockpit: seeding a year of a province-sized city into ${new URL(url).pathname.slice(1)} (once) …`)
      const started = performance.now()
      await seedDemo(database.db, new PiiVault(EnvSchema.parse({ DATABASE_URL: url }).PII_KEY))
      const volumes = await seedCockpitYear(url)
      const seedSeconds = Math.round((performance.now() - started) / 100) / 10
      await database.pool.query('CREATE TABLE IF NOT EXISTS bench_cockpit_seed (id INT PRIMARY KEY, seeded_on CHAR(10) NOT NULL, seed_seconds DECIMAL(8,1) NOT NULL, backfill_seconds DECIMAL(8,1), backfill_days INT, volumes JSON NOT NULL)')
      await database.pool.query('INSERT INTO bench_cockpit_seed (id, seeded_on, seed_seconds, volumes) VALUES (1, ?, ?, ?)', [today, seedSeconds, JSON.stringify(volumes)])
      marker = { seeded_on: today, seed_seconds: seedSeconds, backfill_seconds: null, backfill_days: null, volumes }
    }
    // every day of the year counted (the demo seed counted 29 days before the year was there: all again after a seed)
    const refresh = new CockpitRefreshService({ db: database.db, supervision: noSupervision })
    const from = dayjs(today).subtract(HISTORY_DAYS, 'day').format('YYYY-MM-DD')
    if (marker.backfill_seconds === null) {
      console.log(`cockpit: counting ${HISTORY_DAYS + 1} days into cockpit_daily (CockpitRefreshService.backfill) …`)
      const started = performance.now()
      await refresh.backfill(from, today)
      const seconds = Math.round((performance.now() - started) / 100) / 10
      await database.pool.query('UPDATE bench_cockpit_seed SET backfill_seconds = ?, backfill_days = ? WHERE id = 1', [seconds, HISTORY_DAYS + 1])
      marker = { ...marker, backfill_seconds: seconds, backfill_days: HISTORY_DAYS + 1 }
    } else {
      // a later run: the days since, if any (today is recounted below anyway)
      const counted = await repo.countedDays(database.db, from, today)
      for (let day = dayjs(from); !day.isAfter(dayjs(today)); day = day.add(1, 'day')) {
        if (!counted.has(day.format('YYYY-MM-DD'))) await refresh.backfill(day.format('YYYY-MM-DD'), day.format('YYYY-MM-DD'))
      }
    }
    return marker
  } finally {
    await database.close()
  }
}

/** Times refreshDay(today) (the every-minute job) and each indicator's one query on today's window. */
async function measureRefresh(url: string): Promise<{ p50: number; max: number; perIndicator: { key: string; ms: number }[] }> {
  const database = connectDatabase(url, 4)
  try {
    const refresh = new CockpitRefreshService({ db: database.db, supervision: noSupervision })
    const today = shanghaiDate(new Date())
    await refresh.refreshDay(today)
    const runs: number[] = []
    for (let i = 0; i < REFRESH_RUNS; i++) {
      const started = performance.now()
      await refresh.refreshDay(today)
      runs.push(performance.now() - started)
    }
    runs.sort((a, b) => a - b)
    const w = windowOf(today, new Date())
    const perIndicator: { key: string; ms: number }[] = []
    for (const indicator of INDICATORS) {
      const started = performance.now()
      await countByUnit(database.db, indicator.key, w)
      perIndicator.push({ key: indicator.key, ms: Math.round((performance.now() - started) * 10) / 10 })
    }
    return { p50: Math.round(runs[Math.floor(runs.length / 2)]), max: Math.round(runs[runs.length - 1]), perIndicator: perIndicator.sort((a, b) => b.ms - a.ms) }
  } finally {
    await database.close()
  }
}

interface Captured {
  sql: string
  params: unknown[]
}

/**
 * The SELECTs the BFF runs, as drizzle writes them: a repo call made on a drizzle whose logger
 * keeps each query and its parameters (the raw side then sends exactly these with `execute`).
 */
function capturingDb(pool: mysql.Pool): { db: Db; capture: (work: (db: Db) => Promise<unknown>) => Promise<Captured[]> } {
  let sink: Captured[] = []
  const db = drizzle(pool, { schema, mode: 'default', logger: { logQuery: (sql, params) => void sink.push({ sql, params }) } }) as unknown as Db
  return {
    db,
    capture: async (work) => {
      sink = []
      await work(db)
      const out = sink
      sink = []
      return out
    },
  }
}

/** A request's queries in the phases the service runs them (each phase's queries at once, as its Promise.all). */
type Plan = Captured[][]

/** Checks that a plan holds exactly the queries the service runs for that request (else the raw side would measure something else). */
async function assertSameQueries(name: string, plan: Plan, viaService: Captured[]): Promise<void> {
  const key = (q: Captured) => `${q.sql} ${JSON.stringify(q.params)}`
  const planned = plan.flat().map(key).sort()
  const ran = viaService.map(key).sort()
  if (JSON.stringify(planned) !== JSON.stringify(ran)) throw new Error(`cockpit bench: the raw side of ${name} is not what the BFF runs:\nplanned ${planned.join('\n')}\nran ${ran.join('\n')}`)
}

function loadPlan(name: string, pool: mysql.Pool, plan: Plan): Promise<Figures> {
  return loadRaw(name, pool, async (p) => {
    for (const phase of plan) await Promise.all(phase.map((q) => p.execute(q.sql, q.params as never[])))
  })
}

interface Reader {
  user: AuthUser
  token: string
  scope: number
}

async function readerOf(pool: mysql.Pool, bffUrl: string, username: string, roles: AuthUser['roles'], scoped: boolean): Promise<Reader> {
  const [rows] = await pool.query('SELECT u.id, u.name, un.id AS unit_id, un.name AS unit_name FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.username = ?', [username])
  const row = (rows as { id: number; name: string; unit_id: number | null; unit_name: string | null }[])[0]
  const user: AuthUser = { id: Number(row.id), name: row.name, unit: row.unit_id === null ? null : { id: Number(row.unit_id), name: row.unit_name! }, roles, sessionId: 0 }
  return { user, token: await devLogin(bffUrl, username), scope: scoped ? user.unit!.id : 0 }
}

/** Issue 20's figures. True when every read meets p99 ≤ 50 ms with no errors. */
export async function runCockpitBench(benchUrl: string, seconds: number): Promise<boolean> {
  const url = cockpitDatabaseUrl(benchUrl)
  console.log(`\ncockpit (issue 20): database ${new URL(url).pathname.slice(1)}`)
  const marker = await prepareCockpitDatabase(url)
  const v = marker.volumes
  console.log(
    `cockpit data: ${v.payments.toLocaleString()} meal payments, ${v.visits.toLocaleString()} visits, ${v.requests.toLocaleString()} car requests (${v.trips.toLocaleString()} trips), ${v.bookings.toLocaleString()} room bookings, ${v.tickets.toLocaleString()} tickets, ${v.loans.toLocaleString()} loans; ${v.units} units, ${v.staff.toLocaleString()} staff`,
  )
  console.log(`seeding: ${marker.seed_seconds} s (on ${marker.seeded_on}); backfill of ${marker.backfill_days} days: ${marker.backfill_seconds} s = ${((marker.backfill_seconds ?? 0) / (marker.backfill_days ?? 1)).toFixed(2)} s/day`)
  const refresh = await measureRefresh(url)
  console.log(`refreshDay(today), the every-minute job: p50 ${refresh.p50} ms, max ${refresh.max} ms of ${REFRESH_RUNS} runs`)
  console.log(`  slowest indicator queries on today: ${refresh.perIndicator.slice(0, 5).map((q) => `${q.key} ${q.ms} ms`).join(', ')}`)

  const bff = await startBff(url)
  const pool = mysql.createPool({ uri: url, connectionLimit: CONNECTIONS, timezone: 'Z' })
  try {
    const admin = await readerOf(pool, bff.url, 'admin', ['admin'], false)
    const lisi = await readerOf(pool, bff.url, 'lisi', ['staff', 'approver'], true)
    const { db, capture } = capturingDb(pool)
    const today = shanghaiDate(new Date())
    const from = dayjs(today).subtract(29, 'day').format('YYYY-MM-DD')
    const read = new CockpitReadService({ db, refresh: { refreshDay: async () => {} } })

    // GET /api/v1/cockpit: thresholds + the day's count row, then the scope's figures + the 督办 counts
    const todayPlan = async (reader: Reader): Promise<Plan> => {
      const unitId = reader.scope || null
      const plan = [
        [...(await capture((d) => repo.thresholdOverrides(d))), ...(await capture((d) => repo.computedAtOf(d, today)))],
        [...(await capture((d) => repo.dailyOfScope(d, today, reader.scope))), ...(await capture((d) => repo.supervisionCounts(d, unitId, today)))],
      ]
      await assertSameQueries(`GET /api/v1/cockpit as ${reader.user.name}`, plan, await capture(() => read.today(reader.user, { unitId: unitId ?? undefined })))
      return plan
    }
    // GET …/trend?days=30: the 30 daily rows, the counted days, the thresholds
    const trendPlan = async (reader: Reader, key: IndicatorKey): Promise<Plan> => {
      const plan = [
        [...(await capture((d) => repo.dailyRange(d, key, reader.scope, from, today))), ...(await capture((d) => repo.countedDays(d, from, today))), ...(await capture((d) => repo.thresholdOverrides(d)))],
      ]
      await assertSameQueries(`trend ${key} as ${reader.user.name}`, plan, await capture(() => read.trend(reader.user, key, { days: 30 })))
      return plan
    }

    const runs: { http: Figures; raw: Figures }[] = []
    const pair = async (label: string, token: string, path: string, plan: Plan) => {
      const http = await loadHttp(`BFF GET ${label}`, { url: `${bff.url}${path}`, headers: { authorization: `Bearer ${token}` } })
      const raw = await loadPlan('  mysql2 direct: the same SELECTs', pool, plan)
      runs.push({ http, raw })
    }
    console.log(`\ncockpit reads: ${seconds} s per run, ${CONNECTIONS} concurrent clients …`)
    // the BFF's floor on this box at this moment: an authenticated read that does almost nothing
    const floor = await loadHttp('BFF GET /api/v1/me (the floor: auth only)', { url: `${bff.url}/api/v1/me`, headers: { authorization: `Bearer ${admin.token}` } })
    await pair('/api/v1/cockpit (admin, 全市)', admin.token, '/api/v1/cockpit', await todayPlan(admin))
    await pair('/api/v1/cockpit (lisi, own unit)', lisi.token, '/api/v1/cockpit', await todayPlan(lisi))
    for (const key of TREND_KEYS) await pair(`…/${key}/trend?days=30 (admin)`, admin.token, `/api/v1/cockpit/indicators/${key}/trend?days=30`, await trendPlan(admin, key))
    await pair(`…/${UNIT_TREND_KEY}/trend?days=30 (lisi)`, lisi.token, `/api/v1/cockpit/indicators/${UNIT_TREND_KEY}/trend?days=30`, await trendPlan(lisi, UNIT_TREND_KEY))

    console.log()
    printTable([floor, ...runs.flatMap((run) => [run.http, run.raw])])
    console.log()
    let met = true
    for (const { http, raw } of runs) {
      const pass = http.p99 <= TARGET_P99_MS && http.errors === 0
      met &&= pass
      console.log(`${pass ? 'PASS' : 'FAIL'} p99 ${String(http.p99).padStart(3)} ms ≤ ${TARGET_P99_MS} ms (mysql2 ${raw.p99} ms; BFF ÷ mysql2 throughput ${(http.requestsPerSecond / raw.requestsPerSecond).toFixed(2)})  ${http.name.replace('BFF GET ', '')}`)
    }
    console.log(`cockpit target p99 ≤ ${TARGET_P99_MS} ms under ${CONNECTIONS} clients: ${met ? 'met' : 'NOT MET'}`)
    return met
  } finally {
    await pool.end()
    bff.stop()
  }
}
