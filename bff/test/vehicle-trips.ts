import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { drivers, units, vehicleRequests, vehicles } from '../src/db/schema'
import { createUser } from './factories'
import type { TestApp } from './harness'

// Cars, drivers and dispatched requests for the trip / public / admin tests, inserted as rows
// (the request and dispatch endpoints are built beside them).

const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
const randomPlate = () => `浙A${Array.from(randomBytes(5), (b) => PLATE_CHARS[b % PLATE_CHARS.length]).join('')}`

export async function centreUnitId(t: TestApp): Promise<number> {
  const [unit] = await t.database.db.select({ id: units.id }).from(units).where(eq(units.name, '市机关事务管理中心'))
  return unit.id
}

export interface TestVehicle {
  vehicleId: number
  plateNo: string
  /** the printed code URL and its token (the URL's last segment) */
  code: string
  token: string
}

export async function insertVehicle(t: TestApp, o: { status?: 'active' | 'maintenance' | 'retired'; odometerKm?: number; energy?: 'fuel' | 'electric'; unitId?: number } = {}): Promise<TestVehicle> {
  const plateNo = randomPlate()
  const [row] = await t.database.db.insert(vehicles).values({
    plateNo,
    type: o.energy === 'electric' ? 'new_energy' : 'sedan',
    seats: 5,
    energy: o.energy ?? 'fuel',
    unitId: o.unitId ?? (await centreUnitId(t)),
    status: o.status ?? 'active',
    lastOdometerKm: o.odometerKm ?? 10_000,
  })
  return { vehicleId: row.insertId, plateNo, code: t.services.qr.url('v', row.insertId), token: t.services.qr.token('v', row.insertId) }
}

export async function insertDriver(t: TestApp, name = '测试驾驶员') {
  const user = await createUser(t, ['driver'], { name })
  const [row] = await t.database.db.insert(drivers).values({ userId: user.userId, onDuty: true })
  return { ...user, driverId: row.insertId }
}

/** A request already approved and dispatched to this car and driver. */
export async function insertDispatched(
  t: TestApp,
  o: { vehicleId: number; driverId: number; startAt: Date; endAt: Date; requesterUserId?: number; unitId?: number | null; destination?: string; purpose?: string },
): Promise<{ requestId: number; requesterUserId: number }> {
  const requesterUserId = o.requesterUserId ?? (await createUser(t, ['staff'], { name: '申请人甲' })).userId
  const [row] = await t.database.db.insert(vehicleRequests).values({
    status: 'dispatched',
    requesterUserId,
    unitId: o.unitId === undefined ? await centreUnitId(t) : o.unitId,
    purpose: o.purpose ?? '测试：送文件',
    origin: '市机关事务管理中心',
    destination: o.destination ?? '杭州市西湖区文三路 90 号',
    startAt: o.startAt,
    endAt: o.endAt,
    passengers: 2,
    vehicleId: o.vehicleId,
    driverId: o.driverId,
    dispatchedAt: new Date(),
  })
  return { requestId: row.insertId, requesterUserId }
}

export const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000)
