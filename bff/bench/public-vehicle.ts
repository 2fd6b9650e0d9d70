import { connectDatabase } from '../src/db/client'
import { drivers, units, users, vehicleRequests, vehicles } from '../src/db/schema'
import { EnvSchema } from '../src/env'
import { QrSigner } from '../src/lib/qr'
import { carAndTask, PUBLIC_VEHICLE_SQL, type PublicVehicleSqlRow } from '../src/modules/vehicles/public/public.repo'
import { presentPublicVehicle } from '../src/modules/vehicles/public/public.presenter'
import type { Scenario, WorkPool } from './pairs'

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

export interface CarScanInput {
  token: string
}

/** The public 亮身份 scan of one car dispatched now, by citizens nobody signed in (all from one address here). */
export function publicVehicleScenario(setup: { token: string }): Scenario<CarScanInput> {
  const input = { token: setup.token }
  return {
    name: 'public vehicle scan',
    route: 'GET /api/v1/public/vehicles/:token',
    input: () => input,
    request: (car) => ({ path: `/api/v1/public/vehicles/${car.token}` }),
    work: { file: 'public-vehicle', name: 'carScanWork', fn: carScanWork },
  }
}

let qr: QrSigner | null = null
/** The guess limit's look-up of this client, as rate-limiter-flexible sends it (text, by primary key). */
const GUESS_COUNT_SQL = 'SELECT points, expire FROM rate_limits WHERE `key` = ? AND (`expire` > ? OR `expire` IS NULL)'

/**
 * The BFF's scan: the token's signature checked, the guess limit's count of this client (the BFF
 * reads it before every guessable look-up), the car with its task now (prepared), the BFF's answer.
 */
export async function carScanWork(pool: WorkPool, input: CarScanInput): Promise<unknown> {
  if (!qr) {
    const env = EnvSchema.parse({ DATABASE_URL: process.env.DATABASE_URL ?? 'mysql://bench' })
    qr = new QrSigner(env.QR_SECRET, env.PUBLIC_BASE_URL)
  }
  const id = Number(qr.verify(input.token, 'v').payload[0])
  await pool.query(GUESS_COUNT_SQL, ['guess:ip:127.0.0.1', Date.now()])
  const now = new Date()
  const [rows] = await pool.execute(PUBLIC_VEHICLE_SQL, [now, now, id])
  const row = (rows as PublicVehicleSqlRow[])[0]
  if (!row) throw new Error('car not found')
  const { car, task } = carAndTask(row)
  if (!task) throw new Error('no current task')
  return presentPublicVehicle(car, task)
}
