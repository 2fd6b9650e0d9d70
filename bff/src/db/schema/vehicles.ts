import { sql } from 'drizzle-orm'
import { boolean, customType, decimal, index, int, json, mysqlEnum, mysqlTable, smallint, tinyint, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { VehicleEnergy, VehicleRequestStatus, VehicleStatus, VehicleType } from '@egj/shared'
import { id, ref, ts } from './columns'
import { units, users } from './org'

/** zod's `.options` as the tuple drizzle's enum wants */
const values = <T extends string>(options: readonly T[]) => options as [T, ...T[]]

/** A report's photo, kept in the database with its row (reports are few; one backup covers both). */
const mediumBlob = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'mediumblob' })

export const vehicles = mysqlTable(
  'vehicles',
  {
    id: id(),
    plateNo: varchar('plate_no', { length: 12 }).notNull(),
    type: mysqlEnum('type', values(VehicleType.options)).notNull(),
    seats: smallint('seats').notNull(),
    energy: mysqlEnum('energy', values(VehicleEnergy.options)).notNull(),
    unitId: ref('unit_id').references(() => units.id),
    status: mysqlEnum('status', values(VehicleStatus.options)).notNull().default('active'),
    /** the highest odometer reading any trip has recorded: the next one may not be lower */
    lastOdometerKm: int('last_odometer_km').notNull().default(0),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('vehicles_plate_uq').on(t.plateNo)],
)

export const drivers = mysqlTable(
  'drivers',
  {
    id: id(),
    userId: ref('user_id').notNull().references(() => users.id),
    onDuty: boolean('on_duty').notNull().default(true),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('drivers_user_uq').on(t.userId)],
)

export const vehicleRequests = mysqlTable(
  'vehicle_requests',
  {
    id: id(),
    status: mysqlEnum('status', values(VehicleRequestStatus.options)).notNull(),
    requesterUserId: ref('requester_user_id').notNull().references(() => users.id),
    /** the requester's unit when asked: its approvers decide, it is charged back */
    unitId: ref('unit_id').references(() => units.id),
    purpose: varchar('purpose', { length: 200 }).notNull(),
    origin: varchar('origin', { length: 100 }).notNull(),
    destination: varchar('destination', { length: 100 }).notNull(),
    startAt: ts('start_at').notNull(),
    endAt: ts('end_at').notNull(),
    passengers: smallint('passengers').notNull(),
    vehicleType: mysqlEnum('vehicle_type', values(VehicleType.options)),
    note: varchar('note', { length: 200 }),
    decidedByUserId: ref('decided_by_user_id').references(() => users.id),
    decidedAt: ts('decided_at'),
    rejectReason: varchar('reject_reason', { length: 100 }),
    vehicleId: ref('vehicle_id').references(() => vehicles.id),
    driverId: ref('driver_id').references(() => drivers.id),
    dispatchedAt: ts('dispatched_at'),
    dispatchedByUserId: ref('dispatched_by_user_id').references(() => users.id),
    cancelledAt: ts('cancelled_at'),
    ratingStars: tinyint('rating_stars'),
    ratingComment: varchar('rating_comment', { length: 200 }),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [
    index('vehicle_requests_requester_idx').on(t.requesterUserId, t.id),
    index('vehicle_requests_unit_status_idx').on(t.unitId, t.status, t.id),
    index('vehicle_requests_status_start_idx').on(t.status, t.startAt),
    // overlap checks look up a car's / a driver's commitments by time
    index('vehicle_requests_vehicle_window_idx').on(t.vehicleId, t.startAt, t.endAt),
    index('vehicle_requests_driver_window_idx').on(t.driverId, t.startAt, t.endAt),
    // the public car scan: a car's dispatched request whose window holds now, without reading its history
    index('vehicle_requests_vehicle_status_start_idx').on(t.vehicleId, t.status, t.startAt),
  ],
)

/** 修改留痕: every change to a request or its trip (who, when, which fields old → new, why). */
export const vehicleRequestHistory = mysqlTable(
  'vehicle_request_history',
  {
    id: id(),
    requestId: ref('request_id').notNull().references(() => vehicleRequests.id),
    byUserId: ref('by_user_id').notNull().references(() => users.id),
    action: varchar('action', { length: 32 }).notNull(),
    changes: json('changes').$type<{ field: string; from: string | null; to: string | null }[]>().notNull(),
    reason: varchar('reason', { length: 100 }),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('vehicle_request_history_request_idx').on(t.requestId, t.id)],
)

export const vehicleTrips = mysqlTable(
  'vehicle_trips',
  {
    id: id(),
    requestId: ref('request_id').notNull().references(() => vehicleRequests.id),
    vehicleId: ref('vehicle_id').notNull().references(() => vehicles.id),
    driverId: ref('driver_id').notNull().references(() => drivers.id),
    /** = vehicle_id while the trip runs, NULL once finished: the unique index allows one running trip per car */
    runningVehicleId: ref('running_vehicle_id'),
    status: mysqlEnum('status', ['in_progress', 'finished']).notNull(),
    startedAt: ts('started_at').notNull(),
    startOdometerKm: int('start_odometer_km').notNull(),
    finishedAt: ts('finished_at'),
    endOdometerKm: int('end_odometer_km'),
    tollFen: int('toll_fen').notNull().default(0),
    parkingFen: int('parking_fen').notNull().default(0),
    fuelFen: int('fuel_fen').notNull().default(0),
    energyKwh: decimal('energy_kwh', { precision: 9, scale: 2, mode: 'number' }),
    fuelLitres: decimal('fuel_litres', { precision: 9, scale: 2, mode: 'number' }),
    /** charged back to the requesting unit (distance × rate at finish + actual costs) */
    chargeFen: int('charge_fen'),
  },
  (t) => [
    uniqueIndex('vehicle_trips_request_uq').on(t.requestId),
    uniqueIndex('vehicle_trips_running_vehicle_uq').on(t.runningVehicleId),
    index('vehicle_trips_vehicle_idx').on(t.vehicleId, t.startedAt),
    index('vehicle_trips_driver_idx').on(t.driverId, t.startedAt),
    index('vehicle_trips_finished_idx').on(t.finishedAt),
  ],
)

/** Scans of a car's code by signed-in users who are not its dispatched driver (who, when, which car). */
export const vehicleScans = mysqlTable(
  'vehicle_scans',
  {
    id: id(),
    vehicleId: ref('vehicle_id').notNull().references(() => vehicles.id),
    userId: ref('user_id').notNull().references(() => users.id),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('vehicle_scans_vehicle_idx').on(t.vehicleId, t.createdAt)],
)

/** 公车私用 reports from the public scan. */
export const vehicleReports = mysqlTable(
  'vehicle_reports',
  {
    id: id(),
    vehicleId: ref('vehicle_id').notNull().references(() => vehicles.id),
    text: varchar('text', { length: 500 }).notNull(),
    photo: mediumBlob('photo'),
    photoType: varchar('photo_type', { length: 16 }),
    lat: decimal('lat', { precision: 9, scale: 6, mode: 'number' }),
    lng: decimal('lng', { precision: 9, scale: 6, mode: 'number' }),
    /** the car's task at the moment of the report */
    taskAtReport: json('task_at_report').$type<{ onTask: boolean; requestId: number | null; startAt: string | null; endAt: string | null; destination: string | null; requestingUnit: string | null }>().notNull(),
    status: mysqlEnum('status', ['open', 'resolved']).notNull().default('open'),
    resolvedByUserId: ref('resolved_by_user_id').references(() => users.id),
    resolutionNote: varchar('resolution_note', { length: 200 }),
    resolvedAt: ts('resolved_at'),
    createdAt: ts('created_at').notNull().default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('vehicle_reports_status_idx').on(t.status, t.id), index('vehicle_reports_vehicle_idx').on(t.vehicleId)],
)
