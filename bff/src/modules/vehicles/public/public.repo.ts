import { and, asc, eq, gt, lte } from 'drizzle-orm'
import type { DbOrTx } from '../../../db/client'
import { units, vehicleReports, vehicleRequests, vehicles, vehicleTrips } from '../../../db/schema'

/** A car as the public scan shows it. */
export async function findPublicVehicle(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ id: vehicles.id, plateNo: vehicles.plateNo, type: vehicles.type, status: vehicles.status, unitName: units.name })
    .from(vehicles)
    .leftJoin(units, eq(units.id, vehicles.unitId))
    .where(eq(vehicles.id, id))
  return row ?? null
}
export type PublicVehicleRow = NonNullable<Awaited<ReturnType<typeof findPublicVehicle>>>

const taskColumns = { requestId: vehicleRequests.id, startAt: vehicleRequests.startAt, endAt: vehicleRequests.endAt, destination: vehicleRequests.destination, requestingUnit: units.name }

/**
 * The car's official task right now: the trip running on it (one row by the running-trip unique
 * index), else a dispatched request whose window contains `now` (the car/window index).
 */
export async function currentTask(db: DbOrTx, vehicleId: number, now: Date) {
  const [running] = await db
    .select(taskColumns)
    .from(vehicleTrips)
    .innerJoin(vehicleRequests, eq(vehicleRequests.id, vehicleTrips.requestId))
    .leftJoin(units, eq(units.id, vehicleRequests.unitId))
    .where(eq(vehicleTrips.runningVehicleId, vehicleId))
  if (running) return running
  const [dispatched] = await db
    .select(taskColumns)
    .from(vehicleRequests)
    .leftJoin(units, eq(units.id, vehicleRequests.unitId))
    .where(and(eq(vehicleRequests.vehicleId, vehicleId), lte(vehicleRequests.startAt, now), gt(vehicleRequests.endAt, now), eq(vehicleRequests.status, 'dispatched')))
    .orderBy(asc(vehicleRequests.startAt))
    .limit(1)
  return dispatched ?? null
}
export type CurrentTask = NonNullable<Awaited<ReturnType<typeof currentTask>>>

export async function insertReport(
  db: DbOrTx,
  report: { vehicleId: number; text: string; photo: Buffer | null; photoType: string | null; lat: number | null; lng: number | null; taskAtReport: typeof vehicleReports.$inferInsert.taskAtReport },
): Promise<number> {
  const [result] = await db.insert(vehicleReports).values(report)
  return result.insertId
}
