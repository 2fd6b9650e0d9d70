import { and, asc, eq, gt, inArray, lt, ne, notExists, sql } from 'drizzle-orm'
import type { VehicleRequestStatus } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { preparedRows, preparedWrite } from '../../../db/prepared'
import { drivers, units, users, vehicleRequests, vehicles } from '../../../db/schema'
import type { PushRecipients } from '../../notifications/notifications.service'

/** Statuses that hold a car and a driver for the request's window. */
const COMMITTED = ['dispatched', 'in_progress'] as const

/** Another committed request overlapping [startAt, endAt) — other.start < end AND other.end > start. */
const overlaps = (startAt: Date, endAt: Date, exceptRequestId: number) =>
  and(inArray(vehicleRequests.status, [...COMMITTED]), lt(vehicleRequests.startAt, endAt), gt(vehicleRequests.endAt, startAt), ne(vehicleRequests.id, exceptRequestId))

export type VehicleRecord = typeof vehicles.$inferSelect

export interface DispatchLocks {
  request: { id: number; status: VehicleRequestStatus; requesterUserId: number; purpose: string; origin: string; destination: string; startAt: Date; endAt: Date; passengers: number; vehicleId: number | null; driverId: number | null }
  vehicle: { id: number; plateNo: string; status: VehicleRecord['status']; seats: number } | null
  driver: { id: number; userId: number; onDuty: boolean } | null
}

/**
 * The request, the car and the driver, locked FOR UPDATE in one round trip (null: no such
 * request). Lock order everywhere: the request, then the car, then the driver (no deadlock
 * cycles) — MariaDB reads the three rows by primary key as const tables, in this join's order.
 */
export async function lockForDispatch(tx: DbOrTx, requestId: number, vehicleId: number, driverId: number): Promise<DispatchLocks | null> {
  const [row] = await preparedRows<{
    id: number; status: VehicleRequestStatus; requesterUserId: number; purpose: string; origin: string; destination: string; startAt: Date; endAt: Date; passengers: number; vehicleId: number | null; driverId: number | null
    carId: number | null; plateNo: string; carStatus: VehicleRecord['status']; seats: number; driverRowId: number | null; driverUserId: number; onDuty: number
  }>(
    tx,
    `SELECT r.id, r.status, r.requester_user_id AS requesterUserId, r.purpose, r.origin, r.destination, r.start_at AS startAt, r.end_at AS endAt,
            r.passengers, r.vehicle_id AS vehicleId, r.driver_id AS driverId,
            v.id AS carId, v.plate_no AS plateNo, v.status AS carStatus, v.seats, d.id AS driverRowId, d.user_id AS driverUserId, d.on_duty AS onDuty
       FROM vehicle_requests r LEFT JOIN vehicles v ON v.id = ? LEFT JOIN drivers d ON d.id = ?
      WHERE r.id = ? FOR UPDATE`,
    [vehicleId, driverId, requestId],
  )
  if (!row) return null
  const { carId, plateNo, carStatus, seats, driverRowId, driverUserId, onDuty, ...request } = row
  return {
    request,
    vehicle: carId ? { id: carId, plateNo, status: carStatus, seats } : null,
    driver: driverRowId ? { id: driverRowId, userId: driverUserId, onDuty: !!onDuty } : null,
  }
}

export interface Conflict {
  requestId: number
  startAt: Date
  endAt: Date
}

/**
 * The first committed request of this car, and of this driver, overlapping [startAt, endAt)
 * (other.start < end AND other.end > start), in one round trip through each one's window index.
 */
export async function conflicts(tx: DbOrTx, vehicleId: number, driverId: number, startAt: Date, endAt: Date, exceptRequestId: number): Promise<{ vehicle: Conflict | null; driver: Conflict | null }> {
  const first = (column: 'vehicle_id' | 'driver_id') =>
    `(SELECT '${column}' AS holder, id AS requestId, start_at AS startAt, end_at AS endAt FROM vehicle_requests
       WHERE ${column} = ? AND status IN ('dispatched', 'in_progress') AND start_at < ? AND end_at > ? AND id <> ? ORDER BY start_at LIMIT 1)`
  const rows = await preparedRows<Conflict & { holder: 'vehicle_id' | 'driver_id' }>(tx, `${first('vehicle_id')} UNION ALL ${first('driver_id')}`, [
    vehicleId, endAt, startAt, exceptRequestId, driverId, endAt, startAt, exceptRequestId,
  ])
  const of = (holder: string) => {
    const row = rows.find((r) => r.holder === holder)
    return row ? { requestId: row.requestId, startAt: row.startAt, endAt: row.endAt } : null
  }
  return { vehicle: of('vehicle_id'), driver: of('driver_id') }
}

/** The request is dispatched (or reassigned) to this car and driver. */
export async function markDispatched(tx: DbOrTx, id: number, to: { vehicleId: number; driverId: number; at: Date; byUserId: number }): Promise<void> {
  await preparedWrite(tx, "UPDATE vehicle_requests SET status = 'dispatched', vehicle_id = ?, driver_id = ?, dispatched_at = ?, dispatched_by_user_id = ? WHERE id = ?", [to.vehicleId, to.driverId, to.at, to.byUserId, id])
}

/** The people a dispatch names and tells: their names and push accounts, in one round trip. */
export async function people(tx: DbOrTx, userIds: number[]): Promise<Map<number, PushRecipients & { name: string }>> {
  const rows = await preparedRows<PushRecipients & { id: number; name: string }>(
    tx,
    `SELECT id, name, wechat_openid AS openid, dingtalk_user_id AS dingtalkUserId, zzd_account_id AS zzdAccountId FROM users WHERE id IN (${userIds.map(() => '?').join(', ')})`,
    userIds,
  )
  return new Map(rows.map(({ id, ...person }) => [id, person]))
}

/** Active cars with enough seats and nothing committed in the window, smallest fitting car first. */
export async function freeVehicles(db: DbOrTx, startAt: Date, endAt: Date, minSeats: number, exceptRequestId: number) {
  return db
    .select({ id: vehicles.id, plateNo: vehicles.plateNo, type: vehicles.type, seats: vehicles.seats })
    .from(vehicles)
    .where(
      and(
        eq(vehicles.status, 'active'),
        sql`${vehicles.seats} >= ${minSeats}`,
        notExists(db.select({ one: sql`1` }).from(vehicleRequests).where(and(eq(vehicleRequests.vehicleId, vehicles.id), overlaps(startAt, endAt, exceptRequestId)))),
      ),
    )
    .orderBy(asc(vehicles.seats), asc(vehicles.plateNo))
}

/** Drivers on duty with nothing committed in the window. */
export async function freeDrivers(db: DbOrTx, startAt: Date, endAt: Date, exceptRequestId: number) {
  return db
    .select({ id: drivers.id, userId: drivers.userId, name: users.name })
    .from(drivers)
    .innerJoin(users, eq(users.id, drivers.userId))
    .where(
      and(
        eq(drivers.onDuty, true),
        eq(users.status, 'active'),
        notExists(db.select({ one: sql`1` }).from(vehicleRequests).where(and(eq(vehicleRequests.driverId, drivers.id), overlaps(startAt, endAt, exceptRequestId)))),
      ),
    )
    .orderBy(asc(users.name), asc(drivers.id))
}

/** Every car but the retired ones, for the board. */
export async function boardVehicles(db: DbOrTx) {
  return db
    .select({ id: vehicles.id, plateNo: vehicles.plateNo, type: vehicles.type, seats: vehicles.seats, energy: vehicles.energy, status: vehicles.status, unitName: units.name })
    .from(vehicles)
    .leftJoin(units, eq(units.id, vehicles.unitId))
    .where(ne(vehicles.status, 'retired'))
    .orderBy(asc(vehicles.plateNo))
}

export async function boardDrivers(db: DbOrTx) {
  return db.select({ id: drivers.id, userId: drivers.userId, name: users.name, onDuty: drivers.onDuty }).from(drivers).innerJoin(users, eq(users.id, drivers.userId)).orderBy(asc(users.name), asc(drivers.id))
}

/** Committed requests overlapping [from, to): the cars' and drivers' timelines. */
export async function commitmentsBetween(db: DbOrTx, from: Date, to: Date) {
  return db
    .select({ requestId: vehicleRequests.id, vehicleId: vehicleRequests.vehicleId, driverId: vehicleRequests.driverId, startAt: vehicleRequests.startAt, endAt: vehicleRequests.endAt, status: vehicleRequests.status, destination: vehicleRequests.destination })
    .from(vehicleRequests)
    .where(and(inArray(vehicleRequests.status, [...COMMITTED]), lt(vehicleRequests.startAt, to), gt(vehicleRequests.endAt, from)))
    .orderBy(asc(vehicleRequests.startAt))
}

/** Approved requests waiting for a car, whatever their date, soonest first. */
export async function waitingRequestIds(db: DbOrTx, limit = 200): Promise<number[]> {
  const rows = await db.select({ id: vehicleRequests.id }).from(vehicleRequests).where(eq(vehicleRequests.status, 'approved')).orderBy(asc(vehicleRequests.startAt), asc(vehicleRequests.id)).limit(limit)
  return rows.map((row) => row.id)
}
