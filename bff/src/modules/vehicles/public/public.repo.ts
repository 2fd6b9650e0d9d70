import type { VehicleType } from '@egj/shared'
import type { DbOrTx } from '../../../db/client'
import { preparedRows } from '../../../db/prepared'
import { vehicleReports } from '../../../db/schema'

/**
 * The car as the public scan shows it and its official task right now, in one statement: the
 * trip running on it (one row by the running-trip unique index), else the dispatched request
 * whose window contains now (the car/status/start index). Prepared; the bench's raw side runs
 * this very text. Parameters: now, now, car id.
 */
export const PUBLIC_VEHICLE_SQL = `SELECT v.id, v.plate_no AS plateNo, v.type, vu.name AS unitName,
  r.id AS requestId, r.start_at AS startAt, r.end_at AS endAt, r.destination, ru.name AS requestingUnit
FROM vehicles v
LEFT JOIN units vu ON vu.id = v.unit_id
LEFT JOIN vehicle_requests r ON r.id = COALESCE(
  (SELECT t.request_id FROM vehicle_trips t WHERE t.running_vehicle_id = v.id),
  (SELECT d.id FROM vehicle_requests d WHERE d.vehicle_id = v.id AND d.status = 'dispatched' AND d.start_at <= ? AND d.end_at > ? ORDER BY d.start_at LIMIT 1))
LEFT JOIN units ru ON ru.id = r.unit_id
WHERE v.id = ?`

export interface PublicVehicleRow {
  id: number
  plateNo: string
  type: VehicleType
  unitName: string | null
}
export interface CurrentTask {
  requestId: number
  startAt: Date
  endAt: Date
  destination: string
  requestingUnit: string | null
}

export type PublicVehicleSqlRow = PublicVehicleRow & { [K in keyof CurrentTask]: CurrentTask[K] | null }

/** A row of PUBLIC_VEHICLE_SQL as the car and its task (null when it has none now). */
export function carAndTask(row: PublicVehicleSqlRow): { car: PublicVehicleRow; task: CurrentTask | null } {
  const { requestId, startAt, endAt, destination, requestingUnit, ...car } = row
  return { car, task: requestId === null ? null : { requestId, startAt: startAt!, endAt: endAt!, destination: destination!, requestingUnit } }
}

export async function findPublicVehicle(db: DbOrTx, id: number, now: Date) {
  const [row] = await preparedRows<PublicVehicleSqlRow>(db, PUBLIC_VEHICLE_SQL, [now, now, id])
  return row ? carAndTask(row) : null
}

export async function insertReport(
  db: DbOrTx,
  report: { vehicleId: number; text: string; photo: Buffer | null; photoType: string | null; lat: number | null; lng: number | null; taskAtReport: typeof vehicleReports.$inferInsert.taskAtReport },
): Promise<number> {
  const [result] = await db.insert(vehicleReports).values(report)
  return result.insertId
}
