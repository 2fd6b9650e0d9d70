import { and, asc, eq, gt, inArray, lt, ne, notExists, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { drivers, units, users, vehicleRequests, vehicles } from '../../../db/schema'

/** Statuses that hold a car and a driver for the request's window. */
const COMMITTED = ['dispatched', 'in_progress'] as const

/** Another committed request overlapping [startAt, endAt) — other.start < end AND other.end > start. */
const overlaps = (startAt: Date, endAt: Date, exceptRequestId: number) =>
  and(inArray(vehicleRequests.status, [...COMMITTED]), lt(vehicleRequests.startAt, endAt), gt(vehicleRequests.endAt, startAt), ne(vehicleRequests.id, exceptRequestId))

export type VehicleRecord = typeof vehicles.$inferSelect
export type DriverRecord = typeof drivers.$inferSelect

/** Lock order everywhere: the request, then the car, then the driver (no deadlock cycles). */
export async function lockVehicle(tx: DbOrTx, id: number): Promise<VehicleRecord | null> {
  const [row] = await tx.select().from(vehicles).where(eq(vehicles.id, id)).for('update')
  return row ?? null
}

export async function lockDriver(tx: DbOrTx, id: number): Promise<DriverRecord | null> {
  const [row] = await tx.select().from(drivers).where(eq(drivers.id, id)).for('update')
  return row ?? null
}

export async function driverName(db: DbOrTx, driverId: number): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(drivers).innerJoin(users, eq(users.id, drivers.userId)).where(eq(drivers.id, driverId))
  return row?.name ?? null
}

const conflictColumns = { requestId: vehicleRequests.id, startAt: vehicleRequests.startAt, endAt: vehicleRequests.endAt }

/** The first committed request of this car overlapping the window, if any. */
export async function vehicleConflict(db: DbOrTx, vehicleId: number, startAt: Date, endAt: Date, exceptRequestId: number) {
  const [row] = await db.select(conflictColumns).from(vehicleRequests).where(and(eq(vehicleRequests.vehicleId, vehicleId), overlaps(startAt, endAt, exceptRequestId))).orderBy(asc(vehicleRequests.startAt)).limit(1)
  return row ?? null
}

export async function driverConflict(db: DbOrTx, driverId: number, startAt: Date, endAt: Date, exceptRequestId: number) {
  const [row] = await db.select(conflictColumns).from(vehicleRequests).where(and(eq(vehicleRequests.driverId, driverId), overlaps(startAt, endAt, exceptRequestId))).orderBy(asc(vehicleRequests.startAt)).limit(1)
  return row ?? null
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
