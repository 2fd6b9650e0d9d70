import type { RoomCheckedIn, RoomDoor } from '@egj/shared'
import { shanghaiDate, shanghaiDayStart } from '@egj/shared'
import type { Db } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError, notFound } from '../../../lib/errors'
import type { QrSigner } from '../../../lib/qr'
import { canView, checkInOpen } from '../common/booking.policy'
import { presentBooking } from '../common/booking.presenter'
import { bookingRows, bookingRowsStarting } from '../common/booking-rows.repo'
import { findRoom } from '../common/room.repo'
import { DAY_MS } from '../common/rules'
import { presentDoor } from './door.presenter'
import * as repo from './door.repo'

export interface RoomDoorServiceDeps {
  db: Db
  qr: QrSigner
  now?: () => Date
}

/** The room's door code (`/q/r/<token>`): its day, now / next, and check-in. */
export class RoomDoorService {
  private readonly now: () => Date
  constructor(private readonly deps: RoomDoorServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  /** The room a scanned door code names; a forged code is QR_FORGED. */
  private async roomOf(code: string) {
    const parsed = this.deps.qr.verify(code, 'r')
    const room = await findRoom(this.deps.db, Number(parsed.payload[0]))
    if (!room) throw notFound('会议室')
    return room
  }

  /** A room for another module (报修: the place a door code names), or null. */
  async roomPlace(roomId: number): Promise<{ id: number; name: string; building: string; floor: string; active: boolean } | null> {
    const room = await findRoom(this.deps.db, roomId)
    return room ? { id: room.id, name: room.name, building: room.building, floor: room.floor, active: room.status === 'active' } : null
  }

  private async today(roomId: number, now: Date) {
    const dayStart = shanghaiDayStart(shanghaiDate(now))
    return bookingRowsStarting(this.deps.db, dayStart, new Date(dayStart.getTime() + DAY_MS), { roomId, statuses: ['pending_approval', 'confirmed', 'ended'] })
  }

  async door(user: AuthUser, code: string): Promise<RoomDoor> {
    const now = this.now()
    const room = await this.roomOf(code)
    const rows = await this.today(room.id, now)
    const live = rows.filter((row) => row.booking.status !== 'ended')
    const current = live.find((row) => row.booking.startAt <= now && now < row.booking.endAt) ?? null
    const next = live.find((row) => row.booking.startAt > now) ?? null
    const mine = rows.find((row) => row.booking.organiserUserId === user.id && row.booking.status === 'confirmed' && !row.booking.checkedInAt && checkInOpen(row.booking, now))
    // people at the door see what is on; only those who may read a booking see its services (names)
    const show = (row: (typeof rows)[number] | null) => {
      if (!row) return null
      const booking = presentBooking(row, [], user, now)
      return canView(user, row.booking) ? booking : { ...booking, services: {} }
    }
    return presentDoor(room, rows, show(current), show(next), mine?.booking.id ?? null)
  }

  /**
   * Check-in by the organiser, from 10 minutes before the start to 15 after, once: a second scan
   * answers the first check-in's time.
   */
  async checkIn(user: AuthUser, code: string): Promise<RoomCheckedIn> {
    const now = this.now()
    const room = await this.roomOf(code)
    const rows = (await this.today(room.id, now)).filter((row) => row.booking.organiserUserId === user.id && row.booking.status === 'confirmed')
    const open = rows.find((row) => checkInOpen(row.booking, now))
    if (!open) {
      if (rows.some((row) => !row.booking.checkedInAt)) throw new AppError('ROOM_CHECK_IN_CLOSED')
      throw new AppError('ROOM_NO_BOOKING_TO_CHECK_IN')
    }
    await repo.markCheckedIn(this.deps.db, open.booking.id, now)
    const [row] = await bookingRows(this.deps.db, { ids: [open.booking.id] })
    const booking = presentBooking(row, [], user, now)
    return { booking, checkedInAt: booking.checkedInAt ?? now.toISOString() }
  }
}
