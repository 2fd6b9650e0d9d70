import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import { connectDatabase } from '../src/db/client'
import { drivers, units, users, vehicleRequests, vehicles } from '../src/db/schema'
import { EnvSchema } from '../src/env'
import { QrSigner } from '../src/lib/qr'
import { PUBLIC_VEHICLE_SQL } from '../src/modules/vehicles/public/public.repo'
import { CONNECTIONS, loadRaw, type Figures } from './harness'

const DAY = 86_400_000

/**
 * A car with a year of past tasks (the seeds' city: ~130 tasks a car a year) and one dispatched
 * now, so the scan takes its longer path: no running trip, then the window look-up.
 */
export async function preparePublicVehicleBench(databaseUrl: string) {
  const database = connectDatabase(databaseUrl, 2)
  const db = database.db
  const [unit] = await db.insert(units).values({ name: `压测车队 ${Date.now().toString(36)}` })
  const [car] = await db.insert(vehicles).values({ plateNo: `浙A${Date.now().toString(36).slice(-5).toUpperCase().replace(/[IO]/g, '1')}`, type: 'sedan', seats: 5, energy: 'fuel', unitId: unit.insertId })
  const [user] = await db.insert(users).values({ username: `bench_driver_${car.insertId}`, name: '压测驾驶员', unitId: unit.insertId })
  const [driver] = await db.insert(drivers).values({ userId: user.insertId })
  const now = Date.now()
  const request = (startAt: number, hours: number, status: 'completed' | 'dispatched') => ({
    status,
    requesterUserId: user.insertId,
    unitId: unit.insertId,
    purpose: '压测',
    origin: '单位',
    destination: '杭州市西湖区文三路 90 号',
    startAt: new Date(startAt),
    endAt: new Date(startAt + hours * 3600_000),
    passengers: 1,
    vehicleId: car.insertId,
    driverId: driver.insertId,
  })
  await db.insert(vehicleRequests).values(Array.from({ length: 130 }, (_v, i) => request(now - (i + 1) * 2.8 * DAY, 3, 'completed')))
  await db.insert(vehicleRequests).values(request(now - 3600_000, 4, 'dispatched'))
  await database.close()
  const env = EnvSchema.parse({ DATABASE_URL: databaseUrl })
  return { vehicleId: car.insertId, token: new QrSigner(env.QR_SECRET, env.PUBLIC_BASE_URL).token('v', car.insertId) }
}

export async function benchBffPublicVehicle(url: string, setup: { token: string }, seconds: number): Promise<Figures> {
  const result = await autocannon({ url: `${url}/api/v1/public/vehicles/${setup.token}`, connections: CONNECTIONS, duration: seconds })
  if (result.non2xx || result.errors || result.timeouts) console.log('public vehicle bench failures:', { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts })
  return { name: 'BFF GET /api/v1/public/vehicles/:token', requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx }
}

/** The same one read (the repo's own SQL) straight through mysql2. */
export async function benchRawPublicVehicle(databaseUrl: string, setup: { vehicleId: number }, seconds: number): Promise<Figures> {
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: CONNECTIONS, timezone: 'Z' })
  const figures = await loadRaw(
    'mysql2 direct: car + its current task',
    pool,
    async (p) => {
      const now = new Date()
      const [rows] = await p.execute(PUBLIC_VEHICLE_SQL, [now, now, setup.vehicleId])
      if ((rows as { requestId: number | null }[])[0]?.requestId == null) throw new Error('no current task')
    },
    seconds,
  )
  await pool.end()
  return figures
}
