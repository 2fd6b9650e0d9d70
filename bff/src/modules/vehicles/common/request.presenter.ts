import type { DriverBrief, Trip, VehicleBrief, VehicleRequest } from '@egj/shared'
import type { z } from 'zod'
import type { HistoryRow } from './history.repo'
import type { RequestRow } from './request-row.repo'

type TripRecord = NonNullable<RequestRow['trip']>
type Vehicle = z.infer<typeof VehicleBrief>
type Driver = z.infer<typeof DriverBrief>

const iso = (at: Date | null) => (at ? at.toISOString() : null)

/** A trip row as the shared Trip shape (its car and driver given as briefs). */
export function presentTrip(trip: TripRecord, vehicle: Vehicle, driver: Driver): Trip {
  return {
    id: trip.id,
    requestId: trip.requestId,
    vehicle,
    driver,
    status: trip.status,
    startedAt: trip.startedAt.toISOString(),
    startOdometerKm: trip.startOdometerKm,
    finishedAt: iso(trip.finishedAt),
    endOdometerKm: trip.endOdometerKm,
    distanceKm: trip.endOdometerKm === null ? null : trip.endOdometerKm - trip.startOdometerKm,
    tollFen: trip.tollFen,
    parkingFen: trip.parkingFen,
    fuelFen: trip.fuelFen,
    energyKwh: trip.energyKwh === null ? null : Number(trip.energyKwh),
    fuelLitres: trip.fuelLitres === null ? null : Number(trip.fuelLitres),
    chargeFen: trip.chargeFen,
  }
}

export function presentHistory(rows: HistoryRow[]): VehicleRequest['history'] {
  return rows.map((h) => ({ at: h.createdAt.toISOString(), by: h.byName, action: h.action, changes: h.changes, reason: h.reason }))
}

/** A request row → the API shape; `history` and `can` come from the caller (see request-view.ts). */
export function presentRequest(row: RequestRow, history: HistoryRow[], can: VehicleRequest['can']): VehicleRequest {
  const r = row.request
  // a left join yields an object of nulls when nothing matched
  const vehicle = row.vehicle?.id ? row.vehicle : null
  const driver = row.driver?.id ? { id: row.driver.id, userId: row.driver.userId!, name: row.driver.name ?? '' } : null
  return {
    id: r.id,
    status: r.status,
    purpose: r.purpose,
    origin: r.origin,
    destination: r.destination,
    startAt: r.startAt.toISOString(),
    endAt: r.endAt.toISOString(),
    passengers: r.passengers,
    vehicleType: r.vehicleType,
    note: r.note,
    requester: { id: r.requesterUserId, name: row.requesterName, unitName: row.unitName },
    decidedBy: row.decidedByName,
    decidedAt: iso(r.decidedAt),
    rejectReason: r.rejectReason,
    vehicle,
    driver,
    dispatchedAt: iso(r.dispatchedAt),
    // the trip's car and driver are the request's: reassigning is only allowed before the trip starts
    trip: row.trip && vehicle && driver ? presentTrip(row.trip, vehicle, driver) : null,
    rating: r.ratingStars === null ? null : { stars: r.ratingStars, comment: r.ratingComment },
    history: presentHistory(history),
    createdAt: r.createdAt.toISOString(),
    can,
  }
}
