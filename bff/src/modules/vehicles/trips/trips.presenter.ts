import type { VehicleScanned as VehicleScannedSchema } from '@egj/shared'
import type { z } from 'zod'
import type { VehicleWithUnit } from './trips.repo'

export type VehicleScanned = z.infer<typeof VehicleScannedSchema>

/** The car as a scan shows it, with the driver's task (or none) and whether it may start. */
export function presentScannedVehicle(car: VehicleWithUnit, rest: Omit<VehicleScanned, 'vehicle'>): VehicleScanned {
  const v = car.vehicle
  return {
    vehicle: { id: v.id, plateNo: v.plateNo, type: v.type, seats: v.seats, unitName: car.unitName, status: v.status, energy: v.energy, lastOdometerKm: v.lastOdometerKm },
    ...rest,
  }
}
