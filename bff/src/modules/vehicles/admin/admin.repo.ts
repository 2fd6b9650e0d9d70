import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { DbOrTx, Tx } from '../../../db/client'
import { drivers, units, users, vehicleReports, vehicleRequests, vehicles, vehicleTrips } from '../../../db/schema'

const vehicleColumns = { vehicle: vehicles, unitName: units.name }

export async function listVehicles(db: DbOrTx) {
  return db.select(vehicleColumns).from(vehicles).leftJoin(units, eq(units.id, vehicles.unitId)).orderBy(asc(vehicles.id))
}
export type VehicleRow = Awaited<ReturnType<typeof listVehicles>>[number]

export async function findVehicle(db: DbOrTx, id: number): Promise<VehicleRow | null> {
  const [row] = await db.select(vehicleColumns).from(vehicles).leftJoin(units, eq(units.id, vehicles.unitId)).where(eq(vehicles.id, id))
  return row ?? null
}

/** The car's own row, locked until the transaction ends: two admins' changes (and their audit rows) one after the other. */
export async function lockVehicle(tx: Tx, id: number): Promise<typeof vehicles.$inferSelect | null> {
  const [row] = await tx.select().from(vehicles).where(eq(vehicles.id, id)).for('update')
  return row ?? null
}

export async function insertVehicle(db: DbOrTx, values: typeof vehicles.$inferInsert): Promise<number> {
  const [result] = await db.insert(vehicles).values(values)
  return result.insertId
}

export async function updateVehicle(db: DbOrTx, id: number, values: Partial<typeof vehicles.$inferInsert>): Promise<void> {
  await db.update(vehicles).set(values).where(eq(vehicles.id, id))
}

export async function unitExists(db: DbOrTx, id: number): Promise<boolean> {
  const [row] = await db.select({ id: units.id }).from(units).where(eq(units.id, id))
  return !!row
}

export async function userExists(db: DbOrTx, id: number): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, id))
  return !!row
}

const driverColumns = { id: drivers.id, userId: drivers.userId, onDuty: drivers.onDuty, name: users.name, unitName: units.name }

function driverQuery(db: DbOrTx) {
  return db.select(driverColumns).from(drivers).innerJoin(users, eq(users.id, drivers.userId)).leftJoin(units, eq(units.id, users.unitId))
}
export type DriverRow = Awaited<ReturnType<typeof listDrivers>>[number]

export async function listDrivers(db: DbOrTx) {
  return driverQuery(db).orderBy(asc(drivers.id))
}

export async function findDriver(db: DbOrTx, id: number): Promise<DriverRow | null> {
  const [row] = await driverQuery(db).where(eq(drivers.id, id))
  return row ?? null
}

export async function lockDriver(tx: Tx, id: number): Promise<typeof drivers.$inferSelect | null> {
  const [row] = await tx.select().from(drivers).where(eq(drivers.id, id)).for('update')
  return row ?? null
}

export async function insertDriver(db: DbOrTx, values: { userId: number; onDuty: boolean }): Promise<number> {
  const [result] = await db.insert(drivers).values(values)
  return result.insertId
}

export async function updateDriver(db: DbOrTx, id: number, onDuty: boolean): Promise<void> {
  await db.update(drivers).set({ onDuty }).where(eq(drivers.id, id))
}

const resolvers = alias(users, 'resolvers')

/** Reports without their photo bytes (the photo is its own request). */
function reportQuery(db: DbOrTx) {
  return db
    .select({
      report: {
        id: vehicleReports.id,
        text: vehicleReports.text,
        lat: vehicleReports.lat,
        lng: vehicleReports.lng,
        taskAtReport: vehicleReports.taskAtReport,
        status: vehicleReports.status,
        resolutionNote: vehicleReports.resolutionNote,
        resolvedAt: vehicleReports.resolvedAt,
        createdAt: vehicleReports.createdAt,
      },
      hasPhoto: sql<number>`${vehicleReports.photo} IS NOT NULL`,
      vehicle: { id: vehicles.id, plateNo: vehicles.plateNo },
      unitName: units.name,
      resolvedBy: resolvers.name,
    })
    .from(vehicleReports)
    .innerJoin(vehicles, eq(vehicles.id, vehicleReports.vehicleId))
    .leftJoin(units, eq(units.id, vehicles.unitId))
    .leftJoin(resolvers, eq(resolvers.id, vehicleReports.resolvedByUserId))
}
export type ReportRow = Awaited<ReturnType<typeof findReport>> & object

/** Newest first, after an optional cursor (the last id seen). */
export async function listReports(db: DbOrTx, status: 'open' | 'resolved' | undefined, beforeId: number | undefined, limit: number) {
  const where: (SQL | undefined)[] = [status ? eq(vehicleReports.status, status) : undefined, beforeId ? lt(vehicleReports.id, beforeId) : undefined]
  return reportQuery(db)
    .where(and(...where))
    .orderBy(desc(vehicleReports.id))
    .limit(limit)
}

export async function findReport(db: DbOrTx, id: number) {
  const [row] = await reportQuery(db).where(eq(vehicleReports.id, id))
  return row ?? null
}

export async function findReportPhoto(db: DbOrTx, id: number) {
  const [row] = await db.select({ photo: vehicleReports.photo, photoType: vehicleReports.photoType }).from(vehicleReports).where(eq(vehicleReports.id, id))
  return row ?? null
}

/** Resolves an open report; false when it was not open (already resolved, or none). */
export async function resolveReport(db: DbOrTx, id: number, userId: number, note: string): Promise<boolean> {
  const [result] = await db
    .update(vehicleReports)
    .set({ status: 'resolved', resolvedByUserId: userId, resolutionNote: note, resolvedAt: sql`CURRENT_TIMESTAMP(3)` })
    .where(and(eq(vehicleReports.id, id), eq(vehicleReports.status, 'open')))
  return result.affectedRows === 1
}

const driverUsers = alias(users, 'driver_users')

/** Trips finished in [start, end), with their car, driver and the requesting unit (charged back). */
export async function finishedTrips(db: DbOrTx, start: Date, end: Date) {
  return db
    .select({
      distanceKm: sql<number>`${vehicleTrips.endOdometerKm} - ${vehicleTrips.startOdometerKm}`.mapWith(Number),
      tollFen: vehicleTrips.tollFen,
      parkingFen: vehicleTrips.parkingFen,
      fuelFen: vehicleTrips.fuelFen,
      energyKwh: vehicleTrips.energyKwh,
      fuelLitres: vehicleTrips.fuelLitres,
      chargeFen: vehicleTrips.chargeFen,
      vehicleId: vehicles.id,
      plateNo: vehicles.plateNo,
      energy: vehicles.energy,
      driverId: drivers.id,
      driverName: driverUsers.name,
      unitId: vehicleRequests.unitId,
      unitName: units.name,
    })
    .from(vehicleTrips)
    .innerJoin(vehicles, eq(vehicles.id, vehicleTrips.vehicleId))
    .innerJoin(drivers, eq(drivers.id, vehicleTrips.driverId))
    .innerJoin(driverUsers, eq(driverUsers.id, drivers.userId))
    .innerJoin(vehicleRequests, eq(vehicleRequests.id, vehicleTrips.requestId))
    .leftJoin(units, eq(units.id, vehicleRequests.unitId))
    .where(and(eq(vehicleTrips.status, 'finished'), gte(vehicleTrips.finishedAt, start), lt(vehicleTrips.finishedAt, end)))
    .orderBy(asc(vehicleTrips.finishedAt))
}
export type FinishedTripRow = Awaited<ReturnType<typeof finishedTrips>>[number]
