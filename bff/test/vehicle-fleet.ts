import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Role, VehicleRequestStatus } from '@egj/shared'
import { isDuplicateKey } from '../src/db/client'
import { drivers, units, userRoles, users, vehicleRequests, vehicles } from '../src/db/schema'
import { createUser } from './factories'
import type { TestApp } from './harness'

// 一车一码 fixtures: cars, drivers and requests inserted as rows (the admin endpoints are built beside them).

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase()

export async function createVehicle(t: TestApp, o: { seats?: number; status?: 'active' | 'maintenance' | 'retired'; type?: 'sedan' | 'business' | 'minibus' | 'new_energy'; plateNo?: string } = {}) {
  const values = { type: o.type ?? 'sedan', seats: o.seats ?? 5, energy: 'fuel' as const, status: o.status ?? 'active', unitId: await unitId(t, '市机关事务管理中心') }
  // A plate has only 5 characters (about a million random ones), and every spec file on a worker
  // shares its database: a random plate can repeat one already there, so draw again.
  for (let attempt = 0; ; attempt++) {
    const plateNo = o.plateNo ?? `浙A${hex(3).slice(0, 5)}`
    try {
      const [row] = await t.database.db.insert(vehicles).values({ plateNo, ...values })
      return { id: row.insertId, plateNo, code: t.services.qr.url('v', row.insertId) }
    } catch (error) {
      if (o.plateNo !== undefined || attempt >= 5 || !isDuplicateKey(error)) throw error
    }
  }
}

export async function createDriver(t: TestApp, o: { onDuty?: boolean; name?: string } = {}) {
  const user = await createUser(t, ['driver'], { name: o.name ?? `驾驶员${hex(2)}` })
  const [row] = await t.database.db.insert(drivers).values({ userId: user.userId, onDuty: o.onDuty ?? true })
  return { ...user, driverId: row.insertId }
}

export async function unitId(t: TestApp, name: string): Promise<number> {
  const [unit] = await t.database.db.select({ id: units.id }).from(units).where(eq(units.name, name))
  return unit.id
}

/** A user of a named unit (createUser puts everyone in 市机关事务管理中心). */
export async function createUserOfUnit(t: TestApp, unit: string, roles: Role[], name = '测试用户') {
  const username = `u_${hex(4).toLowerCase()}`
  const [user] = await t.database.db.insert(users).values({ username, name, unitId: await unitId(t, unit) })
  await t.database.db.insert(userRoles).values(roles.map((role) => ({ userId: user.insertId, role })))
  return { userId: user.insertId, username, token: await t.login(username) }
}

/** A request as a row, approved by default (dispatch tests need no approval round trip). */
export async function insertRequest(
  t: TestApp,
  o: { requesterUserId: number; startAt: Date; endAt: Date; passengers?: number; status?: VehicleRequestStatus; vehicleId?: number; driverId?: number },
): Promise<number> {
  const [row] = await t.database.db.insert(vehicleRequests).values({
    status: o.status ?? 'approved',
    requesterUserId: o.requesterUserId,
    unitId: await unitId(t, '市机关事务管理中心'),
    purpose: '测试公务',
    origin: '市政府',
    destination: '高新区',
    startAt: o.startAt,
    endAt: o.endAt,
    passengers: o.passengers ?? 2,
    vehicleId: o.vehicleId ?? null,
    driverId: o.driverId ?? null,
    dispatchedAt: o.vehicleId ? new Date() : null,
  })
  return row.insertId
}

/** A whole hour `hours` from now (so windows are clearly in the future and easy to overlap). */
export function hoursFromNow(hours: number): Date {
  const at = new Date(Date.now() + hours * 3600_000)
  at.setUTCMinutes(0, 0, 0)
  return at
}
