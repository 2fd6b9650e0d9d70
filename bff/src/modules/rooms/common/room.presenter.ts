import type { RoomBookingStatus } from '@egj/shared'
import { ceilToGrid } from './rules'
import type { RoomShown } from './room.repo'

/** The fields every room shape shares (day view, door page, admin). */
export function roomFields(room: RoomShown) {
  return {
    id: room.id,
    name: room.name,
    building: room.building,
    floor: room.floor,
    capacity: room.capacity,
    equipment: room.equipment ?? [],
    requiresApproval: room.requiresApproval,
    openFromMinute: room.openFromMinute,
    openToMinute: room.openToMinute,
    horizonDays: room.horizonDays,
    photos: room.photos ?? [],
  }
}

/** What a booking occupies(-ied): an ended meeting only up to where it ended (on the grid). */
export function effectiveEnd(b: { endAt: Date; endedAt: Date | null; status: RoomBookingStatus }): Date {
  if (b.status !== 'ended' || !b.endedAt) return b.endAt
  const ended = ceilToGrid(b.endedAt)
  return ended < b.endAt ? ended : b.endAt
}

export function presentBusy(row: { startAt: Date; endAt: Date; endedAt: Date | null; status: RoomBookingStatus }) {
  return { startAt: row.startAt.toISOString(), endAt: effectiveEnd(row).toISOString(), status: row.status }
}
