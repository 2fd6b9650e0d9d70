import type { RoomBooking, RoomDoor } from '@egj/shared'
import type { BookingRow } from '../common/booking-rows.repo'
import type { RoomRow } from '../common/room.repo'
import { presentBusy, roomFields } from '../common/room.presenter'

/** The door page: the room, now / next, and the day's meetings by title. */
export function presentDoor(room: RoomRow, rows: BookingRow[], now: RoomBooking | null, next: RoomBooking | null, checkInFor: number | null): RoomDoor {
  return {
    room: roomFields(room),
    now,
    next,
    day: rows.map((row) => ({ ...presentBusy(row.booking), title: row.booking.title })).filter((slot) => slot.startAt < slot.endAt),
    checkInFor,
  }
}
