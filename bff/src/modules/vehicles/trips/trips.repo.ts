import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { units, vehicleRequests, vehicles, vehicleScans, vehicleTrips } from '../../../db/schema'

export async function findVehicle(db: DbOrTx, id: number) {
  const [row] = await db.select({ vehicle: vehicles, unitName: units.name }).from(vehicles).leftJoin(units, eq(units.id, vehicles.unitId)).where(eq(vehicles.id, id))
  return row ?? null
}
export type VehicleWithUnit = NonNullable<Awaited<ReturnType<typeof findVehicle>>>

/** The car row, locked: every start and finish on a car passes through here one at a time. */
export async function lockVehicle(tx: DbOrTx, id: number) {
  const [row] = await tx.select().from(vehicles).where(eq(vehicles.id, id)).for('update')
  return row ?? null
}

/** The driver's trip running on this car, or their next dispatched task on it that has not ended. */
export async function nextTaskOf(db: DbOrTx, vehicleId: number, driverId: number, now: Date) {
  const [row] = await db
    .select({ id: vehicleRequests.id, status: vehicleRequests.status, startAt: vehicleRequests.startAt, endAt: vehicleRequests.endAt })
    .from(vehicleRequests)
    .where(
      and(
        eq(vehicleRequests.vehicleId, vehicleId),
        eq(vehicleRequests.driverId, driverId),
        or(eq(vehicleRequests.status, 'in_progress'), and(eq(vehicleRequests.status, 'dispatched'), gt(vehicleRequests.endAt, now))),
      ),
    )
    .orderBy(sql`${vehicleRequests.status} = 'in_progress' DESC`, asc(vehicleRequests.startAt))
    .limit(1)
  return row ?? null
}

/** Someone's dispatched or running task on the car whose window (from `earliest`) contains now. */
export async function anyCurrentTask(db: DbOrTx, vehicleId: number, now: Date, earliest: Date) {
  const [row] = await db
    .select({ id: vehicleRequests.id, driverId: vehicleRequests.driverId })
    .from(vehicleRequests)
    .where(
      and(
        eq(vehicleRequests.vehicleId, vehicleId),
        inArray(vehicleRequests.status, ['dispatched', 'in_progress']),
        or(eq(vehicleRequests.status, 'in_progress'), and(sql`${vehicleRequests.startAt} <= ${earliest}`, gt(vehicleRequests.endAt, now))),
      ),
    )
    .limit(1)
  return row ?? null
}

export async function runningTripOn(db: DbOrTx, vehicleId: number) {
  const [row] = await db.select().from(vehicleTrips).where(eq(vehicleTrips.runningVehicleId, vehicleId))
  return row ?? null
}

export async function findTrip(db: DbOrTx, id: number) {
  const [row] = await db.select().from(vehicleTrips).where(eq(vehicleTrips.id, id))
  return row ?? null
}

export async function lockTrip(tx: DbOrTx, id: number) {
  const [row] = await tx.select().from(vehicleTrips).where(eq(vehicleTrips.id, id)).for('update')
  return row ?? null
}

export async function insertTrip(tx: DbOrTx, trip: { requestId: number; vehicleId: number; driverId: number; startedAt: Date; startOdometerKm: number }): Promise<number> {
  // running_vehicle_id = the car: its unique index refuses a second running trip on it
  const [result] = await tx.insert(vehicleTrips).values({ ...trip, runningVehicleId: trip.vehicleId, status: 'in_progress' })
  return result.insertId
}

export async function finishTrip(tx: DbOrTx, id: number, values: Pick<typeof vehicleTrips.$inferInsert, 'finishedAt' | 'endOdometerKm' | 'tollFen' | 'parkingFen' | 'fuelFen' | 'energyKwh' | 'fuelLitres' | 'chargeFen'>) {
  await tx
    .update(vehicleTrips)
    .set({ ...values, status: 'finished', runningVehicleId: null })
    .where(eq(vehicleTrips.id, id))
}

export async function setLastOdometer(tx: DbOrTx, vehicleId: number, km: number) {
  await tx.update(vehicles).set({ lastOdometerKm: km }).where(eq(vehicles.id, vehicleId))
}

export async function insertScan(db: DbOrTx, vehicleId: number, userId: number) {
  await db.insert(vehicleScans).values({ vehicleId, userId })
}
