import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/mysql-core'
import type { DbOrTx } from '../../../db/client'
import { builtOnce } from '../../../db/prepared'
import { drivers, units, users, vehicleRequests, vehicles, vehicleTrips } from '../../../db/schema'

/** users, joined once per role a person plays on a request */
const requesters = alias(users, 'requesters')
const deciders = alias(users, 'deciders')
const driverUsers = alias(users, 'driver_users')

/** A request with the people, car, driver and trip it names: what the presenter needs. */
const requestColumns = {
  request: vehicleRequests,
  requesterName: requesters.name,
  unitName: units.name,
  decidedByName: deciders.name,
  vehicle: { id: vehicles.id, plateNo: vehicles.plateNo, type: vehicles.type, seats: vehicles.seats },
  driver: { id: drivers.id, userId: drivers.userId, name: driverUsers.name },
  trip: vehicleTrips,
}

function requestQuery(db: DbOrTx) {
  return db
    .select(requestColumns)
    .from(vehicleRequests)
    .innerJoin(requesters, eq(requesters.id, vehicleRequests.requesterUserId))
    .leftJoin(units, eq(units.id, vehicleRequests.unitId))
    .leftJoin(deciders, eq(deciders.id, vehicleRequests.decidedByUserId))
    .leftJoin(vehicles, eq(vehicles.id, vehicleRequests.vehicleId))
    .leftJoin(drivers, eq(drivers.id, vehicleRequests.driverId))
    .leftJoin(driverUsers, eq(driverUsers.id, drivers.userId))
    .leftJoin(vehicleTrips, eq(vehicleTrips.requestId, vehicleRequests.id))
}
export type RequestRow = Awaited<ReturnType<typeof findRequestRow>> & object
export type VehicleRequestRecord = typeof vehicleRequests.$inferSelect

export async function findRequestRow(db: DbOrTx, id: number) {
  const query = builtOnce(db, 'vehicles.requestRow', (handle) => requestQuery(handle).where(eq(vehicleRequests.id, sql.placeholder('id'))).prepare())
  const [row] = await query.execute({ id })
  return row ?? null
}

/** Rows for some ids, in the order of `ids`. */
export async function requestRowsByIds(db: DbOrTx, ids: number[]): Promise<RequestRow[]> {
  if (!ids.length) return []
  const rows = await requestQuery(db).where(inArray(vehicleRequests.id, ids))
  const byId = new Map(rows.map((row) => [row.request.id, row]))
  return ids.map((id) => byId.get(id)).filter((row): row is RequestRow => !!row)
}

/** Newest first, by id, after an optional cursor (the last id seen). */
export async function listRequestRows(db: DbOrTx, where: SQL | undefined, beforeId: number | undefined, limit: number): Promise<RequestRow[]> {
  return requestQuery(db)
    .where(and(where, beforeId ? lt(vehicleRequests.id, beforeId) : undefined))
    .orderBy(desc(vehicleRequests.id))
    .limit(limit)
}

/** Soonest window first (待办, a driver's day). */
export async function requestRowsBySchedule(db: DbOrTx, where: SQL | undefined, limit: number): Promise<RequestRow[]> {
  return requestQuery(db).where(where).orderBy(asc(vehicleRequests.startAt), asc(vehicleRequests.id)).limit(limit)
}

/** The request row, locked for the rest of the transaction (always lock it before its car and driver). */
export async function lockRequest(tx: DbOrTx, id: number): Promise<VehicleRequestRecord | null> {
  const [row] = await tx.select().from(vehicleRequests).where(eq(vehicleRequests.id, id)).for('update')
  return row ?? null
}

export async function updateRequest(tx: DbOrTx, id: number, values: Partial<typeof vehicleRequests.$inferInsert>): Promise<void> {
  await tx.update(vehicleRequests).set(values).where(eq(vehicleRequests.id, id))
}

/** The driver record of a user, if they drive. */
export async function driverOfUser(db: DbOrTx, userId: number): Promise<{ id: number; onDuty: boolean } | null> {
  const [row] = await db.select({ id: drivers.id, onDuty: drivers.onDuty }).from(drivers).where(eq(drivers.userId, userId))
  return row ?? null
}
